"""Small statistics shared by treatment, normalisation and the audit.

Skew and kurtosis follow COINr's definitions (the bias-adjusted sample estimators,
as in Excel's SKEW and KURT), because the outlier rule is only reproducible if the
thresholds are compared with the same numbers.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as sps


def skew(x: np.ndarray) -> float:
    """Adjusted Fisher-Pearson skewness (G1) of the non-missing values."""
    v = x[~np.isnan(x)]
    if v.size < 3 or np.all(v == v[0]):
        return float("nan")
    return float(sps.skew(v, bias=False))


def kurt(x: np.ndarray) -> float:
    """Bias-adjusted excess kurtosis (G2) of the non-missing values."""
    v = x[~np.isnan(x)]
    if v.size < 4 or np.all(v == v[0]):
        return float("nan")
    return float(sps.kurtosis(v, fisher=True, bias=False))


def rank_min(x: np.ndarray) -> np.ndarray:
    """R's rank(x, ties.method = "min", na.last = "keep"): ascending, ties share the lowest."""
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    if ok.any():
        out[ok] = sps.rankdata(x[ok], method="min")
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
