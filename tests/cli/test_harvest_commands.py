"""`zonemetrics harvest` and `candidates` as a reviewer uses them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zonemetrics.cli.main import app

runner = CliRunner()
TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "texts" / "westcoast_news_2023_en.txt"


def run(store_path, *args):
    result = runner.invoke(app, ["--store", str(store_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_harvest_list_accept_and_reject_from_the_command_line(bundle_copy):
    path = bundle_copy.path
    bundle_copy.close()
    harvested = json.loads(
        run(
            path,
            "harvest",
            str(TEXT),
            "--source-id",
            "test-news",
            "--publisher",
            "China Daily",
            "--title",
            "West Coast 2023",
            "--published",
            "2024-01-20",
            "--tier",
            "major_media",
            "--json",
        )
    )
    assert (harvested["claims"], harvested["added"]) == (2, 2)
    pending = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    assert [(c["indicator"], c["value_text"], c["unit_text"]) for c in pending] == [
        ("gdp", "500.34", "billion yuan"),
        ("gdp_growth_real", "6.0", "percent"),
    ]
    run(path, "candidates", "reject", str(pending[1]["candidate_id"]), "--note", "duplicate")
    assert "accepted 1 candidates" in run(path, "candidates", "accept", "--all-from", "test-news")
    reviewed = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    assert [(c["review"], c["review_note"]) for c in reviewed] == [
        ("accepted", None),
        ("rejected", "duplicate"),
    ]


def test_a_correction_at_review_from_the_command_line(bundle_copy):
    path = bundle_copy.path
    bundle_copy.close()
    run(path, "harvest", str(TEXT), "--source-id", "test-news", "--published", "2024-01-20")
    pending = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    gdp = pending[0]["candidate_id"]
    out = run(
        path,
        "candidates",
        "accept",
        str(gdp),
        "--caliber",
        "district",
        "--note",
        "Huangdao district is the new area",
    )
    assert f"{gdp} -> observation" in out
    [reviewed] = json.loads(
        run(path, "candidates", "list", "--source", "test-news", "--status", "accepted", "--json")
    )
    assert (reviewed["caliber"], reviewed["corrections"]) == ("unstated", '{"caliber": "district"}')
