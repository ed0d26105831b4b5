#!/usr/bin/env bash
# Benchmark (opt-in, not part of the test command): SRTP protect/unprotect beside libsrtp2 in the
# same run, DTLS handshake time per role, and - when valgrind is installed - the instructions each
# DTLS role spends in one in-memory handshake (callgrind; the certificates are made outside the
# counted functions). Figures only: a benchmark that ran counts as passed, one that could not run
# as failed. LK_BENCH_SCALE=N runs N times more iterations.
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
dir="$top/build/bench-dtls-srtp"
native_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
bin="$dir/bench/bench_dtls_srtp"
pass=0; fail=0

if timeout 300 "$bin"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAILED bench_dtls_srtp (timing run)"
fi

# Inclusive instructions of a function in $ann: the first "N (p%)  file:function[.clone suffix] [binary]" line.
count() { echo "$ann" | grep -E "^ *[0-9,]+ .*:$1[.a-z0-9]* \[" | head -n 1 | awk '{gsub(",", "", $1); print $1}'; }

if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
  out="$dir/callgrind.one-handshake.out"
  if timeout 120 valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" --one-handshake >"$dir/callgrind.log" 2>&1; then
    ann="$(callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null)"
    c_create="$(count bench_client_create)"; c_step="$(count bench_client_step)"
    s_create="$(count bench_server_create)"; s_step="$(count bench_server_step)"
    cert="$(count lk_dtls_cert_create)"
    if [ -n "$c_step" ] && [ -n "$s_step" ]; then
      echo "callgrind, one DTLS handshake (instructions, create + all input/output of the role):"
      echo "  client: $(( ${c_create:-0} + c_step ))"
      echo "  server: $(( ${s_create:-0} + s_step ))"
      echo "  certificate generation (each of 2): $(( ${cert:-0} / 2 ))"
      pass=$((pass + 1))
    else
      fail=$((fail + 1)); echo "FAILED callgrind: role functions not found in the profile"
    fi
  else
    fail=$((fail + 1)); echo "FAILED callgrind run:"; tail -n 20 "$dir/callgrind.log"
  fi
  for payload in 160 1200; do
    out="$dir/callgrind.srtp-$payload.out"
    if timeout 120 valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" --srtp-count "$payload" >"$dir/callgrind-srtp.log" 2>&1; then
      ann="$(callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null)"
      per() { local v; v="$(count "$1")"; echo $(( ${v:-0} / 512 )); }
      op="$(per count_ours_protect)"; rp="$(per count_ref_protect)"
      ou="$(per count_ours_unprotect)"; ru="$(per count_ref_unprotect)"
      if [ "$op" -gt 0 ] && [ "$rp" -gt 0 ]; then
        echo "callgrind, SRTP $payload B payload, instructions/packet: protect ours $op libsrtp2 $rp, unprotect ours $ou libsrtp2 $ru"
        pass=$((pass + 1))
      else
        fail=$((fail + 1)); echo "FAILED callgrind SRTP $payload: functions not found in the profile"
      fi
    else
      fail=$((fail + 1)); echo "FAILED callgrind SRTP $payload run:"; tail -n 20 "$dir/callgrind-srtp.log"
    fi
  done
else
  echo "valgrind not installed: no instruction counts"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
