"""A coin to Excel in COINr's export_to_excel layout and back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from zonemetrics.cli.index_cmd import app
from zonemetrics.index import Coin
from zonemetrics.index.excel import coin_from_excel, export_to_excel


def test_export_has_coinrs_sheets_and_rebuilds_the_same_index(coin_a: Coin, tmp_path: Path) -> None:
    target = export_to_excel(coin_a, tmp_path / "asem.xlsx")
    names = load_workbook(target, read_only=True).sheetnames
    assert names[:7] == [
        "Data.Raw",
        "Data.Denominated",
        "Data.Imputed",
        "Data.Screened",
        "Data.Treated",
        "Data.Normalised",
        "Data.Aggregated",
    ]
    for sheet in ("Meta.Ind", "Meta.Lineage", "Meta.Unit", "Meta.Weights.Original"):
        assert sheet in names
    assert "Analysis.Treated.Dets_Table" in names and "Results.FullScore" in names
    lineage = pd.read_excel(target, sheet_name="Meta.Lineage").set_index("Level_1")
    assert lineage.loc["LPI", "Level_2"] == "Physical" and lineage.loc["LPI", "Level_4"] == "Index"
    again = (
        coin_from_excel(target)
        .denominate()
        .impute(f_i="i_mean_grp", use_group="EurAsia_group")
        .screen(unit_screen="byNA", dat_thresh=0.9)
        .treat(winmax=5)
        .normalise(f_n="n_minmax", l_u=[0, 100])
        .aggregate(f_ag="a_amean")
    )
    np.testing.assert_allclose(
        again.get_dset("Aggregated").col("Index"), coin_a.get_dset("Aggregated").col("Index")
    )


def test_text_starting_with_equals_stays_text(small_coin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coin = small_coin()
    coin.idata["uName"] = ['=HYPERLINK("http://x")', "B", "C", "D"]
    target = export_to_excel(coin, tmp_path / "small.xlsx")
    cell = load_workbook(target)["Meta.Unit"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.xlsx"]  # no temporary left


def test_export_command(spec_a: Path, tmp_path: Path) -> None:
    out = tmp_path / "coin.xlsx"
    result = CliRunner().invoke(app, ["export", str(spec_a), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Data.Aggregated" in load_workbook(out, read_only=True).sheetnames
