"""Names as users write them: indicator names and aliases, zone names with a prefix.

Two general rules, no list of special cases:

- An indicator is understood by its code, its English or Chinese name in the store's
  catalogue, or an alias in data/catalog/indicator_aliases.yaml, ignoring case, width
  and spaces (GDP, 地区生产总值, R&D强度).
- A zone name may carry the name of the province or city that hosts the zone in front
  (成都天府新区, 湖南湘江新区, 重庆两江新区): when the name is unknown, a leading
  division name (from the bundled 2023 division codes, with or without its 省/市
  suffix) is taken off, and the rest is accepted only if it names a zone whose host
  province is, or contains, that division.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import Any

from zonemetrics.ledger.aliases import alias_key

#: suffixes of division names that people drop (四川省 -> 四川, 成都市 -> 成都)
_DIVISION_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)
#: rows of the division tables that are not names of a place
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _catalogue_rows(name: str) -> list[dict[str, str]]:
    text = (files("zonemetrics") / "data" / "catalogue" / name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _short_forms(name: str) -> set[str]:
    forms = {name}
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    return forms


@cache
def division_prefixes() -> dict[str, frozenset[str]]:
    """Each province or city name (full and short) -> the province codes it lies in."""
    found: dict[str, set[str]] = {}
    for row in _catalogue_rows("divisions_2023_provinces.csv"):
        for form in _short_forms(row["name"]):
            found.setdefault(form, set()).add(row["code"])
    for row in _catalogue_rows("divisions_2023_cities.csv"):
        if row["name"] in _NOT_PLACES:
            continue
        for form in _short_forms(row["name"]):
            found.setdefault(form, set()).add(row["provinceCode"])
    return {name: frozenset(codes) for name, codes in found.items()}


@cache
def _province_codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in _catalogue_rows("divisions_2023_provinces.csv"):
        for form in _short_forms(row["name"]):
            names[alias_key(form)] = row["code"]
    return names


def _host_province_code(zone_id: str, zones: dict[str, dict[str, Any]]) -> str | None:
    """The division code of the province hosting a zone (a province hosts itself)."""
    zone = zones.get(zone_id) or {}
    host = zones.get(zone.get("province") or "") or zone
    for name in (host.get("name_zh") or "", host.get("name_en") or ""):
        code = _province_codes_by_name().get(alias_key(name))
        if code:
            return code
    return None


def strip_host_prefix(
    name: str, aliases: dict[str, str], zones: dict[str, dict[str, Any]]
) -> str | None:
    """The zone a name names once a leading host province or city name is taken off,
    or None. Longest prefix first, so 成都市 is tried before 成都."""
    text = name.strip()
    prefixes = division_prefixes()
    for length in range(min(len(text) - 2, 12), 1, -1):
        head, rest = text[:length], text[length:]
        provinces = prefixes.get(head)
        if not provinces:
            continue
        zone_id = aliases.get(alias_key(rest))
        if zone_id is not None and _host_province_code(zone_id, zones) in provinces:
            return zone_id
    return None


@cache
def _alias_file() -> dict[str, list[str]]:
    import yaml

    text = (files("zonemetrics") / "data" / "catalog" / "indicator_aliases.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


class IndicatorNames:
    """Every way of writing an indicator the store knows, mapped to its code."""

    def __init__(self, indicators: dict[str, dict[str, Any]]):
        self._names: dict[str, str] = {}
        for code, record in indicators.items():
            for name in (code, record.get("name_en") or "", record.get("name_zh") or ""):
                if name:
                    self._names.setdefault(alias_key(name), code)
        for code, names in _alias_file().items():
            if code in indicators:
                for name in names:
                    self._names.setdefault(alias_key(str(name)), code)

    def resolve(self, text: str) -> str | None:
        return self._names.get(alias_key(text)) if text.strip() else None
