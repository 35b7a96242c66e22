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
def founding_report_path() -> Path:
    return founding_report()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The founding report, read from ../shared (it is not copied into the project)."""
    return founding_report().read_text(encoding="utf-8")


def founding_report() -> Path:
    """The founding report in ../shared, beside the repository or beside the folder of
    worktrees the repository is checked out in (skips when neither holds it)."""
    here = Path(__file__).resolve()
    for root in (here.parents[3], here.parents[4]):
        path = root / "shared" / "seed" / "xiangjiang-new-area-2024-03.txt"
        if path.is_file():
            return path
    pytest.skip("the founding report only exists in ../shared, which is absent")


@pytest.fixture(scope="session")
def reference_scorer() -> Path:
    """The labelled sets' reference scorer, which exists only in ../shared (skips without it)."""
    root = Path(__file__).resolve().parents[2]
    for shared in (root.parent / "shared", root.parent.parent / "shared"):
        scorer = shared / "data" / "claims-dev" / "tools" / "score.py"
        if scorer.is_file():
            return scorer
    pytest.skip("../shared/data/claims-dev is absent: the reference scorer only exists there")
