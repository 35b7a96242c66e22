"""The server-rendered pages. Every page takes `?lang=en|zh` and keeps it in its links."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from zonemetrics.errors import ZonemetricsError
from zonemetrics.publish import chart_specs
from zonemetrics.publish.report import index_summary
from zonemetrics.web import figures
from zonemetrics.web.api import PRINTABLE, CodePath, ZonePath
from zonemetrics.web.messages import language, text
from zonemetrics.web.render import render_page
from zonemetrics.web.service import Service
from zonemetrics.web.zone_page import zone_content

router = APIRouter(include_in_schema=False)

LangQuery = Annotated[str | None, Query(max_length=5)]
YearQuery = Annotated[int | None, Query(ge=1949, le=2100)]
DEFAULT_INDICATOR = "gdp"
MAX_COMPARED = 5
#: the comparison the first-hour issue asked for, shown until the user picks zones
DEFAULT_COMPARED = ("xiangjiang", "liangjiang", "tianfu")


def service(request: Request) -> Service:
    return request.app.state.service


def link_maker(lang: str):
    def link(path: str, **params: Any) -> str:
        query = {k: v for k, v in params.items() if v not in (None, "")}
        query["lang"] = lang
        return f"{path}?{urlencode(query)}"

    return link


def printable(values: list[str] | None) -> list[str] | None:
    """Zone names from a form, refused when one holds a control character (no name
    does, and the database refuses a NUL in a query)."""
    if values and any(re.search(r"[\x00-\x1f\x7f]", value) for value in values):
        raise ZonemetricsError("a zone name holds a control character")
    return values


def switch_url(request: Request, lang: str) -> str:
    """The same page and query in the other language (the language lives in the URL)."""
    other = "zh" if lang == "en" else "en"
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*items, ('lang', other)])}"


def page(request: Request, template: str, lang: str, **context: Any) -> HTMLResponse:
    html = render_page(
        template, lang, link=link_maker(lang), path=request.url.path,
        switch_url=switch_url(request, lang), **context,
    )  # fmt: skip
    return HTMLResponse(html)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    lang = language(request.query_params.get("lang"))
    html = render_page(
        "error.html", lang, link=link_maker(lang), path=request.url.path,
        switch_url=switch_url(request, lang), message=message,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


def sources_of(svc: Service) -> list[dict[str, Any]]:
    return svc.cached(("sources",), figures.source_list)


def cells_provenance(cells: Any, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Sources and data date of a chart drawn from table cells."""
    return figures.provenance((c.get("source_id") for c in cells), sources)


def _name(row: dict[str, Any], lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    lang: LangQuery = None,
    indicator: Annotated[str, Query(max_length=80, pattern=PRINTABLE)] = DEFAULT_INDICATOR,
    year: YearQuery = None,
) -> Response:
    lang = language(lang)
    svc = service(request)
    info = svc.cached(("indicator", indicator), lambda s: figures.indicator_record(s, indicator))
    table = svc.cached(
        ("headline", indicator, year), lambda s: figures.headline(s, indicator, year)
    )
    unit = figures.display_unit(table["unit"])
    name = _name(info, lang)
    description = text("map_alt", lang, indicator=name, year=str(table["year"]))
    spec = svc.cached(
        ("map", indicator, table["year"], lang),
        lambda s: chart_specs.china_map(
            table["rows"],
            figures.base_map_topojson(),
            title=f"{name} {table['year']}",
            unit_label=unit.label(lang),
            scale=unit.scale,
            lang=lang,
            description=description,
        ),
    )
    indicators = svc.cached(("indicators",), figures.indicator_list)
    choices = [i for i in indicators if i["kind"] == "base" and (i["zones"] or 0) >= 3]
    prov = cells_provenance(table["rows"], sources_of(svc))
    return page(
        request, "home.html", lang, table=table, info=info, unit=unit, map_spec=spec,
        indicators=choices, prov=prov,
    )  # fmt: skip


@router.get("/zone/{zone}", response_class=HTMLResponse)
def zone_view(request: Request, zone: ZonePath, lang: LangQuery = None, year: YearQuery = None):
    lang = language(lang)
    svc = service(request)
    content = svc.cached(("zone", zone, year), lambda s: zone_content(s, zone, year))
    statements = svc.cached(
        ("narrative", content["zone"]["zone"], content["year"], lang),
        lambda s: figures.narrative(s, content["zone"]["zone"], content["year"], lang),
    )
    charts = zone_charts(content, lang)
    index = svc.cached(
        ("zone_index", content["zone"]["zone"], content["year"]),
        lambda s: index_summary(s, content["zone"]["zone"], content["year"]),
        on_disk=True,
    )
    return page(
        request, "zone.html", lang, content=content, charts=charts, statements=statements,
        index=index, kinds=chart_specs.UNCERTAINTY_KINDS[lang],
    )  # fmt: skip


def zone_charts(content: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """One time-series chart per headline indicator the zone holds, with its table."""
    names = {content["zone"]["zone"]: _name(content["zone"], lang)}
    out = []
    for series in content["series"]:
        unit = figures.display_unit(series["unit"])
        title = _name(series, lang)
        years = ", ".join(str(c["year"]) for c in series["cells"])
        description = (
            f"{title}, {names[content['zone']['zone']]}: {years}"
            if lang == "en"
            else f"{names[content['zone']['zone']]}{title}：{years}年"
        )
        spec = chart_specs.time_series(
            series["cells"], names, title=title, unit_label=unit.label(lang),
            scale=unit.scale, lang=lang, description=description,
        )  # fmt: skip
        prov = cells_provenance(series["cells"], content["sources"])
        out.append({"series": series, "spec": spec, "unit": unit, "title": title, "prov": prov})
    return out


@router.get("/indicators", response_class=HTMLResponse)
def indicators_view(request: Request, lang: LangQuery = None):
    lang = language(lang)
    rows = service(request).cached(("indicators",), figures.indicator_list)
    return page(request, "indicators.html", lang, indicators=rows)


@router.get("/indicator/{code}", response_class=HTMLResponse)
def indicator_view(
    request: Request,
    code: CodePath,
    lang: LangQuery = None,
    year: YearQuery = None,
    zones: Annotated[str | None, Query(max_length=500, pattern=PRINTABLE)] = None,
    zone: Annotated[list[str] | None, Query(max_length=80)] = None,
):
    """A ranking for a year and a time series for chosen zones (`zones=a,b` in a link,
    repeated `zone=` from the form; by default the five ranked first)."""
    lang = language(lang)
    svc = service(request)
    info = svc.cached(("indicator", code), lambda s: figures.indicator_record(s, code))
    ranking = svc.cached(
        ("ranking", code, year, "new_areas"), lambda s: figures.ranking(s, code, year)
    )
    unit = figures.display_unit(ranking["unit"])
    name = _name(info, lang)
    bar = chart_specs.ranking_bar(
        ranking["rows"], title=f"{name} {ranking['year']}", unit_label=unit.label(lang),
        scale=unit.scale, lang=lang,
        description=(
            f"{name}, {ranking['year']}: {ranking['with_data']} of {ranking['of']} ranked"
            if lang == "en"
            else f"{ranking['year']}年{name}：{ranking['of']}个中{ranking['with_data']}个有排名"
        ),
    )  # fmt: skip
    ranked = [r["zone"] for r in ranking["rows"] if r["rank"] is not None]
    chosen = list(dict.fromkeys(printable(zone) or figures.split_zones(zones) or ranked[:5]))
    table = svc.cached(
        ("table", code, tuple(chosen), None),
        lambda s: figures.zone_year_table(s, code, chosen, None),
    )
    series = series_chart(table, lang, name)
    sources = sources_of(svc)
    bar_prov = figures.provenance((i for r in ranking["rows"] for i in r["source_ids"]), sources)
    series_prov = cells_provenance(table_cells(table), sources)
    return page(
        request, "indicator.html", lang, info=info, ranking=ranking, unit=unit, bar=bar,
        table=table, series=series, chosen=chosen, bar_prov=bar_prov, series_prov=series_prov,
    )  # fmt: skip


def table_cells(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for r in table["rows"] for c in r["cells"].values()]


def series_chart(table: dict[str, Any], lang: str, title: str) -> dict[str, Any]:
    names = {r["zone"]: _name(r, lang) for r in table["rows"]}
    cells = table_cells(table)
    unit = figures.display_unit(table["unit"])
    description = (
        f"{title} over time: " + ", ".join(names.values())
        if lang == "en"
        else f"{title}历年变化：" + "、".join(names.values())
    )
    return chart_specs.time_series(
        cells, names, title=title, unit_label=unit.label(lang), scale=unit.scale,
        lang=lang, description=description,
    )  # fmt: skip


@router.get("/compare", response_class=HTMLResponse)
def compare_view(
    request: Request,
    lang: LangQuery = None,
    zones: Annotated[str | None, Query(max_length=500, pattern=PRINTABLE)] = None,
    zone: Annotated[list[str] | None, Query(max_length=80)] = None,
    indicator: Annotated[str, Query(max_length=80, pattern=PRINTABLE)] = DEFAULT_INDICATOR,
    years: Annotated[str | None, Query(max_length=20)] = None,
):
    """Two to five zones: `zones=a,b,c` in a link, or repeated `zone=` from the form."""
    lang = language(lang)
    svc = service(request)
    picked = printable(zone) or figures.split_zones(zones) or list(DEFAULT_COMPARED)
    chosen = list(dict.fromkeys(picked))[:MAX_COMPARED]
    span = figures.parse_years(years)
    info = svc.cached(("indicator", indicator), lambda s: figures.indicator_record(s, indicator))
    table = svc.cached(
        ("table", indicator, tuple(chosen), span),
        lambda s: figures.zone_year_table(s, indicator, chosen, span),
    )
    chart = series_chart(table, lang, _name(info, lang))
    all_zones = svc.cached(("zones", "new_area"), lambda s: figures.zone_list(s))
    indicators = svc.cached(("indicators",), figures.indicator_list)
    prov = cells_provenance(table_cells(table), sources_of(svc))
    return page(
        request, "compare.html", lang, info=info, table=table, compare_spec=chart,
        chosen=chosen, all_zones=all_zones, indicators=indicators, years=years or "", prov=prov,
    )  # fmt: skip


def index_data(svc: Service, year: int | None) -> dict[str, Any]:
    return svc.cached(("index", year), lambda s: figures.index_view(s, year), on_disk=True)


def index_analysis(svc: Service, year: int | None) -> dict[str, Any]:
    """The index's uncertainty and sensitivity runs: seconds of work, so done once per
    store state, kept on disk too, and done ahead by `warm_up` when `serve` starts."""
    return svc.cached(
        ("index_uncertainty", year), lambda s: figures.kept_index_uncertainty(s, year)
    )


def warm_up(svc: Service) -> None:
    """Compute the answers that take many seconds before anyone asks (in a background
    thread of `serve`); a failure here is left for the page itself to report."""
    try:
        index_data(svc, None)
        index_analysis(svc, None)
    except Exception:  # the index page shows the same error when asked
        return


@router.get("/index", response_class=HTMLResponse)
def index_view(request: Request, lang: LangQuery = None, year: YearQuery = None):
    lang = language(lang)
    svc = service(request)
    data = index_data(svc, year)
    analysis = index_analysis(svc, year)
    scores = chart_specs.index_scores(
        data["rows"], title=f"{data['name']} {data['year']}", lang=lang,
        description=(
            f"Composite index scores of {len(data['rows'])} new areas, {data['year']}"
            if lang == "en"
            else f"{data['year']}年{len(data['rows'])}个新区的综合指数得分"
        ),
    )  # fmt: skip
    tree = chart_specs.framework_tree(
        data["framework"], title=data["name"],
        description="The index's framework: pillars and indicators with weights"
        if lang == "en" else "指数框架：维度与指标及其权重",
    )  # fmt: skip
    level = f"{analysis['level']:.0%}"
    intervals = chart_specs.rank_intervals(
        analysis["rows"], title=text("rank_interval", lang), lang=lang,
        description=text("uncertainty_note", lang, runs=str(analysis["runs"]), level=level),
    )  # fmt: skip
    sobol = chart_specs.sobol_bars(
        analysis["sobol"], title=text("sensitivity_heading", lang), lang=lang,
        description=text(
            "sensitivity_note", lang, runs=str(analysis["sobol_runs"]), level=level
        ),
    )  # fmt: skip
    prov = figures.provenance(data.get("source_ids") or [], sources_of(svc))
    return page(
        request, "index.html", lang, data=data, scores=scores, tree=tree, analysis=analysis,
        prov=prov,
        intervals=intervals, sobol=sobol, level=level,
        kinds=chart_specs.UNCERTAINTY_KINDS[lang],
    )  # fmt: skip


@router.get("/sources", response_class=HTMLResponse)
def sources_view(request: Request, lang: LangQuery = None):
    lang = language(lang)
    svc = service(request)
    sources = sources_of(svc)
    conflicts = svc.cached(("conflicts", None), lambda s: figures.conflict_list(s, None))
    return page(request, "sources.html", lang, sources=sources, conflicts=conflicts)


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request, lang: LangQuery = None):
    return page(request, "check.html", language(lang), result=None, text_in="")


@router.post("/check", response_class=HTMLResponse)
def check_view(
    request: Request,
    text_in: Annotated[str, Form(alias="text", min_length=1, max_length=100_000)],
    lang: LangQuery = None,
):
    lang = language(lang)
    result = service(request).run(lambda s: figures.check(s, text_in))
    pieces = highlighted(text_in, result["claims"])
    return page(request, "check.html", lang, result=result, text_in=text_in, pieces=pieces)


def figure_spans(body: str, claims: list[dict[str, Any]]) -> dict[tuple[int, int], list[int]]:
    """Where each claim's figure stands in the text, to the character: (start, end) of
    the figure as written, with the (0-based) claims read from it.

    A claim's sentence is found first, searching on from the previous claim's sentence
    (so a sentence that occurs twice maps in order), then the figure within it, searching
    on from the previous figure of the same sentence (two figures written alike in one
    sentence are told apart by order). Two claims read from one figure (a value and a
    rank) share its span. A rank claim's words as the reader quoted them are its peer
    phrase ('among all new areas'), the reader keeping no separate text of the rank. A
    claim whose words cannot be found (a number the reader rewrote) is marked nowhere
    and stays listed in the table below."""
    spans: dict[tuple[int, int], list[int]] = {}
    sentence_from = 0
    figure_from: dict[int, int] = {}
    for index, claim in enumerate(claims):
        figure = claim.get("value_text") or claim.get("peer_text") or ""
        sentence = claim.get("text") or ""
        if not figure:
            continue
        start = body.find(sentence, sentence_from) if sentence else -1
        if start < 0 and sentence:
            start = body.find(sentence)
        if start < 0:  # the sentence as the reader normalised it: search the whole text
            start, end = sentence_from, len(body)
        else:
            end = start + len(sentence)
            sentence_from = start
        at = body.find(figure, figure_from.get(start, start), end)
        if at < 0:
            at = body.find(figure, start, end)
        if at < 0:
            continue
        figure_from[start] = at + len(figure)
        spans.setdefault((at, at + len(figure)), []).append(index)
    return spans


def highlighted(body: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain runs and figure runs, so the page marks each claim's
    exact figure in place, with the number, verdict and evidence of every claim read
    from it. Overlapping figures ('3.5' inside '3.5万亿') are joined into one run."""
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for (start, end), indices in sorted(figure_spans(body, claims).items()):
        marks = [
            {
                "number": claims[i].get("number") or i + 1,
                "verdict": claims[i].get("verdict") or "",
                "explanation": claims[i].get("explanation") or "",
            }
            for i in indices
        ]
        if start < cursor and pieces and "claims" in pieces[-1]:
            previous = pieces[-1]
            previous["text"] += body[cursor:end] if end > cursor else ""
            previous["claims"].extend(marks)
            cursor = max(cursor, end)
            continue
        if start > cursor:
            pieces.append({"text": body[cursor:start]})
        pieces.append({"text": body[start:end], "claims": marks, "start": start, "end": end})
        cursor = end
    pieces.append({"text": body[cursor:]})
    return pieces
