"""Values as ranges, so that arithmetic on bounds gives bounds.

Every input is carried as [lo, hi] with two flags saying whether an end is open
(unknown). An exact 4500 is [4500, 4500]; '>5' is [5, open); '<1000' is (open, 1000].
Ratios, growth rates and conversions are monotonic, so applying them to the ends gives
the range of the result: from a bound comes a bound, never a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.ingest.periods import PARTS_OF_YEAR
from zonemetrics.ledger.policy import GROUP, usable_values
from zonemetrics.store.connection import Tables

__all__ = ["RANGE_COLUMNS", "Tables", "base_ranges", "finish", "joined_caliber", "safe_divide"]

IDENTITY_COLUMNS = (
    "zone_id",
    "indicator",
    "period",
    "period_kind",
    "period_start_year",
    "period_end_year",
    "caliber",
)
RANGE_COLUMNS = (
    *IDENTITY_COLUMNS,
    "lo",
    "hi",
    "lo_open",
    "hi_open",
    "approx",
    "receipt",
)


def base_ranges(tables: Tables, indicator: str, *, timeless: bool = False) -> ibis.Table:
    """One value per zone, period and caliber of a base indicator, as a range.

    The value is the policy's preferred one, except that a bound gives way to a value
    that agrees with it ('>4000' from a re-post, 4632.8 from a blog: the 4632.8 is used,
    and its receipt shows its tier). With `timeless`, only the latest period of each
    zone and caliber is kept: for stocks defined once, such as an area definition.
    """
    values = usable_values(tables)
    values = values.filter(
        (values.indicator == indicator)
        & (values.measure == "value")
        # part of a year's flow: a density or share of it would look like the year's
        & ~values.period_kind.isin(PARTS_OF_YEAR)
    )
    informative = ibis.window(
        group_by=list(GROUP),
        order_by=[values.qualifier.isin(["lower_bound", "upper_bound", "band"]), values.choice],
    )
    values = values.mutate(_pick=ibis.row_number().over(informative))
    values = values.filter(values._pick == 0).drop("_pick")
    if timeless:
        latest = ibis.window(
            group_by=["zone_id", "caliber"],
            order_by=[values.period_start_year.isnull(), ibis.desc(values.period_start_year)],
        )
        values = values.mutate(_latest=ibis.row_number().over(latest))
        values = values.filter(values._latest == 0).drop("_latest")
    upper = values.qualifier == "upper_bound"
    lower = values.qualifier == "lower_bound"
    return values.select(
        *IDENTITY_COLUMNS,
        lo=ibis.cases((upper, 0.0), else_=values.value),
        hi=ibis.coalesce(values.value_high, values.value),
        lo_open=upper,
        hi_open=lower,
        approx=values.qualifier == "approx",
        receipt=ibis.array([values.obs_id]),
    )


def safe_divide(numerator: ibis.Value, denominator: ibis.Value) -> ibis.Value:
    """Division that gives 0 instead of failing (Spark's ANSI mode) when dividing by 0;
    callers mark such ends as open."""
    return ibis.cases((denominator > 0, numerator / denominator), else_=0.0)


def joined_caliber(a: ibis.Value, b: ibis.Value) -> ibis.Value:
    """One caliber when both agree; 'a/b' when they differ, so a mix is never hidden."""
    return ibis.cases((a == b, a), else_=a.concat("/", b))


def finish(ranges: ibis.Table, code: str, unit: str) -> ibis.Table:
    """Turn a range into a value with a qualifier, as the ledger writes values."""
    both_open = ranges.lo_open & ranges.hi_open
    ranges = ranges.filter(~both_open)
    qualifier = ibis.cases(
        (ranges.lo_open, "upper_bound"),
        (ranges.hi_open, "lower_bound"),
        (ranges.lo == ranges.hi, ibis.cases((ranges.approx, "approx"), else_="exact")),
        else_="band",
    )
    value = ibis.cases((ranges.lo_open, ranges.hi), else_=ranges.lo)
    value_high = ibis.cases(
        (~ranges.lo_open & ~ranges.hi_open & (ranges.lo != ranges.hi), ranges.hi),
        else_=ibis.null("float64"),
    )
    return ranges.mutate(
        indicator=ibis.literal(code),
        unit=ibis.literal(unit),
        value=value,
        value_high=value_high,
        qualifier=qualifier,
    )
