"""Normalisation (COINr's Normalise): bring indicators onto comparable scales.

Every method takes one block (rows x indicators, already multiplied by Direction)
and the method's COINr parameters, and works on all columns at once. Direction is
applied before the method, as COINr does, so that "higher is better" holds for
every normalised indicator and for everything aggregated from them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.stats import rank_min


def _nanmin(x: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmin(x, axis=0)


def _nanmax(x: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmax(x, axis=0)


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def n_minmax(x: np.ndarray, l_u: Sequence[float] = (0, 100), **_: Any) -> np.ndarray:
    lo, hi = _nanmin(x), _nanmax(x)
    return _safe_div(x - lo, hi - lo) * (l_u[1] - l_u[0]) + l_u[0]


def n_zscore(x: np.ndarray, m_sd: Sequence[float] = (0, 1), **_: Any) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0, ddof=1)
    return _safe_div(x - mean, sd) * m_sd[1] + m_sd[0]


def n_scaled(x: np.ndarray, npara: Sequence[float] = (0, 100), **_: Any) -> np.ndarray:
    return (x - npara[0]) / (npara[1] - npara[0]) * 100


def n_rank(x: np.ndarray, **_: Any) -> np.ndarray:
    return np.column_stack([rank_min(x[:, j]) for j in range(x.shape[1])])


def n_borda(x: np.ndarray, **_: Any) -> np.ndarray:
    return n_rank(x) - 1


def n_prank(x: np.ndarray, **_: Any) -> np.ndarray:
    n_ok = (~np.isnan(x)).sum(axis=0)
    return _safe_div(n_rank(x) - 1, n_ok - 1)


def n_dist2max(x: np.ndarray, **_: Any) -> np.ndarray:
    lo, hi = _nanmin(x), _nanmax(x)
    return 1 - _safe_div(hi - x, hi - lo)


def n_fracmax(x: np.ndarray, **_: Any) -> np.ndarray:
    return _safe_div(x, _nanmax(x))


def n_dist2ref(
    x: np.ndarray,
    iref: int | str,
    cap_max: bool = False,
    ucode: np.ndarray | None = None,
    **_: Any,
) -> np.ndarray:
    """Distance to a reference unit, given as a 1-based row number or as its uCode."""
    if isinstance(iref, str):
        if ucode is None or iref not in set(ucode.tolist()):
            raise IndexSpecError(f"iref {iref!r} is not a uCode of the data set")
        row = int(np.flatnonzero(ucode == iref)[0])
    else:
        row = int(iref) - 1
    ref = x[row]
    y = 1 - _safe_div(ref - x, ref - _nanmin(x))
    return np.minimum(y, 1.0) if cap_max else y


def n_dist2targ(x: np.ndarray, targ: np.ndarray, cap_max: bool = False, **_: Any) -> np.ndarray:
    """(x - min) / (target - min); `x` and `targ` arrive already multiplied by Direction,
    which makes the formula the same as COINr's separate negative-direction formula."""
    lo = _nanmin(x)
    y = _safe_div(x - lo, targ - lo)
    return np.minimum(y, 1.0) if cap_max else y


def n_goalposts(
    x: np.ndarray, gposts: np.ndarray, trunc2posts: bool = True, **_: Any
) -> np.ndarray:
    """Fraction of the way from the lower to the upper goalpost, times the scale `a`.

    `gposts` is (3, k): lower, upper, scale per column, already multiplied by
    Direction: for a negative indicator the posts become (-upper, -lower), which is
    COINr's flipped formula (x - upper) / (lower - upper).
    """
    lo, hi, scale = gposts
    y = _safe_div(x - lo, hi - lo)
    if trunc2posts:
        y = np.clip(y, 0.0, 1.0)
    return y * scale


METHODS: dict[str, Callable[..., np.ndarray]] = {
    "n_minmax": n_minmax,
    "n_zscore": n_zscore,
    "n_scaled": n_scaled,
    "n_rank": n_rank,
    "n_prank": n_prank,
    "n_borda": n_borda,
    "n_dist2max": n_dist2max,
    "n_dist2ref": n_dist2ref,
    "n_dist2targ": n_dist2targ,
    "n_fracmax": n_fracmax,
    "n_goalposts": n_goalposts,
}


def normalise_block(
    block: np.ndarray,
    directions: np.ndarray,
    f_n: str = "n_minmax",
    params: dict[str, Any] | None = None,
) -> np.ndarray:
    """Apply Direction and then method `f_n` to every column of one block."""
    if f_n not in METHODS:
        raise IndexSpecError(f"f_n must be one of {sorted(METHODS)}")
    para = dict(params or {})
    x = block * directions
    if f_n == "n_dist2targ":
        para["targ"] = np.asarray(para["targ"], dtype=float) * directions
    if f_n == "n_goalposts":
        gp = np.asarray(para["gposts"], dtype=float)
        gp = np.broadcast_to(gp.reshape(3, -1), (3, x.shape[1])).copy()
        neg = directions < 0
        lo = np.where(neg, -gp[1], gp[0])
        hi = np.where(neg, -gp[0], gp[1])
        gp[0], gp[1] = lo, hi
        para["gposts"] = gp
    return METHODS[f_n](x, **para)
