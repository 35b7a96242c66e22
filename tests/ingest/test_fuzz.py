"""Property-based fuzzing of the readers and the ingest (hypothesis), time-bounded.

Whatever bytes or cells arrive, the outcome is a clear error (IngestError, naming the
file) or a correct import; never another exception, and a refusal leaves the store
exactly as it was.
"""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonemetrics.errors import IngestError
from zonemetrics.ingest.load import ingest_file
from zonemetrics.ingest.readers import read_table

BOUNDED = settings(
    max_examples=40,
    deadline=None,  # the machine is shared: bound the count, not each example's time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: cells a hostile or careless file might hold: numbers of any size, units, controls,
#: Chinese text, formula starts, empty strings
CELL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=string.digits + ".,-+e>~约万亿", max_size=30),
    st.sampled_from(["", "亿元", "%", "万亿元", "km2", "人", "=1+1", "\x00", "\x1b[2J", "1" * 400]),
)
ZONES = st.sampled_from(["xiangjiang", "湘江新区", "hunan", "nowhere", "", "\u202e"])
INDICATORS = st.sampled_from(["gdp", "GDP", "land_area", "rd_intensity", "gdpp", ""])
PERIODS = st.one_of(
    st.sampled_from(["2023", "2023年", "FY2023", "2023H1", ""]), st.text(max_size=8)
)
SOURCES = st.sampled_from(["rednet-en-2017-09-25", "xinzixun-2021-11-07", "nope"])


def _escape(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@BOUNDED
@given(
    rows=st.lists(
        st.tuples(ZONES, INDICATORS, PERIODS, CELL, CELL, SOURCES), min_size=1, max_size=6
    )
)
def test_random_observation_rows_end_in_an_import_or_a_clear_error(tiny_store, tmp_path, rows):
    path = tmp_path / "fuzz.csv"
    lines = ["zone,indicator,period,value,unit,source"]
    lines += [",".join(_escape(c) for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    before = tiny_store.fingerprint()
    try:
        ingest_file(tiny_store, path)
    except IngestError as error:
        assert all(p.file == str(path) for p in error.problems)
        assert tiny_store.fingerprint() == before
    values = tiny_store.sql("SELECT value FROM observations WHERE NOT isfinite(value)")
    assert values == []


@BOUNDED
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_random_bytes_under_any_table_suffix_are_read_or_refused(tmp_path, data, suffix):
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(Path(path))
        for _row in table.rows():
            pass
    except IngestError as error:
        assert str(path) in str(error)
