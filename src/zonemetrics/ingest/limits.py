"""Size limits checked before a file is read, so hostile input fails fast and small.

A file's size on disk says little about the memory it will take: an XLSX is a zip
archive whose sheets can inflate a thousandfold, and a text fed to the claim grammar
costs time in proportion to its length. Each limit is checked before the expensive
step (decompression, parsing), from metadata only, and each refusal says which limit
was hit and how to get round it (split the file).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from zonemetrics.errors import IngestError, IngestProblem

MB = 1024 * 1024

#: the largest total a spreadsheet may inflate to; an XLSX of a million observation
#: rows is about 150 MB of sheet XML
XLSX_MAX_UNCOMPRESSED = 400 * MB
#: a zip entry that inflates more than this many times and past ENTRY_RATIO_FLOOR is a
#: zip bomb, not a table: even very repetitive sheets compress about 20-50 times
XLSX_MAX_RATIO = 150
ENTRY_RATIO_FLOOR = 8 * MB
#: rows per table file; past this a file should be split (Excel itself stops at 1,048,576)
MAX_TABLE_ROWS = 5_000_000
#: a table file (CSV, Parquet) read for ingest
MAX_TABLE_BYTES = 2048 * MB
#: a text read to harvest figures from (a statistics bulletin is well under 1 MB)
MAX_TEXT_BYTES = 20 * MB
#: characters of extracted text the claim grammar will read in one go
MAX_TEXT_CHARS = 3_000_000


@dataclass(frozen=True)
class Limit:
    """A named cap, so messages and docs state the same figure."""

    what: str
    maximum: int


def _fail(path: Path, reason: str) -> IngestError:
    return IngestError([IngestProblem(str(path), None, None, reason)])


def _size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n:,} bytes"


def check_file_size(path: Path, maximum: int, what: str) -> int:
    """The size of a file, or an error when it exceeds `maximum` (checked before reading)."""
    size = path.stat().st_size
    if size > maximum:
        raise _fail(
            path,
            f"the {what} is {_size_text(size)}, above the limit of {_size_text(maximum)}: "
            "split it into smaller files",
        )
    return size


def check_zip_inflation(
    path: Path,
    max_total: int = XLSX_MAX_UNCOMPRESSED,
    max_ratio: int = XLSX_MAX_RATIO,
) -> None:
    """Refuse an archive whose entries would inflate past the limits, from the zip's own
    directory (sizes are declared there), before a byte is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, f"not a readable XLSX file (truncated or corrupt): {exc}") from exc
    total = sum(entry.file_size for entry in entries)
    if total > max_total:
        raise _fail(
            path,
            f"the workbook inflates to {_size_text(total)}, above the limit of "
            f"{_size_text(max_total)}: split it or save it as CSV",
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > ENTRY_RATIO_FLOOR and ratio > max_ratio:
            raise _fail(
                path,
                f"part '{entry.filename}' inflates {ratio:.0f} times "
                f"({_size_text(entry.compress_size)} to {_size_text(entry.file_size)}), "
                f"above the limit of {max_ratio}: refused as a likely zip bomb",
            )


def check_row_count(path: Path, rows: int, maximum: int = MAX_TABLE_ROWS) -> None:
    if rows > maximum:
        raise _fail(path, f"the file has more than {maximum:,} rows: split it into smaller files")
