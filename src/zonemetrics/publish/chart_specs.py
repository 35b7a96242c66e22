"""The charts the report, the web app and the index pages share, as Vega-Lite specs.

Each builder takes plain records (from `zonemetrics.web.figures`) and returns a spec
from `charts.base_spec`, with a description that pages use as the chart's alt text.
Nothing here relies on colour alone: bounds and low-tier values also change the mark's
shape, and every chart is shown with its data table beside it.
"""

from __future__ import annotations

import json
from typing import Any

from zonemetrics.publish.charts import Spec, base_spec

#: Shapes of a value's markers, so that a bound or a weak source is seen without colour
MARKER_SHAPES = {"exact": "circle", "bound": "triangle-up", "low_tier": "diamond"}
MARKER_LEGEND = {
    "en": {"exact": "value", "bound": "bound", "low_tier": "low-tier source"},
    "zh": {"exact": "数值", "bound": "界限值", "low_tier": "低可靠性来源"},
}


def _mark_kind(markers: list[str]) -> str:
    if "bound" in markers:
        return "bound"
    if "low_tier" in markers:
        return "low_tier"
    return "exact"


def _shape_encoding(lang: str) -> dict[str, Any]:
    labels = MARKER_LEGEND[lang]
    return {
        "field": "mark_kind",
        "type": "nominal",
        "title": "",
        "scale": {
            "domain": [labels[k] for k in MARKER_SHAPES],
            "range": list(MARKER_SHAPES.values()),
        },
    }


def _name(row: dict[str, Any], lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


def ranking_bar(
    rows: list[dict[str, Any]],
    *,
    title: str,
    unit_label: str,
    scale: float,
    lang: str,
    description: str,
) -> Spec:
    """Zones ranked on one indicator in one year: a bar per exact value, a triangle for a
    bound, and each zone's rank range as text ("3-5") where bounds leave it open."""
    legend = MARKER_LEGEND[lang]
    values = []
    for row in rows:
        if row.get("value") is None:
            continue
        kind = _mark_kind(row.get("markers") or [])
        best, worst = row.get("rank_best"), row.get("rank_worst")
        if best is None:
            rank_text = "–"
        elif best == worst:
            rank_text = str(best)
        else:
            rank_text = f"{best}-{worst}"
        values.append(
            {
                "zone": _name(row, lang),
                "value": row["value"] / scale,
                "mark_kind": legend[kind],
                "is_bound": kind == "bound",
                "rank_text": rank_text,
                "order": row.get("rank") or 10_000,
            }
        )
    y = {
        "field": "zone",
        "type": "nominal",
        "title": None,
        "sort": {"field": "order", "op": "min", "order": "ascending"},
    }
    x = {"field": "value", "type": "quantitative", "title": unit_label}
    return _bar_rows(
        title,
        description,
        values,
        [
            {
                "transform": [{"filter": "!datum.is_bound"}],
                "mark": {"type": "bar", "color": "#4c78a8"},
                "encoding": {"y": y, "x": x, "tooltip": [{"field": "zone"}, x]},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "color": "#222"},
                "encoding": {"y": y, "x": x, "shape": _shape_encoding(lang)},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 10},
                "encoding": {"y": y, "x": x, "text": {"field": "rank_text"}},
            },
        ],
    )


def _bar_rows(title: str, description: str, values: list[dict[str, Any]], layers: list) -> Spec:
    """A horizontal bar chart, one row per zone: the frame the ranking and the index
    scores share (their layers differ)."""
    spec = base_spec(title, description)
    spec.update({"width": 420, "height": {"step": 18}, "data": {"values": values}, "layer": layers})
    return spec


def time_series(
    cells: list[dict[str, Any]],
    names: dict[str, str],
    *,
    title: str,
    unit_label: str,
    scale: float,
    lang: str,
    description: str,
) -> Spec:
    """Values over the years, one line per zone; a point's shape shows a bound or a
    low-tier source and a conflict among sources is circled."""
    legend = MARKER_LEGEND[lang]
    values = [
        {
            "zone": names.get(c["zone"], c["zone"]),
            "year": c["year"],
            "value": c["value"] / scale,
            "mark_kind": legend[_mark_kind(c.get("markers") or [])],
            "conflict": "conflict" in (c.get("markers") or []),
            "text": c.get("original_text") or "",
        }
        for c in cells
        if c.get("value") is not None
    ]
    # a quantitative year axis keeps the gaps between years held (2017 -> 2020 is three
    # years, not one step), so a missing year is never drawn as if it were adjacent
    x = {
        "field": "year",
        "type": "quantitative",
        "title": None,
        "scale": {"zero": False},
        "axis": {"format": "d", "tickMinStep": 1},
    }
    y = {"field": "value", "type": "quantitative", "title": unit_label}
    zone = {"field": "zone", "type": "nominal", "title": None}
    spec = base_spec(title, description)
    spec.update(
        {
            "width": 420,
            "height": 220,
            "data": {"values": values},
            "layer": [
                {"mark": {"type": "line"}, "encoding": {"x": x, "y": y, "color": zone}},
                {
                    "mark": {"type": "point", "filled": True, "size": 60},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "color": zone,
                        "shape": _shape_encoding(lang),
                        "tooltip": [zone, x, y, {"field": "text", "title": ""}],
                    },
                },
                {
                    "transform": [{"filter": "datum.conflict"}],
                    "mark": {"type": "point", "size": 220, "color": "#d62728", "strokeWidth": 2},
                    "encoding": {"x": x, "y": y},
                },
            ],
        }
    )
    return spec


def china_map(
    rows: list[dict[str, Any]],
    topojson: str | dict[str, Any],
    *,
    title: str,
    unit_label: str,
    scale: float,
    lang: str,
    description: str,
) -> Spec:
    """China's provinces with each zone a point at its host city, coloured by value;
    zones without a value are grey crosses (missing is shown, not dropped)."""
    topo = json.loads(topojson) if isinstance(topojson, str) else topojson
    legend = MARKER_LEGEND[lang]
    no_data = "无数据" if lang == "zh" else "no data"
    points = []
    for row in rows:
        place = row.get("place")
        if not place:
            continue
        has_value = row.get("value") is not None
        points.append(
            {
                "zone": _name(row, lang),
                "longitude": place["longitude"],
                "latitude": place["latitude"],
                "value": row["value"] / scale if has_value else None,
                "mark_kind": legend[_mark_kind(row.get("markers") or [])] if has_value else no_data,
                "has_value": has_value,
            }
        )
    position = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
    }
    shape_scale = _shape_encoding(lang)
    shape_scale["scale"]["domain"].append(no_data)
    shape_scale["scale"]["range"].append("cross")
    spec = base_spec(title, description)
    spec.update(
        {
            "width": 520,
            "height": 420,
            "projection": {"type": "mercator"},
            "layer": [
                {
                    "data": {"values": topo, "format": {"type": "topojson", "feature": "chn"}},
                    "mark": {"type": "geoshape", "fill": "#eef0f2", "stroke": "#9aa3ad"},
                },
                {
                    "data": {"values": points},
                    "mark": {"type": "point", "filled": True, "size": 120, "opacity": 0.9},
                    "encoding": position
                    | {
                        "color": {
                            "condition": {
                                "test": "datum.has_value",
                                "field": "value",
                                "type": "quantitative",
                                "title": unit_label,
                                "scale": {"scheme": "viridis", "reverse": True},
                            },
                            "value": "#888888",
                        },
                        "shape": shape_scale,
                        "tooltip": [
                            {"field": "zone", "title": " "},
                            {"field": "value", "title": unit_label, "format": ",.4~g"},
                        ],
                    },
                },
            ],
        }
    )
    return spec


def index_scores(rows: list[dict[str, Any]], *, title: str, lang: str, description: str) -> Spec:
    """Composite index scores as bars in rank order, the rank written beside each bar."""
    values = [
        {"zone": _name(r, lang), "score": r["index"], "rank": r["rank"]}
        for r in rows
        if r.get("index") is not None
    ]
    y = {"field": "zone", "type": "nominal", "title": None,
         "sort": {"field": "rank", "op": "min", "order": "ascending"}}  # fmt: skip
    x = {"field": "score", "type": "quantitative", "title": "0-100"}
    return _bar_rows(
        title,
        description,
        values,
        [
            {"mark": {"type": "bar", "color": "#4c78a8"}, "encoding": {"y": y, "x": x}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10},
                "encoding": {"y": y, "x": x, "text": {"field": "rank"}},
            },
        ],
    )


def framework_tree(framework: list[dict[str, Any]], *, title: str, description: str) -> Spec:
    """COINr's plot_framework as a tidy tree: the index, its pillars and indicators,
    each label with its weight."""
    nodes = [
        {
            "id": row["iCode"],
            "parent": None if row.get("Parent") in (None, "") else row["Parent"],
            "label": f"{row['iName']} (w={row['Weight']:g})",
        }
        for row in framework
    ]
    spec = base_spec(title, description)
    spec.pop("$schema")
    return {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "description": description,
        "title": title,
        "width": 520,
        "height": max(120, 26 * len(nodes)),
        "padding": 5,
        "config": spec["config"],
        "data": [
            {
                "name": "tree",
                "values": nodes,
                "transform": [
                    {"type": "stratify", "key": "id", "parentKey": "parent"},
                    {"type": "tree", "method": "tidy", "size": [{"signal": "height"},
                     {"signal": "width - 220"}], "as": ["y", "x", "depth", "children"]},
                ],
            },
            {
                "name": "links",
                "source": "tree",
                "transform": [{"type": "treelinks"}, {"type": "linkpath", "orient": "horizontal"}],
            },
        ],
        "marks": [
            {"type": "path", "from": {"data": "links"},
             "encode": {"update": {"path": {"field": "path"}, "stroke": {"value": "#9aa3ad"}}}},
            {"type": "symbol", "from": {"data": "tree"},
             "encode": {"enter": {"size": {"value": 60}, "fill": {"value": "#1f3b57"}},
                        "update": {"x": {"field": "x"}, "y": {"field": "y"}}}},
            {"type": "text", "from": {"data": "tree"},
             "encode": {"enter": {"text": {"field": "label"}, "fontSize": {"value": 11},
                                  "baseline": {"value": "middle"}},
                        "update": {"x": {"field": "x"}, "y": {"field": "y"}, "dx": {"value": 8}}}},
        ],
    }  # fmt: skip


UNCERTAINTY_KINDS = {
    "en": {"methods": "methods", "data": "data", "both": "methods and data"},
    "zh": {"methods": "方法", "data": "数据", "both": "方法与数据"},
}


def rank_intervals(rows: list[dict[str, Any]], *, title: str, lang: str, description: str) -> Spec:
    """Each zone's rank interval under uncertainty (COINr's plot_uncertainty): a rule
    from the interval's best to its worst rank for the methods, the data and both, the
    median as a dot and the nominal rank as a tick. Intervals are told apart by their
    row offset and the legend's label as well as colour."""
    kinds = UNCERTAINTY_KINDS[lang]
    values = [
        {
            "zone": _name(r, lang),
            "nominal": r["nominal"],
            "kind": kinds[kind],
            "lo": interval["lo"],
            "median": interval["median"],
            "hi": interval["hi"],
        }
        for r in rows
        for kind, interval in r["intervals"].items()
        if interval["lo"] is not None
    ]
    order = [_name(r, lang) for r in rows]
    rank_title = "排名" if lang == "zh" else "Rank"
    y = {"field": "zone", "type": "nominal", "title": None, "sort": order,
         "axis": {"labelLimit": 400}}  # fmt: skip
    colour = {"field": "kind", "type": "nominal", "title": None,
              "scale": {"domain": list(kinds.values())}}  # fmt: skip
    spec = base_spec(title, description)
    spec.update(
        {
            "width": 420,
            "height": {"step": 9},  # per interval kind: three rows a zone
            "data": {"values": values},
            "encoding": {"y": y, "yOffset": {"field": "kind", "sort": list(kinds.values())}},
            "layer": [
                {
                    "mark": {"type": "rule", "strokeWidth": 2},
                    "encoding": {
                        "x": {
                            "field": "lo",
                            "type": "quantitative",
                            "title": rank_title,
                            "scale": {"zero": False},
                        },
                        "x2": {"field": "hi"},
                        "color": colour,
                    },
                },
                {
                    "mark": {"type": "point", "filled": True},
                    "encoding": {
                        "x": {"field": "median", "type": "quantitative"},
                        "color": colour,
                        "tooltip": [
                            {"field": "zone"},
                            {"field": "kind"},
                            {"field": "lo"},
                            {"field": "median"},
                            {"field": "hi"},
                            {"field": "nominal"},
                        ],
                    },
                },
                {
                    "mark": {"type": "tick", "color": "black", "thickness": 2},
                    "encoding": {"x": {"field": "nominal", "type": "quantitative"}},
                },
            ],
        }
    )
    return spec


SOBOL_LABELS_ZH = {"first order (S1)": "一阶（S1）", "total (ST)": "总效应（ST）"}


def sobol_bars(rows: list[dict[str, Any]], *, title: str, lang: str, description: str) -> Spec:
    """First-order and total Sobol indices per factor with their bootstrap intervals:
    the index package's plot_sensitivity (COINr's), with the page's title and alt text
    and, in Chinese, its index names and axis title translated."""
    import pandas as pd

    from zonemetrics.index.plots import plot_sensitivity

    spec = plot_sensitivity(pd.DataFrame(rows), output="MARS")
    spec["title"], spec["description"] = title, description
    if lang == "zh":
        for row in spec["data"]["values"]:
            row["index"] = SOBOL_LABELS_ZH.get(row["index"], row["index"])
        spec["layer"][0]["encoding"]["y"]["title"] = "Sobol 指数"
    return spec
