"""Normalisation (COINr's Normalise): bring indicators onto comparable scales.

Every method takes one block (rows x indicators, already multiplied by Direction)
and the method's COINr parameters, and works on all columns at once. Direction is
applied before the method, as COINr does, so that "higher is better" holds for
every normalised indicator and for everything aggregated from them.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import lookup, register
from zonemetrics.index.stats import rank_min


def check_numbers(name: str, value: Any, n: int) -> np.ndarray:
    """A parameter that must be `n` finite numbers (l_u, m_sd, npara): a 9-value l_u
    would otherwise broadcast silently and turn every score into the same number."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise IndexSpecError(f"{name} must be {n} numbers, got {value!r}") from exc
    if arr.shape != (n,) or not np.isfinite(arr).all():
        raise IndexSpecError(f"{name} must be {n} finite numbers, got {value!r}")
    return arr


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


@register("normalise", columnwise=True)
def n_minmax(x: np.ndarray, l_u: Sequence[float] = (0, 100)) -> np.ndarray:
    l_u = check_numbers("l_u", l_u, 2)
    lo, hi = _nanmin(x), _nanmax(x)
    return _safe_div(x - lo, hi - lo) * (l_u[1] - l_u[0]) + l_u[0]


@register("normalise", columnwise=True)
def n_zscore(x: np.ndarray, m_sd: Sequence[float] = (0, 1)) -> np.ndarray:
    m_sd = check_numbers("m_sd", m_sd, 2)
    if m_sd[1] <= 0:
        raise IndexSpecError(f"m_sd: the standard deviation must be positive, got {m_sd[1]}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0, ddof=1)
    return _safe_div(x - mean, sd) * m_sd[1] + m_sd[0]


@register("normalise", columnwise=True)
def n_scaled(x: np.ndarray, npara: Sequence[float] = (0, 100)) -> np.ndarray:
    npara = check_numbers("npara", npara, 2)
    if npara[0] == npara[1]:
        raise IndexSpecError("npara: the two numbers must differ")
    return (x - npara[0]) / (npara[1] - npara[0]) * 100


@register("normalise", columnwise=True)
def n_rank(x: np.ndarray) -> np.ndarray:
    if x.ndim == 1:
        return rank_min(x)
    return np.column_stack([rank_min(x[:, j]) for j in range(x.shape[1])])


@register("normalise", columnwise=True)
def n_borda(x: np.ndarray) -> np.ndarray:
    return n_rank(x) - 1


@register("normalise", columnwise=True)
def n_prank(x: np.ndarray) -> np.ndarray:
    n_ok = (~np.isnan(x)).sum(axis=0)
    return _safe_div(n_rank(x) - 1, n_ok - 1)


@register("normalise", columnwise=True)
def n_dist2max(x: np.ndarray) -> np.ndarray:
    lo, hi = _nanmin(x), _nanmax(x)
    return 1 - _safe_div(hi - x, hi - lo)


@register("normalise", columnwise=True)
def n_fracmax(x: np.ndarray) -> np.ndarray:
    return _safe_div(x, _nanmax(x))


@register("normalise", columnwise=True)
def n_dist2ref(
    x: np.ndarray,
    iref: int | str,
    cap_max: bool = False,
    ucode: np.ndarray | None = None,
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


@register("normalise", columnwise=True)
def n_dist2targ(x: np.ndarray, targ: np.ndarray, cap_max: bool = False) -> np.ndarray:
    """(x - min) / (target - min); `x` and `targ` arrive already multiplied by Direction,
    which makes the formula the same as COINr's separate negative-direction formula."""
    lo = _nanmin(x)
    y = _safe_div(x - lo, targ - lo)
    return np.minimum(y, 1.0) if cap_max else y


@register("normalise", columnwise=True)
def n_goalposts(x: np.ndarray, gposts: np.ndarray, trunc2posts: bool = True) -> np.ndarray:
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


@register("normalise", "none", columnwise=True)
def n_none(x: np.ndarray) -> np.ndarray:
    """COINr's f_n = "none": the values with Direction applied and nothing else."""
    return x.copy()


def normalise_block(
    block: np.ndarray,
    directions: np.ndarray,
    f_n: str = "n_minmax",
    params: dict[str, Any] | None = None,
) -> np.ndarray:
    """Apply Direction and then method `f_n` to every column of one block; a plug-in
    method is called once per column, as COINr calls f_n on each indicator."""
    method = lookup("normalise", f_n)
    para = dict(params or {})
    x = block * directions
    if f_n == "n_dist2targ":
        para["targ"] = np.asarray(para["targ"], dtype=float) * directions
    if f_n == "n_goalposts":
        gp = np.asarray(para["gposts"], dtype=float)
        if gp.size not in (3, 3 * x.shape[1]):
            raise IndexSpecError("gposts must be [lower, upper, scale] or one triple per indicator")
        gp = np.broadcast_to(gp.reshape(3, -1), (3, x.shape[1])).copy()
        neg = directions < 0
        lo = np.where(neg, -gp[1], gp[0])
        hi = np.where(neg, -gp[0], gp[1])
        gp[0], gp[1] = lo, hi
        para["gposts"] = gp
    if method.columnwise:
        return method.func(x, **para)
    out = np.empty_like(x, dtype=float)
    for j in range(x.shape[1]):
        col = np.asarray(method.func(x[:, j].copy(), **para), dtype=float)
        if col.shape != (x.shape[0],):
            raise IndexSpecError(
                f"normalise method {f_n!r} returned {col.shape[0] if col.ndim else 1} values "
                f"for {x.shape[0]}"
            )
        out[:, j] = col
    return out


def degenerate_columns(block: np.ndarray) -> tuple[list[int], list[int]]:
    """Columns with no value at all, and columns whose values are all equal: min-max,
    z-score and the distance methods divide by their spread, so both come out missing
    (COINr returns NaN for them too), and aggregation then re-weights around them."""
    present = ~np.isnan(block)
    empty = np.flatnonzero(~present.any(axis=0)).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        spread = np.nanmax(block, axis=0) - np.nanmin(block, axis=0)
    flat = [j for j in np.flatnonzero(spread == 0).tolist() if j not in empty]
    return empty, flat
