"""The columnar ingest stores what the row validator would have produced, key for key.

Existing stores hold content keys computed by `validate.content_key` in Python; a file
ingested through the database must get the same keys (or an unchanged figure would
look revised), and the same values, roundings, qualifiers and texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.ingest import batches
from zonemetrics.ingest.batches import text_batches
from zonemetrics.ingest.columnar import COLUMNS
from zonemetrics.ingest.load import _classify, ingest_file, load_context
from zonemetrics.ingest.readers import read_table
from zonemetrics.ingest.validate import validate_observations

HEADER = "zone,indicator,period,value,unit,source,measure,peer_set,caliber,status,note"
SOURCE = "rednet-en-2017-09-25"
#: value texts of every form the value parser knows, in units with and without multipliers
ROWS = [
    f'xiangjiang,gdp,2015,"1,602.50",亿元,{SOURCE},,,c1,,with a thousands separator',
    f"湘江新区,gdp,2016,4500,亿元,{SOURCE},,,c1,P,",
    f"xiangjiang,gdp,2017,0.35万亿,元,{SOURCE},,,c1,,",
    f"xiangjiang,gdp,2018,>3000,亿元,{SOURCE},,,c2,,",
    f"xiangjiang,gdp,2018,约3100,亿元,{SOURCE},,,c3,,",
    f"xiangjiang,gdp,2019,3000-3200,亿元,{SOURCE},,,c4,,",
    f"xiangjiang,gdp,2019,3100以上,亿元,{SOURCE},,,c5,,",
    f"xiangjiang,gdp,2019,≤3300,亿元,{SOURCE},,,c6,,",
    f"xiangjiang,gdp,2020,+2511,100m yuan,{SOURCE},,,c1,,",
    f"xiangjiang,gdp_growth_real,2014,11,%,{SOURCE},,,,,",
    f"xiangjiang,gdp_growth_real,2017,-0.0,%,{SOURCE},,,,,",
    f"xiangjiang,gdp_growth_real,2018,0,%,{SOURCE},,,,,",
    f"xiangjiang,gdp_growth_real,2019,１２.５,%,{SOURCE},,,,,full-width digits",
    f"xiangjiang,gdp_growth_real,2020,8.1％,%,{SOURCE},,,,,",
    f"xiangjiang,land_area,2015,49000,公顷,{SOURCE},,,,,hectares",
    f"xiangjiang,land_area,2016,490.00,km2,{SOURCE},,,,,",
    f"xiangjiang,land_area,2017,4.9千,sq km,{SOURCE},,,,,",
    f"xiangjiang,gdp,2020H1,1200.1,亿元,{SOURCE},,,c1,,",
    f"xiangjiang,gdp,2021年前三季度,2000,亿元,{SOURCE},,,c1,,",
    f"xiangjiang,gdp,2016-2020,12000,亿元,{SOURCE},,,c1,,a span",
    f"xiangjiang,gdp,2022,3200,亿元,{SOURCE},rank,new_areas,c1,,",
]


def _rows(batch) -> list[dict]:
    """A batch (an Arrow table or a list of tuples) as one dict per row."""
    if isinstance(batch, list):
        return [dict(zip(("row_number", *COLUMNS), row, strict=True)) for row in batch]
    return batch.to_pylist()


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_keys_values_and_texts_are_those_of_the_row_validator(tiny_store, tmp_path):
    rows = [r for r in ROWS if ",rank," not in r]
    path = _write(tmp_path / "forms.csv", rows)
    report = ingest_file(tiny_store, path, accept_outliers=True)
    assert report.rows_added == len(rows)

    raw = read_table(path)
    _kind, columns = _classify(raw)
    cells = [
        (row.pop("row_number"), row)
        for batch in text_batches(raw, columns, COLUMNS)
        for row in _rows(batch)
    ]
    expected = validate_observations(str(path), cells, load_context(tiny_store))
    assert not expected.problems
    fields = [
        "content_key", "zone_id", "indicator", "period", "period_kind", "value", "value_high",
        "qualifier", "inclusive", "rounding", "unit", "unit_text", "original_text", "caliber",
        "status", "note",
    ]  # fmt: skip
    stored = tiny_store.records(
        f"SELECT {', '.join(fields)} FROM observations WHERE ingest_id = ? ORDER BY obs_id",
        [report.ingest_id],
    )
    assert stored == [{k: r[k] for k in fields} for r in expected.records]


def test_a_rank_without_unit_rank_is_refused_as_the_row_validator_words_it(tiny_store, tmp_path):
    path = _write(tmp_path / "rank.csv", [ROWS[-1]])
    with pytest.raises(Exception) as caught:
        ingest_file(tiny_store, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "unit")]
    assert "a rank is written with unit 'rank'" in caught.value.problems[0].reason


def test_a_blank_line_keeps_the_row_numbers_of_the_file(tiny_store, tmp_path):
    path = _write(tmp_path / "blank.csv", [ROWS[1], "", f"nowhere,gdp,2016,1,亿元,{SOURCE},,,,,"])
    with pytest.raises(Exception) as caught:
        ingest_file(tiny_store, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "zone")]


def test_arrow_and_the_row_reader_give_the_same_cells(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "ARROW_FROM_BYTES", 0)  # Arrow reads files of any size
    path = _write(tmp_path / "forms.csv", ROWS)
    raw = read_table(path)
    _kind, columns = _classify(raw)
    arrow_batches = list(text_batches(raw, columns, COLUMNS))
    raw.delimiter = None  # no longer eligible for Arrow's reader: the row reader reads it
    row_batches = list(text_batches(raw, columns, COLUMNS))
    assert not isinstance(arrow_batches[0], list) and isinstance(row_batches[0], list)
    through_arrow = [row for batch in arrow_batches for row in _rows(batch)]
    through_rows = [row for batch in row_batches for row in _rows(batch)]
    assert through_arrow == through_rows and len(through_rows) == len(ROWS)
