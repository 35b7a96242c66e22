"""Certification rules read from `data/catalog/certification_rules.yaml`.

Rules are data so that a new edition of a standard is a new version in the file (applying
from its year), not a code change; every criterion carries the clause it encodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from zonemetrics.errors import ZonemetricsError

TESTS = ("at_least", "above", "at_most", "below", "is_true", "is_false")
BOOLEAN_TESTS = ("is_true", "is_false")


@dataclass(frozen=True)
class Band:
    up_to: float | None  # inclusive upper end of the band; None for the last band
    threshold: float


@dataclass(frozen=True)
class Criterion:
    """One test, or a group (`combine` = all_of / any_of) of criteria."""

    id: str
    clause: str
    en: str
    zh: str
    value: dict[str, Any] | None = None
    test: str | None = None
    threshold: float | None = None
    band_column: str | None = None
    bands: tuple[Band, ...] = ()
    unit: str | None = None
    combine: str | None = None
    parts: tuple[Criterion, ...] = ()

    def columns(self) -> set[str]:
        """Every evidence column this criterion (or its parts) reads."""
        found: set[str] = set()
        if self.value:
            for operands in self.value.values():
                found |= set(operands) if isinstance(operands, list) else {operands}
        if self.band_column:
            found.add(self.band_column)
        for part in self.parts:
            found |= part.columns()
        return found

    def leaves(self) -> list[Criterion]:
        return [self] if not self.parts else [leaf for p in self.parts for leaf in p.leaves()]


@dataclass(frozen=True)
class ScoreStep:
    """One line of a points table: `points` when the test holds (no test: otherwise)."""

    points: float
    when: Criterion | None = None
    #: a count column the tested count is part of (own-developed Class I IP is part of
    #: all Class I IP): when that whole is known to be 0, so is the part
    part_of: str | None = None


@dataclass(frozen=True)
class ScoreItem:
    """One scored indicator: its steps are tried in order and the first that holds gives
    the points (the official tables list their bands best first)."""

    id: str
    clause: str
    en: str
    zh: str
    max_points: float
    steps: tuple[ScoreStep, ...]

    def columns(self) -> set[str]:
        found = {c for step in self.steps if step.when for c in step.when.columns()}
        return found | {step.part_of for step in self.steps if step.part_of}


@dataclass(frozen=True)
class Score:
    """A scored category (the sum of its items) or a total (the sum of other scores)."""

    id: str
    clause: str
    en: str
    zh: str
    items: tuple[ScoreItem, ...] = ()
    sum_of: tuple[str, ...] = ()

    def columns(self) -> set[str]:
        return {c for item in self.items for c in item.columns()}


@dataclass(frozen=True)
class RuleVersion:
    kind: str
    name_en: str
    name_zh: str
    from_year: int
    document: str
    identity: tuple[str, ...]
    required: tuple[str, ...]
    criteria: tuple[Criterion, ...] = field(default=())
    scores: tuple[Score, ...] = field(default=())

    def columns(self) -> set[str]:
        found = set(self.identity) | set(self.required)
        for criterion in self.criteria:
            found |= criterion.columns()
        for score in self.scores:
            found |= score.columns() | {score.id}  # a score may also be given as evidence
        return found

    def boolean_columns(self) -> set[str]:
        tests = [leaf for c in self.criteria for leaf in c.leaves()]
        tests += [s.when for score in self.scores for i in score.items for s in i.steps if s.when]
        return {
            operand
            for leaf in tests
            if leaf.test in BOOLEAN_TESTS and leaf.value
            for operand in leaf.columns()
        }


def _criterion(entry: dict[str, Any]) -> Criterion:
    for combine in ("all_of", "any_of"):
        if combine in entry:
            return Criterion(
                entry["id"],
                entry["clause"],
                entry["en"],
                entry["zh"],
                combine=combine,
                parts=tuple(_criterion(p) for p in entry[combine]),
            )
    if entry.get("test") not in TESTS:
        raise ZonemetricsError(f"criterion {entry.get('id')}: unknown test {entry.get('test')}")
    threshold = entry.get("threshold")
    band_column, bands = None, ()
    if isinstance(threshold, dict):
        band_column = threshold["by"]
        bands = tuple(Band(b.get("up_to"), float(b["threshold"])) for b in threshold["bands"])
        threshold = None
    return Criterion(
        entry["id"],
        entry["clause"],
        entry["en"],
        entry["zh"],
        value=entry["value"],
        test=entry["test"],
        threshold=None if threshold is None else float(threshold),
        band_column=band_column,
        bands=bands,
        unit=entry.get("unit"),
    )


def _score_item(entry: dict[str, Any]) -> ScoreItem:
    """Steps written `{<test>: threshold, points: P}` over the item's value, or with a
    `value` of their own; `{is_true: true, points: P}` for a yes/no; `{points: P}` last."""
    steps = []
    for step in entry["steps"]:
        test = next((t for t in TESTS if t in step), None)
        when = None
        if test is not None:
            threshold = None if test in BOOLEAN_TESTS else float(step[test])
            when = Criterion(
                f"{entry['id']}_step",
                entry["clause"],
                entry["en"],
                entry["zh"],
                value=step.get("value", entry.get("value")),
                test=test,
                threshold=threshold,
            )
        steps.append(ScoreStep(float(step["points"]), when, step.get("part_of")))
    return ScoreItem(
        entry["id"], entry["clause"], entry["en"], entry["zh"], float(entry["max"]), tuple(steps)
    )


def _score(entry: dict[str, Any]) -> Score:
    return Score(
        entry["id"],
        entry["clause"],
        entry["en"],
        entry["zh"],
        items=tuple(_score_item(i) for i in entry.get("items", ())),
        sum_of=tuple(entry.get("sum_of", ())),
    )


@cache
def rule_book() -> dict[str, list[RuleVersion]]:
    text = (files("zonemetrics") / "data" / "catalog" / "certification_rules.yaml").read_text(
        "utf-8"
    )
    book: dict[str, list[RuleVersion]] = {}
    for kind, entry in yaml.safe_load(text).items():
        book[kind] = sorted(
            (
                RuleVersion(
                    kind,
                    entry["name_en"],
                    entry["name_zh"],
                    int(v["from_year"]),
                    v["document"],
                    tuple(v["identity"]),
                    tuple(v["required"]),
                    tuple(_criterion(c) for c in v["criteria"]),
                    tuple(_score(s) for s in v.get("scores", ())),
                )
                for v in entry["versions"]
            ),
            key=lambda version: version.from_year,
        )
    return book


def rule_for(kind: str, year: int | None = None) -> RuleVersion:
    """The version of a rule in force in `year` (the latest when no year is given)."""
    book = rule_book()
    if kind not in book:
        raise ZonemetricsError(f"unknown rule '{kind}' (known: {', '.join(sorted(book))})")
    versions = [v for v in book[kind] if year is None or v.from_year <= year]
    if not versions:
        raise ZonemetricsError(
            f"no version of rule '{kind}' applies to {year} "
            f"(the earliest applies from {book[kind][0].from_year})"
        )
    return versions[-1]
