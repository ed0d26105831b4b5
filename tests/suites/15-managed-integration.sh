#!/usr/bin/env bash
# Host-only managed integration tests (tests/managed/HostTests): real WebSockets against the local
# LiveKit-compatible server, the official client as the other participant, the native library.
source "$(dirname "$0")/lib.sh"
cd "$top"
dotnet_build tests/managed/IntegrationRunner/LiveKit.IntegrationTests.csproj || { echo "0 passed, 1 failed"; exit 1; }
managed_run tests/managed/IntegrationRunner/bin/Release/net10.0/LiveKit.IntegrationTests.dll "$@"
