"""`narrate`: statements about a zone and year, written from the ledger, each with a
receipt (the observations and derived values used, their sources, and for ranks the
peer set and how many peers had data).

Only what the data supports is written: the preferred value of each figure (a bound
stays a bound, "above 5%"), shares recomputed per area definition, ranks as sources
report them or as computed among the peers with data, conversions at the year's
average rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.rank import rank
from zonemetrics.ledger.policy import cannot_both_hold
from zonemetrics.narrative import grammar
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.queries import CompiledQueries
from zonemetrics.store.connection import Store

BOUNDS = ("lower_bound", "upper_bound")
DERIVED_CODES = (
    "share_of_province_land_computed",
    "share_of_province_gdp_computed",
    "gdp_usd_computed",
)


@dataclass
class Statement:
    kind: str
    text: str
    claim: Claim
    receipt: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        claim = self.claim.as_dict()
        keep = (
            "indicator",
            "zone",
            "period",
            "value",
            "unit",
            "comparator",
            "rank",
            "peer_set",
            "peer_count",
            "value_from",
            "period_from",
            "converted_value",
        )
        return {
            "kind": self.kind,
            "text": self.text,
            "claim": {k: claim[k] for k in keep if claim.get(k) is not None},
            "receipt": self.receipt,
        }


def _of_year(row: dict[str, Any], year: int) -> bool:
    """A figure of the year, or a stock stated in the first quarter after it ("as of
    March 2024" describes the end of 2023 as well as any figure can)."""
    if row["period_kind"] == "year":
        return row["period_start_year"] == year
    if row["period_kind"] == "month":
        start = row["period_start_year"]
        return start == year or (start == year + 1 and int(row["period"][5:7]) <= 3)
    return False


def _comparator(qualifier: str) -> str:
    return {"lower_bound": ">", "upper_bound": "<", "approx": "about"}.get(qualifier, "=")


class Narrator:
    """Writes statements from one store (the queries are compiled once)."""

    def __init__(self, store: Store, queries: CompiledQueries | None = None) -> None:
        self.store = store
        self.queries = queries or CompiledQueries(store, DERIVED_CODES)
        self.rows = self.queries.judged([])
        self.by_id = {r["obs_id"]: r for r in self.rows}
        self.zones = {
            z: {"name_en": en, "name_zh": zh, "kind": kind, "province": prov}
            for z, en, zh, kind, prov in store.sql(
                "SELECT zone_id, name_en, name_zh, kind, province FROM zones"
            )
        }
        self._derived: dict[str, list[dict[str, Any]]] = {}
        self._rankings: dict[tuple[str, int], Any] = {}

    # -- data ---------------------------------------------------------------------

    def _preferred(self, zone: str, indicator: str, measure: str = "value") -> list[dict]:
        return [
            r
            for r in self.rows
            if r["zone_id"] == zone
            and r["indicator"] == indicator
            and r["measure"] == measure
            and r["judgement"] == "preferred"
        ]

    def _derived_rows(self, code: str, zone: str) -> list[dict]:
        if code not in self._derived:
            self._derived[code] = self.queries.derived(code, [])
        return [r for r in self._derived[code] if r["zone_id"] == zone]

    def _sources(self, obs_ids: list[int]) -> list[dict[str, Any]]:
        out = []
        for i in obs_ids:
            r = self.by_id.get(i)
            if r is not None:
                out.append(
                    {
                        "obs_id": i,
                        "zone": r["zone_id"],
                        "indicator": r["indicator"],
                        "period": r["period"],
                        "caliber": r["caliber"],
                        "original_text": r["original_text"],
                        "source_id": r["source_id"],
                        "tier": r["tier"],
                        "status": r["status"],
                    }
                )
        return out

    def years(self, zone: str) -> list[int]:
        """Every year the ledger holds a figure for the zone."""
        return sorted(
            {
                r["period_start_year"]
                for r in self.rows
                if r["zone_id"] == zone
                and r["period_start_year"] is not None
                and r["period_kind"] in ("year", "month", "date")
            }
        )

    # -- statements ---------------------------------------------------------------

    def narrate(self, zone: str, year: int, lang: str = "en") -> list[Statement]:
        if zone not in self.zones:
            raise ZonemetricsError(f"unknown zone '{zone}'")
        meta = self.zones[zone]
        name = meta["name_zh"] if lang == "zh" else meta["name_en"]
        province = meta["province"]
        prov_names = (
            (self.zones[province]["name_en"], self.zones[province]["name_zh"])
            if province in self.zones
            else ("its province", "全省")
        )
        out: list[Statement] = []
        out += self._gdp(zone, name, year, lang)
        out += self._growth(zone, name, year, lang)
        out += self._shares(zone, name, prov_names, year, lang)
        out += self._threshold(zone, name, year, lang)
        out += self._counts(zone, name, year, lang)
        out += self._ranks(zone, name, year, lang)
        return out

    def _claim(self, zone: str, kind: str, indicator: str, period: str | None, **kw: Any) -> Claim:
        meta = self.zones[zone]
        return Claim(
            kind=kind,
            text="",
            indicator=indicator,
            zone=zone,
            zone_name=meta["name_en"],
            period=period,
            **kw,
        )

    def _observed(
        self,
        kind: str,
        zone: str,
        indicator: str,
        period: str | None,
        row: dict,
        unit: str,
        text: str,
        comparator: str | None = None,
    ) -> Statement:
        """A statement of one observation as the ledger holds it: its claim (with the
        comparator its qualifier implies) and a receipt naming the observation."""
        claim = self._claim(
            zone,
            kind,
            indicator,
            period,
            value=row["value"],
            unit=unit,
            comparator=comparator or _comparator(row["qualifier"]),
        )
        return Statement(kind, text, claim, {"observations": self._sources([row["obs_id"]])})

    def _gdp(self, zone: str, name: str, year: int, lang: str) -> list[Statement]:
        out = []
        rows = [r for r in self._preferred(zone, "gdp") if r["period"] == str(year)]
        for r in rows:
            bound = r["qualifier"] if r["qualifier"] in BOUNDS else None
            usd_row = None
            if not bound:
                usd_row = next(
                    (
                        d
                        for d in self._derived_rows("gdp_usd_computed", zone)
                        if d["period"] == str(year)
                        and d["caliber"] == r["caliber"]
                        and d["qualifier"] == "exact"
                    ),
                    None,
                )
            usd = usd_row["value"] if usd_row else None
            text = grammar.level(name, str(year), r["value"], "CNY", lang, bound, usd)
            claim = self._claim(
                zone,
                "level",
                "gdp",
                str(year),
                value=r["value"],
                unit="CNY",
                comparator=_comparator(r["qualifier"]),
                converted_value=usd,
            )
            receipt = {"observations": self._sources([r["obs_id"]]), "caliber": r["caliber"]}
            if usd_row:
                receipt["conversion"] = {
                    "derived": "gdp_usd_computed",
                    "value_usd": usd,
                    "inputs": self._sources(list(usd_row["receipt"])),
                }
            out.append(Statement("conversion" if usd else "level", text, claim, receipt))
            if not bound:
                out += self._change(zone, name, year, r, lang)
        return out

    def _change(self, zone: str, name: str, year: int, end: dict, lang: str) -> list[Statement]:
        starts = [
            r
            for r in self._preferred(zone, "gdp")
            if r["period_kind"] == "year"
            and r["period_start_year"] < year
            and r["caliber"] == end["caliber"]
            and r["qualifier"] not in BOUNDS
        ]
        if not starts:
            return []
        start = min(starts, key=lambda r: r["period_start_year"])
        text = grammar.change(
            name, start["period"], start["value"], str(year), end["value"], "CNY", lang
        )
        claim = self._claim(
            zone,
            "change",
            "gdp",
            str(year),
            value=end["value"],
            unit="CNY",
            comparator="from_to",
            value_from=start["value"],
            period_from=start["period"],
        )
        receipt = {"observations": self._sources([start["obs_id"], end["obs_id"]])}
        return [Statement("change", text, claim, receipt)]

    def _growth(self, zone: str, name: str, year: int, lang: str) -> list[Statement]:
        out = []
        for r in self._preferred(zone, "gdp_growth_real"):
            if r["period"] != str(year) or r["qualifier"] in (*BOUNDS, "band"):
                continue
            text = grammar.growth(name, str(year), r["value"], lang)
            out.append(self._observed("growth", zone, "gdp_growth_real", str(year), r, "%", text))
        return out

    def _shares(
        self, zone: str, name: str, province: tuple[str, str], year: int, lang: str
    ) -> list[Statement]:
        out = []
        for r in self._preferred(zone, "share_of_province_gdp"):
            if r["period"] != str(year):
                continue
            bound = r["qualifier"] if r["qualifier"] in BOUNDS else None
            text = grammar.share_gdp(name, province, str(year), r["value"], lang, bound)
            statement = self._observed(
                "share", zone, "share_of_province_gdp", str(year), r, "%", text
            )
            computed = self._computed_share(zone, year, r)
            if computed:
                statement.receipt["computed_from_gdp"] = computed
            out.append(statement)
        for r in self._preferred(zone, "share_of_province_platforms"):
            if not _of_year(r, year):
                continue
            bound = r["qualifier"] if r["qualifier"] in BOUNDS else None
            text = grammar.share_platforms(name, province, r["value"], lang, bound)
            out.append(
                self._observed("share", zone, "share_of_province_platforms", None, r, "%", text)
            )
        seen = set()
        for d in self._derived_rows("share_of_province_land_computed", zone):
            definition = d["caliber"].split("/")[0]
            if definition in seen or d["qualifier"] != "exact":
                continue
            if definition not in grammar.DEFINITIONS:
                continue
            seen.add(definition)
            text = grammar.share_land(name, province, definition, d["value"], lang)
            claim = self._claim(
                zone,
                "share",
                "share_of_province_land",
                None,
                value=d["value"],
                unit="%",
                rounding=0.005 * d["value"],
            )
            receipt = {
                "derived": "share_of_province_land_computed",
                "definition": definition,
                "inputs": self._sources(list(d["receipt"])),
            }
            out.append(Statement("share", text, claim, receipt))
        return out + self._share_pair(out, zone, name, province, year, lang)

    def _computed_share(
        self, zone: str, year: int, reported: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The share computed from the zone's and the province's GDP, shown in a reported
        share's receipt with whether the two can both hold: a report's rounded share can
        disagree with the GDP figures (8% said for 2023; 4500 / 50012.85 亿元 gives 9.0%),
        and a reader should see both and know that they disagree."""
        stated = (reported["lo"], reported["hi"])  # the ledger's own range of the stated share
        return [
            {
                "value": d["value"],
                "caliber": d["caliber"],
                "agrees_with_stated": not cannot_both_hold(*stated, d["lo"], d["hi"]),
                "inputs": self._sources(list(d["receipt"])),
            }
            for d in sorted(
                self._derived_rows("share_of_province_gdp_computed", zone),
                key=lambda d: d["caliber"],
            )
            if d["period"] == str(year) and d["qualifier"] == "exact"
        ]

    def _share_pair(
        self,
        shares: list[Statement],
        zone: str,
        name: str,
        province: tuple[str, str],
        year: int,
        lang: str,
    ) -> list[Statement]:
        """The land share (planning area first) beside the GDP share of the year."""
        gdp = next(
            (
                s
                for s in shares
                if s.claim.indicator == "share_of_province_gdp" and s.claim.comparator == "="
            ),
            None,
        )
        lands = [s for s in shares if s.claim.indicator == "share_of_province_land"]
        lands.sort(key=lambda s: s.receipt["definition"] != "planning_area")
        if gdp is None or not lands:
            return []
        land = lands[0]
        definition = land.receipt["definition"]
        text = grammar.share_pair(
            name,
            province,
            definition,
            land.claim.value or 0.0,
            str(year),
            gdp.claim.value or 0.0,
            lang,
        )
        claim = replace(gdp.claim, kind="share_pair")
        receipt = {
            "land": land.receipt,
            "gdp": gdp.receipt,
            "observations": gdp.receipt["observations"] + land.receipt["inputs"],
        }
        return [Statement("share_pair", text, claim, receipt)]

    def _threshold(self, zone: str, name: str, year: int, lang: str) -> list[Statement]:
        out = []
        for r in self._preferred(zone, "rd_intensity"):
            if r["period"] != str(year):
                continue
            bound = r["qualifier"] if r["qualifier"] in BOUNDS else None
            text = grammar.threshold(name, str(year), r["value"], lang, False, bound)
            kind = "threshold" if bound else "level"
            out.append(self._observed(kind, zone, "rd_intensity", str(year), r, "%", text))
        return out

    def _counts(self, zone: str, name: str, year: int, lang: str) -> list[Statement]:
        out = []
        for code in grammar.COUNT_CODES:
            rows = [
                r
                for r in self._preferred(zone, code)
                if _of_year(r, year) and r["qualifier"] not in (*BOUNDS, "band")
            ]
            for r in sorted(rows, key=lambda r: r["period"], reverse=True)[:1]:
                text = grammar.count(name, r["period"], code, r["value"], lang)
                out.append(self._observed("count", zone, code, r["period"], r, "count", text, "="))
        return out

    def _ranks(self, zone: str, name: str, year: int, lang: str) -> list[Statement]:
        out = []
        reported = [
            r
            for r in self.rows
            if r["zone_id"] == zone
            and r["measure"] == "rank"
            and r["peer_set"] == "new_areas"
            and r["period"] == str(year)
            and r["judgement"] == "preferred"
            and r["indicator"] in grammar.WORDS
        ]
        for r in reported:
            text = grammar.rank(
                name,
                str(year),
                r["indicator"],
                int(r["value"]),
                "new_areas",
                19,
                lang,
                with_data_only=False,
            )
            claim = self._claim(
                zone,
                "rank",
                r["indicator"],
                str(year),
                rank=int(r["value"]),
                peer_set="new_areas",
                peer_count=19,
            )
            receipt = {
                "observations": self._sources([r["obs_id"]]),
                "peer_set": "new_areas",
                "ranked_by": "source",
                "of": len(self._peers()),
                "ledger_peers_with_data": self._with_data(r["indicator"], year),
            }
            out.append(Statement("rank", text, claim, receipt))
        if any(r["indicator"] == "gdp" for r in reported):
            return out
        ranking = self._ranking("gdp", year)
        row = next((x for x in ranking.rows if x["zone"] == zone), None) if ranking else None
        if row is not None and row["rank"] is not None and row["rank_best"] == row["rank_worst"]:
            exact = not ranking.missing and not ranking.bound_only
            known = ranking.with_data + len(ranking.bound_only)
            position = row["rank_best"]  # bound-only peers surely ahead count
            text = grammar.rank(
                name, str(year), "gdp", position, "new_areas", known, lang, with_data_only=not exact
            )
            claim = self._claim(
                zone,
                "rank",
                "gdp",
                str(year),
                rank=position,
                peer_set="new_areas",
                peer_count=known,
            )
            receipt = {
                "ranked_by": "computed",
                "peer_set": "new_areas",
                "of": ranking.of,
                "with_data": ranking.with_data,
                "bound_only": ranking.bound_only,
                "missing": ranking.missing,
                "observations": self._sources(row["receipt"]),
            }
            out.append(Statement("rank", text, claim, receipt))
        return out

    def _with_data(self, indicator: str, year: int) -> int:
        """How many new areas the ledger holds an exact value for (beside a source's rank)."""
        peers = set(self._peers())
        return len(
            {
                r["zone_id"]
                for r in self.rows
                if r["zone_id"] in peers
                and r["indicator"] == indicator
                and r["measure"] == "value"
                and r["period"] == str(year)
                and r["qualifier"] not in BOUNDS
            }
        )

    def _peers(self) -> list[str]:
        return [z for z, m in self.zones.items() if m["kind"] == "new_area"]

    def _ranking(self, code: str, year: int) -> Any:
        key = (code, year)
        if key not in self._rankings:
            self._rankings[key] = rank(self.store, code, year, "new_areas")
        return self._rankings[key]
