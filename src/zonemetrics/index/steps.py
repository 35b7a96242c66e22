"""The pipeline steps as functions of a coin, under COINr's names and arguments.

Each step reads a data set (`dset`, default: the latest one written), computes with
the pure functions of its module, and writes a new data set (`write_to`). `dset`
defaults to "latest" rather than a fixed name so that removing a step on
regeneration (imputation off) leaves a pipeline that still runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index import aggregate as _aggregators  # noqa: F401  (registers a_*)
from zonemetrics.index import normalise as _normalisers  # noqa: F401  (registers n_*)
from zonemetrics.index import weights as _weighting
from zonemetrics.index.aggregate import BY_DF, aggregate_group
from zonemetrics.index.context import CoinContext
from zonemetrics.index.denominate import denominate as _denominate
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.impute import impute_cross_section, impute_panel
from zonemetrics.index.normalise import degenerate_columns, normalise_block
from zonemetrics.index.registry import check_arguments, lookup, register
from zonemetrics.index.screen import screen_units
from zonemetrics.index.treat import treat_matrix


def _check_method_params(
    kind: str, name: str, para: Mapping[str, Any], internal: Sequence[str] = ()
) -> None:
    """Parameters of a method (l_u, m_sd, p, ...) must be ones the method takes."""
    valid = lookup(kind, name).parameters()
    if valid is not None:
        check_arguments(f"{kind} method {name}", para, valid - set(internal))


@register("step")
def denominate(
    coin: CoinContext,
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


def _column_groups(
    coin: CoinContext, columns: Sequence[str], group_level: int | None
) -> list[str] | None:
    """Each indicator's ancestor at `group_level` (COINr's Lineage column), or None."""
    if group_level is None:
        return None
    fw = coin.framework
    if not 2 <= int(group_level) <= fw.top_level:
        raise IndexSpecError(f"group_level must be between 2 and {fw.top_level}")
    out = []
    for code in columns:
        node: str | None = code
        while node is not None and fw.level[node] < int(group_level):
            node = fw.parent[node]
        out.append(str(node))
    return out


@register("step")
def impute(
    coin: CoinContext,
    dset: str | None = None,
    f_i: str = "i_mean",
    f_i_para: Mapping[str, Any] | None = None,
    impute_by: str = "column",
    use_group: str | None = None,
    group_level: int | None = None,
    normalise_first: bool | None = None,
    imp_type: str = "latest",
    max_time: int | None = None,
    write_to: str = "Imputed",
) -> None:
    """Impute missing values: f_i a COINr method (i_mean, i_median, i_mean_grp,
    i_median_grp), impute_panel (along time), or a plug-in; see impute.impute_block for
    impute_by, normalise_first and group_level."""
    ds = coin.get_dset(dset)
    if f_i == "impute_panel":
        values = impute_panel(ds, imp_type, max_time)
    else:
        _check_method_params("impute", f_i, f_i_para or {})
        if use_group and use_group not in coin.idata.columns:
            raise IndexSpecError(f"use_group {use_group!r} is not a column of iData")
        groups = coin.row_values(ds, use_group) if use_group else None
        dirs = np.array([coin.framework.direction.get(c, 1.0) for c in ds.columns])
        values = impute_cross_section(
            ds,
            f_i,
            groups,
            f_i_para,
            impute_by=impute_by,
            normalise_first=normalise_first,
            directions=dirs,
            column_groups=_column_groups(coin, ds.columns, group_level),
        )
    coin.details["Imputed"] = int(np.isnan(ds.values).sum() - np.isnan(values).sum())
    still = [c for j, c in enumerate(ds.columns) if np.isnan(values[:, j]).all()]
    if still:
        coin.warn(f"impute: no value to impute from for {', '.join(still)} (left missing)")
    coin.write(write_to, ds.replace(values))


@register("step")
def screen(
    coin: CoinContext,
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


@register("step")
def treat(
    coin: CoinContext,
    dset: str | None = None,
    f1: str = "winsorise",
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    f2: str = "log_CT",
    force_win: bool = False,
    boxcox_lambda: float = 1.0,
    f2_para: Mapping[str, Any] | None = None,
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
        f2_para=f2_para,
    )
    lookup("treat", f2)
    indiv = dict(indiv_specs or {})
    for code, spec in indiv.items():
        if code not in ds.columns:
            raise IndexSpecError(f"treat: indiv_specs names {code!r}, not an indicator")
        if spec != "none":
            if not isinstance(spec, Mapping):
                raise IndexSpecError(f"treat: indiv_specs of {code} must be a mapping or none")
            check_arguments(f"treat: indiv_specs of {code}", spec, base)
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
    coin: CoinContext, ds_cols: tuple[str, ...], f_n: str, para: dict[str, Any], ucode: np.ndarray
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


def _norm_spec(spec: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """One normalisation spec ({f_n, f_n_para} or f_n with flat parameters), checked."""
    spec = dict(spec)
    f_n = spec.pop("f_n", "n_minmax")
    para = {**(spec.pop("f_n_para", None) or {}), **spec}
    _check_method_params("normalise", f_n, para, internal=("ucode",))
    return f_n, para


@register("step")
def normalise(
    coin: CoinContext,
    dset: str | None = None,
    f_n: str = "n_minmax",
    f_n_para: Mapping[str, Any] | None = None,
    directions: Mapping[str, float] | None = None,
    indiv_specs: Mapping[str, Mapping[str, Any]] | None = None,
    global_: bool = False,
    write_to: str = "Normalised",
    **flat_para: Any,
) -> None:
    """Normalise with `f_n`; its parameters go in `f_n_para` or flat (l_u, m_sd, ...).

    `indiv_specs` gives some indicators their own `{f_n, f_n_para}`, which replaces the
    global specification for them entirely, as in COINr (nothing is merged).
    """
    ds = coin.get_dset(dset)
    fw = coin.framework
    specs = {"": _norm_spec({"f_n": f_n, "f_n_para": f_n_para, **flat_para})}
    assigned = [""] * len(ds.columns)
    for code, spec in (indiv_specs or {}).items():
        if code not in ds.columns:
            raise IndexSpecError(f"normalise: indiv_specs names {code!r}, not an indicator")
        if not isinstance(spec, Mapping):
            raise IndexSpecError(f"normalise: indiv_specs of {code} must be {{f_n, f_n_para}}")
        specs[code] = _norm_spec(spec)
        assigned[ds.columns.index(code)] = code
    dirs = {**fw.direction, **(directions or {})}
    dvec = np.array([dirs.get(c, 1.0) for c in ds.columns])
    out = np.empty_like(ds.values)
    for key, (method, para) in specs.items():
        cols = [j for j, a in enumerate(assigned) if a == key]
        if not cols:
            continue
        names = tuple(ds.columns[j] for j in cols)
        for rows in ds.blocks(pooled=global_):
            full = _norm_params(coin, names, method, dict(para), ds.ucode[rows])
            block = ds.values[np.ix_(rows, cols)]
            out[np.ix_(rows, cols)] = normalise_block(block, dvec[cols], method, full)
            _report_degenerate(coin, block, names, method)
    coin.write(write_to, ds.replace(out))


def _report_degenerate(
    coin: CoinContext, block: np.ndarray, names: tuple[str, ...], method: str
) -> None:
    """Say which indicators could not be normalised: they come out missing (as in COINr)
    and the aggregation then re-weights the others, which a user should know."""
    empty, flat = degenerate_columns(block)
    if empty:
        coin.warn(
            f"normalise: {', '.join(names[j] for j in empty)} has no values: missing in "
            "every unit, its weight goes to the other indicators of its group"
        )
    spread_methods = {"n_minmax", "n_zscore", "n_dist2max", "n_dist2ref", "n_dist2targ", "n_prank"}
    if flat and method in spread_methods:
        coin.warn(
            f"normalise: {', '.join(names[j] for j in flat)} has one value for every unit "
            f"(zero variance): {method} gives no score (missing, as COINr gives NaN), its "
            "weight goes to the other indicators of its group"
        )


def _per_level(value: Any, n_levels: int, name: str) -> list[Any]:
    """COINr lets f_ag and dat_thresh be one value or one per aggregation level."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != n_levels:
            raise IndexSpecError(f"{name} needs one entry per aggregation level ({n_levels})")
        return list(value)
    return [value] * n_levels


@register("step")
def aggregate(
    coin: CoinContext,
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
    for fn in dict.fromkeys(funcs):
        _check_method_params("aggregate", fn, para)
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


@register("step")
def weights(
    coin: CoinContext,
    w: str | Mapping[str, float] = "equal",
    name: str | None = None,
    **method_args: Any,
) -> None:
    """Create a weight set and make it active for later aggregation.

    w: "equal" (every weight 1), a mapping of iCode to weight, "pca" (first-component
    loadings within each group of `Level`, COINr's get_PCA), "optimise" (weights at
    `Level` that balance the correlations of its components with the index, COINr's
    get_opt_weights; this re-aggregates with the last aggregate arguments), or a
    plug-in weighting method; the method's own arguments follow (Level, dset, ...).
    """
    if isinstance(w, Mapping):
        check_arguments("weights with a mapping", method_args, ())
        new = {**coin.weights["Original"], **{k: float(v) for k, v in w.items()}}
    else:
        method = lookup("weights", w)
        valid = method.parameters()
        if valid is not None:
            check_arguments(f"weights method {w}", method_args, valid)
        new = {k: float(v) for k, v in method.func(coin, **method_args).items()}
    label = name or _weighting.default_label(w, method_args, coin.framework.top_level)
    coin.weights[label] = new
    coin.active_weights = label
    if w == "optimise":
        last = next(c for c in reversed(coin.log) if c.name == "aggregate")
        aggregate(coin, **{**last.args, "w": label, "dset": coin.details["Aggregate"]["input"]})


@register("step")
def custom(
    coin: CoinContext,
    f: str,
    dset: str | None = None,
    f_para: Mapping[str, Any] | None = None,
    write_to: str = "Custom",
) -> None:
    """COINr's Custom(): any function of a data set. `f` (a dotted path module:function)
    receives the data set as a DataFrame (uCode, Time for a panel, one column per
    iCode) and returns one of the same shape, units and columns."""
    if ":" not in str(f):
        raise IndexSpecError("custom: f must be a dotted path, e.g. mypackage.steps:clip")
    ds = coin.get_dset(dset)
    func = lookup("step", str(f)).func
    frame = ds.to_frame()
    got = func(frame.copy(), **(f_para or {}))
    if not isinstance(got, pd.DataFrame):
        raise IndexSpecError(f"custom: {f} must return a DataFrame, got {type(got).__name__}")
    if got.shape != frame.shape or list(got.columns) != list(frame.columns):
        raise IndexSpecError(f"custom: {f} must return the same columns and rows it was given")
    if (got["uCode"].astype(str).to_numpy() != ds.ucode).any():
        raise IndexSpecError(f"custom: {f} changed the units or their order")
    values = got[list(ds.columns)].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    coin.write(write_to, ds.replace(values))
