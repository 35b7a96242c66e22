"""`indicators`, `table`, `compare`: the analyst's tables.

A zone x year table of preferred values (in 亿元, %), a comparison of zones over years,
and the list of indicator codes, printed as a Rich table or written as JSON, CSV,
Markdown (to paste into a report) or XLSX. Heavy modules are imported inside the
commands, so `zonemetrics --help` stays fast.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_reading
from zonemetrics.cli.render import console, print_json, print_table
from zonemetrics.errors import ZonemetricsError

if TYPE_CHECKING:
    from zonemetrics.indicators.tables import ZoneYearTable

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
CsvOption = Annotated[
    bool, typer.Option("--csv", help="Print CSV (zones down, each year a value and a marker).")
]
MarkdownOption = Annotated[
    bool, typer.Option("--markdown", help="Print a Markdown table to paste into a report.")
]
XlsxOption = Annotated[
    Path | None,
    typer.Option(
        "--xlsx",
        help="Write an XLSX workbook to this file: a zone x year sheet per indicator, "
        "every cell in long form, the sources cited, frozen headers and filters.",
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="With --csv: start with a byte-order mark, so Excel reads the Chinese right.",
    ),
]
RawTextOption = Annotated[
    bool,
    typer.Option(
        "--raw-text",
        help="Write text cells exactly as held; by default a cell starting with = + - @, "
        "tab or CR gets a leading ' so spreadsheets never run it as a formula.",
    ),
]
YearsOption = Annotated[
    str | None,
    typer.Option("--years", help="Years: 2018-2023, 2018,2020 or 2023 (default: all held)."),
]
ZonesOption = Annotated[
    str | None,
    typer.Option(
        "--zones", help="Zones, comma-separated: ids or names (xiangjiang,两江新区,tianfu)."
    ),
]


def _one_output(**chosen: Any) -> None:
    picked = [name for name, value in chosen.items() if value]
    if len(picked) > 1:
        raise ZonemetricsError(f"choose one output: {' or '.join('--' + p for p in picked)}")


def _wide_header(tables: list[ZoneYearTable]) -> list[str]:
    header = ["indicator", "unit", "zone", "name_zh", "name_en"]
    for year in tables[0].years if tables else []:
        header += [str(year), f"{year} markers"]
    return header


def _wide_rows(tables: list[ZoneYearTable]) -> list[list[Any]]:
    from zonemetrics.publish.ledger_workbook import cell_value

    rows = []
    for table in tables:
        for row in table.rows:
            line: list[Any] = [table.indicator, table.unit, row.zone_id, row.name_zh, row.name_en]
            for year in table.years:
                cell = row.cells.get(year)
                line += [cell_value(cell), cell.marker_text if cell else None]
            rows.append(line)
    return rows


def _print_csv(tables: list[ZoneYearTable], *, bom: bool, raw_text: bool) -> None:
    from zonemetrics.publish.cells import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_wide_header(tables))
    for line in _wide_rows(tables):
        writer.writerow([neutralise(v) if isinstance(v, str) and not raw_text else v for v in line])
    data = buffer.getvalue().encode("utf-8")
    sys.stdout.buffer.write((b"\xef\xbb\xbf" if bom else b"") + data)
    sys.stdout.flush()


def _markdown_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    return f"{cell.text} {cell.marker_text}".strip()


def _print_markdown(tables: list[ZoneYearTable]) -> None:
    from zonemetrics.indicators.tables import MARKERS

    out = []
    for table in tables:
        out.append(f"**{table.name_en} / {table.name_zh}** ({table.unit})\n")
        out.append("| zone | 名称 | " + " | ".join(str(y) for y in table.years) + " |")
        out.append("|---|---|" + "---:|" * len(table.years))
        for row in table.rows:
            cells = [_markdown_text(_cell_text(row.cells.get(y))) for y in table.years]
            names = f"{_markdown_text(row.name_en)} | {_markdown_text(row.name_zh)}"
            out.append(f"| {names} | " + " | ".join(cells) + " |")
        out.append("")
    legend = "; ".join(f"{letter}: {en} / {zh}" for letter, en, zh in MARKERS.values())
    out.append(f"Markers: {legend}; Cn: n values conflict. Empty: not in the ledger.")
    sys.stdout.write("\n".join(out) + "\n")


def _print_rich(tables: list[ZoneYearTable]) -> None:
    from zonemetrics.indicators.tables import MARKERS

    legend = ", ".join(f"{letter} {en}" for letter, en, _zh in MARKERS.values())
    for table in tables:
        held = sum(len(row.cells) for row in table.rows)
        print_table(
            f"{table.indicator}: {table.name_en} / {table.name_zh} ({table.unit})",
            ["zone", "名称", *[str(y) for y in table.years]],
            [
                (
                    row.name_en,
                    row.name_zh,
                    *[_cell_text(row.cells.get(y)) or None for y in table.years],
                )
                for row in table.rows
            ],
            caption=f"{held} figures; — not in the ledger. Markers: {legend}; Cn: n values "
            "conflict. Peer set: " + (table.peer_set or "the zones asked for"),
        )


def _output(
    store: Any,
    tables: list[ZoneYearTable],
    payload: dict[str, Any],
    *,
    as_json: bool,
    as_csv: bool,
    markdown: bool,
    xlsx: Path | None,
    excel: bool,
    raw_text: bool,
) -> None:
    _one_output(json=as_json, csv=as_csv, markdown=markdown, xlsx=xlsx)
    if xlsx is not None:
        from zonemetrics.publish.ledger_workbook import write_tables_workbook

        written = write_tables_workbook(store, tables, xlsx, raw_text=raw_text)
        console.print(f"wrote {written}")
    elif as_json:
        print_json(payload)
    elif as_csv:
        _print_csv(tables, bom=excel, raw_text=raw_text)
    elif markdown:
        _print_markdown(tables)
    else:
        _print_rich(tables)


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators_command(
        ctx: typer.Context,
        count_derived: Annotated[
            bool,
            typer.Option(
                "--count-derived",
                help="Also count the zones and years each derived indicator can be "
                "computed for (computes them all: takes seconds).",
            ),
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Every indicator code with its names (English, Chinese), unit, kind, and how many
        zones and years hold a value of it."""
        from zonemetrics.indicators.tables import indicator_list

        rows = indicator_list(store_for_reading(ctx), count_derived=count_derived)
        if as_json:
            print_json(rows)
            return
        print_table(
            "Indicators / 指标",
            ["code", "name", "名称", "unit", "kind", "zones", "years"],
            [
                (
                    r["code"],
                    r["name_en"],
                    r["name_zh"],
                    r["display_unit"],
                    r["kind"],
                    r["zones"],
                    r["years"],
                )
                for r in rows
            ],
            caption="zones, years: how many hold a current yearly value (— for derived "
            "indicators unless --count-derived). Use a code with `zonemetrics table CODE`.",
        )

    @app.command("table")
    def table_command(
        ctx: typer.Context,
        indicator: Annotated[
            str, typer.Argument(help="Indicator code, base or derived (see `indicators`).")
        ],
        zones: ZonesOption = None,
        years: YearsOption = None,
        peers: Annotated[
            str | None,
            typer.Option(
                "--peers",
                help="Every zone of a peer set or zone kind (new_areas, new_area, "
                "provinces, hunan_zones ...), those without data as empty rows.",
            ),
        ] = None,
        as_json: JsonOption = False,
        as_csv: CsvOption = False,
        markdown: MarkdownOption = False,
        xlsx: XlsxOption = None,
        excel: ExcelOption = False,
        raw_text: RawTextOption = False,
    ) -> None:
        """Zones x years of one indicator: the preferred value of each zone and year in
        亿元 or %, marked B (bound), Cn (n conflicting values), L (re-post or blog only),
        F (flagged by a plausibility check)."""
        from zonemetrics.indicators.tables import parse_list, parse_years, zone_year_table

        store = store_for_reading(ctx)
        table = zone_year_table(store, indicator, parse_list(zones), parse_years(years), peers)
        _output(
            store,
            [table],
            table.as_dict(),
            as_json=as_json,
            as_csv=as_csv,
            markdown=markdown,
            xlsx=xlsx,
            excel=excel,
            raw_text=raw_text,
        )

    @app.command("compare")
    def compare_command(
        ctx: typer.Context,
        zones: Annotated[
            list[str], typer.Argument(help="Two or more zones: ids or names (湘江新区 tianfu).")
        ],
        indicators: Annotated[
            str | None,
            typer.Option(
                "--indicators",
                help="Indicator codes, comma-separated (default: every one the zones hold).",
            ),
        ] = None,
        years: YearsOption = None,
        as_json: JsonOption = False,
        as_csv: CsvOption = False,
        markdown: MarkdownOption = False,
        xlsx: XlsxOption = None,
        excel: ExcelOption = False,
        raw_text: RawTextOption = False,
    ) -> None:
        """Zones side by side over years, one zone x year table per indicator."""
        from zonemetrics.indicators.tables import compare_zones, parse_list, parse_years

        store = store_for_reading(ctx)
        comparison = compare_zones(store, zones, parse_list(indicators), parse_years(years))
        _output(
            store,
            comparison.tables,
            comparison.as_dict(),
            as_json=as_json,
            as_csv=as_csv,
            markdown=markdown,
            xlsx=xlsx,
            excel=excel,
            raw_text=raw_text,
        )
