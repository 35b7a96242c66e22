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
    assert "not built from the bundle" in str(result.exception)
    again = open_store(path)
    assert again.fingerprint() == before
    again.close()
