"""`zonemetrics ingest`: import files (or the bundled data) into the store."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_writing
from zonemetrics.cli.render import errors, file_progress, print_json, print_table, progress_bar


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_command(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(help="CSV, XLSX or Parquet files (or folders of them) in long format."),
        ] = None,
        bundled: Annotated[
            bool,
            typer.Option("--bundled", help="Also import the bundled data on the 19 new areas."),
        ] = False,
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding",
                help="Text encoding of CSV files when it cannot be told from the bytes "
                "(utf-8, gb18030, latin-1 ...).",
            ),
        ] = None,
        accept_outliers: Annotated[
            bool,
            typer.Option(
                "--accept-outliers",
                help="Import rows that break a plausibility rule (data/catalog/"
                "plausibility.yaml), each flagged with the rule's reason, instead of refusing "
                "the file.",
            ),
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """Import files; a file with any bad row imports nothing and the error names the
        file, row, column and reason. Importing the same file twice adds nothing."""
        from zonemetrics.bundle import bundle_files
        from zonemetrics.ingest.load import ingest_paths

        targets = [*(bundle_files() if bundled else []), *(paths or [])]
        if not targets:
            raise typer.BadParameter("give files to ingest, or --bundled")
        store = store_for_writing(ctx)
        with progress_bar(not as_json) as progress:
            reports, problems = ingest_paths(
                store,
                targets,
                file_progress(progress),
                encoding=encoding,
                accept_outliers=accept_outliers,
            )
        if as_json:
            print_json(
                {
                    "imported": [asdict(r) for r in reports],
                    "errors": [
                        {"message": str(e), "problems": [asdict(p) for p in e.problems]}
                        for e in problems
                    ],
                }
            )
        else:
            if reports:  # a run whose every file was refused has nothing to sum up
                print_table(
                    "Ingest",
                    ["file", "table", "rows", "added", "already held"],
                    [
                        (Path(r.path).name, r.table_kind, r.rows_read, r.rows_added, r.rows_skipped)
                        for r in reports
                    ],
                )
            for error in problems:
                for problem in error.problems:
                    errors.print(f"[red]error:[/] {problem}", highlight=False)
                errors.print(
                    f"[red]{error.problems[0].file}: nothing from this file was imported[/]",
                    highlight=False,
                )
        if problems:
            raise typer.Exit(1)
