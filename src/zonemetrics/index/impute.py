"""Impute missing values (COINr's Impute): cross-sectional and, for panels, along time.

Aggregation skips missing values and re-weights the rest, which silently changes a
unit's weights; imputation is the explicit alternative, so both are offered and the
uncertainty analysis can switch imputation off to measure the difference.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from zonemetrics.index.dataset import Dataset
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import Method, lookup, register

PANEL_TYPES = ("latest", "constant", "linear")
IMPUTE_BY = ("column", "row", "df")


def _fill_with(block: np.ndarray, stat: str) -> np.ndarray:
    """Replace NaNs in each column by the column's mean or median (NaN if all missing)."""
    out = np.array(block, dtype=float, copy=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        centre = np.nanmean(out, axis=0) if stat == "mean" else np.nanmedian(out, axis=0)
    missing = np.isnan(out)
    out[missing] = np.broadcast_to(centre, out.shape)[missing]
    return out


def _fill_by_group(block: np.ndarray, f: Sequence[Any], stat: str) -> np.ndarray:
    """COINr's i_*_grp: the mean or median within each group of rows named by `f`
    (rows whose group is missing are left as they are)."""
    groups = np.asarray(f, dtype=object)
    if groups.shape[0] != block.shape[0]:
        raise IndexSpecError("the group column must have one entry per unit")
    known = np.array([g is not None and g == g for g in groups])  # g == g is False for NaN
    if not known.any():
        raise IndexSpecError("the group column has no value")
    out = np.array(block, dtype=float, copy=True)
    labels = groups.astype(str)
    for g in np.unique(labels[known]):
        rows = known & (labels == g)
        out[rows] = _fill_with(block[rows], stat)
    return out


@register("impute", columnwise=True)
def i_mean(x: np.ndarray) -> np.ndarray:
    return _fill_with(x, "mean")


@register("impute", columnwise=True)
def i_median(x: np.ndarray) -> np.ndarray:
    return _fill_with(x, "median")


@register("impute", columnwise=True)
def i_mean_grp(x: np.ndarray, f: Sequence[Any]) -> np.ndarray:
    return _fill_by_group(x, f, "mean")


@register("impute", columnwise=True)
def i_median_grp(x: np.ndarray, f: Sequence[Any]) -> np.ndarray:
    return _fill_by_group(x, f, "median")


@register("impute", columnwise=True)
def i_hotdeck(x: np.ndarray, seed: int = 0, f: Sequence[Any] | None = None) -> np.ndarray:
    """Each missing value drawn at random from the observed values of its indicator
    (within the unit's group when `f`, COINr's use_group, is given): a random hot-deck.
    One draw is one plausible completion of the data; repeated with other seeds (as
    the ledger index's data uncertainty does), the spread of the results shows how
    much the imputed values matter, which one mean or median cannot show."""
    rng = np.random.default_rng(seed)
    out = np.array(x, dtype=float, copy=True)
    if f is None:
        pools = [np.arange(out.shape[0])]
    else:
        labels = np.asarray(f, dtype=object).astype(str)
        pools = [np.flatnonzero(labels == g) for g in dict.fromkeys(labels.tolist())]
    for rows in pools:
        for j in range(out.shape[1]):
            column = out[rows, j]
            missing = np.isnan(column)
            donors = column[~missing]
            if missing.any() and donors.size:
                column[missing] = rng.choice(donors, size=int(missing.sum()))
                out[rows, j] = column
    return out


def _call(method: Method, x: np.ndarray, para: Mapping[str, Any], by: str) -> np.ndarray:
    """Apply an imputation method to one block along `by`. A built-in takes the block and
    works down its columns; a plug-in takes one vector (impute_by column or row) or
    the whole block (df), as COINr's Impute calls f_i."""
    if by == "row":
        x = x.T
    if method.columnwise or by == "df":
        out = np.asarray(method.func(x.copy(), **para), dtype=float)
    else:
        out = (
            np.column_stack(
                [
                    np.asarray(method.func(x[:, j].copy(), **para), dtype=float)
                    for j in range(x.shape[1])
                ]
            )
            if x.shape[1]
            else x.copy()
        )
    if out.shape != x.shape:
        raise IndexSpecError(f"imputation {method.name!r} changed the shape of the data")
    return out.T if by == "row" else out


def impute_block(
    block: np.ndarray,
    f_i: str = "i_mean",
    f_i_para: Mapping[str, Any] | None = None,
    impute_by: str = "column",
    normalise_first: bool | None = None,
    directions: np.ndarray | None = None,
    column_groups: Sequence[str] | None = None,
) -> np.ndarray:
    """Impute one cross-section as COINr's Impute does.

    impute_by: "column" (each indicator from the other units), "row" (each unit from its
    other indicators) or "df" (the method sees the whole block). normalise_first (the
    default for rows) applies Direction and min-max scales each indicator to [0, 1]
    before imputing and scales back afterwards, so that a row mean does not mix units.
    column_groups (COINr's group_level) imputes each group of indicators separately, so
    that a row mean stays within a pillar. Observed values are never changed.
    """
    if impute_by not in IMPUTE_BY:
        raise IndexSpecError(f"impute_by must be one of {IMPUTE_BY}")
    method = lookup("impute", f_i)
    para = dict(f_i_para or {})
    if normalise_first is None:
        normalise_first = impute_by == "row"
    x = np.array(block, dtype=float, copy=True)
    k = x.shape[1]
    dirs = np.ones(k) if directions is None else np.asarray(directions, dtype=float)
    if normalise_first:
        x = x * dirs
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (x - lo) / (hi - lo)
    groups = np.asarray(column_groups if column_groups is not None else [""] * k, dtype=str)
    out = np.empty_like(x)
    for g in dict.fromkeys(groups.tolist()):
        cols = np.flatnonzero(groups == g)
        out[:, cols] = _call(method, x[:, cols], para, impute_by)
    if normalise_first:
        out = (out * (hi - lo) + lo) * dirs
    observed = ~np.isnan(block)
    out[observed] = block[observed]
    return out


def impute_cross_section(
    ds: Dataset,
    f_i: str = "i_mean",
    groups: np.ndarray | None = None,
    f_i_para: Mapping[str, Any] | None = None,
    **options: Any,
) -> np.ndarray:
    """impute_block within each year of `ds`; `groups` (a unit group column, COINr's
    use_group) is passed to the method as its `f` argument."""
    out = ds.values.copy()
    wants_group = f_i.endswith("_grp")
    if wants_group and groups is None and "f" not in (f_i_para or {}):
        raise IndexSpecError(f"{f_i} needs use_group naming a group column of iData")
    for rows in ds.blocks():
        para = dict(f_i_para or {})
        if groups is not None:
            if options.get("impute_by", "column") != "column":
                raise IndexSpecError("use_group works with impute_by: column only")
            para["f"] = groups[rows]
        out[rows] = impute_block(ds.values[rows], f_i, para, **options)
    return out


def impute_panel(ds: Dataset, imp_type: str = "latest", max_time: int | None = None) -> np.ndarray:
    """Fill each unit's gaps from its own other years.

    latest: the most recent earlier value (at most `max_time` years back);
    constant: as latest, and values before the first observation take the first one;
    linear: straight-line interpolation between observed years, constant at the ends.
    """
    if ds.time is None:
        raise IndexSpecError("impute_panel needs a Time column (a panel)")
    if imp_type not in PANEL_TYPES:
        raise IndexSpecError(f"imp_type must be one of {PANEL_TYPES}")
    out = ds.values.copy()
    for unit in np.unique(ds.ucode):
        rows = np.flatnonzero(ds.ucode == unit)
        rows = rows[np.argsort(ds.time[rows])]
        t = ds.time[rows].astype(float)
        for j in range(out.shape[1]):
            y = ds.values[rows, j]
            ok = ~np.isnan(y)
            if ok.all() or not ok.any():
                continue
            out[rows, j] = _fill_series(t, y, ok, imp_type, max_time)
    return out


def _fill_series(
    t: np.ndarray, y: np.ndarray, ok: np.ndarray, imp_type: str, max_time: int | None
) -> np.ndarray:
    if imp_type == "linear":
        return np.interp(t, t[ok], y[ok])
    filled = y.copy()
    t_ok = t[ok]
    for i in np.flatnonzero(~ok):
        earlier = np.flatnonzero(t_ok < t[i])
        if earlier.size:
            src = earlier[-1]
            if max_time is None or t[i] - t_ok[src] <= max_time:
                filled[i] = y[ok][src]
        elif imp_type == "constant":
            filled[i] = y[ok][0]
    return filled
