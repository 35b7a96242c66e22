"""Evidence for claims, from the ledger less the text's own sources.

Loaded once per check: one query (compiled in advance, see `queries`) for every
judged observation, one per derived indicator a claim needs; rankings are computed
only for zones that have an independent value to rank.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.rank import Ranking, rank
from zonemetrics.narrative.formatting import Words
from zonemetrics.narrative.ledgerview import WithoutSources
from zonemetrics.narrative.queries import CompiledQueries
from zonemetrics.store.connection import Store

#: claim indicator -> the ledger indicators that hold it
LEDGER_CODES: dict[str, tuple[str, ...]] = {
    "population": ("population", "resident_population"),
    "other:gdp_per_capita": ("gdp_per_capita",),
    "other:built_up_area": ("built_up_area",),
    "other:fixed_asset_investment": ("fixed_asset_investment",),
    "other:retail_sales": ("retail_sales",),
    "other:registered_enterprises": ("enterprises", "market_entities"),
    "other:new_little_giants": ("new_little_giants",),
    "other:new_listed_companies": ("new_listed_companies",),
    "other:innovation_platforms_provincial_and_above": ("innovation_platforms_provincial_plus",),
    "industrial_output": ("industrial_output_above_designated_size",),
    "other:industrial_clusters": ("industrial_clusters_100bn",),
}
#: claim indicator -> the derived indicator that recomputes it from independent inputs
DERIVED_FOR: dict[str, str] = {
    "share_of_province_gdp": "share_of_province_gdp_computed",
    "share_of_province_land": "share_of_province_land_computed",
    "share_of_province_platforms": "share_of_province_platforms_computed",
    "rd_intensity": "rd_intensity_computed",
    "gdp_usd": "gdp_usd_computed",
    "other:gdp_per_capita": "gdp_per_capita_computed",
}
FX_CODES = (
    "fx_cny_per_usd_avg",
    "fx_cny_per_usd_year_end",
    "fx_cny_per_usd_central_parity",
    "fx_cny_per_usd_market",
)


def ledger_codes(indicator: str | None) -> tuple[str, ...]:
    if indicator is None:
        return ()
    return LEDGER_CODES.get(indicator, (indicator,))


def _derived_order(row: dict[str, Any]) -> tuple:
    """A derived value's place: by zone, period, area definition, then its inputs."""
    return (
        row.get("zone_id") or "",
        row.get("period") or "",
        row.get("caliber") or "",
        tuple(row.get("receipt") or ()),
    )


class LedgerEvidence:
    """Independent figures for one text: the ledger less the text's own sources."""

    def __init__(self, store: Store, queries: CompiledQueries, excluded: list[str]) -> None:
        self.store = store
        self.queries = queries
        self.view = WithoutSources(store, excluded)
        self.excluded = sorted(set(excluded))
        # in the ledger's order (observation id): the engine returns rows in any order, and
        # the same text checked twice must cite the same evidence in the same order
        self.rows = sorted(queries.judged(self.excluded), key=lambda r: r["obs_id"])
        self._by_id = {r["obs_id"]: r for r in self.rows}
        own = store.sql(
            "SELECT obs_id, zone_id, indicator, measure, peer_set, period, value, value_high, "
            "qualifier, rounding, original_text, caliber, source_id FROM observations "
            "WHERE list_contains(?, source_id)",
            [self.excluded],
        )
        keys = (
            "obs_id",
            "zone_id",
            "indicator",
            "measure",
            "peer_set",
            "period",
            "value",
            "value_high",
            "qualifier",
            "rounding",
            "original_text",
            "caliber",
            "source_id",
        )
        self.own_rows = [dict(zip(keys, row, strict=True)) for row in own]
        self._derived: dict[str, list[dict[str, Any]]] = {}
        self._rankings: dict[tuple[str, int, str], Ranking | None] = {}
        # every evidence line names its source's tier, a reader's first question about it
        self.tiers: dict[str, str] = dict(store.sql("SELECT source_id, tier FROM sources"))
        # names in both languages, from the registry, for explanations and the text report
        zones = store.sql("SELECT zone_id, name_en, name_zh FROM zones")
        self.zone_names: dict[str, str] = {z: en for z, en, _ in zones}
        self.zone_names_zh: dict[str, str] = {z: zh for z, _, zh in zones}
        indicators = store.sql("SELECT code, name_en, name_zh FROM indicators")
        self.indicator_names: dict[str, str] = {c: en for c, en, _ in indicators}
        self.indicator_names_zh: dict[str, str] = {c: zh for c, _, zh in indicators}

    def zone_words(self, zone: str | None, fallback: str | None = None) -> Words:
        """A zone's registry names (English, Chinese), or what the text called it."""
        en = self.zone_names.get(zone or "") or fallback or zone or ""
        return Words(en, self.zone_names_zh.get(zone or ""))

    def indicator_words(self, indicator: str | None) -> Words:
        """An indicator's registry names; a claim code the registry lacks (`other:...`, the
        text's own noun) is shown as the code, or through the ledger code that holds it."""
        code = indicator or ""
        for candidate in (code, *ledger_codes(indicator)):
            if candidate in self.indicator_names:
                return Words(self.indicator_names[candidate], self.indicator_names_zh[candidate])
        return Words(code)

    def tier_of(self, source_id: str | None) -> str | None:
        return self.tiers.get(source_id or "")

    def reported(self, zone: str, indicator: str | None, measure: str = "value") -> list[dict]:
        codes = ledger_codes(indicator)
        return [
            r
            for r in self.rows
            if r["zone_id"] == zone and r["indicator"] in codes and r["measure"] == measure
        ]

    def own(self, zone: str | None, indicator: str | None, measure: str = "value") -> list[dict]:
        codes = ledger_codes(indicator)
        return [
            r
            for r in self.own_rows
            if r["zone_id"] == zone and r["indicator"] in codes and r["measure"] == measure
        ]

    def rates(self) -> list[dict]:
        return [r for r in self.rows if r["indicator"] in FX_CODES and r["zone_id"] == "china"]

    def derived(self, zone: str, indicator: str | None) -> list[dict]:
        code = DERIVED_FOR.get(indicator or "")
        if code is None:
            return []
        if code not in self._derived:
            self._derived[code] = sorted(
                self.queries.derived(code, self.excluded), key=_derived_order
            )
        return [dict(r, derived=code) for r in self._derived[code] if r["zone_id"] == zone]

    def inputs(self, obs_ids: list[int]) -> list[dict]:
        """The observations behind a derived value (from the independent rows)."""
        return [self._by_id[i] for i in obs_ids if i in self._by_id]

    def ranking(self, indicator: str, year: int, peer_set: str) -> Ranking | None:
        """A computed ranking (an Ibis query: only asked for when the zone has a value)."""
        key = (indicator, year, peer_set)
        if key not in self._rankings:
            try:
                self._rankings[key] = rank(self.view, indicator, year, peer_set)
            except ZonemetricsError:  # an indicator the ledger cannot rank
                self._rankings[key] = None
        return self._rankings[key]

    def yearly(self, zone: str, indicator: str) -> list[dict]:
        """One value per year, exact before bounds, then by tier (as `thresholds` picks)."""
        rows = [
            r
            for r in self.reported(zone, indicator)
            if r["period_kind"] == "year" and r["judgement"] != "conflicting"
        ]
        rows.sort(
            key=lambda r: (r["qualifier"] in ("lower_bound", "upper_bound", "band"), r["tier_rank"])
        )
        chosen: dict[int, dict] = {}
        for row in rows:
            chosen.setdefault(row["period_start_year"], row)
        return [chosen[y] for y in sorted(chosen)]
