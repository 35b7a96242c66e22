"""Impute missing values (COINr's Impute): cross-sectional and, for panels, along time.

Aggregation skips missing values and re-weights the rest, which silently changes a
unit's weights; imputation is the explicit alternative, so both are offered and the
uncertainty analysis can switch imputation off to measure the difference.
"""

from __future__ import annotations

import warnings

import numpy as np

from zonemetrics.index.dataset import Dataset
from zonemetrics.index.errors import IndexSpecError

CROSS_SECTIONAL = ("i_mean", "i_median", "i_mean_grp", "i_median_grp")
PANEL_TYPES = ("latest", "constant", "linear")


def _fill_with(block: np.ndarray, stat: str) -> np.ndarray:
    """Replace NaNs in each column by the column's mean or median (NaN if all missing)."""
    out = block.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        centre = np.nanmean(block, axis=0) if stat == "mean" else np.nanmedian(block, axis=0)
    rows, cols = np.nonzero(np.isnan(out))
    out[rows, cols] = centre[cols]
    return out


def impute_cross_section(ds: Dataset, f_i: str, groups: np.ndarray | None = None) -> np.ndarray:
    """Mean/median imputation within each year, optionally within each group of units."""
    if f_i not in CROSS_SECTIONAL:
        raise IndexSpecError(f"f_i must be one of {(*CROSS_SECTIONAL, 'impute_panel')}")
    stat = "median" if "median" in f_i else "mean"
    by_group = f_i.endswith("_grp")
    if by_group and groups is None:
        raise IndexSpecError(f"{f_i} needs use_group naming a group column of iData")
    out = ds.values.copy()
    for rows in ds.blocks():
        if not by_group:
            out[rows] = _fill_with(ds.values[rows], stat)
            continue
        grp = groups[rows]  # type: ignore[index]
        for g in np.unique(grp.astype(str)):
            sub = rows[grp.astype(str) == g]
            out[sub] = _fill_with(ds.values[sub], stat)
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
