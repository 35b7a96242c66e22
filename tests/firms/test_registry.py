"""The firm registry in a store: firms placed in counties and zones from their address,
yearly facts and certifications; a bad file leaves the store as it was."""

from __future__ import annotations

import pytest

from zonemetrics.errors import IngestError
from zonemetrics.firms.registry import load_firm_table

TEST_SOURCE = "test-registry-extract"  # the source the conftest adds


def test_firms_are_placed_in_their_county_and_the_zone_covering_it(
    registry_store, firms_csv, firm_codes
):
    first_firm, second_firm = firm_codes
    assert load_firm_table(registry_store, firms_csv, "firms") == 2
    rows = dict(
        (code, (county, zone))
        for code, county, zone in registry_store.sql("SELECT uscc, county_id, zone_id FROM firms")
    )
    # 望城区 is home to exactly one catalogue zone (望城经济技术开发区)
    [(wangcheng_zone,)] = registry_store.sql(
        "SELECT zone_id FROM zones WHERE name_zh = '望城经济技术开发区'"
    )
    assert rows[first_firm] == ("county_430112", wangcheng_zone)
    assert rows[second_firm][0] == "county_430104"


def test_facts_and_certifications_join_the_firms(
    registry_store, firms_csv, firm_codes, write_csv, tmp_path
):
    first_firm, _ = firm_codes
    load_firm_table(registry_store, firms_csv, "firms")
    facts = write_csv(
        tmp_path / "facts.csv",
        [
            {"uscc": first_firm, "year": "2023", "revenue": "120000000", "rd_expense": "6000000",
             "employees": "300", "net_assets": "", "source": TEST_SOURCE},
        ],
    )  # fmt: skip
    assert load_firm_table(registry_store, facts, "firm_facts") == 1
    [(net_assets,)] = registry_store.sql("SELECT net_assets FROM firm_facts")
    assert net_assets is None  # missing is not zero
    certs = write_csv(
        tmp_path / "certs.csv",
        [
            {"uscc": first_firm, "kind": "high_tech_enterprise", "level": "national",
             "granted": "2022-12-12", "expires": "2025-12-11", "source": TEST_SOURCE},
        ],
    )  # fmt: skip
    assert load_firm_table(registry_store, certs, "certifications") == 1
    assert load_firm_table(registry_store, certs, "certifications") == 0  # held already


def test_a_bad_row_rejects_the_file_and_leaves_the_store_as_it_was(
    registry_store, firms_csv, firm_codes, write_csv, tmp_path
):
    first_firm, second_firm = firm_codes
    load_firm_table(registry_store, firms_csv, "firms")
    before = registry_store.fingerprint()
    facts = write_csv(
        tmp_path / "facts.csv",
        [
            {"uscc": first_firm, "year": "2023", "revenue": "1e8", "rd_expense": "-5",
             "source": TEST_SOURCE},
            {"uscc": second_firm[:-1] + ("0" if second_firm[-1] != "0" else "1"), "year": "2023",
             "revenue": "lots", "rd_expense": "1", "source": TEST_SOURCE},
        ],
    )  # fmt: skip
    with pytest.raises(IngestError) as error:
        load_firm_table(registry_store, facts, "firm_facts")
    text = str(error.value) + " ".join(str(p) for p in error.value.problems)
    assert "facts.csv, row 2, column 'rd_expense'" in text
    assert "facts.csv, row 3, column 'uscc'" in text
    assert registry_store.fingerprint() == before


def test_a_firm_record_is_never_overwritten(registry_store, firms_csv):
    load_firm_table(registry_store, firms_csv, "firms")
    with pytest.raises(IngestError, match="never overwritten"):
        load_firm_table(registry_store, firms_csv, "firms")
