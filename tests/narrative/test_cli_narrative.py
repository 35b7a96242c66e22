"""`narrate` and `check` on the command line (registered on a fresh app here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from zonemetrics.cli import narrative
from zonemetrics.store.connection import Store


@pytest.fixture(scope="module")
def store_path(bundle_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed copy of the bundled store: a command opens its store itself (read-only
    for these), which DuckDB refuses while this process holds the file open for writing."""
    import shutil

    bundle_store.raw.execute("CHECKPOINT")
    target = tmp_path_factory.mktemp("cli-narrative") / "bundle.duckdb"
    shutil.copy(bundle_store.path, target)
    return target


def app() -> typer.Typer:
    cli = typer.Typer()

    @cli.callback()
    def main() -> None:
        """zonemetrics (test app)."""

    narrative.register(cli)
    return cli


def test_narrate_json_in_chinese(store_path: Path):
    result = CliRunner().invoke(
        app(),
        ["narrate", "湘江新区", "--year", "2023", "--lang", "zh", "--json"],
        obj={"store": store_path},
    )
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output)
    assert statements[0]["text"].startswith("2023年，湖南湘江新区地区生产总值达到4500亿元")
    assert statements[0]["receipt"]["observations"][0]["source_id"]


def test_check_json_of_a_written_text(store_path: Path, tmp_path: Path):
    text = tmp_path / "note.txt"
    text.write_text(
        "# source: https://example.org/note | A test note | 2023-03-01\n"
        "Last year Hunan Xiangjiang New Area's GDP reached 428.2 billion yuan.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app(), ["check", str(text), "--json"], obj={"store": store_path})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (claim,) = report["claims"]
    assert (claim["period"], claim["value"], claim["verdict"]) == ("2022", 428.2e9, "supported")
    assert report["text"]["date_from"] == "header"


def _check(store_path: Path, path: Path, *options: str) -> str:
    result = CliRunner().invoke(
        app(),
        ["check", str(path), *options],
        obj={"store": store_path},
        env={"COLUMNS": "400"},  # one line per claim, whatever the terminal
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def founding_check(store_path: Path, founding_report_path: Path) -> tuple[dict, list[str]]:
    """The founding report checked on the command line, as JSON and as text."""
    report = founding_report_path
    data = json.loads(_check(store_path, report, "--json"))
    return data, _check(store_path, report).splitlines()


def test_the_text_report_gives_the_same_verdicts_as_the_json(founding_check):
    data, lines = founding_check
    shown = {
        int(m["number"]): m["verdict"]
        for line in lines
        if (m := re.match(r"^\s*(?P<number>\d+)\. .* (?P<verdict>[a-z_]+)$", line))
    }
    assert len(data["claims"]) >= 15
    assert shown == {c["number"]: c["verdict"] for c in data["claims"]}
    parts_shown = [
        (m["period"], m["verdict"])
        for line in lines
        if (m := re.match(r"^ {4}(?P<period>\d{4}) \(.*\): (?P<verdict>[a-z_]+) — ", line))
    ]
    assert parts_shown == [
        (p["period"], p["verdict"]) for c in data["claims"] for p in c.get("parts") or []
    ]


def test_the_texts_own_arithmetic_comes_first(founding_check):
    data, text = founding_check
    assert list(data).index("internal_checks") < list(data).index("claims")
    share = data["internal_checks"][0]
    assert share["check"] == "share_from_own_figures"
    assert (share["stated_percent"], share["implied_percent"]) == (8.0, pytest.approx(9.0, 0.01))
    assert share["own_level"]["text"] == "450 billion yuan"
    assert share["parent_level"]["zone"] == "hunan" and share["parent_level"]["tier"]
    assert share["consistent"] is False
    arithmetic = text.index("The text's own arithmetic (before any evidence):")
    first_claim = next(i for i, line in enumerate(text) if re.match(r"^\s*1\. ", line))
    assert arithmetic < first_claim
    assert "is 9.0%, not eight percent" in text[arithmetic + 1]
    gdp_share = next(i for i, line in enumerate(text) if "share_of_province_gdp" in line)
    assert text[gdp_share + 1].strip().startswith("own arithmetic: the text's own 2023")


def test_every_evidence_line_names_its_sources_tier(founding_check):
    data, _text = founding_check
    tiers = ("official", "major_media", "repost", "blog")
    every_line = narrative.check_lines(data, "report.txt", evidence_limit=1000)
    evidence = [line for line in every_line if line.startswith("    [dim]· ")]
    assert len(evidence) == sum(len(c["evidence"]) for c in data["claims"])
    for line in evidence:
        named = any(f"\\[{tier}" in line for tier in tiers) or re.search(r"\(\w+ \d+", line)
        assert named, line
    for claim in data["claims"]:
        for entry in claim["evidence"]:
            if entry.get("source_id"):
                assert entry["tier"] in tiers, entry
            assert len(entry.get("tiers", [])) == len(entry.get("source_ids", [])), entry


def test_a_source_is_named_with_source_and_the_old_name_is_hidden():
    result = CliRunner().invoke(app(), ["check", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--source " in result.output and "--source-id" not in result.output
    assert "--evidence" in result.output
