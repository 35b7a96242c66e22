"""Ingest: good files in every format and encoding go in; a bad file changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from zonemetrics.errors import IngestError
from zonemetrics.ingest.load import ingest_file, ingest_paths
from zonemetrics.ingest.readers import shown_number

HEADER = "zone,indicator,period,value,unit,source,caliber,note"


def xlsx_file(path: Path, rows: list[list], formats: dict[str, str] | None = None) -> Path:
    """An observations workbook: the header, the rows, and number formats by cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    workbook.save(path)
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def rejected(store, path) -> str:
    """Ingest a file that must be refused; assert the store did not change at all."""
    before = store.fingerprint()
    with pytest.raises(IngestError) as caught:
        ingest_file(store, path)
    assert store.fingerprint() == before
    return str(caught.value)


def test_the_same_file_twice_adds_nothing(tiny_store, fixtures_dir):
    before = tiny_store.fingerprint()
    reports, errors = ingest_paths(tiny_store, [fixtures_dir / "ledger"])
    assert not errors
    assert [r.rows_added for r in reports] == [0, 0, 0, 0]
    assert tiny_store.fingerprint() == before


def test_gbk_file_with_chinese_headers_is_read(tiny_store, tmp_path):
    path = write_csv(
        tmp_path / "hunan_gbk.csv",
        [
            "区域,指标,年份,数值,单位,来源,备注",
            "湖南省,gdp_growth_real,2022,4.5,%,hunan-tjj-2022-bulletin,统一核算",
            "湘江新区,land_area,2015,490,平方公里,rednet-en-2017-09-25,核心区",
        ],
        encoding="gbk",
    )
    report = ingest_file(tiny_store, path)
    assert (report.rows_read, report.rows_added, report.rows_skipped) == (2, 1, 1)
    original = tiny_store.sql(
        "SELECT original_text, value, unit FROM observations WHERE indicator = 'land_area'"
    )
    assert original == [("490平方公里", 490.0, "km2")]


def test_gbk_file_with_a_bad_unit_in_row_7_names_file_row_column_and_reason(tiny_store, tmp_path):
    rows = (
        [HEADER]
        + [
            f"湘江新区,gdp_growth_real,{year},{growth},%,rednet-en-2017-09-25,,"
            for year, growth in [(2016, 11), (2017, 11), (2018, 11), (2019, 11), (2020, 11)]
        ]
        + ["湘江新区,gdp,2021,3674.2,亿美刀,rednet-en-2017-09-25,,"]
    )
    path = write_csv(tmp_path / "bad_unit_gbk.csv", rows, encoding="gbk")
    message = rejected(tiny_store, path)
    assert message == (
        f"{path}, row 7, column 'unit': unknown unit '亿美刀'; nothing from this file was imported"
    )


def test_an_unknown_zone_is_refused(tiny_store, tmp_path):
    path = write_csv(
        tmp_path / "unknown_zone.csv",
        [
            HEADER,
            "湘江新区,gdp,2021,3674.2,亿元,rednet-en-2017-09-25,,",
            "浦东新区,gdp,2023,16715.15,亿元,rednet-en-2017-09-25,,",
        ],
    )
    assert rejected(tiny_store, path) == (
        f"{path}, row 3, column 'zone': unknown zone '浦东新区'; "
        "nothing from this file was imported"
    )


def test_a_duplicate_key_with_a_different_value_from_the_same_source_is_refused(
    tiny_store, tmp_path
):
    path = write_csv(
        tmp_path / "duplicate.csv",
        [
            HEADER,
            "xiangjiang,gdp,2016,1801.12,亿元,rednet-en-2017-09-25,,",
            "xiangjiang,gdp,2016,1810,亿元,rednet-en-2017-09-25,,",
        ],
    )
    assert rejected(tiny_store, path) == (
        f"{path}, row 3, column 'value': duplicate of row 2 (same zone, indicator, period, "
        "caliber and source) with a different value; nothing from this file was imported"
    )


def test_an_empty_file_is_refused(tiny_store, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert (
        rejected(tiny_store, path) == f"{path}: the file is empty; nothing from this file "
        "was imported"
    )


def test_a_truncated_xlsx_is_refused(tiny_store, tmp_path):
    good = xlsx_file(
        tmp_path / "good.xlsx",
        [["xiangjiang", "gdp", "2017", "2208.85", "亿元", "rednet-en-2017-09-25", "", ""]],
    )
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    message = rejected(tiny_store, truncated)
    assert message.startswith(f"{truncated}: not a readable XLSX file (truncated or corrupt)")
    assert message.endswith("nothing from this file was imported")


def test_xlsx_and_parquet_files_in_long_format(tiny_store, tmp_path):
    xlsx = xlsx_file(
        tmp_path / "more.xlsx",
        [["xiangjiang", "gdp", 2017, 2208.85, "亿元", "rednet-en-2017-09-25", None, None]],
    )
    parquet = tmp_path / "more.parquet"
    pq.write_table(
        pa.table(
            {
                "zone": ["Xiangjiang New Area"],
                "indicator": ["gdp"],
                "period": ["2016"],
                "value": ["1801.12"],
                "unit": ["亿元"],
                "source": ["rednet-en-2017-09-25"],
            }
        ),
        parquet,
    )
    assert ingest_file(tiny_store, xlsx).rows_added == 1
    assert ingest_file(tiny_store, parquet).rows_added == 1
    rows = tiny_store.sql(
        "SELECT period, original_text FROM observations "
        "WHERE period IN ('2016', '2017') AND indicator = 'gdp' ORDER BY 1"
    )
    assert rows == [("2016", "1801.12亿元"), ("2017", "2208.85亿元")]


def test_numeric_xlsx_cells_are_read_as_the_spreadsheet_shows_them(tiny_store, tmp_path):
    """A cell formatted 0.00 holding 2511 was written '2511.00' (rounded to the hundredth,
    so not the 2511 that a writer rounding to the unit means); one formatted 0.0% holding
    0.11 reads 11.0 in a row whose unit is %."""
    xlsx = xlsx_file(
        tmp_path / "formatted.xlsx",
        [
            ["xiangjiang", "gdp", 2021, 2511, "亿元", "xinzixun-2021-11-07", None, None],
            ["xiangjiang", "gdp_growth_real", 2017, 0.11, "%", "rednet-en-2017-09-25"],
        ],
        {"D2": "0.00", "D3": "0.0%"},
    )
    ingest_file(tiny_store, xlsx)
    rows = tiny_store.sql(
        "SELECT indicator, original_text, value, rounding FROM observations "
        "WHERE (indicator = 'gdp' AND period = '2021') "
        "OR (indicator = 'gdp_growth_real' AND period = '2017') ORDER BY 1"
    )
    assert rows == [
        ("gdp", "2511.00亿元", 2511e8, pytest.approx(0.005e8)),
        ("gdp_growth_real", "11.0%", pytest.approx(11.0), pytest.approx(0.05)),
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (4500, "0.00", "4500.00"),
        (1234.5, "#,##0.0", "1234.5"),
        (0.052, "0.0%", "5.2"),
        (0.052, "0.0%_)", "5.2"),  # padding is not a digit
        (0.052, "[Red]0.0%", "5.2"),
        (12.3456, '0.00"%"', "12.35"),  # a quoted % is text: no scaling
        (-5.25, "0.0;(0.0)", "-5.3"),  # the negative section; halves away from zero
        (2.5, "0", "3"),
        (-0.052, "0.0%;General", None),  # negatives shown in General
        (4500, "General", None),
        (3, "@", None),
    ],
)
def test_a_value_cells_format_gives_the_digits_its_writer_showed(value, number_format, shown):
    assert shown_number(value, number_format) == shown


def test_a_year_in_a_decimal_format_is_still_a_year(tiny_store, tmp_path):
    xlsx = xlsx_file(
        tmp_path / "year.xlsx",
        [["xiangjiang", "gdp", 2021, 2511, "亿元", "xinzixun-2021-11-07", None, None]],
        {"C2": "0.00"},
    )
    ingest_file(tiny_store, xlsx)
    assert tiny_store.sql(
        "SELECT period FROM observations WHERE original_text = '2511亿元' AND period = '2021'"
    ) == [("2021",)]


def test_a_revision_from_the_same_source_is_a_new_vintage_not_an_overwrite(tiny_store, tmp_path):
    first = write_csv(
        tmp_path / "first.csv", [HEADER, "xiangjiang,gdp,2022,4282.3,亿元,xinzixun-2021-11-07,,"]
    )
    revised = write_csv(
        tmp_path / "revised.csv",
        [HEADER, "xiangjiang,gdp,2022,4283,亿元,xinzixun-2021-11-07,,revised"],
    )
    ingest_file(tiny_store, first)
    ingest_file(tiny_store, revised)
    vintages = tiny_store.sql(
        "SELECT value FROM observations WHERE period = '2022' "
        "AND source_id = 'xinzixun-2021-11-07' ORDER BY vintage, obs_id"
    )
    assert vintages == [(4282.3e8,), (4283e8,)]


def test_a_source_is_never_overwritten(tiny_store, tmp_path):
    path = write_csv(
        tmp_path / "sources_changed.csv",
        ["source_id,title,producer,tier", "rednet-en-2017-09-25,Another title,Rednet,major_media"],
    )
    assert "already exists with different content" in rejected(tiny_store, path)


def test_every_problem_in_a_file_is_reported_at_once(tiny_store, tmp_path):
    path = write_csv(
        tmp_path / "many.csv",
        [
            HEADER,
            "xiangjiang,gdp,2021,abc,亿元,rednet-en-2017-09-25,,",
            "xiangjiang,gdpp,2021,1,亿元,,,",
        ],
    )
    before = tiny_store.fingerprint()
    with pytest.raises(IngestError) as caught:
        ingest_file(tiny_store, path)
    reasons = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert reasons == [
        (2, "value", "unparseable value 'abc'"),
        (3, "indicator", "unknown indicator 'gdpp'; did you mean gdp, gdp_growth_real?"),
        (3, "source", "missing source (every value needs one)"),
    ]
    assert tiny_store.fingerprint() == before


def test_a_value_in_a_unit_that_does_not_fit_its_indicator_is_refused(tiny_store, tmp_path):
    path = write_csv(
        tmp_path / "misfit.csv", [HEADER, "xiangjiang,gdp,2021,5,%,rednet-en-2017-09-25,,"]
    )
    assert "unit '%' does not fit indicator 'gdp' (measured in CNY)" in rejected(tiny_store, path)


def test_a_bad_file_among_good_ones_imports_nothing_of_itself_only(
    tiny_store, tmp_path, fixtures_dir
):
    good = write_csv(
        tmp_path / "good.csv", [HEADER, "xiangjiang,gdp,2017,2208.85,亿元,rednet-en-2017-09-25,,"]
    )
    bad = write_csv(
        tmp_path / "bad.csv", [HEADER, "nowhere,gdp,2017,1,亿元,rednet-en-2017-09-25,,"]
    )
    shutil.copy(fixtures_dir / "ledger" / "sources.csv", tmp_path / "sources.csv")
    reports, errors = ingest_paths(tiny_store, [good, bad])
    assert [r.rows_added for r in reports] == [1]
    assert [e.problems[0].reason for e in errors] == ["unknown zone 'nowhere'"]


def test_going_back_to_an_earlier_value_is_a_new_vintage(tiny_store, tmp_path):
    versions = ["4282.3", "4283", "4282.3"]
    for number, value in enumerate(versions):
        path = write_csv(
            tmp_path / f"v{number}.csv",
            [HEADER, f"xiangjiang,gdp,2022,{value},亿元,xinzixun-2021-11-07,,"],
        )
        assert ingest_file(tiny_store, path).rows_added == 1
    held = tiny_store.sql(
        "SELECT value FROM observations WHERE period = '2022' "
        "AND source_id = 'xinzixun-2021-11-07' ORDER BY vintage, obs_id"
    )
    assert held == [(4282.3e8,), (4283e8,), (4282.3e8,)]


def test_a_finer_rounding_or_an_inclusive_bound_is_a_new_vintage(tiny_store, tmp_path):
    coarse = write_csv(
        tmp_path / "coarse.csv",
        [HEADER, "xiangjiang,rd_intensity,2023,>5,%,rednet-en-2017-09-25,,"],
    )
    inclusive = write_csv(
        tmp_path / "inclusive.csv",
        [HEADER, "xiangjiang,rd_intensity,2023,>=5,%,rednet-en-2017-09-25,,"],
    )
    assert ingest_file(tiny_store, coarse).rows_added == 1
    assert ingest_file(tiny_store, inclusive).rows_added == 1
    assert ingest_file(tiny_store, inclusive).rows_added == 0


def test_an_xlsx_with_data_on_a_second_sheet_is_refused(tiny_store, tmp_path):
    path = tmp_path / "two_sheets.xlsx"
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(
        ["xiangjiang", "gdp", "2017", "2208.85", "亿元", "rednet-en-2017-09-25", "", ""]
    )
    workbook.create_sheet("more").append(["xiangjiang", "gdp", "2016", "1801.12"])
    workbook.save(path)
    assert "sheet 'more' holds data too" in rejected(tiny_store, path)
