"""`zonemetrics demo`: a fresh store from the bundle, never the user's own ledger."""

from __future__ import annotations

import json
from pathlib import Path

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


def _demo(store_path) -> dict:
    result = runner.invoke(app, ["--store", str(store_path), "demo", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_demo_sets_a_users_ledger_aside_untouched(tiny_store):
    path, before = tiny_store.path, tiny_store.fingerprint()
    tiny_store.close()
    report = _demo(path)
    aside = open_store(report["set_aside"], create=False)
    assert aside.fingerprint() == before
    aside.close()


def test_demo_sets_aside_its_own_store_once_a_user_added_to_it(tmp_path):
    store_path = tmp_path / "demo.duckdb"
    assert _demo(store_path)["set_aside"] is None
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2019,2000,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--store", str(store_path), "ingest", str(mine)]).exit_code == 0
    aside = open_store(_demo(store_path)["set_aside"], create=False)
    assert aside.sql(
        "SELECT count(*) FROM observations WHERE period = '2019' "
        "AND zone_id = 'xiangjiang' AND indicator = 'gdp'"
    ) == [(1,)]
    aside.close()


def test_a_users_file_under_a_folder_named_like_the_bundle_is_not_mistaken_for_it(tmp_path):
    """Issue 15: the demo once judged a store bundle-only by the last parts of each
    ingested path, and deleted a store holding a user's file kept under a folder that
    ended in zonemetrics/data/bundle. The creation marker decides now, not the path."""
    store_path = tmp_path / "demo.duckdb"
    _demo(store_path)
    folder = tmp_path / "zonemetrics" / "data" / "bundle"
    folder.mkdir(parents=True)
    mine = folder / "my.csv"
    mine.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2019,2000,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--store", str(store_path), "ingest", str(mine)]).exit_code == 0
    report = _demo(store_path)
    aside = open_store(report["set_aside"], create=False)
    assert aside.sql("SELECT count(*) FROM ingests WHERE path = ?", [str(mine)]) == [(1,)]
    aside.close()


def test_demo_sets_aside_a_file_that_is_not_a_store(tmp_path):
    store_path = tmp_path / "notes.duckdb"
    store_path.write_text("my notes, not a database", encoding="utf-8")
    report = _demo(store_path)
    assert Path(report["set_aside"]).read_text(encoding="utf-8") == "my notes, not a database"
    assert len(report["new_areas"]) == 19


def test_demo_rebuilds_a_store_it_built_when_nothing_was_added(tmp_path):
    store_path = tmp_path / "demo.duckdb"
    for _ in range(2):
        assert runner.invoke(app, ["--store", str(store_path), "demo", "--json"]).exit_code == 0
