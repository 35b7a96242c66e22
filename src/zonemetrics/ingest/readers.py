"""Reading CSV, XLSX and Parquet files into a header and rows of text cells.

Every cell comes back as text, exactly as written, because the ledger keeps the
source's own wording ('4282.3', '>5') next to the parsed number.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from zonemetrics.errors import IngestError, IngestProblem


@dataclass
class RawTable:
    path: Path
    header: list[str]
    rows: list[list[str]]  # data rows; row i is at file row i + 2 (header is row 1)
    encoding: str | None = None


def _fail(path: Path, reason: str) -> IngestError:
    return IngestError([IngestProblem(str(path), None, None, reason)])


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 first (with or without BOM), then GB18030, which covers GBK and GB2312."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _fail(path, "cannot decode the file as UTF-8 or GBK/GB18030 text")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value).strip()


_FIXED_DECIMALS = re.compile(r"^[#,0]*0\.(0+)(%?)$")
_WHOLE = re.compile(r"^[#,0]*0(%?)$")


def _xlsx_cell_text(value: object, number_format: str | None) -> str:
    """A numeric cell as the spreadsheet shows it: a cell formatted `0.00` holding 4500
    was written 4500.00 (rounded to the hundredth, not to the hundred), and one formatted
    `0.0%` holding 0.052 reads 5.2 (the unit column says %). Other formats (General,
    dates, text) read as their value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _cell_text(value)
    section = (number_format or "General").split(";")[0].replace('"', "").strip()
    if match := _FIXED_DECIMALS.match(section):
        decimals, percent = len(match.group(1)), bool(match.group(2))
    elif match := _WHOLE.match(section):
        decimals, percent = 0, bool(match.group(1))
    else:
        return _cell_text(value)
    shown = value * 100 if percent else value
    return f"{shown:.{decimals}f}"


def read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise _fail(path, "the file is empty")
    text, encoding = _decode(path, data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _fail(path, f"not a readable CSV file: {exc}") from exc
    return _table(path, records, encoding)


def read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheets = [
            (
                sheet.title,
                [
                    [_xlsx_cell_text(c.value, getattr(c, "number_format", None)) for c in row]
                    for row in sheet.iter_rows()
                ],
            )
            for sheet in workbook.worksheets
        ]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(path, f"not a readable XLSX file (truncated or corrupt): {exc}") from exc
    others = [title for title, rows in sheets[1:] if any(any(row) for row in rows)]
    if others:
        raise _fail(
            path,
            f"only the first sheet ('{sheets[0][0]}') is read, but sheet '{others[0]}' holds "
            "data too: put each table in a file of its own",
        )
    return _table(path, sheets[0][1], None)


def read_parquet(path: Path) -> RawTable:
    import pyarrow.parquet as pq

    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError variants
        raise _fail(path, f"not a readable Parquet file: {exc}") from exc
    header = list(table.column_names)
    columns = [table.column(name).to_pylist() for name in header]
    rows = [[_cell_text(col[i]) for col in columns] for i in range(table.num_rows)]
    return _table(path, [header, *rows], None)


def _table(path: Path, records: list[list[str]], encoding: str | None) -> RawTable:
    records = [[_cell_text(cell) for cell in record] for record in records]
    while records and not any(records[-1]):
        records.pop()
    if not records:
        raise _fail(path, "the file is empty")
    header = [name.strip() for name in records[0]]
    width = len(header)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if any(record[width:]):
            raise IngestError(
                [
                    IngestProblem(
                        str(path),
                        number,
                        None,
                        f"the row has {len(record)} cells but the header has {width} columns",
                    )
                ]
            )
        rows.append((record + [""] * width)[:width])
    return RawTable(path, header, rows, encoding)


READERS = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_xlsx,
    ".parquet": read_parquet,
    ".pq": read_parquet,
}


def read_table(path: Path) -> RawTable:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise _fail(path, f"unsupported file type '{path.suffix}' (use .csv, .xlsx or .parquet)")
    if not path.exists():
        raise _fail(path, "no such file")
    return reader(path)
