"""`check`: every quantitative claim of a text, with a verdict and independent evidence.

The text's own sources (see `provenance`) are taken out of the ledger before any
evidence is gathered; the text's date (given, from its header line, or from its
recognised source) resolves "last year" and present-tense stocks.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from zonemetrics.narrative import arithmetic
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.evidence import DERIVED_FOR, LedgerEvidence
from zonemetrics.narrative.extract import Extractor, language_of
from zonemetrics.narrative.formatting import is_phrase, render
from zonemetrics.narrative.gazetteer import Gazetteer
from zonemetrics.narrative.judge import judge
from zonemetrics.narrative.provenance import own_sources
from zonemetrics.narrative.queries import CompiledQueries
from zonemetrics.narrative.timeframe import TextInfo, split_header
from zonemetrics.store.connection import Store

#: fields of each claim in the JSON, in order (the issue fixes the first ones)
CLAIM_FIELDS = (
    "text",
    "zone",
    "zone_text",
    "zone_name",
    "indicator",
    "period",
    "value",
    "unit",
    "comparator",
    "rank",
    "peer_set",
    "verdict",
    "explanation",
    "explanation_zh",
    "evidence",
    "kind",
    "period_inferred",
    "peer_count",
    "value_from",
    "period_from",
    "converted_value",
    "converted_unit",
    "modality",
    "value_text",
)


def _observations(store: Store, zones: set[str]) -> list[dict[str, Any]]:
    if not zones:
        return []
    rows = store.sql(
        "SELECT zone_id, indicator, measure, value, rounding, source_id FROM observations "
        f"WHERE zone_id IN ({','.join('?' * len(zones))})",
        sorted(zones),
    )
    keys = ("zone_id", "indicator", "measure", "value", "rounding", "source_id")
    return [dict(zip(keys, row, strict=True)) for row in rows]


class Checker:
    """A claim checker bound to one store: the gazetteer and the compiled queries are
    built once (start-up), and each `check` then costs a few milliseconds of SQL."""

    def __init__(self, store: Store, extractor: Extractor | None = None) -> None:
        self.store = store
        self.extractor = extractor or Extractor(Gazetteer.from_store(store))
        self.queries = CompiledQueries(store, tuple(sorted(set(DERIVED_FOR.values()))))
        self._evidence: dict[tuple[str, ...], LedgerEvidence] = {}

    def evidence(self, excluded: list[str]) -> LedgerEvidence:
        """The ledger less `excluded`, loaded once per set of excluded sources (a checker
        sees the ledger as it was when it first needed it)."""
        key = tuple(sorted(excluded))
        if key not in self._evidence:
            self._evidence[key] = LedgerEvidence(self.store, self.queries, list(key))
        return self._evidence[key]

    def check(
        self, text: str, *, source_ids: list[str] | None = None, date: str | None = None
    ) -> dict[str, Any]:
        """Extract every claim of `text` and judge it against the ledger, less the
        text's own sources."""
        header, body = split_header(text)
        info = TextInfo(header.url, header.title, date or header.date)
        claims = self.extractor.extract(body, info)
        zones = {c.zone for c in claims if c.zone}
        own = own_sources(self.store, claims, info, source_ids, _observations(self.store, zones))
        if info.date is None:
            dated = next((s.published for s in own if s.published), None)
            if dated:
                info = TextInfo(info.url, info.title, dated)
                claims = self.extractor.extract(body, info)
        evidence = self.evidence([s.source_id for s in own])
        results = [judge(claim, evidence) for claim in claims]
        records = [
            _record(number, c, r, evidence)
            for number, (c, r) in enumerate(zip(claims, results, strict=True), 1)
        ]
        # the text's own arithmetic comes first: whether its numbers add up among
        # themselves is known before any evidence is weighed
        checks = (
            arithmetic.share_checks(claims, results, evidence)
            + arithmetic.conversion_checks(claims, results)
            + arithmetic.growth_checks(claims)
        )
        for check in checks:
            for number in check["claims"]:
                records[number - 1].setdefault("internal_arithmetic", []).append(
                    check["explanation"]
                )
        for record in records:
            _in_both_languages(record)
        for check in checks:
            _in_both_languages(check)
        return {
            "text": {
                "language": language_of(body),
                "url": info.url,
                "title": info.title,
                "date": info.date,
                "date_from": "given" if date else ("header" if header.date else "source"),
            },
            "text_sources": [s.as_dict() for s in own],
            "summary": dict(Counter(r["verdict"] for r in records)),
            "internal_checks": checks,
            "claims": records,
        }


def check_text(
    store: Store, text: str, *, source_ids: list[str] | None = None, date: str | None = None
) -> dict[str, Any]:
    """One-off check (builds a `Checker`; reuse one to check many texts)."""
    return Checker(store).check(text, source_ids=source_ids, date=date)


def _with_tiers(entry: dict[str, Any], ev: LedgerEvidence) -> dict[str, Any]:
    """An evidence entry naming the tier of each source it rests on."""
    if entry.get("source_id") and not entry.get("tier"):
        entry["tier"] = ev.tier_of(entry["source_id"])
    if entry.get("source_ids"):
        entry["tiers"] = [ev.tier_of(s) for s in entry["source_ids"]]
    return entry


def _in_both_languages(record: dict[str, Any]) -> None:
    """Render a record's explanations (and the evidence texts the checker wrote itself)
    in English, under their usual keys, and in Chinese, under the same key + `_zh`: one
    phrase, two renderings, so the languages cannot disagree."""
    for holder in [record, *(record.get("parts") or [])]:
        if "explanation" in holder:
            explanation = holder["explanation"]
            holder["explanation"] = render(explanation, "en")
            holder["explanation_zh"] = render(explanation, "zh")
    for entry in record.get("evidence") or []:
        if is_phrase(entry.get("text")):
            entry["text_zh"] = render(entry["text"], "zh")
            entry["text"] = render(entry["text"], "en")
    if "internal_arithmetic" in record:
        said = record["internal_arithmetic"]
        record["internal_arithmetic"] = [render(p, "en") for p in said]
        record["internal_arithmetic_zh"] = [render(p, "zh") for p in said]


def _names(record: dict[str, Any], ev: LedgerEvidence) -> None:
    """The zone's and the indicator's registry names in both languages (a code the
    registry lacks keeps no name: the report shows the code)."""
    zone = record.get("zone")
    record["zone_name_zh"] = ev.zone_names_zh.get(zone or "")
    words = ev.indicator_words(record.get("indicator"))
    named = words.zh is not None
    record["indicator_name"] = words.en if named else None
    record["indicator_name_zh"] = words.zh if named else None


def _record(
    number: int, claim: Claim, result: dict[str, Any], ev: LedgerEvidence
) -> dict[str, Any]:
    data = claim.as_dict()
    data.update(result)
    data["evidence"] = [_with_tiers(e, ev) for e in data.get("evidence") or []]
    data["number"] = number
    _names(data, ev)
    ordered = {key: data.get(key) for key in CLAIM_FIELDS}
    for key, value in data.items():
        if key not in ordered and key not in ("rounding",):
            ordered[key] = value
    return ordered
