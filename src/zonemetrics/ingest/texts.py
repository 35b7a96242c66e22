"""Reading texts to harvest figures from: plain text, HTML and PDF.

Statistics bulletins and work reports reach analysts as web pages, PDFs and pasted
text, often in GBK; each is reduced to plain text, paragraph breaks kept, before the
claim grammar reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.limits import MAX_TEXT_BYTES, MAX_TEXT_CHARS, check_file_size

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)


def _decode(path: Path, data: bytes, encoding: str | None = None) -> str:
    """The same rule as for table files: UTF-8, or plainly Chinese GBK, or say which."""
    from zonemetrics.ingest.readers import _decode as decode_table_text

    try:
        return decode_table_text(path, data, encoding)[0]
    except IngestError as error:
        raise ZonemetricsError(str(error.problems[0])) from error


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer"]):
        tag.decompose()
    return soup.get_text("\n")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    encrypted = ZonemetricsError(
        f"{path}: the PDF is encrypted (password-protected): save an unprotected copy, or "
        "the text, and harvest that"
    )
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise encrypted  # an empty user password opens many "protected" PDFs
        pages: list[str] = []
        length = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            length += len(pages[-1])
            if length > MAX_TEXT_CHARS:
                raise _too_long(path)
        return "\n\n".join(pages)
    except (DependencyError, FileNotDecryptedError) as exc:
        raise encrypted from exc
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise ZonemetricsError(f"{path}: not a readable PDF: {exc}") from exc


def _too_long(path: Path) -> ZonemetricsError:
    return ZonemetricsError(
        f"{path}: the text is longer than {MAX_TEXT_CHARS:,} characters (a statistics "
        "bulletin is well under 100,000): split it and harvest the parts"
    )


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    tidy = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", tidy).strip()


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The plain text of a .txt, .html or .pdf file, paragraphs kept.

    The file's size is checked before it is read and the text's length before it is
    parsed (MAX_TEXT_BYTES, MAX_TEXT_CHARS), so a huge input fails at once."""
    target = Path(path)
    if not target.exists():
        raise ZonemetricsError(f"{target}: no such file")
    if target.is_dir():
        raise ZonemetricsError(f"{target}: is a folder, not a file")
    try:
        check_file_size(target, MAX_TEXT_BYTES, "text")
    except IngestError as error:
        raise ZonemetricsError(str(error.problems[0])) from error
    suffix = target.suffix.lower()
    if suffix in PDF_SUFFIXES:
        text = _pdf_text(target)
    elif suffix in HTML_SUFFIXES:
        text = _html_text(_decode(target, target.read_bytes(), encoding))
    elif suffix in TEXT_SUFFIXES or not suffix:
        text = _decode(target, target.read_bytes(), encoding)
    else:
        raise ZonemetricsError(
            f"{target}: unsupported text type '{suffix}' (use .txt, .html or .pdf)"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long(target)
    tidy = _tidy(text)
    if not tidy:
        raise ZonemetricsError(f"{target}: the text is empty")
    return tidy
