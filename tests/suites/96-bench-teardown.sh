#!/usr/bin/env bash
# Opt-in benchmark of the C# engine's teardown: Room.Dispose latency p50/p99/max over the stress
# cycles (connect, then the server drops the connection while Dispose races with the engine;
# Dispose inside a handler; Dispose while connecting), against the in-process signaling server
# and the local server, beside the 100 ms that the ESP32 SDK's old teardown slept. Timing never
# fails the suite; the sanity checks (no escaped exception, no teardown timeout, nothing left
# alive) do. LK_BENCH_TEARDOWN_CYCLES (default 1000) and LK_BENCH_TEARDOWN_REAL_CYCLES (default
# 1000, 0 skips the local server) set the counts.
source "$(dirname "$0")/lib.sh"
cd "$top"
dotnet_build tests/bench/managed-teardown/ManagedTeardownBench.csproj || { echo "0 passed, 1 failed"; exit 1; }
out="$(timeout 600 dotnet tests/bench/managed-teardown/bin/Release/net10.0/ManagedTeardownBench.dll \
  "${LK_BENCH_TEARDOWN_CYCLES:-1000}" "${LK_BENCH_TEARDOWN_REAL_CYCLES:-1000}" 2>&1)"; rc=$?
echo "$out" | sed '$d'
line="$(tail -n 1 <<<"$out")"
if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then echo "$line"; echo "0 passed, 1 failed"; exit 1; fi
echo "$line"
[ "$rc" -eq 0 ]
