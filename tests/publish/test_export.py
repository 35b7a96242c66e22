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
