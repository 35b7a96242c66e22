"""The index page's uncertainty and sensitivity charts draw in both languages.

The rows are shaped as `web.figures.index_uncertainty` returns them: two zones, one
ranked in every run and one screened out under the nominal methods but ranked when its
open figures are drawn high enough.
"""

from __future__ import annotations

import pytest

from zonemetrics.publish import chart_specs, charts

ZONES = [
    {
        "zone": "xiangjiang",
        "name_en": "Hunan Xiangjiang New Area",
        "name_zh": "湖南湘江新区",
        "nominal": 1.0,
        "intervals": {
            "methods": {"lo": 1.0, "median": 1.0, "hi": 2.0, "ranked_share": 1.0},
            "data": {"lo": 1.0, "median": 1.0, "hi": 1.0, "ranked_share": 1.0},
            "both": {"lo": 1.0, "median": 1.5, "hi": 2.0, "ranked_share": 1.0},
        },
    },
    {
        "zone": "jiangbei",
        "name_en": "Nanjing Jiangbei New Area",
        "name_zh": "南京江北新区",
        "nominal": None,
        "intervals": {
            "methods": {"lo": None, "median": None, "hi": None, "ranked_share": 0.0},
            "data": {"lo": 1.0, "median": 2.0, "hi": 2.0, "ranked_share": 1.0},
            "both": {"lo": 1.0, "median": 2.0, "hi": 2.0, "ranked_share": 0.5},
        },
    },
]
SOBOL = [
    {"output": "MARS", "factor": f, "S1": s1, "S1_lo": s1 - 0.1, "S1_hi": s1 + 0.1,
     "ST": st, "ST_lo": st - 0.1, "ST_hi": st + 0.1}
    for f, s1, st in (("normalise", 0.2, 0.4), ("data: a-source", 0.1, 0.3))
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rank_intervals_draw_every_zone_and_leave_out_runs_without_a_rank(lang):
    spec = chart_specs.rank_intervals(ZONES, title="t", lang=lang, description="d")
    kinds = chart_specs.UNCERTAINTY_KINDS[lang]
    drawn = {(v["zone"], v["kind"]) for v in spec["data"]["values"]}
    name = "name_zh" if lang == "zh" else "name_en"
    assert (ZONES[1][name], kinds["methods"]) not in drawn  # never ranked: no interval
    assert len(drawn) == 5
    svg = charts.to_svg(spec)
    assert ZONES[0][name] in svg and kinds["both"] in svg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sobol_bars_are_the_index_packages_plot_in_the_pages_language(lang):
    spec = chart_specs.sobol_bars(SOBOL, title="影响" if lang == "zh" else "t", lang=lang,
                                  description="d")  # fmt: skip
    svg = charts.to_svg(spec)
    assert "data: a-source" in svg
    assert ("总效应" in svg) == (lang == "zh") and ("total (ST)" in svg) == (lang == "en")
