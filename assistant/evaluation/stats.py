"""Proportions with their 95% Wilson score interval (Wilson 1927): honest at small n and near 0 or 1."""

from __future__ import annotations

import math


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def proportion(successes: int, n: int) -> dict:
    """{"value", "k", "n", "low", "high"}: a rate with its interval (value None when n is 0)."""
    low, high = wilson(successes, n)
    return {"value": (successes / n) if n else None, "k": successes, "n": n, "low": low, "high": high}


def fmt(rate: dict) -> str:
    """"0.93 (n=120, 0.87-0.96)" for a proportion dict."""
    if rate.get("value") is None:
        return "-  (n=0)"
    return f"{rate['value']:.2f} (n={rate['n']}, {rate['low']:.2f}-{rate['high']:.2f})"
