"""`doctor` and `update-bundle`: checking a store, and bringing its bundled data up to date."""

from __future__ import annotations

from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_reading, store_for_writing
from zonemetrics.cli.render import (
    console,
    errors,
    file_progress,
    print_json,
    print_table,
    progress_bar,
)


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor_command(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """Check the store (schema version, every observation sourced, no orphan rows,
        finite values, every ingest complete) and show what it holds: rows per table,
        sources and observations by tier, the last ingest. Exits 1 on any problem."""
        from zonemetrics.store.doctor import examine

        store = store_for_reading(ctx)
        try:
            report = examine(store)
        finally:
            store.close()
        if as_json:
            print_json(report.as_dict())
        else:
            print_table(
                f"Store {report.path} · schema {report.schema_version}",
                ["table", "rows"],
                list(report.counts.items()),
            )
            print_table(
                "By tier",
                ["tier", "sources", "observations"],
                [
                    (
                        tier,
                        report.sources_by_tier.get(tier, 0),
                        report.observations_by_tier.get(tier, 0),
                    )
                    for tier in sorted(
                        set(report.sources_by_tier) | set(report.observations_by_tier)
                    )
                ],
            )
            last = report.last_ingest
            console.print(
                "last ingest: "
                + (
                    f"{last['ingested_at']} UTC, {last['path']} ({last['rows_added']} rows)"
                    if last
                    else "none"
                ),
                highlight=False,
            )
            for problem in report.problems:
                errors.print(
                    f"[red]problem:[/] {problem['check']}: {problem['rows']} rows break the "
                    f"promise that {problem['promise']}",
                    highlight=False,
                )
            if report.healthy:
                console.print("[green]no problems found[/]")
        if not report.healthy:
            raise typer.Exit(1)

    @app.command("update-bundle")
    def update_bundle_command(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """Add this version's bundled data to the store: new figures and sources, and a
        new vintage of any figure the bundle now states differently (the earlier value is
        kept as history). Your own rows are never changed."""
        from zonemetrics.bundle import update_bundle

        store = store_for_writing(ctx)
        try:
            with progress_bar(not as_json) as progress:
                reports = update_bundle(store, file_progress(progress))
        finally:
            store.close()
        added = {r.path.rsplit("/", 1)[-1]: r.rows_added for r in reports}
        if as_json:
            print_json({"added": added, "rows_added": sum(added.values())})
            return
        print_table("Bundle update", ["file", "rows added"], list(added.items()))
