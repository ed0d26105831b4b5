#!/usr/bin/env bash
# Suite 30: the local LiveKit-compatible server (tests/server) and its proof with the official
# client. Every test runs inside a network namespace made by tests/server/netns.sh, so all traffic
# stays on 127.0.0.1 / 127.0.0.2. Ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$top/tests"

if [ ! -d node_modules/@livekit/rtc-node ] || [ ! -d node_modules/@roamhq/wrtc ]; then
  echo "30-server: node packages missing (run: cd tests && npm ci)"
  echo "0 passed, 1 failed"
  exit 1
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Bounded: the whole suite normally takes well under a minute.
timeout -k 10 300 server/netns.sh node --test --test-force-exit --test-concurrency=1 --test-reporter=tap \
  server/test/ >"$out/tap" 2>"$out/stderr"
rc=$?

pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$out/tap" | tail -n 1)
fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$out/tap" | tail -n 1)
# Figures the tests print (connect times, RPC round trips, measured audio frequency).
sed -nE 's/^# \\# (.*)$/  figure: \1/p' "$out/tap"
# Print each failed test with its reason (the TAP YAML block that follows it).
awk '/^not ok /{p=1; print; next} p && /^  \.\.\.$/{p=0; next} p && /^  (error|location|expected|actual|failureType):/{print}' "$out/tap"
if [ -z "$pass" ] || [ -z "$fail" ]; then
  echo "30-server: the test runner produced no summary (exit $rc)"
  tail -n 30 "$out/tap" "$out/stderr"
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
  echo "30-server: the test runner exited $rc"
  tail -n 30 "$out/stderr"
  fail=1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
