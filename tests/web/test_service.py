"""The app keeps answers while the store is unchanged and notices when it changes.

A real copy of the test store, a real writer in between: the app lets its read-only
connection go when idle, a writer commits, and the next request reads the new contents.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from zonemetrics.store.connection import open_store
from zonemetrics.web.service import Service, store_state


@pytest.fixture
def store_copy(web_store, tmp_path: Path) -> Path:
    """A store of our own to write to (the session's store is shared read-only)."""
    target = tmp_path / "ledger.duckdb"
    shutil.copyfile(web_store.path, target)
    return target


def wait_until_released(service: Service, deadline_s: float = 10) -> None:
    deadline = time.monotonic() + deadline_s
    while service.holds_store():
        assert time.monotonic() < deadline, "the idle store was never let go"
        time.sleep(0.05)


def write_note(path: Path, note: str) -> None:
    writer = open_store(path, create=False)
    try:
        with writer.transaction():
            writer.set_meta("web_test_note", note)
    finally:
        writer.close()


def test_a_kept_answer_is_computed_once_and_recomputed_after_a_write(store_copy):
    service = Service(store_copy, idle_release_s=0.2)
    computed = []

    def note(store):
        computed.append(1)
        return store.meta("web_test_note")

    assert service.cached(("note",), note) is None
    assert service.cached(("note",), note) is None
    assert len(computed) == 1  # the second ask was answered from what was kept

    wait_until_released(service)  # idle: the app no longer blocks a writer
    before = store_state(store_copy)
    write_note(store_copy, "after the write")
    assert store_state(store_copy) != before

    assert service.cached(("note",), note) == "after the write"
    assert len(computed) == 2
    service.close()


def test_whole_responses_are_kept_per_store_state(store_copy):
    from zonemetrics.web.app import create_app

    app = create_app(store_copy)
    service = app.state.service
    service.idle_release_s = 0.2
    with TestClient(app) as client:
        first = client.get("/api/zones/xiangjiang")
        assert first.status_code == 200
        kept = service.kept_response(("/api/zones/xiangjiang", b""))
        assert kept is not None and kept.body == first.content
        assert client.get("/api/zones/xiangjiang").content == first.content
        # an error is never kept: it is asked again each time
        assert client.get("/api/zones/atlantis").status_code == 404
        assert service.kept_response(("/api/zones/atlantis", b"")) is None

        wait_until_released(service)
        write_note(store_copy, "a change")
        assert service.kept_response(("/api/zones/xiangjiang", b"")) is None
        assert client.get("/api/zones/xiangjiang").json() == first.json()
    service.close()


def test_kept_responses_are_served_while_a_long_computation_holds_the_store(store_copy):
    """The event loop sends kept responses and keeps new ones without waiting for the
    lock a computation of many seconds holds (the index's uncertainty runs)."""
    import threading

    from zonemetrics.web.service import KeptResponse

    service = Service(store_copy)
    key = ("/api/zones", b"")
    service.keep_response(key, KeptResponse(200, (), b"[]"), service.state())
    started, release = threading.Event(), threading.Event()

    def slow(store):
        started.set()
        release.wait(30)
        return "done"

    worker = threading.Thread(target=service.cached, args=(("slow",), slow))
    worker.start()
    started.wait(30)
    # both return while the worker still holds the lock (it waits for `release`)
    assert service.kept_response(key).body == b"[]"
    service.keep_response(("/other", b""), KeptResponse(200, (), b"{}"), service.state())
    assert worker.is_alive() and service.kept_response(("/other", b"")) is not None
    release.set()
    worker.join(30)
    assert service.kept(("slow",)) == "done"
    service.close()
