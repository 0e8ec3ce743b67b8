#!/usr/bin/env bash
# Builds the libFuzzer target: ScenarioKit's sources and fuzz/FuzzTarget.swift
# compiled as one module with libFuzzer and AddressSanitizer (which brings
# LeakSanitizer), with the limits a user gets: the harness bounds each
# input's time by interrupting it (FuzzTarget.swift). Output:
# .build/fuzz/scenario-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out"
sources=()
while IFS= read -r -d '' file; do sources+=("$file"); done \
    < <(find Sources/ScenarioKit -name '*.swift' -print0 | sort -z)
# -parse-as-library: libFuzzer supplies main(). gold warns about every
# ASan helper symbol it cannot export; those lines are noise.
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name ScenarioKit \
    "${sources[@]}" fuzz/FuzzTarget.swift -o "$out/scenario-fuzz" 2>&1 \
    | { grep -v "Cannot export local symbol '__asan" || true; }
test -x "$out/scenario-fuzz"
