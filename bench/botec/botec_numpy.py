"""The time-to-botec model, vectorised with numpy: 1,000,000 samples.

Each sample picks a component with the mixture weights (one uniform draw and
a search in the cumulative weights); only the samples that picked a lognormal
component draw from it. `a to b` is a lognormal whose 90% interval is [a, b].
"""
import math

import numpy as np

N = 1_000_000
Z95 = 1.6448536269514722  # the standard normal's 95th percentile


def to(a, b, size, rng):
    """Samples of `a to b`: lognormal with 5th percentile a, 95th b."""
    mu = (math.log(a) + math.log(b)) / 2
    sigma = (math.log(b) - math.log(a)) / (2 * Z95)
    return rng.lognormal(mu, sigma, size)


rng = np.random.default_rng(1)
p_c = 0.8 * 0.5
weights = np.array([1 - p_c, p_c / 2, p_c / 4, p_c / 4])
component = np.searchsorted(np.cumsum(weights), rng.random(N), side="right")
component = np.minimum(component, len(weights) - 1)

samples = np.zeros(N)
samples[component == 1] = 1.0
pick = component == 2
samples[pick] = to(1, 3, int(pick.sum()), rng)
pick = component == 3
samples[pick] = to(2, 10, int(pick.sum()), rng)
print(f"{samples.mean():.4g}")
