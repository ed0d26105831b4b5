#!/usr/bin/env bash
# SCTP / data-channel benchmark (opt-in): ours in memory, ours over ICE+DTLS+SCTP on 127.0.0.1,
# libdatachannel to libdatachannel in the same run (ratio), and the memory of one association.
# Prints figures; fails only when a phase moved no verified data. LK_BENCH_SECONDS (default 3)
# sets the length of each phase.
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
native_build "$top/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
out="$top/build/native/bench_sctp.out"
"$top/build/native/bench/bench_sctp" | tee "$out"
rc=${PIPESTATUS[0]}
grep -q -E '^[0-9]+ passed, [0-9]+ failed$' "$out" || { echo "0 passed, 1 failed"; exit 1; }
exit "$rc"
