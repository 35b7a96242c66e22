"""Downloads beside every chart: CSV, XLSX, JSON, the chart as SVG/PNG, and a ZIP with
the data, its metadata (units, sources and their tiers) and a citation.

Values are written in the units people read (亿元, 万人, %) with the unit in the header
and the original text as the source wrote it beside each value.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from zonemetrics.errors import ZonemetricsError
from zonemetrics.publish import chart_specs, charts
from zonemetrics.web import figures
from zonemetrics.web.messages import language
from zonemetrics.web.service import Service

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "svg": "image/svg+xml",
    "png": "image/png",
}
CELL_COLUMNS = (
    "zone", "name_zh", "name_en", "year", "value", "unit", "original_text", "qualifier",
    "caliber", "source_id", "tier", "conflicts", "markers",
)  # fmt: skip


def service(request: Request) -> Service:
    return request.app.state.service


def _split(name: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    stem, dot, kind = name.rpartition(".")
    if not dot or kind not in allowed:
        raise ZonemetricsError(f"{name}: ask for one of " + ", ".join(f".{k}" for k in allowed))
    return stem, kind


def long_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The zone x year table as one row per cell, values in display units."""
    unit = figures.display_unit(table["unit"])
    rows = []
    for row in table["rows"]:
        for year in table["years"]:
            cell = row["cells"].get(str(year))
            if cell is None:
                continue
            rows.append(
                {
                    "zone": row["zone"],
                    "name_zh": row["name_zh"],
                    "name_en": row["name_en"],
                    "year": year,
                    "value": cell["value"] / unit.scale,
                    "unit": unit.zh if unit.zh != unit.en else unit.en,
                    "original_text": cell.get("original_text"),
                    "qualifier": cell.get("qualifier"),
                    "caliber": cell.get("caliber"),
                    "source_id": cell.get("source_id"),
                    "tier": cell.get("tier"),
                    "conflicts": cell.get("conflicts"),
                    "markers": " ".join(cell.get("markers") or []),
                }
            )
    return rows


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_xlsx(table: dict[str, Any]) -> bytes:
    """Two sheets: the zone x year table as people read it, and every cell with its
    source; frozen headers and filters on both."""
    from openpyxl import Workbook

    unit = figures.display_unit(table["unit"])
    book = Workbook()
    wide = book.active
    wide.title = "table"
    wide.append(["zone", "名称", "name", *[str(y) for y in table["years"]]])
    for row in table["rows"]:
        values = []
        for year in table["years"]:
            cell = row["cells"].get(str(year))
            values.append(None if cell is None else cell["value"] / unit.scale)
        wide.append([row["zone"], row["name_zh"], row["name_en"], *values])
    wide.append([])
    wide.append([f"unit: {unit.en} / {unit.zh}"])
    wide.freeze_panes = "D2"
    wide.auto_filter.ref = (
        f"A1:{wide.cell(1, 3 + len(table['years'])).column_letter}{1 + len(table['rows'])}"
    )
    cells = book.create_sheet("cells")
    cells.append(list(CELL_COLUMNS))
    for row in long_rows(table):
        cells.append([row[c] for c in CELL_COLUMNS])
    cells.freeze_panes = "A2"
    cells.auto_filter.ref = cells.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def citation(table: dict[str, Any], sources: list[dict[str, Any]]) -> str:
    lines = [
        f"zonemetrics ledger: {table['name_en']} ({table['name_zh']}), zone x year table, "
        f"downloaded {date.today().isoformat()}.",
        "Each value's own source is given in data.csv (source_id); the sources:",
    ]
    lines += [
        f'- {s["source_id"]}: {s["producer"]}, "{s["title"]}"'
        + (f", {s['published']}" if s.get("published") else "")
        + (f", {s['url']}" if s.get("url") else "")
        + f" [{s['tier']}]"
        for s in sources
    ]
    return "\n".join(lines) + "\n"


@router.get("/download/table/{name}")
def download_table(
    request: Request,
    name: str,
    zones: Annotated[str | None, Query(max_length=500)] = None,
    years: Annotated[str | None, Query(max_length=20)] = None,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    indicator, kind = _split(name, ("csv", "xlsx", "json", "zip"))
    chosen = figures.split_zones(zones)
    span = figures.parse_years(years)
    table = service(request).cached(
        ("table", indicator, tuple(chosen or ()), span),
        lambda s: figures.zone_year_table(s, indicator, chosen, span),
    )
    filename = f"{indicator}.{kind}"
    if kind == "csv":
        body = to_csv(long_rows(table), CELL_COLUMNS)
    elif kind == "json":
        body = json.dumps(table, ensure_ascii=False, indent=1).encode("utf-8")
    elif kind == "xlsx":
        body = to_xlsx(table)
    else:
        body = table_zip(request, table, language(lang))
    return Response(
        body,
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def table_zip(request: Request, table: dict[str, Any], lang: str) -> bytes:
    used = {
        c["source_id"] for r in table["rows"] for c in r["cells"].values() if c.get("source_id")
    }
    sources = [
        s
        for s in service(request).cached(("sources",), figures.source_list)
        if s["source_id"] in used
    ]
    unit = figures.display_unit(table["unit"])
    names = {r["zone"]: (r["name_zh"] if lang == "zh" else r["name_en"]) for r in table["rows"]}
    cells = [c for r in table["rows"] for c in r["cells"].values()]
    title = table["name_zh"] if lang == "zh" else table["name_en"]
    spec = chart_specs.time_series(
        cells, names, title=title, unit_label=unit.label(lang), scale=unit.scale, lang=lang,
        description=title,
    )  # fmt: skip
    metadata = {
        "indicator": table["indicator"],
        "name_en": table["name_en"],
        "name_zh": table["name_zh"],
        "unit_stored": table["unit"],
        "unit_in_files": {"en": unit.en, "zh": unit.zh, "divided_by": unit.scale},
        "years": table["years"],
        "zones": [r["zone"] for r in table["rows"]],
        "markers": {
            "bound": "the source gives a limit (>, <), not an exact figure",
            "conflict": "another source gives a value that cannot be true at the same time",
            "low_tier": "the value comes from a repost or blog (no better source held)",
        },
        "sources": sources,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv", to_csv(long_rows(table), CELL_COLUMNS))
        archive.writestr("data.xlsx", to_xlsx(table))
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=1))
        archive.writestr("citation.txt", citation(table, sources))
        archive.writestr("chart.vl.json", json.dumps(spec, ensure_ascii=False))
        archive.writestr("chart.svg", charts.to_svg(spec))
    return buffer.getvalue()


RANKING_COLUMNS = (
    "rank", "rank_best", "rank_worst", "zone", "name_zh", "name_en", "value", "qualifier",
    "unit", "caliber", "period", "of", "with_data", "source_ids",
)  # fmt: skip


@router.get("/download/ranking/{name}")
def download_ranking(
    request: Request,
    name: str,
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    indicator, kind = _split(name, ("csv", "json", "svg", "png"))
    lang = language(lang)
    svc = service(request)
    ranking = svc.cached(
        ("ranking", indicator, year, "new_areas"), lambda s: figures.ranking(s, indicator, year)
    )
    if kind == "json":
        body = json.dumps(ranking, ensure_ascii=False, indent=1).encode("utf-8")
    elif kind == "csv":
        rows = [r | {"source_ids": " ".join(r["source_ids"])} for r in ranking["rows"]]
        body = to_csv(rows, RANKING_COLUMNS)
    else:
        info = svc.cached(
            ("indicator", indicator), lambda s: figures.indicator_record(s, indicator)
        )
        unit = figures.display_unit(ranking["unit"])
        title = f"{info['name_zh'] if lang == 'zh' else info['name_en']} {ranking['year']}"
        spec = chart_specs.ranking_bar(
            ranking["rows"], title=title, unit_label=unit.label(lang), scale=unit.scale,
            lang=lang, description=title,
        )  # fmt: skip
        body = charts.to_svg(spec).encode("utf-8") if kind == "svg" else charts.to_png(spec)
    return Response(
        body,
        media_type=MEDIA_TYPES[kind],
        headers={
            "Content-Disposition": f'attachment; filename="{indicator}-{ranking["year"]}.{kind}"'
        },
    )


@cache
def _static_text(name: str) -> str:
    return (files("zonemetrics.web") / "static" / name).read_text(encoding="utf-8")


@cache
def vega_bundle() -> str:
    return charts.javascript_bundle()


@router.get("/static/vega.js")
async def static_vega() -> Response:
    return Response(vega_bundle(), media_type="text/javascript",
                    headers={"Cache-Control": "max-age=86400"})  # fmt: skip


@router.get("/static/{name}")
async def static_file(name: str) -> Response:
    kinds = {"app.js": "text/javascript", "app.css": "text/css"}
    if name not in kinds:
        raise ZonemetricsError(f"no static file '{name}'")
    return Response(_static_text(name), media_type=kinds[name])
