"""The project's own labelled passages (tests/data/claims-own) hold together.

The set is only worth measuring against if its labels are readable off its passages: every
span is an exact substring of its passage, every value and rank can be read off the
digits or number words of its span, every zone resolves through the set's zone table and
periods are written in the ledger's period forms. These checks are the same kind as the
development set's own builder runs, written here so the project's set is checked on
every test run. The reference scorer, when ../shared is present, must score the gold
labels against themselves as perfect.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from zonemetrics.ingest.periods import parse_period

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "data" / "claims-own"
HEADER = re.compile(r"^# source: (https?://\S+) \| (.+) \| (\d{4}-\d{2}-\d{2})$")

CORE = {
    "gdp",
    "gdp_growth_real",
    "rd_expenditure",
    "rd_intensity",
    "high_tech_enterprises",
    "new_high_tech_enterprises",
    "specialized_smes",
    "little_giants",
    "innovation_platforms_state_level",
    "population",
    "land_area",
    "share_of_province_gdp",
    "share_of_province_land",
    "industrial_output",
    "foreign_trade",
    "fdi",
    "listed_companies",
}
COMPARATORS = {"=", ">", ">=", "<", "<=", "about", "first_time_above", "from_to"}
MODALITIES = {"actual", "expected", "target"}
#: the multipliers a written number may carry (万, 亿, thousand, million, billion, 万亿/trillion)
MULTIPLIERS = (1, 1e3, 1e4, 1e6, 1e8, 1e9, 1e12)
#: number words that stand for a value or a rank in the set's spans
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "half": 50,
    "一半": 50,
    "首": 1,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").casefold().split())


def _jsonl(name: str) -> list[dict]:
    lines = (SET / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _bodies() -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8").split("\n", 1)[1]
        for path in sorted((SET / "passages").glob("*.txt"))
    }


def _numbers_in(span: str) -> set[float]:
    """Digits (with thousands commas) and number words written in a span."""
    found = {float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", span)}
    lowered = span.casefold()
    for word, number in NUMBER_WORDS.items():
        if word.isascii():
            if re.search(rf"\b{word}\b", lowered):
                found.add(float(number))
        elif word in span:
            found.add(float(number))
    return found


def _readable(value: float, span: str) -> bool:
    return any(
        abs(number * factor - value) <= 1e-9 * max(abs(value), 1)
        for number in _numbers_in(span)
        for factor in MULTIPLIERS
    )


def test_every_passage_starts_with_its_source_line():
    for path in sorted((SET / "passages").glob("*.txt")):
        first, body = path.read_text(encoding="utf-8").split("\n", 1)
        assert HEADER.match(first), f"{path.name}: line 1 is not '# source: URL | title | date'"
        assert body.strip(), f"{path.name}: no passage after the source line"


def test_spans_and_excluded_contexts_are_exact_substrings():
    bodies = _bodies()
    for claim in _jsonl("claims.jsonl"):
        assert claim["text_span"] in bodies[claim["passage"]], claim["id"]
    for number in _jsonl("excluded.jsonl"):
        assert number["text"] in bodies[number["passage"]], number
        assert number["reason"].strip(), number


def test_values_conversions_and_ranks_read_off_their_spans():
    for claim in _jsonl("claims.jsonl"):
        span = claim["text_span"]
        for field in ("value", "value_from", "converted_value"):
            if claim[field] is not None:
                assert _readable(float(claim[field]), span), (claim["id"], field, span)
        if claim["rank"] is not None:
            assert float(claim["rank"]) in _numbers_in(span), (claim["id"], span)
        assert claim["value"] is not None or claim["rank"] is not None, claim["id"]
        if claim["value"] is None:
            assert claim["unit"] is None, claim["id"]
        else:
            assert claim["unit"], claim["id"]
        if claim["converted_value"] is not None:
            assert claim["converted_unit"], claim["id"]


def test_zones_resolve_through_the_zone_table():
    zones = json.loads((SET / "zones.json").read_text(encoding="utf-8"))
    by_name = {zone["normalised"]: zone for zone in zones}
    assert len(by_name) == len(zones), "two zones share a normalised name"
    assert len({zone["id"] for zone in zones}) == len(zones), "two zones share an id"
    for claim in _jsonl("claims.jsonl"):
        zone = by_name.get(claim["zone"]["normalised"])
        assert zone, (claim["id"], claim["zone"]["normalised"])
        assert claim["zone"]["type"] == zone["type"], claim["id"]
        scoped = zone["passage_aliases"].get(claim["passage"], [])
        written = {_norm(alias) for alias in [*zone["aliases"], zone["normalised"], *scoped]}
        assert _norm(claim["zone"]["as_written"]) in written, (claim["id"], claim["zone"])


def test_global_aliases_name_one_zone_each():
    owners: dict[str, set[str]] = {}
    for zone in json.loads((SET / "zones.json").read_text(encoding="utf-8")):
        for alias in [*zone["aliases"], zone["normalised"]]:
            owners.setdefault(_norm(alias), set()).add(zone["id"])
    shared = {alias: ids for alias, ids in owners.items() if len(ids) > 1}
    assert not shared, shared


def test_fields_follow_the_schema():
    claims = _jsonl("claims.jsonl")
    ids = Counter(claim["id"] for claim in claims)
    assert not [claim_id for claim_id, n in ids.items() if n > 1], "ids are not unique"
    passages = set(_bodies())
    for claim in claims:
        assert claim["passage"] in passages, claim["id"]
        assert claim["id"].startswith(f"p{claim['passage'][:2]}-"), claim["id"]
        assert claim["lang"] in ("en", "zh"), claim["id"]
        indicator = claim["indicator"]
        assert indicator in CORE or re.fullmatch(r"other:[a-z0-9]+(?:_[a-z0-9]+)*", indicator)
        assert claim["indicator_tier"] == ("core" if indicator in CORE else "other"), claim["id"]
        assert claim["comparator"] in COMPARATORS, claim["id"]
        assert claim["modality"] in MODALITIES, claim["id"]
        assert isinstance(claim["period_inferred"], bool), claim["id"]
        for field in ("period", "period_from"):
            if claim[field] is not None:
                assert parse_period(claim[field]), (claim["id"], claim[field])
        if claim["comparator"] == "from_to":
            assert claim["value_from"] is not None, claim["id"]
    assert passages == {claim["passage"] for claim in claims}, "a passage has no claims"


def _reference_scorer() -> Path:
    for shared in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        scorer = shared / "data" / "claims-dev" / "tools" / "score.py"
        if scorer.is_file():
            return scorer
    pytest.skip("../shared/data/claims-dev is absent: the reference scorer only exists there")


def test_reference_scorer_scores_gold_against_itself_as_perfect(tmp_path: Path):
    scorer = _reference_scorer()
    gold = tmp_path / "gold-as-predictions.jsonl"
    gold.write_text((SET / "claims.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    for mode in ([], ["--lenient"]):
        # score.py reads claims.jsonl, zones.json and excluded.jsonl from its working folder
        run = subprocess.run(
            [sys.executable, str(scorer), str(gold), "--json", *mode],
            cwd=SET,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(run.stdout)
        assert report["all"]["precision"] == 1.0 and report["all"]["recall"] == 1.0, mode
        assert report["missed_gold_ids"] == []
