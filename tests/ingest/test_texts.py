"""Texts reduced to plain text, and what a web page says about itself."""

from __future__ import annotations

import pytest

from zonemetrics.errors import ZonemetricsError
from zonemetrics.ingest.texts import document_from_bytes, read_document


def test_a_page_gives_its_title_and_the_date_in_its_metadata():
    page = (
        "<html><head><title> Binhai New Area 2016 GDP revised down </title>"
        '<meta property="article:published_time" content="2018-01-15T09:30:00+08:00">'
        "</head><body><nav>Home | Economy</nav><p>GDP was 665.4 billion yuan.</p>"
        "<script>var x = 1;</script></body></html>"
    )
    document = document_from_bytes("page", page.encode("utf-8"), "html")
    assert document.title == "Binhai New Area 2016 GDP revised down"
    assert document.published == "2018-01-15"
    assert document.text == "GDP was 665.4 billion yuan."  # no menu, script or title


def test_a_chinese_government_page_in_gbk_with_a_pubdate_tag():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        '<meta name="PubDate" content="2022/05/21 10:00"><title>西咸新区发布会</title></head>'
        "<body><p>新区实现生产总值同比增长8.3%。</p></body></html>"
    )
    document = document_from_bytes("page", page.encode("gbk"), "html")
    assert (document.title, document.published) == ("西咸新区发布会", "2022-05-21")
    assert document.text == "新区实现生产总值同比增长8.3%。"


def test_a_date_in_a_time_element_is_used_when_no_metadata_gives_one():
    page = '<p>发布时间 <time datetime="2021-11-16">11月16日</time></p><p>增长11.8%</p>'
    assert document_from_bytes("page", page.encode(), "html").published == "2021-11-16"


def test_a_page_without_a_title_or_date_says_so():
    document = document_from_bytes("page", b"<p>GDP rose 6%.</p>", "html")
    assert (document.title, document.published) == (None, None)


def test_a_plain_text_file_is_read_as_written(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("  GDP rose 6%.\n\n\n\nPopulation 1.2 million.  ", encoding="utf-8")
    document = read_document(path)
    assert (document.text, document.title) == ("GDP rose 6%.\n\nPopulation 1.2 million.", None)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("table.xlsx", b"PK", "unsupported text type '.xlsx'"),
        ("empty.html", b"<html><body><script>x</script></body></html>", "the text is empty"),
        ("broken.pdf", b"not a pdf at all", "not a readable PDF"),
    ],
)
def test_a_file_that_cannot_be_read_is_an_error_naming_it(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ZonemetricsError, match=reason) as error:
        read_document(path)
    assert str(path) in str(error.value)
