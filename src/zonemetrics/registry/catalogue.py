"""The 2018 development-zone catalogue and the 2023 division codes as ingest rows.

The bundled files are kept byte-for-byte as received; this module turns them into the
ledger's own tables (sources, zones with aliases, `land_area` observations) so that they
pass the same validators and transactional writes as any user's file. Nothing here
edits a catalogue row: later upgrades and exits are observations with sources of their
own.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from zonemetrics.ledger.aliases import alias_key
from zonemetrics.registry.divisions import (
    Division,
    FunctionalArea,
    catalogue_dir,
    divisions,
    functional_areas,
)
from zonemetrics.registry.kinds import kind_for_catalogue
from zonemetrics.registry.names import (
    division_name_en,
    id_slug,
    short_forms,
    stem,
    zone_name_en,
)

CATALOGUE_FILE = "zones_catalogue_2018.csv"
CATALOGUE_SOURCE = "ndrc-dz-catalogue-2018"
DIVISIONS_SOURCE = "nbs-division-codes-2023"
AREA_CALIBER = "approved_catalogue"
AREA_PERIOD = "2018"  # the catalogue states each zone's approved area as of its edition
APPROVAL_LEVELS = {"国务院": "approved by the State Council", "省政府": "approved by the province"}

SOURCES: tuple[dict[str, str], ...] = (
    {
        "source_id": CATALOGUE_SOURCE,
        "title": "中国开发区审核公告目录（2018年版） · China Development Zone Review "
        "Announcement Catalogue (2018 edition)",
        "producer": "NDRC, MOST, MLR, MOHURD, MOFCOM and GACC",
        "url": "",
        "published": "2018-02",
        "accessed": "",
        "licence": "",
        "tier": "official",
        "note": "Announcement 2018 No. 4 of the six state organs: every development zone "
        "approved by the State Council or a provincial government, with approval month, "
        "approved area (hectares) and leading industries. Read from the machine-readable "
        "transcription in the public GitHub repository kaiwulaw/china-industrial-zones-atlas, "
        "data/enriched.csv at commit 358d79bb303c1cadbc98ef9244d5180f79184f5f (the "
        "catalogue's own fields only).",
    },
    {
        "source_id": DIVISIONS_SOURCE,
        "title": "2023年统计用区划代码 · Statistical division codes 2023",
        "producer": "National Bureau of Statistics of China",
        "url": "",
        "published": "2023",
        "accessed": "",
        "licence": "",
        "tier": "official",
        "note": "Codes as of 2023-06-30 for provinces, prefecture-level and county-level units, "
        "including the NBS functional-area codes of zones and new areas. Read from the public "
        "GitHub repository modood/Administrative-divisions-of-China at commit 57a0aa9 (WTFPL).",
    },
)


@dataclass(frozen=True)
class CatalogueZone:
    level: str
    seq: str
    code: str
    name: str
    province: str
    approval_level: str
    zone_type: str
    approved: str
    area_ha: str
    main_industries: str


@dataclass
class RegistryRows:
    """The catalogue and divisions as rows of the ledger's tables, plus aliases of zones
    the store already holds (a division that is a bundled province or city)."""

    sources: list[dict[str, str]]
    zones: list[dict[str, str]]
    observations: list[dict[str, str]]
    extra_aliases: dict[str, list[str]] = field(default_factory=dict)  # zone id -> names


@cache
def catalogue_zones() -> tuple[CatalogueZone, ...]:
    with (catalogue_dir() / CATALOGUE_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            CatalogueZone(
                r["level"],
                r["seq"],
                r["code"],
                r["name"],
                r["province"],
                r["approval_level"],
                r["zone_type"],
                r["approved"],
                r["area_ha"],
                r["main_industries"],
            )
            for r in csv.DictReader(handle)
        )


def catalogue_zone_ids() -> dict[tuple[str, str], str]:
    """Each catalogue row's zone id by (level, seq): its catalogue code in lower case, and
    for a code the catalogue prints on more than one row (S377018), the code with the
    row's level and serial, so that neither row takes the code from the other."""
    counts = Counter(z.code for z in catalogue_zones())
    return {
        (z.level, z.seq): z.code.lower()
        if counts[z.code] == 1
        else f"{z.code.lower()}_{z.level[0]}{z.seq}"
        for z in catalogue_zones()
    }


def approval_month(approved: str) -> tuple[str, str | None]:
    """'1994.08' -> '1994-08'. A row giving two months ('2000.04/2002.12', approval in
    two steps) is dated by the first; the note keeps what the catalogue wrote."""
    first = approved.split("/")[0].strip()
    year, _, month = first.partition(".")
    date = f"{year}-{month.zfill(2)}" if month else year
    return date, (f"approval as the catalogue writes it: {approved}" if "/" in approved else None)


class _Homes:
    """Finds a zone's county-level home from its name.

    The general rule: within the zone's province, the longest division name (full or
    stem) that starts the zone's name, after an optional province name and an optional
    city name (湖南宁乡经济技术开发区 -> 宁乡市). A county wins only if its match is longer
    than every city's; equal matches of a city and a county (长沙 for 长沙市 and 长沙县)
    leave the city as home; several cities or counties matching equally leave none.
    """

    def __init__(self, units: tuple[Division, ...]):
        # (province code, level or city code) -> name or stem -> units
        self.index: dict[tuple[str, str], dict[str, list[Division]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for unit in units:
            if unit.level == "province":
                continue
            for key in self.keys(unit):
                self.index[(unit.province_code, unit.level)][key].append(unit)
                if unit.city_code:
                    self.index[(unit.province_code, unit.city_code)][key].append(unit)

    @staticmethod
    def keys(unit: Division) -> set[str]:
        return {unit.name, stem(unit.name)}

    @staticmethod
    def _match(index: dict[str, list[Division]], text: str) -> tuple[int, list[Division]]:
        for size in range(len(text), 0, -1):
            found = index.get(text[:size])
            if found:
                return size, list(dict.fromkeys(found))
        return 0, []

    def home(self, province: Division, name: str) -> Division | None:
        heads = [name] + [name.removeprefix(k) for k in self.keys(province) if name.startswith(k)]
        best_city, city_hits = 0, []
        best_county, county_hits = 0, []
        for head in heads:
            length, hits = self._match(self.index[(province.code, "city")], head)
            if length > best_city:
                best_city, city_hits = length, hits
            elif length and length == best_city:
                city_hits += [h for h in hits if h not in city_hits]
            tails = [(0, head, self.index[(province.code, "county")])]
            for city in hits:
                tails.append((length, head[length:], self.index[(province.code, city.code)]))
            for offset, tail, counties in tails:
                found_length, found = self._match(counties, tail)
                if found_length and offset + found_length > best_county:
                    best_county, county_hits = offset + found_length, found
                elif found_length and offset + found_length == best_county:
                    county_hits += [f for f in found if f not in county_hits]
        if best_county > best_city and len(county_hits) == 1:
            return county_hits[0]
        if best_city and len(city_hits) == 1:
            return city_hits[0]
        return None


def _unique_names(proposals: dict[str, list[str]], taken: dict[str, str]) -> dict[str, str]:
    """For each zone the first of its proposed names that no other zone proposes first
    and no zone outside the registry holds (so that every name is an unambiguous alias)."""
    first = Counter(alias_key(names[0]) for names in proposals.values())
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for zone_id, names in proposals.items():
        for position, name in enumerate(names):
            key = alias_key(name)
            ambiguous = position == 0 and first[key] > 1
            if key in taken or key in used or ambiguous:
                continue
            chosen[zone_id] = name
            used.add(key)
            break
        else:
            chosen[zone_id] = f"{names[-1]} ({zone_id})"
            used.add(alias_key(chosen[zone_id]))
    return chosen


def build_rows(foreign_aliases: dict[str, str], existing_zones: dict[str, dict]) -> RegistryRows:
    """Every division and catalogue zone as ingest rows.

    `foreign_aliases` are the store's aliases of zones this registry does not write (the
    bundle's new areas, provinces and Changsha): a division that has the same name and kind
    as such a zone is that zone, and no registry name may take an alias it holds. The rows
    depend only on the bundled files and these, so a second load yields the same rows and
    adds nothing.
    """
    units = divisions()
    by_code = {u.code: u for u in units}
    zone_of: dict[str, str] = {}  # division code -> zone id
    extra: dict[str, list[str]] = defaultdict(list)
    new_units: list[Division] = []
    for unit in units:
        owner = foreign_aliases.get(alias_key(unit.name))
        if owner and existing_zones.get(owner, {}).get("kind") == unit.level:
            zone_of[unit.code] = owner
            extra[owner].append(unit.code)
        else:
            new_units.append(unit)
    taken_ids = set(existing_zones)
    for unit in new_units:
        if unit.level == "province":
            slug = id_slug(stem(unit.name))
            zone_of[unit.code] = slug if slug not in taken_ids else f"province_{unit.code}"
        else:
            zone_of[unit.code] = f"{unit.level}_{unit.code}"
        taken_ids.add(zone_of[unit.code])

    def qualified(unit: Division) -> list[str]:
        city = by_code.get(unit.city_code or "")
        province = by_code[unit.province_code]
        chain = [unit.name]
        if city is not None:
            chain.append(city.name + unit.name)
        chain.append(province.name + (city.name if city else "") + unit.name)
        return chain

    names_zh = _unique_names({zone_of[u.code]: qualified(u) for u in new_units}, foreign_aliases)
    names_en = _unique_names(
        {
            zone_of[u.code]: [
                division_name_en(u.name),
                f"{division_name_en(u.name)}, {division_name_en(by_code[u.province_code].name)}",
            ]
            for u in new_units
        },
        foreign_aliases,
    )
    zones: list[dict[str, str]] = []
    for unit in new_units:
        zone_id = zone_of[unit.code]
        city_zone = zone_of.get(unit.city_code or "")
        province_zone = zone_of[unit.province_code]
        parent = "china" if unit.level == "province" else (city_zone or province_zone)
        aliases = [unit.code]
        if (
            names_zh[zone_id] != unit.name
            and alias_key(unit.name) not in foreign_aliases
            and _only_unit_named(unit, units)
        ):
            aliases.append(unit.name)
        zones.append(
            _zone_row(
                zone_id,
                names_zh[zone_id],
                names_en[zone_id],
                unit.level,
                parent if parent in taken_ids or parent == "china" else province_zone,
                "" if unit.level == "province" else province_zone,
                DIVISIONS_SOURCE,
                f"NBS division code {unit.code}",
                aliases,
            )
        )
    zones += _catalogue_zone_rows(units, zone_of, foreign_aliases, extra)
    zones += _functional_area_rows(zone_of, foreign_aliases, extra)
    observations = [
        {
            "zone": zone_id,
            "indicator": "land_area",
            "period": AREA_PERIOD,
            "value": zone.area_ha,
            "unit": "公顷",
            "source": CATALOGUE_SOURCE,
            "measure": "value",
            "peer_set": "",
            "caliber": AREA_CALIBER,
            "status": "A",
            "note": "",
        }
        for (_, zone_id), zone in zip(catalogue_zone_ids().items(), catalogue_zones(), strict=True)
        if zone.area_ha
    ]
    return RegistryRows([dict(s) for s in SOURCES], zones, observations, dict(extra))


def _only_unit_named(unit: Division, units: tuple[Division, ...]) -> bool:
    return sum(1 for u in units if u.name == unit.name) == 1


def _zone_row(
    zone_id: str,
    name_zh: str,
    name_en: str,
    kind: str,
    parent: str,
    province: str,
    source: str,
    note: str,
    aliases: list[str],
    approval_date: str = "",
    approval_precision: str = "",
) -> dict[str, str]:
    return {
        "zone_id": zone_id,
        "name_zh": name_zh,
        "name_en": name_en,
        "kind": kind,
        "parent": parent,
        "province": province,
        "approval_date": approval_date,
        "approval_precision": approval_precision,
        "approval_doc": "",
        "aliases": "|".join(aliases),
        "source": source,
        "note": note,
    }


def _catalogue_zone_rows(
    units: tuple[Division, ...],
    zone_of: dict[str, str],
    foreign_aliases: dict[str, str],
    extra: dict[str, list[str]],
) -> list[dict[str, str]]:
    homes = _Homes(units)
    province_by_name = {u.name: u for u in units if u.level == "province"}
    place_stems = frozenset({stem(u.name) for u in units} | {u.name for u in units})
    ids = catalogue_zone_ids()
    zones = catalogue_zones()
    proposals_en = {}
    for zone in zones:
        english = zone_name_en(zone.name, place_stems)
        province_en = division_name_en(zone.province)
        proposals_en[ids[(zone.level, zone.seq)]] = [english, f"{english}, {province_en}"]
    names_en = _unique_names(proposals_en, foreign_aliases)
    short_counts = Counter(s for z in zones for s in short_forms(z.name))
    full_names = {alias_key(z.name) for z in zones}
    rows = []
    for zone in zones:
        zone_id = ids[(zone.level, zone.seq)]
        province = province_by_name[zone.province]
        home = homes.home(province, zone.name)
        date, approval_note = approval_month(zone.approved)
        note_parts = [
            f"2018 catalogue code {zone.code}",
            f"{zone.approval_level} ({APPROVAL_LEVELS.get(zone.approval_level, '')})",
            f"主导产业 leading industries: {zone.main_industries}" if zone.main_industries else "",
            approval_note or "",
        ]
        aliases = [
            short
            for short in short_forms(zone.name)
            if short_counts[short] == 1
            and alias_key(short) not in foreign_aliases
            and alias_key(short) not in full_names
        ]
        rows.append(
            _zone_row(
                zone_id,
                zone.name,
                names_en[zone_id],
                kind_for_catalogue(zone.level, zone.zone_type) or "",
                zone_of[home.code] if home else zone_of[province.code],
                zone_of[province.code],
                CATALOGUE_SOURCE,
                "; ".join(p for p in note_parts if p),
                aliases,
                date,
                "month" if "-" in date else "year",
            )
        )
    return rows


def _functional_area_rows(
    zone_of: dict[str, str],
    foreign_aliases: dict[str, str],
    extra: dict[str, list[str]],
) -> list[dict[str, str]]:
    """NBS functional areas: the code of a catalogue zone of the same name (as the codes
    file pairs them, or by the name itself) becomes that zone's alias; the code of a zone
    the store already holds by that name (a new area) that zone's alias; any other
    functional area is a zone of its own."""
    by_catalogue_code = {z.code: zid for (_, _), zid, z in _with_ids()}
    by_catalogue_name = {alias_key(z.name): zid for (_, _), zid, z in _with_ids()}
    rows = []
    for area in functional_areas():
        owner = foreign_aliases.get(alias_key(area.name))
        same_name = by_catalogue_name.get(alias_key(area.name))
        if area.catalogue_code and area.catalogue_code in by_catalogue_code:
            extra[by_catalogue_code[area.catalogue_code]].append(area.code)
        elif same_name:
            extra[same_name].append(area.code)
        elif owner:
            extra[owner].append(area.code)
        else:
            rows.append(_functional_area_row(area, zone_of))
    return rows


def _with_ids():
    ids = catalogue_zone_ids()
    for zone in catalogue_zones():
        yield (zone.level, zone.seq), ids[(zone.level, zone.seq)], zone


def _functional_area_row(area: FunctionalArea, zone_of: dict[str, str]) -> dict[str, str]:
    province_zone = zone_of[area.province_code]
    return _zone_row(
        f"functional_area_{area.code}",
        area.name,
        f"{zone_name_en(area.name, frozenset())} ({area.code})",
        "functional_area",
        zone_of.get(area.city_code, province_zone),
        province_zone,
        DIVISIONS_SOURCE,
        f"NBS functional-area code {area.code}",
        [area.code],
    )
