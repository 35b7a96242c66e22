"""The text's own arithmetic: a conversion's implied exchange rate against the dated
rates in the ledger, and a change's implied growth against any growth rate the text
states for the same span."""

from __future__ import annotations

from typing import Any

from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.evidence import LedgerEvidence
from zonemetrics.narrative.formatting import amount_en, sig

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
            "explanation": "not a yuan/dollar conversion",
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
            "text": f"{sig(r['value'], 5)} CNY/USD ({r['indicator'].removeprefix(_FX)})",
            "source_id": r["source_id"],
            "source_ids": [r["source_id"]],
            "obs_id": r["obs_id"],
            "relation": "supports" if close else "contradicts",
        }
        evidence.append(entry)
        (fits if close else year_rates).append(r)
    cny = claim.converted_value if claim.converted_unit == "CNY" else claim.value
    written = amount_en(claim.value, claim.unit)
    converted = amount_en(claim.converted_value, claim.converted_unit)
    base = f"{written} for {converted} implies {sig(rate, 4)} CNY/USD"
    year_fit = [r for r in fits if year and (r["period"] or "").startswith(year)]
    arithmetic = {"implied_rate": round(rate, 4)}
    if year_fit:
        verdict, text = "supported", f"{base}, the rate of {year_fit[0]['period']}"
    elif fits:
        best = fits[0]
        text = (
            f"{base}, the rate of {best['period']} ({sig(best['value'], 5)}, {best['source_id']})"
        )
        if year_rates:
            r = year_rates[0]
            at_year = cny / r["value"]
            text += (
                f", not {year}'s ({sig(r['value'], 5)}, which gives {amount_en(at_year, 'USD')})"
            )
        verdict = "supported_other_period"
    elif year_rates:
        r = year_rates[0]
        verdict = "contradicted"
        text = f"{base}; {year}'s rate is {sig(r['value'], 5)} ({r['source_id']})"
    else:
        verdict, text = "not_checkable", f"{base}; the ledger has no rate near it"
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
            "text": c.extra.get("value_text"),
            "implied_rate": r.get("arithmetic", {}).get("implied_rate"),
            "verdict": r["verdict"],
            "explanation": r["explanation"],
        }
        for c, r in zip(claims, results, strict=True)
        if c.kind == "conversion"
    ]
