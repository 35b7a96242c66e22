"""Verdicts: supported, contradicted, supported for another period or area definition,
or not checkable - each with the evidence it rests on.

Evidence is grouped by period (and, for land-based figures, by area definition). A
period's standing comes from the values sources report for it, else from values the
indicator engine recomputes from independent inputs. A bound that neither confirms
nor denies a number leaves the claim not checkable, and says so.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.narrative import intervals
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.evidence import LedgerEvidence
from zonemetrics.narrative.formatting import (
    Amount,
    Period,
    Phrase,
    Words,
    base_unit,
    cited_source,
    joined,
    say,
)
from zonemetrics.narrative.parts_of_year import is_within_year

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
OTHER_PERIOD = "supported_other_period"
OTHER_DEFINITION = "supported_other_definition"
NOT_CHECKABLE = "not_checkable"
VERDICTS = (SUPPORTED, CONTRADICTED, OTHER_PERIOD, OTHER_DEFINITION, NOT_CHECKABLE)
_DEFINITION_CODES = {"share_of_province_land_computed", "gdp_per_km2"}
_TIMELESS = ("land_area", "share_of_province_land", "other:actual_jurisdiction_area")
_ORDER = {"supports": 0, "consistent": 1, "contradicts": 2}


def _same_stretch(claim_period: str | None, other: str) -> bool:
    """Another period a claim may fit: a year for a year, the same part of another year for
    a part of a year (a first-three-quarters figure never fits a whole year's)."""
    if not claim_period or not is_within_year(claim_period):
        return not is_within_year(other)
    return is_within_year(other) and other[4:] == claim_period[4:]


def same_period(claim_period: str | None, row: dict[str, Any]) -> bool:
    """A claim's period and an observation's meet: equal, the same year (a stock as of a
    month or a date of that year), or an undated claim or observation. A quarter, a half
    or another part of the year holds a part of the year's flow and meets only itself."""
    if claim_period is None or not row.get("period"):
        return True
    if row["period"] == claim_period:
        return True
    if not claim_period.isdigit():  # a span or a part of a year meets only itself
        return False
    year = int(claim_period)
    kind = row.get("period_kind")
    return kind in ("month", "date") and row.get("period_start_year") == year


def _entry(row: dict[str, Any], role: str, rel: str | None, unit: str | None) -> dict[str, Any]:
    entry = {
        "role": role,
        "zone": row.get("zone_id"),
        "indicator": row.get("derived") or row.get("indicator"),
        "period": row.get("period"),
        "caliber": row.get("caliber"),
        "value": row.get("value"),
        "value_high": row.get("value_high"),
        "qualifier": row.get("qualifier"),
        "text": row.get("original_text") or amount_of(row, unit),
        "relation": rel,
    }
    if role == "computed":
        entry["receipt"] = list(row.get("receipt") or [])
        entry["source_ids"] = row.get("source_ids", [])
        if row.get("input_text"):
            entry["input_text"] = row["input_text"]
    else:
        entry["source_id"] = row.get("source_id")
        entry["source_ids"] = [row.get("source_id")]
        entry["obs_id"] = row.get("obs_id")
        entry["tier"] = row.get("tier")
        entry["judgement"] = row.get("judgement")
    return entry


def amount_of(row: dict[str, Any], unit: str | None) -> Amount:
    """A ledger value the checker writes out itself (a derived value has no wording of
    its own), in either language."""
    return Amount(
        row.get("value"),
        base_unit(row.get("unit") or unit),
        row.get("qualifier") or row.get("comparator"),
        row.get("value_high"),
    )


def claim_value(claim: Claim) -> str | Amount:
    """A claim's figure as the text wrote it, else as the checker writes it."""
    return claim.extra.get("value_text") or amount_of(claim.as_dict(), claim.unit)


def period_words(period: str | None) -> Period | Phrase:
    """A period as the explanation writes it in either language ('undated' when none)."""
    return say("undated") if period in (None, "", "undated") else Period(str(period))


def _computed_interval(row: dict[str, Any], ev: LedgerEvidence) -> tuple[float, float]:
    """A derived value's range with its inputs' rounding (ratios of two inputs)."""
    inputs = ev.inputs(list(row.get("receipt") or []))
    row["source_ids"] = sorted({i["source_id"] for i in inputs})
    if row["qualifier"] in ("lower_bound", "upper_bound") or len(inputs) != 2:
        return intervals.of_observation(row)
    a, b = inputs
    row["input_text"] = a.get("original_text")
    a_lo, a_hi = intervals.of_observation(a)
    b_lo, b_hi = intervals.of_observation(b)
    scale = row["value"] / (a["value"] / b["value"]) if a["value"] and b["value"] else 1.0
    if b_lo <= 0 or b_hi == intervals.INF or a_hi == intervals.INF:
        return intervals.of_observation(row)
    return a_lo / b_hi * scale, a_hi / b_lo * scale


def _standing(rels: list[str]) -> str | None:
    return min(rels, key=_ORDER.__getitem__) if rels else None


def _period_label(period: str | None) -> str:
    return period or "undated"


def judge_value(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    """Verdict on a value claim (level, count, share, growth, threshold's value)."""
    own = ev.own(claim.zone, claim.indicator)
    if claim.zone is None:
        return _not_checkable(claim, say("why_zone_unresolved"), [], own)
    claimed = intervals.of_claim(claim)
    evidence: list[dict[str, Any]] = []
    by_period: dict[str, dict[str, list[str]]] = {}
    by_definition: dict[str, list[str]] = {}
    for row in ev.reported(claim.zone, claim.indicator):
        rel = intervals.relation(claimed, intervals.of_observation(row))
        evidence.append(_entry(row, "reported", rel, claim.unit))
        if row["judgement"] == "conflicting":
            continue
        by_period.setdefault(_period_label(row["period"]), {}).setdefault("reported", []).append(
            rel
        )
    for row in ev.derived(claim.zone, claim.indicator):
        rel = intervals.relation(claimed, _computed_interval(row, ev))
        evidence.append(_entry(row, "computed", rel, claim.unit))
        by_period.setdefault(_period_label(row["period"]), {}).setdefault("computed", []).append(
            rel
        )
        if row["derived"] in _DEFINITION_CODES:
            by_definition.setdefault(row["caliber"], []).append(rel)
    for row in own:
        evidence.append(
            {
                "role": "text_source",
                "zone": row["zone_id"],
                "indicator": row["indicator"],
                "period": row["period"],
                "text": row["original_text"],
                "source_id": row["source_id"],
                "source_ids": [row["source_id"]],
                "obs_id": row["obs_id"],
                "relation": "not independent",
            }
        )
    if not by_period:
        reason = (
            say("why_only_own_source", sources=sorted({r["source_id"] for r in own}))
            if own
            else say(
                "why_no_data",
                indicator=ev.indicator_words(claim.indicator),
                zone=ev.zone_words(claim.zone, claim.zone_name),
            )
        )
        return _not_checkable(claim, reason, evidence, own)
    standing = {
        period: _standing(kinds.get("reported") or kinds.get("computed") or [])
        for period, kinds in by_period.items()
    }
    timeless = claim.indicator in _TIMELESS
    here = [p for p in standing if _matches(claim.period, p, evidence, timeless)]
    elsewhere = {
        p: s for p, s in standing.items() if p not in here and _same_stretch(claim.period, p)
    }
    here_standing = _standing([standing[p] for p in here])
    definitions = {d: _standing(r) for d, r in by_definition.items()}
    named = claim.extra.get("definition")
    if named:
        mine = {d: s for d, s in definitions.items() if d.split("/")[0] == named}
        if mine:
            status = _standing(list(mine.values()))
            label = definition_words(named)
            values = _definition_values(evidence, mine)
            if status == "supports":
                return _verdict(
                    SUPPORTED,
                    say("why_holds_for_definition", definition=label, values=values),
                    evidence,
                )
            if status == "contradicts":
                fits = [d for d, s in definitions.items() if s == "supports"]
                text = say("why_not_for_definition", definition=label, values=values)
                if fits:
                    text = _definition_text(claim, evidence, fits, list(mine))
                    return _verdict(OTHER_DEFINITION, text, evidence)
                return _verdict(CONTRADICTED, text, evidence)
        definitions = {}
    if definitions and len(set(definitions.values())) > 1 and "supports" in definitions.values():
        fits = [d for d, s in definitions.items() if s == "supports"]
        not_fits = [d for d, s in definitions.items() if s == "contradicts"]
        text = _definition_text(claim, evidence, fits, not_fits)
        return _verdict(OTHER_DEFINITION, text, evidence)
    value_text = claim_value(claim)
    if claim.period is None and not timeless and any(p != "undated" for p in here):
        # an undated claim meets every year's figure, but the text means one year: it is
        # supported by the years it fits, and only those are cited; fitting none, which year
        # it means is unknown, so none of them refutes it
        fitting = [p for p in here if standing[p] == "supports"]
        if fitting:
            cited = _cite(evidence, fitting)
            return _verdict(
                SUPPORTED, say("why_agrees_undated", value=value_text, cited=cited), evidence
            )
        return _not_checkable(
            claim,
            say(
                "why_undated_no_match",
                value=value_text,
                cited=_cite(evidence, here, values_only=True),
            ),
            evidence,
            own,
        )
    if here_standing == "supports":
        return _verdict(
            SUPPORTED, say("why_agrees", value=value_text, cited=_cite(evidence, here)), evidence
        )
    fits = sorted(p for p, s in elsewhere.items() if s == "supports")
    if fits:
        cited = _cite(evidence, fits)
        if here and here_standing == "contradicts":
            here_cited = _cite(evidence, here, values_only=True)
            text = say("why_other_period_not_here", value=value_text, cited=cited, here=here_cited)
        elif here:  # the claimed period's data neither confirms nor contradicts it
            text = say(
                "why_other_period_bounded",
                value=value_text,
                cited=cited,
                period=period_words(claim.period),
                here=_cite(evidence, here, values_only=True),
            )
        elif claim.period:
            text = say(
                "why_other_period_missing",
                value=value_text,
                cited=cited,
                period=period_words(claim.period),
            )
        else:
            text = say("why_other_period", value=value_text, cited=cited)
        return _verdict(OTHER_PERIOD, text, evidence)
    if here_standing == "contradicts":
        return _verdict(
            CONTRADICTED,
            say("why_disagrees", value=value_text, cited=_cite(evidence, here)),
            evidence,
        )
    if here_standing == "consistent":
        return _not_checkable(
            claim, say("why_only_bounded", cited=_cite(evidence, here)), evidence, own
        )
    return _not_checkable(
        claim,
        say(
            "why_no_figure_for_period",
            period=period_words(claim.period),
            cited=_cite(evidence, list(elsewhere)),
        ),
        evidence,
        own,
    )


def _matches(
    claim_period: str | None, label: str, evidence: list[dict[str, Any]], timeless: bool
) -> bool:
    if label == "undated":
        return timeless or claim_period is None
    row = next((e for e in evidence if _period_label(e.get("period")) == label), None)
    if row is None:
        return False
    info = {"period": row.get("period") or "", "period_kind": None, "period_start_year": None}
    period = row.get("period") or ""
    if len(period) >= 7 and period[:4].isdigit() and period[4] == "-" and len(period) in (7, 10):
        info["period_kind"] = "month" if len(period) == 7 else "date"
        info["period_start_year"] = int(period[:4])
    return same_period(claim_period, info)


def _cite(evidence: list[dict[str, Any]], periods: list[str], values_only: bool = False) -> Phrase:
    """Each period's values with the source (and its tier) of each: '2022 (8%,
    rednet-1xinli-2022 [repost])'."""
    parts = []
    for period in periods:
        rows = [
            e
            for e in evidence
            if _period_label(e.get("period")) == period
            and e["role"] in ("reported", "computed")
            and e.get("judgement") != "conflicting"
        ]
        shown: list[Any] = []
        for e in rows[:3]:
            if values_only and e["text"] in shown:
                continue
            who = say("cite_computed") if e["role"] == "computed" else _cited_source(e)
            shown.append(e["text"] if values_only else say("cite_item", text=e["text"], who=who))
        parts.append(
            say("cite_period", period=period_words(period), items=joined(shown, "clause_sep"))
        )
    return joined(parts)


def _cited_source(entry: dict[str, Any]) -> Phrase:
    return cited_source(entry["source_id"], entry.get("tier"))


def definition_words(code: str) -> Phrase | str:
    """An area definition in words ('planning area' / 规划面积), or its code where the
    catalogue has no words for it."""
    from zonemetrics.web.messages import MESSAGES

    key = f"definition_{code}"
    return say(key) if key in MESSAGES else code.replace("_", " ")


def _definition_values(evidence: list[dict[str, Any]], calibers: dict[str, str]) -> Phrase:
    rows = [e for e in evidence if e["role"] == "computed" and e.get("caliber") in calibers]
    return joined(
        (
            say("computed_from_sources", value=e["text"], sources=joined(e["source_ids"]))
            for e in rows
        ),
        "clause_sep",
    )


def _definition_text(
    claim: Claim, evidence: list[dict[str, Any]], fits: list[str], not_fits: list[str]
) -> str:
    def describe(caliber: str) -> Phrase:
        rows = [e for e in evidence if e["role"] == "computed" and e.get("caliber") == caliber]
        value = rows[0]["text"] if rows else "?"
        label = definition_words(caliber.split("/")[0])
        size = rows[0].get("input_text") if rows else None
        if size:
            label = say("definition_sized", size=size, label=label)
        return say("definition_described", label=label, value=value)

    value_text = claim_value(claim)
    fitting = joined(describe(c) for c in fits)
    if not_fits:
        text = say(
            "why_other_definition_not",
            value=value_text,
            fits=fitting,
            not_fits=joined((describe(c) for c in not_fits), "or_sep"),
        )
    else:
        text = say("why_other_definition", value=value_text, fits=fitting)
    reported = [e for e in evidence if e["role"] == "reported" and e["relation"] == "supports"]
    if reported:
        cited = joined(
            (
                say(
                    "given_for_period",
                    text=e["text"],
                    period=Period(e["period"]) if e["period"] else say("no_year"),
                    who=_cited_source(e),
                )
                for e in reported
            ),
            "clause_sep",
        )
        text = say("why_sources_also_give", why=text, cited=cited)
    return text


def _verdict(
    verdict: str, explanation: Phrase | Words, evidence: list[dict[str, Any]]
) -> dict[str, Any]:
    """A verdict with its explanation as a phrase (rendered in both languages by
    `check`) and its evidence."""
    return {"verdict": verdict, "explanation": explanation, "evidence": evidence}


def _not_checkable(
    claim: Claim, reason: Phrase, evidence: list[dict[str, Any]], own: list[dict[str, Any]]
) -> dict[str, Any]:
    result = _verdict(NOT_CHECKABLE, reason, evidence)
    result["independent"] = not own
    return result
