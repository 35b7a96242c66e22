"""Plausibility rules, read from data/catalog/plausibility.yaml, checked in the database.

A figure can be well formed and still impossible: a new area's GDP of 5075 万亿元 is a
valid number in a valid unit, and makes the zone 784 times its province. The rules say
what cannot be (a part above its whole, a share above 100%), what is very unlikely (a
source's own series jumping beyond a band in one year, a value a hundred times away
from the zone's own neighbouring years or from its peers), and why. Each is one SQL
query over the staged rows and the ledger, so the check costs the same on a store of
a thousand rows or a million, and nothing is loaded into Python but the findings.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from zonemetrics.errors import IngestProblem, ZonemetricsError
from zonemetrics.store.connection import Store

CHECKS = ("part_of_whole", "at_most", "year_on_year", "magnitude")


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    indicators: tuple[str, ...]
    reason: str
    params: dict[str, Any]

    def applies_to(self, codes: list[str]) -> list[str]:
        return sorted(
            code for code in codes if any(fnmatch.fnmatchcase(code, p) for p in self.indicators)
        )


@dataclass(frozen=True)
class Flag:
    """One staged row that breaks one rule."""

    row_number: int
    content_key: str
    rule: str
    reason: str

    def problem(self, file: str) -> IngestProblem:
        return IngestProblem(
            file,
            self.row_number,
            "value",
            f"implausible ({self.rule}): {self.reason}; import it anyway, flagged, with "
            "--accept-outliers",
        )


@cache
def rules() -> tuple[Rule, ...]:
    import yaml

    text = (files("zonemetrics") / "data" / "catalog" / "plausibility.yaml").read_text("utf-8")
    found = []
    for entry in yaml.safe_load(text):
        if entry.get("check") not in CHECKS:
            raise ZonemetricsError(
                f"plausibility.yaml: rule '{entry.get('id')}' has unknown check "
                f"'{entry.get('check')}' (use one of {', '.join(CHECKS)})"
            )
        named = ("id", "check", "indicators", "reason")
        params = {k: v for k, v in entry.items() if k not in named}
        found.append(
            Rule(
                entry["id"],
                entry["check"],
                tuple(entry["indicators"]),
                " ".join(str(entry["reason"]).split()),
                params,
            )
        )
    return tuple(found)


def rule(rule_id: str) -> Rule:
    return next(r for r in rules() if r.id == rule_id)


def _shown(value: float, unit: str) -> str:
    if unit == "CNY" and abs(value) >= 1e8:
        return f"{value / 1e8:,.6g} 亿元"
    if unit == "percent":
        return f"{value:,.6g}%"
    return f"{value:,.6g} {unit}"


def _in_list(codes: list[str]) -> str:
    return ", ".join("'" + code.replace("'", "''") + "'" for code in codes)


def _all_values(new: str, columns: str) -> str:
    """The ledger's values and the staged ones, with only the columns a rule reads
    (DuckDB does not prune a union's unused columns: a rule reading four columns of a
    million-row ledger should not carry twelve)."""
    return f"""
    SELECT {columns} FROM observations WHERE measure = 'value'
    UNION ALL
    SELECT {columns} FROM {new} WHERE measure = 'value'
    """


_ALL_VALUES = """
    SELECT zone_id, indicator, period, period_kind, period_start_year, caliber, source_id,
           value, coalesce(value_high, value) AS high, qualifier, rounding, content_key
    FROM observations WHERE measure = 'value'
    UNION ALL
    SELECT zone_id, indicator, period, period_kind, period_start_year, caliber, source_id,
           value, coalesce(value_high, value) AS high, qualifier, rounding, content_key
    FROM {new} WHERE measure = 'value'
"""


def _part_of_whole(store: Store, new: str, rule: Rule, codes: list[str]) -> list[Flag]:
    # each step is materialised so the joins run in this order: the staged rows meet
    # their hosts (a few per row), and only the hosts' figures for those indicators and
    # periods are summed (left to itself, the planner paired every staged row with
    # every whole of the same indicator and period first: millions of rows)
    ranges = _all_values(
        new, "zone_id, indicator, period, coalesce(value_high, value) AS high, rounding, qualifier"
    )
    found = store.sql(
        f"""
        WITH hosts AS (
            SELECT zone_id, province AS host FROM zones
            WHERE province IS NOT NULL AND province <> zone_id
            UNION
            SELECT z.zone_id, c.zone_id FROM zones z, zones c
            WHERE c.kind = 'country' AND z.zone_id <> c.zone_id
        ),
        parts AS MATERIALIZED (
            SELECT n.row_number, n.content_key, n.value, n.rounding, n.unit, n.indicator,
                   n.period, h.host
            FROM {new} n JOIN hosts h ON h.zone_id = n.zone_id
            WHERE n.measure = 'value' AND n.qualifier <> 'upper_bound'
              AND n.indicator IN ({_in_list(codes)})
        ),
        wanted AS MATERIALIZED (
            SELECT DISTINCT host AS zone_id, indicator, period FROM parts
        ),
        whole AS MATERIALIZED (
            SELECT a.zone_id, a.indicator, a.period, max(a.high + a.rounding) AS top
            FROM ({ranges}) a
            SEMI JOIN wanted w USING (zone_id, indicator, period)
            WHERE a.qualifier <> 'lower_bound'
            GROUP BY ALL
        )
        SELECT p.row_number, p.content_key, p.value, p.unit, w.zone_id, w.top
        FROM parts p
        JOIN whole w ON w.zone_id = p.host AND w.indicator = p.indicator
                     AND w.period = p.period
        WHERE p.value - p.rounding > w.top
        QUALIFY row_number() OVER (PARTITION BY p.row_number ORDER BY w.top) = 1
        """
    )
    return [
        Flag(
            row,
            key,
            rule.id,
            rule.reason.format(value=_shown(value, unit), host=host, host_value=_shown(top, unit)),
        )
        for row, key, value, unit, host, top in found
    ]


def _at_most(store: Store, new: str, rule: Rule, codes: list[str]) -> list[Flag]:
    maximum = float(rule.params["maximum"])
    found = store.sql(
        f"""
        SELECT row_number, content_key, value, unit FROM {new}
        WHERE measure = 'value' AND indicator IN ({_in_list(codes)})
          AND value - rounding > ?
        """,
        [maximum],
    )
    return [
        Flag(row, key, rule.id, rule.reason.format(value=_shown(value, unit)))
        for row, key, value, unit in found
    ]


def _year_on_year(store: Store, new: str, rule: Rule, codes: list[str]) -> list[Flag]:
    band = float(rule.params["band_percent"]) / 100
    found = store.sql(
        f"""
        WITH allv AS ({_ALL_VALUES.format(new=new)}),
        -- each row with the two years beside it, as a column, so that the join below is
        -- one hash join on equal keys (not a product filtered afterwards)
        wanted AS MATERIALIZED (
            SELECT n.row_number, n.content_key, n.value, n.unit, n.zone_id, n.indicator,
                   n.caliber, n.source_id, n.period_start_year AS own_year,
                   n.period_start_year + s.shift AS year
            FROM {new} n, (SELECT unnest([-1, 1]) AS shift) s
            WHERE n.measure = 'value' AND n.period_kind = 'year'
              AND n.indicator IN ({_in_list(codes)})
              AND n.qualifier IN ('exact', 'approx') AND n.value > 0
        ),
        pairs AS (
            SELECT w.row_number, w.content_key, w.value, w.unit, a.value AS other,
                   a.period AS other_period,
                   CASE WHEN w.year < w.own_year THEN w.value / a.value
                        ELSE a.value / w.value END AS ratio
            FROM wanted w JOIN allv a
              ON a.zone_id = w.zone_id AND a.indicator = w.indicator
             AND a.caliber = w.caliber AND a.source_id = w.source_id
             AND a.period_start_year = w.year
            WHERE a.period_kind = 'year' AND a.qualifier IN ('exact', 'approx')
              AND a.value > 0
        )
        SELECT row_number, content_key, any_value(value), any_value(unit),
               arg_min(other, abs(ln(ratio))), arg_min(other_period, abs(ln(ratio))),
               arg_min(ratio, abs(ln(ratio)))
        FROM pairs GROUP BY row_number, content_key
        HAVING bool_and(ratio > 1 + ? OR ratio < 1 - ?)
        """,
        [band, band],
    )
    flags = []
    for row, key, value, unit, other, other_period, ratio in found:
        change = f"{(ratio - 1) * 100:+.1f}%"
        flags.append(
            Flag(
                row,
                key,
                rule.id,
                rule.reason.format(
                    value=_shown(value, unit),
                    change=change,
                    neighbour=_shown(other, unit),
                    neighbour_period=other_period,
                    band=rule.params["band_percent"],
                ),
            )
        )
    return flags


def _magnitude(store: Store, new: str, rule: Rule, codes: list[str]) -> list[Flag]:
    factor = float(rule.params["factor"])
    window = int(rule.params["window_years"])
    minimum_peers = int(rule.params["minimum_peers"])
    amounts = _all_values(new, "zone_id, indicator, period_kind, period_start_year, value")
    found = store.sql(
        f"""
        WITH candidates AS MATERIALIZED (
            SELECT * FROM {new}
            WHERE measure = 'value' AND period_kind = 'year' AND value > 0
              AND indicator IN ({_in_list(codes)})
        ),
        -- the typical values are computed once per zone, indicator and year held by the
        -- staged rows (a file repeats them across sources), then joined back
        keys AS MATERIALIZED (
            SELECT DISTINCT c.zone_id, c.indicator, c.period_start_year AS year, z.kind
            FROM candidates c JOIN zones z USING (zone_id)
        ),
        shifts AS (SELECT unnest(range(-{window}, {window} + 1)) AS shift),
        -- only the years a staged row is compared with are read from the ledger, so a
        -- one-row ingest reads a few years of one indicator, not the store
        years AS MATERIALIZED (
            SELECT DISTINCT k.indicator, k.year + s.shift AS year FROM keys k, shifts s
        ),
        yearly AS MATERIALIZED (
            SELECT a.zone_id, a.indicator, a.period_start_year AS year,
                   median(a.value) AS typical
            FROM ({amounts}) a
            SEMI JOIN years y ON y.indicator = a.indicator AND y.year = a.period_start_year
            WHERE a.period_kind = 'year' AND a.value > 0
            GROUP BY ALL
        ),
        around AS MATERIALIZED (  -- the neighbouring years as a column: one equi-join
            SELECT k.zone_id, k.indicator, k.year, k.year + s.shift AS near
            FROM keys k, shifts s WHERE s.shift <> 0
        ),
        own_typical AS (
            SELECT a.zone_id, a.indicator, a.year, median(y.typical) AS typical
            FROM around a JOIN yearly y
              ON y.zone_id = a.zone_id AND y.indicator = a.indicator AND y.year = a.near
            GROUP BY ALL
        ),
        -- the typical values of each kind of zone, once per indicator and year, sorted;
        -- a zone's peers are that list without its own value (pairing each zone with
        -- every zone of its kind grew as the square of the catalogue)
        by_kind AS MATERIALIZED (
            SELECT z.kind, y.indicator, y.year, list(y.typical ORDER BY y.typical) AS sorted
            FROM yearly y JOIN zones z USING (zone_id)
            GROUP BY ALL
        ),
        peer_lists AS MATERIALIZED (
            SELECT k.zone_id, k.indicator, k.year,
                   CASE WHEN own.typical IS NULL THEN b.sorted
                        ELSE list_concat(
                            b.sorted[1:list_position(b.sorted, own.typical) - 1],
                            b.sorted[list_position(b.sorted, own.typical) + 1:])
                   END AS peer_values
            FROM keys k
            JOIN by_kind b ON b.kind = k.kind AND b.indicator = k.indicator
                          AND b.year = k.year
            LEFT JOIN yearly own ON own.zone_id = k.zone_id AND own.indicator = k.indicator
                                AND own.year = k.year
        ),
        peer_typical AS (
            SELECT zone_id, indicator, year, len(peer_values) AS peers,
                   list_aggregate(peer_values, 'median') AS typical
            FROM peer_lists WHERE len(peer_values) >= {minimum_peers}
        ),
        own AS (
            SELECT c.row_number, c.content_key, c.value, c.unit,
                   'the zone''s own values within ' || {window} || ' years' AS against,
                   t.typical
            FROM candidates c JOIN own_typical t
              ON t.zone_id = c.zone_id AND t.indicator = c.indicator
             AND t.year = c.period_start_year
        ),
        peers AS (
            SELECT c.row_number, c.content_key, c.value, c.unit,
                   'the median of ' || t.peers || ' zones of the same kind in '
                       || c.period AS against,
                   t.typical
            FROM candidates c JOIN peer_typical t
              ON t.zone_id = c.zone_id AND t.indicator = c.indicator
             AND t.year = c.period_start_year
        )
        SELECT row_number, content_key, value, unit, against, typical FROM (
            SELECT * FROM own UNION ALL SELECT * FROM peers
        )
        WHERE value > typical * {factor} OR value * {factor} < typical
        QUALIFY row_number() OVER (PARTITION BY row_number ORDER BY against) = 1
        """
    )
    return [
        Flag(
            row,
            key,
            rule.id,
            rule.reason.format(
                value=_shown(value, unit),
                factor=int(factor),
                against=against,
                typical=_shown(typical, unit),
            ),
        )
        for row, key, value, unit, against, typical in found
    ]


_CHECKS = {
    "part_of_whole": _part_of_whole,
    "at_most": _at_most,
    "year_on_year": _year_on_year,
    "magnitude": _magnitude,
}


def check_staged(store: Store, new: str, file: str) -> list[Flag]:
    """Every rule over the staged rows in table `new`; findings ordered by row."""
    codes = [row[0] for row in store.sql(f"SELECT DISTINCT indicator FROM {new}")]
    flags: list[Flag] = []
    for each in rules():
        applicable = each.applies_to(codes)
        if applicable:
            flags += _CHECKS[each.check](store, new, each, applicable)
    return sorted(flags, key=lambda f: (f.row_number, f.rule))


def record_flags(store: Store, flags: list[Flag], ingest_id: int, now: datetime) -> None:
    """Keep the flags of rows imported with --accept-outliers, by observation id."""
    if not flags:
        return
    import pyarrow as pa

    table = pa.Table.from_pylist(
        [{"content_key": f.content_key, "rule": f.rule, "reason": f.reason} for f in flags]
    )
    store.raw.register("_zm_flags", table)
    try:
        store.raw.execute(
            """
            INSERT INTO observation_flags (obs_id, rule, reason, ingest_id, flagged_at)
            SELECT o.obs_id, f.rule, f.reason, ?, ?
            FROM _zm_flags f JOIN observations o
              ON o.content_key = f.content_key AND o.ingest_id = ?
            """,
            [ingest_id, now, ingest_id],
        )
    finally:
        store.raw.unregister("_zm_flags")


def flags_by_observation(store: Store, obs_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """The plausibility flags of some observations, for display."""
    if not obs_ids:
        return {}
    found: dict[int, list[dict[str, str]]] = {}
    rows = store.sql(
        "SELECT obs_id, rule, reason FROM observation_flags "
        f"WHERE obs_id IN ({', '.join(str(int(i)) for i in obs_ids)}) ORDER BY obs_id, rule"
    )
    for obs_id, rule_id, reason in rows:
        found.setdefault(obs_id, []).append({"rule": rule_id, "reason": reason})
    return found
