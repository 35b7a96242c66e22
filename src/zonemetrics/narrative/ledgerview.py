"""The ledger as seen by a checker: every table, less the observations of the text's
own sources.

A text's figures are often in the ledger already, sourced to the text itself (the
founding report's are). Checking the text against them would be circular, so evidence
is computed on this view: derived values, rankings and threshold crossings then use
independent observations only, through the same Ibis code as everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from zonemetrics.store.connection import Tables

if TYPE_CHECKING:
    import ibis


class WithoutSources:
    """A `Tables` whose observations exclude the given sources."""

    def __init__(self, tables: Tables, excluded: Iterable[str]) -> None:
        self._tables = tables
        self.excluded = sorted(set(excluded))

    def table(self, name: str) -> ibis.Table:
        table = self._tables.table(name)
        if name == "observations" and self.excluded:
            return table.filter(~table.source_id.isin(self.excluded))
        return table
