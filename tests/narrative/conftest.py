"""Fixtures for the narrative tests: one checker and one narrator over the bundled data
(building them compiles the ledger queries once, about two seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.narrative.check import Checker
from zonemetrics.narrative.extract import Extractor
from zonemetrics.narrative.gazetteer import Gazetteer
from zonemetrics.narrative.generate import Narrator
from zonemetrics.store.connection import Store


@pytest.fixture(scope="session")
def checker(bundle_store: Store) -> Checker:
    return Checker(bundle_store)


@pytest.fixture(scope="session")
def narrator(bundle_store: Store, checker: Checker) -> Narrator:
    return Narrator(bundle_store)


@pytest.fixture(scope="session")
def extractor(bundle_store: Store) -> Extractor:
    return Extractor(Gazetteer.from_store(bundle_store))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The founding report, read from ../shared (it is not copied into the project)."""
    # ../shared beside the repository, or beside the worktrees' folder
    candidates = [
        parent / "shared" / "seed" / "xiangjiang-new-area-2024-03.txt"
        for parent in Path(__file__).resolve().parents[3:5]
    ]
    path = next((p for p in candidates if p.is_file()), candidates[0])
    if not path.is_file():
        pytest.skip(f"{path} is absent: the founding report only exists in ../shared")
    return path.read_text(encoding="utf-8")
