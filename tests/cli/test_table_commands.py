"""`indicators`, `table`, `compare` and `export` as an analyst runs them."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from zonemetrics.cli.main import app

runner = CliRunner()


@pytest.fixture
def bundle_path(bundle_store, tmp_path):
    """A closed copy of the bundled store, for the commands to open themselves."""
    bundle_store.raw.execute("CHECKPOINT")
    target = tmp_path / "bundle.duckdb"
    shutil.copy(bundle_store.path, target)
    return target


@pytest.fixture
def tiny_path(tiny_store):
    path = tiny_store.path
    tiny_store.close()
    return path


def run(path, *args: str):
    result = runner.invoke(app, ["--store", str(path), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_table_gdp_of_three_new_areas_as_a_workbook(bundle_path, tmp_path):
    out = tmp_path / "out.xlsx"
    run(
        bundle_path,
        "table",
        "gdp",
        "--zones",
        "xiangjiang,liangjiang,tianfu",
        "--years",
        "2018-2023",
        "--xlsx",
        str(out),
    )
    book = load_workbook(out)
    rows = list(book["gdp"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("zone", "名称", "name")
    assert [f"{y} (亿元)" in header for y in range(2018, 2024)] == [True] * 6
    names = {r[0]: (r[1], r[2]) for r in rows[1:]}
    assert names["tianfu"] == ("四川天府新区", "Sichuan Tianfu New Area")
    assert set(names) == {"xiangjiang", "liangjiang", "tianfu"}
    values = [v for r in rows[1:] for v in r[4::2] if isinstance(v, float | int)]
    assert values and all(100 < v < 100_000 for v in values)  # 亿元, not yuan
    markers = {m for r in rows[1:] for m in r[5::2] if m}
    assert markers and all(set(m.split()) <= {"B", "L", "F"} | _conflicts(m) for m in markers)
    assert book["gdp"].freeze_panes == "D2" and book["gdp"].auto_filter.ref
    sources = list(book["sources 来源"].iter_rows(values_only=True))
    cells = list(book["cells 单元格"].iter_rows(values_only=True))
    cited = {r[cells[0].index("source_id")] for r in cells[1:]}
    assert {r[0] for r in sources[1:]} == cited


def _conflicts(markers: str) -> set[str]:
    return {m for m in markers.split() if m.startswith("C") and m[1:].isdigit()}


def test_table_json_csv_and_markdown_show_the_same_cells(tiny_path):
    data = json.loads(run(tiny_path, "table", "gdp", "--zones", "湘江新区", "--json").output)
    cell = data["rows"][0]["cells"]["2015"]
    assert (cell["value"], cell["unit"], cell["conflicts"]) == (1602.5, "亿元", 1)
    rows = list(csv.reader(io.StringIO(run(tiny_path, "table", "gdp", "--csv").output)))
    header = rows[0]
    xiangjiang = next(r for r in rows if r[2] == "xiangjiang")
    assert xiangjiang[header.index("2015")] == "1602.5"
    assert xiangjiang[header.index("2015 markers")] == "C1"
    markdown = run(tiny_path, "table", "gdp", "--markdown").output
    assert "| Hunan Xiangjiang New Area | 湖南湘江新区 |" in markdown
    assert "1602.5 C1" in markdown and "Markers:" in markdown


def test_csv_on_stdout_takes_a_byte_order_mark_with_excel(tiny_path):
    result = runner.invoke(app, ["--store", str(tiny_path), "table", "gdp", "--csv", "--excel"])
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")


def test_peers_accept_the_zone_kinds_spelling(tiny_path):
    for spelling in ("provinces", "province"):
        data = json.loads(run(tiny_path, "table", "gdp", "--peers", spelling, "--json").output)
        assert [r["zone"] for r in data["rows"]] == ["hunan"]


def test_compare_two_zones_over_years(tiny_path):
    output = run(
        tiny_path,
        "compare",
        "xiangjiang",
        "湖南",
        "--indicators",
        "gdp",
        "--years",
        "2015,2022",
        "--json",
    ).output
    data = json.loads(output)
    assert data["zones"] == ["xiangjiang", "hunan"] and data["years"] == [2015, 2022]
    (gdp,) = data["indicators"]
    assert gdp["rows"][1]["cells"]["2022"]["value"] == 48670.4


def test_indicators_lists_codes_names_and_how_much_is_held(tiny_path):
    rows = {r["code"]: r for r in json.loads(run(tiny_path, "indicators", "--json").output)}
    assert rows["gdp"]["name_zh"] == "地区生产总值" and rows["gdp"]["zones"] == 2
    assert run(tiny_path, "indicators").output.count("gdp") >= 1


def test_one_output_at_a_time(tiny_path):
    result = runner.invoke(app, ["--store", str(tiny_path), "table", "gdp", "--csv", "--json"])
    assert result.exit_code != 0
    assert "choose one output" in str(result.exception)


def test_export_with_filters_and_excel_from_the_command_line(tiny_path, tmp_path):
    run(
        tiny_path,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "csv"),
        "--zones",
        "xiangjiang",
        "--years",
        "2015",
        "--excel",
    )
    raw = (tmp_path / "csv" / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["zone_id"] for r in rows} == {"xiangjiang"}
    assert {r["period"] for r in rows} == {"2015"}


@pytest.mark.parametrize("command", ["table", "compare", "indicators", "export"])
def test_every_option_and_argument_has_help(command):
    import typer.main

    from zonemetrics.cli.main import app as main_app

    group = typer.main.get_command(main_app)
    params = group.commands[command].params
    assert params and all(p.help for p in params if p.name != "ctx"), [
        p.name for p in params if not p.help
    ]
