"""Reading texts to harvest figures from: plain text, HTML and PDF, from files or bytes.

Statistics bulletins and work reports reach analysts as web pages, PDFs and pasted
text, often in GBK; each is reduced to plain text, paragraph breaks kept, before the
claim grammar reads it. A web page also says what it is: its title and, in its
metadata, when it was published; those become the text's source when the user does not
describe it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from zonemetrics.errors import ZonemetricsError

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
READABLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES

#: <meta> names and properties that carry a page's publication date, most specific first
#: (Open Graph and article markup, Dublin Core, citation tags, and the PubDate /
#: publishdate tags Chinese government and news sites write)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "citation_publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "pubdate",
    "publishdate",
    "publish_date",
    "firstpublishedtime",
    "dc.date",
    "date",
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """A text reduced to plain text, with what it says about itself (HTML only)."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, from the page's metadata


def kind_of_suffix(suffix: str) -> str | None:
    """'text', 'html' or 'pdf' for a file suffix the reader handles; None otherwise."""
    suffix = suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES or not suffix:
        return "text"
    return None


def _decode(name: str, data: bytes, declared: str | None = None) -> str:
    """The charset the server or the page declares first, then UTF-8, then GB18030 (a
    superset of GBK and GB2312, the encodings Chinese bulletins are published in)."""
    candidates = [declared] if declared else []
    sniffed = _META_CHARSET.search(data[:4096])
    if sniffed:
        candidates.append(sniffed.group(1).decode("ascii"))
    candidates += ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ZonemetricsError(f"{name}: cannot decode the text as UTF-8 or GBK/GB18030")


def _iso_date(text: str | None) -> str | None:
    """The first plausible calendar date in a metadata value, as YYYY-MM-DD."""
    match = _DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _html_document(markup: str) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    metas = {}
    for meta in soup.find_all("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta["content"].strip()
    title = metas.get("og:title") or (soup.title.get_text(" ", strip=True) if soup.title else "")
    published = next((d for key in _DATE_META if (d := _iso_date(metas.get(key)))), None)
    if published is None and (stamp := soup.find("time", attrs={"datetime": True})):
        published = _iso_date(stamp["datetime"])
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "title"]):
        tag.decompose()
    return Document(soup.get_text("\n"), " ".join(title.split()) or None, published)


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise ZonemetricsError(f"{name}: not a readable PDF: {exc}") from exc


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def document_from_bytes(name: str, data: bytes, kind: str, charset: str | None = None) -> Document:
    """Plain text (and, for HTML, title and publication date) of a text's bytes; `name`
    (a file or a URL) is what an error names."""
    if kind == "pdf":
        document = Document(_pdf_text(name, data))
    elif kind == "html":
        document = _html_document(_decode(name, data, charset))
    else:
        document = Document(_decode(name, data, charset))
    tidy = _tidy(document.text)
    if not tidy:
        raise ZonemetricsError(f"{name}: the text is empty")
    return Document(tidy, document.title, document.published)


def read_document(path: str | Path) -> Document:
    """A .txt, .html or .pdf file as a Document."""
    target = Path(path)
    if not target.is_file():
        raise ZonemetricsError(f"{target}: no such file")
    kind = kind_of_suffix(target.suffix)
    if kind is None:
        raise ZonemetricsError(
            f"{target}: unsupported text type '{target.suffix}' (use .txt, .html or .pdf)"
        )
    return document_from_bytes(str(target), target.read_bytes(), kind)


def read_text(path: str | Path) -> str:
    """The plain text of a .txt, .html or .pdf file, paragraphs kept."""
    return read_document(path).text
