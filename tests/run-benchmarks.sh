#!/usr/bin/env bash
# Runs the benchmark suites (tests/suites/9x-*.sh). They print figures (ratios against a
# reference measured in the same run) and fail only when a benchmark cannot run, never on timing.
exec bash "$(dirname "$0")/run-suites.sh" --bench "$@"
