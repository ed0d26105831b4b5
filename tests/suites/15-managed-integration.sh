#!/usr/bin/env bash
# Host-only managed integration tests (tests/managed/HostTests): real WebSockets against the local
# LiveKit-compatible server, the official client as the other participant, the native library
# (built here first: build/native/liblk_rtc.so).
source "$(dirname "$0")/lib.sh"
cd "$top"
mkdir -p build
native_build "$top/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
dotnet_build tests/managed/IntegrationRunner/LiveKit.IntegrationTests.csproj || { echo "0 passed, 1 failed"; exit 1; }
managed_run tests/managed/IntegrationRunner/bin/Release/net10.0/LiveKit.IntegrationTests.dll "$@"
