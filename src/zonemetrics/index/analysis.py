"""COINr's analysis functions, under COINr's names: results tables, a unit's summary,
its strengths and weaknesses, the effect of removing each element, comparisons of
coins, trends over a panel, correlations with denominators and data availability.

Each follows the formula COINr documents for it (cited per function), so a COINr
user gets the same table. Ranks are COINr's rank_df: the highest value ranks 1, ties
share the best rank, a missing value has no rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.stats import rank_desc


def rank_frame(
    frame: pd.DataFrame, codes: Sequence[str], use_group: str | None = None
) -> pd.DataFrame:
    """COINr's rank_df: each numeric column ranked high-to-best, within groups if given
    (a unit without a group gets no group rank)."""
    out = frame.copy()
    for code in codes:
        values = frame[code].to_numpy(dtype=float)
        if use_group is None:
            out[code] = rank_desc(values)
            continue
        ranks = np.full(len(values), np.nan)
        groups = frame[use_group]
        for g in groups.dropna().unique():
            rows = (groups == g).to_numpy()
            ranks[rows] = rank_desc(values[rows])
        out[code] = ranks
    return out


def _frame(coin: Coin, dset: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """A data set as a table, with uName and the iData columns asked for (groups)."""
    ds = coin.get_dset(dset)
    frame = ds.to_frame()
    wanted = [c for c in ("uName", *extra) if c in coin.idata.columns]
    missing = [c for c in extra if c not in coin.idata.columns]
    if missing:
        raise IndexSpecError(f"iData has no column {missing[0]!r}")
    for col in wanted:
        frame.insert(1, col, coin.row_values(ds, col))
    return frame


def _units_known(frame: pd.DataFrame, usel: str) -> None:
    if usel not in set(frame["uCode"]):
        raise IndexSpecError(f"unit {usel!r} is not in the data set")


def _ancestor(coin: Coin, code: str, level: int) -> str | None:
    fw = coin.framework
    node: str | None = code
    while node is not None and fw.level[node] < level:
        node = fw.parent[node]
    return node


# -- results -----------------------------------------------------------------------------------


def get_results(
    coin: Coin,
    dset: str = "Aggregated",
    tab_type: str = "Summ",
    use: str = "scores",
    use_group: str | None = None,
    order_by: str | None = None,
    nround: int | None = 2,
) -> pd.DataFrame:
    """COINr's get_results. tab_type "Summ" (the index and its rank), "Aggs" (every
    aggregate) or "Full" (aggregates and indicators); use "scores", "ranks" or
    "groupranks" (ranks within each group of `use_group`, e.g. income group)."""
    if tab_type not in ("Summ", "Aggs", "Full"):
        raise IndexSpecError("tab_type must be Summ, Aggs or Full")
    if use not in ("scores", "ranks", "groupranks"):
        raise IndexSpecError("use must be scores, ranks or groupranks")
    if use == "groupranks" and use_group is None:
        raise IndexSpecError("groupranks needs use_group (a group column of iData)")
    fw = coin.framework
    frame = _frame(coin, dset, [use_group] if use_group else [])
    meta = [c for c in ("uCode", "uName", use_group) if c and c in frame.columns]
    aggs = [c for lev in range(fw.top_level, 1, -1) for c in fw.codes_at(lev)]
    missing = [c for c in aggs if c not in frame.columns]
    if missing:
        raise IndexSpecError(f"{dset} is not an aggregated data set (no {missing[0]})")
    sort_code = order_by or fw.index_code
    if sort_code not in frame.columns:
        raise IndexSpecError(f"order_by {sort_code!r} is not in {dset}")
    frame["Rank"] = rank_desc(frame[sort_code].to_numpy(dtype=float))
    frame = frame.sort_values(sort_code, ascending=False, kind="stable")
    if tab_type == "Summ":
        table = frame[[*meta, *([sort_code] if sort_code not in meta else []), "Rank"]]
    elif tab_type == "Aggs":
        table = frame[[*meta, "Rank", *aggs]]
    else:
        table = frame[[*meta, "Rank", *aggs, *fw.indicators]]
    codes = [c for c in table.columns if c not in (*meta, "Rank")]
    if use == "scores":
        out = table.round(nround) if nround is not None else table
        return out.reset_index(drop=True)
    group = use_group if use == "groupranks" else None
    ranked = rank_frame(table.drop(columns="Rank"), codes, group)
    if group is not None:
        ranked = ranked.sort_values(group, kind="stable")
    return ranked.reset_index(drop=True)


def get_unit_summary(
    coin: Coin, usel: str, levels: Sequence[int], dset: str = "Aggregated", nround: int | None = 2
) -> pd.DataFrame:
    """COINr's get_unit_summary: the unit's score and rank on every code of `levels`,
    highest level first."""
    fw = coin.framework
    frame = _frame(coin, dset)
    _units_known(frame, usel)
    bad = [lev for lev in levels if lev not in fw.order]
    if bad:
        raise IndexSpecError(f"levels must be between 1 and {fw.top_level}")
    codes = [c for lev in sorted(set(levels), reverse=True) for c in fw.codes_at(lev)]
    missing = [c for c in codes if c not in frame.columns]
    if missing:
        raise IndexSpecError(f"{dset} has no {missing[0]}: use an aggregated data set")
    ranks = rank_frame(frame, codes)
    row = frame["uCode"] == usel
    table = pd.DataFrame(
        {
            "Code": codes,
            "Name": [_name(coin, c) for c in codes],
            "Score": frame.loc[row, codes].to_numpy(dtype=float)[0],
            "Rank": ranks.loc[row, codes].to_numpy(dtype=float)[0],
        }
    )
    return table.round({"Score": nround}) if nround is not None else table


def _name(coin: Coin, code: str) -> str:
    meta = coin.imeta
    if "iName" in meta.columns:
        hit = meta.loc[meta["iCode"] == code, "iName"]
        if len(hit) and isinstance(hit.iloc[0], str):
            return hit.iloc[0]
    return code


def r_signif(x: float, digits: int) -> float:
    """R's signif(): scale to `digits` significant figures, round half to even, scale
    back, in binary arithmetic as R's C code does (29.95 becomes 30, where formatting
    the decimal '29.95' to 3 figures gives 29.9), so values print as COINr's do."""
    if not np.isfinite(x) or x == 0:
        return x
    scale = 10.0 ** (digits - 1 - int(np.floor(np.log10(abs(x)))))
    return float(round(x * scale) / scale)


def coinr_order(coin: Coin) -> list[str]:
    """The indicators in the order COINr keeps them: new_coin sorts iMeta by Level and
    then Parent (a stable sort, so the file order holds within a parent). Ties in a rank
    are listed in this order, so a tie-heavy table reads as COINr's does."""
    fw = coin.framework
    return sorted(fw.indicators, key=lambda c: str(fw.parent[c] or "").lower())


def get_str_weak(
    coin: Coin,
    usel: str,
    dset: str = "Raw",
    topN: int = 5,
    bottomN: int = 5,
    use_group: str | None = None,
    unq_discard: float | None = None,
    min_discard: bool = True,
    report_level: int = 2,
    adjust_direction: bool | None = None,
    sig_figs: int | None = 3,
) -> dict[str, pd.DataFrame]:
    """COINr's get_str_weak: the unit's best and worst ranked indicators.

    Indicators are ranked (Direction applied first for Raw data, as COINr's
    adjust_direction default does), optionally within `use_group`; indicators whose
    share of distinct values is at most `unq_discard` are dropped, and with
    `min_discard` so are those where the unit ranks last (a bottom rank shared by many
    units says little). The topN best ranks are strengths, the bottomN worst
    weaknesses; Value is the unit's value in `dset`."""
    fw = coin.framework
    codes = coinr_order(coin)
    frame = _frame(coin, dset, [use_group] if use_group else [])
    _units_known(frame, usel)
    if adjust_direction is None:
        adjust_direction = dset == "Raw"
    scored = frame.copy()
    if adjust_direction:
        for code in codes:
            scored[code] = scored[code] * fw.direction.get(code, 1.0)
    ranks = rank_frame(scored, codes, use_group)
    if unq_discard is not None:
        # R's unique() counts NA as one value, so it is counted here the same way
        unique_share = {c: frame[c].nunique(dropna=False) / len(frame) for c in codes}
        codes = [c for c in codes if unique_share[c] > unq_discard]
    row = ranks.index[ranks["uCode"] == usel][0]
    unit_ranks = pd.Series({c: ranks.at[row, c] for c in codes}).dropna()
    if min_discard:
        worst = {c: ranks[c].max() for c in unit_ranks.index}
        unit_ranks = unit_ranks[[unit_ranks[c] != worst[c] for c in unit_ranks.index]]
    unit_ranks = unit_ranks.sort_values(kind="stable")
    strong = list(unit_ranks.index[:topN])
    weak = list(unit_ranks.index[len(unit_ranks) - bottomN :]) if bottomN else []
    dimension = f"Level {report_level}"

    def table(selected: list[str]) -> pd.DataFrame:
        values = [float(frame.at[row, c]) for c in selected]
        if sig_figs is not None:
            values = [r_signif(v, sig_figs) for v in values]
        return pd.DataFrame(
            {
                "Code": selected,
                "Name": [_name(coin, c) for c in selected],
                dimension: [_ancestor(coin, c, report_level) for c in selected],
                "Rank": [float(unit_ranks[c]) for c in selected],
                "Value": values,
            }
        )

    return {"Strengths": table(strong), "Weaknesses": table(weak)}


# -- what each element adds ---------------------------------------------------------------------


def remove_elements(
    coin: Coin, level: int, dset: str = "Aggregated", iCode: str | None = None
) -> dict[str, Any]:
    """COINr's remove_elements: for each code of `level`, its weight set to zero and
    the coin regenerated; returns the scores of `iCode` (the index by default) with
    each code removed, their ranks, the rank differences (nominal minus new) and the
    mean absolute rank difference per removed code."""
    fw = coin.framework
    if not 1 <= level < fw.top_level:
        raise IndexSpecError(f"level must be between 1 and {fw.top_level - 1}")
    code = iCode or fw.index_code
    agg_call = next((c for c in reversed(coin.log) if c.name == "aggregate"), None)
    if agg_call is None:
        raise IndexSpecError("remove_elements needs a coin with an aggregate step")
    weights = dict(coin.weight_set(agg_call.args.get("w")))
    ds = coin.get_dset(dset)
    scores = pd.DataFrame({"uCode": ds.ucode, "Nominal": ds.col(code)})
    for element in fw.codes_at(level):
        removed = coin.regen({"aggregate": {"w": {**weights, element: 0.0}}})
        new = removed.get_dset(dset)
        scores = scores.merge(
            pd.DataFrame({"uCode": new.ucode, element: new.col(code)}), on="uCode", how="inner"
        )
    cols = [c for c in scores.columns if c != "uCode"]
    ranks = rank_frame(scores, cols)
    diffs = ranks.copy()
    for c in cols:
        diffs[c] = ranks["Nominal"] - ranks[c]
    abs_diffs = diffs.copy()
    abs_diffs[cols] = diffs[cols].abs()
    return {
        "Scores": scores,
        "Ranks": ranks,
        "RankDiffs": diffs,
        "RankAbsDiffs": abs_diffs,
        "MeanAbsDiff": abs_diffs[cols].mean(skipna=True),
    }


# -- comparing coins ----------------------------------------------------------------------------


def _values(coin: Coin, dset: str, code: str) -> pd.DataFrame:
    ds = coin.get_dset(dset)
    if code not in ds.columns:
        raise IndexSpecError(f"{dset} has no {code}")
    return pd.DataFrame({"uCode": ds.ucode, code: ds.col(code)})


def compare_coins(
    coin1: Coin,
    coin2: Coin,
    dset: str = "Aggregated",
    iCode: str | None = None,
    compare_by: str = "ranks",
    sort_by: str | None = None,
    decreasing: bool = False,
) -> pd.DataFrame:
    """COINr's compare_coins: the code's rank (or score) in each coin, matched by unit
    (a unit in one coin only appears with a gap), Diff = coin.1 - coin.2 and Abs.diff."""
    if compare_by not in ("ranks", "scores"):
        raise IndexSpecError("compare_by must be ranks or scores")
    code = iCode or coin1.framework.index_code
    both = _values(coin1, dset, code).merge(
        _values(coin2, dset, code), on="uCode", how="outer", suffixes=(".x", ".y")
    )
    cols = [f"{code}.x", f"{code}.y"]
    if compare_by == "ranks":
        both = rank_frame(both, cols)
    out = pd.DataFrame(
        {
            "uCode": both["uCode"],
            "coin.1": both[cols[0]],
            "coin.2": both[cols[1]],
        }
    )
    out["Diff"] = out["coin.1"] - out["coin.2"]
    out["Abs.diff"] = out["Diff"].abs()
    if sort_by is not None:
        if sort_by not in out.columns:
            raise IndexSpecError(f"sort_by must be one of {list(out.columns)}")
        out = out.sort_values(sort_by, ascending=not decreasing, kind="stable")
    return out.reset_index(drop=True)


def compare_coins_multi(
    coins: Mapping[str, Coin] | Sequence[Coin],
    dset: str = "Aggregated",
    iCode: str | None = None,
    tabtype: str = "Values",
    ibase: int = 0,
    compare_by: str = "ranks",
    sort_table: bool = True,
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """COINr's compare_coins_multi: one column per coin (named, or coin.1, coin.2 ...),
    units of the base coin `ibase` (0-based here); tabtype Values, Diffs (each minus the
    base), AbsDiffs, or All (the three)."""
    if tabtype == "All":
        return {
            t: compare_coins_multi(coins, dset, iCode, t, ibase, compare_by, sort_table)  # type: ignore[misc]
            for t in ("Values", "Diffs", "AbsDiffs")
        }
    if tabtype not in ("Values", "Diffs", "AbsDiffs"):
        raise IndexSpecError("tabtype must be Values, Diffs, AbsDiffs or All")
    named = (
        dict(coins)
        if isinstance(coins, Mapping)
        else {f"coin.{i + 1}": c for i, c in enumerate(coins)}
    )
    if len(named) < 2:
        raise IndexSpecError("compare at least two coins")
    names = list(named)
    if not 0 <= ibase < len(names):
        raise IndexSpecError(f"ibase must be between 0 and {len(names) - 1}")
    order = [names[ibase], *[n for i, n in enumerate(names) if i != ibase]]
    code = iCode or named[order[0]].framework.index_code
    table = _values(named[order[0]], dset, code).rename(columns={code: order[0]})
    for name in order[1:]:
        table = table.merge(
            _values(named[name], dset, code).rename(columns={code: name}), on="uCode", how="left"
        )
    if compare_by == "ranks":
        table = rank_frame(table, order)
    if tabtype != "Values":
        base = table[order[0]].copy()
        for name in order:
            table[name] = table[name] - base
    if tabtype == "AbsDiffs":
        table[order] = table[order].abs()
    if sort_table:
        table = table.sort_values(order[0], kind="stable")
    return table.reset_index(drop=True)


def compare_coins_corr(
    coin1: Coin,
    coin2: Coin,
    dset: str = "Aggregated",
    iCodes: Sequence[str] = (),
    compare_by: str = "ranks",
) -> pd.DataFrame:
    """COINr's compare_coins_corr: per code, the Pearson correlation between the two
    coins' ranks (or scores); missing if any unit lacks a value in either, as R's cor."""
    codes = list(iCodes) or coin1.framework.codes_at(coin1.framework.top_level - 1)
    rows = []
    for code in codes:
        table = compare_coins(coin1, coin2, dset, code, compare_by)
        a, b = table["coin.1"].to_numpy(float), table["coin.2"].to_numpy(float)
        ok = not (np.isnan(a).any() or np.isnan(b).any()) and a.std() > 0 and b.std() > 0
        rows.append(
            {"iCode": code, "Correlation": float(np.corrcoef(a, b)[0, 1]) if ok else np.nan}
        )
    return pd.DataFrame(rows)


# -- panels, denominators, availability -------------------------------------------------------


def cagr(t: np.ndarray, y: np.ndarray) -> float:
    """COINr's CAGR: (y_last / y_first)^(1 / (t_last - t_first)) - 1 over the observed
    points; 0 when the two are equal, missing with fewer than two points."""
    ok = ~np.isnan(y)
    if ok.sum() < 2:
        return float("nan")
    order = np.argsort(t[ok], kind="stable")
    tt, yy = t[ok][order], y[ok][order]
    if yy[-1] == yy[0]:
        return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return float((yy[-1] / yy[0]) ** (1.0 / (tt[-1] - tt[0])) - 1.0)


def prc_change(t: np.ndarray, y: np.ndarray, per: float = 1.0) -> float:
    """COINr's prc_change: percent change per `per` time units; with three points or
    more, the slope of a least-squares line relative to the line's first value."""
    ok = ~np.isnan(y)
    if ok.sum() < 2:
        return float("nan")
    order = np.argsort(t[ok], kind="stable")
    tt, yy = t[ok][order].astype(float), y[ok][order]
    if np.unique(yy).size == 1:
        return 0.0
    if len(yy) < 3:
        return float((yy[-1] - yy[0]) * 100 / yy[0] * (per / (tt[-1] - tt[0])))
    slope, intercept = np.polyfit(tt, yy, 1)
    return float(slope * per / (intercept + slope * tt[0]) * 100)


TRENDS = {"CAGR": cagr, "prc_change": prc_change}


def get_trends(
    coin: Coin,
    dset: str = "Raw",
    uCodes: Sequence[str] | None = None,
    iCodes: Sequence[str] | None = None,
    Time: Sequence[int] | None = None,
    use_latest: int | None = None,
    f_trend: str = "CAGR",
    adjust_directions: bool = False,
) -> pd.DataFrame:
    """COINr's get_trends on a panel coin: per unit and indicator, the trend (CAGR by
    default) over the observed years (those in `Time`, or the latest `use_latest`
    observed ones), with the share of years observed and the first and last year used."""
    if f_trend not in TRENDS:
        raise IndexSpecError(f"f_trend must be one of {sorted(TRENDS)}")
    ds = coin.get_dset(dset)
    if ds.time is None:
        raise IndexSpecError("trends need a panel (panel: true in the spec)")
    codes = list(iCodes or [c for c in ds.columns if c in coin.framework.indicators])
    units = list(uCodes or dict.fromkeys(ds.ucode.tolist()))
    rows = []
    for unit in units:
        sel = ds.ucode == unit
        if Time is not None:
            sel &= np.isin(ds.time, list(Time))
        t = ds.time[sel].astype(float)
        for code in codes:
            y = ds.col(code)[sel].astype(float)
            if adjust_directions:
                y = y * coin.framework.direction.get(code, 1.0)
            seen = ~np.isnan(y)
            tu, yu = t, y
            if use_latest is not None and seen.sum():
                keep = np.sort(t[seen])[-use_latest:]
                mask = np.isin(t, keep)
                tu, yu = t[mask], y[mask]
            observed = tu[~np.isnan(yu)]
            rows.append(
                {
                    "uCode": unit,
                    "iCode": code,
                    "Trend": TRENDS[f_trend](tu, yu),
                    "Avail": float(seen.mean()) if seen.size else 0.0,
                    "t_first": observed.min() if observed.size > 1 else np.nan,
                    "t_latest": observed.max() if observed.size > 1 else np.nan,
                }
            )
    return pd.DataFrame(rows)


def get_denom_corr(
    coin: Coin,
    dset: str = "Raw",
    cor_thresh: float = 0.6,
    cortype: str = "pearson",
    nround: int | None = 2,
) -> pd.DataFrame:
    """COINr's get_denom_corr: indicator-denominator pairs whose correlation (pairwise
    complete units) exceeds `cor_thresh` in absolute value: indicators that may be
    measuring size and are candidates for denominating."""
    if cortype not in ("pearson", "spearman"):
        raise IndexSpecError("cortype must be pearson or spearman")
    fw = coin.framework
    if not fw.denom_cols:
        raise IndexSpecError("no denominators: iMeta has no rows of Type Denominator")
    ds = coin.get_dset(dset)
    frame = _frame(coin, dset, fw.denom_cols)
    rows = []
    for ind in [c for c in fw.indicators if c in ds.columns]:
        for den in fw.denom_cols:
            pair = frame[[ind, den]].apply(pd.to_numeric, errors="coerce").dropna()
            if len(pair) < 3 or pair[ind].nunique() < 2 or pair[den].nunique() < 2:
                continue
            r = pair[ind].corr(pair[den], method=cortype)
            if abs(r) > cor_thresh:
                rows.append(
                    {
                        "Ind": ind,
                        "Denom": den,
                        "Corr": round(r, nround) if nround is not None else r,
                    }
                )
    return (
        pd.DataFrame(rows, columns=["Ind", "Denom", "Corr"])
        .sort_values("Ind", kind="stable")
        .reset_index(drop=True)
    )


def get_data_avail(coin: Coin, dset: str = "Raw") -> dict[str, pd.DataFrame]:
    """COINr's get_data_avail: per unit, missing and zero counts, the share available
    and the share non-zero among available (Summary); and the share available within
    each group of every level (ByGroup)."""
    fw = coin.framework
    ds = coin.get_dset(dset)
    codes = [c for c in fw.indicators if c in ds.columns]
    x = ds.cols(codes)
    n_missing = np.isnan(x).sum(axis=1)
    n_zero = (np.nan_to_num(x, nan=1.0) == 0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        non_zero = 1 - n_zero / (len(codes) - n_missing)
    summary = pd.DataFrame(
        {
            "uCode": ds.ucode,
            "N_missing": n_missing,
            "N_zero": n_zero,
            "N_miss_or_zero": n_missing + n_zero,
            "Dat_Avail": 1 - n_missing / len(codes),
            "Non_Zero": non_zero,
        }
    )
    by_group = pd.DataFrame({"uCode": ds.ucode})
    for lev in range(2, fw.top_level + 1):
        for group in fw.codes_at(lev):
            members = [j for j, c in enumerate(codes) if _ancestor(coin, c, lev) == group]
            by_group[group] = 1 - np.isnan(x[:, members]).mean(axis=1)
    if ds.time is not None:
        summary.insert(1, "Time", ds.time)
        by_group.insert(1, "Time", ds.time)
    return {"Summary": summary, "ByGroup": by_group}
