"""Aggregation functions (COINr's a_* family), vectorised over units and over runs.

Each function takes X with units along axis -2 and the group's children along axis
-1, and weights broadcastable to X's last axis (one weight vector, or one per run);
missing values drop out and the remaining weights are renormalised, as in COINr.
The same code therefore serves one pipeline and a stack of 10,000 Monte Carlo runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import Method, lookup, register


def _avail_weights(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ok = ~np.isnan(x)
    wa = np.where(ok, np.broadcast_to(w, x.shape), 0.0)
    return np.where(ok, x, 0.0), wa


def _nan_if_empty(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


@register("aggregate", columnwise=True)
def a_amean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    x0, wa = _avail_weights(x, w)
    return _nan_if_empty((wa * x0).sum(-1), wa.sum(-1))


@register("aggregate", columnwise=True)
def a_gmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted geometric mean; a group holding a value <= 0 has none (NaN), where COINr
    stops with an error, because the log of a non-positive number does not exist."""
    x0, wa = _avail_weights(x, w)
    bad = ((x0 <= 0) & (wa > 0)).any(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(wa > 0, np.log(np.where(x0 > 0, x0, 1.0)), 0.0)
    out = np.exp(_nan_if_empty((wa * logs).sum(-1), wa.sum(-1)))
    return np.where(bad, np.nan, out)


@register("aggregate", columnwise=True)
def a_hmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    x0, wa = _avail_weights(x, w)
    bad = ((x0 == 0) & (wa > 0)).any(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(wa > 0, wa / np.where(x0 != 0, x0, 1.0), 0.0)
    out = _nan_if_empty(wa.sum(-1), inv.sum(-1))
    return np.where(bad, np.nan, out)


@register("aggregate", columnwise=True)
def a_genmean(x: np.ndarray, w: np.ndarray, p: float = 2.0) -> np.ndarray:
    if p == 0:
        raise IndexSpecError("a_genmean with p = 0 is the geometric mean: use a_gmean")
    x0, wa = _avail_weights(x, w)
    bad = ((x0 <= 0) & (wa > 0)).any(-1) if p < 0 else np.zeros(x0.shape[:-1], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        powd = np.where(wa > 0, np.power(np.where(wa > 0, x0, 1.0), p), 0.0)
        out = _nan_if_empty((wa * powd).sum(-1), wa.sum(-1)) ** (1.0 / p)
    return np.where(bad, np.nan, out)


@register("aggregate", columnwise=True)
def a_wmedian(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted median: the value at which the cumulative (renormalised) weight of the
    sorted values reaches one half; exactly one half averages it with the next value."""
    x0, wa = _avail_weights(x, w)
    key = np.where(wa > 0, x0, np.inf)
    order = np.argsort(key, axis=-1)
    xs = np.take_along_axis(key, order, -1)
    ws = np.take_along_axis(wa, order, -1)
    total = ws.sum(-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        cum = np.cumsum(ws, -1) / total
    first = np.argmax(cum >= 0.5 - 1e-12, axis=-1)[..., None]
    val = np.take_along_axis(xs, first, -1)[..., 0]
    at_half = np.isclose(np.take_along_axis(cum, first, -1)[..., 0], 0.5)
    nxt = np.minimum(first + 1, xs.shape[-1] - 1)
    val_next = np.take_along_axis(xs, nxt, -1)[..., 0]
    val = np.where(at_half & np.isfinite(val_next), (val + val_next) / 2, val)
    return np.where(total[..., 0] > 0, val, np.nan)


def outrank_matrix(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """orm[i, j]: weight share of indicators where unit i beats unit j, plus half the
    share where they tie (comparisons with a missing value count for neither)."""
    wn = np.asarray(w, dtype=float)
    wn = wn / np.nansum(wn, axis=-1, keepdims=True)
    a = x[..., :, None, :]
    b = x[..., None, :, :]
    # weights of shape (..., 1, k) (one row per run) line up with the pair axes as (..., 1, 1, k)
    wide = wn[..., None, :] if wn.ndim > 1 else wn
    orm = ((a > b) * wide).sum(-1) + 0.5 * ((a == b) * wide).sum(-1)
    n = x.shape[-2]
    orm[..., np.arange(n), np.arange(n)] = 0.0
    return orm


@register("aggregate", columnwise=True)
def a_copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score: pairwise wins minus losses over the outranking matrix."""
    orm = outrank_matrix(x, w)
    sign = np.where(orm > 0.5, 1.0, np.where(orm < 0.5, -1.0, 0.0))
    n = x.shape[-2]
    sign[..., np.arange(n), np.arange(n)] = 0.0
    return sign.sum(-1)


# Copeland compares units with each other, so it needs the whole group at once.
BY_DF = {"a_copeland"}


def _per_unit(method: Method, x: np.ndarray, w: np.ndarray, **para: Any) -> np.ndarray:
    """A plug-in aggregator, called once per unit (and per run) with the unit's available
    children and their weights, as COINr calls f_ag on each row."""
    wb = np.broadcast_to(w, x.shape)
    out = np.full(x.shape[:-1], np.nan)
    for idx in np.ndindex(*x.shape[:-1]):
        ok = ~np.isnan(x[idx])
        if ok.any():
            out[idx] = float(method.func(x[idx][ok], wb[idx][ok], **para))
    return out


def aggregate_group(
    x: np.ndarray,
    w: np.ndarray,
    f_ag: str = "a_amean",
    dat_thresh: float | None = None,
    **para: Any,
) -> np.ndarray:
    """Aggregate one group of children into its parent, with COINr's availability rule:
    a unit whose fraction of available children is below dat_thresh gets NaN."""
    method = lookup("aggregate", f_ag)
    wv = np.asarray(w, dtype=float)
    out = method.func(x, wv, **para) if method.columnwise else _per_unit(method, x, wv, **para)
    if dat_thresh is not None and f_ag not in BY_DF:
        avail = (~np.isnan(x)).sum(-1) / x.shape[-1]
        out = np.where(avail < dat_thresh, np.nan, out)
    return out
