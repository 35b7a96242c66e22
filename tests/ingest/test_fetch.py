"""Fetching pages to harvest from a local web server: what is sent, what is kept, and the
errors a user sees (each names the address and the reason)."""

from __future__ import annotations

import pytest

from zonemetrics.ingest.fetch import FetchError, cache_root, fetch_page

PAGE = (
    "<html><head><title>西海岸新区经济运行</title></head>"
    "<body><p>前三季度，西海岸新区完成地区生产总值3112.12亿元。</p></body></html>"
)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_a_page_is_fetched_with_a_user_agent_naming_zonemetrics(local_pages):
    local_pages.routes["/news.html"] = (200, HTML, PAGE.encode("utf-8"))
    page = fetch_page(local_pages.url("/news.html"))
    assert (page.kind, page.charset, page.from_cache) == ("html", "utf-8", False)
    assert page.body.decode("utf-8") == PAGE
    assert page.final_url == local_pages.url("/news.html")
    assert local_pages.request_headers["/news.html"]["User-Agent"].startswith("zonemetrics/")


def test_the_same_page_is_read_once_a_day_unless_the_cache_is_declined(local_pages):
    local_pages.routes["/news.html"] = (200, HTML, PAGE.encode("utf-8"))
    first = fetch_page(local_pages.url("/news.html"))
    again = fetch_page(local_pages.url("/news.html"))
    assert (again.from_cache, again.body, again.fetched_on) == (True, first.body, first.fetched_on)
    assert local_pages.hits["/news.html"] == 1
    assert (cache_root() / first.fetched_on).is_dir()  # kept under the day it was read
    fresh = fetch_page(local_pages.url("/news.html"), use_cache=False)
    assert (fresh.from_cache, local_pages.hits["/news.html"]) == (False, 2)


def test_a_redirect_is_followed_and_the_final_address_kept(local_pages):
    local_pages.routes["/old"] = (301, {"Location": "/news.html"}, b"")
    local_pages.routes["/news.html"] = (200, HTML, PAGE.encode("utf-8"))
    page = fetch_page(local_pages.url("/old"))
    assert (page.url, page.final_url) == (local_pages.url("/old"), local_pages.url("/news.html"))


def test_a_pdf_sent_as_anonymous_bytes_is_still_read_as_a_pdf(local_pages):
    local_pages.routes["/bulletin"] = (
        200,
        {"Content-Type": "application/octet-stream"},
        b"%PDF-1.4 a bulletin",
    )
    assert fetch_page(local_pages.url("/bulletin")).kind == "pdf"


@pytest.mark.parametrize(
    ("route", "options", "reason"),
    [
        ((404, {"Content-Type": "text/html"}, b"gone"), {}, "the server answered 404 Not Found"),
        ((503, {"Content-Type": "text/html"}, b"busy"), {}, "answered 503"),
        ((200, {"Content-Type": "image/png"}, b"\x89PNG"), {}, "image/png, not HTML"),
        (
            (200, {"Content-Type": "text/html", "Content-Length": "50000"}, b"<p>x</p>"),
            {"max_bytes": 1000},
            "50,000 bytes, over the 1,000-byte limit",
        ),
        (
            (200, {"Content-Type": "text/html", "omit-length": "1"}, b"<p>x</p>" * 500),
            {"max_bytes": 1000},
            "over the 1,000-byte limit",
        ),
        ((200, {**HTML, "delay": "3"}, b"<p>late</p>"), {"timeout": 0.5}, "within 0.5 s"),
    ],
)
def test_a_page_that_cannot_be_used_is_an_error_naming_it_and_why(
    local_pages, route, options, reason
):
    local_pages.routes["/page"] = route
    url = local_pages.url("/page")
    with pytest.raises(FetchError) as error:
        fetch_page(url, **options)
    assert str(error.value).startswith(f"{url}: ")
    assert reason in str(error.value)
    assert "nothing was harvested" in str(error.value)
    assert not cache_root().exists() or not any(cache_root().rglob("*.body"))


def test_an_address_that_is_not_http_is_refused(local_pages):
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch_page("ftp://127.0.0.1/bulletin.pdf")


def test_a_page_read_on_an_earlier_day_is_read_afresh(local_pages, monkeypatch):
    """The cache is by URL and day: the next day's harvest sees the page as it is then."""
    from datetime import datetime, timedelta

    from zonemetrics.ingest import fetch

    local_pages.routes["/news.html"] = (200, HTML, PAGE.encode("utf-8"))
    first = fetch_page(local_pages.url("/news.html"))

    class NextDay(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(days=1)

    monkeypatch.setattr(fetch, "datetime", NextDay)
    later = fetch_page(local_pages.url("/news.html"))
    assert (later.from_cache, local_pages.hits["/news.html"]) == (False, 2)
    assert later.fetched_on > first.fetched_on
    assert fetch_page(local_pages.url("/news.html")).from_cache  # and kept for that day


def test_the_size_limit_holds_for_a_copy_read_earlier_under_a_larger_one(local_pages):
    local_pages.routes["/news.html"] = (200, HTML, PAGE.encode("utf-8"))
    fetch_page(local_pages.url("/news.html"))
    with pytest.raises(FetchError, match="over the 100-byte limit"):
        fetch_page(local_pages.url("/news.html"), max_bytes=100)
    assert local_pages.hits["/news.html"] == 1
