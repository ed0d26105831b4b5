#!/usr/bin/env bash
# Host-only managed integration tests (tests/managed/HostTests): real WebSockets against the local
# LiveKit-compatible server, the official client as the other participant, the native library
# (built here first: build/native/liblk_rtc.so). Everything is built first; the tests then run
# inside the test network namespace (tests/server/netns.sh: loopback only, plus 127.0.0.2 for the
# official client), so no packet can leave the machine.
source "$(dirname "$0")/lib.sh"
cd "$top"
mkdir -p build
native_build "$top/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
dotnet_build tests/managed/IntegrationRunner/LiveKit.IntegrationTests.csproj || { echo "0 passed, 1 failed"; exit 1; }
managed_run_netns() {
  local out rc line
  out="$(bash tests/server/netns.sh dotnet "$@" 2>&1)"; rc=$?
  grep -v '^Test passed,' <<<"$out"
  line="$(tail -n 1 <<<"$out")"
  if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then echo "0 passed, 1 failed"; return 1; fi
  [ "$rc" -eq 0 ]
}
managed_run_netns tests/managed/IntegrationRunner/bin/Release/net10.0/LiveKit.IntegrationTests.dll "$@"
