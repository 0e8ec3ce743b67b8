#!/usr/bin/env bash
# Runs the fuzzer for FUZZ_SECONDS (default 600) with one process.
#   corpus:    .build/fuzz/corpus (kept between runs; new inputs land here)
#   seeds:     examples/, Tests/Scripts/, fuzz/regressions/
#   findings:  .build/fuzz/artifacts/ (crash-*, timeout-*, leak-*, oom-*)
# Each finding, once fixed, goes into fuzz/regressions/ and gets a test.
# Prints libFuzzer's final statistics (number of executed units, time).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
out=.build/fuzz
mkdir -p "$out/corpus" "$out/artifacts"
# libdispatch's thread caches look like leaks to LeakSanitizer: fuzz/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Use-after-return detection moves frames off the stack, where the
# evaluator's stack-depth guard cannot measure them.
export ASAN_OPTIONS="detect_stack_use_after_return=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# The sample memory budget (SampleMemory) well under -rss_limit_mb, so an
# input that keeps too many samples gets the located error users get, not an
# out-of-memory report (ASan's shadow and quarantine are resident too).
export SCENARIO_MEMORY_MB="${SCENARIO_MEMORY_MB:-1024}"
# -timeout: an input still running after 10 s ignored the watchdog's
#   interrupt (FuzzTarget.swift interrupts after 0.5 s), as it would Ctrl-C.
# -rss_limit_mb / -malloc_limit_mb: more than the fuzzing limits allow for.
# -max_len: enough for any construct; longer inputs only cost time.
exec "$out/scenario-fuzz" "$out/corpus" examples Tests/Scripts fuzz/regressions \
    -dict=fuzz/scenario.dict \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=3072 \
    -malloc_limit_mb=1024 \
    -max_len=4096 \
    -artifact_prefix="$out/artifacts/" \
    -print_final_stats=1 \
    ${FUZZ_FLAGS:-}
