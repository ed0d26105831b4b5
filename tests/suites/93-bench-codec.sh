#!/usr/bin/env bash
# Opt-in benchmark of the managed protobuf codec (firmware/LiveKit/Protocol) beside Google.Protobuf:
# encode/decode of a realistic JoinResponse and of a DataPacket with a 1 KB payload, ns/op and bytes
# allocated per op, with ratios. Timing never fails the suite; the sanity checks (both codecs agree on
# the bytes, the .proto is current) do. LK_BENCH_SECONDS sets the measuring time per case (default 1).
source "$(dirname "$0")/lib.sh"
cd "$top"
proto=tests/bench/managed-codec/livekit_subset.proto
fresh="$(node tests/interop/protocol/gen-proto.js)"
if [ "$fresh" = "$(cat "$proto")" ]; then pp=1; pf=0; else
  echo "FAILED $proto is out of date: regenerate with node tests/interop/protocol/gen-proto.js > $proto"; pp=0; pf=1
fi
dotnet_build tests/bench/managed-codec/ManagedCodecBench.csproj || { echo "$pp passed, $((pf + 1)) failed"; exit 1; }
out="$(dotnet tests/bench/managed-codec/bin/Release/net10.0/ManagedCodecBench.dll "${LK_BENCH_SECONDS:-1}" 2>&1)"; rc=$?
echo "$out" | sed '$d'
line="$(tail -n 1 <<<"$out")"
p=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$line"); f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
p=$((${p:-0} + pp)); f=$((${f:-1} + pf))
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
