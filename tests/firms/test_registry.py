"""The firm registry in a store: firms placed in counties and zones from their address,
yearly facts and certifications; a bad file leaves the store as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zonemetrics.errors import IngestError
from zonemetrics.firms.registry import load_firm_table
from zonemetrics.firms.uscc import check_character, organisation_check
from zonemetrics.ingest.load import ingest_paths


def _code(body: str) -> str:
    """A valid made-up credit code (registered in Changsha) built by the standard."""
    first = "91430100" + body + organisation_check(body)
    return first + check_character(first)


FIRM_A, FIRM_B = _code("MA4L0001"), _code("MA4L0002")


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def registry_store(bundle_copy, tmp_path):
    sources = _csv(
        tmp_path / "sources.csv",
        [
            {
                "source_id": "test-registry-extract",
                "title": "Made-up registry extract for tests",
                "producer": "zonemetrics tests",
                "tier": "blog",
            }
        ],
    )
    _reports, errors = ingest_paths(bundle_copy, [sources])
    assert not errors
    return bundle_copy


def _firms(tmp_path: Path) -> Path:
    return _csv(
        tmp_path / "firms.csv",
        [
            {
                "uscc": FIRM_A,
                "name_zh": "测试甲公司",
                "address": "湖南省长沙市望城区金星北路一段",
                "founded": "2015-04-01",
                "industry": "C3911",
                "source": "test-registry-extract",
            },
            {
                "uscc": FIRM_B.lower(),
                "name_zh": "测试乙公司",
                "address": "湖南省长沙市岳麓区麓谷大道",
                "founded": "2019-09-09",
                "industry": "I65",
                "source": "test-registry-extract",
            },
        ],
    )


def test_firms_are_placed_in_their_county_and_the_zone_covering_it(registry_store, tmp_path):
    assert load_firm_table(registry_store, _firms(tmp_path), "firms") == 2
    rows = dict(
        (code, (county, zone))
        for code, county, zone in registry_store.sql("SELECT uscc, county_id, zone_id FROM firms")
    )
    # 望城区 is home to exactly one catalogue zone (望城经济技术开发区)
    [(wangcheng_zone,)] = registry_store.sql(
        "SELECT zone_id FROM zones WHERE name_zh = '望城经济技术开发区'"
    )
    assert rows[FIRM_A] == ("county_430112", wangcheng_zone)
    assert rows[FIRM_B][0] == "county_430104"


def test_facts_and_certifications_join_the_firms(registry_store, tmp_path):
    load_firm_table(registry_store, _firms(tmp_path), "firms")
    facts = _csv(
        tmp_path / "facts.csv",
        [
            {"uscc": FIRM_A, "year": "2023", "revenue": "120000000", "rd_expense": "6000000",
             "employees": "300", "net_assets": "", "source": "test-registry-extract"},
        ],
    )  # fmt: skip
    assert load_firm_table(registry_store, facts, "firm_facts") == 1
    [(net_assets,)] = registry_store.sql("SELECT net_assets FROM firm_facts")
    assert net_assets is None  # missing is not zero
    certs = _csv(
        tmp_path / "certs.csv",
        [
            {"uscc": FIRM_A, "kind": "high_tech_enterprise", "level": "national",
             "granted": "2022-12-12", "expires": "2025-12-11", "source": "test-registry-extract"},
        ],
    )  # fmt: skip
    assert load_firm_table(registry_store, certs, "certifications") == 1
    assert load_firm_table(registry_store, certs, "certifications") == 0  # held already


def test_a_bad_row_rejects_the_file_and_leaves_the_store_as_it_was(registry_store, tmp_path):
    load_firm_table(registry_store, _firms(tmp_path), "firms")
    before = registry_store.fingerprint()
    facts = _csv(
        tmp_path / "facts.csv",
        [
            {"uscc": FIRM_A, "year": "2023", "revenue": "1e8", "rd_expense": "-5",
             "source": "test-registry-extract"},
            {"uscc": FIRM_B[:-1] + ("0" if FIRM_B[-1] != "0" else "1"), "year": "2023",
             "revenue": "lots", "rd_expense": "1", "source": "test-registry-extract"},
        ],
    )  # fmt: skip
    with pytest.raises(IngestError) as error:
        load_firm_table(registry_store, facts, "firm_facts")
    text = str(error.value) + " ".join(str(p) for p in error.value.problems)
    assert "facts.csv, row 2, column 'rd_expense'" in text
    assert "facts.csv, row 3, column 'uscc'" in text
    assert registry_store.fingerprint() == before


def test_a_firm_record_is_never_overwritten(registry_store, tmp_path):
    load_firm_table(registry_store, _firms(tmp_path), "firms")
    with pytest.raises(IngestError, match="never overwritten"):
        load_firm_table(registry_store, _firms(tmp_path), "firms")
