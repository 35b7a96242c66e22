"""The checker's ledger queries, compiled once and run per text.

Compiling an Ibis expression to SQL costs a few hundred milliseconds; running the SQL
costs a few. The reconciliation policy and the derived indicators are therefore
compiled once (when a `Checker` starts) on a view that excludes a placeholder source,
and each check binds the text's own sources to that placeholder as a query parameter.
The SQL is exactly what `ledger.policy` and `indicators.derive` produce.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.derive import compute
from zonemetrics.ledger.policy import judged_observations
from zonemetrics.narrative.ledgerview import WithoutSources
from zonemetrics.store.connection import Store

PLACEHOLDER = "__zonemetrics_text_source__"
_PLACEHOLDERS = [PLACEHOLDER, PLACEHOLDER + "2"]  # two, so the filter compiles to IN (...)
_BIND = "SELECT UNNEST($1::VARCHAR[])"


def _rows(store: Store, sql: str, excluded: list[str]) -> list[dict[str, Any]]:
    cursor = store.raw.execute(sql, [sorted(excluded) or [PLACEHOLDER]])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


class CompiledQueries:
    """Judged observations and derived indicators, less a bound set of sources."""

    def __init__(self, store: Store, derived_codes: tuple[str, ...]) -> None:
        self.store = store
        view = WithoutSources(store, _PLACEHOLDERS)
        self._judged = self._compile(judged_observations(view))
        self._derived = {code: self._compile(compute(view, code)) for code in derived_codes}
        self.judged([])  # warm the store's pages, so the first check is as fast as the rest

    def _compile(self, expr: Any) -> str:
        sql = str(self.store.ibis.compile(expr))
        quoted = ", ".join(f"'{p}'" for p in _PLACEHOLDERS)
        if quoted not in sql:  # pragma: no cover - would mean the view was not applied
            raise RuntimeError("the source filter is missing from the compiled query")
        return sql.replace(quoted, _BIND)

    def judged(self, excluded: list[str]) -> list[dict[str, Any]]:
        return _rows(self.store, self._judged, excluded)

    def derived(self, code: str, excluded: list[str]) -> list[dict[str, Any]]:
        return _rows(self.store, self._derived[code], excluded)
