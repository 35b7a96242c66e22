"""One read-only store behind the app, shared safely by the server's threads.

A DuckDB connection must not be used by two threads at once and the app serves requests
from a thread pool, so every read goes through one lock. The store is read-only while
the app runs, so an answer computed once is kept (keyed by the call and its arguments):
after the first request for a page, serving it costs no query at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store, open_store

T = TypeVar("T")


def open_read_only(path: Path) -> Store:
    """Open an existing store for reading only: never creates, migrates or locks it, so
    other readers (and the CLI) can use it while the app runs."""
    return open_store(path, create=False, read_only=True)


class Service:
    """The store, its lock and the answers already computed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._answers: dict[tuple, Any] = {}

    def cached(self, key: tuple, compute: Callable[[Store], T]) -> T:
        """The answer for `key`, computed under the lock the first time it is asked.

        Errors are not kept: a bad request costs its query each time, a good one once.
        """
        if key in self._answers:
            return self._answers[key]
        with self._lock:
            if key not in self._answers:
                self._answers[key] = compute(self.store)
            return self._answers[key]

    def kept(self, key: tuple) -> Any:
        """The answer for `key` if it was computed already, else None (no lock needed:
        answers are only ever added)."""
        return self._answers.get(key)

    def run(self, compute: Callable[[Store], T]) -> T:
        """Compute without keeping the answer (for texts a user posts)."""
        with self._lock:
            return compute(self.store)

    def close(self) -> None:
        self.store.close()


def check_known(value: str, known: list[str], what: str) -> str:
    if value not in known:
        raise ZonemetricsError(f"unknown {what} '{value}'")
    return value
