"""A table's data rows as Arrow batches of text cells, for validation in the database.

Looking at a million rows one by one in Python costs seconds before any check is made,
so a plain UTF-8 CSV is parsed by Arrow's C++ reader, block by block (memory follows
the block, not the file). Every other file (XLSX, Parquet, other encodings, or a CSV
Arrow cannot parse row for row as Python's csv module does: blank lines, ragged rows)
goes through the row reader, whose cells are the same text and whose errors name the
row; its rows are gathered into batches of the same shape.

Either way a batch holds `row_number` (the row in the file, the header being row 1)
and one text column per column of the table kind (empty when the file lacks it),
each cell stripped as the row reader strips it; blank rows are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from zonemetrics.ingest.limits import MAX_TABLE_ROWS, check_row_count
from zonemetrics.ingest.readers import RawTable

#: rows gathered from the row reader before they are handed over as one batch
ROW_BATCH = 20_000
#: bytes of CSV Arrow parses at a time
ARROW_BLOCK = 1 << 20


class NotColumnar(Exception):
    """Arrow cannot read this file row for row as the row reader does."""


def text_batches(raw: RawTable, columns: list[str], wanted: tuple[str, ...]) -> Iterator[pa.Table]:
    """Batches of `row_number` and the `wanted` columns; `columns` are the canonical
    names of the file's header cells, in order."""
    if _arrow_can_read(raw, columns):
        try:
            yield from _arrow_batches(raw, columns, wanted)
            return
        except NotColumnar:
            pass
        yield _restart()
    yield from _row_batches(raw, columns, wanted)


_RESTART = pa.table({"row_number": pa.array([], pa.int64())})


def _restart() -> pa.Table:
    """A sentinel batch telling the consumer to drop what it staged and start again
    from the row reader (Arrow met a row it reads differently)."""
    return _RESTART


def is_restart(batch: pa.Table) -> bool:
    return batch is _RESTART


def _arrow_can_read(raw: RawTable, columns: list[str]) -> bool:
    """A UTF-8 CSV whose header is one plain line and names every column."""
    if raw.delimiter is None or raw.encoding not in ("utf-8-sig", "utf-8", "utf8"):
        return False
    if not all(columns):
        return False  # a cell under an empty header cell is an error the row reader names
    with raw.path.open("rb") as handle:
        first_line = handle.readline(1 << 20)
    return b'"' not in first_line and first_line.count(raw.delimiter.encode()) + 1 == len(columns)


def _arrow_batches(
    raw: RawTable, columns: list[str], wanted: tuple[str, ...]
) -> Iterator[pa.Table]:
    import pyarrow.csv as csv

    names = [f"c{i}" for i in range(len(columns))]
    try:
        reader = csv.open_csv(
            raw.path,
            read_options=csv.ReadOptions(
                column_names=names, skip_rows=1, block_size=ARROW_BLOCK, use_threads=True
            ),
            parse_options=csv.ParseOptions(
                delimiter=raw.delimiter or ",",
                newlines_in_values=True,
                # a blank line is a row to Python's csv module (it counts in the row
                # numbers); Arrow would drop it, so such a file goes to the row reader
                ignore_empty_lines=False,
            ),
            convert_options=csv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise NotColumnar(str(exc)) from exc
    position = {column: i for i, column in enumerate(columns)}
    first_row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, OSError) as exc:
            raise NotColumnar(str(exc)) from exc
        count = batch.num_rows
        numbers = pa.array(range(first_row, first_row + count), pa.int64())
        first_row += count
        if first_row - 2 > MAX_TABLE_ROWS:
            check_row_count(raw.path, first_row - 2)
        cells = {
            column: pc.utf8_trim_whitespace(batch.column(position[column]))
            if column in position
            else pa.nulls(count, pa.string()).fill_null("")
            for column in wanted
        }
        yield _without_blank_rows(numbers, cells, [cells[c] for c in wanted if c in position])


def _without_blank_rows(
    numbers: pa.Array, cells: dict[str, pa.Array], present: list[pa.Array]
) -> pa.Table:
    table = pa.table({"row_number": numbers, **cells})
    if not present:
        return table
    filled = pc.not_equal(present[0], "")
    for column in present[1:]:
        filled = pc.or_(filled, pc.not_equal(column, ""))
    return table if pc.all(filled).as_py() else table.filter(filled)


def _row_batches(raw: RawTable, columns: list[str], wanted: tuple[str, ...]) -> Iterator[pa.Table]:
    """The row reader's rows (already stripped and padded), gathered into batches."""
    position = [(column, columns.index(column)) for column in wanted if column in columns]
    numbers: list[int] = []
    gathered: dict[str, list[str]] = {column: [] for column, _ in position}

    def flush() -> pa.Table:
        count = len(numbers)
        cells = {
            column: pa.array(gathered[column], pa.string())
            if column in gathered
            else pa.nulls(count, pa.string()).fill_null("")
            for column in wanted
        }
        table = pa.table({"row_number": pa.array(numbers, pa.int64()), **cells})
        numbers.clear()
        for values in gathered.values():
            values.clear()
        return table

    for number, cells in enumerate(raw.rows(), start=2):
        if not any(cells):
            continue
        numbers.append(number)
        for column, index in position:
            gathered[column].append(cells[index])
        if len(numbers) >= ROW_BATCH:
            yield flush()
    if numbers:
        yield flush()
