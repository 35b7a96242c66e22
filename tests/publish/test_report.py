"""The zone report: `zonemetrics demo` writes Xiangjiang's in both languages; each opens
in Chromium with the network off and draws every chart; its PDF renders the Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.publish.report import CHROMIUM, CHROMIUM_ARGS, print_pdf

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    result = runner.invoke(
        app, ["--store", str(folder / "demo.duckdb"), "demo"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    reports = {lang: folder / "reports" / f"xiangjiang-{lang}.html" for lang in ("en", "zh")}
    for path in reports.values():
        assert str(path) in result.output.replace("\n", "")
    return reports


@pytest.fixture(scope="module")
def offline_browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_opens_offline_and_every_chart_draws(demo_reports, offline_browser, lang):
    html = demo_reports[lang].read_text(encoding="utf-8")
    assert "<script src=" not in html and "<link " not in html  # everything inlined
    context = offline_browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(demo_reports[lang].as_uri())
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn)",
        timeout=60_000,
    )
    charts = page.locator(".chart")
    assert charts.count() >= 3  # the map and at least two series
    assert page.locator(".chart[data-drawn=true] svg").count() == charts.count()
    assert all(url.startswith("file://") for url in requests), requests
    expected = "湖南湘江新区" if lang == "zh" else "Hunan Xiangjiang New Area"
    assert page.locator("h1").text_content().startswith(expected)
    headings = page.locator("h2").all_text_contents()
    wanted = ("概况", "排名", "出处", "来源") if lang == "zh" else ("Profile", "Rank", "receipts")
    for word in wanted:
        assert any(word in heading for heading in headings), (word, headings)
    context.close()


def test_report_pdf_has_at_most_a_page_per_section_and_renders_chinese(
    demo_reports, offline_browser, tmp_path
):
    pdf = print_pdf(demo_reports["zh"], tmp_path / "xiangjiang-zh.pdf", browser=offline_browser)
    reader = PdfReader(pdf)
    sections = demo_reports["zh"].read_text(encoding="utf-8").count("<section")
    assert 1 <= len(reader.pages) <= sections
    first = reader.pages[0].extract_text()
    assert "湖南湘江新区" in first
    # the Chinese is drawn with the embedded Noto CJK face (fonts-noto-cjk), so no glyph
    # falls back to an empty box
    assert b"NotoSansCJK" in pdf.read_bytes()
