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
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.ingest.headers import canonical


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


#: parts of a number format that show text, not digits: quoted or escaped literals,
#: padding (_x), fill (*x), and colour or locale tags ([Red], [$-804])
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_FIXED_DIGITS = re.compile(r"[#,0]*0(?:\.(0+))?")


def shown_number(value: float, number_format: str | None) -> str | None:
    """A number as a spreadsheet cell shows it (Excel rounds halves away from zero), or
    None when its format does not fix the decimals (General, text, dates)."""
    sections = (number_format or "General").split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    bare = _FORMAT_LITERALS.sub("", section).strip()
    percent = "%" in bare
    match = _FIXED_DIGITS.fullmatch(bare.replace("%", "").strip().strip("()-").strip())
    if not match:
        return None
    number = Decimal(repr(float(value))) * (100 if percent else 1)
    places = Decimal(1).scaleb(-len(match.group(1) or ""))
    return f"{number.quantize(places, rounding=ROUND_HALF_UP):f}"


def _xlsx_cell_text(value: object, number_format: str | None) -> str:
    """A value cell as the spreadsheet shows it: formatted `0.00`, 4500 was written
    4500.00 (rounded to the hundredth, not to the hundred); formatted `0.0%`, 0.052 reads
    5.2 (the row's unit says %). Cells in General, text or date formats read as their
    value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _cell_text(value)
    shown = shown_number(value, number_format)
    return shown if shown is not None else _cell_text(value)


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


def _sheet_rows(sheet) -> list[list[str]]:
    """A sheet's rows as text; the value column as the spreadsheet shows it, every other
    column (a year typed 2023 in a cell formatted 0.00 included) as its value."""
    rows = list(sheet.iter_rows())
    header = [_cell_text(c.value) for c in rows[0]] if rows else []
    value_columns = {i for i, name in enumerate(header) if canonical(name) == "value"}
    return [
        [
            _xlsx_cell_text(c.value, getattr(c, "number_format", None))
            if i in value_columns
            else _cell_text(c.value)
            for i, c in enumerate(row)
        ]
        for row in rows
    ]


def read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheets = [(sheet.title, _sheet_rows(sheet)) for sheet in workbook.worksheets]
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
