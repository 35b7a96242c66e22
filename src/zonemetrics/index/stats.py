"""Small statistics shared by treatment, normalisation and the audit.

Skew and kurtosis follow COINr's definitions (the bias-adjusted sample estimators,
as in Excel's SKEW and KURT), because the outlier rule is only reproducible if the
thresholds are compared with the same numbers.
"""

from __future__ import annotations

import numpy as np

# Written on numpy rather than scipy.stats: importing scipy.stats takes longer than a
# whole uncertainty run, and these three formulas are all the engine needs of it.


def _central_moments(v: np.ndarray) -> tuple[float, float, float]:
    d = v - v.mean()
    d2 = d * d
    return float(d2.mean()), float((d2 * d).mean()), float((d2 * d2).mean())


def skew(x: np.ndarray) -> float:
    """Adjusted Fisher-Pearson skewness (G1) of the non-missing values:
    G1 = sqrt(n (n - 1)) / (n - 2) * m3 / m2^1.5."""
    v = x[~np.isnan(x)]
    if v.size < 3 or np.all(v == v[0]):
        return float("nan")
    n = v.size
    m2, m3, _ = _central_moments(v)
    return float(np.sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / m2**1.5)


def kurt(x: np.ndarray) -> float:
    """Bias-adjusted excess kurtosis (G2) of the non-missing values:
    G2 = (n - 1) / ((n - 2)(n - 3)) * ((n + 1) m4 / m2^2 - 3 (n - 1))."""
    v = x[~np.isnan(x)]
    if v.size < 4 or np.all(v == v[0]):
        return float("nan")
    n = v.size
    m2, _, m4 = _central_moments(v)
    return float((n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * m4 / m2**2 - 3.0 * (n - 1.0)))


def rank_min(x: np.ndarray) -> np.ndarray:
    """R's rank(x, ties.method = "min", na.last = "keep"): ascending, ties share the lowest
    (one plus the number of values strictly below)."""
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    if ok.any():
        v = x[ok]
        out[ok] = np.searchsorted(np.sort(v), v, side="left") + 1.0
    return out


def rank_desc(x: np.ndarray) -> np.ndarray:
    """Sport ranking of scores: 1 is the highest, ties share the best rank, NaN stays NaN."""
    return rank_min(-x)


def rank_desc_rows(scores: np.ndarray) -> np.ndarray:
    """rank_desc along the last axis of a stack of score vectors (one row per run).

    A unit's rank is one plus the number of units with a strictly higher score, which
    is R's ties.method = "min"; counting by broadcasting keeps 10,000 runs of 51 units
    one vectorised comparison instead of a Python loop.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    better = (s[..., None, :] > s[..., :, None]).sum(axis=-1)
    out = better.astype(float) + 1.0
    out[np.isnan(scores)] = np.nan
    return out
