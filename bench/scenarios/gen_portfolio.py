"""Writes the scenario benchmark (issue 13): a portfolio of 20 deals with
uncertain prices and approval odds at 100,000 samples, and the same model
with three scenarios compared. Deterministic: the same files every time.

    python3 bench/scenarios/gen_portfolio.py OUT_DIR
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "bench/out"
os.makedirs(out, exist_ok=True)
rng = random.Random(13)
lines = [
    "# A 20-deal portfolio at 100,000 samples (bench/scenarios).",
    "set samples 100_000",
    "set seed 13",
    "let approval_shift = 0%",
    "let rate = 8%",
]
names = []
for i in range(1, 21):
    low = rng.randint(5, 50)
    high = low + rng.randint(5, 30)
    p_low = rng.randint(50, 80)
    p_high = min(p_low + rng.randint(5, 15), 99)
    fee = round(low * rng.uniform(0.05, 0.15), 1)
    name = f"d{i}"
    names.append(name)
    lines += [
        f"deal {name} at ${low}B to ${high}B",
        f"breakup ${fee}B",
        f"condition regulatory {p_low}% to {p_high}%",
        f"let cost{i} = {name}.expected_cost * (1 + rate)",
    ]
lines.append("let portfolio = " + " + ".join(f"cost{i}" for i in range(1, 21)))
lines.append("print portfolio")
model = "\n".join(lines) + "\n"
scenarios = model + "\n".join([
    "scenario dear { let rate = 12% }",
    "scenario blocked { deal d1\n  condition regulatory 20% to 40% }",
    "scenario cheap { deal d2 at $5B to $10B }",
    "compare base, dear, blocked, cheap: portfolio, d1.expected_cost, d2.price",
]) + "\n"
open(os.path.join(out, "portfolio.scn"), "w").write(model)
open(os.path.join(out, "portfolio_scenarios.scn"), "w").write(scenarios)
