"""The 2023 statistical division codes (NBS 统计用区划代码), read from the bundled CSVs.

Provinces, prefecture-level cities and county-level units become zones so that every
development zone has a province and, where its name says it, a county-level home. The
NBS also codes some zones and new areas as county-level "functional areas"; those are
kept apart from the counties (`functional_areas`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

# Rows of the city and county tables that group units for statistics instead of naming a
# place (the urban districts of a municipality, a province's directly administered
# counties); their units hang from the province directly.
STATISTICAL_GROUPS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province, city, county
    province_code: str
    city_code: str | None = None


@dataclass(frozen=True)
class FunctionalArea:
    code: str
    name: str
    province_code: str
    city_code: str
    catalogue_code: str | None  # the 2018 catalogue zone of exactly this name, if any


def catalogue_dir() -> Path:
    return Path(str(files("zonemetrics") / "data" / "catalogue"))


def _rows(name: str) -> list[dict[str, str]]:
    with (catalogue_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def functional_areas() -> tuple[FunctionalArea, ...]:
    return tuple(
        FunctionalArea(
            r["nbs_code"],
            r["nbs_name"],
            r["province_code"],
            r["city_code"],
            r["catalogue2018_code_exact_name"] or None,
        )
        for r in _rows("divisions_2023_zone_statcodes.csv")
    )


@cache
def divisions() -> tuple[Division, ...]:
    """Provinces, cities and counties (functional areas and statistical groups left out)."""
    functional = {area.code for area in functional_areas()}
    found = [
        Division(r["code"], r["name"], "province", r["code"])
        for r in _rows("divisions_2023_provinces.csv")
    ]
    found += [
        Division(r["code"], r["name"], "city", r["provinceCode"])
        for r in _rows("divisions_2023_cities.csv")
        if r["name"] not in STATISTICAL_GROUPS
    ]
    found += [
        Division(r["code"], r["name"], "county", r["provinceCode"], r["cityCode"])
        for r in _rows("divisions_2023_counties.csv")
        if r["code"] not in functional and r["name"] not in STATISTICAL_GROUPS
    ]
    return tuple(found)
