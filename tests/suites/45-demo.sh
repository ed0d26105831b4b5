#!/usr/bin/env bash
# Suite 45: the README's demo end to end (tools/demo.sh, firmware/samples/HostDemo).
#  1. the offline demo (local server + official client "agent" + the C# Room over the native transport,
#     in the test network namespace) exits 0 within its bound and prints every phase: connect phases,
#     participants, data both ways, RPC both ways, text streams both ways, leave, teardown with both
#     child processes exited 0;
#  2. the real-server mode (--url --api-key --api-secret --room, the token signed in C#) joins the local
#     server run by this suite in the namespace, stays --seconds 2 and leaves with exit code 0; with
#     --url --token and no --seconds it stays until SIGTERM, then leaves (ClientInitiated) with exit code 0;
#  3. bad arguments exit 2 with a usage message.
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$top"
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
mkdir -p out/logs

# 1. the offline demo
log=out/logs/demo-suite.log
LK_DEMO_TIMEOUT=240 timeout -k 10 300 bash tools/demo.sh >"$log" 2>&1; rc=$?
if [ "$rc" -eq 0 ]; then pass; else fail "tools/demo.sh exited $rc (output in $log):"; tail -n 30 "$log"; fi
for phase in \
  'connect: signal WebSocket open +\+' \
  'connect: signal join \(JoinResponse received\) +\+' \
  'connect: peer connection created +\+' \
  'connect: DTLS connected +\+' \
  'connect: channel _reliable open +\+' \
  'connect: channel _lossy open +\+' \
  'connect: peer connection connected +\+' \
  'connect: Room.Connect returned \(Connected\) +\+' \
  'participants: room demo .*remote: agent ' \
  'data device -> agent: .*"hello agent, from the device" delivered in' \
  'data agent -> device: .*"hello device, from the agent" delivered in' \
  'rpc device -> agent: upper\("hello from the device"\) = "HELLO FROM THE DEVICE" round trip' \
  'rpc agent -> device: ping\("are you there\?"\) = "pong to agent: are you there\?" round trip' \
  'text stream device -> agent: 5 parts, .* complete in' \
  'text stream agent -> device: 4 parts, .* complete in' \
  'leave: Room.Disconnect returned in .*the agent saw the device leave' \
  'teardown: room disposed in .*official client exited 0, server exited 0' \
  'demo finished: 9 steps passed, 0 failed'; do
  if grep -qE "$phase" "$log"; then pass; else fail "the demo output lacks /$phase/ (see $log)"; fi
done
if grep -qE 'FAILED|library error' "$log"; then fail "the demo printed a failure: $(grep -E 'FAILED|library error' "$log" | head -n 3)"; else pass; fi

# 2. the real-server mode against the local server (the same namespace for both)
app=firmware/samples/HostDemo/bin/Release/net10.0/HostDemo.dll
rlog=out/logs/demo-suite-url.log
LK_REPO_ROOT="$top" timeout -k 10 120 bash tests/server/netns.sh bash -c '
  set -u
  slog="$(mktemp)"
  node tests/server/cli.js --port 0 --no-stdin >"$slog" 2>/dev/null &
  spid=$!
  info=""
  for _ in $(seq 300); do info="$(head -n 1 "$slog")"; [ -n "$info" ] && break; sleep 0.1; done
  [ -n "$info" ] || { echo "server did not start"; kill "$spid"; exit 1; }
  field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$info"; }
  rc=0
  dotnet "'"$app"'" --url "$(field url)" --api-key "$(field apiKey)" --api-secret "$(field apiSecret)" --room signed --identity dev-signed --seconds 2 || rc=$?
  echo "seconds-run rc=$rc"
  # without --seconds it stays until SIGTERM (or Ctrl+C), then leaves cleanly
  dlog="$(mktemp)"
  dotnet "'"$app"'" --url "$(field url)" --token "$(node tests/server/token.js --identity dev-token --room signed)" >"$dlog" 2>&1 &
  dpid=$!
  for _ in $(seq 600); do grep -q "Ctrl+C (or SIGTERM) leaves" "$dlog" && break; sleep 0.1; done
  kill -TERM "$dpid"; trc=0; wait "$dpid" || trc=$?
  cat "$dlog"; rm -f "$dlog"
  echo "sigterm-run rc=$trc"
  kill "$spid"; wait "$spid" 2>/dev/null; rm -f "$slog"
  [ "$rc" -eq 0 ] && [ "$trc" -eq 0 ]' >"$rlog" 2>&1; rc=$?
if [ "$rc" -eq 0 ] && grep -q 'joined room signed (RM_.*) as dev-signed' "$rlog" && grep -q 'seconds-run rc=0' "$rlog"; then
  pass
else
  fail "--url with --api-key/--api-secret against the local server: rc=$rc (output in $rlog):"; tail -n 20 "$rlog"
fi
if grep -q 'joined room signed (RM_.*) as dev-token' "$rlog" && grep -q 'sigterm-run rc=0' "$rlog" \
   && [ "$(grep -c 'teardown: room disposed' "$rlog")" = 2 ] && grep -q 'disconnected (reason ClientInitiated' "$rlog"; then
  pass
else
  fail "--url --token until SIGTERM: (output in $rlog):"; tail -n 20 "$rlog"
fi

# 3. bad arguments
out="$(timeout 60 dotnet "$app" --url ws://127.0.0.1:9 2>&1)"; rc=$?
if [ "$rc" -eq 2 ] && grep -q 'usage:' <<<"$out"; then pass; else fail "--url without a token: rc=$rc: $out"; fi
out="$(timeout 60 dotnet "$app" --frobnicate 2>&1)"; rc=$?
if [ "$rc" -eq 2 ] && grep -q 'unknown argument --frobnicate' <<<"$out"; then pass; else fail "an unknown argument: rc=$rc: $out"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
