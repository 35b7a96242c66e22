"""Open exports: every observation with its source, in formats others can read."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from zonemetrics.publish.export import export, sdmx_time_period


def test_a_frictionless_data_package_that_validates(tiny_store, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(tiny_store, "datapackage", tmp_path / "pkg")
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert {r["name"] for r in descriptor["resources"]} >= {"observations", "sources", "zones"}
    assert any("Statistical" not in s["title"] and s.get("path") for s in descriptor["sources"])
    report = frictionless.validate(tmp_path / "pkg" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_sdmx_csv_uses_sdmx_column_names(tiny_store, tmp_path):
    export(tiny_store, "sdmx-csv", tmp_path / "ledger.sdmx.csv")
    with (tmp_path / "ledger.sdmx.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    gdp_2015 = sorted(
        (r["OBS_VALUE"], r["SOURCE_ID"])
        for r in rows
        if r["REF_AREA"] == "xiangjiang" and r["INDICATOR"] == "gdp" and r["TIME_PERIOD"] == "2015"
    )
    assert gdp_2015 == [
        ("106300000000", "xinzixun-2021-11-07"),
        ("160250000000", "rednet-en-2017-09-25"),
    ]
    assert {r["UNIT_MEASURE"] for r in rows} >= {"CNY", "percent", "rank"}


@pytest.mark.parametrize(
    ("period", "kind", "start", "end", "expected"),
    [
        ("2023", "year", 2023, 2023, "2023"),
        ("2024Q1", "quarter", 2024, 2024, "2024-Q1"),
        ("2023H1", "half", 2023, 2023, "2023-S1"),
        ("2022Q1-Q3", "part_year", 2022, 2022, "2022-01-01/P9M"),
        ("2023-01/2023-02", "part_year", 2023, 2023, "2023-01-01/P2M"),
        ("2021-2025", "span", 2021, 2025, "2021-01-01/P5Y"),
        ("2021/2022", "uncertain", 2021, 2022, None),
    ],
)
def test_sdmx_time_periods(period, kind, start, end, expected):
    assert sdmx_time_period(period, kind, start, end) == expected


def test_csv_parquet_and_xlsx_hold_the_same_observations(tiny_store, tmp_path):
    export(tiny_store, "csv", tmp_path / "csv")
    export(tiny_store, "parquet", tmp_path / "parquet")
    export(tiny_store, "xlsx", tmp_path / "ledger.xlsx")
    with (tmp_path / "csv" / "observations.csv").open(encoding="utf-8") as handle:
        csv_rows = list(csv.DictReader(handle))
    parquet_rows = pq.read_table(tmp_path / "parquet" / "observations.parquet").to_pylist()
    sheet = load_workbook(tmp_path / "ledger.xlsx", read_only=True)["observations"]
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert len(csv_rows) == len(parquet_rows) == len(xlsx_rows) - 1 == 7
    assert {r["source_id"] for r in csv_rows} == {r["source_id"] for r in parquet_rows}


def test_the_whole_bundled_ledger_exports_as_a_valid_data_package(bundle_store, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(bundle_store, "datapackage", tmp_path / "pkg")
    report = frictionless.validate(tmp_path / "pkg" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    held = bundle_store.sql("SELECT count(*) FROM sources")[0][0]
    assert len(descriptor["sources"]) == held


def test_sdmx_csv_leaves_bounds_out_of_obs_value(bundle_store, tmp_path):
    written = export(bundle_store, "sdmx-csv", tmp_path / "ledger.sdmx.csv")
    with (tmp_path / "ledger.sdmx.csv").open(encoding="utf-8") as handle:
        qualifiers = {r["OBS_QUALIFIER"] for r in csv.DictReader(handle)}
    assert qualifiers <= {"exact", "approx"}
    note = next(p for p in written if p.name.endswith(".left-out.txt")).read_text()
    assert "are bounds or bands" in note


def _csv_rows(path):
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_observations_carry_names_display_units_and_the_policys_verdict(tiny_store, tmp_path):
    export(tiny_store, "csv", tmp_path / "csv")
    rows = _csv_rows(tmp_path / "csv" / "observations.csv")
    gdp_2015 = sorted(
        (
            r
            for r in rows
            if r["zone_id"] == "xiangjiang"
            and r["indicator"] == "gdp"
            and r["period"] == "2015"
            and r["measure"] == "value"
        ),
        key=lambda r: r["judgement"],
    )
    assert [(r["judgement"], r["display_value"], r["display_unit"]) for r in gdp_2015] == [
        ("conflicting", "1063", "亿元"),
        ("preferred", "1602.5", "亿元"),
    ]
    assert {r["conflicts_in_figure"] for r in gdp_2015} == {"1"}
    assert gdp_2015[1]["preferred"] == "true"
    assert gdp_2015[1]["zone_name_zh"] == "湖南湘江新区"
    assert gdp_2015[1]["zone_name_en"] == "Hunan Xiangjiang New Area"
    assert gdp_2015[1]["indicator_name_zh"] == "地区生产总值"
    assert float(gdp_2015[1]["value"]) == 1602.5e8  # the base-unit value stays beside


def test_a_data_package_for_excel_still_validates(tiny_store, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    export(tiny_store, "datapackage", tmp_path / "pkg", excel=True)
    assert (tmp_path / "pkg" / "observations.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    report = frictionless.validate(tmp_path / "pkg" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_csv_has_a_byte_order_mark_only_with_excel(tiny_store, tmp_path):
    export(tiny_store, "csv", tmp_path / "excel", excel=True)
    export(tiny_store, "csv", tmp_path / "plain")
    for path in (tmp_path / "excel").glob("*.csv"):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path
    for path in (tmp_path / "plain").glob("*.csv"):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path
        path.read_bytes().decode("utf-8")


def test_filters_narrow_every_format(bundle_store, tmp_path):
    from zonemetrics.publish.people import Selection

    selection = Selection.of(bundle_store, ["湘江新区", "tianfu"], ["gdp"], [2022, 2023])
    export(bundle_store, "csv", tmp_path / "csv", selection)
    export(bundle_store, "parquet", tmp_path / "parquet", selection)
    export(bundle_store, "sdmx-csv", tmp_path / "s.csv", selection)
    export(bundle_store, "xlsx", tmp_path / "s.xlsx", selection)
    csv_rows = _csv_rows(tmp_path / "csv" / "observations.csv")
    parquet_rows = pq.read_table(tmp_path / "parquet" / "observations.parquet").to_pylist()
    sdmx_rows = _csv_rows(tmp_path / "s.csv")
    sheet = load_workbook(tmp_path / "s.xlsx", read_only=True)["observations"]
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    for rows in (csv_rows, parquet_rows):
        assert rows and {r["zone_id"] for r in rows} == {"xiangjiang", "tianfu"}
        assert {r["indicator"] for r in rows} == {"gdp"}
        assert {str(r["period_start_year"]) for r in rows} <= {"2022", "2023"}
    assert len(csv_rows) == len(parquet_rows) == len(xlsx_rows) - 1
    assert {r["REF_AREA"] for r in sdmx_rows} <= {"xiangjiang", "tianfu"}
    assert {r["TIME_PERIOD"] for r in sdmx_rows} <= {"2022", "2023"}
    cited = {r["source_id"] for r in csv_rows}
    assert {r["source_id"] for r in _csv_rows(tmp_path / "csv" / "sources.csv")} == cited
    ranks = _csv_rows(tmp_path / "csv" / "ranks.csv")
    assert ranks and {r["zone_id"] for r in ranks} <= {"xiangjiang", "tianfu"}
    assert {r["peer_set"] for r in ranks} == {"new_areas"}


def test_derived_values_and_ranks_are_exported_with_receipts(bundle_store, tmp_path):
    from zonemetrics.publish.people import Selection

    selection = Selection.of(
        bundle_store, ["xiangjiang"], ["gdp", "gdp_growth_nominal"], [2020, 2021, 2022]
    )
    export(bundle_store, "csv", tmp_path / "csv", selection)
    derived = _csv_rows(tmp_path / "csv" / "derived_values.csv")
    growth_2021 = next(r for r in derived if r["period"] == "2021")
    assert growth_2021["display_unit"] == "%"
    ids = growth_2021["receipt_obs_ids"].split(";")
    assert len(ids) == 2 and growth_2021["receipt"].count("gdp 20") == 2
    # the 2021 growth rests on a re-post and a blog: the export says so
    assert growth_2021["input_low_tier"] == "true"
    observations = {r["obs_id"]: r for r in _csv_rows(tmp_path / "csv" / "observations.csv")}
    assert all(observations[i]["tier"] in growth_2021["input_tiers"] for i in ids)
    ranks = _csv_rows(tmp_path / "csv" / "ranks.csv")
    gdp_rank = next(r for r in ranks if r["indicator"] == "gdp")
    assert gdp_rank["year"] == "2022" and gdp_rank["of"] == "19"
    assert gdp_rank["receipt_obs_ids"] and gdp_rank["source_ids"] in gdp_rank["receipt"]


def test_text_that_would_run_as_a_formula_is_neutralised_in_every_text_format(
    hostile_store, tmp_path
):
    from tests.publish.conftest import HOSTILE_NOTE, HOSTILE_PRODUCER, HOSTILE_TITLE

    export(hostile_store, "datapackage", tmp_path / "pkg")
    export(hostile_store, "xlsx", tmp_path / "ledger.xlsx")
    sources = {r["source_id"]: r for r in _csv_rows(tmp_path / "pkg" / "sources.csv")}
    assert sources["hostile-source"]["title"] == "'" + HOSTILE_TITLE
    assert sources["hostile-source"]["producer"] == "'" + HOSTILE_PRODUCER
    assert sources["hostile-source"]["note"].startswith("'-1")
    notes = {r["note"] for r in _csv_rows(tmp_path / "pkg" / "observations.csv")}
    assert "'" + HOSTILE_NOTE in notes and HOSTILE_NOTE not in notes
    package = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert not any(s["title"].startswith("=") for s in package["sources"])
    book = load_workbook(tmp_path / "ledger.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    titles = [r[1] for r in book["sources"].iter_rows(values_only=True)]
    assert "'" + HOSTILE_TITLE in titles


def test_raw_text_keeps_text_as_held_but_xlsx_still_writes_it_as_text(hostile_store, tmp_path):
    from tests.publish.conftest import HOSTILE_TITLE

    export(hostile_store, "csv", tmp_path / "csv", raw_text=True)
    export(hostile_store, "xlsx", tmp_path / "ledger.xlsx", raw_text=True)
    titles = {r["title"] for r in _csv_rows(tmp_path / "csv" / "sources.csv")}
    assert HOSTILE_TITLE in titles
    sheet = load_workbook(tmp_path / "ledger.xlsx")["sources"]
    cells = [row[1] for row in sheet.iter_rows() if row[1].value == HOSTILE_TITLE]
    assert cells and cells[0].data_type == "s"


def test_the_workbook_for_people(tiny_store, tmp_path):
    export(tiny_store, "xlsx", tmp_path / "ledger.xlsx")
    book = load_workbook(tmp_path / "ledger.xlsx")
    assert book.sheetnames[0] == "README 说明"
    assert {"gdp", "gdp_growth_real", "observations", "sources", "derived_values", "ranks"} <= set(
        book.sheetnames
    )
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None and sheet.auto_filter.ref, sheet.title
    gdp = list(book["gdp"].iter_rows(values_only=True))
    assert gdp[0][:3] == ("zone", "名称", "name") and "2015 (亿元)" in gdp[0]
    xiangjiang = next(r for r in gdp if r[0] == "xiangjiang")
    column = gdp[0].index("2015 (亿元)")
    assert xiangjiang[1:3] == ("湖南湘江新区", "Hunan Xiangjiang New Area")
    assert (xiangjiang[column], xiangjiang[column + 1]) == (1602.5, "C1")
    observations = list(book["observations"].iter_rows(values_only=True))
    header = observations[0]
    verdicts = {r[header.index("judgement")] for r in observations[1:]}
    assert verdicts >= {"preferred", "conflicting"}
    assert "conflicts_in_figure" in header and "preferred" in header


def test_an_outlier_imported_with_accept_outliers_is_flagged_in_the_xlsx(bundle_copy, tmp_path):
    from zonemetrics.indicators.tables import zone_year_table
    from zonemetrics.ingest.load import ingest_file

    # a year the ledger holds no other Tianfu GDP for, so the table shows this figure
    outlier = tmp_path / "tianfu.csv"
    outlier.write_text(
        "zone,indicator,period,value,unit,source\n"
        "tianfu,gdp,2013,5075,万亿元,yaliqi-new-areas-gdp-2024\n",
        encoding="utf-8",
    )
    ingest_file(bundle_copy, outlier, accept_outliers=True)
    cell = zone_year_table(bundle_copy, "gdp", zones=["tianfu"], years=[2013]).cell("tianfu", 2013)
    assert "flagged" in cell.markers and "F" in cell.marker_text.split()
    assert cell.flag_reason
    export(bundle_copy, "xlsx", tmp_path / "ledger.xlsx", _tianfu_gdp_2013(bundle_copy))
    book = load_workbook(tmp_path / "ledger.xlsx", read_only=True)
    rows = list(book["observations"].iter_rows(values_only=True))
    header = rows[0]
    flagged = [r for r in rows[1:] if r[header.index("original_text")] == "5075万亿元"]
    assert len(flagged) == 1 and flagged[0][header.index("flag_reason")] == cell.flag_reason
    gdp = list(book["gdp"].iter_rows(values_only=True))
    tianfu = next(r for r in gdp if r[0] == "tianfu")
    assert "F" in tianfu[gdp[0].index("2013 (亿元)") + 1].split()


def _tianfu_gdp_2013(store):
    from zonemetrics.publish.people import Selection

    return Selection.of(store, ["tianfu"], ["gdp"], [2013])
