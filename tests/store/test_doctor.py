"""`doctor` on a healthy store, and on stores broken in the ways it promises to catch."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.store.doctor import examine

runner = CliRunner()


def test_a_healthy_store_has_no_problems_and_shows_its_figures(tiny_store):
    report = examine(tiny_store)
    assert report.healthy, report.problems
    assert report.counts["observations"] > 0
    assert set(report.sources_by_tier) <= {"official", "major_media", "repost", "blog"}
    assert report.last_ingest["path"].endswith(".csv")


def test_an_unsourced_observation_and_an_infinite_value_are_reported(tiny_store):
    tiny_store.raw.execute("DELETE FROM sources WHERE source_id = 'xinzixun-2021-11-07'")
    tiny_store.raw.execute(
        "UPDATE observations SET value = 'inf'::DOUBLE WHERE obs_id = (SELECT min(obs_id) "
        "FROM observations WHERE source_id <> 'xinzixun-2021-11-07')"
    )
    checks = {p["check"]: p["rows"] for p in examine(tiny_store).problems}
    assert checks["observations_sourced"] > 0 and checks["values_finite"] == 1


def test_an_ingest_logged_without_its_rows_is_reported(tiny_store):
    tiny_store.raw.execute(
        "DELETE FROM observations WHERE ingest_id = (SELECT max(ingest_id) FROM ingests "
        "WHERE table_kind = 'observations')"
    )
    assert "ingests_complete" in {p["check"] for p in examine(tiny_store).problems}


def test_doctor_command_exits_non_zero_on_a_problem(tiny_store):
    path = tiny_store.path
    tiny_store.raw.execute("INSERT INTO zone_aliases VALUES ('nowhere', 'Nowhere', 'no_such_zone')")
    tiny_store.close()
    result = runner.invoke(app, ["--store", str(path), "doctor", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["healthy"]
    assert [p["check"] for p in report["problems"]] == ["aliases_point_to_zones"]
