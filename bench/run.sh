#!/usr/bin/env bash
# Scenario's benchmark suite (issue 7): times whole processes with hyperfine,
# Scenario and its peers side by side in one hyperfine invocation per
# benchmark and round, then prints medians and ratios (Scenario / peer) and
# the machine.
#
# hyperfine runs all runs of one command before the next, so a burst of other
# work on the machine can land on one side only. Each benchmark is therefore
# timed in several rounds, the commands' order reversed every other round;
# the medians pool every round's runs, and the table shows how far the ratio
# moved between rounds.
#
#   bench/run.sh                 every benchmark
#   bench/run.sh fib botec       only those (fib pipeline botec deals startup rss)
#
# Environment:
#   SCENARIO=path       the binary to time (default .build/release/scenario;
#                       `make bench` builds it first)
#   BENCH_ROUNDS=N      rounds per benchmark (default 3)
#   BENCH_MIN_RUNS=N    timed runs per command and round at least (default 3;
#                       hyperfine adds runs until about 3 s have passed)
#   BENCH_WARMUP=N      warm-up runs per command and round (default 1;
#                       start-up uses 5)
#   BASELINE=path       another scenario binary (say, main before a change)
#                       timed in the same hyperfine runs as "before", so the
#                       table gives scenario / before side by side
#
# Everything it writes goes to bench/out/ (ignored by git): hyperfine's JSON
# per benchmark, each command's output, peak RSS figures, table.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=bench/out
mkdir -p "$OUT"

SCENARIO=${SCENARIO:-.build/release/scenario}
ROUNDS=${BENCH_ROUNDS:-3}
MIN_RUNS=${BENCH_MIN_RUNS:-3}
WARMUP=${BENCH_WARMUP:-1}
ALL=(fib pipeline botec deals scenarios startup rss)

# --- tools -----------------------------------------------------------------

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bench: installing $* (apt-get)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
    local need=()
    command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
    command -v lua5.4 >/dev/null 2>&1 || need+=(lua5.4)
    [ -x /usr/bin/time ] || need+=(time)
    command -v cc >/dev/null 2>&1 || need+=(gcc)
    if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi

    # The interpreter itself, not a version manager's shim script in front of
    # it (a pyenv shim alone costs tens of milliseconds per start).
    PY=$(python3 -c 'import sys; print(sys.executable)')
    if ! "$PY" -c 'import numpy' >/dev/null 2>&1; then
        echo "bench: installing numpy (pip)" >&2
        "$PY" -m pip install -q numpy >/dev/null 2>&1 || true
    fi
    NUMPY_PY=$PY
    if ! "$NUMPY_PY" -c 'import numpy' >/dev/null 2>&1; then
        apt_install python3-numpy
        NUMPY_PY=/usr/bin/python3
    fi
}

# --- one benchmark -----------------------------------------------------------

# bench NAME "LABEL=COMMAND" ... — the first command is Scenario's.
# Runs each command once to record its output (and to see that it works),
# then times them all in one hyperfine invocation per round.
bench() {
    local name=$1; shift
    local labels=() commands=() spec label cmd
    local outputs="$OUT/$name.outputs.tsv"
    : > "$outputs"
    local slowest_ms=0
    for spec in "$@"; do
        label=${spec%%=*}; cmd=${spec#*=}
        labels+=("$label"); commands+=("$cmd")
        local start end status text ms
        start=$(date +%s%N)
        set +e
        text=$(bash -c "$cmd" 2>"$OUT/$name.$label.stderr")
        status=$?
        set -e
        end=$(date +%s%N)
        ms=$(( (end - start) / 1000000 ))
        [ "$ms" -gt "$slowest_ms" ] && slowest_ms=$ms
        text=$(printf '%s' "$text" | tail -n 1)
        if [ $status -ne 0 ]; then
            # A failing command is reported, not timed; the others still are.
            local why
            why=$(grep -m 1 -v '^\s*$' "$OUT/$name.$label.stderr" || true)
            printf '%s\tFAILED (exit %d): %s\n' "$label" "$status" "$why" >> "$outputs"
            echo "bench $name: $label failed (exit $status), not timed: $why" >&2
            unset 'labels[-1]' 'commands[-1]'
            continue
        fi
        printf '%s\t%s\n' "$label" "$text" >> "$outputs"
    done
    [ ${#commands[@]} -gt 0 ] || return 0

    # A command that takes many seconds gets fewer runs, so the suite stays
    # within its time budget; the table says how many runs each median has.
    local runs=(--warmup "$WARMUP" --min-runs "$MIN_RUNS")
    if [ "$slowest_ms" -gt 10000 ]; then runs=(--warmup 0 --runs 1); fi
    if [ "$name" = startup ]; then runs=(--warmup 5 --min-runs 30); fi

    local round i order
    for round in $(seq 1 "$ROUNDS"); do
        local args=()
        order=$(seq 0 $(( ${#commands[@]} - 1 )))
        [ $((round % 2)) -eq 0 ] && order=$(echo "$order" | tac)
        for i in $order; do args+=(--command-name "${labels[$i]}"); done
        for i in $order; do args+=("${commands[$i]}"); done
        echo "== $name, round $round of $ROUNDS" >&2
        hyperfine -N "${runs[@]}" --style basic --export-json "$OUT/$name.r$round.json" \
            "${args[@]}" >&2
    done
}

# --- the suite -----------------------------------------------------------------

run_fib() {
    bench fib \
        "scenario=$SCENARIO run bench/fib/fib.scn" \
        ${BASELINE:+"before=$BASELINE run bench/fib/fib.scn"} \
        "lua5.4=lua5.4 bench/fib/fib.lua" \
        "python3=$PY bench/fib/fib.py"
}

run_pipeline() {
    bench pipeline \
        "scenario=$SCENARIO run bench/pipeline/pipeline.scn" \
        ${BASELINE:+"before=$BASELINE run bench/pipeline/pipeline.scn"} \
        "lua5.4=lua5.4 bench/pipeline/pipeline.lua" \
        "python3=$PY bench/pipeline/pipeline.py"
}

run_botec() {
    cc -O2 -o "$OUT/botec" bench/botec/botec.c -lm
    # numpy as it runs best here: without the OpenBLAS overrides this
    # workplace sets for old OpenBLAS builds (botec uses no BLAS anyway).
    # numpy-import, Python starting and importing numpy and nothing else, is
    # there for context: it is most of the numpy program's time.
    bench botec \
        "scenario=$SCENARIO run bench/botec/botec.scn" \
        ${BASELINE:+"before=$BASELINE run bench/botec/botec.scn"} \
        "c=$OUT/botec" \
        "numpy=env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $NUMPY_PY bench/botec/botec_numpy.py" \
        "numpy-import=env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $NUMPY_PY -c 'import numpy'"
}

deal_files() {
    local n=$1
    [ -f "$OUT/deals_$n.scn" ] && [ "$OUT/deals_$n.scn" -nt bench/gen_deals.py ] && return 0
    "$PY" bench/gen_deals.py "$n" --scn "$OUT/deals_$n.scn" --lua "$OUT/deals_$n.lua"
}

run_deals() {
    deal_files 20000
    bench deals \
        "scenario=$SCENARIO run $OUT/deals_20000.scn" \
        ${BASELINE:+"before=$BASELINE run $OUT/deals_20000.scn"} \
        "lua5.4=lua5.4 $OUT/deals_20000.lua"
}

# Issue 13: a 20-deal portfolio at 100,000 samples, alone and with three
# scenarios compared (bench/scenarios/gen_portfolio.py); the target is the
# second within 4x the first.
run_scenarios() {
    "$PY" bench/scenarios/gen_portfolio.py "$OUT"
    bench scenarios \
        "scenario=$SCENARIO run $OUT/portfolio_scenarios.scn" \
        "model-alone=$SCENARIO run $OUT/portfolio.scn"
}

run_startup() {
    bench startup \
        "scenario=$SCENARIO run bench/startup/empty.scn" \
        ${BASELINE:+"before=$BASELINE run bench/startup/empty.scn"} \
        "lua5.4=lua5.4 -e ''"
}

# Peak resident memory (KiB) of the deal file at 20,000 and 40,000 deals, and
# of an empty script as the baseline: linear memory means the growth from
# 20,000 to 40,000 deals equals the growth from nothing to 20,000.
run_rss() {
    deal_files 20000
    deal_files 40000
    local file="$OUT/rss.tsv" kib
    : > "$file"
    peak() { /usr/bin/time -f %M -o "$OUT/rss.tmp" "$@" >/dev/null 2>"$OUT/rss.stderr" \
                 && cat "$OUT/rss.tmp" || echo "FAILED"; }
    kib=$(peak "$SCENARIO" run bench/startup/empty.scn); printf 'scenario\t0\t%s\n' "$kib" >> "$file"
    kib=$(peak "$SCENARIO" run "$OUT/deals_20000.scn"); printf 'scenario\t20000\t%s\n' "$kib" >> "$file"
    kib=$(peak "$SCENARIO" run "$OUT/deals_40000.scn"); printf 'scenario\t40000\t%s\n' "$kib" >> "$file"
    kib=$(peak lua5.4 -e ''); printf 'lua5.4\t0\t%s\n' "$kib" >> "$file"
    kib=$(peak lua5.4 "$OUT/deals_20000.lua"); printf 'lua5.4\t20000\t%s\n' "$kib" >> "$file"
    kib=$(peak lua5.4 "$OUT/deals_40000.lua"); printf 'lua5.4\t40000\t%s\n' "$kib" >> "$file"
    echo "== rss" >&2
    cat "$file" >&2
}

main() {
    local chosen=("$@")
    [ ${#chosen[@]} -gt 0 ] || chosen=("${ALL[@]}")
    local name
    for name in "${chosen[@]}"; do
        case " ${ALL[*]} " in
            *" $name "*) ;;
            *) echo "usage: bench/run.sh [${ALL[*]}]..." >&2; exit 2 ;;
        esac
    done
    ensure_tools
    if [ ! -x "$SCENARIO" ]; then
        echo "bench: no binary at $SCENARIO: run 'make bench' (or make release)" >&2
        exit 2
    fi
    for name in "${chosen[@]}"; do
        rm -f "$OUT/$name".r*.json "$OUT/$name.outputs.tsv"
        "run_$name"
    done
    "$PY" bench/report.py --out "$OUT" --scenario "$SCENARIO" --numpy-python "$NUMPY_PY" \
        "${chosen[@]}" | tee "$OUT/table.md"
}

main "$@"
