"""Zone indicators counted bottom-up from the firm registry, as Ibis expressions that run
on DuckDB and Spark alike, and their entry into the ledger with receipts.

The founding report's "500 high-tech firms newly recognised" is a count of certification
records; with the registry in the store the same figure can be recomputed per zone and
year and set beside what sources state. A count is written as an observation on the
`firm_registry` caliber, with the records behind it named in its note, and with the
lowest reliability tier among the sources of those records (a count is only as reliable
as its least reliable input).
"""

from __future__ import annotations

import hashlib
from typing import Any

import ibis

from zonemetrics.errors import IngestError
from zonemetrics.ingest.load import load_context, write_validated
from zonemetrics.ingest.validate import TIERS, validate_observations, validate_sources
from zonemetrics.store.connection import Store, Tables

CALIBER = "firm_registry"

#: certification kind -> (indicator of firms holding it at a year's end, indicator of
#: firms newly recognised in the year); the codes are the ledger's own indicators
COUNT_INDICATORS: dict[str, tuple[str | None, str | None]] = {
    "high_tech_enterprise": ("high_tech_enterprises", "new_high_tech_enterprises"),
    "innovative_sme": ("innovative_smes", "new_innovative_smes"),
    "specialized_sme": ("specialized_smes", "new_specialized_smes"),
    "little_giant": ("little_giants", "new_little_giants"),
    "tech_sme": ("tech_based_smes", None),
}

FIRM_TABLES = ("firms", "firm_facts", "certifications", "sources")


def _years(tables: Tables) -> ibis.Table:
    certs = tables.table("certifications")
    facts = tables.table("firm_facts")
    granted = certs.select(year=certs.granted.year().cast("int32"))
    return ibis.union(granted, facts.select(year=facts.year.cast("int32"))).distinct()


def certified_counts(tables: Tables) -> ibis.Table:
    """Zone, year, kind: firms newly recognised in the year and firms holding a valid
    certificate at the year's end (granted by 31 December, not expired before it), with
    the ingests the records came from."""
    certs = tables.table("certifications")
    firms = tables.table("firms")
    placed = certs.join(firms.select("uscc", "zone_id"), "uscc").filter(
        lambda t: t.zone_id.notnull()
    )
    years = _years(tables)
    pairs = placed.join(years, placed.granted.year().cast("int32") <= years.year)
    year_end = ibis.date(pairs.year, 12, 31)
    valid = pairs.expires.isnull() | (pairs.expires >= year_end)
    new = pairs.granted.year().cast("int32") == pairs.year
    return (
        pairs.group_by(["zone_id", "year", "kind"])
        .aggregate(
            new_firms=new.cast("int64").sum(),
            valid_firms=valid.cast("int64").sum(),
            ingests=pairs.ingest_id.collect(distinct=True),
            source_ids=pairs.source_id.collect(distinct=True),
        )
        .order_by(["zone_id", "year", "kind"])
    )


def rd_totals(tables: Tables) -> ibis.Table:
    """Zone, year: R&D expenditure summed over firms, and R&D intensity over the firms that
    report both R&D and revenue (a firm missing either is left out, never counted as 0)."""
    facts = tables.table("firm_facts")
    firms = tables.table("firms")
    placed = facts.join(firms.select("uscc", "zone_id"), "uscc").filter(
        lambda t: t.zone_id.notnull() & t.rd_expense.notnull()
    )
    both = placed.revenue.notnull() & (placed.revenue > 0)
    return (
        placed.group_by(["zone_id", "year"])
        .aggregate(
            rd_expenditure=placed.rd_expense.sum(),
            reporting_firms=placed.count(),
            rd_of_both=placed.rd_expense.sum(where=both),
            revenue_of_both=placed.revenue.sum(where=both),
            ingests=placed.ingest_id.collect(distinct=True),
            source_ids=placed.source_id.collect(distinct=True),
        )
        .mutate(rd_intensity=lambda t: t.rd_of_both / t.revenue_of_both * 100)
        .order_by(["zone_id", "year"])
    )


def _observation_rows(store: Store) -> tuple[list[dict[str, str]], set[str]]:
    rows: list[dict[str, str]] = []
    sources: set[str] = set()
    for r in certified_counts(store).to_pyarrow().to_pylist():
        valid_code, new_code = COUNT_INDICATORS.get(r["kind"], (None, None))
        receipt = f"certification records of ingests {sorted(r['ingests'])}"
        for code, value in ((valid_code, r["valid_firms"]), (new_code, r["new_firms"])):
            if code:
                rows.append(_row(r["zone_id"], code, r["year"], value, "家", receipt))
        sources |= set(r["source_ids"])
    for r in rd_totals(store).to_pyarrow().to_pylist():
        receipt = f"{r['reporting_firms']} firms' facts from ingests {sorted(r['ingests'])}"
        rows.append(
            _row(r["zone_id"], "rd_expenditure", r["year"], r["rd_expenditure"], "元", receipt)
        )
        if r["rd_intensity"] is not None:
            rows.append(
                _row(r["zone_id"], "rd_intensity", r["year"], r["rd_intensity"], "%", receipt)
            )
        sources |= set(r["source_ids"])
    return rows, sources


def _row(zone: str, code: str, year: int, value: Any, unit: str, receipt: str) -> dict[str, str]:
    return {
        "zone": zone,
        "indicator": code,
        "period": str(year),
        "value": repr(float(value)) if isinstance(value, float) else str(value),
        "unit": unit,
        "measure": "value",
        "peer_set": "",
        "caliber": CALIBER,
        "status": "A",
        "note": f"counted bottom-up from the firm registry: {receipt}",
    }


def write_bottom_up(store: Store) -> int:
    """Write the counts and R&D totals as observations of a source that names the
    registry state they were counted from; a second call on the same registry adds none."""
    rows, input_sources = _observation_rows(store)
    if not rows:
        return 0
    tiers = dict(store.sql("SELECT source_id, tier FROM sources"))
    tier = max((tiers[s] for s in input_sources), key=TIERS.index, default="blog")
    state = sorted(r["note"] for r in rows)
    digest = hashlib.sha256("\n".join(state).encode()).hexdigest()[:12]
    source_id = f"firm-registry-{digest}"
    source = {
        "source_id": source_id,
        "title": "Counts from the firm registry (zonemetrics bottom-up)",
        "producer": "zonemetrics, from the firm registry's records",
        "url": "",
        "published": "",
        "accessed": "",
        "licence": "",
        "tier": tier,
        "note": "inputs: " + ", ".join(sorted(input_sources)),
    }
    label = f"zonemetrics:bottom-up/{source_id}"
    added = 0
    for kind, validate, table in (
        ("sources", validate_sources, [source]),
        ("observations", validate_observations, [dict(r, source=source_id) for r in rows]),
    ):
        validated = validate(label, list(enumerate(table, start=2)), load_context(store))
        if validated.problems:
            raise IngestError(validated.problems)
        skipped_before = validated.skipped
        write_validated(store, kind, validated, label, digest, len(table))
        if kind == "observations":  # the store skips what it holds already
            added += len(validated.records) - (validated.skipped - skipped_before)
    return added
