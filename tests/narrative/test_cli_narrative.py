"""`narrate` and `check` on the command line (registered on a fresh app here)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from zonemetrics.cli import narrative
from zonemetrics.store.connection import Store


def app() -> typer.Typer:
    cli = typer.Typer()

    @cli.callback()
    def main() -> None:
        """zonemetrics (test app)."""

    narrative.register(cli)
    return cli


def test_narrate_json_in_chinese(bundle_store: Store):
    result = CliRunner().invoke(
        app(),
        ["narrate", "湘江新区", "--year", "2023", "--lang", "zh", "--json"],
        obj={"store": bundle_store.path},
    )
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output)
    assert statements[0]["text"].startswith("2023年，湖南湘江新区地区生产总值达到4500亿元")
    assert statements[0]["receipt"]["observations"][0]["source_id"]


def test_check_json_of_a_written_text(bundle_store: Store, tmp_path: Path):
    text = tmp_path / "note.txt"
    text.write_text(
        "# source: https://example.org/note | A test note | 2023-03-01\n"
        "Last year Hunan Xiangjiang New Area's GDP reached 428.2 billion yuan.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app(), ["check", str(text), "--json"], obj={"store": bundle_store.path}
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (claim,) = report["claims"]
    assert (claim["period"], claim["value"], claim["verdict"]) == ("2022", 428.2e9, "supported")
    assert report["text"]["date_from"] == "header"
