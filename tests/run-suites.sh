#!/usr/bin/env bash
# Runs every test suite in tests/suites/ (or those named on the command line, by file-name
# substring), each in its own process, and sums their results into one closing line.
#
# A suite is an executable script tests/suites/NN-name.sh run from the repository root. It builds
# what it needs (incrementally), runs its tests, prints one line per failed test, and ends with
# the line `N passed, N failed` (optionally `, N skipped`). It exits non-zero when anything failed.
# A suite that dies without that line counts as one failure. Logs go to out/logs/<suite>.log.
# Suites numbered 9x are benchmarks: they run only with --bench (tests/run-benchmarks.sh).
# The closing line is also written to out/test-summary.txt.
set -uo pipefail
bench=0
if [ "${1:-}" = "--bench" ]; then bench=1; shift; fi
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"
mkdir -p out/logs
total_pass=0; total_fail=0; total_skip=0; summary=()
for suite in tests/suites/[0-9]*.sh; do
  name="$(basename "$suite" .sh)"
  case "$name" in 9*) [ "$bench" -eq 1 ] || continue;; *) [ "$bench" -eq 0 ] || continue;; esac
  if [ "$#" -gt 0 ]; then
    want=0; for f in "$@"; do case "$name" in *"$f"*) want=1;; esac; done
    [ "$want" -eq 1 ] || continue
  fi
  log="out/logs/$name.log"
  echo "=== suite $name"
  start=$(date +%s)
  bash "$suite" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  secs=$(( $(date +%s) - start ))
  line="$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    p=0; f=1; s=0
    echo "FAILED suite $name: exited $rc without a result line (see $log)"
  else
    p=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    s=0; grep -qE '[0-9]+ skipped' <<<"$line" && s=$(sed -E 's/.* ([0-9]+) skipped.*/\1/' <<<"$line")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
      f=1; echo "FAILED suite $name: exited $rc although it reported no failure"
    fi
  fi
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  summary+=("$(printf '%-28s %5d passed %4d failed %4d skipped %5ds' "$name" "$p" "$f" "$s" "$secs")")
done
echo
echo "=== summary"
for l in "${summary[@]}"; do echo "$l"; done
if [ "$total_skip" -gt 0 ]; then
  closing="$total_pass passed, $total_fail failed, $total_skip skipped"
else
  closing="$total_pass passed, $total_fail failed"
fi
echo "$closing"
echo "$closing" >out/test-summary.txt
[ "$total_fail" -eq 0 ]
