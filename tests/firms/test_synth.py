"""Synthetic firm-year tables: registry-shaped, reproducible, and labelled as synthetic."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from zonemetrics.firms import NEW_AREA_IDS
from zonemetrics.firms.synth import (
    SCHEMA,
    is_synthetic,
    iter_synthetic_batches,
    synthetic_firms,
    write_synthetic_firms,
)


@pytest.fixture(scope="module")
def firms() -> pa.Table:
    return synthetic_firms(60_000, seed=5)


def test_the_same_seed_gives_the_same_table_and_another_seed_does_not():
    assert synthetic_firms(3_000, seed=1).equals(synthetic_firms(3_000, seed=1))
    assert not synthetic_firms(3_000, seed=1).equals(synthetic_firms(3_000, seed=2))


def test_a_bigger_table_begins_with_the_smaller_one():
    """Chunks have their own random streams: rows do not depend on how many follow."""
    small = synthetic_firms(2_000, seed=4, chunk_rows=1_000)
    big = synthetic_firms(3_500, seed=4, chunk_rows=1_000)
    assert big.num_rows == 3_500
    assert big.slice(0, 2_000).equals(small)


def test_chunks_hold_exactly_the_rows_asked_for():
    sizes = [b.num_rows for b in iter_synthetic_batches(2_500, seed=0, chunk_rows=1_000)]
    assert sizes == [1_000, 1_000, 500]
    assert synthetic_firms(0).num_rows == 0


def test_firms_are_panels_of_consecutive_years(firms: pa.Table):
    years: dict[int, list[int]] = defaultdict(list)
    for firm_id, year in zip(
        firms.column("firm_id").to_pylist(), firms.column("year").to_pylist(), strict=True
    ):
        years[firm_id].append(year)
    assert sorted(years) == list(range(1, len(years) + 1))  # ids count up from 1
    assert all(ys == list(range(ys[0], ys[0] + len(ys))) for ys in years.values())
    assert min(min(ys) for ys in years.values()) == 2014
    assert max(max(ys) for ys in years.values()) == 2023
    # firms enter over the decade, so later years have more firms
    per_year = pc.value_counts(firms.column("year")).to_pylist()
    counts = {item["values"]: item["counts"] for item in per_year}
    assert counts[2023] > counts[2014]


def test_every_new_area_has_firms_and_pudong_the_most(firms: pa.Table):
    counts = {
        item["values"]: item["counts"]
        for item in pc.value_counts(firms.column("zone_id")).to_pylist()
    }
    assert set(counts) == set(NEW_AREA_IDS)
    assert len(NEW_AREA_IDS) == 19
    assert max(counts, key=counts.get) == "pudong"


def test_firm_sizes_are_skewed_like_a_registry(firms: pa.Table):
    revenue = np.sort(firms.column("revenue").to_numpy())[::-1]
    top_percent = revenue[: len(revenue) // 100].sum() / revenue.sum()
    assert top_percent > 0.3  # the top 1% of firm-years hold a large share of revenue
    assert np.median(revenue) < revenue.mean() / 3
    employees = firms.column("employees").to_numpy()
    assert employees.min() >= 1 and np.median(employees) < employees.mean()


def test_rd_varies_by_sector_and_missing_rd_is_null_not_zero(firms: pa.Table):
    def intensity(sector: str) -> float:
        rows = firms.filter(
            pc.and_(pc.equal(firms.column("sector"), sector), pc.is_valid(firms["rd_expense"]))
        )
        return pc.sum(rows["rd_expense"]).as_py() / pc.sum(rows["revenue"]).as_py()

    assert intensity("software_it_services") > 5 * intensity("wholesale_retail")
    missing = firms.column("rd_expense").null_count / firms.num_rows
    assert 0.005 < missing < 0.03
    assert firms.column("revenue").null_count == 0
    assert pc.sum(pc.equal(firms.column("rd_expense"), 0)).as_py() > 0  # zero is reported


def test_high_tech_firms_spend_more_on_rd(firms: pa.Table):
    reported = firms.filter(pc.is_valid(firms["rd_expense"]))

    def share(flag: bool) -> float:
        rows = reported.filter(pc.equal(reported["is_high_tech"], flag))
        return pc.sum(rows["rd_expense"]).as_py() / pc.sum(rows["revenue"]).as_py()

    assert share(True) > 2 * share(False)
    high_tech = pc.mean(firms["is_high_tech"].cast(pa.float64())).as_py()
    specialized = pc.mean(firms["is_specialized_sme"].cast(pa.float64())).as_py()
    assert 0.02 < high_tech < 0.3
    assert 0.001 < specialized < high_tech


def test_the_file_says_it_is_synthetic(tmp_path: Path):
    path = tmp_path / "firms.parquet"
    report = write_synthetic_firms(path, 2_500, seed=9)
    assert (report.rows, report.seed, report.synthetic) == (2_500, 9, True)
    assert report.firms == pq.read_table(path).column("firm_id")[-1].as_py()
    assert is_synthetic(path)
    metadata = pq.read_schema(path).metadata
    assert b"SYNTHETIC" in metadata[b"zonemetrics.description"]
    table = pq.read_table(path)
    assert table.schema.remove_metadata().equals(SCHEMA.remove_metadata())
    assert pc.all(table["synthetic"]).as_py()
    assert table.equals(
        synthetic_firms(2_500, seed=9).replace_schema_metadata(table.schema.metadata)
    )
    assert pq.ParquetFile(path).schema_arrow.field("revenue").metadata[b"unit"] == b"yuan"


def test_a_plain_parquet_file_is_not_taken_for_synthetic(tmp_path: Path):
    path = tmp_path / "real.parquet"
    pq.write_table(pa.table({"firm_id": [1]}), path)
    assert not is_synthetic(path)


def test_progress_is_reported_per_chunk(tmp_path: Path):
    seen: list[tuple[int, int]] = []
    path = tmp_path / "f.parquet"
    write_synthetic_firms(path, 1_200, chunk_rows=500, on_progress=lambda *p: seen.append(p))
    assert seen == [(500, 1_200), (1_000, 1_200), (1_200, 1_200)]
    assert pq.ParquetFile(path).num_row_groups == 3
