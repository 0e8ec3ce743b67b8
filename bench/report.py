#!/usr/bin/env python3
"""Prints the benchmark tables from what bench/run.sh left in bench/out/:
a summary (the table README.md shows), medians and Scenario / peer ratios
against issue 7's targets, the outputs of every command, peak memory of the
deal file (and per deal), and the machine. The whole output is what
bench/RESULTS.md shows under its latest figures.

    bench/report.py --out bench/out [fib pipeline botec deals startup rss]
"""
import argparse
import glob
import json
import os
import platform
import statistics
import subprocess

TITLES = {
    "fib": "fib(30), recursive",
    "pipeline": "list pipeline, 1,000,000 numbers",
    "botec": "time-to-botec, 1,000,000 samples",
    "deals": "80,000-line deal file (20,000 deals)",
    "scenarios": "20-deal portfolio, 100,000 samples, 3 scenarios compared",
    "startup": "start-up, empty script",
}

# (benchmark, peer) -> the largest Scenario / peer ratio issue 7 accepts.
RATIO_TARGETS = {
    ("fib", "lua5.4"): 3.0,
    ("pipeline", "lua5.4"): 2.0,
    ("botec", "c"): 3.0,
    ("botec", "numpy"): 0.25,
    ("deals", "lua5.4"): 2.0,
    ("scenarios", "model-alone"): 4.0,  # issue 13
}
STARTUP_TARGET_S = 0.015


def fmt_time(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def fmt_ratio(ratio):
    if ratio >= 10:
        return f"{ratio:.0f}×"
    return f"{ratio:.2f}×"


def load(out, name):
    """Pooled medians and run counts per command, per-round medians, outputs."""
    pooled, rounds = {}, []
    paths = sorted(glob.glob(os.path.join(out, f"{name}.r*.json")))
    for path in paths:
        with open(path) as f:
            results = json.load(f)["results"]
        rounds.append({r["command"]: r["median"] for r in results})
        for r in results:
            pooled.setdefault(r["command"], []).extend(r["times"])
    results = {label: (statistics.median(times), len(times)) for label, times in pooled.items()}
    outputs = []
    path = os.path.join(out, f"{name}.outputs.tsv")
    if os.path.exists(path):
        with open(path) as f:
            outputs = [line.rstrip("\n").split("\t", 1) for line in f if "\t" in line]
    return results, rounds, outputs


def verdict(ok):
    return "met" if ok else "**missed**"


def timing_table(out, names):
    lines = [
        "| benchmark | command | median | runs | Scenario / this (range over rounds) | target | |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    notes = []
    for name in names:
        if name not in TITLES:
            continue
        results, rounds, outputs = load(out, name)
        failed = {label: text for label, text in outputs if text.startswith("FAILED")}
        labels = [label for label, _ in outputs]
        scenario = results.get("scenario")
        first = True
        for label in labels:
            title = TITLES[name] if first else ""
            first = False
            if label in failed:
                lines.append(f"| {title} | {label} | {failed[label]} | | | | |")
                continue
            if label not in results:
                lines.append(f"| {title} | {label} | not measured | | | | |")
                continue
            median, runs = results[label]
            ratio = target = mark = ""
            if label == "scenario":
                if name == "startup":
                    target = f"< {STARTUP_TARGET_S * 1000:.0f} ms"
                    mark = verdict(median < STARTUP_TARGET_S)
            elif scenario is not None:
                r = scenario[0] / median
                ratio = fmt_ratio(r)
                per_round = [m["scenario"] / m[label] for m in rounds
                             if "scenario" in m and label in m]
                if len(per_round) > 1:
                    ratio += f" ({fmt_ratio(min(per_round))}–{fmt_ratio(max(per_round))})"
                limit = RATIO_TARGETS.get((name, label))
                if limit is not None:
                    target = f"≤ {fmt_ratio(limit)}"
                    mark = verdict(r <= limit)
            lines.append(
                f"| {title} | {label} | {fmt_time(median)} | {runs} | {ratio} | {target} | {mark} |"
            )
        shown = "; ".join(f"{label}: `{text}`" if text else f"{label}: (nothing)"
                          for label, text in outputs if label not in failed)
        if shown:
            notes.append(f"- {name} printed — {shown}")
    return lines, notes


def rss_table(out):
    path = os.path.join(out, "rss.tsv")
    if not os.path.exists(path):
        return []
    peaks = {}
    with open(path) as f:
        for line in f:
            program, deals, kib = line.rstrip("\n").split("\t")
            peaks.setdefault(program, {})[int(deals)] = kib
    lines = [
        "| program | empty | 20,000 deals | 40,000 deals | growth 20k→40k / growth 0→20k | per deal (20k→40k) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for program, by_size in peaks.items():
        cells = []
        for n in (0, 20000, 40000):
            kib = by_size.get(n, "—")
            cells.append(f"{int(kib) / 1024:.1f} MiB" if kib.isdigit() else kib)
        growth = per_deal = "—"
        try:
            base, a, b = (int(by_size[n]) for n in (0, 20000, 40000))
            if a > base:
                growth = f"{(b - a) / (a - base):.2f}"
            per_deal = fmt_bytes_per_deal(a, b)
        except (KeyError, ValueError):
            pass
        lines.append(f"| {program} | {' | '.join(cells)} | {growth} | {per_deal} |")
    lines.append("")
    lines.append("Peak RSS from `/usr/bin/time -f %M`; a growth ratio near 1.00 means memory "
                 "grows linearly with the number of deals; per deal is the growth from 20,000 "
                 "to 40,000 deals over the 20,000 deals added.")
    return lines


def fmt_bytes_per_deal(kib_20k, kib_40k):
    return f"{(kib_40k - kib_20k) * 1024 / 20000 / 1024:.2f} KiB"


def rss_per_deal(out):
    """Bytes per deal (growth from 20,000 to 40,000 deals) per program."""
    path = os.path.join(out, "rss.tsv")
    if not os.path.exists(path):
        return {}
    peaks = {}
    with open(path) as f:
        for line in f:
            program, deals, kib = line.rstrip("\n").split("\t")
            if kib.isdigit():
                peaks.setdefault(program, {})[int(deals)] = int(kib)
    return {program: fmt_bytes_per_deal(by_size[20000], by_size[40000])
            for program, by_size in peaks.items() if 20000 in by_size and 40000 in by_size}


# The README's table: one line per benchmark, the peers that have a target.
SUMMARY_PEERS = {
    "fib": ["lua5.4", "python3"],
    "pipeline": ["lua5.4", "python3"],
    "botec": ["c", "numpy"],
    "deals": ["lua5.4"],
    "scenarios": ["model-alone"],
    "startup": ["lua5.4"],
}
PEER_NAMES = {"lua5.4": "Lua", "python3": "CPython", "c": "C", "numpy": "numpy", "model-alone": "the model alone"}


def summary_table(out, names):
    """The short table README.md's Performance section shows (the same
    medians and ratios as the full table)."""
    lines = [
        "| benchmark | Scenario | peers | ratio | issue 7 target |",
        "|---|---:|---|---|---|",
    ]
    per_deal = rss_per_deal(out) if "rss" in names else {}
    for name in names:
        if name not in SUMMARY_PEERS:
            continue
        results, _, outputs = load(out, name)
        scenario = results.get("scenario")
        if scenario is None:
            lines.append(f"| {TITLES[name]} | not measured | | | |")
            continue
        peers, ratios, targets = [], [], []
        for label in SUMMARY_PEERS[name]:
            if label not in results:
                continue
            median = results[label][0]
            peers.append(f"{PEER_NAMES[label]} {fmt_time(median)}")
            r = scenario[0] / median
            limit = RATIO_TARGETS.get((name, label))
            if limit is not None:
                ratios.append(f"{fmt_ratio(r)} {PEER_NAMES[label]}")
                targets.append(f"≤ {fmt_ratio(limit)} {PEER_NAMES[label]} — {verdict(r <= limit)}")
        if name == "startup":
            targets.append(f"< {STARTUP_TARGET_S * 1000:.0f} ms — {verdict(scenario[0] < STARTUP_TARGET_S)}")
        lines.append(f"| {TITLES[name]} | {fmt_time(scenario[0])} | {'; '.join(peers)} | "
                     f"{', '.join(ratios)} | {'; '.join(targets)} |")
    if "scenario" in per_deal:
        growth = rss_growth(out)
        others = "; ".join(f"{PEER_NAMES.get(p, p)} {v}" for p, v in per_deal.items() if p != "scenario")
        lines.append(f"| deal file, peak memory per deal (20k→40k) | {per_deal['scenario']} | {others} | | "
                     f"linear in the file — growth 20k→40k / 0→20k {growth} |")
    return lines


def rss_growth(out):
    """Scenario's growth 20k→40k over growth 0→20k (1.00: linear)."""
    with open(os.path.join(out, "rss.tsv")) as f:
        peaks = {int(d): int(k) for p, d, k in (line.rstrip("\n").split("\t") for line in f)
                 if p == "scenario" and k.isdigit()}
    try:
        return f"{(peaks[40000] - peaks[20000]) / (peaks[20000] - peaks[0]):.2f}"
    except (KeyError, ZeroDivisionError):
        return "—"


def first_line(command):
    try:
        text = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (text.stdout or text.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def machine(scenario, numpy_python):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    numpy = first_line([numpy_python, "-c", "import numpy; print(numpy.__version__)"])
    commit = first_line(["git", "log", "-1", "--format=%h %cs %s"])
    return [
        f"- CPU: {cpu}; {os.cpu_count()} cores (nproc); memory {memory}",
        f"- OS: {platform.system()} {platform.release()}; load average "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} (1 / 5 / 15 min) when the table was made",
        f"- scenario: `{scenario}` built with `make release` (`swift build -c release --static-swift-stdlib`), "
        f"{first_line(['swift', '--version'])}",
        f"- commit: {commit}",
        f"- peers: {' '.join(first_line(['lua5.4', '-v']).split()[:2])}; Python {platform.python_version()}; "
        f"numpy {numpy}; {first_line(['cc', '--version'])} (`-O2`)",
        f"- {first_line(['hyperfine', '--version'])}, whole processes, `-N` (no shell)",
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="bench/out")
    parser.add_argument("--scenario", default=".build/release/scenario")
    parser.add_argument("--numpy-python", default="python3")
    parser.add_argument("names", nargs="*",
                        default=["fib", "pipeline", "botec", "deals", "startup", "rss"])
    args = parser.parse_args()

    timing, notes = timing_table(args.out, args.names)
    summary = summary_table(args.out, args.names)
    if len(summary) > 2:
        print("## Summary (the table in README.md's Performance section)")
        print()
        print("\n".join(summary))
        print()
    print("## Times (hyperfine, medians of all rounds' runs; ratio = Scenario's median / this command's)")
    print()
    print("\n".join(timing))
    print()
    if notes:
        print("What each command printed (its last line), to check they did the same work:")
        print()
        print("\n".join(notes))
        print()
    if "rss" in args.names:
        rss = rss_table(args.out)
        if rss:
            print("## Peak memory of the deal file")
            print()
            print("\n".join(rss))
            print()
    print("## Machine")
    print()
    print("\n".join(machine(args.scenario, args.numpy_python)))


if __name__ == "__main__":
    main()
