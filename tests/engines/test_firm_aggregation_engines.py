"""The firm -> zone aggregation gives the same, hand-checkable numbers on every engine.

Three zones, two years, five firms; small enough to compute in plain Python below, and
built to hit what engines disagree on: a tie, a missing R&D figure (missing is not zero),
a zone-year with no usable ratio (which must get no rank and not push others down), and
both ranking directions.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zonemetrics.engines import connect_backend, register_table
from zonemetrics.firms.aggregate import FirmTableError, indicator_rows, zone_year_indicators
from zonemetrics.firms.synth import synthetic_firms

# firm_id, zone_id, year, revenue, rd_expense, employees, is_high_tech, is_specialized_sme
FIRM_YEARS = [
    (1, "pudong", 2022, 1000, 50, 10, True, False),
    (2, "pudong", 2022, 3000, 90, 40, True, False),
    (3, "binhai", 2022, 2000, 70, 25, False, True),
    (4, "binhai", 2022, 500, None, 8, False, False),
    (5, "xiangjiang", 2022, 800, 16, 12, False, True),
    (1, "pudong", 2023, 1200, 60, 11, True, False),
    (2, "pudong", 2023, 3300, 99, 42, False, False),
    (3, "binhai", 2023, 2100, 105, 26, True, True),
    (4, "binhai", 2023, 600, 0, 9, False, False),
    (5, "xiangjiang", 2023, 0, None, 12, False, True),
]
COLUMNS = ["firm_id", "zone_id", "year", "revenue", "rd_expense", "employees"]
COLUMNS += ["is_high_tech", "is_specialized_sme"]
TYPES = [pa.int64(), pa.string(), pa.int32(), pa.int64(), pa.int64(), pa.int32()]
TYPES += [pa.bool_(), pa.bool_()]


def firm_table() -> pa.Table:
    columns = list(zip(*FIRM_YEARS, strict=True))
    return pa.table(
        [pa.array(values, type) for values, type in zip(columns, TYPES, strict=True)],
        names=COLUMNS,
    )


def expected_rows(descending: bool = True) -> list[dict]:
    """The aggregation done by hand: sums, ratio of totals, min ranks within each year."""
    groups: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for row in FIRM_YEARS:
        groups[(row[1], row[2])].append(row)
    rows = []
    for (zone, year), firms in groups.items():
        reported = [f for f in firms if f[4] is not None]
        denominator = sum(f[3] for f in reported)
        rows.append(
            {
                "zone_id": zone,
                "year": year,
                "firms": len(firms),
                "rd_reporting_firms": len(reported),
                "revenue": sum(f[3] for f in firms),
                "rd_expense": sum(f[4] for f in reported) if reported else None,
                "rd_intensity": sum(f[4] for f in reported) / denominator if denominator else None,
                "employees": sum(f[5] for f in firms),
                "high_tech_firms": sum(f[6] for f in firms),
                "specialized_smes": sum(f[7] for f in firms),
            }
        )
    for row in rows:
        peers = [r["rd_intensity"] for r in rows if r["year"] == row["year"]]
        peers = [v for v in peers if v is not None]
        value = row["rd_intensity"]
        if value is None:
            row["rd_intensity_rank"] = None
        else:
            better = [v for v in peers if (v > value if descending else v < value)]
            row["rd_intensity_rank"] = len(better) + 1
        row["ranked_zones"] = len(peers)
    return sorted(
        rows,
        key=lambda r: (
            r["year"],
            r["rd_intensity_rank"] is None,
            r["rd_intensity_rank"] or 0,
            r["zone_id"],
        ),
    )


def test_the_hand_computation_says_what_the_numbers_are():
    """The expected values, spelled out: a reader can check these on paper."""
    by_key = {(r["zone_id"], r["year"]): r for r in expected_rows()}
    assert by_key["pudong", 2022]["rd_intensity"] == 140 / 4000 == 0.035
    assert by_key["binhai", 2022]["rd_intensity"] == 70 / 2000 == 0.035  # 4's revenue left out
    assert by_key["binhai", 2022]["revenue"] == 2500
    assert by_key["binhai", 2023]["rd_intensity"] == 105 / 2700
    assert by_key["xiangjiang", 2023]["rd_intensity"] is None


def test_indicators_and_ranks_match_the_hand_computation(backend):
    rows = indicator_rows(register_table(backend, "firm_years", firm_table()))
    assert rows == expected_rows()
    ranks = [(r["year"], r["zone_id"], r["rd_intensity_rank"], r["ranked_zones"]) for r in rows]
    assert ranks == [
        (2022, "binhai", 1, 3),  # tied with Pudong at 3.5%: both first, the next is third
        (2022, "pudong", 1, 3),
        (2022, "xiangjiang", 3, 3),
        (2023, "binhai", 1, 2),
        (2023, "pudong", 2, 2),
        (2023, "xiangjiang", None, 2),  # zero revenue, no R&D figure: no rank, not last
    ]


def test_ascending_ranks_put_the_lowest_first(backend):
    table = register_table(backend, "firm_years", firm_table())
    rows = indicator_rows(table, direction="asc")
    assert rows == expected_rows(descending=False)
    assert [(r["zone_id"], r["rd_intensity_rank"]) for r in rows if r["year"] == 2022] == [
        ("xiangjiang", 1),
        ("binhai", 2),
        ("pudong", 2),
    ]


def test_any_indicator_can_be_ranked(backend):
    table = register_table(backend, "firm_years", firm_table())
    rows = indicator_rows(table, rank_by="high_tech_firms")
    assert [(r["year"], r["zone_id"], r["high_tech_firms_rank"]) for r in rows] == [
        (2022, "pudong", 1),
        (2022, "binhai", 2),
        (2022, "xiangjiang", 2),
        (2023, "binhai", 1),
        (2023, "pudong", 1),
        (2023, "xiangjiang", 3),
    ]


def test_a_synthetic_parquet_file_gives_identical_results_everywhere(backend, tmp_path: Path):
    """20,000 registry-shaped rows: every engine must agree with DuckDB to the last bit."""
    path = tmp_path / "firms.parquet"
    pq.write_table(synthetic_firms(20_000, seed=11), path)
    rows = indicator_rows(register_table(backend, "synthetic_firm_years", path))
    duckdb = connect_backend("duckdb")
    reference = indicator_rows(register_table(duckdb, "synthetic_firm_years", path))
    assert rows == reference
    assert sum(r["firms"] for r in rows) == 20_000
    assert all(r["synthetic"] for r in rows)
    assert {r["ranked_zones"] for r in rows} == {19}


def test_a_table_without_the_needed_columns_is_refused(backend):
    table = register_table(backend, "not_firms", firm_table().drop_columns(["rd_expense"]))
    with pytest.raises(FirmTableError, match="rd_expense"):
        zone_year_indicators(table)
