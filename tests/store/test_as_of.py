"""What the ledger said at a past moment (issue 15, item 9): one figure revised three
times by its source, each state read back with `show --as-of`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.store.as_of import parse_moment
from zonemetrics.store.connection import open_store

runner = CliRunner()
SOURCE = "xinzixun-2021-11-07"


def _gdp_2020_from_source(show_output: str) -> float:
    data = json.loads(show_output)
    rows = [
        r
        for r in data["indicators"]
        if (r["indicator"], r["measure"], r["period"]) == ("gdp", "value", "2020")
    ]
    values = [r["value"] for r in rows if r["source_id"] == SOURCE]
    values += [b["value"] for r in rows for b in r["beside"] if b["source_id"] == SOURCE]
    assert len(values) == 1, rows
    return values[0]


def test_a_figure_revised_three_times_reads_back_as_it_stood_at_each_moment(tiny_store, tmp_path):
    path = tiny_store.path
    tiny_store.close()
    # The fixture holds the source's 2,511 亿元 for Xiangjiang's 2020 GDP; the three
    # revisions below are test inputs (made-up successive vintages), not claims.
    moments = []
    for number, value in enumerate((2530, 2555, 2580)):
        revision = tmp_path / f"revision_{number}.csv"
        revision.write_text(
            f"zone,indicator,period,value,unit,source\nxiangjiang,gdp,2020,{value},亿元,{SOURCE}\n",
            encoding="utf-8",
        )
        result = runner.invoke(app, ["--store", str(path), "ingest", str(revision)])
        assert result.exit_code == 0, result.output
        store = open_store(path, create=False, read_only=True)
        moments.append((store.sql("SELECT max(ingested_at) FROM ingests")[0][0], value))
        store.close()
    for moment, value in moments:
        result = runner.invoke(
            app,
            ["--store", str(path), "show", "xiangjiang", "--as-of", moment.isoformat(), "--json"],
        )
        assert result.exit_code == 0, result.output
        assert _gdp_2020_from_source(result.stdout) == value * 1e8
    before_anything = runner.invoke(
        app, ["--store", str(path), "show", "xiangjiang", "--as-of", "2000-01-01", "--json"]
    )
    assert before_anything.exit_code == 0, before_anything.output
    assert json.loads(before_anything.stdout)["indicators"] == []
    now = runner.invoke(app, ["--store", str(path), "show", "xiangjiang", "--json"])
    assert _gdp_2020_from_source(now.stdout) == 2580 * 1e8


def test_a_bare_date_means_up_to_the_end_of_that_day():
    assert parse_moment("2024-03-31").isoformat() == "2024-03-31T23:59:59.999999"
    assert parse_moment("2024-03-31T12:00:00+08:00").isoformat() == "2024-03-31T04:00:00"
