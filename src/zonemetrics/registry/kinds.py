"""Zone kinds and peer sets, read from `data/catalog/zone_kinds.yaml`.

Peer sets are data so that adding a group of zones (a new kind of zone, a province's
zones) needs no code: a kind is a peer set of the same spelling, a listed peer set
groups kinds, and every province's development zones form `<province id>_zones`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

# libyaml's safe loader where it is built in (ten times faster, same result)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PROVINCE_ZONES_SUFFIX = "_zones"


@dataclass(frozen=True)
class ZoneKind:
    code: str
    en: str
    zh: str
    catalogue_level: str | None = None
    catalogue_type: str | None = None


@dataclass(frozen=True)
class PeerSet:
    """A group of zones a rank is stated among: zones of some kinds, optionally within
    one province."""

    code: str
    kinds: tuple[str, ...]
    en: str
    zh: str
    province: str | None = None

    @property
    def description(self) -> str:
        return f"{self.en} ({self.zh})"


@cache
def _document() -> dict:
    text = (files("zonemetrics") / "data" / "catalog" / "zone_kinds.yaml").read_text("utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


@cache
def zone_kinds() -> dict[str, ZoneKind]:
    kinds = {}
    for code, entry in _document()["kinds"].items():
        catalogue = entry.get("catalogue") or {}
        kinds[code] = ZoneKind(
            code, entry["en"], entry["zh"], catalogue.get("level"), catalogue.get("zone_type")
        )
    return kinds


def development_zone_kinds() -> tuple[str, ...]:
    """The kinds that come from the development-zone catalogue."""
    return tuple(k.code for k in zone_kinds().values() if k.catalogue_type)


def kind_for_catalogue(level: str, zone_type: str) -> str | None:
    """The zone kind of a catalogue row's (level, zone type) pair."""
    for kind in zone_kinds().values():
        if (kind.catalogue_level, kind.catalogue_type) == (level, zone_type):
            return kind.code
    return None


@cache
def listed_peer_sets() -> dict[str, PeerSet]:
    """Peer sets named in the data file, and every kind as a peer set of its own."""
    sets = {code: PeerSet(code, (code,), kind.en, kind.zh) for code, kind in zone_kinds().items()}
    for code, entry in _document()["peer_sets"].items():
        sets[code] = PeerSet(code, tuple(entry["kinds"]), entry["en"], entry["zh"])
    return sets


def peer_set(code: str, province_names: dict[str, tuple[str, str]]) -> PeerSet | None:
    """The peer set spelt `code`, or None. `province_names` maps the province ids the
    store holds to their (English, Chinese) names, for the `<province>_zones` sets."""
    listed = listed_peer_sets().get(code)
    if listed is not None:
        return listed
    if code.endswith(PROVINCE_ZONES_SUFFIX):
        province = code.removesuffix(PROVINCE_ZONES_SUFFIX)
        if province in province_names:
            en, zh = province_names[province]
            return PeerSet(
                code,
                development_zone_kinds(),
                f"development zones in {en}",
                f"{zh}开发区",
                province=province,
            )
    return None
