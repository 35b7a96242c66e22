"""`zonemetrics index run | audit | uncertainty` as a user calls them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from zonemetrics.cli.index_cmd import app

runner = CliRunner()

UNCERTAINTY = """\
uncertainty:
  normalise:
    - {f_n: n_minmax, l_u: [1, 100]}
    - {f_n: n_zscore, m_sd: [10, 2]}
  aggregate:
    - {f_ag: a_amean}
    - {f_ag: a_gmean}
  weights_noise: {2: 0.25, 3: 0.25}
  winmax: [1, 2, 3, 4, 5]
"""


def test_run_writes_scores_and_prints_the_top(spec_a: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(spec_a), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "CHE" in result.output and "68.3837" in result.output
    scores = pd.read_csv(out / "scores.csv")
    assert scores.sort_values("Rank")["uCode"].head(3).tolist() == ["CHE", "NLD", "DNK"]


def test_run_as_json(spec_a: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(spec_a), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scores"][0] == {"uCode": "CHE", "Index": data["scores"][0]["Index"], "Rank": 1}
    assert round(data["scores"][0]["Index"], 4) == 68.3837


def test_audit_writes_its_tables(spec_a: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(spec_a), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in [
        "stats_raw",
        "stats_Normalised",
        "corr_flags",
        "pca",
        "effective_weights",
        "corr_L1_L2",
        "corr_L2_L3",
        "corr_L3_L4",
        "cronbach",
    ]:
        assert (tmp_path / f"{name}.csv").is_file(), name
    alpha = pd.read_csv(tmp_path / "cronbach.csv").set_index("iCode")["alpha"]
    assert round(alpha["Physical"], 6) == 0.663366


def test_uncertainty_writes_ranks_and_sobol_indices(spec_a: Path, tmp_path: Path) -> None:
    spec_a.write_text(spec_a.read_text() + UNCERTAINTY)
    out = tmp_path / "ua"
    args = [
        "uncertainty",
        str(spec_a),
        "--n",
        "100",
        "--seed",
        "4",
        "--out",
        str(out),
        "--json",
        "--boot",
        "20",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # COINr's get_sensitivity: N = 100 base samples, N (k + 2) runs for k = 5 factors
    assert data["n"] == 100 and data["runs"] == 700
    ranks = pd.read_csv(out / "ranks.csv")
    assert list(ranks.columns) == ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]
    sobol = pd.read_csv(out / "sobol_mars.csv")
    assert sobol["factor"].tolist() == [
        "winmax",
        "normalise",
        "aggregate",
        "weights_L2",
        "weights_L3",
    ]
    assert len(pd.read_csv(out / "sobol_units.csv")) == 51 * 5
    assert len(pd.read_csv(out / "design.csv")) == 700


def test_uncertainty_without_a_section_is_a_clear_error(spec_a: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["uncertainty", str(spec_a), "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "no 'uncertainty' section" in str(result.exception)


def test_uncertainty_level_and_per_run_parquet(spec_a: Path, tmp_path: Path) -> None:
    spec_a.write_text(spec_a.read_text() + UNCERTAINTY)
    out = tmp_path / "ua"
    args = ["uncertainty", str(spec_a), "--n", "40", "--no-sobol", "--level", "0.8"]
    result = runner.invoke(app, [*args, "--per-run", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["runs"] == 40 and data["level"] == 0.8
    ranks = pd.read_csv(out / "ranks.csv")
    assert list(ranks.columns[-2:]) == ["Q10", "Q90"]
    per_run = pd.read_parquet(out / "per_run.parquet")
    assert len(per_run) == 40 * 51 and list(per_run.columns) == ["run", "uCode", "Score", "Rank"]
    che = per_run[per_run["uCode"] == "CHE"]["Rank"]
    assert che.quantile(0.1) == pytest.approx(ranks.set_index("uCode").loc["CHE", "Q10"])


def test_analysis_commands(spec_a: Path, tmp_path: Path) -> None:
    """Each COINr analysis function as a command, on pipeline A."""
    checks = {
        ("results", "--tab", "Aggs"): lambda rows: rows[0]["uCode"] == "CHE",
        ("unit-summary", "CHN"): lambda rows: rows[0]["Code"] == "Index",
        ("str-weak", "CHN", "--top", "3", "--bottom", "2"): lambda rows: len(rows) == 5,
        ("remove-elements", "--level", "3"): lambda rows: len(rows) == 2,
        ("denom-corr",): lambda rows: all(abs(r["Corr"]) > 0.6 for r in rows),
        ("data-avail", "--by-group"): lambda rows: len(rows) == 51 and "Conn" in rows[0],
    }
    for (command, *rest), check in checks.items():
        args = [command, str(spec_a), *rest, "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert check(json.loads(result.output)), command
    other = spec_a.with_name("geometric.yaml")
    other.write_text(
        spec_a.read_text().replace("a_amean", "a_gmean").replace("[0, 100]", "[1, 100]")
    )
    out = tmp_path / "compare.csv"
    result = runner.invoke(app, ["compare", str(spec_a), str(other), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert list(table.columns) == ["uCode", "coin.1", "coin.2", "Diff", "Abs.diff"]
    assert "Correlation of ranks" in result.output
