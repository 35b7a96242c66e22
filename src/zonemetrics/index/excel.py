"""A coin to Excel in the layout of COINr's export_to_excel, and back.

COINr writes every data frame of the coin to its own sheet, named by its place in the
coin: `Data.Raw`, `Data.Treated`, ..., `Meta.Ind`, `Meta.Lineage`, `Meta.Unit`,
`Meta.Weights.Original`, `Analysis.Treated.Dets_Table`, `Results.FullScore`. The same
names are used here, so a workbook from either program reads the same way, and
`coin_from_excel` rebuilds a coin from `Data.Raw` and `Meta.Ind` (plus the unit
metadata of `Meta.Unit`) of a workbook written by either.

The file is written to a temporary name in the target folder and renamed into place,
so a failed export never leaves a broken workbook under the real name; text cells
are stored as text, so a name beginning with '=' is never turned into a formula.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.publish.safe_write import atomic_path

SHEET_LIMIT = 31  # Excel's limit on a sheet name, which COINr truncates to as well


def coin_tables(coin: Coin) -> dict[str, pd.DataFrame]:
    """The coin's data frames under COINr's sheet names, in COINr's order."""
    fw = coin.framework
    unit_cols = [c for c in coin.idata.columns if c not in fw.indicators and c != "Time"]
    tables: dict[str, pd.DataFrame] = {}
    for name, ds in coin.dsets.items():
        if not name.startswith("_"):
            tables[f"Data.{name}"] = ds.to_frame()
    tables["Meta.Ind"] = coin.imeta.copy()
    lineage = pd.DataFrame({f"Level_{1}": fw.indicators})
    for lev in range(2, fw.top_level + 1):
        parents = []
        for code in fw.indicators:
            node: str | None = code
            while node is not None and fw.level[node] < lev:
                node = fw.parent[node]
            parents.append(node)
        lineage[f"Level_{lev}"] = parents
    tables["Meta.Lineage"] = lineage
    tables["Meta.Unit"] = coin.idata[unit_cols].drop_duplicates().reset_index(drop=True)
    for set_name, weights in coin.weights.items():
        tables[f"Meta.Weights.{set_name}"] = pd.DataFrame(
            {
                "iCode": list(weights),
                "Level": [fw.level.get(c) for c in weights],
                "Weight": list(weights.values()),
            }
        )
    for key, label in (
        ("Treated", "Analysis.Treated.Dets_Table"),
        ("Screened", "Analysis.Screened.ScreenedUnits"),
    ):
        table = coin.details.get(key)
        if isinstance(table, pd.DataFrame):
            tables[label] = table
    if "Aggregated" in coin.dsets:
        from zonemetrics.index.analysis import get_results

        tables["Results.FullScore"] = get_results(coin, tab_type="Full", nround=None)
    return {name[:SHEET_LIMIT]: frame for name, frame in tables.items()}


def export_to_excel(coin: Coin, path: str | Path) -> Path:
    """Write the coin to an .xlsx workbook in COINr's export_to_excel layout."""
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise IndexSpecError(f"{target}: the workbook must be an .xlsx file")
    if target.is_symlink():
        raise IndexSpecError(f"{target}: is a symbolic link; refusing to write through it")
    target.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for name, frame in coin_tables(coin).items():
        sheet = book.create_sheet(name)
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for cells in sheet.iter_rows(min_row=1):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
    with atomic_path(target) as part:
        book.save(part)
    return target


def _cell(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if value is pd.NA or value is None:
        return None
    return value


def coin_from_excel(path: str | Path, panel: bool = False) -> Coin:
    """A new coin from a workbook in the export_to_excel layout: iData is Data.Raw with
    the unit metadata of Meta.Unit (names, groups, denominators), iMeta is Meta.Ind."""
    source = Path(path)
    try:
        sheets = pd.read_excel(source, sheet_name=None)
    except FileNotFoundError as exc:
        raise IndexSpecError(f"{source}: file not found") from exc
    except (ValueError, OSError) as exc:
        raise IndexSpecError(f"{source}: not a readable workbook ({exc})") from exc
    for needed in ("Data.Raw", "Meta.Ind"):
        if needed not in sheets:
            raise IndexSpecError(f"{source}: no sheet {needed!r} (COINr's export_to_excel layout)")
    idata = sheets["Data.Raw"]
    units = sheets.get("Meta.Unit")
    if units is not None and "uCode" in units.columns:
        extra = [c for c in units.columns if c not in idata.columns]
        idata = idata.merge(units[["uCode", *extra]], on="uCode", how="left")
    return Coin(idata, sheets["Meta.Ind"], panel=panel, source=f"{source} (Data.Raw)")
