"""The checker's ledger queries, compiled once and run per text.

Compiling an Ibis expression to SQL costs a few hundred milliseconds; running the SQL
costs a few. The reconciliation policy and the derived indicators are therefore
compiled once (when a `Checker` starts) on a view that excludes a placeholder source,
and each check binds the text's own sources to that placeholder as a query parameter.
The SQL is exactly what `ledger.policy` and `indicators.derive` produce.

A check needs the policy's result once and several derived indicators on top of it.
Compiled separately, each derived query would carry (and DuckDB would run) the whole
policy again; so the policy runs once per set of excluded sources into temporary
tables (judged, then counted: `ledger.policy`'s own memo points), and the derived
queries are compiled to read those tables, as `Store.memo` does for the CLI.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from zonemetrics.indicators.derive import compute
from zonemetrics.ledger.policy import _counted, judged_observations
from zonemetrics.narrative.ledgerview import WithoutSources
from zonemetrics.store.connection import Store

PLACEHOLDER = "__zonemetrics_text_source__"
_PLACEHOLDERS = [PLACEHOLDER, PLACEHOLDER + "2"]  # two, so the filter compiles to IN (...)
_BIND = "SELECT UNNEST($1::VARCHAR[])"


_INSTANCES = itertools.count()  # temporary table names per instance: several may share a store


def _rows(store: Store, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cursor = store.raw.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


class _PolicyTables:
    """The placeholder view, whose policy memo points (judged, counted) are the
    temporary tables a `CompiledQueries` fills: expressions compiled on it read them."""

    def __init__(self, view: WithoutSources, store: Store, names: dict[str, str]) -> None:
        self._view = view
        self._store = store
        self._names = names

    def table(self, name: str) -> Any:
        return self._view.table(name)

    def memo(self, key: str, build: Any) -> Any:
        name = self._names.get(key)
        return build() if name is None else self._store.ibis.table(name)


class CompiledQueries:
    """Judged observations and derived indicators, less a bound set of sources."""

    def __init__(self, store: Store, derived_codes: tuple[str, ...]) -> None:
        self.store = store
        number = next(_INSTANCES)
        self._names = {
            "judged": f"_zm_check_judged_{number}",
            "counted": f"_zm_check_counted_{number}",
        }
        self._lock = threading.Lock()  # one loaded set of excluded sources at a time
        self._loaded: tuple[str, ...] | None = None
        view = WithoutSources(store, _PLACEHOLDERS)
        self._judged = self._kept("judged", lambda: self._compile(judged_observations(view)))
        self._load(())  # the tables must exist to compile on them; warms the store's pages
        policy = _PolicyTables(view, store, {"judged": self._names["judged"]})
        self._counted = self._kept("counted", lambda: self._on_tables(_counted(policy)))
        self._load((), force=True)
        every = _PolicyTables(view, store, self._names)
        # in the order `zonemetrics derive` lists them, and judged rows by observation id:
        # evidence is cited in this order, and an unordered query's order is the
        # engine's accident (it changed when these queries began to read the tables)
        order = ["zone_id", "period", "caliber", "receipt"]
        self._derived = {
            code: self._kept(
                f"derived:{code}",
                lambda code=code: self._on_tables(compute(every, code).order_by(order)),
            )
            for code in derived_codes
        }

    def _kept(self, key: str, compile_sql: Any) -> str:
        """The query's SQL as kept for this version of the code (store.compiled), or
        compiled now and kept: a later `zonemetrics check` starts without Ibis."""
        from zonemetrics.store.compiled import keep_sql, kept_sql

        generic = {name: name.rsplit("_", 1)[0] + "_{instance}" for name in self._names.values()}
        sql = kept_sql(self.store, f"check:{key}")
        if sql is not None:
            for name, pattern in generic.items():
                sql = sql.replace(pattern, name)
            return sql
        sql = compile_sql()
        kept = sql
        for name, pattern in generic.items():
            kept = kept.replace(name, pattern)
        keep_sql(self.store, f"check:{key}", kept)
        return sql

    def _compile(self, expr: Any) -> str:
        sql = str(self.store.ibis.compile(expr))
        quoted = ", ".join(f"'{p}'" for p in _PLACEHOLDERS)
        if quoted not in sql:  # pragma: no cover - would mean the view was not applied
            raise RuntimeError("the source filter is missing from the compiled query")
        return sql.replace(quoted, _BIND)

    def _on_tables(self, expr: Any) -> str:
        """SQL that reads the ledger only through the temporary tables (which hold the
        exclusion already)."""
        sql = str(self.store.ibis.compile(expr))
        if PLACEHOLDER in sql:  # pragma: no cover - would bypass the loaded exclusion
            raise RuntimeError("a derived query reads observations outside the policy")
        return sql

    def _load(self, excluded: tuple[str, ...], force: bool = False) -> None:
        """Run the policy on the ledger less `excluded` into the temporary tables."""
        if self._loaded == excluded and not force:
            return
        raw = self.store.raw
        judged, counted = self._names["judged"], self._names["counted"]
        raw.execute(
            f"CREATE OR REPLACE TEMP TABLE {judged} AS {self._judged}",
            [list(excluded) or [PLACEHOLDER]],
        )
        if hasattr(self, "_counted"):
            raw.execute(f"CREATE OR REPLACE TEMP TABLE {counted} AS {self._counted}")
        self._loaded = excluded

    def judged(self, excluded: list[str]) -> list[dict[str, Any]]:
        with self._lock:
            self._load(tuple(sorted(excluded)))
            return _rows(self.store, f"SELECT * FROM {self._names['judged']} ORDER BY obs_id")

    def derived(self, code: str, excluded: list[str]) -> list[dict[str, Any]]:
        with self._lock:
            self._load(tuple(sorted(excluded)))
            return _rows(self.store, self._derived[code])
