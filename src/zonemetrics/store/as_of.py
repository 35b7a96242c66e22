"""The ledger as it stood at a past moment: `show --as-of DATE`.

Nothing in the ledger is overwritten: a revised figure is a new row with a later
vintage (the time of the ingest that brought it), and the reconciliation policy makes
the latest vintage current. So what the ledger said at a moment is the same policy run
over the rows whose vintage is not later than that moment. `LedgerAsOf` hands out the
store's tables with that filter, and every read expression (show, derive, rank) takes
it in place of the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store

if TYPE_CHECKING:
    import ibis

# tables whose rows carry a vintage: what the ledger held is filtered on it
VINTAGED_TABLES = ("observations", "sources")


def parse_moment(text: str) -> datetime:
    """A date (the end of that day) or a date and time, in UTC as vintages are kept.

    A bare date means "what the ledger said on that date", so everything ingested up
    to the end of that day counts.
    """
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day + timedelta(days=1), time()) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ZonemetricsError(
            f"--as-of '{text}' is not a date (2024-03-31) or a date and time "
            "(2024-03-31T12:00:00, UTC)"
        ) from exc
    if moment.tzinfo is not None:
        from datetime import UTC

        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


class LedgerAsOf:
    """The store's tables as they stood at `moment` (naive UTC, like vintages)."""

    def __init__(self, store: Store, moment: datetime):
        self.store = store
        self.moment = moment
        self._tag = moment.strftime("%Y%m%d%H%M%S%f")

    def table(self, name: str) -> ibis.Table:
        import ibis

        table = self.store.table(name)
        if name in VINTAGED_TABLES:
            table = table.filter(table.vintage <= ibis.literal(self.moment))
        return table

    def memo(self, key: str, build: Callable[[], ibis.Table]) -> ibis.Table:
        return self.store.memo(f"{key}_asof_{self._tag}", build)

    def __getattr__(self, name: str) -> Any:
        # plain lookups that do not depend on time (zone names and aliases, meta)
        return getattr(self.store, name)
