"""`zonemetrics demo`: a fresh store from the bundle, never the user's own ledger."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.store.connection import open_store

runner = CliRunner()


def test_demo_prints_all_nineteen_new_areas_with_latest_gdp(tmp_path):
    result = runner.invoke(app, ["--store", str(tmp_path / "demo.duckdb"), "demo", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["new_areas"]) == 19
    pudong = next(r for r in data["new_areas"] if r["zone_id"] == "pudong")
    assert pudong["source_id"] and pudong["tier"] and pudong["period"] >= "2023"
    assert data["gdp_ranking"]["rows"][0]["zone"] == "pudong"
    assert data["conflicting_figures"] >= 1


def test_demo_as_a_table_names_every_new_area(tmp_path):
    result = runner.invoke(
        app, ["--store", str(tmp_path / "demo.duckdb"), "demo"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    for name in ("上海浦东新区", "湖南湘江新区", "河北雄安新区", "兰州新区"):
        assert name in result.output


def test_demo_refuses_to_replace_a_users_ledger(tiny_store):
    path, before = tiny_store.path, tiny_store.fingerprint()
    tiny_store.close()
    result = runner.invoke(app, ["--store", str(path), "demo"])
    assert result.exit_code != 0
    assert "did not come from the bundle" in str(result.exception)
    again = open_store(path)
    assert again.fingerprint() == before
    again.close()


def test_demo_refuses_to_replace_its_own_store_once_a_user_added_to_it(tmp_path):
    store_path = tmp_path / "demo.duckdb"
    assert runner.invoke(app, ["--store", str(store_path), "demo", "--json"]).exit_code == 0
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2019,2000,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--store", str(store_path), "ingest", str(mine)]).exit_code == 0
    again = runner.invoke(app, ["--store", str(store_path), "demo", "--json"])
    assert again.exit_code != 0
    assert "did not come from the bundle" in str(again.exception)
    store = open_store(store_path)
    assert store.sql(
        "SELECT count(*) FROM observations WHERE period = '2019' "
        "AND zone_id = 'xiangjiang' AND indicator = 'gdp'"
    ) == [(1,)]
    store.close()


def test_demo_rebuilds_a_store_it_built_when_nothing_was_added(tmp_path):
    store_path = tmp_path / "demo.duckdb"
    for _ in range(2):
        assert runner.invoke(app, ["--store", str(store_path), "demo", "--json"]).exit_code == 0
