#!/usr/bin/env bash
# Native core: every CTest test of tests/native (RFC vectors, module tests, real-peer tests).
source "$(dirname "$0")/lib.sh"
mkdir -p "$top/build"
native_build "$top/build/native" -DCMAKE_BUILD_TYPE=RelWithDebInfo || { echo "0 passed, 1 failed"; exit 1; }
ctest_counts "$top/build/native" -j 2
