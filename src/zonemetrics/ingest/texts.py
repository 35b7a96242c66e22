"""Reading texts to harvest figures from: plain text, HTML and PDF.

Statistics bulletins and work reports reach analysts as web pages, PDFs and pasted
text, often in GBK; each is reduced to plain text, paragraph breaks kept, before the
claim grammar reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from zonemetrics.errors import ZonemetricsError

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ZonemetricsError(f"{path}: cannot decode the text as UTF-8 or GBK/GB18030")


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer"]):
        tag.decompose()
    return soup.get_text("\n")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise ZonemetricsError(f"{path}: not a readable PDF: {exc}") from exc


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def read_text(path: str | Path) -> str:
    """The plain text of a .txt, .html or .pdf file, paragraphs kept."""
    target = Path(path)
    if not target.exists():
        raise ZonemetricsError(f"{target}: no such file")
    suffix = target.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text = _pdf_text(target)
    elif suffix in HTML_SUFFIXES:
        text = _html_text(_decode(target, target.read_bytes()))
    elif suffix in TEXT_SUFFIXES or not suffix:
        text = _decode(target, target.read_bytes())
    else:
        raise ZonemetricsError(
            f"{target}: unsupported text type '{suffix}' (use .txt, .html or .pdf)"
        )
    tidy = _tidy(text)
    if not tidy:
        raise ZonemetricsError(f"{target}: the text is empty")
    return tidy
