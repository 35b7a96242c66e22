"""COINr's plots as Vega-Lite specifications: framework, bar, dot, scatter, distribution,
correlation, uncertainty and sensitivity.

Each function returns a plain dict built on `zonemetrics.publish.charts.base_spec`, so
the command line (`zonemetrics index plot KIND SPEC --out FILE`), the report and the web
app draw the same chart; `charts.render(spec, path)` writes SVG, PNG, PDF or HTML. The
data go inline in the specification, which keeps a chart one self-contained object.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import effective_weights
from zonemetrics.publish.charts import Spec, base_spec

HIGHLIGHT = "#d62728"
NEUTRAL = "#9ecae1"
KINDS = (
    "framework",
    "bar",
    "dot",
    "scatter",
    "dist",
    "corr",
    "uncertainty",
    "sensitivity",
)


def _clean(value: Any) -> Any:
    """JSON-safe scalars: NaN becomes null (Vega drops it), numpy numbers become Python's."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def unit_labels(coin: Coin, lang: str = "en") -> dict[str, str]:
    """uCode -> the name shown on charts: uName (English) or, with lang "zh", uName_zh
    when iData has it (the ledger index has both), else the code."""
    idata = coin.idata
    column = "uName_zh" if lang == "zh" and "uName_zh" in idata.columns else "uName"
    if column not in idata.columns:
        return {}
    names = idata[["uCode", column]].dropna().astype(str)
    return dict(zip(names["uCode"], names[column], strict=True))


def _unit_frame(coin: Coin, dset: str, codes: Sequence[str], lang: str = "en") -> pd.DataFrame:
    ds = coin.get_dset(dset)
    missing = [c for c in codes if c not in ds.columns]
    if missing:
        raise IndexSpecError(f"data set {dset} has no column(s) {', '.join(missing)}")
    frame = pd.DataFrame({"uCode": ds.ucode.astype(str)})
    if lang not in ("en", "zh"):
        raise IndexSpecError("lang must be en or zh")
    labels = unit_labels(coin, lang)
    frame["unit"] = [labels.get(u, u) for u in frame["uCode"]]
    for code in codes:
        frame[code] = ds.col(code)
    return frame


def _check_units(frame: pd.DataFrame, usel: Sequence[str]) -> list[str]:
    unknown = [u for u in usel if u not in set(frame["uCode"])]
    if unknown:
        raise IndexSpecError(f"unit(s) not in the data set: {', '.join(unknown)}")
    return list(usel)


# -- framework -----------------------------------------------------------------------------


def framework_arcs(coin: Coin, w: str | None = None) -> pd.DataFrame:
    """One arc per code below the index: its ring (level), its angles and its effective
    weight. Children share their parent's arc in proportion to their weights, so the
    angle of every arc is its real share of the index (COINr's plot_framework)."""
    fw = coin.framework
    weights = coin.weight_set(w)
    eff = effective_weights(fw, weights)
    rows: list[dict[str, Any]] = []
    ring_of = {lev: fw.top_level - lev for lev in range(1, fw.top_level)}

    def place(code: str, start: float, end: float) -> None:
        kids = fw.children(code)
        total = sum(weights[k] for k in kids)
        angle = start
        for k in kids:
            span = (end - start) * (weights[k] / total if total else 0.0)
            rows.append(
                {
                    "iCode": k,
                    "Level": fw.level[k],
                    "ring": ring_of[fw.level[k]],
                    "pillar": _ancestor_below_top(fw, k),
                    "start": angle,
                    "end": angle + span,
                    "mid": angle + span / 2,
                    "weight": eff.get(k, float("nan")),
                }
            )
            if fw.level[k] > 1:
                place(k, angle, angle + span)
            angle += span

    place(fw.index_code, 0.0, 2 * math.pi)
    return pd.DataFrame(rows)


def _ancestor_below_top(fw: Any, code: str) -> str:
    node = code
    while fw.parent.get(node) is not None and fw.level[fw.parent[node]] < fw.top_level:
        node = fw.parent[node]
    return node


def plot_framework(coin: Coin, w: str | None = None, size: int = 520) -> Spec:
    """A sunburst of the framework: the index in the middle, one ring per level out to
    the indicators, each arc as wide as its effective weight."""
    arcs = framework_arcs(coin, w)
    fw = coin.framework
    n_rings = fw.top_level - 1
    inner = size * 0.08
    band = (size / 2 - inner) / n_rings
    arcs["r0"] = inner + arcs["ring"] * band
    arcs["r1"] = arcs["r0"] + band - 1
    arcs["rmid"] = (arcs["r0"] + arcs["r1"]) / 2
    arcs["share"] = arcs["weight"].map(lambda v: f"{v:.1%}")
    # label an arc only where it is wide enough to hold text
    arcs["label"] = [
        code if (end - start) * rmid > 18 else ""
        for code, start, end, rmid in zip(
            arcs["iCode"], arcs["start"], arcs["end"], arcs["rmid"], strict=True
        )
    ]
    spec = base_spec(
        f"Framework of {fw.index_code}: arcs sized by effective weight",
        f"Sunburst of {len(arcs)} codes on {n_rings} rings around {fw.index_code}",
    )
    spec |= {
        "width": size,
        "height": size,
        "data": {"values": _rows(arcs)},
        "layer": [
            {
                "mark": {"type": "arc", "stroke": "white", "strokeWidth": 1},
                "encoding": {
                    "theta": {"field": "start", "type": "quantitative", "scale": None},
                    "theta2": {"field": "end"},
                    "radius": {"field": "r0", "type": "quantitative", "scale": None},
                    "radius2": {"field": "r1"},
                    "color": {"field": "pillar", "type": "nominal", "title": "Group"},
                    "opacity": {
                        "field": "Level",
                        "type": "ordinal",
                        "scale": {"range": [0.55, 0.8, 1.0]},
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "iCode", "title": "Code"},
                        {"field": "Level"},
                        {"field": "share", "title": "Effective weight"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 9},
                "encoding": {
                    "theta": {"field": "mid", "type": "quantitative", "scale": None},
                    "radius": {"field": "rmid", "type": "quantitative", "scale": None},
                    "text": {"field": "label"},
                },
            },
        ],
    }
    return spec


# -- units: bar and dot ----------------------------------------------------------------------


def plot_bar(
    coin: Coin,
    dset: str = "Aggregated",
    iCode: str | None = None,
    usel: Sequence[str] = (),
    stack_children: bool = False,
    lang: str = "en",
) -> Spec:
    """Every unit's value of one code, sorted, with the selected units highlighted
    (COINr's plot_bar); `stack_children` splits each bar into the weighted
    contributions of the code's children."""
    code = iCode or coin.framework.index_code
    frame = _unit_frame(coin, dset, [code], lang)
    sel = _check_units(frame, usel)
    frame["selected"] = frame["uCode"].isin(sel)
    spec = base_spec(f"{code} ({dset})", f"Bar chart of {code} for {len(frame)} units")
    if stack_children and coin.framework.level.get(code, 1) > 1:
        return spec | _stacked_bar(coin, dset, code, lang)
    spec |= {
        "width": {"step": 14},
        "height": 300,
        "data": {"values": _rows(frame)},
        "mark": "bar",
        "encoding": {
            "x": {
                "field": "unit",
                "type": "nominal",
                "sort": "-y",
                "title": None,
                "axis": {"labelLimit": 400},
            },
            "y": {"field": code, "type": "quantitative", "title": code},
            "color": {
                "condition": {"test": "datum.selected", "value": HIGHLIGHT},
                "value": NEUTRAL,
            },
            "tooltip": [{"field": "unit"}, {"field": "uCode"}, {"field": code, "format": ".2f"}],
        },
    }
    return spec


def _stacked_bar(coin: Coin, dset: str, code: str, lang: str) -> Spec:
    fw = coin.framework
    kids = fw.children(code)
    weights = coin.weight_set()
    total = sum(weights[k] for k in kids)
    parts = _unit_frame(coin, dset, kids, lang)
    long = parts.melt(id_vars=["uCode", "unit"], var_name="component", value_name="value")
    long["contribution"] = long["value"] * long["component"].map(
        {k: weights[k] / total for k in kids}
    )
    return {
        "width": {"step": 14},
        "height": 300,
        "data": {"values": _rows(long)},
        "mark": "bar",
        "encoding": {
            "x": {"field": "unit", "type": "nominal", "sort": "-y", "title": None},
            "y": {
                "aggregate": "sum",
                "field": "contribution",
                "type": "quantitative",
                "title": f"{code} (weighted contributions)",
            },
            "color": {"field": "component", "type": "nominal"},
            "tooltip": [{"field": "unit"}, {"field": "component"}, {"field": "value"}],
        },
    }


def plot_dot(
    coin: Coin,
    dset: str = "Aggregated",
    iCodes: Sequence[str] = (),
    usel: Sequence[str] = (),
    lang: str = "en",
) -> Spec:
    """One row of dots per code, one dot per unit, the selected units drawn over the
    others (COINr's plot_dot): where a unit stands among the others on each code."""
    codes = list(iCodes) or coin.framework.codes_at(2)
    frame = _unit_frame(coin, dset, codes, lang)
    sel = _check_units(frame, usel)
    long = frame.melt(id_vars=["uCode", "unit"], var_name="iCode", value_name="value")
    long["selected"] = long["uCode"].isin(sel)
    spec = base_spec(
        f"{', '.join(sel) or 'Units'} among {len(frame)} units ({dset})",
        f"Dot plot of {len(codes)} codes",
    )
    spec |= {
        "width": 480,
        "data": {"values": _rows(long)},
        "layer": [
            {
                "mark": {"type": "circle", "size": 40, "opacity": 0.45},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative", "title": dset},
                    "y": {"field": "iCode", "type": "nominal", "sort": codes, "title": None},
                    "color": {"value": NEUTRAL},
                    "tooltip": [{"field": "unit"}, {"field": "iCode"}, {"field": "value"}],
                },
            },
            {
                "transform": [{"filter": "datum.selected"}],
                "mark": {"type": "circle", "size": 110},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "y": {"field": "iCode", "type": "nominal", "sort": codes},
                    "color": {
                        "field": "unit",
                        "type": "nominal",
                        "title": "Unit",
                        "scale": {"scheme": "set1"},
                    },
                    "tooltip": [{"field": "unit"}, {"field": "iCode"}, {"field": "value"}],
                },
            },
        ],
    }
    return spec


# -- scatter, distribution, correlation ----------------------------------------------------


def plot_scatter(
    coin: Coin,
    iCodes: Sequence[str],
    dsets: Sequence[str] = ("Raw", "Raw"),
    usel: Sequence[str] = (),
    log_scale: Sequence[bool] = (False, False),
    lang: str = "en",
) -> Spec:
    """One code against another (each from its own data set), units as points with
    their names, the selected ones highlighted (COINr's plot_scatter)."""
    if len(iCodes) != 2 or len(dsets) != 2:
        raise IndexSpecError("a scatter plot needs two codes (and two data sets)")
    x_code, y_code = iCodes
    xs = _unit_frame(coin, dsets[0], [x_code], lang)
    ys = _unit_frame(coin, dsets[1], [y_code], lang)
    x_name, y_name = f"{x_code} ({dsets[0]})", f"{y_code} ({dsets[1]})"
    frame = xs.rename(columns={x_code: "x"}).merge(
        ys[["uCode", y_code]].rename(columns={y_code: "y"}), on="uCode"
    )
    sel = _check_units(frame, usel)
    frame["selected"] = frame["uCode"].isin(sel)
    scale = [{"type": "log"} if lg else {"zero": False} for lg in log_scale]
    spec = base_spec(f"{y_name} against {x_name}", f"Scatter plot of {len(frame)} units")
    point_enc = {
        "x": {"field": "x", "type": "quantitative", "title": x_name, "scale": scale[0]},
        "y": {"field": "y", "type": "quantitative", "title": y_name, "scale": scale[1]},
    }
    spec |= {
        "width": 420,
        "height": 360,
        "data": {"values": _rows(frame)},
        "layer": [
            {
                "mark": {"type": "point", "filled": True, "size": 50},
                "encoding": point_enc
                | {
                    "color": {
                        "condition": {"test": "datum.selected", "value": HIGHLIGHT},
                        "value": "#3182bd",
                    },
                    "tooltip": [{"field": "unit"}, {"field": "x"}, {"field": "y"}],
                },
            },
            {
                "mark": {"type": "text", "dx": 6, "align": "left", "fontSize": 8},
                "encoding": point_enc | {"text": {"field": "unit"}},
            },
        ],
    }
    return spec


def plot_dist(
    coin: Coin, dset: str = "Raw", iCodes: Sequence[str] = (), kind: str = "boxplot"
) -> Spec:
    """The distribution of each code over the units: a box plot per code (or a
    histogram of one code with kind "histogram"), as COINr's plot_dist."""
    codes = list(iCodes) or coin.framework.indicators[:12]
    frame = _unit_frame(coin, dset, codes)
    long = frame.melt(id_vars=["uCode", "unit"], var_name="iCode", value_name="value")
    spec = base_spec(f"Distribution in {dset}", f"{kind} of {len(codes)} codes")
    if kind == "histogram":
        spec |= {
            "width": 420,
            "data": {"values": _rows(long)},
            "mark": "bar",
            "encoding": {
                "x": {"field": "value", "type": "quantitative", "bin": {"maxbins": 20}},
                "y": {"aggregate": "count", "type": "quantitative", "title": "units"},
                "color": {"field": "iCode", "type": "nominal"},
            },
        }
        return spec
    if kind != "boxplot":
        raise IndexSpecError("kind must be boxplot or histogram")
    spec |= {
        "width": {"step": 36},
        "height": 300,
        "data": {"values": _rows(long)},
        "mark": {"type": "boxplot", "extent": 1.5},
        "encoding": {
            "x": {"field": "iCode", "type": "nominal", "sort": codes, "title": None},
            "y": {"field": "value", "type": "quantitative", "title": dset},
        },
    }
    return spec


def correlations(coin: Coin, dset: str, levels: Sequence[int]) -> pd.DataFrame:
    """Pearson correlations between the codes of two levels (pairwise complete units)."""
    fw = coin.framework
    a_codes, b_codes = fw.codes_at(levels[0]), fw.codes_at(levels[1])
    ds = coin.get_dset(dset)
    missing = [c for c in [*a_codes, *b_codes] if c not in ds.columns]
    if missing:
        raise IndexSpecError(f"{dset} lacks {missing[0]}: use Aggregated for levels above 1")
    rows = []
    for a in a_codes:
        for b in b_codes:
            x, y = ds.col(a), ds.col(b)
            ok = ~np.isnan(x) & ~np.isnan(y)
            r = float("nan")
            if ok.sum() > 2 and x[ok].std() > 0 and y[ok].std() > 0:
                r = float(np.corrcoef(x[ok], y[ok])[0, 1])
            rows.append({"row": a, "col": b, "r": r})
    return pd.DataFrame(rows)


def plot_corr(coin: Coin, dset: str = "Aggregated", levels: Sequence[int] = (1, 2)) -> Spec:
    """Heat map of correlations between the codes of two levels (COINr's plot_corr with
    Levels), each cell labelled with its coefficient."""
    if len(levels) != 2:
        raise IndexSpecError("give two levels, e.g. 1 2")
    table = correlations(coin, dset, levels)
    table["label"] = table["r"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    fw = coin.framework
    spec = base_spec(
        f"Correlations in {dset}: level {levels[0]} with level {levels[1]}",
        f"Heat map of {len(table)} Pearson correlations",
    )
    spec |= {
        "data": {"values": _rows(table)},
        "encoding": {
            "x": {"field": "col", "type": "nominal", "sort": fw.codes_at(levels[1]), "title": None},
            "y": {"field": "row", "type": "nominal", "sort": fw.codes_at(levels[0]), "title": None},
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "r",
                        "type": "quantitative",
                        "scale": {"scheme": "redblue", "domain": [-1, 1]},
                        "title": "r",
                    },
                    "tooltip": [{"field": "row"}, {"field": "col"}, {"field": "label"}],
                },
            },
            {"mark": {"type": "text", "fontSize": 8}, "encoding": {"text": {"field": "label"}}},
        ],
    }
    return spec


# -- uncertainty and sensitivity ------------------------------------------------------------


def plot_uncertainty(
    summary: pd.DataFrame, labels: Mapping[str, str] | None = None, level: float = 0.9
) -> Spec:
    """Ranks under uncertainty: per unit, the interval holding `level` of the runs, the
    median rank and the nominal rank (COINr's plot_uncertainty). `summary` is
    UAResult.rank_summary() or ranks.csv."""
    lo_col, hi_col = [c for c in summary.columns if c.startswith("Q")][:2]
    frame = summary.copy()
    frame["unit"] = [(labels or {}).get(u, u) for u in frame["uCode"].astype(str)]
    order = frame.sort_values("Nominal", kind="stable")["unit"].tolist()
    spec = base_spec(
        f"Ranks under uncertainty ({level:.0%} of runs between {lo_col} and {hi_col})",
        f"Rank intervals of {len(frame)} units",
    )
    y = {
        "field": "unit",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelLimit": 400},  # long zone names are shown whole
    }
    spec |= {
        "width": 420,
        "height": {"step": 12},
        "data": {"values": _rows(frame)},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 2, "color": NEUTRAL},
                "encoding": {
                    "y": y,
                    "x": {"field": lo_col, "type": "quantitative", "title": "Rank"},
                    "x2": {"field": hi_col},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "color": "#3182bd"},
                "encoding": {"y": y, "x": {"field": "Median", "type": "quantitative"}},
            },
            {
                "mark": {"type": "tick", "color": HIGHLIGHT, "thickness": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "Nominal", "type": "quantitative"},
                    "tooltip": [
                        {"field": "unit"},
                        {"field": "Nominal"},
                        {"field": "Median"},
                        {"field": lo_col},
                        {"field": hi_col},
                    ],
                },
            },
        ],
    }
    return spec


def plot_sensitivity(sobol: pd.DataFrame, output: str = "MARS") -> Spec:
    """First-order and total Sobol indices per factor with their bootstrap intervals
    (COINr's plot_sensitivity, bar type). `sobol` is UAResult.sobol_mars or a table
    read from sobol_mars.csv / sobol_units.csv (rows of `output`)."""
    table = sobol[sobol["output"].astype(str) == output]
    if table.empty:
        raise IndexSpecError(f"no Sobol indices for output {output!r}")
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "factor": table["factor"],
                    "index": name,
                    "value": table[col],
                    "lo": table[f"{col}_lo"],
                    "hi": table[f"{col}_hi"],
                }
            )
            for col, name in (("S1", "first order (S1)"), ("ST", "total (ST)"))
        ]
    )
    spec = base_spec(
        f"Sensitivity of {output}: Sobol indices",
        f"First-order and total Sobol indices of {len(table)} factors",
    )
    x = {"field": "factor", "type": "nominal", "title": None}
    spec |= {
        "width": {"step": 28},
        "height": 260,
        "data": {"values": _rows(long)},
        "encoding": {"x": x, "xOffset": {"field": "index"}},
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "y": {"field": "value", "type": "quantitative", "title": "Sobol index"},
                    "color": {"field": "index", "type": "nominal", "title": None},
                    "tooltip": [
                        {"field": "factor"},
                        {"field": "index"},
                        {"field": "value", "format": ".3f"},
                        {"field": "lo", "format": ".3f"},
                        {"field": "hi", "format": ".3f"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "black"},
                "encoding": {"y": {"field": "lo", "type": "quantitative"}, "y2": {"field": "hi"}},
            },
        ],
    }
    return spec
