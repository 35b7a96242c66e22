"""What users type: units, indicator names, zone names with a host prefix, every
documented Chinese header, and 'did you mean' for the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zonemetrics.errors import IngestError
from zonemetrics.ingest.headers import KINDS, canonical
from zonemetrics.ingest.load import ingest_file

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "yaliqi-new-areas-gdp-2024"


def _documented_headers() -> list[tuple[str, str, str]]:
    """(table kind, column, Chinese header) for every row of the header tables in
    docs/ingest-format.md, read from the page itself so the test follows the docs."""
    kinds = {k.name: k for k in KINDS}
    found, kind, in_table = [], None, False
    for line in (ROOT / "docs" / "ingest-format.md").read_text("utf-8").splitlines():
        if line.startswith("## "):
            kind = line[3:].strip().lower()
        in_table = ("中文表头" in line) or (in_table and line.startswith("|"))
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if in_table and kind in kinds and cells[0].startswith("`"):
            columns = re.findall(r"`([a-z_]+)`", cells[0])
            chinese = [c.strip() for c in cells[1].split(",") if c.strip()]
            pairs = zip(columns, chinese, strict=True) if len(columns) > 1 else (
                (columns[0], name) for name in chinese
            )
            found += [(kind, column, name) for column, name in pairs]
    return found


DOCUMENTED = _documented_headers()


def test_the_docs_list_chinese_headers_for_every_table_with_a_header_table():
    assert {kind for kind, _, _ in DOCUMENTED} == {"observations", "sources", "zones"}
    assert ("sources", "source_id", "来源编号") in DOCUMENTED
    assert ("observations", "source", "来源编号") in DOCUMENTED


@pytest.mark.parametrize(("kind_name", "column", "header"), DOCUMENTED)
def test_every_documented_chinese_header_names_its_column(kind_name, column, header):
    kind = next(k for k in KINDS if k.name == kind_name)
    assert canonical(header, kind) == column


def test_a_sources_file_with_the_chinese_header_laiyuan_bianhao_is_imported(tiny_store, tmp_path):
    path = tmp_path / "来源.csv"
    path.write_text(
        "来源编号,标题,发布者,网址,发布日期,访问日期,可靠性,备注\n"
        "hunan-2023-bulletin,湖南省2023年统计公报,湖南省统计局,https://tjj.hunan.gov.cn,"
        "2024-03-20,2024-04-01,official,\n",
        encoding="utf-8",
    )
    report = ingest_file(tiny_store, path)
    assert (report.table_kind, report.rows_added) == ("sources", 1)


@pytest.mark.parametrize(
    ("zone", "indicator", "period", "unit", "stored"),
    [
        ("天府新区", "GDP", "2024年", "亿", ("tianfu", "gdp", "2024", 5075e8)),
        ("成都天府新区", "地区生产总值", "2024年度", "亿元", ("tianfu", "gdp", "2024", 5075e8)),
        ("tianfu", "gdp", "FY2024", "亿元", ("tianfu", "gdp", "2024", 5075e8)),
    ],
)
def test_names_units_and_periods_as_people_write_them(
    bundle_copy, tmp_path, zone, indicator, period, unit, stored
):
    path = tmp_path / "typed.csv"
    path.write_text(
        f"区域,指标,年份,数值,单位,来源\n{zone},{indicator},{period},5075,{unit},{SOURCE}\n",
        encoding="utf-8",
    )
    ingest_file(bundle_copy, path)
    held = bundle_copy.sql(
        "SELECT zone_id, indicator, period, value FROM observations "
        "WHERE source_id = ? AND period = '2024' AND zone_id = 'tianfu' AND value = 5075e8",
        [SOURCE],
    )
    assert held == [stored]


def test_an_rd_intensity_alias_is_understood(bundle_copy, tmp_path):
    path = tmp_path / "rd.csv"
    path.write_text(
        f"zone,indicator,period,value,unit,source\n湘江新区,R&D强度,2024,5.1,%,{SOURCE}\n",
        encoding="utf-8",
    )
    ingest_file(bundle_copy, path)
    assert bundle_copy.sql(
        "SELECT indicator FROM observations WHERE source_id = ? AND zone_id = 'xiangjiang'",
        [SOURCE],
    ) == [("rd_intensity",)]


def test_a_prefix_of_another_province_is_not_stripped(bundle_copy, tmp_path):
    """成都 is in Sichuan; 两江新区 is in Chongqing: the name stays unknown."""
    path = tmp_path / "wrong_prefix.csv"
    path.write_text(
        f"zone,indicator,period,value,unit,source\n成都两江新区,gdp,2024,5075,亿元,{SOURCE}\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError, match="unknown zone '成都两江新区'"):
        ingest_file(bundle_copy, path)


def test_unknown_zone_indicator_and_unit_come_with_suggestions(bundle_copy, tmp_path):
    path = tmp_path / "typos.csv"
    path.write_text(
        f"zone,indicator,period,value,unit,source\nxiangjian,gdp_growth_rael,2024,5,亿园,{SOURCE}\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as caught:
        ingest_file(bundle_copy, path)
    reasons = {p.column: p.reason for p in caught.value.problems}
    assert "did you mean xiangjiang" in reasons["zone"]
    assert "did you mean gdp_growth_real" in reasons["indicator"]
    assert reasons["unit"].startswith("unknown unit '亿园'")


def test_a_bare_magnitude_is_not_read_for_a_percentage(bundle_copy, tmp_path):
    path = tmp_path / "percent.csv"
    path.write_text(
        f"zone,indicator,period,value,unit,source\nxiangjiang,rd_intensity,2024,5,亿,{SOURCE}\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError, match="unknown unit '亿'"):
        ingest_file(bundle_copy, path)
