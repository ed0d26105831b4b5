#!/usr/bin/env bash
# Opt-in benchmark: join time on loopback (Connect to Connected with channels open) of the C# Room over the
# native transport beside the official LiveKit client (@livekit/rtc-node room.connect) against the same local
# server in the same run (p50/p99 and the ratio, with the phases of our join), and RPC round trips both ways
# (p50/p99). Runs inside the test network namespace. Prints figures; fails only when a join, a call or the
# teardown fails, never on timing. LK_BENCH_JOINS (default 20) and LK_BENCH_RPC_CALLS (default 200) set the
# counts. Figures are kept in docs/benchmarks.md.
source "$(dirname "$0")/lib.sh"
cd "$top"
mkdir -p build
native_build "$top/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
dotnet_build tests/bench/managed-join/ManagedJoinBench.csproj || { echo "0 passed, 1 failed"; exit 1; }
out="$(LK_REPO_ROOT="$top" timeout -k 10 900 bash tests/server/netns.sh dotnet tests/bench/managed-join/bin/Release/net10.0/ManagedJoinBench.dll \
  "${LK_BENCH_JOINS:-20}" "${LK_BENCH_RPC_CALLS:-200}" 2>&1)"; rc=$?
echo "$out" | sed '$d'
line="$(tail -n 1 <<<"$out")"
if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then echo "$line"; echo "0 passed, 1 failed"; exit 1; fi
echo "$line"
[ "$rc" -eq 0 ]
