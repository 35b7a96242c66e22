"""`narrate` and `check` on the command line (registered on a fresh app here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from zonemetrics.cli import narrative
from zonemetrics.narrative.verdicts import VERDICTS
from zonemetrics.store.connection import Store
from zonemetrics.web.messages import text


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
def founding_check(
    store_path: Path, founding_report_path: Path
) -> tuple[dict, dict[str, list[str]]]:
    """The founding report checked on the command line, as JSON and as text in each
    language (English is its own language, so the default)."""
    report = founding_report_path
    data = json.loads(_check(store_path, report, "--json"))
    lines = {
        "en": _check(store_path, report).splitlines(),
        "zh": _check(store_path, report, "--lang", "zh").splitlines(),
    }
    return data, lines


def _verdict_named(said: str, lang: str) -> str | None:
    """The verdict code whose words (in `lang`) end `said`, read back through the catalogue."""
    words = {text(f"verdict_{v}", lang): v for v in VERDICTS}
    return next((code for word, code in words.items() if said.endswith(word)), None)


def _claim_verdicts(lines: list[str], lang: str) -> dict[int, str]:
    return {
        int(m["number"]): _verdict_named(line, lang)
        for line in lines
        if (m := re.match(r"^\s*(?P<number>\d+)\. ", line))
    }


def _part_verdicts(lines: list[str], lang: str) -> list[tuple[str, str | None]]:
    parts = r"^ {4}(?P<period>\d{4}) ?[(（][^)）]*[)）][:：] ?(?P<said>.+?) — "
    return [
        (m["period"], _verdict_named(m["said"], lang))
        for line in lines
        if (m := re.match(parts, line))
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_text_report_gives_the_same_verdicts_as_the_json(founding_check, lang: str):
    data, lines = founding_check
    assert len(data["claims"]) >= 15
    expected = {c["number"]: c["verdict"] for c in data["claims"]}
    assert _claim_verdicts(lines[lang], lang) == expected
    assert _part_verdicts(lines[lang], lang) == [
        (p["period"], p["verdict"]) for c in data["claims"] for p in c.get("parts") or []
    ]


def test_every_claim_of_written_texts_has_one_verdict_in_json_and_text(
    store_path: Path, tmp_path: Path
):
    """Texts of both languages, each claim's verdict read back from both reports."""
    texts = {
        "en.txt": "Hunan Xiangjiang New Area's GDP reached 428.2 billion yuan in 2022. Its "
        "R&D intensity ranked first among the state-level new areas. It accounted for 12 "
        "percent of Hunan's GDP in 2022.",
        "zh.txt": "2022年，湖南湘江新区实现地区生产总值4282.3亿元，占全省的9%。"
        "地区生产总值在国家级新区中排名第三。",
    }
    for name, body in texts.items():
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        data = json.loads(_check(store_path, path, "--json"))
        assert len(data["claims"]) >= 3
        expected = {c["number"]: c["verdict"] for c in data["claims"]}
        for lang in ("en", "zh"):
            lines = _check(store_path, path, "--lang", lang).splitlines()
            assert _claim_verdicts(lines, lang) == expected, (name, lang)


def test_the_report_is_in_the_texts_own_language_unless_asked(store_path: Path, tmp_path: Path):
    chinese = tmp_path / "bulletin.txt"
    chinese.write_text("2022年，湖南湘江新区实现地区生产总值4282.3亿元。", encoding="utf-8")
    shown = _check(store_path, chinese)
    assert "湖南湘江新区" in shown and "地区生产总值" in shown  # registry names, in Chinese
    assert text("verdict_supported", "zh") in shown
    assert "supported" not in shown
    english = _check(store_path, chinese, "--lang", "en")
    assert "Hunan Xiangjiang New Area" in english and "Gross domestic product" in english
    assert text("verdict_supported", "en") in english
    refused = CliRunner().invoke(
        app(), ["check", str(chinese), "--lang", "fr"], obj={"store": store_path}
    )
    assert refused.exit_code != 0 and "--lang must be en or zh" in str(refused.exception)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_texts_own_arithmetic_comes_first(founding_check, lang: str):
    data, lines = founding_check
    text_lines = lines[lang]
    assert list(data).index("internal_checks") < list(data).index("claims")
    share = data["internal_checks"][0]
    assert share["check"] == "share_from_own_figures"
    assert (share["stated_percent"], share["implied_percent"]) == (8.0, pytest.approx(9.0, 0.01))
    assert share["own_level"]["text"] == "450 billion yuan"
    assert share["parent_level"]["zone"] == "hunan" and share["parent_level"]["tier"]
    assert share["consistent"] is False
    arithmetic = text_lines.index(text("check_arithmetic_heading", lang))
    first_claim = next(i for i, line in enumerate(text_lines) if re.match(r"^\s*1\. ", line))
    assert arithmetic < first_claim
    assert share["explanation" if lang == "en" else "explanation_zh"] in text_lines[arithmetic + 1]
    assert "9.0%" in text_lines[arithmetic + 1]
    gdp_share = next(
        i for i, line in enumerate(text_lines) if re.match(r"^\s*13\. ", line)
    )  # the share of the province's GDP
    assert data["claims"][12]["indicator"] == "share_of_province_gdp"
    first_under = text_lines[gdp_share + 1].strip()
    assert first_under.startswith(text("check_own_arithmetic", lang, why="")), first_under


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_evidence_line_names_its_sources_tier(founding_check, lang: str):
    data, _text = founding_check
    tiers = ("official", "major_media", "repost", "blog")
    words = [text(f"tier_{tier}", lang) for tier in tiers]
    every_line = narrative.check_lines(data, "report.txt", evidence_limit=1000, lang=lang)
    evidence = [line for line in every_line if line.startswith("    [dim]· ")]
    assert len(evidence) == sum(len(c["evidence"]) for c in data["claims"])
    for line in evidence:
        who = line.rsplit(" — ", 1)[-1]  # the sources, after the value
        assert any(word in who for word in words), line
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


def test_the_text_report_words_a_bound_as_the_text_states_it(store_path: Path, tmp_path: Path):
    english, chinese = tmp_path / "en.txt", tmp_path / "zh.txt"
    english.write_text("Hunan Xiangjiang New Area has more than 1,500 high-tech enterprises.")
    chinese.write_text("湖南湘江新区拥有高新技术企业1500余家。", encoding="utf-8")
    assert "more than 1,500 (" in _check(store_path, english, "--lang", "en")
    assert "1,500以上（" in _check(store_path, english, "--lang", "zh")
    # a figure that words its own bound is written as it is
    assert "1500余家 (" in _check(store_path, chinese, "--lang", "en")
