#!/usr/bin/env bash
# The native tests again under AddressSanitizer and UndefinedBehaviorSanitizer (clang).
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
CC=clang native_build "$top/build/native-asan" -DCMAKE_BUILD_TYPE=Debug -DLK_SANITIZE=ON || { echo "0 passed, 1 failed"; exit 1; }
ctest_counts "$top/build/native-asan" -j 2 -LE slow
