"""The ledger's tables on another engine (Spark, PostgreSQL), for the same expressions.

Indicators and rankings are Ibis expressions over `tables.table(name)`. On the default
engine that is the DuckDB store itself; for Spark or PostgreSQL the ledger's tables are
pushed there once (they are small next to firm microdata) and the very same expressions
run on that engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonemetrics.store.connection import Store, Tables

if TYPE_CHECKING:  # the engines (and Ibis) load only when another engine is asked for
    import ibis

PUSHED_TABLES = ("observations", "sources", "zones", "zone_aliases", "indicators", "searches")
PREFIX = "zm_"


class BackendTables:
    """A store's ledger tables, registered on another backend under a `zm_` prefix."""

    def __init__(self, store: Store, backend: ibis.BaseBackend):
        from zonemetrics.engines import register_table

        self.backend = backend
        for name in PUSHED_TABLES:
            data = store.raw.sql(f"SELECT * FROM {name}").to_arrow_table()
            register_table(backend, PREFIX + name, data)

    def table(self, name: str) -> ibis.Table:
        return self.backend.table(PREFIX + name)


def tables_on(store: Store, backend_spec: str | None) -> Tables:
    """The store itself for the default engine, or its tables pushed to another one."""
    if backend_spec in (None, "", "duckdb"):
        return store
    from zonemetrics.engines import connect_backend

    return BackendTables(store, connect_backend(backend_spec))
