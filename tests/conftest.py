"""Shared fixtures: small real fixtures, the bundled store, ../shared when present, and
one connection per compute engine.

Every engine-facing test takes `backend` and so runs on DuckDB, on Spark in local mode
(one SparkSession for the session: the JVM start is the slow part) and on PostgreSQL
when ZONEMETRICS_TEST_POSTGRES names a reachable server. An engine that cannot run here
is skipped with the reason, never silently.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest

from zonemetrics.bundle import create_from_bundle
from zonemetrics.engines import connect_backend, unavailable_reason
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.store.connection import Store, open_store

ROOT = Path(__file__).resolve().parent.parent

# one kept bundle store for the whole run (and never the user's own cache folder): every
# test that builds a fresh store, in this process or a subprocess, copies it
os.environ.setdefault(
    "ZONEMETRICS_BUNDLE_CACHE", tempfile.mkdtemp(prefix="zonemetrics-test-bundle-")
)
# pytest-xdist's workers start with COLUMNS=80 and LINES=24 set, and the CLI's Rich
# console fixes its width from them when first imported, so a test asking for a wider
# terminal (CliRunner's env={"COLUMNS": ...}) would be ignored; a plain run sets neither
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _name in ("COLUMNS", "LINES"):
        os.environ.pop(_name, None)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: ../shared beside the repository, or beside the folder of worktrees it is checked out in
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared",
)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared seed data only exists beside the repo")
    return SHARED


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "ledger.duckdb")
    yield store
    store.close()


@pytest.fixture
def tiny_store(empty_store: Store) -> Store:
    """Xiangjiang and Hunan, a few real figures from three sources (one conflict)."""
    _reports, errors = ingest_paths(empty_store, [FIXTURES / "ledger"])
    assert not errors, errors
    return empty_store


@pytest.fixture(scope="session")
def bundle_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store built from the bundled data, shared by the read-only tests.

    Built as every first command builds one (`create_from_bundle`), so the import runs
    once for the whole run: it fills the bundle cache (ZONEMETRICS_BUNDLE_CACHE above) that
    later stores, the CLI's and other pytest workers', start as a copy of."""
    path = tmp_path_factory.mktemp("bundle") / "bundle.duckdb"
    create_from_bundle(path)
    store = open_store(path, create=False)
    yield store
    store.close()


POSTGRES_ENV = "ZONEMETRICS_TEST_POSTGRES"


def _spec(kind: str) -> str:
    if kind != "postgres":
        return kind
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to run the tests on")
    return url


@pytest.fixture(scope="session")
def spark_backend() -> Iterator[ibis.BaseBackend]:
    """This process's one Spark connection (local mode). Every Spark test takes it, directly or
    through `backend`, so the JVM starts once and no test stops the shared session."""
    reason = unavailable_reason("pyspark")
    if reason:
        pytest.skip(f"pyspark tests skipped: {reason}")
    connection = connect_backend("pyspark")
    yield connection
    connection.disconnect()


@pytest.fixture(scope="session", params=["duckdb", "pyspark", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[ibis.BaseBackend]:
    if request.param == "pyspark":
        yield request.getfixturevalue("spark_backend")
        return
    spec = _spec(request.param)
    reason = unavailable_reason(spec)
    if reason:
        pytest.skip(f"{request.param} tests skipped: {reason}")
    connection = connect_backend(spec)
    yield connection
    connection.disconnect()


@pytest.fixture
def bundle_copy(bundle_store: Store, tmp_path: Path) -> Iterator[Store]:
    """A private, writable copy of the bundled store (copied, not rebuilt: fast)."""
    import shutil

    bundle_store.raw.execute("CHECKPOINT")
    target = tmp_path / "bundle_copy.duckdb"
    shutil.copy(bundle_store.path, target)
    store = open_store(target)
    yield store
    store.close()


class LocalPages:
    """A web server on 127.0.0.1 (a random free port) serving pages set by a test.

    `routes[path] = (status, headers, body)`; a `delay` header value (seconds, removed
    before sending) makes the answer slow, and an `omit-length` header sends the body
    without a Content-Length (as a streamed page is). Requests are counted per path and their
    headers kept, so a test can see what the fetcher sent and whether it came back.
    """

    def __init__(self) -> None:
        import threading
        from collections import Counter
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        pages = self
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: Counter[str] = Counter()
        self.request_headers: dict[str, dict[str, str]] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                import contextlib
                import time

                pages.hits[self.path] += 1
                pages.request_headers[self.path] = dict(self.headers)
                status, headers, body = pages.routes.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not found")
                )
                headers = dict(headers)
                delay = float(headers.pop("delay", 0))
                send_length = headers.pop("omit-length", None) is None
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if send_length and "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                time.sleep(delay)
                # the client may give up on purpose (a size or time limit)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalPages]:
    """A local web server, and a private page cache so tests never touch the user's."""
    monkeypatch.setenv("ZONEMETRICS_CACHE_DIR", str(tmp_path / "page-cache"))
    pages = LocalPages()
    yield pages
    pages.close()
