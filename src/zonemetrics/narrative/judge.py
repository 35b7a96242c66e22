"""One verdict per claim, by kind: values (`verdicts.judge_value`), ranks, first
crossings of a threshold, changes between two years, and currency conversions (whose
implied exchange rate is checked against the dated rates in the ledger)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zonemetrics.indicators import thresholds
from zonemetrics.narrative import arithmetic
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.evidence import LedgerEvidence, ledger_codes
from zonemetrics.narrative.formatting import (
    Amount,
    Phrase,
    cited_source,
    joined,
    say,
    verdict_words,
)
from zonemetrics.narrative.verdicts import (
    CONTRADICTED,
    NOT_CHECKABLE,
    OTHER_PERIOD,
    SUPPORTED,
    judge_value,
    period_words,
    same_period,
)


def peer_words(peer_set: str | None) -> Phrase | str:
    """A peer set in words (国家级新区 / 'state-level new areas'), or its code where the
    catalogue has no words for it (a province's own peer set keeps its name)."""
    from zonemetrics.web.messages import MESSAGES

    key = f"peers_{peer_set or 'unstated'}"
    return say(key) if key in MESSAGES else str(peer_set)


def judge(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    if claim.kind == "rank":
        return judge_rank(claim, ev)
    if claim.kind == "conversion":
        return arithmetic.judge_conversion(claim, ev)
    if claim.kind == "change":
        return judge_change(claim, ev)
    if claim.comparator == "first_time_above":
        return judge_threshold(claim, ev)
    return judge_value(claim, ev)


def _year(period: str | None) -> int | None:
    return (
        int(period[:4]) if period and period[:4].isdigit() and len(period) in (4, 7, 10) else None
    )


def judge_rank(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    evidence: list[dict[str, Any]] = []
    if claim.zone is None or claim.indicator is None:
        return {
            "verdict": NOT_CHECKABLE,
            "explanation": say("why_zone_or_indicator_unknown"),
            "evidence": [],
        }
    wanted = claim.peer_set or ""
    reported = [
        r
        for r in ev.reported(claim.zone, claim.indicator, measure="rank")
        if wanted and (r["peer_set"] == wanted or r["peer_set"].endswith("_" + wanted))
    ]
    here: list[str] = []
    for r in reported:
        rel = "supports" if int(r["value"]) == claim.rank else "contradicts"
        evidence.append(
            {
                "role": "reported_rank",
                "zone": r["zone_id"],
                "indicator": r["indicator"],
                "period": r["period"],
                "peer_set": r["peer_set"],
                "rank": int(r["value"]),
                "text": say(
                    "evidence_reported_rank", rank=int(r["value"]), peers=peer_words(r["peer_set"])
                ),
                "source_id": r["source_id"],
                "source_ids": [r["source_id"]],
                "obs_id": r["obs_id"],
                "relation": rel,
            }
        )
        if same_period(claim.period, r):
            here.append(rel)
    year = _year(claim.period)
    computed = None
    if year is not None and wanted == "new_areas":
        for code in ledger_codes(claim.indicator):
            has_value = any(
                r["period_start_year"] == year and r["period_kind"] == "year"
                for r in ev.reported(claim.zone, code)
            )
            if not has_value:
                continue
            ranking = ev.ranking(code, year, "new_areas")
            row = (
                next((x for x in ranking.rows if x["zone"] == claim.zone), None)
                if ranking
                else None
            )
            if ranking is None or row is None or row["rank"] is None:
                continue
            exact = not ranking.missing and not ranking.bound_only
            exact = exact or claim.peer_count == ranking.with_data + len(ranking.bound_only)
            if claim.rank < row["rank_best"]:
                rel = "contradicts"
            elif exact and row["rank_best"] <= claim.rank <= row["rank_worst"]:
                rel = "supports"
            else:
                rel = "consistent"
            computed = {
                "role": "computed_rank",
                "zone": claim.zone,
                "indicator": code,
                "period": str(year),
                "peer_set": "new_areas",
                "rank": row["rank"],
                "rank_range": [row["rank_best"], row["rank_worst"]],
                "of": ranking.of,
                "with_data": ranking.with_data,
                "bound_only": ranking.bound_only,
                "missing": len(ranking.missing),
                "text": say(
                    "computed_rank",
                    rank=row["rank"],
                    with_data=ranking.with_data,
                    year=year,
                    of=ranking.of,
                ),
                "source_ids": row["source_ids"],
                "receipt": row["receipt"],
                "relation": rel,
            }
            evidence.append(computed)
            here.append(rel)
            break
    for row in ev.own(claim.zone, claim.indicator, measure="rank"):
        evidence.append(
            {
                "role": "text_source",
                "period": row["period"],
                "text": say(
                    "evidence_reported_rank",
                    rank=int(row["value"]),
                    peers=peer_words(row["peer_set"]),
                ),
                "source_id": row["source_id"],
                "source_ids": [row["source_id"]],
                "obs_id": row["obs_id"],
                "relation": "not independent",
            }
        )
    what = say("rank_among", rank=claim.rank, peers=peer_words(claim.peer_set))
    if "contradicts" in here and "supports" not in here:
        return {
            "verdict": CONTRADICTED,
            "explanation": say("why_rank_disagrees", what=what),
            "evidence": evidence,
        }
    if "supports" in here:
        return {
            "verdict": SUPPORTED,
            "explanation": say("why_rank_agrees", what=what),
            "evidence": evidence,
        }
    others = [e for e in evidence if e.get("relation") == "supports"]
    if others:
        periods = joined(period_words(p) for p in sorted({str(e["period"]) for e in others}))
        return {
            "verdict": OTHER_PERIOD,
            "explanation": say(
                "why_rank_other_period",
                what=what,
                periods=periods,
                period=period_words(claim.period),
            ),
            "evidence": evidence,
        }
    own = [e for e in evidence if e["role"] == "text_source"]
    reason = (
        say("why_rank_only_own")
        if own
        else say(
            "why_rank_no_data" if claim.period else "why_rank_no_data_undated",
            indicator=ev.indicator_words(claim.indicator),
            period=period_words(claim.period),
        )
    )
    if computed is not None:
        reason = say(
            "why_rank_not_established", computed=computed["text"], missing=computed["missing"]
        )
    return {"verdict": NOT_CHECKABLE, "explanation": reason, "evidence": evidence}


def judge_threshold(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    """ "Surpassed 5% for the first time in Y": above in Y, and not above in Y-1."""
    result = judge_value(replace(claim, comparator=">"), ev)
    codes = ledger_codes(claim.indicator)
    year = _year(claim.period)
    if claim.zone is None or claim.value is None or not codes or year is None:
        return result
    series = ev.yearly(claim.zone, codes[0])
    crossing = crossing_from_series(series, claim.value)
    statuses = {int(r["period_start_year"]): thresholds.year_status(r, claim.value) for r in series}
    by_year = {int(r["period_start_year"]): r for r in series}
    level = Amount(claim.value, claim.unit)
    entry = {
        "role": "crossing",
        "indicator": codes[0],
        "threshold": claim.value,
        "first_year_known_above": crossing["first_year_known_above"],
        "last_year_known_at_or_below": crossing["last_year_known_at_or_below"],
        "crossing_year": crossing["crossing_year"],
        "established": crossing["established"],
        "source_ids": sorted({r["source_id"] for r in series}),
        "text": _crossing_text(crossing, level),
    }
    result["evidence"].append(entry)

    def seen(y: int) -> Phrase:
        r = by_year[y]
        source = cited_source(r["source_id"], r.get("tier"))
        return say("seen_in_year", text=r["original_text"], year=y, source=source)

    status, before = statuses.get(year), statuses.get(year - 1)
    text: Phrase
    if status == "at_or_below":
        verdict = CONTRADICTED
        text = say("why_threshold_not_above", level=level, year=year, seen=seen(year))
    elif crossing["established"] and crossing["crossing_year"] == year:
        verdict = SUPPORTED
        text = say(
            "why_threshold_crossed", before=seen(year - 1), seen=seen(year), level=level, year=year
        )
    elif status == "above" and before == "above":
        verdict = CONTRADICTED
        text = say("why_threshold_already_above", level=level, year=year - 1, seen=seen(year - 1))
    elif crossing["established"]:
        verdict = OTHER_PERIOD
        text = say(
            "why_threshold_other_year", level=level, crossing=crossing["crossing_year"], year=year
        )
    elif status == "above":
        verdict = NOT_CHECKABLE
        text = say(
            "why_threshold_year_before_unknown",
            level=level,
            year=year,
            seen=seen(year),
            before=year - 1,
        )
    else:
        verdict = NOT_CHECKABLE
        own = [e for e in result["evidence"] if e.get("role") == "text_source"]
        text = say("why_threshold_no_figure", year=year, known=entry["text"])
        if own:
            text = say("why_not_independently", why=text)
    result["verdict"], result["explanation"] = verdict, text
    return result


def crossing_from_series(series: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """The first crossing of a threshold in a yearly series (the rule of
    `indicators.thresholds`, over rows already loaded)."""
    result = thresholds.crossing_from_series(series, threshold)
    result.pop("statuses")
    return result


def _crossing_text(crossing: dict[str, Any], threshold: Amount) -> Phrase:
    if crossing["established"]:
        return say("first_above", level=threshold, year=crossing["crossing_year"])
    return say(
        "crossing_unknown",
        level=threshold,
        above=crossing["first_year_known_above"] or say("none"),
        below=crossing["last_year_known_at_or_below"] or say("none"),
    )


def judge_change(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    """ "From X in Y1 to Z in Y2": both ends checked, and the growth they imply."""
    start = replace(
        claim,
        kind="level",
        value=claim.value_from,
        period=claim.period_from,
        rounding=claim.extra.get("rounding_from", claim.rounding),
        comparator="=",
        extra={"value_text": claim.extra.get("value_from_text")},
    )
    end = replace(claim, kind="level", comparator="=")
    first, last = judge_value(start, ev), judge_value(end, ev)
    # each end is judged on its own; its evidence says which end it was weighed against,
    # so that a figure that 'supports' the start is never read as supporting the end
    parts = []
    for part, part_claim, judged in (("start", start, first), ("end", end, last)):
        for entry in judged["evidence"]:
            entry["part"] = part
        parts.append(
            {
                "part": part,
                "period": part_claim.period,
                "value": part_claim.value,
                "value_text": part_claim.extra.get("value_text"),
                "verdict": judged["verdict"],
                "explanation": judged["explanation"],
            }
        )
    evidence = first["evidence"] + last["evidence"]
    verdicts = (first["verdict"], last["verdict"])
    explanation = say(
        "why_change",
        period_from=period_words(claim.period_from),
        verdict_from=verdict_words(first["verdict"]),
        why_from=first["explanation"],
        period=period_words(claim.period),
        verdict=verdict_words(last["verdict"]),
        why=last["explanation"],
    )
    if CONTRADICTED in verdicts:
        verdict = CONTRADICTED
    elif verdicts == (SUPPORTED, SUPPORTED):
        verdict = SUPPORTED
    elif all(v in (SUPPORTED, OTHER_PERIOD) for v in verdicts):
        verdict = OTHER_PERIOD
    else:
        verdict = NOT_CHECKABLE
    result = {"verdict": verdict, "explanation": explanation, "evidence": evidence, "parts": parts}
    result["arithmetic"] = arithmetic.change_arithmetic(claim)
    return result
