"""`zonemetrics synth firms` and `zonemetrics firms aggregate`, as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from zonemetrics.cli.firms_cmd import firms_app, synth_app
from zonemetrics.engines import BackendError
from zonemetrics.firms.synth import is_synthetic

# Mounted exactly as the main CLI mounts them.
cli = typer.Typer()
cli.add_typer(synth_app, name="synth")
cli.add_typer(firms_app, name="firms")
runner = CliRunner()


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("firms") / "firms.parquet"
    result = runner.invoke(
        cli, ["synth", "firms", "--rows", "30000", "--seed", "7", "--out", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    return path


def test_synth_firms_reports_what_it_wrote_as_json(synthetic_file: Path):
    result = runner.invoke(
        cli, ["synth", "firms", "--rows", "30000", "--seed", "7", "--out", str(synthetic_file)]
    )
    assert result.exit_code == 0, result.output
    assert "30,000 SYNTHETIC firm-year rows" in result.output
    again = synthetic_file.with_name("again.parquet")
    result = runner.invoke(
        cli, ["synth", "firms", "--rows", "30000", "--seed", "7", "--out", str(again), "--json"]
    )
    report = json.loads(result.output)  # nothing but JSON on stdout: no progress bar
    assert (report["rows"], report["seed"], report["synthetic"]) == (30_000, 7, True)
    assert report["first_year"] == 2014 and report["last_year"] == 2023
    assert again.read_bytes() == synthetic_file.read_bytes()
    assert is_synthetic(again)


def test_aggregate_json_has_one_row_per_zone_and_year(synthetic_file: Path):
    result = runner.invoke(cli, ["firms", "aggregate", str(synthetic_file), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 19 * 10
    assert sum(row["firms"] for row in rows) == 30_000
    first = rows[0]
    assert (first["year"], first["rd_intensity_rank"], first["ranked_zones"]) == (2014, 1, 19)
    in_2014 = [row["rd_intensity"] for row in rows if row["year"] == 2014]
    assert in_2014 == sorted(in_2014, reverse=True)
    assert all(row["synthetic"] for row in rows)


def test_aggregate_on_a_duckdb_file_and_for_one_year(synthetic_file: Path, tmp_path: Path):
    store = tmp_path / "work.duckdb"
    result = runner.invoke(
        cli,
        [
            "firms", "aggregate", str(synthetic_file), "--backend", f"duckdb://{store}",
            "--year", "2023", "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["year"] for row in rows} == {2023}
    assert [row["rd_intensity_rank"] for row in rows] == list(range(1, 20))
    assert store.is_file()


def test_aggregate_as_a_table_says_the_data_are_synthetic(synthetic_file: Path):
    result = runner.invoke(
        cli, ["firms", "aggregate", str(synthetic_file), "--year", "2020"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.output
    assert "pudong" in result.output and "of 19" in result.output


def test_an_unknown_backend_is_refused(synthetic_file: Path):
    result = runner.invoke(
        cli, ["firms", "aggregate", str(synthetic_file), "--backend", "oracle://x"]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, BackendError)
    assert "unknown backend" in str(result.exception)


def test_a_missing_file_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(cli, ["firms", "aggregate", str(tmp_path / "none.parquet")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
