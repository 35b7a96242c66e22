"""The ledger commands as a user runs them, on a small real store."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zonemetrics.cli.main import app

runner = CliRunner()


def run(store, *args: str):
    return runner.invoke(app, ["--store", str(store.path), *args])


def test_show_json_lists_each_figure_with_its_source_and_conflicts(tiny_store):
    path = tiny_store.path
    tiny_store.close()
    result = runner.invoke(app, ["--store", str(path), "show", "湘江新区", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["zone"] == "xiangjiang"
    gdp_2015 = [r for r in data["indicators"] if r["indicator"] == "gdp" and r["period"] == "2015"]
    assert [
        (r["value"], r["unit"], r["qualifier"], r["caliber"], r["source_id"], r["conflicts"])
        for r in gdp_2015
    ] == [(160250000000.0, "CNY", "exact", "unstated", "rednet-en-2017-09-25", 1)]


def test_zones_can_be_filtered_by_kind(tiny_store):
    path = tiny_store.path
    tiny_store.close()
    result = runner.invoke(app, ["--store", str(path), "zones", "--kind", "new_area", "--json"])
    assert [z["zone_id"] for z in json.loads(result.output)] == ["xiangjiang"]


def test_an_unknown_zone_is_a_clear_error(tiny_store):
    path = tiny_store.path
    tiny_store.close()
    result = runner.invoke(app, ["--store", str(path), "show", "湘江"])
    assert result.exit_code != 0
    assert "unknown zone '湘江'" in str(result.exception)


def test_a_rejected_file_exits_non_zero_and_names_the_cell(tiny_store, tmp_path):
    path = tiny_store.path
    tiny_store.close()
    bad = tmp_path / "bad.csv"
    bad.write_text("zone,indicator,period,value,unit,source\nxiangjiang,gdp,2023,abc,亿元,x\n")
    result = runner.invoke(app, ["--store", str(path), "ingest", str(bad), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.output)["errors"][0]["problems"]
    assert [(p["row"], p["column"], p["reason"]) for p in problems] == [
        (2, "value", "unparseable value 'abc'"),
        (2, "source", "unknown source 'x'"),
    ]
