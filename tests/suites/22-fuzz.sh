#!/usr/bin/env bash
# Every libFuzzer target for a bounded time (LK_FUZZ_SECONDS each, default 20) from its seed
# corpus. A crash, leak or timeout fails the target. Longer runs: LK_FUZZ_SECONDS=600.
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
secs="${LK_FUZZ_SECONDS:-20}"
CC=clang native_build "$top/build/fuzz" -DCMAKE_BUILD_TYPE=Debug -DLK_FUZZ=ON || { echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
for f in "$top"/build/fuzz/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name="$(basename "$f")"; parser="${name#fuzz_}"
  seeds="$top/tests/fuzz/corpus/$parser"; work="$top/tests/fuzz/runs/$parser"
  mkdir -p "$work" "$seeds"
  if "$f" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 -artifact_prefix="$work/" "$work" "$seeds" >"$work.log" 2>&1; then
    pass=$((pass + 1)); echo "fuzz $parser: $(grep -Eo '#[0-9]+ +DONE.*' "$work.log" | tail -n 1)"
  else
    fail=$((fail + 1)); echo "FAILED fuzz $parser:"; tail -n 30 "$work.log"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
