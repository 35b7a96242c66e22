"""Opening a store: where it lives, its schema version, and raw access for writes.

Reads go through Ibis so that the same expressions can later run on Spark or
PostgreSQL; writes go through DuckDB's own connection because they need explicit
transactions (all-or-nothing per ingested file).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import ibis
import platformdirs

from zonemetrics.errors import StoreError
from zonemetrics.store.schema import LEDGER_TABLES, MIGRATIONS, SCHEMA_VERSION

STORE_ENV = "ZONEMETRICS_STORE"


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


@dataclass
class Store:
    """An open ledger: an Ibis backend for reading, the DuckDB connection for writing."""

    path: Path
    ibis: ibis.BaseBackend
    _memo: dict[str, ibis.Table] = field(default_factory=dict, repr=False)

    @property
    def raw(self):  # -> duckdb.DuckDBPyConnection
        return self.ibis.con

    def table(self, name: str) -> ibis.Table:
        return self.ibis.table(name)

    def sql(self, query: str, params: list | None = None) -> list[tuple]:
        return self.raw.execute(query, params or []).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all."""
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
        session instead of once per query makes `show` and `rank` interactive.
        """
        if key not in self._memo:
            name = f"_zm_memo_{key}"
            self.ibis.create_table(name, build(), temp=True, overwrite=True)
            self._memo[key] = self.ibis.table(name)
        return self._memo[key]

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
        self.ibis.disconnect()


def _migrate(store: Store) -> None:
    has_meta = store.sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    )[0][0]
    current = store.schema_version() if has_meta else 0
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{store.path}: store schema version {current} is newer than this "
            f"zonemetrics understands ({SCHEMA_VERSION}); upgrade zonemetrics"
        )
    if current == SCHEMA_VERSION:
        return
    with store.transaction():
        for number in range(current + 1, SCHEMA_VERSION + 1):
            store.raw.execute(MIGRATIONS[number - 1])
        store.set_meta("schema_version", str(SCHEMA_VERSION))


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `path` or the default."""
    target = Path(path).expanduser() if path else default_store_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        backend = ibis.duckdb.connect(str(target))
    except Exception as exc:  # duckdb raises its own IOException types
        raise StoreError(f"{target}: cannot open store: {exc}") from exc
    store = Store(path=target, ibis=backend)
    _migrate(store)
    return store
