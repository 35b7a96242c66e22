"""The pages in a real headless Chromium, with every request outside localhost refused."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook


def test_home_map_and_headline_table_show_the_19_new_areas(page, screenshot, wait_for_charts):
    page.goto("/?lang=en")
    wait_for_charts(page)
    assert page.locator("#map svg").count() == 1
    assert page.locator("#map svg path").count() >= 31  # the provinces
    assert page.locator("#headline tbody tr").count() == 19
    assert page.get_attribute("#map", "aria-label").startswith("Map of China")
    screenshot(page, "home-en")


def test_sorting_the_headline_table_by_value_keeps_missing_last(page):
    page.goto("/?lang=en&indicator=gdp&year=2023")
    page.get_by_role("button", name="Value").click()
    values = page.locator("#headline tbody td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => c.dataset.value)"
    )
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers)
    assert all(v == "" for v in values[len(numbers) :])


def test_switching_language_changes_the_labels_and_keeps_the_page(
    page, screenshot, wait_for_charts
):
    page.goto("/indicator/gdp?year=2023&lang=en")
    assert page.locator("#ranking-h").text_content().startswith("Ranking")
    page.click("#switch-language")
    page.wait_for_url("**/indicator/gdp?*lang=zh*")
    assert "year=2023" in page.url
    assert page.locator("#ranking-h").text_content().startswith("排名")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    wait_for_charts(page)
    screenshot(page, "indicator-zh")


def test_indicator_page_draws_its_ranking_and_series_with_tables(page, screenshot, wait_for_charts):
    page.goto("/indicator/gdp?year=2023&lang=en")
    wait_for_charts(page)
    assert page.locator("#ranking-chart svg").count() == 1
    assert page.locator("#series-chart svg").count() == 1
    assert page.locator("#ranking-table tbody tr").count() == 19
    screenshot(page, "indicator-en")


def test_table_downloads_are_files_that_csv_and_openpyxl_read(page):
    response = page.request.get("/download/table/gdp.csv?zones=xiangjiang,liangjiang,tianfu")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8"))))
    assert {r["zone"] for r in rows} == {"xiangjiang", "liangjiang", "tianfu"}
    assert all(r["unit"] == "亿元" for r in rows)
    xlsx = page.request.get("/download/table/gdp.xlsx?zones=xiangjiang,tianfu&years=2018-2023")
    assert xlsx.ok
    book = load_workbook(io.BytesIO(xlsx.body()))
    assert book.sheetnames == ["table", "cells"]
    header = [c.value for c in book["table"][1]]
    assert header[3:] == [str(y) for y in range(2018, 2024)]
    assert book["table"]["B2"].value == "湖南湘江新区"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_page_marks_the_founding_reports_claims_in_place(page, screenshot, seed_text, lang):
    text = seed_text
    page.goto(f"/check?lang={lang}")
    page.fill("#check-text", text)
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#claims")
    claims = page.locator("#claims tbody tr").count()
    marked = page.locator("#marked-text mark.claim").count()
    assert claims > 0 and marked > 0
    verdicts = page.locator("#claims .verdict").all_text_contents()
    assert len(verdicts) == claims and all(verdicts)
    # each mark covers exactly the words a claim was read from (its figure, or a rank's
    # peer phrase), never the whole sentence
    words = set(
        page.locator("#claims tbody tr").evaluate_all("rows => rows.map(r => r.dataset.words)")
    )
    for marked_text in page.locator("#marked-text mark.claim").all_text_contents():
        assert marked_text in words
    referenced = page.locator("#marked-text sup a").count()
    assert referenced == claims  # every claim of the founding report is marked in place
    screenshot(page, f"check-{lang}")


def test_check_page_marks_a_chinese_sentence_built_from_the_ledgers_own_figure(page):
    """A Chinese sentence stating the ledger's preferred GDP of a zone, written here from
    what the API serves, is marked at its figure and supported."""
    ranking = page.request.get("/api/rankings/gdp").json()
    row = next(r for r in ranking["rows"] if r["rank"] == 1 and r["qualifier"] == "exact")
    figure = f"{row['value'] / 1e8:.0f}亿元"
    sentence = f"{ranking['year']}年，{row['name_zh']}地区生产总值达到{figure}。"
    page.goto("/check?lang=zh")
    page.fill("#check-text", sentence)
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#claims")
    marks = page.locator("#marked-text mark.claim")
    assert marks.count() == 1 and figure.startswith(marks.first.text_content())
    assert "supported" in marks.first.get_attribute("data-verdicts")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("zone", "/zone/xiangjiang"),
        ("compare", "/compare?zones=xiangjiang,liangjiang,tianfu&years=2015-2024"),
        ("sources", "/sources"),
        ("index", "/index"),
    ],
)
def test_pages_draw_in_both_languages(page, screenshot, wait_for_charts, name, path, lang):
    joiner = "&" if "?" in path else "?"
    page.goto(f"{path}{joiner}lang={lang}")
    wait_for_charts(page)
    assert page.locator("h1").count() == 1
    # every chart names its sources and its data date beneath it
    figures = page.locator(".chart-figure")
    assert page.locator(".chart-figure .provenance").count() == figures.count()
    for date in page.locator(".chart-figure time.data-as-of").all_text_contents():
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date), date
    screenshot(page, f"{name}-{lang}")
