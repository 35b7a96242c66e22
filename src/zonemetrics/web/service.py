"""One read-only store behind the app, its answers kept for as long as the store is the same.

Three things make a repeated request cheap and a changed store noticed:

- **answers keyed by the store's state.** The state is the identity, size and
  modification time of the store's file and of its write-ahead log (as
  `zonemetrics.store.result_cache` defines it: DuckDB changes one of them on every
  committed write, a reader never does). Every request compares the state, two `stat`
  calls; when it has changed, every kept answer is dropped and the next request computes
  afresh from the new contents.
- **the connection is let go when idle.** DuckDB lets one process write a file or any
  number read it, never both, so an app that held its read-only connection for its whole
  life would lock every `ingest` out. An app that opened the store itself closes it after
  `idle_release_s` without a new question, and opens it again on the next one; kept
  answers are served without it.
- **expensive answers also kept on disk**, in the result cache the CLI uses (same key:
  the store's state, the question and the code), so a restarted server over an unchanged
  store answers its first index page at once.

A DuckDB connection must not be used by two threads at once and the app serves requests
from a thread pool, so every computation goes through one lock.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store, open_store
from zonemetrics.store.result_cache import _file_state, cached_answer

T = TypeVar("T")
#: seconds without a new question after which an app-opened store is closed again
IDLE_RELEASE_S = 30.0
#: the most bytes of whole responses kept in memory (past it the oldest half is dropped;
#: the questions people ask again are asked again soon)
MAX_KEPT_BYTES = 64 * 1024 * 1024


def open_read_only(path: Path) -> Store:
    """Open an existing store for reading only: never creates, migrates or locks it, so
    other readers (and the CLI) can use it while the app runs."""
    return open_store(path, create=False, read_only=True)


def store_state(path: Path) -> tuple:
    """What changes whenever a write is committed to the store at `path`."""
    resolved = path.resolve()
    wal = resolved.with_name(resolved.name + ".wal")
    return (_file_state(resolved), _file_state(wal))


@dataclass(frozen=True)
class KeptResponse:
    """A whole HTTP response as the app first sent it, to send again unchanged."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class Service:
    """The store (opened on demand), its lock, and the answers of its current state."""

    def __init__(
        self,
        path: Path | None = None,
        store: Store | None = None,
        idle_release_s: float = IDLE_RELEASE_S,
    ) -> None:
        if store is None and path is None:
            raise ZonemetricsError("the web app needs a store path or an open store")
        self.path = Path(store.path if store is not None else path)  # type: ignore[arg-type]
        self._store = store
        # a store handed in belongs to the caller: used as it is, never closed here
        self._owns_store = store is None
        self.idle_release_s = idle_release_s
        self._lock = threading.RLock()
        self._answers: dict[tuple, Any] = {}
        self._responses: dict[tuple, KeptResponse] = {}
        self._response_bytes = 0
        self._state = store_state(self.path)
        self._last_use = time.monotonic()
        self._releaser: threading.Thread | None = None
        self._stale_store = False
        # whole responses are kept from the event loop: their own short lock, never the
        # one a computation holds for seconds
        self._responses_lock = threading.Lock()

    # -- the store's state ---------------------------------------------------------------

    def state(self) -> tuple:
        """The store's current state; kept answers of an older state are dropped first.

        Called on the event loop for every request, so it never waits for the lock a
        long computation holds: the kept answers are replaced by empty ones in one step,
        and the connection of the old state is closed by the next computation."""
        now = store_state(self.path)
        if now != self._state:
            self._answers = {}
            self._responses = {}
            self._response_bytes = 0
            self._state = now
            self._stale_store = True
        return now

    @property
    def store(self) -> Store:
        """The open store, opened now if the app let it go (call with the lock held)."""
        with self._lock:
            self._last_use = time.monotonic()
            if self._stale_store and self._owns_store and self._store is not None:
                # the store changed since this connection opened (a writer came and
                # went): a fresh one reads the new contents and builds the memo anew
                self._store.close()
                self._store = None
            self._stale_store = False
            if self._store is None:
                self._store = open_read_only(self.path)
                self._start_releaser()
            return self._store

    def holds_store(self) -> bool:
        """Whether the app holds a connection now (and so keeps writers waiting)."""
        return self._store is not None

    def _start_releaser(self) -> None:
        if self._releaser is not None and self._releaser.is_alive():
            return
        self._releaser = threading.Thread(
            target=self._release_when_idle, name="zonemetrics-store-release", daemon=True
        )
        self._releaser.start()

    def _release_when_idle(self) -> None:
        """Close an app-opened store once no question came for `idle_release_s`, so a
        writer can take the lock; the thread ends with the connection."""
        while True:
            time.sleep(max(self.idle_release_s / 4, 0.05))
            with self._lock:
                if self._store is None:
                    return
                if time.monotonic() - self._last_use >= self.idle_release_s:
                    self._store.close()
                    self._store = None
                    return

    # -- answers -------------------------------------------------------------------------

    def cached(self, key: tuple, compute: Callable[[Store], T], on_disk: bool = False) -> T:
        """The answer for `key` in the store's current state, computed under the lock the
        first time it is asked. With `on_disk` the answer (plain JSON data) is also kept
        in the result cache, for answers that take seconds and outlive a restart.

        Errors are not kept: a bad request costs its query each time, a good one once.
        An answer computed while the store changed is returned but not kept.
        """
        state = self.state()
        if key in self._answers:
            return self._answers[key]
        with self._lock:
            if key in self._answers:
                return self._answers[key]
            if on_disk:
                answer = cached_answer(
                    self.path, "web", {"key": list(key)}, lambda: compute(self.store)
                )
            else:
                answer = compute(self.store)
            self._last_use = time.monotonic()
            answers = self._answers
            if store_state(self.path) == state == self._state:
                answers[key] = answer
            _settle_heap()
            return answer

    def kept(self, key: tuple) -> Any:
        """The answer for `key` if it was computed in the current state, else None."""
        self.state()
        return self._answers.get(key)

    def run(self, compute: Callable[[Store], T]) -> T:
        """Compute without keeping the answer (for texts a user posts)."""
        self.state()
        with self._lock:
            try:
                return compute(self.store)
            finally:
                self._last_use = time.monotonic()

    # -- whole responses -----------------------------------------------------------------

    def kept_response(self, key: tuple) -> KeptResponse | None:
        self.state()
        return self._responses.get(key)

    def keep_response(self, key: tuple, response: KeptResponse, state: tuple) -> None:
        """Keep a response computed in `state`, unless the store has changed since."""
        with self._responses_lock:
            if state != self._state or key in self._responses:
                return
            if len(response.body) > MAX_KEPT_BYTES // 16:
                return  # a large download is cheaper to rebuild than to crowd out pages
            if self._response_bytes + len(response.body) > MAX_KEPT_BYTES:
                for old in list(self._responses)[: len(self._responses) // 2 + 1]:
                    self._response_bytes -= len(self._responses.pop(old).body)
            self._responses[key] = response
            self._response_bytes += len(response.body)

    def close(self) -> None:
        with self._lock:
            if self._owns_store and self._store is not None:
                self._store.close()
            self._store = None


def _settle_heap() -> None:
    """Collect what a computation left behind and exempt the rest from later collections.

    Computing an answer builds hundreds of thousands of long-lived objects (Ibis
    expressions, kept answers); a full collection walking them all pauses every request
    in flight for a large part of a second, which set the API's p99 latency. Frozen
    objects are not walked again; the cost falls on the miss, which takes seconds anyway.
    """
    gc.collect()
    gc.freeze()


def check_known(value: str, known: list[str], what: str) -> str:
    if value not in known:
        raise ZonemetricsError(f"unknown {what} '{value}'")
    return value
