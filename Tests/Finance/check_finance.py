#!/usr/bin/env python3
"""Reference cases for Scenario's finance functions (issue 16, SPEC §22).

Computes a few hundred random cash-flow cases with numpy-financial (npv,
irr, pmt) and with a straightforward spreadsheet-convention XNPV/XIRR
written here (actual/365 from the first date; the root found by scipy's
brentq when scipy is there, by bisection otherwise), and writes them to
finance_cases.json next to this script. FinanceTests.swift reads that file
and compares Swift's results to 1e-9 relative; nothing here shares code
with the Swift side.

    python3 Tests/Finance/check_finance.py          # rewrite the cases
    python3 Tests/Finance/check_finance.py --check  # exit 1 if the file is stale

The seed is fixed, so the file only changes when this script does. --check
(which FinanceTests.swift runs) recomputes the cases and compares them with
the file to 1e-12 relative, not byte for byte: another numpy or LAPACK may
round np.roots' last bits differently.
"""
import json
import math
import os
import sys

import numpy as np
import numpy_financial as npf

try:
    from scipy.optimize import brentq
except ImportError:  # pragma: no cover - scipy is optional
    brentq = None

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "finance_cases.json")
rng = np.random.default_rng(20261204)


def magnitude():
    """A positive amount between 1 and 1e9, spread over the decades."""
    return float(10 ** rng.uniform(0, 9))


def conventional_flows(length):
    """Outflows first, then inflows: exactly one sign change, one IRR."""
    outflows = int(rng.integers(1, max(1, length // 3) + 1))  # at least one inflow
    scale = magnitude()
    flows = [-scale * float(rng.uniform(0.2, 1.0)) for _ in range(outflows)]
    # Inflows sized so the IRR lands anywhere from about -60% to +80%.
    total_out = -sum(flows)
    multiple = float(rng.uniform(0.3, 3.0))
    inflows = length - outflows
    weights = rng.uniform(0.1, 1.0, inflows)
    flows += [float(total_out * multiple * w / weights.sum()) for w in weights]
    if rng.random() < 0.3:  # the opposite sign convention: money in first
        flows = [-f for f in flows]
    return flows


def mixed_flows(length):
    """Random signs: several sign changes, maybe several IRRs or none."""
    scale = magnitude()
    flows = [float(x) * scale for x in rng.normal(0, 1, length)]
    if flows[0] > 0:
        flows[0] = -flows[0]
    return flows


def xnpv(rate, dates, flows):
    start = dates[0]
    return sum(f / (1 + rate) ** ((d - start) / 365) for d, f in zip(dates, flows))


def find_root(f, lo, hi):
    if brentq is not None:
        return brentq(f, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    flo = f(lo)
    for _ in range(2000):
        mid = (lo + hi) / 2
        fm = f(mid)
        if fm == 0 or mid in (lo, hi):
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def xirr(dates, flows):
    """The one root for dated conventional flows, bracketed in [-99%, 1000%]."""
    f = lambda r: xnpv(r, dates, flows)
    lo, hi = -0.99, 10.0
    if (f(lo) < 0) == (f(hi) < 0):
        return None
    return find_root(f, lo, hi)


def build():
    cases = {"npv": [], "irr": [], "pmt": [], "xnpv": [], "xirr": []}

    for i in range(200):
        length = int(rng.integers(1, 31))
        flows = conventional_flows(length) if i % 2 and length > 1 else mixed_flows(length)
        rate = 0.0 if i % 25 == 0 else float(rng.uniform(-0.5, 0.6))
        cases["npv"].append({"rate": rate, "flows": flows, "expected": float(npf.npv(rate, flows))})

    def add_irr(flows, note):
        value = float(npf.irr(flows))
        entry = {"flows": flows, "note": note}
        if math.isnan(value):
            same_sign = all(f >= 0 for f in flows) or all(f <= 0 for f in flows)
            entry["error"] = "noSignChange" if same_sign else "noRate"
        else:
            entry["expected"] = value
        cases["irr"].append(entry)

    for i in range(250):
        add_irr(conventional_flows(int(rng.integers(2, 31))), "one sign change")
    for i in range(60):
        add_irr(mixed_flows(int(rng.integers(2, 8))), "several sign changes")
    # numpy-financial's documented examples, sign conventions included.
    for flows in ([-100, 39, 59, 55, 20], [-100, 0, 0, 74], [-100, 100, 0, -7], [-100, 100, 0, 7],
                  [-5, 10.5, 1, -8, 1], [100, -39, -59, -55, -20]):
        add_irr([float(f) for f in flows], "numpy-financial example")
    add_irr([-100.0, -20.0, -5.0], "no sign change")
    add_irr([100.0, 0.0, 20.0], "no sign change")
    # npv = 1 - x + x^2 in x = 1/(1+r) has no real root: numpy gives nan.
    add_irr([1.0, -1.0, 1.0], "no real rate")
    add_irr([-10.0, 21.0, -11.5], "no real rate")

    for i in range(120):
        rate = 0.0 if i % 10 == 0 else float(rng.uniform(-0.05, 0.25)) / (12 if i % 3 == 0 else 1)
        nper = float(rng.integers(1, 481)) if i % 7 else float(rng.uniform(0.5, 40))
        pv = magnitude() * (1 if i % 4 else -1)
        cases["pmt"].append({"rate": rate, "n": nper, "pv": pv,
                             "expected": float(npf.pmt(rate, nper, pv))})

    base = 18262  # 2020-01-01 as days since 1970-01-01
    while len(cases["xirr"]) < 150:
        length = int(rng.integers(2, 16))
        offsets = sorted(int(x) for x in rng.integers(0, 3650, length))
        dates = [base + o for o in offsets]
        flows = conventional_flows(length)
        rate = float(rng.uniform(-0.3, 0.5))
        cases["xnpv"].append({"rate": rate, "dates": dates, "flows": flows,
                              "expected": xnpv(rate, dates, flows)})
        root = xirr(dates, flows)
        if root is not None:
            cases["xirr"].append({"dates": dates, "flows": flows, "expected": root})
    return cases


def same(a, b, where="cases"):
    """The first difference between two decoded case files, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return f"{where}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            d = same(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} entries != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if abs(a - b) <= 1e-12 * max(abs(a), abs(b)) else f"{where}: {a} != {b}"
    return None if a == b else f"{where}: {a!r} != {b!r}"


def main():
    cases = build()
    if "--check" in sys.argv:
        with open(OUT) as f:
            difference = same(cases, json.load(f))
        if difference:
            print(f"finance_cases.json is stale ({difference}): run python3 Tests/Finance/check_finance.py",
                  file=sys.stderr)
            sys.exit(1)
        print("finance_cases.json matches numpy-financial")
        return
    text = json.dumps(cases, indent=1) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
