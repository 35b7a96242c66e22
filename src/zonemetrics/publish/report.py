"""The zone report: one HTML file that opens with no network, and its PDF.

Everything is inlined (Vega's scripts from vl-convert, the styles, the base map), so the
file can be mailed or archived and still draws its charts. The content is the web app's
zone page (`zonemetrics.web.zone_page`), rendered by the same templates, plus a map and
the composite index of the new areas where the ledger supports one. The PDF is the same
page printed by headless Chromium, whose fonts-noto-cjk render the Chinese text.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.publish import chart_specs
from zonemetrics.store.connection import Store
from zonemetrics.web import figures
from zonemetrics.web.messages import catalogue, language, text
from zonemetrics.web.zone_page import zone_content

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _assets() -> dict[str, str]:
    from zonemetrics.web.downloads import _static_text, vega_bundle

    return {"css": _static_text("app.css"), "js": _static_text("app.js"), "vega": vega_bundle()}


def index_summary(store: Store, zone_id: str, year: int | None) -> dict[str, Any] | None:
    """The zone's score and rank in the bundled example index of the new areas, or why it
    was screened out, with its rank intervals under uncertainty (methods, data, both;
    a zone screened out nominally can still be ranked in runs where its open figures
    pass the screen); None when no index can be built for the year."""
    if year is None:
        return None
    from zonemetrics.index.ledger_frame import build_ledger_frame

    try:
        frame = build_ledger_frame(store, None, year)
        scores = frame.coin().scores()
    except ZonemetricsError:
        return None
    rows = {r["uCode"]: r for r in scores.to_dict("records")}
    avail = {r["uCode"]: r for r in frame.availability.to_dict("records")}
    row = rows.get(zone_id)
    if row is not None and (row.get("Index") is None or math.isnan(row["Index"])):
        row = None
    reason = None
    if row is None and zone_id in avail:
        a = avail[zone_id]
        reason = (
            f"screened out: {a['n_value']}/{a['n_indicators']} indicators held ({a['missing']})"
        )
    ranked = sum(
        1 for r in rows.values() if r.get("Index") is not None and not math.isnan(r["Index"])
    )
    analysis = figures.kept_index_uncertainty(store, year)
    intervals = next((r for r in analysis["rows"] if r["zone"] == zone_id), None)
    return {
        "intervals": intervals["intervals"] if intervals else None,
        "runs": analysis["runs"],
        "level": f"{analysis['level']:.0%}",
        "framework": frame.framework.name,
        "year": frame.year,
        "peer_set": frame.framework.peer_set,
        "zone_row": row,
        "ranked": ranked,
        "of": len(avail),
        "screened_reason": reason,
    }


def report_html(
    store: Store,
    zone: str,
    year: int | None = None,
    lang: str = "en",
    content: dict[str, Any] | None = None,
    index: dict[str, Any] | None = None,
) -> str:
    """The report of one zone as a self-contained HTML page. `content` and `index`, when
    given, are the language-free parts already computed (reports in two languages share
    them)."""
    from zonemetrics.web.pages import zone_charts
    from zonemetrics.web.render import environment

    lang = language(lang)
    zone_id = resolve_zone(store, zone)
    content = content or zone_content(store, zone_id, year)
    statements = figures.narrative(store, zone_id, content["year"], lang)
    map_spec = map_prov = None
    if content["zone"].get("place"):
        headline = figures.headline(store, "gdp", content["year"])
        unit = figures.display_unit(headline["unit"])
        info = figures.indicator_record(store, "gdp")
        name = info["name_zh"] if lang == "zh" else info["name_en"]
        map_spec = chart_specs.china_map(
            headline["rows"], figures.base_map_topojson(),
            title=f"{name} {headline['year']}", unit_label=unit.label(lang), scale=unit.scale,
            lang=lang,
            description=text("map_alt", lang, indicator=name, year=str(headline["year"])),
        )  # fmt: skip
        map_prov = figures.provenance(
            (r["source_id"] for r in headline["rows"]), figures.source_list(store)
        )
    template = environment().get_template("report.html")
    return template.render(
        t=catalogue(lang),
        lang=lang,
        content=content,
        charts=zone_charts(content, lang),
        statements=statements,
        map_spec=map_spec,
        map_prov=map_prov,
        kinds=chart_specs.UNCERTAINTY_KINDS[lang],
        index=index if index is not None else index_summary(store, zone_id, content["year"]),
        assets=_assets(),
        generated=date.today().isoformat(),
        link=None,
    )


def write_report(
    store: Store,
    zone: str,
    out_dir: Path,
    *,
    year: int | None = None,
    langs: tuple[str, ...] = ("en",),
    pdf: bool = False,
) -> list[Path]:
    """Write `<zone>-<lang>.html` (and `.pdf` with `pdf`) into `out_dir` for each language;
    return the paths. An existing file of the same name is replaced: these are outputs
    the command itself writes, never a user's data."""
    zone_id = resolve_zone(store, zone)
    content = zone_content(store, zone_id, year)
    index = index_summary(store, zone_id, content["year"]) or {}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in langs:
        html_path = out_dir / f"{zone_id}-{language(lang)}.html"
        html = report_html(store, zone_id, year, lang, content=content, index=index)
        html_path.write_text(html, encoding="utf-8")
        written.append(html_path)
        if pdf:
            written.append(print_pdf(html_path, html_path.with_suffix(".pdf")))
    return written


def print_pdf(html_path: Path, pdf_path: Path, browser: Any = None) -> Path:
    """Print a report to PDF with headless Chromium, offline, after its charts drew.

    `browser` is a Playwright browser already running (a caller printing many reports,
    or one that has Playwright open already); otherwise one is launched for this print.
    """
    if browser is not None:
        return _print_with(browser, html_path, pdf_path)
    if not CHROMIUM.exists():
        raise ZonemetricsError(
            f"--pdf needs Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return _print_with(launched, html_path, pdf_path)
        finally:
            launched.close()


PDF_MARGIN = {"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"}


def _print_with(browser: Any, html_path: Path, pdf_path: Path) -> Path:
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        page.goto(html_path.resolve().as_uri())
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn)",
            timeout=60_000,
        )
        page.emulate_media(media="print")
        page.pdf(path=str(pdf_path), format="A4", print_background=True, margin=PDF_MARGIN)
    finally:
        context.close()
    return pdf_path
