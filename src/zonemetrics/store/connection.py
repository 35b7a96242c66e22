"""Opening a store: where it lives, its schema version, read-only or with the write lock.

Reads go through Ibis so that the same expressions can later run on Spark or
PostgreSQL; writes go through DuckDB's own connection because they need explicit
transactions (all-or-nothing per ingested file). The Ibis backend is built on first
use over that same connection: importing Ibis costs about a second, and the light
commands (`zones`, `sources`) answer with plain SQL before it would have loaded.

DuckDB lets one process write a file, or any number of processes read it, never both.
A command that only reads opens the file read-only (so it also works on a chmod 444
file or a read-only mount, beside other readers); a command that writes takes the lock.
Either waits, with backoff, while another process holds a conflicting lock, up to a
timeout, instead of failing at once.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import platformdirs

from zonemetrics.errors import StoreError
from zonemetrics.store.schema import (
    LEDGER_MARKER,
    LEDGER_MARKER_KEY,
    LEDGER_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    import duckdb
    import ibis

STORE_ENV = "ZONEMETRICS_STORE"
LOCK_TIMEOUT_ENV = "ZONEMETRICS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0


class Tables(Protocol):
    """Anything that hands out the ledger's tables as Ibis tables: a Store, or the same
    tables pushed to Spark or PostgreSQL. Every read expression takes one of these, so
    the engine is a parameter."""

    def table(self, name: str) -> ibis.Table: ...


def default_store_path() -> Path:
    """The store used when neither --store nor ZONEMETRICS_STORE says otherwise."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("zonemetrics")) / "ledger.duckdb"


def lock_timeout() -> float:
    """Seconds a command waits for another process's lock (ZONEMETRICS_LOCK_TIMEOUT)."""
    text = os.environ.get(LOCK_TIMEOUT_ENV)
    try:
        return float(text) if text else DEFAULT_LOCK_TIMEOUT
    except ValueError as exc:
        raise StoreError(f"{LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds") from exc


@dataclass
class Store:
    """An open ledger: DuckDB's connection for writing, an Ibis backend for reading."""

    path: Path
    raw: duckdb.DuckDBPyConnection
    read_only: bool = False
    _backend: ibis.BaseBackend | None = field(default=None, repr=False)
    _memo: dict[str, ibis.Table | None] = field(default_factory=dict, repr=False)
    #: where the SQL compiled for this store's schema is kept (store.compiled)
    kept_sql_file: Path | None = field(default=None, repr=False)

    @property
    def ibis(self) -> ibis.BaseBackend:
        """The Ibis backend over this store's connection, built on first use."""
        if self._backend is None:
            import ibis

            self._backend = ibis.duckdb.from_connection(self.raw)
        return self._backend

    def table(self, name: str) -> ibis.Table:
        return self.ibis.table(name)

    def sql(self, query: str, params: list | None = None) -> list[tuple]:
        return self._execute(query, params).fetchall()

    def records(self, query: str, params: list | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name, for the plain-SQL read paths."""
        cursor = self._execute(query, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _execute(self, query: str, params: list | None) -> duckdb.DuckDBPyConnection:
        """Run a query; plain parameters are written into it as SQL literals.

        DuckDB's Python client imports pandas and NumPy (a second on this machine) the
        first time it binds any parameter, to check for their types; the light read
        commands (`zones`, `show`, `rank`) would pay that for a string. Strings,
        integers, booleans and None have exact literals, so they are inlined; any other
        value is bound as usual.
        """
        inlined = inline_parameters(query, params) if params else query
        if inlined is None:
            return self.raw.execute(query, params)
        return self.raw.execute(inlined)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; this command cannot write")
        self.forget()
        self.raw.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")

    def memo(self, key: str, build: Callable[[], ibis.Table]) -> ibis.Table:
        """An expression evaluated once into a temporary table, until the ledger changes.

        The reconciliation policy is the base of every read; evaluating it once per
        session instead of once per query makes `show` and `rank` interactive. Temporary
        tables live in DuckDB's in-memory temp catalog, so this works read-only too.
        The compiled SQL is kept (store.compiled), so that a later process creates the
        table without building or compiling the expression again.
        """
        if key not in self._memo:
            from zonemetrics.store.compiled import keep_sql

            sql = str(self.ibis.compile(build()))
            self.create_memo(key, sql)
            keep_sql(self, f"memo:{key}", sql)
        table = self._memo[key]
        if table is None:  # created from kept SQL: the Ibis table is made when asked for
            table = self._memo[key] = self.ibis.table(f"_zm_memo_{key}")
        return table

    def has_memo(self, key: str) -> bool:
        return key in self._memo

    def create_memo(self, key: str, sql: str) -> None:
        """The memo table `key` from its SQL."""
        self.raw.execute(f"CREATE OR REPLACE TEMP TABLE _zm_memo_{key} AS {sql}")
        self._memo[key] = None

    def forget(self) -> None:
        """Drop memoised results: called before every write."""
        for key in list(self._memo):
            self.raw.execute(f"DROP TABLE IF EXISTS _zm_memo_{key}")
            del self._memo[key]

    def schema_version(self) -> int:
        rows = self.sql("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else 0

    def meta(self, key: str) -> str | None:
        rows = self.sql("SELECT value FROM meta WHERE key = ?", [key])
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.raw.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def fingerprint(self) -> dict[str, tuple[int, str]]:
        """Row count and a content checksum of every ledger table.

        Used to prove that a rejected ingest left the store exactly as it was.
        """
        result: dict[str, tuple[int, str]] = {}
        for name in LEDGER_TABLES:
            rows = self.sql(f"SELECT * FROM {name} ORDER BY ALL")
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            result[name] = (len(rows), digest)
        return result

    def close(self) -> None:
        self._memo.clear()
        self.raw.close()


def sql_literal(value: Any) -> str | None:
    """The exact SQL literal of a string, integer, boolean or None; None for any other
    value (a float's or a date's literal would change its type or precision)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None


def inline_parameters(query: str, params: list) -> str | None:
    """`query` with each `?` placeholder (outside quoted text) replaced by the literal
    of its parameter; None when a parameter has no exact literal or the counts differ."""
    literals = [sql_literal(value) for value in params]
    if any(literal is None for literal in literals):
        return None
    out: list[str] = []
    quote: str | None = None
    used = 0
    for char in query:
        if quote is not None:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            if used == len(literals):
                return None
            out.append(literals[used])  # type: ignore[arg-type]
            used += 1
            continue
        out.append(char)
    return "".join(out) if used == len(literals) else None


def _user_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {row[0] for row in rows}


def _schema_state(store: Store) -> int:
    """The store's schema version: 0 for a new, empty database file.

    A file that holds tables but not the ledger's marker belongs to something else (a
    DuckDB file of the user's own, perhaps with its own `sources` table): it is refused,
    never extended with the ledger's tables. Stores written before the marker existed
    are recognised by their `meta` row `schema_version`.
    """
    tables = _user_tables(store.raw)
    if not tables:
        return 0
    if "meta" in tables:
        import duckdb

        try:
            marker = store.meta(LEDGER_MARKER_KEY)
            version = store.schema_version()
        except (duckdb.Error, ValueError):  # a `meta` table of another shape
            marker, version = None, 0
        if marker == LEDGER_MARKER or (marker is None and version > 0):
            return version
    raise StoreError(
        f"{store.path}: not a zonemetrics store (it holds other tables: "
        f"{', '.join(sorted(tables)[:5])}); choose another --store"
    )


def _migrate(store: Store) -> None:
    current = _schema_state(store)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{store.path}: store schema version {current} is newer than this "
            f"zonemetrics understands ({SCHEMA_VERSION}); upgrade zonemetrics"
        )
    if current == SCHEMA_VERSION:
        return
    if store.read_only:
        raise _NeedsUpgrade(current)
    with store.transaction():
        for number in range(current + 1, SCHEMA_VERSION + 1):
            store.raw.execute(MIGRATIONS[number - 1])
        store.set_meta("schema_version", str(SCHEMA_VERSION))
        store.set_meta(LEDGER_MARKER_KEY, LEDGER_MARKER)


class _NeedsUpgrade(Exception):
    """A read-only open found an older schema: the caller upgrades with the write lock."""

    def __init__(self, version: int):
        self.version = version


def _is_lock_conflict(exc: Exception) -> bool:
    """DuckDB reports another process's lock as an IOException 'Could not set lock'."""
    return "lock" in str(exc).lower() and "conflicting" in str(exc).lower()


def _connect(
    target: Path,
    read_only: bool,
    timeout: float,
    on_wait: Callable[[str], None] | None,
) -> duckdb.DuckDBPyConnection:
    """Connect, retrying with backoff while another process holds a conflicting lock.

    Backoff starts at 50 ms and doubles to 1 s, so a short ingest is waited out within
    a few tens of milliseconds of its end, and a long one costs few retries.
    """
    import duckdb

    deadline = time.monotonic() + timeout
    delay = 0.05
    told = False
    while True:
        try:
            return duckdb.connect(str(target), read_only=read_only)
        except duckdb.ConnectionException as exc:
            # This process already holds the store open for writing (a library user, a
            # test fixture) and DuckDB keeps one database instance per process: a
            # reader shares that instance; the Store stays marked read-only.
            if read_only and "different configuration" in str(exc):
                return duckdb.connect(str(target))
            raise StoreError(f"{target}: cannot open store: {exc}") from exc
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc):
                raise StoreError(f"{target}: cannot open store: {exc}") from exc
            if time.monotonic() + delay > deadline:
                raise StoreError(
                    f"{target}: another zonemetrics process has held the store lock for "
                    f"{timeout:g} s; try again when it has finished (or raise "
                    f"{LOCK_TIMEOUT_ENV})"
                ) from exc
            if on_wait is not None and not told:
                on_wait("waiting for the store lock held by another zonemetrics process...")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def open_store(
    path: str | Path | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Store:
    """Open the ledger at `path` (or the default), migrating it to the current schema.

    With `create` (the default) a missing file becomes a new, empty ledger; without it
    a missing or empty file is an error and nothing is created. `read_only` opens
    without the write lock: any number of readers at once, on a read-only file too.
    `timeout` (seconds; default ZONEMETRICS_LOCK_TIMEOUT or 30) bounds the wait for
    another process's lock; `on_wait` is told once when waiting starts.
    """
    target = Path(path).expanduser() if path else default_store_path()
    missing = not target.exists() or target.stat().st_size == 0
    if missing and (read_only or not create):
        raise StoreError(f"{target}: no store there; give --create to make a new one")
    if missing:
        target.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_timeout() if timeout is None else timeout
    store = Store(path=target, raw=_connect(target, read_only, wait, on_wait), read_only=read_only)
    try:
        _migrate(store)
    except _NeedsUpgrade as old:
        # a reader of a store written by an older zonemetrics upgrades it once, with
        # the write lock (all or nothing, like every migration), then reads it
        store.close()
        try:
            open_store(target, create=False, timeout=wait, on_wait=on_wait).close()
        except StoreError as exc:
            raise StoreError(
                f"{target}: store schema version {old.version} needs upgrading to "
                f"{SCHEMA_VERSION}, which needs write access: {exc}"
            ) from exc
        return open_store(target, create=False, read_only=True, timeout=wait, on_wait=on_wait)
    except BaseException:
        store.close()
        raise
    return store


def open_ledger(path: str | Path | None = None) -> Store:
    """Open a ledger to work with from Python: a new one starts with the bundled data.

    The store at `path` (default: the same store the command line uses) is created on
    first use and filled from the bundle, so the README's example gives answers on a
    fresh machine; the user's own imports then layer on top.
    """
    from zonemetrics.bundle import ensure_store

    return ensure_store(Path(path).expanduser() if path else default_store_path())
