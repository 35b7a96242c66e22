"""Importing a JRC COIN Tool workbook (COINr's import_coin_tool).

The real template could not be downloaded here, so `write_coin_tool_workbook` lays out
COINr's ASEM example at the cell addresses COINr's reader uses (Database: rows 7-16
the indicator metadata, units from row 17, columns B, C and E onwards; Framework:
C5:H52). Where R and COINr are installed, COINr's own import_coin_tool reads the same
workbook and the two imports are compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from zonemetrics.cli.index_cmd import app
from zonemetrics.index import Coin
from zonemetrics.index.coin_tool import names_to_codes, read_coin_tool
from zonemetrics.index.errors import IndexSpecError


def write_coin_tool_workbook(idata: pd.DataFrame, imeta: pd.DataFrame, path: Path) -> Path:
    """A workbook in the COIN Tool's layout from a coin's iData and iMeta with levels
    1 (indicators), 2 (pillars), 3 (sub-indices) and 4 (the index). The tool's codes
    are used (`Ind.01`, `p.01`, `si.01`, `Index`); its sub-pillar level is left unused
    (one code repeated), as a framework without sub-pillars has it."""
    ind = imeta[imeta["Type"] == "Indicator"].reset_index(drop=True)
    pillars = imeta[(imeta["Type"] == "Aggregate") & (imeta["Level"] == 2)]["iCode"].tolist()
    subs = imeta[(imeta["Type"] == "Aggregate") & (imeta["Level"] == 3)]["iCode"].tolist()
    tool_code = {p: f"p.{i + 1:02d}" for i, p in enumerate(pillars)}
    tool_code |= {s: f"si.{i + 1:02d}" for i, s in enumerate(subs)}
    parent = dict(zip(imeta["iCode"], imeta["Parent"], strict=True))
    book = Workbook()
    db = book.active
    db.title = "Database"
    for j, row in ind.iterrows():
        col = 5 + int(j)  # type: ignore[call-overload]
        pillar = row["Parent"]
        db.cell(7, col, float(row["Weight"]))
        db.cell(8, col, float(row["Direction"]))
        db.cell(11, col, "Index")
        db.cell(12, col, tool_code[parent[pillar]])
        db.cell(13, col, tool_code[pillar])
        db.cell(14, col, "sp.01")
        db.cell(15, col, row["iName"])
        db.cell(16, col, f"Ind.{int(j) + 1:02d}")  # type: ignore[call-overload]
        for i, value in enumerate(idata[row["iCode"]]):
            db.cell(17 + i, col, "n/a" if pd.isna(value) else float(value))
    for i, unit in idata.reset_index(drop=True).iterrows():
        db.cell(17 + int(i), 2, unit["uName"])  # type: ignore[call-overload]
        db.cell(17 + int(i), 3, unit["uCode"])  # type: ignore[call-overload]
    fw = book.create_sheet("Framework")
    for col, header in zip(
        "CDEFGH", ["Dimension/indicator", "Level", "Weight", "", "", "Name"], strict=True
    ):
        fw[f"{col}4"] = header or None
    rows = [("Index", "Index", 1.0, "Index")]
    for code in subs + pillars:
        name = imeta.loc[imeta["iCode"] == code, "iName"].iloc[0]
        weight = float(imeta.loc[imeta["iCode"] == code, "Weight"].iloc[0])
        rows.append((tool_code[code], "aggregate", weight, name))
    rows += [(f"Ind.{j + 1:02d}", "indicator", 1.0, n) for j, n in enumerate(ind["iName"])]
    for r in range(5, 53):
        code, level, weight, name = rows[r - 5] if r - 5 < len(rows) else ("--", "--", 0, "--")
        fw[f"C{r}"], fw[f"D{r}"], fw[f"E{r}"], fw[f"H{r}"] = code, level, weight, name
    book.save(path)
    return path


@pytest.fixture(scope="module")
def asem_tables(asem_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(asem_dir / "ASEM_iData.csv"), pd.read_csv(asem_dir / "ASEM_iMeta.csv")


@pytest.fixture
def workbook(asem_tables: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path) -> Path:
    return write_coin_tool_workbook(*asem_tables, tmp_path / "coin_tool.xlsx")


def _simple_index(coin: Coin) -> np.ndarray:
    coin.normalise(f_n="n_minmax", l_u=[0, 100]).aggregate(f_ag="a_amean")
    return coin.get_dset("Aggregated").col("Index")


def test_the_workbook_gives_the_same_index_as_the_tables_it_was_made_from(
    workbook: Path, asem_tables: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    idata, imeta = asem_tables
    data = read_coin_tool(workbook)
    indicators = imeta[imeta["Type"] == "Indicator"]
    assert len(data.idata) == len(idata) and list(data.idata["uCode"]) == list(idata["uCode"])
    levels = data.imeta.groupby("Level")["iCode"].count().to_dict()
    n_pillars = int(((imeta["Type"] == "Aggregate") & (imeta["Level"] == 2)).sum())
    assert levels == {1: len(indicators), 2: n_pillars, 3: 2, 4: 1}  # sub-pillars dropped
    first = data.imeta.iloc[0]
    assert (first["iCode"], first["iName"], first["Parent"]) == (
        "Ind.01",
        "Logistics Performance Index",
        "p.01",
    )
    np.testing.assert_array_equal(data.idata["Ind.01"], idata[indicators["iCode"].iloc[0]])
    mine = _simple_index(Coin(data.idata, data.imeta, source=data.source))
    theirs = _simple_index(Coin(idata, imeta[imeta["Type"].isin(["Indicator", "Aggregate"])]))
    np.testing.assert_allclose(mine, theirs, rtol=1e-12)


def test_codes_from_names_as_coinr_makes_them() -> None:
    assert names_to_codes(["Logistics Performance Index", "Ease of doing business"]) == [
        "LogiPerf",
        "EaseDoin",
    ]
    assert names_to_codes(["Trade in goods", "Trade in services", "Trade in goods"]) == [
        "TradGood",
        "TradServ",
        "TradGood_1",
    ]


def test_a_value_typed_as_text_is_refused_naming_the_cell(workbook: Path) -> None:
    book = load_workbook(workbook)
    book["Database"]["F18"] = "12,5"
    book.save(workbook)
    with pytest.raises(IndexSpecError, match=r"sheet Database, cell F18: '12,5' is not a number"):
        read_coin_tool(workbook)


def test_a_workbook_without_the_tools_sheets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(IndexSpecError, match="no sheet 'Database'"):
        read_coin_tool(path)


def test_the_command_writes_data_meta_and_a_spec_that_runs(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported"
    result = CliRunner().invoke(app, ["import-coin-tool", str(workbook), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["iData.csv", "iMeta.csv", "spec.yaml"]
    run = CliRunner().invoke(app, ["run", str(out / "spec.yaml"), "--out", str(tmp_path / "r")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "r" / "scores.csv").is_file()


COINR_IMPORT = """
suppressPackageStartupMessages(library(COINr))
args <- commandArgs(TRUE)
l <- suppressWarnings(suppressMessages(import_coin_tool(args[1], makecodes = args[3] == "yes")))
write.csv(l$iData, file.path(args[2], "iData.csv"), row.names = FALSE)
write.csv(l$iMeta, file.path(args[2], "iMeta.csv"), row.names = FALSE)
"""


def coinr_import(workbook: Path, out: Path, makecodes: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """COINr's import_coin_tool of the workbook (skips where R or COINr is missing)."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript not found: install r-base-core and COINr (docs/index.md)")
    script = out / "import.R"
    script.write_text(COINR_IMPORT)
    done = subprocess.run(
        [rscript, str(script), str(workbook), str(out), "yes" if makecodes else "no"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "COINr" in done.stderr:
        pytest.skip("R is installed but COINr (or readxl) is not (docs/index.md)")
    assert done.returncode == 0, done.stderr
    return pd.read_csv(out / "iData.csv"), pd.read_csv(out / "iMeta.csv")


def assert_same_import(workbook: Path, out: Path, makecodes: bool) -> None:
    theirs_data, theirs_meta = coinr_import(workbook, out, makecodes)
    mine = read_coin_tool(workbook, makecodes=makecodes)
    pd.testing.assert_frame_equal(
        mine.idata, theirs_data[list(mine.idata.columns)], check_dtype=False
    )
    cols = ["iCode", "iName", "Level", "Parent", "Direction", "Weight", "Type"]
    key = ["Level", "iCode"]
    ours = mine.imeta[cols].sort_values(key).reset_index(drop=True)
    coinr = theirs_meta[cols].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, coinr, check_dtype=False)


@pytest.mark.parametrize("makecodes", [False, True])
def test_the_import_equals_coinrs_import_coin_tool(
    workbook: Path, tmp_path: Path, makecodes: bool
) -> None:
    assert_same_import(workbook, tmp_path, makecodes)


def _real_coin_tool() -> Path | None:
    """The JRC's own example workbook, where someone has put it: $ZONEMETRICS_COIN_TOOL,
    or shared/data/coin-tool/ beside the repository. It is not redistributed here."""
    named = os.environ.get("ZONEMETRICS_COIN_TOOL")
    if named:
        return Path(named)
    for folder in Path(__file__).resolve().parents:
        found = sorted((folder / "shared" / "data" / "coin-tool").glob("COIN_Tool*.xls[xm]"))
        if found:
            return found[0]
    return None


def test_the_jrcs_own_example_workbook_imports_as_coinr_imports_it(tmp_path: Path) -> None:
    real = _real_coin_tool()
    if real is None or not real.is_file():
        pytest.skip(
            "the COIN Tool's example workbook is not on this machine (set "
            "ZONEMETRICS_COIN_TOOL or put it in shared/data/coin-tool/)"
        )
    data = read_coin_tool(real, makecodes=True)
    coin = Coin(data.idata, data.imeta, source=data.source)
    assert np.isfinite(_simple_index(coin)).any()
    assert_same_import(real, tmp_path, makecodes=True)
