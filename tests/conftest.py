"""Shared fixtures: small real fixtures, the bundled store, ../shared when present, and
one connection per compute engine.

Every engine-facing test takes `backend` and so runs on DuckDB, on Spark in local mode
(one SparkSession for the session: the JVM start is the slow part) and on PostgreSQL
when ZONEMETRICS_TEST_POSTGRES names a reachable server. An engine that cannot run here
is skipped with the reason, never silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest

from zonemetrics.bundle import load_bundle
from zonemetrics.engines import connect_backend, unavailable_reason
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.store.connection import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


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
    """A store built from the bundled data, shared by the read-only tests."""
    store = open_store(tmp_path_factory.mktemp("bundle") / "bundle.duckdb")
    load_bundle(store)
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


@pytest.fixture(scope="session", params=["duckdb", "pyspark", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[ibis.BaseBackend]:
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
