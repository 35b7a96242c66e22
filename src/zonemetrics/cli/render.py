"""Rendering records as JSON or as readable Rich tables, and progress for long work."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
errors = Console(stderr=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def format_number(value: float | None, unit: str | None = None) -> str:
    """Large yuan amounts in 亿 (as Chinese statistics write them), dollars in billions."""
    if value is None:
        return "—"
    if unit == "USD" and abs(value) >= 1e9:
        return f"{value / 1e9:,.2f}".rstrip("0").rstrip(".") + " bn"
    if abs(value) >= 1e8:
        return f"{value / 1e8:,.2f}".rstrip("0").rstrip(".") + " 亿"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def value_text(row: dict) -> str:
    """A value as the ledger holds it, with its qualifier visible (>5, ≈450, 2–3)."""
    value = format_number(row["value"], row.get("unit"))
    match row["qualifier"]:
        case "lower_bound":
            return f"{'≥' if row.get('inclusive') else '>'}{value}"
        case "upper_bound":
            return f"{'≤' if row.get('inclusive') else '<'}{value}"
        case "band":
            return f"{value}–{format_number(row['value_high'], row.get('unit'))}"
        case "approx":
            return f"≈{value}"
    return value


def print_derived(title: str, rows: Sequence[dict], caption: str) -> None:
    """Derived values with the ids of the observations each was computed from."""
    print_table(
        title,
        ["indicator", "period", "value", "unit", "caliber", "from observations"],
        [
            (
                r["indicator"],
                r["period"],
                value_text(r),
                r["unit"],
                r["caliber"],
                ", ".join(str(i) for i in r["receipt"]),
            )
            for r in rows
        ],
        caption=caption,
    )


# Past this many rows a table is printed as tab-separated lines: Rich measures every
# cell to lay a table out (seconds for the 2,600 zones of the catalogue), and a list that
# long is read by scrolling, searching or piping to another tool, not by its borders.
LONG_TABLE_ROWS = 500


def _print_plain(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], caption: str | None
) -> None:
    lines = [title, "\t".join(columns)]
    lines += ["\t".join("—" if cell is None else str(cell) for cell in row) for row in rows]
    if caption:
        lines.append(caption)
    sys.stdout.write("\n".join(lines) + "\n")


def print_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], caption: str | None = None
) -> None:
    """A table of data. Every text is escaped: data is never read as Rich markup, or a
    source's tier written `[official]` would vanish, and a name holding brackets could
    restyle the terminal."""
    if len(rows) > LONG_TABLE_ROWS:
        _print_plain(title, columns, rows, caption)
        return
    table = Table(
        title=escape(title),
        caption=escape(caption) if caption else None,
        show_lines=False,
        header_style="bold",
    )
    for column in columns:
        table.add_column(escape(column), overflow="fold")
    for row in rows:
        table.add_row(*["—" if cell is None else escape(str(cell)) for cell in row])
    console.print(table)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A Rich progress bar on a terminal; silent under --json or when piped."""
    if not enabled or not sys.stdout.isatty():
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield progress


def file_progress(progress: Any):
    """An ingest progress callback that drives one bar per file."""
    if progress is None:
        return None
    tasks: dict[str, Any] = {}

    def update(file: str, done: int, total: int) -> None:
        if file not in tasks:
            tasks[file] = progress.add_task(file.rsplit("/", 1)[-1], total=total)
        progress.update(tasks[file], completed=done)

    return update
