#!/usr/bin/env bash
# 1M draws of each SPEC §16 sampler against numpy's Generator (issue 15 asks
# for each within 3× of numpy). The samplers are not reachable from the
# language yet, so this compiles them from ScenarioKit's sources with -O
# into a small driver instead of timing `scenario` runs with hyperfine as
# bench/run.sh does; once the constructors are wired in, a .scn script can
# join bench/run.sh.
#
#   bench/distributions/run.sh      prints a table (ms, median of 7 runs)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
U="$ROOT/Sources/ScenarioKit/Uncertainty"
swiftc -O -wmo -module-name Bench -o "$OUT/distributions" "$HERE/main.swift" \
    "$U/Random.swift" "$U/Chunks.swift" "$U/Ziggurat.swift" "$U/FastMath.swift" "$U/Sampling.swift" \
    "$U/Distributions.swift" "$U/DistributionDraws.swift" "$U/DistributionChecks.swift"
"$OUT/distributions" > "$OUT/distributions.swift.tsv"
python3 "$HERE/numpy_draws.py" > "$OUT/distributions.numpy.tsv"
python3 - "$OUT/distributions.swift.tsv" "$OUT/distributions.numpy.tsv" <<'PY'
import sys
swift = {l.split("\t")[0]: l.split("\t")[1:] for l in open(sys.argv[1]).read().splitlines()}
numpy = {l.split("\t")[0]: float(l.split("\t")[1]) for l in open(sys.argv[2]).read().splitlines()}
print("| 1M draws | Scenario, 1 core (ms) | Scenario, 2 cores (ms) | numpy (ms) | 1 core / numpy |")
print("|---|---:|---:|---:|---:|")
for name, (one, two) in swift.items():
    one, two = float(one), float(two)
    print(f"| {name} | {one:.1f} | {two:.1f} | {numpy[name]:.1f} | {one / numpy[name]:.2f} |")
PY
