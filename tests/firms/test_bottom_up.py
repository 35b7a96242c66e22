"""Bottom-up counts from the firm registry: certified firms per zone and year, R&D totals,
written to the ledger with receipts, and equal on DuckDB and Spark."""

from __future__ import annotations

import pytest

from zonemetrics.engines import register_table
from zonemetrics.firms.bottom_up import (
    CALIBER,
    FIRM_TABLES,
    certified_counts,
    rd_totals,
    write_bottom_up,
)
from zonemetrics.firms.registry import load_firm_table

SOURCE = "test-registry-extract"


@pytest.fixture
def filled_store(registry_store, firms_csv, firm_codes, write_csv, tmp_path):
    first_firm, second_firm = firm_codes
    load_firm_table(registry_store, firms_csv, "firms")
    # both firms in the same zone, so the counts add up across firms
    registry_store.raw.execute(
        "UPDATE firms SET zone_id = (SELECT zone_id FROM firms WHERE uscc = ?)", [first_firm]
    )
    certs = write_csv(
        tmp_path / "certs.csv",
        [
            {"uscc": first_firm, "kind": "high_tech_enterprise", "granted": "2020-11-01",
             "expires": "2023-10-31", "source": SOURCE},
            {"uscc": second_firm, "kind": "high_tech_enterprise", "granted": "2022-12-01",
             "expires": "2025-11-30", "source": SOURCE},
            {"uscc": second_firm, "kind": "specialized_sme", "granted": "2023-07-01",
             "expires": "", "source": SOURCE},
            {"uscc": second_firm, "kind": "innovative_sme", "granted": "2022-05-01",
             "expires": "2025-04-30", "source": SOURCE},
        ],
    )  # fmt: skip
    load_firm_table(registry_store, certs, "certifications")
    facts = write_csv(
        tmp_path / "facts.csv",
        [
            {"uscc": first_firm, "year": "2023", "revenue": "100000000", "rd_expense": "5000000",
             "source": SOURCE},
            {"uscc": second_firm, "year": "2023", "revenue": "", "rd_expense": "2000000",
             "source": SOURCE},
        ],
    )  # fmt: skip
    load_firm_table(registry_store, facts, "firm_facts")
    return registry_store


def test_new_and_valid_certified_firms_per_year(filled_store):
    rows = certified_counts(filled_store).to_pyarrow().to_pylist()
    hnte = {r["year"]: (r["new_firms"], r["valid_firms"]) for r in rows
            if r["kind"] == "high_tech_enterprise"}  # fmt: skip
    assert hnte[2020] == (1, 1)
    assert hnte[2022] == (1, 2)
    assert hnte[2023] == (0, 1)  # firm A's certificate expired on 2023-10-31


def test_rd_intensity_leaves_out_firms_without_revenue(filled_store):
    [row] = rd_totals(filled_store).to_pyarrow().to_pylist()
    assert row["rd_expenditure"] == 7_000_000
    assert row["rd_intensity"] == pytest.approx(5.0)  # firm B reports no revenue


def test_counts_enter_the_ledger_once_with_receipts(filled_store):
    added = write_bottom_up(filled_store)
    assert added > 0
    notes = filled_store.sql(
        "SELECT indicator, period, value, note FROM observations WHERE caliber = ? "
        "AND indicator = 'new_high_tech_enterprises' ORDER BY period",
        [CALIBER],
    )
    assert [(p, v) for _, p, v, _ in notes] == [("2020", 1.0), ("2022", 1.0), ("2023", 0.0)]
    assert all("certification records of ingests" in n for *_, n in notes)
    assert write_bottom_up(filled_store) == 0


def test_innovative_smes_are_counted_into_their_own_indicators(filled_store):
    write_bottom_up(filled_store)
    rows = filled_store.sql(
        "SELECT indicator, period, value FROM observations WHERE caliber = ? "
        "AND indicator IN ('innovative_smes', 'new_innovative_smes') ORDER BY indicator, period",
        [CALIBER],
    )
    assert rows == [
        ("innovative_smes", "2022", 1.0),
        ("innovative_smes", "2023", 1.0),
        ("new_innovative_smes", "2022", 1.0),
        ("new_innovative_smes", "2023", 0.0),
    ]
    names = filled_store.sql(
        "SELECT name_en, name_zh FROM indicators WHERE code = 'innovative_smes'"
    )
    assert names == [("Innovative SMEs", "创新型中小企业")]


class _Pushed:
    def __init__(self, backend, store):
        self.backend = backend
        for name in FIRM_TABLES:
            register_table(
                backend, f"fr_{name}", store.raw.sql(f"SELECT * FROM {name}").to_arrow_table()
            )

    def table(self, name):
        return self.backend.table(f"fr_{name}")


def test_the_same_counts_on_spark(filled_store, spark_backend):
    pushed = _Pushed(spark_backend, filled_store)
    for expr in (certified_counts, rd_totals):
        local = expr(filled_store).drop("ingests", "source_ids").to_pyarrow().to_pylist()
        remote = expr(pushed).drop("ingests", "source_ids").to_pyarrow().to_pylist()
        assert remote == local
