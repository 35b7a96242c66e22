"""The hostile-input corpus: every bad value the reliability probe slipped past the
ingest (issue 15) ends in a clear error naming file, row, column and reason, and the
store is left exactly as it was.

Text files live in tests/ingest/hostile/; binary ones (XLSX, Parquet, zip bombs,
encrypted PDFs, undecidable encodings) are made here, because their point is in bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.load import ingest_file
from zonemetrics.ingest.texts import read_text

CORPUS = Path(__file__).parent / "hostile"
HEADER = ["zone", "indicator", "period", "value", "unit", "source"]
SOURCE = "rednet-en-2017-09-25"


def refused(store, path: Path, **options) -> IngestError:
    """Ingest a file that must be refused; the store must not change at all."""
    before = store.fingerprint()
    with pytest.raises(IngestError) as caught:
        ingest_file(store, path, **options)
    assert store.fingerprint() == before
    return caught.value


@pytest.mark.parametrize(
    ("name", "row", "column", "reason"),
    [
        ("value_1e301_yi_yuan.csv", 2, "value", "too large to be a figure"),
        ("value_400_digits.csv", 2, "value", "too large to be a figure"),
        ("negative_land_area.csv", 2, "value", "-490 km2 is outside the range 0 to"),
        ("rd_intensity_minus_350_percent.csv", 2, "value", "-350 percent is outside"),
        ("source_dates_not_on_the_calendar.csv", 2, "published", "month 2 has no day 30"),
        ("zone_approval_date_not_on_the_calendar.csv", 2, "approval_date", "no day 30"),
        ("empty_header_over_data.csv", 2, "column 6", "its column has no header"),
        ("same_figure_twice_different_values.csv", 3, "value", "duplicate of row 2"),
    ],
)
def test_each_hostile_file_is_refused_with_its_cell_and_reason(
    tiny_store, name, row, column, reason
):
    error = refused(tiny_store, CORPUS / name)
    first = error.problems[0]
    assert (first.file, first.row, first.column) == (str(CORPUS / name), row, column)
    assert reason in first.reason


def test_both_impossible_source_dates_are_reported(tiny_store):
    error = refused(tiny_store, CORPUS / "source_dates_not_on_the_calendar.csv")
    assert [(p.row, p.column) for p in error.problems] == [(2, "published"), (3, "accessed")]
    assert "there is no month 13" in error.problems[1].reason


def test_a_negative_count_is_refused(bundle_copy, tmp_path):
    path = tmp_path / "negative_firms.csv"
    path.write_text(
        ",".join(HEADER) + "\nxiangjiang,high_tech_enterprises,2023,-5,家," + SOURCE + "\n"
    )
    assert "-5 count is outside the range 0" in str(refused(bundle_copy, path))


def test_nul_and_terminal_escapes_in_a_name_are_refused(tiny_store, tmp_path):
    path = tmp_path / "escapes.csv"
    path.write_text(
        "zone_id,name_zh,name_en,kind\n"
        "evil,新区\x00,Evil,new_area\n"
        "evil2,新区,\x1b[31mRed\x1b[0m,new_area\n"
    )
    error = refused(tiny_store, path)
    found = [(p.row, p.column, p.reason.split(" (")[0]) for p in error.problems]
    assert found == [
        (2, "name_zh", "the cell holds the control character U+0000"),
        (3, "name_en", "the cell holds the control character U+001B"),
    ]


def test_a_latin1_note_is_not_decoded_as_chinese_but_asks_for_the_encoding(tiny_store, tmp_path):
    path = tmp_path / "latin1.csv"
    row = f"xiangjiang,gdp,2022,4282.3,100m yuan,{SOURCE},Zürich office estimate"
    path.write_bytes(b"zone,indicator,period,value,unit,source,note\n" + row.encode("latin-1"))
    error = refused(tiny_store, path)
    assert "cannot tell the file's encoding" in str(error)
    assert "--encoding" in str(error)
    report = ingest_file(tiny_store, path, encoding="latin-1")
    assert report.rows_added == 1
    notes = tiny_store.sql("SELECT note FROM observations WHERE note LIKE 'Z%'")
    assert notes == [("Zürich office estimate",)]


def test_a_gbk_file_is_still_read_without_being_told(tiny_store, tmp_path):
    path = tmp_path / "gbk.csv"
    text = f"区域,指标,年份,数值,单位,来源编号\n湘江新区,gdp,2022,4282.3,亿元,{SOURCE}\n"
    path.write_bytes(text.encode("gbk"))
    assert ingest_file(tiny_store, path).rows_read == 1


def _xlsx(path: Path, value: object) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["xiangjiang", "gdp", "2023", value, "亿元", SOURCE])
    workbook.save(path)
    return path


def test_1e308_in_a_spreadsheet_is_refused_not_stored_as_infinity(tiny_store, tmp_path):
    error = refused(tiny_store, _xlsx(tmp_path / "huge.xlsx", 1e308))
    assert error.problems[0].column == "value"
    assert "too large to be a figure" in error.problems[0].reason


def test_1e308_in_parquet_is_refused(tiny_store, tmp_path):
    path = tmp_path / "huge.parquet"
    cells = ["xiangjiang", "gdp", "2023", 1e308, "亿元", SOURCE]
    table = pa.table({name: [cell] for name, cell in zip(HEADER, cells, strict=True)})
    pq.write_table(table, path)
    assert refused(tiny_store, path).problems[0].column == "value"


def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(tiny_store, tmp_path):
    """A sheet that declares 64 MB and compresses a thousandfold: refused from the zip
    directory alone (reading it would take minutes and gigabytes)."""
    good = _xlsx(tmp_path / "good.xlsx", 4282.3)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b" " * (64 << 20) + b"</sheetData>")
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 1 << 20
    reason = refused(tiny_store, bomb).problems[0].reason
    assert "refused as a likely zip bomb" in reason


def test_a_missing_file_and_a_folder_are_clear_errors(tiny_store, tmp_path):
    assert "no such file" in str(refused(tiny_store, tmp_path / "absent.csv"))
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "is a folder" in str(refused(tiny_store, folder))


def test_an_encrypted_pdf_is_a_clear_error(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ZonemetricsError, match="the PDF is encrypted"):
        read_text(path)


def test_a_text_above_the_harvest_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import zonemetrics.ingest.texts as texts

    monkeypatch.setattr(texts, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "long.txt"
    path.write_text("湘江新区" * 1000)
    with pytest.raises(ZonemetricsError, match="above the limit"):
        read_text(path)
