"""Writing validated observations through a staging table, checks done in the database.

Python validates each row on its own (units, values, names); everything that compares
rows — a figure given twice in one file with different values, a figure the store
already holds in its current vintage, the plausibility rules that look at provinces,
peers and the zone's own series — is one SQL statement over the staged rows and the
ledger. The store's observations are never loaded into Python, so the memory an
ingest takes follows the file's chunk size, not the size of the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.store.connection import Store

#: what one source states for one figure: a second value for it is a new vintage
IDENTITY = ("zone_id", "indicator", "measure", "peer_set", "period", "caliber", "source_id")

STAGED_SCHEMA = pa.schema(
    [
        ("row_number", pa.int64()),
        ("zone_id", pa.string()),
        ("indicator", pa.string()),
        ("measure", pa.string()),
        ("peer_set", pa.string()),
        ("period", pa.string()),
        ("period_kind", pa.string()),
        ("period_start_year", pa.int32()),
        ("period_end_year", pa.int32()),
        ("value", pa.float64()),
        ("value_high", pa.float64()),
        ("qualifier", pa.string()),
        ("inclusive", pa.bool_()),
        ("rounding", pa.float64()),
        ("unit", pa.string()),
        ("unit_text", pa.string()),
        ("original_text", pa.string()),
        ("caliber", pa.string()),
        ("status", pa.string()),
        ("source_id", pa.string()),
        ("note", pa.string()),
        ("content_key", pa.string()),
    ]
)
_COLUMNS = [name for name in STAGED_SCHEMA.names if name != "row_number"]
_STAGED = "_zm_staged"
_NEW = _STAGED  # after _keep_new_rows, the staged table holds only the new rows
#: DuckDB's memory while a file is staged and checked: past it, the temporary tables
#: spill to disk instead of growing the process (at 512 MB a million-row ingest peaked
#: at 1,070 MB, at 384 MB at 921 MB)
STAGING_MEMORY = "384MB"
#: the least memory given to a small file's ingest (its checks still scan the store)
STAGING_MEMORY_FLOOR_MB = 128


def staging_memory(file_bytes: int) -> str:
    """DuckDB's memory limit for staging a file of this size.

    The staged tables take a few times the file's size, so a large file gets the full
    STAGING_MEMORY. A small file gets less: DuckDB keeps the blocks it reads from the
    store (the checks against the ledger scan it) cached up to its limit, which made a
    one-row ingest into a million-row store take as much memory as a large file."""
    wanted = STAGING_MEMORY_FLOOR_MB + 8 * file_bytes // 2**20
    return f"{min(wanted, int(STAGING_MEMORY.removesuffix('MB')))}MB"


MAX_REPORTED = 50


@dataclass
class ObservationsOutcome:
    ingest_id: int | None
    added: int
    skipped: int


def _stage(store: Store, chunk: list[dict[str, Any]]) -> None:
    rows = [dict(r, row_number=r.get("row_number", i + 1)) for i, r in enumerate(chunk)]
    batch = pa.Table.from_pylist(rows, schema=STAGED_SCHEMA)
    store.raw.register("_zm_batch", batch)
    try:
        store.raw.execute(f"INSERT INTO {_STAGED} SELECT * FROM _zm_batch")
    finally:
        store.raw.unregister("_zm_batch")


def _identity_repeats(store: Store) -> bool:
    """Whether any figure is given twice in the staged rows (one hash aggregate; the
    common case, no repeat, then needs neither of the sorting queries below)."""
    return bool(
        store.sql(
            f"SELECT count(*) FROM (SELECT 1 FROM {_STAGED} GROUP BY {', '.join(IDENTITY)} "
            "HAVING count(*) > 1 LIMIT 1)"
        )[0][0]
    )


def conflicting_duplicates(store: Store, file: str) -> list[IngestProblem]:
    """Rows that give a figure already given earlier in the file with another value."""
    if not _identity_repeats(store):
        return []
    identity = ", ".join(IDENTITY)
    found = store.sql(
        f"""
        WITH firsts AS (
            SELECT {identity}, min(row_number) AS first_row,
                   arg_min(content_key, row_number) AS first_key
            FROM {_STAGED} GROUP BY ALL HAVING count(DISTINCT content_key) > 1
        )
        SELECT s.row_number, f.first_row FROM {_STAGED} s JOIN firsts f USING ({identity})
        WHERE s.content_key <> f.first_key ORDER BY s.row_number LIMIT {MAX_REPORTED}
        """
    )
    return [
        IngestProblem(
            file,
            row,
            "value",
            f"duplicate of row {first} (same zone, indicator, period, caliber and source) "
            "with a different value",
        )
        for row, first in found
    ]


def _keep_new_rows(store: Store) -> int:
    """Drop from the staged rows those the store holds as their figure's current vintage
    (and all but the first of rows repeated within the file); going back to an earlier
    value is a new vintage, not a no-op. Deleting in place, not copying, keeps the
    staged rows in memory once. Returns how many rows were dropped."""
    identity = ", ".join(IDENTITY)
    before = store.sql(f"SELECT count(*) FROM {_STAGED}")[0][0]
    if _identity_repeats(store):
        store.raw.execute(
            f"""
            DELETE FROM {_STAGED} WHERE row_number IN (
                SELECT row_number FROM {_STAGED}
                QUALIFY row_number() OVER (PARTITION BY {identity} ORDER BY row_number) > 1
            )
            """
        )
    store.raw.execute(
        f"""
        DELETE FROM {_STAGED} WHERE content_key IN (
            SELECT content_key FROM (
                SELECT o.content_key,
                       row_number() OVER (
                           PARTITION BY {", ".join(f"o.{c}" for c in IDENTITY)}
                           ORDER BY o.vintage DESC, o.obs_id DESC
                       ) AS rv
                FROM observations o SEMI JOIN {_STAGED} n USING ({identity})
            ) WHERE rv = 1
        )
        """
    )
    return before - store.sql(f"SELECT count(*) FROM {_STAGED}")[0][0]


def write_observations(
    store: Store,
    chunks: Iterable[list[dict[str, Any]]],
    label: str,
    *,
    digest: str,
    rows_read: int | Callable[[], int],
    on_progress: Callable[[str, int, int], None] | None = None,
    also: Callable[[int], None] | None = None,
    accept_outliers: bool = False,
    problems: list[IngestProblem] | None = None,
    fill: Callable[[str], list[IngestProblem]] | None = None,
    memory_limit: str = STAGING_MEMORY,
) -> ObservationsOutcome:
    """Stage, check and insert observations in one transaction: all or none.

    `problems` collects what the Python validators found while `chunks` is consumed;
    `fill(table)`, when given, instead fills the staged table itself (the columnar
    path, ingest.columnar) and returns its problems. Any problem (theirs or the
    database's) rolls everything back and raises."""
    problems = problems if problems is not None else []
    # DuckDB's own progress bar would print into the user's terminal (or a pipe) beside
    # ours; the ingest reports its progress through on_progress instead
    store.raw.execute("SET enable_progress_bar = false")
    limit = store.sql("SELECT current_setting('memory_limit')")[0][0]
    store.raw.execute(f"SET memory_limit = '{memory_limit}'")
    try:
        return _write_observations(
            store, chunks, label, digest, rows_read, on_progress, also, accept_outliers,
            problems, fill,
        )  # fmt: skip
    finally:
        store.raw.execute(f"SET memory_limit = '{limit}'")


def _write_observations(
    store: Store,
    chunks: Iterable[list[dict[str, Any]]],
    label: str,
    digest: str,
    rows_read: int | Callable[[], int],
    on_progress: Callable[[str, int, int], None] | None,
    also: Callable[[int], None] | None,
    accept_outliers: bool,
    problems: list[IngestProblem],
    fill: Callable[[str], list[IngestProblem]] | None,
) -> ObservationsOutcome:
    from zonemetrics.ingest.plausibility import check_staged, record_flags

    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        columns = ", ".join(f"{f.name} {_duck_type(f.type)}" for f in STAGED_SCHEMA)
        store.raw.execute(f"CREATE TEMP TABLE {_STAGED} ({columns})")
        staged = 0
        if fill is not None:
            problems += fill(_STAGED)
        for chunk in chunks:
            if chunk and not problems:
                _stage(store, chunk)
                staged += len(chunk)
                if on_progress is not None:
                    on_progress(label, staged, staged)
        if not problems:
            problems += conflicting_duplicates(store, label)
        if problems:
            raise IngestError(problems[:MAX_REPORTED])
        skipped = _keep_new_rows(store)
        added = store.sql(f"SELECT count(*) FROM {_NEW}")[0][0]
        flags = check_staged(store, _NEW, label)
        if flags and not accept_outliers:
            raise IngestError([flag.problem(label) for flag in flags][:MAX_REPORTED])
        ingest_id = None
        if added or also is not None:
            ingest_id = store.sql("SELECT nextval('ingest_id_seq')")[0][0]
        if added:
            store.raw.execute(
                f"INSERT INTO observations (obs_id, {', '.join(_COLUMNS)}, ingest_id, "
                f"vintage) SELECT nextval('obs_id_seq'), {', '.join(_COLUMNS)}, ?, ? "
                f"FROM (SELECT * FROM {_NEW} ORDER BY row_number)",
                [ingest_id, now],
            )
            record_flags(store, flags, ingest_id, now)
            count = rows_read() if callable(rows_read) else rows_read
            store.raw.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?)",
                [ingest_id, label, digest, "observations", count, added, now],
            )
        if also is not None:
            also(ingest_id)
        store.raw.execute(f"DROP TABLE IF EXISTS {_STAGED}")
    return ObservationsOutcome(ingest_id, added, skipped)


def _duck_type(arrow_type: pa.DataType) -> str:
    return {
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.float64(): "DOUBLE",
        pa.bool_(): "BOOLEAN",
    }.get(arrow_type, "VARCHAR")
