"""The pipeline steps as functions of a coin, under COINr's names and arguments.

Each step reads a data set (`dset`, default: the latest one written), computes with
the pure functions of its module, and writes a new data set (`write_to`). `dset`
defaults to "latest" rather than a fixed name so that removing a step on
regeneration (imputation off) leaves a pipeline that still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from zonemetrics.index.aggregate import BY_DF, aggregate_group
from zonemetrics.index.denominate import denominate as _denominate
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.impute import impute_cross_section, impute_panel
from zonemetrics.index.normalise import METHODS, normalise_block
from zonemetrics.index.screen import screen_units
from zonemetrics.index.treat import treat_matrix
from zonemetrics.index.weights import optimise_weights, pca_weights

if TYPE_CHECKING:
    from zonemetrics.index.coin import Coin


def denominate(
    coin: Coin,
    dset: str = "Raw",
    denomby: Mapping[str, str | None] | None = None,
    write_to: str = "Denominated",
) -> None:
    ds = coin.get_dset(dset)
    fw = coin.framework
    by = dict(denomby) if denomby is not None else {c: fw.denominator.get(c) for c in ds.columns}
    needed = {d for d in by.values() if d is not None}
    dens = {d: coin.row_values(ds, d).astype(float) for d in needed if d in coin.idata.columns}
    coin.write(write_to, ds.replace(_denominate(ds.values, ds.columns, dens, by)))


def impute(
    coin: Coin,
    dset: str | None = None,
    f_i: str = "i_mean",
    use_group: str | None = None,
    imp_type: str = "latest",
    max_time: int | None = None,
    write_to: str = "Imputed",
) -> None:
    ds = coin.get_dset(dset)
    if f_i == "impute_panel":
        values = impute_panel(ds, imp_type, max_time)
    else:
        if use_group and use_group not in coin.idata.columns:
            raise IndexSpecError(f"use_group {use_group!r} is not a column of iData")
        groups = coin.row_values(ds, use_group) if use_group else None
        values = impute_cross_section(ds, f_i, groups)
    coin.details["Imputed"] = int(np.isnan(ds.values).sum() - np.isnan(values).sum())
    coin.write(write_to, ds.replace(values))


def screen(
    coin: Coin,
    dset: str | None = None,
    unit_screen: str = "byNA",
    dat_thresh: float = 0.66,
    nonzero_thresh: float = 0.05,
    Force: Mapping[str, str] | None = None,
    write_to: str = "Screened",
) -> None:
    """Screen units; `Force` maps uCode to "Include" or "Exclude" to override the rule."""
    ds = coin.get_dset(dset)
    res = screen_units(ds.values, unit_screen, dat_thresh, nonzero_thresh)
    keep = res.keep.copy()
    for code, status in (Force or {}).items():
        hit = ds.ucode == code
        if not hit.any():
            raise IndexSpecError(f"Force names unknown uCode {code!r}")
        keep[hit] = status == "Include"
    table = pd.DataFrame({"uCode": ds.ucode})
    if ds.time is not None:
        table["Time"] = ds.time
    table["Dat_Avail"] = res.availability
    table["Frc_NonZero"] = res.nonzero
    table["Included"] = keep
    coin.details["Screened"] = table
    coin.write(write_to, ds.take_rows(keep))


def treat(
    coin: Coin,
    dset: str | None = None,
    f1: str = "winsorise",
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    f2: str = "log_CT",
    force_win: bool = False,
    boxcox_lambda: float = 1.0,
    indiv_specs: Mapping[str, Mapping[str, Any] | str] | None = None,
    global_: bool = False,
    write_to: str = "Treated",
) -> None:
    """Treat outliers per indicator. `indiv_specs` overrides the arguments per iCode, or
    excludes an indicator with the value "none"; `global_` pools a panel's years."""
    if f1 != "winsorise":
        raise IndexSpecError("f1 must be 'winsorise' (use f2 for log_CT or boxcox)")
    ds = coin.get_dset(dset)
    base = dict(
        winmax=winmax,
        skew_thresh=skew_thresh,
        kurt_thresh=kurt_thresh,
        f2=f2,
        force_win=force_win,
        boxcox_lambda=boxcox_lambda,
    )
    indiv = dict(indiv_specs or {})
    out = ds.values.copy()
    rows_out: list[dict[str, Any]] = []
    for rows in ds.blocks(pooled=global_):
        for j, code in enumerate(ds.columns):
            spec = indiv.get(code)
            if spec == "none":
                continue
            kw = {**base, **(spec if isinstance(spec, Mapping) else {})}
            col, det = treat_matrix(ds.values[rows][:, [j]], (code,), **kw)
            out[rows, j] = col[:, 0]
            rec = {"iCode": code, **{k: v for k, v in asdict(det[0]).items() if k != "icode"}}
            if ds.time is not None and not global_:
                rec["Time"] = int(ds.time[rows][0])
            rows_out.append(rec)
    coin.details["Treated"] = pd.DataFrame(rows_out)
    coin.write(write_to, ds.replace(out))


def _norm_params(
    coin: Coin, ds_cols: tuple[str, ...], f_n: str, para: dict[str, Any], ucode: np.ndarray
) -> dict[str, Any]:
    """Fill parameters COINr takes from iMeta (Target, goalposts) and the reference unit."""
    fw = coin.framework
    if f_n == "n_dist2targ" and "targ" not in para:
        para["targ"] = np.array([fw.target.get(c, np.nan) for c in ds_cols])
        if np.isnan(para["targ"]).any():
            raise IndexSpecError("n_dist2targ needs targ, or a Target in iMeta for every indicator")
    if f_n == "n_goalposts" and "gposts" not in para:
        meta = coin.imeta.set_index("iCode")
        cols = ("goalpost_lower", "goalpost_upper", "goalpost_scale")
        if not all(c in meta.columns for c in cols):
            raise IndexSpecError("n_goalposts needs gposts, or goalpost_* columns in iMeta")
        para["gposts"] = meta.loc[list(ds_cols), list(cols)].to_numpy(float).T
    if f_n == "n_dist2ref":
        para["ucode"] = ucode
    return para


def normalise(
    coin: Coin,
    dset: str | None = None,
    f_n: str = "n_minmax",
    f_n_para: Mapping[str, Any] | None = None,
    directions: Mapping[str, float] | None = None,
    global_: bool = False,
    write_to: str = "Normalised",
    **flat_para: Any,
) -> None:
    """Normalise with `f_n`; its parameters go in `f_n_para` or flat (l_u, m_sd, ...)."""
    if f_n not in METHODS:
        raise IndexSpecError(f"f_n must be one of {sorted(METHODS)}")
    ds = coin.get_dset(dset)
    fw = coin.framework
    dirs = {**fw.direction, **(directions or {})}
    dvec = np.array([dirs.get(c, 1.0) for c in ds.columns])
    out = np.empty_like(ds.values)
    for rows in ds.blocks(pooled=global_):
        para = _norm_params(
            coin, ds.columns, f_n, {**(f_n_para or {}), **flat_para}, ds.ucode[rows]
        )
        out[rows] = normalise_block(ds.values[rows], dvec, f_n, para)
    coin.write(write_to, ds.replace(out))


def _per_level(value: Any, n_levels: int, name: str) -> list[Any]:
    """COINr lets f_ag and dat_thresh be one value or one per aggregation level."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != n_levels:
            raise IndexSpecError(f"{name} needs one entry per aggregation level ({n_levels})")
        return list(value)
    return [value] * n_levels


def aggregate(
    coin: Coin,
    dset: str | None = None,
    f_ag: str | Sequence[str] = "a_amean",
    w: str | Mapping[str, float] | None = None,
    dat_thresh: float | Sequence[float | None] | None = None,
    f_ag_para: Mapping[str, Any] | None = None,
    write_to: str = "Aggregated",
    **flat_para: Any,
) -> None:
    """Aggregate level by level up to the index with weight set `w` (default: active)."""
    source = dset or coin.latest
    ds = coin.get_dset(source)
    fw = coin.framework
    n_agg = fw.top_level - 1
    funcs = _per_level(f_ag, n_agg, "f_ag")
    threshs = _per_level(dat_thresh, n_agg, "dat_thresh")
    weights = coin.weight_set(w)
    para = {**(f_ag_para or {}), **flat_para}
    # start from the indicators only, so re-aggregating an aggregated set is harmless
    cols = list(fw.indicators)
    blocks = [ds.cols(cols)]
    for lev in range(1, fw.top_level):
        current = np.column_stack(blocks)
        new_cols: list[str] = []
        new_vals: list[np.ndarray] = []
        for par in fw.codes_at(lev + 1):
            kids = fw.children(par)
            x = current[:, [cols.index(k) for k in kids]]
            wv = np.array([weights[k] for k in kids])
            fn = funcs[lev - 1]
            if fn in BY_DF and ds.time is not None:
                y = np.full(ds.n_rows, np.nan)
                for rows in ds.blocks():
                    y[rows] = aggregate_group(x[rows], wv, fn, threshs[lev - 1], **para)
            else:
                y = aggregate_group(x, wv, fn, threshs[lev - 1], **para)
            new_cols.append(par)
            new_vals.append(y)
        cols.extend(new_cols)
        blocks.append(np.column_stack(new_vals))
    coin.details["Aggregate"] = {
        "f_ag": funcs,
        "dat_thresh": threshs,
        "para": para,
        "input": source,
        "w": w,
    }
    coin.write(write_to, ds.replace(np.column_stack(blocks), tuple(cols)))


def weights(
    coin: Coin,
    w: str | Mapping[str, float] = "equal",
    name: str | None = None,
    dset: str | None = None,
    Level: int | None = None,
    by_groups: bool = True,
    itarg: str | Sequence[float] = "equal",
    optimtol: float = 0.1,
) -> None:
    """Create a weight set and make it active for later aggregation.

    w: "equal" (every weight 1), a mapping of iCode to weight, "pca" (first-component
    loadings within each group of `Level`, COINr's get_PCA), or "optimise" (weights at
    `Level` that balance the correlations of its components with the index, COINr's
    get_opt_weights; this re-aggregates with the last aggregate arguments).
    """
    fw = coin.framework
    base = dict(coin.weights["Original"])
    if isinstance(w, Mapping):
        new, label = {**base, **{k: float(v) for k, v in w.items()}}, name or "Custom"
    elif w == "equal":
        new, label = {k: 1.0 for k in base}, name or "Equal"
    elif w == "pca":
        lev = Level or 1
        ds = coin.get_dset(dset or "Normalised")
        loads = pca_weights(ds, fw, lev, by_groups).weights
        new, label = {**base, **loads}, name or f"PCA_L{lev}"
    elif w == "optimise":
        lev = Level or fw.top_level - 1
        new = optimise_weights(coin, lev, itarg, optimtol)
        label = name or f"Opt_L{lev}"
    else:
        raise IndexSpecError("w must be equal, pca, optimise or a mapping iCode: weight")
    coin.weights[label] = new
    coin.active_weights = label
    if w == "optimise":
        last = next(c for c in reversed(coin.log) if c.name == "aggregate")
        aggregate(coin, **{**last.args, "w": label, "dset": coin.details["Aggregate"]["input"]})


STEPS: dict[str, Callable[..., None]] = {
    "denominate": denominate,
    "impute": impute,
    "screen": screen,
    "treat": treat,
    "normalise": normalise,
    "weights": weights,
    "aggregate": aggregate,
}
