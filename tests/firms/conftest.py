"""Shared for the firm-registry tests: a bundled store with a test source, two made-up
firms with valid credit codes, and a CSV writer."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from zonemetrics.firms.uscc import check_character, organisation_check
from zonemetrics.ingest.load import ingest_paths

TEST_SOURCE = "test-registry-extract"


def made_up_code(body: str) -> str:
    """A valid made-up credit code (registered in Changsha) built by the standard."""
    first = "91430100" + body + organisation_check(body)
    return first + check_character(first)


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def write_csv() -> Callable[[Path, list[dict[str, str]]], Path]:
    return write_rows


@pytest.fixture
def firm_codes() -> tuple[str, str]:
    return made_up_code("MA4L0001"), made_up_code("MA4L0002")


@pytest.fixture
def registry_store(bundle_copy, tmp_path):
    sources = write_rows(
        tmp_path / "sources.csv",
        [
            {
                "source_id": TEST_SOURCE,
                "title": "Made-up registry extract for tests",
                "producer": "zonemetrics tests",
                "tier": "blog",
            }
        ],
    )
    _reports, errors = ingest_paths(bundle_copy, [sources])
    assert not errors
    return bundle_copy


@pytest.fixture
def firms_csv(tmp_path, firm_codes) -> Path:
    first, second = firm_codes
    return write_rows(
        tmp_path / "firms.csv",
        [
            {
                "uscc": first,
                "name_zh": "测试甲公司",
                "address": "湖南省长沙市望城区金星北路一段",
                "founded": "2015-04-01",
                "industry": "C3911",
                "source": TEST_SOURCE,
            },
            {
                "uscc": second.lower(),
                "name_zh": "测试乙公司",
                "address": "湖南省长沙市岳麓区麓谷大道",
                "founded": "2019-09-09",
                "industry": "I65",
                "source": TEST_SOURCE,
            },
        ],
    )
