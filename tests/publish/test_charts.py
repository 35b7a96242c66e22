"""Charts render offline to every format the outlets use, Chinese labels included."""

from __future__ import annotations

import json

import pytest

from zonemetrics.errors import ZonemetricsError
from zonemetrics.publish import charts


def bar_chart() -> dict:
    spec = charts.base_spec(title="地区生产总值 GDP", description="GDP of two new areas")
    spec |= {
        "data": {
            "values": [{"zone": "湘江新区", "gdp": 4500}, {"zone": "天府新区", "gdp": 4632.8}]
        },
        "mark": "bar",
        "encoding": {
            "x": {"field": "zone", "type": "nominal"},
            "y": {"field": "gdp", "type": "quantitative"},
        },
    }
    return spec


def test_svg_carries_the_chinese_labels(tmp_path):
    svg = charts.render(bar_chart(), tmp_path / "gdp.svg").read_text(encoding="utf-8")
    assert "湘江新区" in svg and "<svg" in svg


def test_png_and_pdf_are_real_files(tmp_path):
    assert charts.render(bar_chart(), tmp_path / "gdp.png").read_bytes()[:4] == b"\x89PNG"
    assert charts.render(bar_chart(), tmp_path / "gdp.pdf").read_bytes()[:4] == b"%PDF"


def test_html_embeds_the_scripts_so_it_opens_offline(tmp_path):
    html = charts.render(bar_chart(), tmp_path / "gdp.html").read_text(encoding="utf-8")
    assert "vegaEmbed" in html and "cdn.jsdelivr" not in html


def test_json_is_the_specification_itself(tmp_path):
    written = json.loads(charts.render(bar_chart(), tmp_path / "gdp.json").read_text())
    assert written["title"] == "地区生产总值 GDP"


def test_an_unknown_format_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ZonemetricsError, match=r"\.svg"):
        charts.render(bar_chart(), tmp_path / "gdp.gif")
