"""The text's own arithmetic: a conversion's implied exchange rate against the dated
rates in the ledger, a change's implied growth against any growth rate the text states
for the same span, and a share against the share the text's own level and its parent
area's level imply.

These are shown before the claim-by-claim evidence: a text whose own numbers do not add
up is the first thing a reader checking it should know. Each check names the claims it
concerns by their number (1-based, in the order the checker lists them)."""

from __future__ import annotations

from typing import Any

from zonemetrics.narrative import intervals
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.evidence import LedgerEvidence, ledger_codes
from zonemetrics.narrative.formatting import Amount, Period, Words, cited_source, say, sig

_FX = "fx_cny_per_usd_"
RATE_TOLERANCE = 0.005  # half a percent: conversions are written to three or four digits


def implied_rate(claim: Claim) -> float | None:
    """Yuan per dollar implied by a conversion claim."""
    if not claim.value or not claim.converted_value:
        return None
    if claim.unit == "USD" and claim.converted_unit == "CNY":
        return claim.converted_value / claim.value
    if claim.unit == "CNY" and claim.converted_unit == "USD":
        return claim.value / claim.converted_value
    return None


def judge_conversion(claim: Claim, ev: LedgerEvidence) -> dict[str, Any]:
    rate = implied_rate(claim)
    if rate is None:
        return {
            "verdict": "not_checkable",
            "explanation": say("why_not_a_conversion"),
            "evidence": [],
        }
    rates = sorted(
        ev.rates(),
        key=lambda r: (
            abs(r["value"] - rate) > RATE_TOLERANCE * rate,
            not r["indicator"].endswith("_avg"),
            abs(r["value"] - rate),
        ),
    )
    evidence = []
    fits, year_rates = [], []
    year = claim.period[:4] if claim.period else None
    for r in rates:
        close = abs(r["value"] - rate) <= RATE_TOLERANCE * rate
        in_year = year is not None and (r["period"] or "").startswith(year)
        if not (close or in_year):
            continue
        entry = {
            "role": "rate",
            "indicator": r["indicator"],
            "period": r["period"],
            "value": r["value"],
            "text": say(
                "rate_text",
                rate=sig(r["value"], 5),
                kind=say("rate_kind_" + r["indicator"].removeprefix(_FX)),
            ),
            "source_id": r["source_id"],
            "source_ids": [r["source_id"]],
            "obs_id": r["obs_id"],
            "relation": "supports" if close else "contradicts",
        }
        evidence.append(entry)
        (fits if close else year_rates).append(r)
    cny = claim.converted_value if claim.converted_unit == "CNY" else claim.value
    base = say(
        "conversion_implies",
        written=Amount(claim.value, claim.unit),
        converted=Amount(claim.converted_value, claim.converted_unit),
        rate=sig(rate, 4),
    )
    year_fit = [r for r in fits if year and (r["period"] or "").startswith(year)]
    arithmetic = {"implied_rate": round(rate, 4)}
    if year_fit:
        verdict = "supported"
        text = say("why_conversion_year", base=base, period=Period(year_fit[0]["period"]))
    elif fits:
        best = fits[0]
        who = cited_source(best["source_id"], ev.tier_of(best["source_id"]))
        values = dict(base=base, period=Period(best["period"]), rate=sig(best["value"], 5), who=who)
        if year_rates:
            r = year_rates[0]
            text = say(
                "why_conversion_other_not_year",
                **values,
                year=year,
                year_rate=sig(r["value"], 5),
                gives=Amount(cny / r["value"], "USD"),
            )
        else:
            text = say("why_conversion_other", **values)
        verdict = "supported_other_period"
    elif year_rates:
        r = year_rates[0]
        verdict = "contradicted"
        who = cited_source(r["source_id"], ev.tier_of(r["source_id"]))
        text = say(
            "why_conversion_contradicted", base=base, year=year, rate=sig(r["value"], 5), who=who
        )
    else:
        verdict, text = "not_checkable", say("why_conversion_no_rate", base=base)
    return {"verdict": verdict, "explanation": text, "evidence": evidence, "arithmetic": arithmetic}


def change_arithmetic(claim: Claim) -> dict[str, Any]:
    """Multiple and compound annual growth between the two ends of a change claim."""
    if not claim.value_from or not claim.value:
        return {}
    out: dict[str, Any] = {"multiple": round(claim.value / claim.value_from, 3)}
    try:
        years = int(claim.period[:4]) - int(claim.period_from[:4])  # type: ignore[index]
    except (TypeError, ValueError):
        return out
    if years > 0:
        out["years"] = years
        out["cagr_percent"] = round(((claim.value / claim.value_from) ** (1 / years) - 1) * 100, 2)
    return out


def growth_checks(claims: list[Claim]) -> list[dict[str, Any]]:
    """A stated growth rate against the growth its own endpoints imply (same sentence)."""
    checks = []
    number = {id(c): n for n, c in enumerate(claims, 1)}
    changes = [c for c in claims if c.kind == "change"]
    for change in changes:
        implied = change_arithmetic(change).get("cagr_percent")
        stated = [
            c
            for c in claims
            if c.kind == "growth" and c.text == change.text and c.zone == change.zone
        ]
        for growth in stated:
            ok = implied is not None and abs(implied - (growth.value or 0)) <= max(
                growth.rounding, 0.5
            )
            checks.append(
                {
                    "check": "growth_vs_endpoints",
                    "explanation": say(
                        "growth_check_consistent" if ok else "growth_check_inconsistent",
                        implied=implied,
                        stated=growth.extra.get("value_text") or f"{growth.value}%",
                    ),
                    "claims": [number[id(change)], number[id(growth)]],
                    "text": change.text,
                    "stated_percent": growth.value,
                    "implied_cagr_percent": implied,
                    "consistent": ok,
                }
            )
    return checks


def conversion_checks(claims: list[Claim], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "check": "conversion_rate",
            "claims": [n],
            "text": c.extra.get("value_text"),
            "implied_rate": r.get("arithmetic", {}).get("implied_rate"),
            "verdict": r["verdict"],
            "explanation": r["explanation"],
        }
        for n, (c, r) in enumerate(zip(claims, results, strict=True), 1)
        if c.kind == "conversion"
    ]


def _stated_levels(claims: list[Claim], zone: str, code: str) -> list[dict[str, Any]]:
    """Exact levels the text itself gives for a zone and a ledger indicator, each end of
    a change included ('from 160 billion yuan in 2015 to 450 billion yuan in 2023')."""
    levels = []
    for n, c in enumerate(claims, 1):
        if c.zone != zone or code not in ledger_codes(c.indicator) or c.kind == "rank":
            continue
        if c.kind == "change" and c.value_from is not None:
            rounding = c.extra.get("rounding_from", c.rounding)
            text = c.extra.get("value_from_text")
            levels.append(
                dict(
                    claim=n,
                    value=c.value_from,
                    period=c.period_from,
                    rounding=rounding,
                    text=text,
                    comparator="=",
                )
            )
        if c.value is not None:
            comparator = "=" if c.comparator in ("from_to", "=") else c.comparator
            levels.append(
                dict(
                    claim=n,
                    value=c.value,
                    period=c.period,
                    rounding=c.rounding,
                    text=c.extra.get("value_text"),
                    comparator=comparator,
                )
            )
    return [lv for lv in levels if lv["comparator"] in ("=", "about") and lv["value"]]


def share_checks(
    claims: list[Claim], results: list[dict[str, Any]], ev: LedgerEvidence
) -> list[dict[str, Any]]:
    """A share the text states against the share implied by the text's own level and the
    parent area's level in the ledger: 'eight percent of the province's GDP' beside
    'GDP of 450 billion yuan in 2023' and the province's 2023 GDP gives 9.0%.

    The parent's level is found where the share's own recomputation finds it: the
    derived share's two inputs, one the zone's and one its parent's (so any share the
    indicator engine derives from a zone's and a parent's level is checked this way)."""
    checks = []
    for n, (claim, result) in enumerate(zip(claims, results, strict=True), 1):
        if claim.zone is None or claim.value is None or claim.unit != "%" or not claim.period:
            continue
        parents: list[dict[str, Any]] = []
        for entry in result.get("evidence", []):
            if entry.get("role") != "computed" or entry.get("period") != claim.period:
                continue
            inputs = ev.inputs(list(entry.get("receipt") or []))
            mine = [i for i in inputs if i["zone_id"] == claim.zone]
            theirs = [i for i in inputs if i["zone_id"] != claim.zone]
            if len(mine) == 1 and len(theirs) == 1 and theirs[0]["qualifier"] == "exact":
                parents.append(dict(theirs[0], numerator=mine[0]["indicator"]))
        if not parents:
            continue
        parent = min(parents, key=lambda r: (r.get("tier_rank", 9), r["obs_id"]))
        own = [
            lv
            for lv in _stated_levels(claims, claim.zone, parent["numerator"])
            if lv["period"] == claim.period
        ]
        if not own:
            continue
        level = own[0]
        p_lo, p_hi = intervals.of_observation(parent)
        half = (level["rounding"] or 0.0) / 2
        implied = level["value"] / parent["value"] * 100
        implied_range = ((level["value"] - half) / p_hi * 100, (level["value"] + half) / p_lo * 100)
        relation = intervals.relation(intervals.of_claim(claim), implied_range)
        stated = claim.extra.get("value_text") or f"{sig(claim.value, 3)}%"
        name = ev.zone_words(parent["zone_id"])
        names = ev.indicator_words(parent["numerator"])
        label = names.en
        if not label[:2].isupper():  # 'Gross domestic product' inside a sentence, 'GDP' kept
            label = label[:1].lower() + label[1:]
        tier = ev.tier_of(parent["source_id"])
        explanation = say(
            "share_check_consistent" if relation != "contradicts" else "share_check_inconsistent",
            period=Period(claim.period),
            indicator=Words(label, names.zh),
            own=level["text"] or Amount(level["value"], "CNY"),
            parent=name,
            parent_text=parent["original_text"],
            who=cited_source(parent["source_id"], tier),
            implied=f"{implied:.1f}",
            stated=stated,
        )
        checks.append(
            {
                "check": "share_from_own_figures",
                "claims": sorted({n, level["claim"]}),
                "text": claim.text,
                "period": claim.period,
                "stated_percent": claim.value,
                "implied_percent": round(implied, 2),
                "own_level": {k: level[k] for k in ("claim", "text", "value", "period")},
                "parent_level": {
                    "zone": parent["zone_id"],
                    "text": parent["original_text"],
                    "value": parent["value"],
                    "period": parent["period"],
                    "source_id": parent["source_id"],
                    "tier": tier,
                    "obs_id": parent["obs_id"],
                },
                "consistent": relation != "contradicts",
                "explanation": explanation,
            }
        )
    return checks
