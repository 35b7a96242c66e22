"""The JSON API under /api/: the ledger read-only, with the same records the pages show.

Every list is paginated (`limit`, `offset`) and says how many rows match in `total`.
An answer is computed once per store state, in a worker thread, and kept (see
`service` and `kept`): a repeated request is served from the event loop without a query,
a thread hop or re-encoding.
Errors are JSON with a `detail` naming what was not understood (404 for an unknown zone
or indicator, 422 for a malformed parameter).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from zonemetrics.web import figures
from zonemetrics.web.service import Service

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1-1000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="A calendar year.")]
Lang = Annotated[str, Query(pattern="^(en|zh)$", description="en or zh.")]
#: names, codes and ids as people type them: any characters but control characters
#: (a NUL cannot be part of a name, and the database refuses it in a query)
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Name = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
ZonePath = Annotated[str, Path(max_length=200, pattern=PRINTABLE, description="Zone id or name.")]
CodePath = Annotated[str, Path(max_length=200, pattern=PRINTABLE, description="Indicator code.")]


def service(request: Request) -> Service:
    return request.app.state.service


def page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list, with how many rows there are in all."""
    return {
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "rows": rows[offset : offset + limit],
    }


def _encoded(data: Any, window: tuple[int, int] | None) -> bytes:
    if window is not None:
        data = page(data, *window)
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


async def answer(
    request: Request,
    key: tuple,
    compute: Callable[[Any], Any],
    window: tuple[int, int] | None = None,
) -> Response:
    """The JSON answer for `key` (a page of it with `window` = (limit, offset)).

    The data are computed once per store state in a worker thread and kept, in memory
    and in the result cache on disk; the whole response is kept by `kept.KeptResponses`,
    so only a new spelling of the same question reaches this function again."""
    svc = service(request)
    data = svc.kept(("api", key))
    if data is None:
        data = await run_in_threadpool(svc.cached, ("api", key), compute, True)
    return Response(_encoded(data, window), media_type="application/json")


@router.get("/zones", summary="Zones with names, province, approval and map place")
async def api_zones(
    request: Request,
    kind: Annotated[str, Query(max_length=40, pattern=PRINTABLE, description="Zone kind.")] = (
        "new_area"
    ),
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await answer(
        request, ("zones", kind), lambda s: figures.zone_list(s, kind), (limit, offset)
    )


@router.get("/zones/{zone}", summary="One zone: profile, preferred values, ranks")
async def api_zone(request: Request, zone: ZonePath, year: Year = None) -> Response:
    from zonemetrics.web.zone_page import zone_content

    return await answer(request, ("zone", zone, year), lambda s: zone_content(s, zone, year))


@router.get("/indicators", summary="Indicator codes, names, units, and how many zones hold each")
async def api_indicators(request: Request, limit: Limit = 200, offset: Offset = 0) -> Response:
    return await answer(request, ("indicators",), figures.indicator_list, (limit, offset))


@router.get("/observations", summary="Observations with source, caliber, status and vintage")
async def api_observations(
    request: Request,
    zone: Name = None,
    indicator: Name = None,
    year: Year = None,
    source: Name = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await answer(
        request,
        ("observations", zone, indicator, year, source),
        lambda s: figures.observations(s, zone, indicator, year, source),
        (limit, offset),
    )


@router.get("/tables/{indicator}", summary="Zone x year table of the values a ranking uses")
async def api_table(
    request: Request,
    indicator: CodePath,
    zones: Annotated[
        str | None, Query(max_length=500, pattern=PRINTABLE, description="a,b,c")
    ] = None,
    years: Annotated[str | None, Query(max_length=20, description="2018-2023 or 2023")] = None,
) -> Response:
    chosen = figures.split_zones(zones)
    span = figures.parse_years(years)
    return await answer(
        request,
        ("table", indicator, tuple(chosen or ()), span),
        lambda s: figures.zone_year_table(s, indicator, chosen, span),
    )


@router.get("/rankings/{indicator}", summary="Ranking with peer set, who lacked data, rank ranges")
async def api_ranking(
    request: Request,
    indicator: CodePath,
    year: Year = None,
    peer_set: Annotated[str, Query(pattern="^(new_areas|provinces)$")] = "new_areas",
) -> Response:
    return await answer(
        request,
        ("ranking", indicator, year, peer_set),
        lambda s: figures.ranking(s, indicator, year, peer_set),
    )


@router.get("/derived/{indicator}", summary="Derived values with their receipts")
async def api_derived(
    request: Request,
    indicator: CodePath,
    zone: Name = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await answer(
        request,
        ("derived", indicator, zone),
        lambda s: figures.derived_values(s, indicator, zone),
        (limit, offset),
    )


@router.get("/narrative/{zone}", summary="Statements generated from the data, with receipts")
async def api_narrative(
    request: Request, zone: ZonePath, year: Year = None, lang: Lang = "en"
) -> Response:
    return await answer(
        request, ("narrative", zone, year, lang), lambda s: figures.narrative(s, zone, year, lang)
    )


@router.get("/sources", summary="Every source with its tier and how many figures it gives")
async def api_sources(request: Request, limit: Limit = 100, offset: Offset = 0) -> Response:
    return await answer(request, ("sources",), figures.source_list, (limit, offset))


@router.get("/conflicts", summary="Figures on which sources disagree, side by side")
async def api_conflicts(
    request: Request,
    zone: Name = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await answer(
        request, ("conflicts", zone), lambda s: figures.conflict_list(s, zone), (limit, offset)
    )


class CheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=100_000, description="A text to check.")
    date: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date."
    )


@router.post("/check", summary="Check every quantitative claim of a text against the ledger")
def api_check(request: Request, body: Annotated[CheckRequest, Body()]) -> dict[str, Any]:
    return service(request).run(lambda s: figures.check(s, body.text, body.date))
