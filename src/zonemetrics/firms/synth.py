"""Synthetic firm-year tables, for testing scale and engines without real registry data.

Real enterprise registries cannot be bundled, but the aggregation from firms to zone
indicators has to be tested on tables of registry size and shape. This module makes such
a table: a panel of firms (entry, exit, growth) in the 19 state-level new areas, with the
skew of real registries (a lognormal body of small firms and a Pareto tail of giants), R&D
shares that vary by sector and firm (many firms report none), and certification flags
(High and New Technology Enterprise, "specialized, refined, distinctive, innovative" SME)
that follow the official thresholds only loosely, as certification status does in life.

Every file it writes says it is synthetic twice: a `synthetic` column that is always
true, and Parquet file metadata (`zonemetrics.synthetic = true` and a description). No
row describes a real firm, and no figure from it may be quoted as one.

The table is built in fixed-size chunks, each from its own random stream
(seed, chunk index), so 20 million rows need the memory of one chunk, and the first rows
of a big table are the same as those of a small one with the same seed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from zonemetrics.firms import FIRST_YEAR, LAST_YEAR, NEW_AREA_IDS

GENERATOR_VERSION = "1"
CHUNK_ROWS = 1_000_000
SYNTHETIC_DESCRIPTION = (
    "SYNTHETIC firm-year table made by `zonemetrics synth firms`. No row is a real firm; "
    "use it to test scale and engines, never as a source of figures."
)

# Share of firms registered in each new area: larger, older areas host more firms.
# A design choice for realistic imbalance, not a claim about any real registry.
ZONE_WEIGHTS: dict[str, float] = {
    "pudong": 16, "binhai": 9, "liangjiang": 8, "zhoushan": 2, "lanzhou": 2, "nansha": 6,
    "xixian": 5, "guian": 4, "westcoast": 6, "jinpu": 4, "tianfu": 7, "xiangjiang": 6,
    "jiangbei": 5, "fuzhou": 4, "dianzhong": 3, "harbin": 2, "changchun": 3,
    "ganjiang": 3, "xiongan": 2,
}  # fmt: skip


@dataclass(frozen=True)
class Sector:
    """A sector's share of firms and its R&D habits (median R&D / revenue among firms
    that do R&D, and the share of firms that do none)."""

    name: str
    weight: float
    rd_share_median: float
    no_rd_probability: float
    high_tech_field: bool


SECTORS: tuple[Sector, ...] = (
    Sector("electronics_ict", 0.12, 0.055, 0.15, True),
    Sector("biomedicine", 0.06, 0.070, 0.15, True),
    Sector("software_it_services", 0.10, 0.080, 0.20, True),
    Sector("new_materials", 0.07, 0.030, 0.25, True),
    Sector("equipment_manufacturing", 0.14, 0.035, 0.25, True),
    Sector("automotive", 0.06, 0.030, 0.30, False),
    Sector("chemicals", 0.06, 0.015, 0.40, False),
    Sector("business_services", 0.09, 0.010, 0.70, False),
    Sector("construction_real_estate", 0.10, 0.003, 0.85, False),
    Sector("wholesale_retail", 0.20, 0.002, 0.85, False),
)

SCHEMA = pa.schema(
    [
        pa.field("firm_id", pa.int64(), nullable=False),
        pa.field("zone_id", pa.string(), nullable=False),
        pa.field("year", pa.int32(), nullable=False),
        pa.field("sector", pa.string(), nullable=False),
        pa.field("revenue", pa.int64(), metadata={"unit": "yuan", "meaning": "operating revenue"}),
        pa.field(
            "rd_expense",
            pa.int64(),
            metadata={"unit": "yuan", "meaning": "R&D expenditure; null = not reported"},
        ),
        pa.field("employees", pa.int32(), metadata={"unit": "persons, year end"}),
        pa.field("is_high_tech", pa.bool_(), metadata={"meaning": "HNTE certificate held"}),
        pa.field(
            "is_specialized_sme",
            pa.bool_(),
            metadata={"meaning": "specialized, refined, distinctive, innovative SME"},
        ),
        pa.field("synthetic", pa.bool_(), nullable=False, metadata={"meaning": "always true"}),
    ]
)


@dataclass(frozen=True)
class SynthReport:
    """What was written: enough to reproduce it (rows, seed, years, generator)."""

    path: str
    rows: int
    firms: int
    seed: int
    first_year: int
    last_year: int
    bytes: int
    generator_version: str = GENERATOR_VERSION
    synthetic: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def iter_synthetic_batches(
    rows: int,
    seed: int = 0,
    *,
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[pa.RecordBatch]:
    """Yield the table chunk by chunk: `rows` rows in all, firm ids counting up from 1."""
    if rows < 0:
        raise ValueError("rows must not be negative")
    zone_factors = _zone_rd_factors(seed)
    next_firm_id = 1
    for index, start in enumerate(range(0, rows, chunk_rows)):
        rng = np.random.default_rng([seed, index])
        size = min(chunk_rows, rows - start)
        batch, firm_count = _chunk(rng, size, next_firm_id, years, zone_factors)
        next_firm_id += firm_count
        yield batch


def synthetic_firms(rows: int, seed: int = 0, **options) -> pa.Table:
    """The whole table in memory: for tests and small examples."""
    return pa.Table.from_batches(list(iter_synthetic_batches(rows, seed, **options)), SCHEMA)


def write_synthetic_firms(
    path: str | Path,
    rows: int,
    seed: int = 0,
    *,
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
    chunk_rows: int = CHUNK_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
) -> SynthReport:
    """Write the table to a Parquet file, one row group per chunk, labelled synthetic.

    `on_progress(rows_written, rows)` is called after each chunk. `chunk_rows` is part of
    what determines the rows (each chunk has its own random stream); keep the default.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "zonemetrics.synthetic": "true",
        "zonemetrics.description": SYNTHETIC_DESCRIPTION,
        "zonemetrics.generator": json.dumps(
            {
                "version": GENERATOR_VERSION,
                "rows": rows,
                "seed": seed,
                "years": list(years),
                "chunk_rows": chunk_rows,
            }
        ),
    }
    schema = SCHEMA.with_metadata(metadata)
    written = firms = 0
    with pq.ParquetWriter(target, schema, compression="snappy") as writer:
        for batch in iter_synthetic_batches(rows, seed, years=years, chunk_rows=chunk_rows):
            writer.write_batch(batch.replace_schema_metadata(metadata))
            written += batch.num_rows
            firms = int(batch.column("firm_id")[-1].as_py())
            if on_progress:
                on_progress(written, rows)
    return SynthReport(
        path=str(target),
        rows=written,
        firms=firms,
        seed=seed,
        first_year=years[0],
        last_year=years[1],
        bytes=target.stat().st_size,
    )


def is_synthetic(path: str | Path) -> bool:
    """Whether a Parquet file says it was made by this module."""
    metadata = pq.read_schema(path).metadata or {}
    return metadata.get(b"zonemetrics.synthetic") == b"true"


def _zone_rd_factors(seed: int) -> np.ndarray:
    """Each zone's R&D propensity, so that zones differ and rankings mean something."""
    rng = np.random.default_rng([seed, 2**31])
    return rng.lognormal(mean=0.0, sigma=0.35, size=len(NEW_AREA_IDS))


def _chunk(
    rng: np.random.Generator,
    size: int,
    first_firm_id: int,
    years: tuple[int, int],
    zone_factors: np.ndarray,
) -> tuple[pa.RecordBatch, int]:
    """One chunk of `size` rows: whole firm panels, the last one cut to fit."""
    first, last = years
    span_years = last - first + 1
    # Firms: half were already operating in the first year, the rest enter later; each
    # year a firm survives with probability 0.93.
    candidates = max(16, int(size / max(1.0, span_years * 0.45)) + 16)
    while True:
        entry = np.where(
            rng.random(candidates) < 0.5, first, rng.integers(first, last + 1, candidates)
        )
        lifetime = rng.geometric(0.07, candidates)
        spans = np.minimum(last - entry + 1, lifetime)
        if spans.sum() >= size:
            break
        candidates *= 2
    cumulative = np.cumsum(spans)
    firm_count = int(np.searchsorted(cumulative, size) + 1)
    spans = spans[:firm_count].copy()
    spans[-1] -= int(cumulative[firm_count - 1] - size)
    entry = entry[:firm_count]

    zone_p = np.array([ZONE_WEIGHTS[z] for z in NEW_AREA_IDS], dtype=float)
    zone = rng.choice(len(NEW_AREA_IDS), size=firm_count, p=zone_p / zone_p.sum())
    sector_p = np.array([s.weight for s in SECTORS])
    sector = rng.choice(len(SECTORS), size=firm_count, p=sector_p / sector_p.sum())

    # Size at entry: a lognormal body (median 8 million yuan) and, for 2% of firms, a
    # Pareto tail reaching hundreds of billions, as in real registries.
    base = rng.lognormal(mean=np.log(8e6), sigma=1.7, size=firm_count)
    giants = rng.random(firm_count) < 0.02
    base[giants] *= 10 * (1 + rng.pareto(1.1, giants.sum()))
    growth = rng.normal(0.06, 0.12, firm_count)
    rd_median = np.array([s.rd_share_median for s in SECTORS])[sector]
    no_rd = rng.random(firm_count) < np.array([s.no_rd_probability for s in SECTORS])[sector]
    rd_share = rd_median * zone_factors[zone] * rng.lognormal(0.0, 0.8, firm_count)
    rd_share[no_rd] = 0.0
    high_tech_field = np.array([s.high_tech_field for s in SECTORS])[sector]
    revenue_per_employee = rng.lognormal(np.log(9e5), 0.6, firm_count)

    # Expand firms to firm-years.
    firm_of_row = np.repeat(np.arange(firm_count), spans)
    offset = np.arange(size) - np.repeat(np.cumsum(spans) - spans, spans)
    year = entry[firm_of_row] + offset
    revenue = base[firm_of_row] * np.exp(growth[firm_of_row] * offset + rng.normal(0.0, 0.15, size))
    revenue = np.clip(np.rint(revenue), 1e4, 2e12)
    share = np.clip(rd_share[firm_of_row] * rng.lognormal(0.0, 0.2, size), 0.0, 0.6)
    rd = np.rint(revenue * share)
    rd_missing = rng.random(size) < 0.015
    employees = np.maximum(1, np.rint(revenue / revenue_per_employee[firm_of_row]))

    # HNTE: R&D at least 5% / 4% / 3% of revenue for revenue up to 50 million / 200
    # million / above; most eligible firms in the supported fields hold a certificate.
    threshold = np.where(revenue <= 5e7, 0.05, np.where(revenue <= 2e8, 0.04, 0.03))
    eligible = share >= threshold
    p_high_tech = np.where(eligible, np.where(high_tech_field[firm_of_row], 0.6, 0.2), 0.01)
    is_high_tech = rng.random(size) < p_high_tech
    sme = (employees < 1000) & (revenue < 4e8)
    p_specialized = np.where(sme & (share >= 0.03), 0.12, np.where(sme, 0.005, 0.0))
    is_specialized = rng.random(size) < p_specialized

    columns = [
        pa.array(first_firm_id + firm_of_row, pa.int64()),
        pa.array(np.asarray(NEW_AREA_IDS, dtype=object)[zone[firm_of_row]], pa.string()),
        pa.array(year, pa.int32()),
        pa.array(np.asarray([s.name for s in SECTORS], dtype=object)[sector[firm_of_row]]),
        pa.array(revenue.astype(np.int64)),
        pa.array(rd.astype(np.int64), mask=rd_missing),
        pa.array(employees.astype(np.int32)),
        pa.array(is_high_tech),
        pa.array(is_specialized),
        pa.array(np.ones(size, dtype=bool)),
    ]
    return pa.RecordBatch.from_arrays(columns, schema=SCHEMA), firm_count
