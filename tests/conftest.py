"""Shared fixtures: small real fixtures, the bundled store, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.bundle import load_bundle
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
