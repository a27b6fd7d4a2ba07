"""Small statistics for what pages show: how sure a share is, given how many people it rests on."""
from __future__ import annotations

import math


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a share `successes / n` (95% by default), as (low, high) in 0..1.

    Unlike the textbook "p ± z·√(p(1-p)/n)" it stays within 0..1 and behaves for small groups and for
    shares of 0% or 100%: 21 of 30 gives roughly 0.52–0.83. With n = 0 nothing is known: (0.0, 1.0).
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low, high = max(0.0, centre - margin), min(1.0, centre + margin)
    # Exactly 0 or 1 where the share is 0% or 100% (the formula gives it up to rounding).
    return (0.0 if successes == 0 else low), (1.0 if successes == n else high)
