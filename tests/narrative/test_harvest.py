"""Harvest: a text's figures become candidates for review, never ledger rows by themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.errors import ZonemetricsError
from zonemetrics.ingest.candidates import accept, list_candidates, reject
from zonemetrics.ingest.fetch import FetchError
from zonemetrics.narrative.harvest import SourceMeta, harvest_file, harvest_folder, harvest_url

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"
BULLETIN = SourceMeta(
    "test-pudong-bulletin",
    "Pudong 2023 bulletin (test wording)",
    "浦东新区统计局",
    None,
    "2024-04-01",
    "official",
)
NEWS = SourceMeta(
    "test-westcoast-news",
    "West Coast 2023 (test wording)",
    "China Daily",
    None,
    "2024-01-20",
    "major_media",
)


def _candidates(store, source_id):
    return [
        (c["zone"], c["indicator"], c["period"], c["value_text"], c["unit_text"], c["measure"])
        for c in list_candidates(store, source_id)
    ]


def test_a_chinese_bulletin_paragraph_gives_exact_candidates(bundle_copy):
    report = harvest_file(bundle_copy, TEXTS / "pudong_bulletin_2023_zh.txt", BULLETIN)
    assert (report.claims, report.added) == (3, 3)
    assert _candidates(bundle_copy, "test-pudong-bulletin") == [
        ("pudong", "gdp", "2023", "16715.15亿", "元", "value"),
        ("pudong", "gdp_growth_real", "2023", "4.8", "%", "value"),
        ("pudong", "resident_population", "2023", "581.11万", "人", "value"),
    ]
    [gdp] = [
        c for c in list_candidates(bundle_copy, "test-pudong-bulletin") if c["indicator"] == "gdp"
    ]
    assert gdp["value"] == pytest.approx(16715.15e8)
    assert any(h["consistent"] for h in gdp["ledger"])  # the ledger already holds it


def test_an_english_news_paragraph_gives_exact_candidates(bundle_copy):
    harvest_file(bundle_copy, TEXTS / "westcoast_news_2023_en.txt", NEWS)
    assert _candidates(bundle_copy, "test-westcoast-news") == [
        ("westcoast", "gdp", "2023", "500.34", "billion yuan", "value"),
        ("westcoast", "gdp_growth_real", "2023", "6.0", "percent", "value"),
    ]


def test_harvesting_never_writes_to_the_ledger_and_a_rejection_is_kept(bundle_copy):
    before = bundle_copy.sql("SELECT count(*) FROM observations")
    harvest_file(bundle_copy, TEXTS / "pudong_bulletin_2023_zh.txt", BULLETIN)
    assert bundle_copy.sql("SELECT count(*) FROM observations") == before
    again = harvest_file(bundle_copy, TEXTS / "pudong_bulletin_2023_zh.txt", BULLETIN)
    assert (again.added, again.already_recorded) == (0, 3)
    ids = [c["candidate_id"] for c in list_candidates(bundle_copy, "test-pudong-bulletin")]
    reject(bundle_copy, ids[2:], note="year-end figure: wait for the final bulletin")
    accept(bundle_copy, ids[:2])
    reviews = [c["review"] for c in list_candidates(bundle_copy, "test-pudong-bulletin")]
    assert reviews == ["accepted", "accepted", "rejected"]
    added = bundle_copy.sql(
        "SELECT indicator, original_text FROM observations WHERE source_id = ? ORDER BY 1",
        ["test-pudong-bulletin"],
    )
    assert added == [("gdp", "16715.15亿元"), ("gdp_growth_real", "4.8%")]


def test_a_quarter_figure_is_filed_for_the_quarter_never_for_the_year(bundle_copy):
    """The review also shows that the ledger's 269.3亿元 for the quarter agrees."""
    meta = SourceMeta("test-dianzhong-q1", published="2023-05-06", tier="official")
    harvest_file(bundle_copy, TEXTS / "dianzhong_q1_2023_en.txt", meta)
    found = list_candidates(bundle_copy, "test-dianzhong-q1")
    assert [(c["indicator"], c["period"], c["value_text"], c["unit_text"]) for c in found] == [
        ("gdp", "2023Q1", "26.93", "billion yuan"),
        ("gdp_growth_real", "2023Q1", "7.3", "percent"),
    ]
    assert all(h["consistent"] for h in found[0]["ledger"])  # the ledger's 269.3亿元 of 2023Q1


def test_html_and_pdf_texts_give_the_same_candidates(bundle_copy, tmp_path):
    fpdf = pytest.importorskip("fpdf")
    sentence = (TEXTS / "westcoast_news_2023_en.txt").read_text(encoding="utf-8").strip()
    html = tmp_path / "news.html"
    html.write_text(
        f"<html><head><style>p {{}}</style></head><body><nav>Home</nav>"
        f"<p>{sentence}</p></body></html>",
        encoding="utf-8",
    )
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, sentence)
    pdf.output(str(tmp_path / "news.pdf"))
    for path, source_id in ((html, "test-html"), (tmp_path / "news.pdf", "test-pdf")):
        meta = SourceMeta(source_id, "test", "test", None, "2024-01-20", "major_media")
        harvest_file(bundle_copy, path, meta)
        assert [c[1:5] for c in _candidates(bundle_copy, source_id)] == [
            ("gdp", "2023", "500.34", "billion yuan"),
            ("gdp_growth_real", "2023", "6.0", "percent"),
        ]


def test_real_passages_from_the_development_set(bundle_copy, shared_dir):
    passages = shared_dir / "data" / "claims-dev" / "passages"
    meta = SourceMeta(
        "test-changchun-2020",
        "Changchun New Area",
        "China Daily",
        None,
        "2020-06-24",
        "major_media",
    )
    harvest_file(bundle_copy, passages / "04.txt", meta)
    found = _candidates(bundle_copy, "test-changchun-2020")
    assert ("changchun", "gdp", "2019", "73.2", "billion yuan", "value") in found
    assert ("changchun", "land_area", None, "499", "square kilometers", "value") in found
    assert ("changchun", "resident_population", "2020", "约550,000", "persons", "value") in found
    meta = SourceMeta(
        "test-tianfu-2019", "Tianfu five years", "中国网", None, "2019-05-15", "major_media"
    )
    harvest_file(bundle_copy, passages / "07.txt", meta)
    found = _candidates(bundle_copy, "test-tianfu-2019")
    assert ("tianfu", "gdp", "2018", "2714.1亿", "元", "value") in found
    assert ("tianfu", "gdp", "2018", "5", "rank", "rank") in found


def test_a_boundary_named_before_the_figure_is_the_candidates_caliber(bundle_copy, tmp_path):
    text = tmp_path / "jiangbei.txt"
    text.write_text("2022年，江北新区全域地区生产总值超3700亿元。", encoding="utf-8")
    meta = SourceMeta("test-jiangbei", published="2023-06-28")
    harvest_file(bundle_copy, text, meta)
    [candidate] = list_candidates(bundle_copy, "test-jiangbei")
    assert (candidate["period"], candidate["value_text"], candidate["caliber"]) == (
        "2022",
        ">3700亿",
        "whole_area",
    )
    assert [h["consistent"] for h in candidate["ledger"]] == [True]  # People's Daily's '>3700'


WESTCOAST = (TEXTS / "westcoast_news_2023_en.txt").read_text(encoding="utf-8").strip()
WESTCOAST_CANDIDATES = [
    ("gdp", "2023", "500.34", "billion yuan"),
    ("gdp_growth_real", "2023", "6.0", "percent"),
]
WESTCOAST_PAGE = (
    "<html><head><title>West Coast New Area GDP tops 500 billion</title>"
    '<meta name="PubDate" content="2024-01-20 08:00"></head>'
    f"<body><nav>Home | News</nav><p>{WESTCOAST}</p></body></html>"
).encode()


def _counts(store):
    return [store.sql(f"SELECT count(*) FROM {table}")[0][0] for table in ("sources", "candidates")]


def _source(store, source_id):
    [row] = store.sql(
        "SELECT title, producer, url, published, accessed, tier FROM sources WHERE source_id = ?",
        [source_id],
    )
    return tuple(str(cell) if cell is not None else None for cell in row)


def test_a_web_page_is_harvested_with_a_source_made_from_the_page(bundle_copy, local_pages):
    local_pages.routes["/news/westcoast.html"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        WESTCOAST_PAGE,
    )
    url = local_pages.url("/news/westcoast.html")
    report = harvest_url(bundle_copy, url, SourceMeta(tier="major_media"))
    assert (report.claims, report.added, report.origin, report.from_cache) == (2, 2, url, False)
    found = list_candidates(bundle_copy, report.source_id)
    assert [(c["indicator"], c["period"], c["value_text"], c["unit_text"]) for c in found] == (
        WESTCOAST_CANDIDATES
    )
    title, producer, source_url, published, accessed, tier = _source(bundle_copy, report.source_id)
    assert (title, producer, source_url, tier) == (
        "West Coast New Area GDP tops 500 billion",
        "127.0.0.1",
        url,
        "major_media",
    )
    assert published.startswith("2024-01-20") and accessed is not None
    again = harvest_url(bundle_copy, url, SourceMeta(tier="major_media"))
    assert (again.source_id, again.from_cache, again.added) == (report.source_id, True, 0)
    assert local_pages.hits["/news/westcoast.html"] == 1


def test_a_page_that_cannot_be_fetched_writes_nothing(bundle_copy, local_pages):
    before = _counts(bundle_copy)
    with pytest.raises(FetchError, match="404"):
        harvest_url(bundle_copy, local_pages.url("/missing.html"), SourceMeta())
    assert _counts(bundle_copy) == before


def test_every_text_in_a_folder_is_one_source(bundle_copy, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-news.txt").write_text(WESTCOAST, encoding="utf-8")
    (folder / "b-page.html").write_bytes(WESTCOAST_PAGE.replace(b"2023,", b"2023 ,"))
    (folder / "c-copy.txt").write_text(WESTCOAST, encoding="utf-8")  # the same text again
    (folder / "notes.xlsx").write_bytes(b"PK")  # not a text: left alone
    reports = harvest_folder(bundle_copy, folder, SourceMeta(published="2024-01-20"))
    assert [Path(r.origin).name for r in reports] == ["a-news.txt", "b-page.html"]
    assert len({r.source_id for r in reports}) == 2
    assert [r.added for r in reports] == [2, 2]
    titles = [_source(bundle_copy, r.source_id)[0] for r in reports]
    assert titles == ["a-news.txt", "West Coast New Area GDP tops 500 billion"]


def test_a_folder_with_an_unreadable_text_writes_nothing(bundle_copy, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-news.txt").write_text(WESTCOAST, encoding="utf-8")
    (folder / "b-scan.pdf").write_bytes(b"scanned image, not a pdf")
    before = _counts(bundle_copy)
    with pytest.raises(ZonemetricsError, match=r"b-scan\.pdf: not a readable PDF"):
        harvest_folder(bundle_copy, folder, SourceMeta())
    assert _counts(bundle_copy) == before


def test_a_folder_cannot_take_one_texts_source_or_title(bundle_copy, tmp_path):
    (tmp_path / "a.txt").write_text(WESTCOAST, encoding="utf-8")
    with pytest.raises(ZonemetricsError, match="--source, --title describe one text"):
        harvest_folder(bundle_copy, tmp_path, SourceMeta("one-source", "One title"))
