#!/usr/bin/env bash
# Managed unit tests: the device test sources (tests/managed/NFUnitTest) built against the host
# twin and run by the host runner; first a self-test proving the runner counts correctly.
source "$(dirname "$0")/lib.sh"
cd "$top"
dotnet_build tests/managed/RunnerSelfTest/RunnerSelfTest.csproj || { echo "0 passed, 1 failed"; exit 1; }
self="$(dotnet tests/managed/RunnerSelfTest/bin/Release/net10.0/RunnerSelfTest.dll 2>&1)"
if [ "$(tail -n 1 <<<"$self")" = "5 passed, 4 failed, 1 skipped" ] \
   && [ "$(grep -c '^FAILED ' <<<"$self")" -eq 4 ] \
   && head -n 1 <<<"$self" | grep -q "setup ran" && grep -q "cleanup ran" <<<"$self" \
   && grep -q "^FAILED KnownOutcomes.RowsAdd(2,2,5)" <<<"$self"; then
  echo "runner self-test: ok"; selfp=1; selff=0
else
  echo "FAILED runner self-test: the runner did not report the known outcomes:"; echo "$self"; selfp=0; selff=1
fi
dotnet_build tests/managed/HostRunner/NFUnitTest.csproj || { echo "$selfp passed, $((selff + 1)) failed"; exit 1; }
out="$(managed_run tests/managed/HostRunner/bin/Release/net10.0/NFUnitTest.dll "$@")"; rc=$?
echo "$out" | sed '$d'
line="$(tail -n 1 <<<"$out")"
p=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$line"); f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
s=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
p=$((p + selfp)); f=$((f + selff))
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "$p passed, $f failed${s:+, $s skipped}"
[ "$f" -eq 0 ]
