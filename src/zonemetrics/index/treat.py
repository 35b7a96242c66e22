"""Outlier treatment (COINr's Treat with its default specification).

Per indicator: if |skew| >= skew_thresh and kurtosis >= kurt_thresh, the extreme
point is winsorised one step at a time (the maximum if the current skew is >= 0,
else the minimum; tied extremes move together) until the rule passes or winmax
steps are spent. If it still fails, f2 is applied to the *original* values
(log_CT by default, Box-Cox on request), as COINr does with combine_treat = FALSE.
Outliers otherwise dominate min-max scales and hence the aggregates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import lookup, register
from zonemetrics.index.stats import kurt, skew


@dataclass(frozen=True)
class TreatDetail:
    """What happened to one indicator (one cross-section), as in COINr's Dets_Table."""

    icode: str
    pass0: bool
    skew0: float
    kurt0: float
    nwin: int | None
    pass1: bool | None
    skew1: float
    kurt1: float
    treatment: str


def check_skew_kurt(
    x: np.ndarray, skew_thresh: float, kurt_thresh: float
) -> tuple[bool, float, float]:
    """COINr's check_SkewKurt: fails only if |skew| and kurtosis both reach their thresholds."""
    s, k = skew(x), kurt(x)
    if np.isnan(s) or np.isnan(k):
        return True, s, k
    return not (abs(s) >= skew_thresh and k >= kurt_thresh), s, k


@register("treat", "log_CT")
def log_ct(x: np.ndarray) -> np.ndarray:
    """COIN Tool log: log(x - min + 0.01 (max - min)), which keeps the minimum finite."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo))


@register("treat", "log_CT_plus")
def log_ct_plus(x: np.ndarray) -> np.ndarray:
    """COINr's log_CT_plus: log_CT for a right-skewed indicator; a left-skewed one is
    mirrored, -log(max + a - x) with a = 0.01 (max - min), so that the long tail is the
    one compressed and the order of the units is kept."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    a = 0.01 * (hi - lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        if skew(x) > 0:
            return np.log(x - lo + a)
        return -np.log(hi + a - x)


@register("treat", "log_GII")
def log_gii(x: np.ndarray) -> np.ndarray:
    """The Global Innovation Index log, as COINr documents it:
    log((max - 1) (x - min) / (max - min) + 1). It maps min to 0 and max to log(max),
    so a maximum below 1 reverses the order (COINr warns against it for that reason).
    COINr 1.1.14's code computes this but returns x unchanged; the documented formula
    is used here."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log((hi - 1.0) * (x - lo) / (hi - lo) + 1.0)


@register("treat", "log_CT_orig")
def log_ct_orig(x: np.ndarray) -> np.ndarray:
    """The COIN Tool's original log: log(x - min + 1)."""
    return np.log(x - np.nanmin(x) + 1.0)


@register("treat", "none")
def no_transform(x: np.ndarray) -> np.ndarray:
    """f2 = "none": keep the winsorised values even if the rule still fails."""
    return x


@register("treat", "boxcox")
def boxcox(x: np.ndarray, lambda_: float = 1.0, makepos: bool = True) -> np.ndarray:
    """Box-Cox transform; with makepos the data are first shifted to start at 1."""
    y = x - np.nanmin(x) + 1.0 if makepos else x.copy()
    if lambda_ == 0:
        return np.log(y)
    return (y**lambda_ - 1.0) / lambda_


def winsorise_step(x: np.ndarray, s: float) -> np.ndarray:
    """Move the current maximum (skew >= 0) or minimum (skew < 0) to the next value in."""
    out = x.copy()
    ok = ~np.isnan(out)
    if s >= 0:
        top = np.nanmax(out)
        hit = ok & (out == top)
        rest = out[ok & ~hit]
        if rest.size:
            out[hit] = rest.max()
    else:
        bot = np.nanmin(out)
        hit = ok & (out == bot)
        rest = out[ok & ~hit]
        if rest.size:
            out[hit] = rest.min()
    return out


def treat_vector(
    x: np.ndarray,
    icode: str = "",
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    f2: str = "log_CT",
    force_win: bool = False,
    boxcox_lambda: float = 1.0,
    f2_para: Mapping[str, Any] | None = None,
) -> tuple[np.ndarray, TreatDetail]:
    """Treat one indicator by the skew/kurtosis rule; see the module docstring."""
    method = lookup("treat", f2)
    pass0, s0, k0 = check_skew_kurt(x, skew_thresh, kurt_thresh)
    nan = float("nan")
    if pass0 and not force_win:
        return x.copy(), TreatDetail(icode, True, s0, k0, None, None, nan, nan, "none")
    limit = winmax if winmax is not None else int((~np.isnan(x)).sum())
    y, s, k, ok, n = x.copy(), s0, k0, pass0, 0
    while n < limit and (force_win or not ok):
        y = winsorise_step(y, s)
        n += 1
        ok, s, k = check_skew_kurt(y, skew_thresh, kurt_thresh)
    if ok or f2 == "none":
        label = "winsorise" if n else "none"
        return y, TreatDetail(icode, pass0, s0, k0, n, ok, s, k, label)
    para = {"lambda_": boxcox_lambda, **(f2_para or {})} if f2 == "boxcox" else {}
    z = np.asarray(method.func(x.copy(), **{**para, **(f2_para or {})}), dtype=float)
    if z.shape != x.shape:
        raise IndexSpecError(f"treatment {f2!r} returned {z.size} values for {x.size}")
    ok2, s2, k2 = check_skew_kurt(z, skew_thresh, kurt_thresh)
    return z, TreatDetail(icode, pass0, s0, k0, n, ok2, s2, k2, f2)


def treat_matrix(
    block: np.ndarray, columns: tuple[str, ...], **kwargs: object
) -> tuple[np.ndarray, list[TreatDetail]]:
    """Treat every column of one cross-section (or of the pooled panel)."""
    out = np.empty_like(block, dtype=float)
    details: list[TreatDetail] = []
    for j, code in enumerate(columns):
        out[:, j], det = treat_vector(block[:, j], code, **kwargs)  # type: ignore[arg-type]
        details.append(det)
    return out, details
