"""numpy's Generator (PCG64) on the same 1M draws as main.swift; median of 7 runs, in ms."""
import time

import numpy as np

N = 1_000_000
rng = np.random.default_rng(1)


def pert(low, mode, high, size):
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(a, b, size)


CASES = [
    ("normal(0, 1)", lambda: rng.normal(0, 1, N)),
    ("gamma(2.5)", lambda: rng.gamma(2.5, 1, N)),
    ("gamma(0.5)", lambda: rng.gamma(0.5, 1, N)),
    ("beta(8, 2)", lambda: rng.beta(8, 2, N)),
    ("beta(0.5, 0.5)", lambda: rng.beta(0.5, 0.5, N)),
    ("triangular(0, 3, 10)", lambda: rng.triangular(0, 3, 10, N)),
    ("pert(10, 20, 60)", lambda: pert(10, 20, 60, N)),
    ("poisson(4)", lambda: rng.poisson(4, N)),
    ("poisson(400)", lambda: rng.poisson(400, N)),
    ("binomial(20, 0.3)", lambda: rng.binomial(20, 0.3, N)),
    ("binomial(1000, 0.4)", lambda: rng.binomial(1000, 0.4, N)),
]

for name, draw in CASES:
    times = []
    for _ in range(7):
        start = time.perf_counter()
        draw()
        times.append((time.perf_counter() - start) * 1e3)
    print(f"{name}\t{sorted(times)[3]:.2f}")
