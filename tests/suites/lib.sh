# Helpers shared by the suite scripts (sourced, not run).
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jobs="$(nproc 2>/dev/null || echo 2)"

# native_build DIR [cmake args...]: configure once, then build incrementally.
native_build() {
  local dir="$1"; shift
  cmake -S "$top/native-interop" -B "$dir" "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1 || { tail -n 60 "$dir.build.log"; return 1; }
}

# ctest_counts DIR [ctest args...]: run CTest and print the closing line N passed, N failed.
ctest_counts() {
  local dir="$1"; shift
  local log="$dir/ctest.out"
  (cd "$dir" && ctest --output-on-failure "$@") >"$log" 2>&1
  local rc=$?
  grep -E '(Failed|\*\*\*)' "$log" | grep -vE '^\s*$' || true
  local total failed
  total=$(sed -nE 's/.*tests failed out of ([0-9]+).*/\1/p' "$log" | tail -n 1)
  failed=$(sed -nE 's/.* ([0-9]+) tests failed out of.*/\1/p' "$log" | tail -n 1)
  if [ -z "$total" ]; then
    if grep -q "No tests were found" "$log"; then echo "0 passed, 0 failed"; return 0; fi
    cat "$log"; echo "0 passed, 1 failed"; return 1
  fi
  [ "$rc" -ne 0 ] && sed -n '/The following tests FAILED/,$p' "$log"
  echo "$((total - failed)) passed, $failed failed"
  return "$rc"
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# dotnet_build PROJECT: a quiet Release build; prints the errors only when it fails.
dotnet_build() {
  mkdir -p "$top/out/logs"
  local log="$top/out/logs/build-$(basename "$1").log"
  dotnet build "$1" -c Release -nologo -v q -clp:ErrorsOnly >"$log" 2>&1 || { cat "$log"; return 1; }
}

# managed_run DLL [args...]: runs a host test assembly, hides the passed lines and prints
# its closing line; returns non-zero on any failure.
managed_run() {
  local out rc line
  out="$(dotnet "$@" 2>&1)"; rc=$?
  grep -v '^Test passed,' <<<"$out"
  line="$(tail -n 1 <<<"$out")"
  if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' <<<"$line"; then echo "0 passed, 1 failed"; return 1; fi
  [ "$rc" -eq 0 ]
}
