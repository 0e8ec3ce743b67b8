#!/usr/bin/env bash
# Builds examples/embedding as another project would (SPEC §12): from a
# path outside this repository's package, where `../scenario` is this
# repository, so the README's dependency lines are what is tested —
# package identity included. Then runs the demo and the package's own
# Swift Testing suite (in parallel, under a time limit).
#   scripts/embedding.sh           build, run the demo, run the tests
#   scripts/embedding.sh bench     build in release and run the benchmark
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
swift=${SWIFT:-swift}
stage=${EMBEDDING_STAGE:-$root/.build/embedding-stage}
mkdir -p "$stage/embedding"
ln -sfn "$root" "$stage/scenario"
# A fresh copy of the example (files removed from it go too).
rm -rf "$stage/embedding/Sources" "$stage/embedding/Tests" "$stage/embedding/Package.swift"
( cd "$root/examples/embedding" && tar --exclude=.build -cf - . ) | ( cd "$stage/embedding" && tar -xf - )
cd "$stage/embedding"
if [ "${1:-}" = bench ]; then
    "$swift" build -c release --product embedding-bench
    .build/release/embedding-bench
    exit
fi
"$swift" build
# The documents' examples, as written (EmbeddingManifestTests keeps these
# files equal to them): they compile, and run without failing an assert.
.build/debug/readme-example > /dev/null
.build/debug/reference-example > /dev/null
echo "embedding examples: ok"
# The tests run in parallel (Swift Testing's default) on however many cores
# there are; a hang — an evaluation blocking the concurrency pool — fails
# by the time limit instead of stopping CI. The memory tests read the
# process's resident size, so they run on their own afterwards.
timeout 900 "$swift" test --skip MemoryTests
timeout 900 "$swift" test --filter MemoryTests
