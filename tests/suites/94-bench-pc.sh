#!/usr/bin/env bash
# Benchmark (opt-in, not part of the test command): the peer connection - create_offer to
# connected between two of ours, the heap of one peer connection (counting allocator) against a
# libwebrtc peer, and data-channel throughput ours to ours. Figures only: a run that completed
# counts as passed, one that could not run as failed. LK_BENCH_PC_RUNS / LK_BENCH_PC_SECONDS
# scale it.
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
dir="$top/build/bench-pc"
native_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
out="$dir/bench_pc.out"
if timeout 300 "$dir/bench/bench_pc" | tee "$out" && grep -q "connect (ours" "$out" && ! grep -q "INCOMPLETE\|no connection\|no run connected" "$out"; then
  echo "1 passed, 0 failed"
else
  echo "FAILED bench_pc"; echo "0 passed, 1 failed"; exit 1
fi
