"""From firm-year rows to zone-year indicators, written once in Ibis for every engine.

The same expression runs on DuckDB, Spark and PostgreSQL, so it avoids what engines
disagree on:

- sums of integers are cast back to int64 (PostgreSQL returns NUMERIC, which would arrive
  as Python Decimals) and to float64 before dividing (so every engine divides the same
  two doubles and gets the same ratio to the last bit, and ranks cannot differ);
- a ratio with a zero or missing denominator is null, decided before dividing (Spark 4's
  ANSI mode raises on division by zero where DuckDB returns null);
- null values are ordered explicitly (PostgreSQL sorts them first in descending order,
  DuckDB and Spark last), so a zone without data never takes a rank from one with data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir

from zonemetrics.errors import ZonemetricsError

Direction = Literal["desc", "asc"]

REQUIRED_COLUMNS = (
    "zone_id",
    "year",
    "revenue",
    "rd_expense",
    "employees",
    "is_high_tech",
    "is_specialized_sme",
)


@dataclass(frozen=True)
class Indicator:
    """A zone-year column of the result: what it is called, measured in and means."""

    column: str
    name_en: str
    name_zh: str
    unit: str
    definition: str


RD_INTENSITY_DEFINITION = (
    "Enterprise R&D intensity: the sum of R&D expenditure divided by the sum of operating "
    "revenue, over the zone's firms that reported both in that year (a ratio of totals, "
    "not a mean of firm ratios, so large firms weigh by their size). Null when those firms' "
    "revenue sums to zero or no firm reported both. Not the macro R&D intensity "
    "(R&D expenditure / GDP) that statistical bulletins quote."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator("firms", "Firms", "企业数", "firms", "Firm-year rows in the zone and year."),
    Indicator(
        "rd_reporting_firms",
        "Firms reporting R&D",
        "填报研发费用的企业数",
        "firms",
        "Firms with a reported (non-null) R&D expenditure, zero included.",
    ),
    Indicator("revenue", "Operating revenue", "营业收入", "yuan", "Sum over all firms."),
    Indicator(
        "rd_expense",
        "R&D expenditure",
        "研发费用",
        "yuan",
        "Sum over firms that reported it; firms that did not are not counted as zero.",
    ),
    Indicator("rd_intensity", "R&D intensity", "研发投入强度", "ratio", RD_INTENSITY_DEFINITION),
    Indicator("employees", "Employees", "从业人员", "persons", "Sum of year-end headcounts."),
    Indicator(
        "high_tech_firms",
        "High-tech enterprises",
        "高新技术企业数",
        "firms",
        "Firms holding a High and New Technology Enterprise certificate in the year.",
    ),
    Indicator(
        "specialized_smes",
        "Specialized SMEs",
        "专精特新中小企业数",
        "firms",
        "Firms recognised as specialized, refined, distinctive and innovative SMEs.",
    ),
)


class FirmTableError(ZonemetricsError):
    """A firm-year table that lacks a column the aggregation needs."""


def zone_year_indicators(
    firms: ir.Table, *, rank_by: str = "rd_intensity", direction: Direction = "desc"
) -> ir.Table:
    """Zone-year indicators from a firm-year table, ranked within each year.

    `rank_by` names the indicator ranked on and `direction` which end is first
    ("desc": the highest value is rank 1). Ranks are min ranks (tied zones share the
    best rank, the next rank skips); zones with no value get no rank, and `ranked_zones`
    says how many zones had a value in that year.
    """
    missing = [column for column in REQUIRED_COLUMNS if column not in firms.columns]
    if missing:
        raise FirmTableError(f"firm-year table lacks column(s): {', '.join(missing)}")
    # sums need numbers: a revenue column of text would fail deep inside the engine
    not_numeric = [
        f"{c} ({firms[c].type()})"
        for c in ("revenue", "rd_expense", "employees")
        if not firms[c].type().is_numeric()
    ]
    if not_numeric:
        raise FirmTableError(f"firm-year table columns must hold numbers: {', '.join(not_numeric)}")
    reported = firms.rd_expense.notnull() & firms.revenue.notnull()
    measures = {
        "firms": firms.count(),
        "rd_reporting_firms": firms.rd_expense.count(),
        "revenue": firms.revenue.sum().cast("int64"),
        "rd_expense": firms.rd_expense.sum().cast("int64"),
        "rd_numerator": firms.rd_expense.sum(where=reported).cast("float64"),
        "rd_denominator": firms.revenue.sum(where=reported).cast("float64"),
        "employees": firms.employees.sum().cast("int64"),
        "high_tech_firms": firms.count(where=firms.is_high_tech),
        "specialized_smes": firms.count(where=firms.is_specialized_sme),
    }
    if "synthetic" in firms.columns:
        measures["synthetic"] = firms.synthetic.any()
    totals = firms.group_by("zone_id", "year").aggregate(**measures)
    with_ratio = totals.mutate(
        rd_intensity=ibis.ifelse(
            totals.rd_denominator > 0, totals.rd_numerator / totals.rd_denominator, None
        )
    ).drop("rd_numerator", "rd_denominator")
    ranked = rank_within_year(with_ratio, rank_by, direction)
    rank = ranked[f"{rank_by}_rank"]
    leading = ["zone_id", "year", *(i.column for i in INDICATORS), rank.get_name(), "ranked_zones"]
    columns = [*leading, *(c for c in ranked.columns if c not in leading)]
    return ranked.select(columns).order_by([ranked.year, rank.isnull(), rank, ranked.zone_id])


def rank_within_year(table: ir.Table, column: str, direction: Direction = "desc") -> ir.Table:
    """Add `<column>_rank` (1-based min rank within each year) and `ranked_zones`."""
    if direction not in ("desc", "asc"):
        raise ValueError(f"direction must be 'desc' or 'asc', not {direction!r}")
    value = table[column]
    key = ibis.desc(value) if direction == "desc" else ibis.asc(value)
    rank = ibis.rank().over(group_by=table.year, order_by=[value.isnull(), key]) + 1
    return table.mutate(
        **{f"{column}_rank": ibis.ifelse(value.isnull(), None, rank).cast("int64")},
        ranked_zones=value.count().over(group_by=table.year),
    )


def indicator_rows(firms: ir.Table, **options) -> list[dict]:
    """Run the aggregation on the table's own backend and return plain records."""
    return zone_year_indicators(firms, **options).to_pyarrow().to_pylist()
