"""Reading and writing the registry's own tables (firms, facts, certifications, chains,
links, chain firms, platforms): one reader and one writer for every such file.

The reader is the ingest path's (CSV in UTF-8 or GBK, XLSX, Parquet), so both loaders
check cells the same way and report rows by the same numbering. The writer skips rows the store
already holds (by the table's key), writes the rest in one transaction and logs the
ingest with the file's digest, so loading a file twice adds nothing and a failure leaves
the store as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.ingest.readers import read_table
from zonemetrics.store.connection import Store

Row = tuple[int, dict[str, str]]  # file row number (header = 1) and its cells by column


def read_rows(path: Path, required: Sequence[str] = ()) -> tuple[str, list[Row]]:
    """The file's name and its rows as trimmed text cells; a missing required column is
    an error naming the file (row 1 is the header)."""
    raw = read_table(Path(path))
    file = str(raw.path)
    header = [h.strip() for h in raw.header]
    missing = [c for c in required if c not in header]
    if missing:
        raise IngestError(
            [IngestProblem(file, 1, column, "missing required column") for column in missing]
        )
    rows = [
        (number, {name: (cell or "").strip() for name, cell in zip(header, cells, strict=True)})
        for number, cells in enumerate(raw.rows(), start=2)
    ]
    return file, rows


def write_new_rows(
    store: Store,
    table: str,
    records: list[dict[str, Any]],
    file: str,
    rows_read: int,
    keys: Sequence[str] = (),
) -> int:
    """Insert the records not held yet (same values in `keys`; no keys: all of them) in one
    transaction, with an `ingests` row naming the file; rows added."""
    if keys:
        held = {tuple(r) for r in store.sql(f"SELECT {', '.join(keys)} FROM {table}")}
        records = [r for r in records if tuple(r[k] for k in keys) not in held]
    if not records:
        return 0
    digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        ingest_id = store.sql("SELECT nextval('ingest_id_seq')")[0][0]
        arrow = pa.Table.from_pylist([dict(r, ingest_id=ingest_id) for r in records])
        store.raw.register("_incoming_registry_rows", arrow)
        try:
            columns = ", ".join(arrow.column_names)
            store.raw.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming_registry_rows"
            )
        finally:
            store.raw.unregister("_incoming_registry_rows")
        store.raw.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?)",
            [ingest_id, file, digest, table, rows_read, len(records), now],
        )
    return len(records)
