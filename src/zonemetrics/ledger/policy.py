"""The reconciliation policy, as Ibis expressions.

Stated once, here:

1. A source's own revisions: for one source, zone, indicator, measure, peer set,
   period and caliber, the latest vintage is current; earlier vintages stay in the
   ledger as history.
2. Preference among sources: for one zone, indicator, measure, peer set, period and
   caliber, the preferred value comes from the most reliable tier (official, then
   major_media, then repost, then blog); within a tier a final figure beats a
   provisional one and both beat an estimate or forecast (OBS_STATUS A/R/B, then P,
   then E, then F), a value beats a bound or band (it says more), then the most
   recently published source wins, then the latest vintage.
3. Caliber match: values measured on different calibers (whole area vs directly
   administered area) are different figures, shown side by side, never one conflict.
   A caller who asks for a caliber gets that caliber first, then `unstated` ones.
4. Conflict: a value conflicts with the preferred one when the two cannot both be
   true within the rounding each source used: 1602.5 vs 1063 conflict; 5003.38 vs
   5003.4 agree; '>4000' agrees with 4500 and conflicts with 3127. A written value
   stands for the half-open range its rounding covers (11 is 10.5 to 11.5), so 11 and
   12 conflict although their ranges touch.

Nothing is deleted or overwritten: the policy only ranks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.store.connection import Tables

TIER_ORDER = ("official", "major_media", "repost", "blog")
GROUP = ("zone_id", "indicator", "measure", "peer_set", "period", "caliber")
_FAR = 1e300


def count_true(condition: ibis.Value) -> ibis.Value:
    """How many rows meet a condition; written so PostgreSQL accepts it (it will not cast
    a boolean to bigint, which a plain sum of booleans compiles to)."""
    return ibis.cases((condition, 1), else_=0).sum()


def status_rank(status: ibis.Value) -> ibis.Value:
    """Final before provisional before estimate before forecast (SDMX OBS_STATUS)."""
    return status.cases(("P", 1), ("E", 2), ("F", 3), else_=0)


def tier_rank(tier: ibis.Value) -> ibis.Value:
    return tier.cases(
        *[(name, rank) for rank, name in enumerate(TIER_ORDER)], else_=len(TIER_ORDER)
    )


def with_interval(obs: ibis.Table) -> ibis.Table:
    """Add lo/hi: the range of true values each observation allows, rounding included."""
    low = obs.value - obs.rounding
    high = ibis.coalesce(obs.value_high, obs.value) + obs.rounding
    return obs.mutate(
        lo=ibis.cases((obs.qualifier == "upper_bound", -_FAR), else_=low),
        hi=ibis.cases((obs.qualifier == "lower_bound", _FAR), else_=high),
    )


def cannot_both_hold(lo, hi, other_lo, other_hi):
    """Two values conflict when their ranges do not meet; the ranges are half-open, so
    '4500 rounded to 100' (4450-4550) and '4550 rounded to 10' (4545-4555) meet, while
    a bound '>5000' and an exact 5000 do not. Works on Ibis columns and on floats."""
    return (hi <= other_lo) | (lo >= other_hi)


def current_observations(tables: Tables) -> ibis.Table:
    """Each source's latest vintage of each figure, with its source's tier and date."""
    obs = tables.table("observations")
    per_source = ibis.window(
        group_by=[*GROUP, "source_id"], order_by=[ibis.desc("vintage"), ibis.desc("obs_id")]
    )
    latest = obs.mutate(_rv=ibis.row_number().over(per_source)).filter(ibis._._rv == 0).drop("_rv")
    sources = tables.table("sources").select("source_id", "tier", "published", source_title="title")
    joined = latest.join(sources, "source_id")
    return with_interval(joined.mutate(tier_rank=tier_rank(joined.tier)))


def ranked_observations(tables: Tables) -> ibis.Table:
    """Current observations with `choice`: 0 for the preferred value of its group."""
    current = current_observations(tables)
    order = [
        current.tier_rank,
        status_rank(current.status),
        current.qualifier.isin(["lower_bound", "upper_bound", "band"]),
        current.published.isnull(),
        ibis.desc(current.published),
        ibis.desc(current.vintage),
        ibis.desc(current.obs_id),
    ]
    window = ibis.window(group_by=list(GROUP), order_by=order)
    return current.mutate(choice=ibis.row_number().over(window))


def memoised(tables: Tables, key: str, build) -> ibis.Table:
    """Evaluate once and keep while the ledger is unchanged where the tables can memoise
    (the embedded store); elsewhere (Spark, PostgreSQL) it stays one expression."""
    memo = getattr(tables, "memo", None)
    return memo(key, build) if memo is not None else build()


def judged_observations(tables: Tables) -> ibis.Table:
    """Every current observation, marked preferred, agreeing or conflicting."""
    return memoised(tables, "judged", lambda: _judged(tables))


def _judged(tables: Tables) -> ibis.Table:
    ranked = ranked_observations(tables)
    preferred = ranked.filter(ranked.choice == 0).select(
        *GROUP, p_lo=ranked.lo, p_hi=ranked.hi, p_obs_id=ranked.obs_id
    )
    joined = ranked.join(preferred, list(GROUP))
    conflicting = cannot_both_hold(joined.lo, joined.hi, joined.p_lo, joined.p_hi)
    return joined.mutate(
        judgement=ibis.cases(
            (joined.choice == 0, "preferred"), (conflicting, "conflicting"), else_="agreeing"
        ),
    ).drop("p_lo", "p_hi")


def _with_counts(tables: Tables) -> ibis.Table:
    """Judged observations with, per group, how many values agree and conflict."""
    return memoised(tables, "counted", lambda: _counted(tables))


def _counted(tables: Tables) -> ibis.Table:
    judged = judged_observations(tables)
    counts = judged.group_by(list(GROUP)).aggregate(
        n_values=ibis._.count(),
        conflicts=count_true(ibis._.judgement == "conflicting"),
        agreeing=count_true(ibis._.judgement == "agreeing"),
    )
    return judged.join(counts, list(GROUP))


def preferred_values(tables: Tables) -> ibis.Table:
    """One row per group: the preferred value, with counts of the values beside it."""
    counted = _with_counts(tables)
    return counted.filter(counted.judgement == "preferred")


def usable_values(tables: Tables) -> ibis.Table:
    """The preferred value of each group and every value that agrees with it.

    A ranking or a "latest figure" wants the most informative value that the ledger
    does not contradict: a blog's exact 4632.8 agrees with a re-post's '>4000' and says
    more, so it may be used, with its own (weaker) tier shown.
    """
    counted = _with_counts(tables)
    return counted.filter(counted.judgement != "conflicting")
