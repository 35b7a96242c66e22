"""Reading texts to harvest figures from: plain text, HTML and PDF, from files or bytes.

Statistics bulletins and work reports reach analysts as web pages, PDFs and pasted
text, often in GBK; each is reduced to plain text, paragraph breaks kept, before the
claim grammar reads it. A web page also says what it is: its title and, in its
metadata, when it was published; those become the text's source when the user does not
describe it. Sizes and lengths are capped (`limits`) so that a huge input fails at once.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.limits import MAX_TEXT_BYTES, MAX_TEXT_CHARS, check_file_size

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


def _declared(data: bytes, declared: str | None) -> str | None:
    """The encoding a server's header or the page's own <meta charset> names, if Python
    knows it and the bytes decode with it."""
    sniffed = _META_CHARSET.search(data[:4096])
    for name in (declared, sniffed.group(1).decode("ascii") if sniffed else None):
        if not name:
            continue
        try:
            data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return name
    return None


def _decode(
    name: str, data: bytes, encoding: str | None = None, declared: str | None = None
) -> str:
    """The encoding the user gives; else the one the server or the page declares; else
    the rule for table files (UTF-8, or plainly Chinese GBK, or say which)."""
    from zonemetrics.ingest.readers import _decode as decode_table_text

    if encoding is None and (named := _declared(data, declared)):
        return data.decode(named)
    try:
        return decode_table_text(name, data, encoding)[0]  # type: ignore[arg-type]
    except IngestError as error:
        raise ZonemetricsError(str(error.problems[0])) from error


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
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    encrypted = ZonemetricsError(
        f"{name}: the PDF is encrypted (password-protected): save an unprotected copy, or "
        "the text, and harvest that"
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise encrypted  # an empty user password opens many "protected" PDFs
        pages: list[str] = []
        length = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            length += len(pages[-1])
            if length > MAX_TEXT_CHARS:
                raise _too_long(name)
        return "\n\n".join(pages)
    except (DependencyError, FileNotDecryptedError) as exc:
        raise encrypted from exc
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise ZonemetricsError(f"{name}: not a readable PDF: {exc}") from exc


def _too_long(name: str) -> ZonemetricsError:
    return ZonemetricsError(
        f"{name}: the text is longer than {MAX_TEXT_CHARS:,} characters (a statistics "
        "bulletin is well under 100,000): split it and harvest the parts"
    )


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def document_from_bytes(
    name: str,
    data: bytes,
    kind: str,
    charset: str | None = None,
    encoding: str | None = None,
) -> Document:
    """Plain text (and, for HTML, title and publication date) of a text's bytes. `name`
    (a file or a URL) is what an error names; `charset` is what a server declared,
    `encoding` what the user says (it wins)."""
    if kind == "pdf":
        document = Document(_pdf_text(name, data))
    elif kind == "html":
        document = _html_document(_decode(name, data, encoding, charset))
    else:
        document = Document(_decode(name, data, encoding, charset))
    if len(document.text) > MAX_TEXT_CHARS:
        raise _too_long(name)
    tidy = _tidy(document.text)
    if not tidy:
        raise ZonemetricsError(f"{name}: the text is empty")
    return Document(tidy, document.title, document.published)


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """A .txt, .html or .pdf file as a Document.

    The file's size is checked before it is read and the text's length before it is
    parsed (MAX_TEXT_BYTES, MAX_TEXT_CHARS), so a huge input fails at once."""
    target = Path(path)
    if not target.exists():
        raise ZonemetricsError(f"{target}: no such file")
    if target.is_dir():
        raise ZonemetricsError(f"{target}: is a folder, not a file")
    kind = kind_of_suffix(target.suffix)
    if kind is None:
        raise ZonemetricsError(
            f"{target}: unsupported text type '{target.suffix}' (use .txt, .html or .pdf)"
        )
    try:
        check_file_size(target, MAX_TEXT_BYTES, "text")
    except IngestError as error:
        raise ZonemetricsError(str(error.problems[0])) from error
    return document_from_bytes(str(target), target.read_bytes(), kind, encoding=encoding)


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The plain text of a .txt, .html or .pdf file, paragraphs kept."""
    return read_document(path, encoding).text
