"""Consistency checks for a hand-labelled set of quantitative claims.

The claim extractor is measured against folders of labelled passages in the schema of the
shared development set (`passages/NN.txt` with a `# source:` header line, `claims.jsonl`,
`excluded.jsonl`, `zones.json`). A label that cannot be read off its own passage measures
nothing, so every set is checked the same way: spans are exact substrings, values and ranks
read off the span's digits or number words, zones resolve through the set's zone table, and
periods are written in the ledger's period forms. Each check returns the problems it found
(an empty list when the set holds together), naming the passage, claim id and field, so the
tests for several sets share one implementation and a failing label is easy to find.

This module reads only the folder it is given; the product never calls it at run time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from zonemetrics.ingest.periods import parse_period
from zonemetrics.narrative.numerals import EN_ORDINALS, EN_WORDS

HEADER = re.compile(r"^# source: (https?://\S+) \| (.+) \| (\d{4}-\d{2}-\d{2})$")

#: the sets' indicator vocabulary (their `core` tier); every other code is `other:<snake_case>`
CORE_INDICATORS = frozenset(
    {
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
)
COMPARATORS = frozenset({"=", ">", ">=", "<", "<=", "about", "first_time_above", "from_to"})
MODALITIES = frozenset({"actual", "expected", "target"})
#: the multipliers a written number may carry
#: (百, thousand/千, 万, million, 亿, billion, 万亿/trillion)
MULTIPLIERS = (1, 1e2, 1e3, 1e4, 1e6, 1e8, 1e9, 1e12)
#: the Chinese digits a span may write a small count or rank with
CHINESE_DIGITS = {
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
#: number words that stand for a value or a rank in a span (English words match whole words)
NUMBER_WORDS = {
    # the English cardinals and ordinals up to ten, as the numeral reader spells them
    **{word: number for word, number in EN_WORDS.items() if number <= 10},
    **{word: number for word, number in EN_ORDINALS.items() if number <= 10},
    # superlatives that state rank 1 ("the highest among", "topped the list")
    "highest": 1,
    "largest": 1,
    "fastest": 1,
    "topped": 1,
    "tops": 1,
    "half": 50,
    "一半": 50,
    "首": 1,
    **CHINESE_DIGITS,
    "百": 100,
    "千": 1000,
    # 翻番 / 翻一番: a doubling, the multiple 2
    "翻番": 2,
    "翻一番": 2,
}
#: denominators written as English ordinal words in fractions ("one-fifth", "a third")
FRACTION_DENOMINATORS = {
    "half": 2,
    "third": 3,
    "fourth": 4,
    "quarter": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
ENGLISH_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def normalise_alias(text: str) -> str:
    """How the sets compare zone names: NFKC, straight apostrophes, case and spaces folded."""
    folded = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    return " ".join(folded.split())


def _small_number(token: str) -> float | None:
    if token.isdigit():
        return float(token)
    return float(CHINESE_DIGITS[token]) if token in CHINESE_DIGITS else None


def fractions_in(span: str) -> set[float]:
    """Fractions written in a span, as percentages: "one-fifth" 20, 三分之一 33.3, 1/4 25."""
    found: set[float] = set()
    words = "|".join(FRACTION_DENOMINATORS)
    for numerator, denominator in re.findall(
        rf"\b(a|one|two|three|four)[- ]({words})s?\b", span.casefold()
    ):
        found.add(100 * ENGLISH_NUMERATORS[numerator] / FRACTION_DENOMINATORS[denominator])
    for denominator, numerator in re.findall(
        r"([一二两三四五六七八九十\d]+)分之([一二两三四五六七八九十\d]+)", span
    ):
        low, high = _small_number(numerator), _small_number(denominator)
        if low is not None and high:
            found.add(100 * low / high)
    for numerator, denominator in re.findall(r"(?<![\d.])(\d+)/(\d+)(?![\d.])", span):
        if int(denominator):
            found.add(100 * int(numerator) / int(denominator))
    return found


def numbers_in(span: str) -> set[float]:
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


def readable(value: float, span: str) -> bool:
    """Whether `value` is a number of the span times one of the usual multipliers, or one
    of its fractions as a percentage (to 0.05 %, the precision fractions are labelled at)."""
    if any(
        abs(number * factor - value) <= 1e-9 * max(abs(value), 1)
        for number in numbers_in(span)
        for factor in MULTIPLIERS
    ):
        return True
    return any(abs(fraction - value) <= 0.05 for fraction in fractions_in(span))


def _jsonl(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass(frozen=True)
class LabelledSet:
    """One labelled folder: its passages, gold claims, excluded numbers and zone table."""

    folder: Path

    @cached_property
    def passages(self) -> dict[str, str]:
        """Whole passage files (header line included) by file name."""
        return {
            path.name: path.read_text(encoding="utf-8")
            for path in sorted((self.folder / "passages").glob("*.txt"))
        }

    @cached_property
    def bodies(self) -> dict[str, str]:
        """Passage text after the header line: what the extractor is given."""
        return {
            name: text.split("\n", 1)[1] if "\n" in text else ""
            for name, text in self.passages.items()
        }

    @cached_property
    def claims(self) -> list[dict]:
        return _jsonl(self.folder / "claims.jsonl")

    @cached_property
    def excluded(self) -> list[dict]:
        return _jsonl(self.folder / "excluded.jsonl")

    @cached_property
    def zones(self) -> list[dict]:
        return json.loads((self.folder / "zones.json").read_text(encoding="utf-8"))

    def header_problems(self) -> list[str]:
        problems = []
        for name, text in self.passages.items():
            first = text.split("\n", 1)[0]
            if not HEADER.match(first):
                problems.append(f"{name}: line 1 is not '# source: URL | title | date'")
            if not self.bodies[name].strip():
                problems.append(f"{name}: no passage after the source line")
        return problems

    def span_problems(self) -> list[str]:
        """Every span and excluded context is an exact substring of its passage body."""
        problems = []
        for claim in self.claims:
            body = self.bodies.get(claim["passage"])
            if body is None:
                problems.append(f"{claim['id']}: passage {claim['passage']} does not exist")
            elif claim["text_span"] not in body:
                problems.append(f"{claim['id']}: text_span is not in {claim['passage']}")
        for number in self.excluded:
            body = self.bodies.get(number["passage"], "")
            if number["text"] not in body:
                problems.append(
                    f"excluded {number['passage']} {number['text']!r}: not in the passage"
                )
            if not str(number.get("reason", "")).strip():
                problems.append(f"excluded {number['passage']} {number['text']!r}: no reason")
        return problems

    def value_problems(self) -> list[str]:
        """Values, start values, conversions and ranks read off their span."""
        problems = []
        for claim in self.claims:
            span, claim_id = claim["text_span"], claim["id"]
            for field in ("value", "value_from", "converted_value"):
                if claim[field] is not None and not readable(float(claim[field]), span):
                    problems.append(
                        f"{claim_id}: {field} {claim[field]} does not read off {span!r}"
                    )
            if claim["rank"] is not None and float(claim["rank"]) not in numbers_in(span):
                problems.append(f"{claim_id}: rank {claim['rank']} does not read off {span!r}")
            if claim["value"] is None and claim["rank"] is None:
                problems.append(f"{claim_id}: neither a value nor a rank")
            if (claim["value"] is None) != (claim["unit"] is None):
                problems.append(f"{claim_id}: a value needs a unit and a pure rank has none")
            if claim["converted_value"] is not None and not claim["converted_unit"]:
                problems.append(f"{claim_id}: a conversion without its unit")
        return problems

    def zone_problems(self) -> list[str]:
        """Every claim's zone is in the table, with its type, and its `as_written` resolves
        through the zone's aliases (global or scoped to the claim's passage)."""
        problems = []
        by_name = {zone["normalised"]: zone for zone in self.zones}
        if len(by_name) != len(self.zones):
            problems.append("two zones share a normalised name")
        if len({zone["id"] for zone in self.zones}) != len(self.zones):
            problems.append("two zones share an id")
        for claim in self.claims:
            zone = by_name.get(claim["zone"]["normalised"])
            if zone is None:
                problems.append(
                    f"{claim['id']}: zone {claim['zone']['normalised']!r} is not in zones.json"
                )
                continue
            if claim["zone"]["type"] != zone["type"]:
                problems.append(
                    f"{claim['id']}: zone type {claim['zone']['type']} is not {zone['type']}"
                )
            scoped = zone["passage_aliases"].get(claim["passage"], [])
            written = {normalise_alias(a) for a in [*zone["aliases"], zone["normalised"], *scoped]}
            if normalise_alias(claim["zone"]["as_written"]) not in written:
                written_as = claim["zone"]["as_written"]
                problems.append(f"{claim['id']}: {written_as!r} does not resolve to {zone['id']}")
        return problems

    def shared_alias_problems(self) -> list[str]:
        """A global alias naming two zones would make the scorer's mapping ambiguous."""
        owners: dict[str, set[str]] = {}
        for zone in self.zones:
            for alias in [*zone["aliases"], zone["normalised"]]:
                owners.setdefault(normalise_alias(alias), set()).add(zone["id"])
        return [
            f"alias {alias!r} names {sorted(ids)}" for alias, ids in owners.items() if len(ids) > 1
        ]

    def schema_problems(self) -> list[str]:
        problems = []
        repeated = [
            claim_id for claim_id, n in Counter(c["id"] for c in self.claims).items() if n > 1
        ]
        problems += [f"{claim_id}: id used more than once" for claim_id in repeated]
        for claim in self.claims:
            claim_id, indicator = claim["id"], claim["indicator"]
            if not claim_id.startswith(f"p{claim['passage'][:2]}-"):
                problems.append(f"{claim_id}: id does not name passage {claim['passage']}")
            if claim["lang"] not in ("en", "zh"):
                problems.append(f"{claim_id}: lang {claim['lang']!r}")
            if indicator not in CORE_INDICATORS and not re.fullmatch(
                r"other:[a-z0-9]+(?:_[a-z0-9]+)*", indicator
            ):
                problems.append(
                    f"{claim_id}: indicator {indicator!r} is neither core nor other:<snake_case>"
                )
            tier = "core" if indicator in CORE_INDICATORS else "other"
            if claim["indicator_tier"] != tier:
                problems.append(f"{claim_id}: indicator_tier should be {tier}")
            if claim["comparator"] not in COMPARATORS:
                problems.append(f"{claim_id}: comparator {claim['comparator']!r}")
            if claim["modality"] not in MODALITIES:
                problems.append(f"{claim_id}: modality {claim['modality']!r}")
            if not isinstance(claim["period_inferred"], bool):
                problems.append(f"{claim_id}: period_inferred is not true/false")
            for field in ("period", "period_from"):
                if claim[field] is not None and not parse_period(claim[field]):
                    problems.append(f"{claim_id}: {field} {claim[field]!r} is not a ledger period")
            if claim["comparator"] == "from_to" and claim["value_from"] is None:
                problems.append(f"{claim_id}: from_to without value_from")
        unlabelled = set(self.bodies) - {claim["passage"] for claim in self.claims}
        problems += [f"{name}: no claims" for name in sorted(unlabelled)]
        return problems

    def problems(self) -> list[str]:
        """Every check's problems, in one list."""
        return [
            *self.header_problems(),
            *self.span_problems(),
            *self.value_problems(),
            *self.zone_problems(),
            *self.shared_alias_problems(),
            *self.schema_problems(),
        ]

    def score_gold_against_itself(self, scorer: Path, work: Path) -> dict[str, dict]:
        """The scorer's reports ('strict', 'lenient') for the gold claims given as predictions.

        A set whose gold does not score P = R = 1.0 against itself has a label the scorer
        cannot match (an unknown zone alias, a period it reads differently), so any score
        measured on it would be off by that much. `scorer` is the sets' reference
        `tools/score.py`; it reads claims.jsonl, zones.json and excluded.jsonl from its
        working folder, so it runs in the set's folder. `work` receives the copy of the gold.
        """
        gold = work / f"{self.folder.name}-gold-as-predictions.jsonl"
        gold.write_text(
            (self.folder / "claims.jsonl").read_text(encoding="utf-8"), encoding="utf-8"
        )
        reports = {}
        for mode in ([], ["--lenient"]):
            run = subprocess.run(
                [sys.executable, str(scorer), str(gold), "--json", *mode],
                cwd=self.folder,
                capture_output=True,
                text=True,
                check=True,
            )
            report = json.loads(run.stdout)
            reports[report["mode"]] = report
        return reports
