"""The JSON API under /api/: the ledger read-only, with the same records the pages show.

Every list is paginated (`limit`, `offset`) and says how many rows match in `total`.
Errors are JSON with a `detail` naming what was not understood (404 for an unknown zone
or indicator, 422 for a malformed parameter).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, Field

from zonemetrics.web import figures
from zonemetrics.web.service import Service

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1-1000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="A calendar year.")]
Lang = Annotated[str, Query(pattern="^(en|zh)$", description="en or zh.")]


def service(request: Request) -> Service:
    return request.app.state.service


def page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "rows": rows[offset : offset + limit],
    }


@router.get("/zones", summary="Zones with names, province, approval and map place")
def api_zones(
    request: Request,
    kind: Annotated[str, Query(max_length=40, description="Zone kind.")] = "new_area",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = service(request).cached(("zones", kind), lambda s: figures.zone_list(s, kind))
    return page(rows, limit, offset)


@router.get("/zones/{zone}", summary="One zone: profile, preferred values, ranks")
def api_zone(request: Request, zone: str, year: Year = None) -> dict[str, Any]:
    from zonemetrics.web.zone_page import zone_content

    return service(request).cached(("zone", zone, year), lambda s: zone_content(s, zone, year))


@router.get("/indicators", summary="Indicator codes, names, units, and how many zones hold each")
def api_indicators(request: Request, limit: Limit = 200, offset: Offset = 0) -> dict[str, Any]:
    rows = service(request).cached(("indicators",), figures.indicator_list)
    return page(rows, limit, offset)


@router.get("/observations", summary="Observations with source, caliber, status and vintage")
def api_observations(
    request: Request,
    zone: Annotated[str | None, Query(max_length=80)] = None,
    indicator: Annotated[str | None, Query(max_length=80)] = None,
    year: Year = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    key = ("observations", zone, indicator, year, source)
    rows = service(request).cached(
        key, lambda s: figures.observations(s, zone, indicator, year, source)
    )
    return page(rows, limit, offset)


@router.get("/tables/{indicator}", summary="Zone x year table of the values a ranking uses")
def api_table(
    request: Request,
    indicator: str,
    zones: Annotated[str | None, Query(max_length=500, description="a,b,c")] = None,
    years: Annotated[str | None, Query(max_length=20, description="2018-2023 or 2023")] = None,
) -> dict[str, Any]:
    chosen = figures.split_zones(zones)
    span = figures.parse_years(years)
    key = ("table", indicator, tuple(chosen or ()), span)
    return service(request).cached(
        key, lambda s: figures.zone_year_table(s, indicator, chosen, span)
    )


@router.get("/rankings/{indicator}", summary="Ranking with peer set, who lacked data, rank ranges")
def api_ranking(
    request: Request,
    indicator: str,
    year: Year = None,
    peer_set: Annotated[str, Query(pattern="^(new_areas|provinces)$")] = "new_areas",
) -> dict[str, Any]:
    key = ("ranking", indicator, year, peer_set)
    return service(request).cached(key, lambda s: figures.ranking(s, indicator, year, peer_set))


@router.get("/derived/{indicator}", summary="Derived values with their receipts")
def api_derived(
    request: Request,
    indicator: str,
    zone: Annotated[str | None, Query(max_length=80)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = service(request).cached(
        ("derived", indicator, zone), lambda s: figures.derived_values(s, indicator, zone)
    )
    return page(rows, limit, offset)


@router.get("/narrative/{zone}", summary="Statements generated from the data, with receipts")
def api_narrative(request: Request, zone: str, year: Year = None, lang: Lang = "en") -> dict:
    return service(request).cached(
        ("narrative", zone, year, lang), lambda s: figures.narrative(s, zone, year, lang)
    )


@router.get("/sources", summary="Every source with its tier and how many figures it gives")
def api_sources(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = service(request).cached(("sources",), figures.source_list)
    return page(rows, limit, offset)


@router.get("/conflicts", summary="Figures on which sources disagree, side by side")
def api_conflicts(
    request: Request,
    zone: Annotated[str | None, Query(max_length=80)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = service(request).cached(("conflicts", zone), lambda s: figures.conflict_list(s, zone))
    return page(rows, limit, offset)


class CheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=100_000, description="A text to check.")
    date: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date."
    )


@router.post("/check", summary="Check every quantitative claim of a text against the ledger")
def api_check(request: Request, body: Annotated[CheckRequest, Body()]) -> dict[str, Any]:
    return service(request).run(lambda s: figures.check(s, body.text, body.date))
