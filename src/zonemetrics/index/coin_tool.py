"""Import a workbook of the JRC's COIN Tool (its Excel template for composite indicators)
as iData and iMeta, the way COINr's `import_coin_tool` reads it.

The template keeps everything at fixed places, so the reader goes by cell address:

* sheet `Database`, one column per indicator from column E (at most 99, to CY):
  row 7 the weight, 8 the direction, 9 the lower and 10 the upper goalpost, 11 the
  index code, 12 the sub-index, 13 the pillar and 14 the sub-pillar the indicator
  belongs to, 15 its name and 16 its code (`Ind.01` ...); from row 17 (at most 299
  units, to row 315) one row per unit, column B its name, C its code, E... its values,
  `n/a` or an empty cell for a missing value;
* sheet `Framework`, rows 5 to 52 (one lower in the tool's pre-2019 release): column C
  the code of a sub-pillar (`sp.`), pillar (`p.`), sub-index (`si.`) or the index
  (`Index`), E its weight and H its name; `--` marks an unused row.

An aggregation level the tool leaves unused shows as one code repeated over every
indicator in its Database row; it is dropped, as COINr drops it, and the levels left
are numbered from 2 upwards. Unlike COINr, which turns any text in a value cell into a
missing value, a value cell holding text other than `n/a` is refused with the sheet,
cell and text named: a typed '12,5' or '>5%' would otherwise vanish without a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from zonemetrics.index.errors import IndexSpecError

FIRST_COLUMN = 5  # E
LAST_COLUMN = 103  # CY
FIRST_UNIT_ROW = 17
LAST_UNIT_ROW = 315
META_ROWS = {
    7: "Weight",
    8: "Direction",
    9: "goalpost_lower",
    10: "goalpost_upper",
    11: "Index",
    12: "si.",
    13: "p.",
    14: "sp.",
    15: "iName",
    16: "iCode",
}
# the aggregation rows from the indicators upwards, with the prefix of their codes
LEVEL_ROWS = (("sp.", 14), ("p.", 13), ("si.", 12), ("Index", 11))
MISSING_TEXT = ("n/a", "")
GOALPOST_SCALE = 100.0  # n_goalposts gives scores in [0, 100] unless iMeta says otherwise


@dataclass(frozen=True)
class CoinToolData:
    """What a COIN Tool workbook holds, in the engine's layout."""

    idata: pd.DataFrame
    imeta: pd.DataFrame
    source: str


def _column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _sheet_rows(book: Any, name: str, source: Path, max_row: int) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        raise IndexSpecError(f"{source}: no sheet {name!r} (not a COIN Tool workbook)")
    rows = book[name].iter_rows(min_row=1, max_row=max_row, max_col=LAST_COLUMN, values_only=True)
    return [tuple(r) + (None,) * (LAST_COLUMN - len(r)) for r in rows]


def _cell(rows: list[tuple[Any, ...]], row: int, col: int) -> Any:
    """The value at a 1-based (row, column), None beyond what the sheet holds."""
    if row > len(rows):
        return None
    return rows[row - 1][col - 1]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, where: str) -> float:
    """A value cell: a number, or missing for `n/a` and empty; other text is refused."""
    if isinstance(value, bool):
        raise IndexSpecError(f"{where}: {value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = _text(value)
    if text.lower() in MISSING_TEXT:
        return float("nan")
    try:
        return float(text)
    except ValueError:
        raise IndexSpecError(f"{where}: {text!r} is not a number (or n/a)") from None


def names_to_codes(names: Sequence[str], maxword: int = 2, maxlet: int = 4) -> list[str]:
    """Short codes from long names, as COINr's names_to_codes makes them: words of one to
    three characters followed by a space are dropped, the first `maxword` words are cut
    to `maxlet` letters and capitalised, and duplicates get `_1`, `_2` ... (R's
    make.unique)."""
    codes = []
    for name in names:
        words = [w for w in re.split(r" +", re.sub(r"\b\w{1,3}\s", "", name)) if w != ""]
        parts = [w[:maxlet] for w in words[:maxword]]
        parts = [re.sub(r"\b([a-z])([a-z]+)", lambda m: m[1].upper() + m[2], p) for p in parts]
        codes.append("".join(parts))
    seen: dict[str, int] = {}
    taken = set(codes)
    unique = []
    for code in codes:
        if code not in seen:
            seen[code] = 0
            unique.append(code)
            continue
        while True:
            seen[code] += 1
            candidate = f"{code}_{seen[code]}"
            if candidate not in taken:
                break
        taken.add(candidate)
        unique.append(candidate)
    return unique


def read_coin_tool(
    path: str | Path, makecodes: bool = False, oldtool: bool = False
) -> CoinToolData:
    """iData and iMeta from a COIN Tool workbook (see the module docstring for the
    layout). makecodes: indicator codes from their names (COINr's names_to_codes)
    instead of the tool's `Ind.01` ...; oldtool: the pre-2019 release, whose Framework
    rows sit one lower."""
    from openpyxl import load_workbook

    source = Path(path)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise IndexSpecError(f"{source}: file not found") from exc
    except (OSError, ValueError, KeyError) as exc:
        raise IndexSpecError(f"{source}: not a readable .xlsx workbook ({exc})") from exc
    try:
        database = _sheet_rows(book, "Database", source, LAST_UNIT_ROW)
        framework = _sheet_rows(book, "Framework", source, 53)
    finally:
        book.close()

    def at(row: int, col: int) -> str:
        return f"{source}, sheet Database, cell {_column_letter(col)}{row}"

    # indicators are the columns, and units the rows, holding at least one value
    filled = {
        (r, c)
        for r in range(FIRST_UNIT_ROW, LAST_UNIT_ROW + 1)
        for c in range(FIRST_COLUMN, LAST_COLUMN + 1)
        if _text(_cell(database, r, c)).lower() not in MISSING_TEXT
    }
    columns = sorted({c for _, c in filled})
    unit_rows = sorted({r for r, _ in filled})
    if not columns:
        raise IndexSpecError(f"{source}: sheet Database has no values in E17:CY315")
    meta = pd.DataFrame(
        {name: [_cell(database, row, c) for c in columns] for row, name in META_ROWS.items()}
    )
    for c, code in zip(columns, meta["iCode"], strict=True):
        if not _text(code):
            raise IndexSpecError(f"{at(16, c)}: the indicator code is empty")
    for key in ("Weight", "Direction", "goalpost_lower", "goalpost_upper"):
        row = next(r for r, name in META_ROWS.items() if name == key)
        meta[key] = [_number(v, at(row, c)) for v, c in zip(meta[key], columns, strict=True)]
    meta["iCode"] = [_text(v) for v in meta["iCode"]]
    meta["iName"] = [_text(v) or code for v, code in zip(meta["iName"], meta["iCode"], strict=True)]

    idata = pd.DataFrame(
        {
            "uName": [_text(_cell(database, r, 2)) or None for r in unit_rows],
            "uCode": [_text(_cell(database, r, 3)) for r in unit_rows],
        }
    )
    for r, code in zip(unit_rows, idata["uCode"], strict=True):
        if not code:
            raise IndexSpecError(f"{at(r, 3)}: the unit code is empty")
    _refuse_duplicates(idata["uCode"], "unit code", source)
    codes = names_to_codes(list(meta["iName"])) if makecodes else list(meta["iCode"])
    _refuse_duplicates(pd.Series(codes), "indicator code", source)
    for c, code in zip(columns, codes, strict=True):
        idata[code] = [_number(_cell(database, r, c), at(r, c)) for r in unit_rows]
    meta["iCode"] = codes

    # the aggregation levels in use: an unused one repeats one code (the index is kept)
    levels = [
        (prefix, key)
        for prefix, key in (("sp.", "sp."), ("p.", "p."), ("si.", "si."), ("Index", "Index"))
        if key == "Index" or meta[key].map(_text).nunique() > 1
    ]
    lineage = [[_text(v) for v in meta[key]] for _, key in levels]
    for (prefix, key), codes_at in zip(levels, lineage, strict=True):
        row = next(r for r, name in META_ROWS.items() if name == key)
        for c, code in zip(columns, codes_at, strict=True):
            if not code:
                raise IndexSpecError(f"{at(row, c)}: the indicator's {prefix} code is empty")
    indicators = pd.DataFrame(
        {
            "iCode": meta["iCode"],
            "iName": meta["iName"],
            "Level": 1,
            "Parent": lineage[0],
            "Direction": meta["Direction"],
            "Weight": meta["Weight"],
            "Type": "Indicator",
            "goalpost_lower": meta["goalpost_lower"],
            "goalpost_upper": meta["goalpost_upper"],
            "goalpost_scale": GOALPOST_SCALE,
        }
    )
    aggregates = _aggregates(framework, levels, lineage, source, oldtool)
    imeta = pd.concat([indicators, aggregates], ignore_index=True)
    return CoinToolData(idata, imeta, f"{source} (COIN Tool)")


def _aggregates(
    framework: list[tuple[Any, ...]],
    levels: list[tuple[str, str]],
    lineage: list[list[str]],
    source: Path,
    oldtool: bool,
) -> pd.DataFrame:
    """The aggregates listed in the Framework sheet, with their level (by the prefix of
    their code, among the levels in use) and their parent (from the indicators' lineage)."""
    first = 6 if oldtool else 5
    rows = []
    for r in range(first, first + 48):
        code = _text(_cell(framework, r, 3))
        if code in ("", "--"):
            continue
        level = next((i + 2 for i, (p, _) in enumerate(levels) if code.startswith(p)), None)
        if level is None:
            continue  # an indicator or another row of the sheet: not an aggregate
        where = f"{source}, sheet Framework, cell E{r}"
        weight = _number(_cell(framework, r, 5), where)
        rows.append((code, _text(_cell(framework, r, 8)) or code, level, weight, r))
    out = []
    for code, name, level, weight, r in rows:
        below = lineage[level - 2]
        if code not in below:
            raise IndexSpecError(
                f"{source}, sheet Framework, cell C{r}: {code!r} is not the "
                f"{levels[level - 2][0]} code of any indicator in sheet Database"
            )
        parent = None
        if level - 1 < len(lineage):
            parents = {
                up for here, up in zip(below, lineage[level - 1], strict=True) if here == code
            }
            if len(parents) != 1:
                raise IndexSpecError(
                    f"{source}, sheet Database: {code!r} sits under {sorted(parents)}; "
                    "an aggregate has one parent"
                )
            parent = parents.pop()
        out.append(
            {
                "iCode": code,
                "iName": name,
                "Level": level,
                "Parent": parent,
                "Direction": 1.0,
                "Weight": weight,
                "Type": "Aggregate",
            }
        )
    listed = {row["iCode"] for row in out}
    for depth, codes_at in enumerate(lineage):
        missing = sorted(set(codes_at) - listed)
        if missing:
            raise IndexSpecError(
                f"{source}, sheet Framework: no row for {', '.join(missing)} "
                f"(used as {levels[depth][0]} codes in sheet Database)"
            )
    return pd.DataFrame(out)


def _refuse_duplicates(codes: pd.Series, what: str, source: Path) -> None:
    repeated = sorted(set(codes[codes.duplicated()]))
    if repeated:
        raise IndexSpecError(f"{source}: {what} {', '.join(map(str, repeated))} appears twice")


def write_coin_tool_spec(data: CoinToolData, out: str | Path) -> list[Path]:
    """iData.csv, iMeta.csv and a spec.yaml that builds the index from them with
    min-max normalisation and arithmetic means (a starting point to edit)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "iData.csv", folder / "iMeta.csv", folder / "spec.yaml"]
    data.idata.to_csv(paths[0], index=False)
    data.imeta.to_csv(paths[1], index=False)
    paths[2].write_text(
        f"# Imported from {data.source}; the steps are a starting point, not the tool's own.\n"
        "data: iData.csv\n"
        "meta: iMeta.csv\n"
        "steps:\n"
        "  - normalise: {f_n: n_minmax, l_u: [0, 100]}\n"
        "  - aggregate: {f_ag: a_amean}\n",
        "utf-8",
    )
    return paths
