"""`harvest` and `candidates`: figures read from texts, reviewed before they enter the ledger."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_reading, store_for_writing
from zonemetrics.cli.render import console, print_json, print_table, progress_bar

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
IdsArgument = Annotated[list[int] | None, typer.Argument(help="Candidate ids.")]
# a source is `--source` in every command (issue 11, one vocabulary); `--all-from`, its
# old name here, still works but is no longer shown
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Every pending candidate from this source.")
]
OldSourceOption = Annotated[
    str | None, typer.Option("--all-from", hidden=True, help="Old name of --source.")
]


def _one_source(source: str | None, old_name: str | None) -> str | None:
    from zonemetrics.errors import ZonemetricsError

    if source and old_name and source != old_name:
        raise ZonemetricsError("--source and --all-from name the same thing; give one")
    return source or old_name


CONSISTENCY = {True: "=", False: "≠", None: "?"}  # None: the candidate's value did not parse


def _print_report(report: Any) -> None:
    origin = f"{report.origin}: " if report.origin else ""
    cached = " (from today's cache)" if report.from_cache else ""
    console.print(
        f"{origin}{report.claims} claims read{cached}; {report.added} new candidates from "
        f"{report.source_id} ({report.already_recorded} already recorded). Review them "
        f"with `zonemetrics candidates list --source {report.source_id}`.",
        highlight=False,
    )
    for skipped in report.skipped:
        console.print(f"  not a candidate ({skipped['why']}): {skipped['text']}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("harvest")
    def harvest_command(
        ctx: typer.Context,
        target: Annotated[
            str,
            typer.Argument(
                help="What to read: a web page (http:// or https:// address), a .txt, .html "
                "or .pdf file, or a folder (every .txt, .html and .pdf file in it, one "
                "source per file).",
                show_default=False,
            ),
        ],
        source: Annotated[
            str | None,
            typer.Option(
                "--source",
                help="Id of the text's source (existing or new); default: made from the text.",
            ),
        ] = None,
        source_id_alias: Annotated[
            str | None, typer.Option("--source-id", hidden=True, help="Old name of --source.")
        ] = None,
        source_url: Annotated[
            str | None, typer.Option(help="Where the text was read (default: the page's URL).")
        ] = None,
        publisher: Annotated[
            str | None,
            typer.Option(help="Who published it (default for a page: its site)."),
        ] = None,
        title: Annotated[
            str | None, typer.Option(help="Its title (default: the page's or file's own).")
        ] = None,
        published: Annotated[
            str | None,
            typer.Option(
                help="Publication date YYYY-MM-DD, for 'last year' (default: the page's "
                "own metadata)."
            ),
        ] = None,
        tier: Annotated[
            str, typer.Option(help="official, major_media, repost or blog.")
        ] = "repost",
        timeout: Annotated[
            float, typer.Option(help="Seconds to wait for a whole page before giving up.")
        ] = 20.0,
        max_size: Annotated[
            float, typer.Option(help="Largest page to download, in megabytes.")
        ] = 10.0,
        no_cache: Annotated[
            bool,
            typer.Option(
                "--no-cache",
                help="Fetch the page again even if it was fetched today (and keep no copy).",
            ),
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Read a bulletin, report or article (Chinese or English) from a web page, a file
        or a folder of files, and record every figure it states as a pending candidate
        sourced to it, with its sentence. Nothing enters the ledger until `zonemetrics
        candidates accept`. Pages are fetched with a time and size limit and cached for
        the day under the user cache directory."""
        from zonemetrics.errors import ZonemetricsError
        from zonemetrics.ingest.fetch import is_url
        from zonemetrics.narrative.harvest import (
            SourceMeta,
            harvest_file,
            harvest_folder,
            harvest_url,
        )

        if source and source_id_alias and source != source_id_alias:
            raise ZonemetricsError("--source and --source-id name the same thing; give one")
        meta = SourceMeta(source or source_id_alias, title, publisher, source_url, published, tier)
        if timeout <= 0 or max_size <= 0:
            raise ZonemetricsError("--timeout and --max-size must be positive")
        if is_url(target):
            store = store_for_writing(ctx)
            reports = [
                harvest_url(
                    store,
                    target,
                    meta,
                    timeout=timeout,
                    max_bytes=int(max_size * 1024 * 1024),
                    use_cache=not no_cache,
                )
            ]
        elif Path(target).is_dir():
            store = store_for_writing(ctx)
            with progress_bar(not as_json) as progress:
                task = progress.add_task("harvesting", total=None) if progress else None

                def advance(done: int, total: int) -> None:
                    if progress is not None:
                        progress.update(task, completed=done, total=total)

                reports = harvest_folder(store, Path(target), meta, on_progress=advance)
        else:
            if "://" in target:
                raise ZonemetricsError(
                    f"{target}: only http:// and https:// addresses can be fetched"
                )
            reports = [harvest_file(store_for_writing(ctx), Path(target), meta)]
        if as_json:
            rows = [asdict(report) for report in reports]
            print_json(rows if Path(target).is_dir() else rows[0])
            return
        for report in reports:
            _print_report(report)
        if len(reports) > 1:
            console.print(
                f"{len(reports)} texts: {sum(r.added for r in reports)} new candidates",
                highlight=False,
            )

    # a Typer of its own per registration: the root builds commands lazily, and a
    # module-level one would collect the same commands again on every registration
    candidates_app = typer.Typer(help="Review harvested candidates: list, accept, reject.")

    @candidates_app.command("list")
    def list_command(
        ctx: typer.Context,
        source: Annotated[str | None, typer.Option(help="Only from this source.")] = None,
        status: Annotated[str | None, typer.Option(help="pending, accepted or rejected.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Candidates with their sentence, parsed value, unit, period, caliber and what
        the ledger already holds for the same figure (= consistent, ≠ conflicting, ? the
        candidate's value did not parse)."""
        from zonemetrics.ingest.candidates import list_candidates

        rows = list_candidates(store_for_reading(ctx), source, status)
        if as_json:
            print_json(rows)
            return
        print_table(
            f"Candidates ({len(rows)})",
            [
                "id",
                "review",
                "zone",
                "indicator",
                "period",
                "as written",
                "caliber",
                "ledger holds",
                "sentence",
            ],
            [
                (
                    r["candidate_id"],
                    r["review"] + (f" ({r['corrections']})" if r.get("corrections") else ""),
                    r["zone"] or f"? {r['zone_text']}",
                    r["indicator"] + (f" rank ({r['peer_set']})" if r["measure"] == "rank" else ""),
                    r["period"],
                    f"{r['value_text']} {r['unit_text']}",
                    r["caliber"],
                    "; ".join(
                        f"{CONSISTENCY[h['consistent']]} {h['original_text']} ({h['source_id']})"
                        for h in r["ledger"]
                    ),
                    r["sentence"],
                )
                for r in rows
            ],
        )

    @candidates_app.command("accept")
    def accept_command(
        ctx: typer.Context,
        ids: IdsArgument = None,
        source: SourceOption = None,
        all_from: OldSourceOption = None,
        zone: Annotated[str | None, typer.Option(help="Correct the zone (id or name).")] = None,
        indicator: Annotated[str | None, typer.Option(help="Correct the indicator code.")] = None,
        period: Annotated[str | None, typer.Option(help="Correct the period.")] = None,
        caliber: Annotated[str | None, typer.Option(help="Correct the caliber.")] = None,
        value: Annotated[str | None, typer.Option(help="Correct the value as written.")] = None,
        unit: Annotated[str | None, typer.Option(help="Correct the unit as written.")] = None,
        peer_set: Annotated[str | None, typer.Option(help="Correct a rank's peer set.")] = None,
        note: Annotated[str | None, typer.Option(help="Why (kept with the review).")] = None,
    ) -> None:
        """Accept candidates into the ledger (all or none, validated like an ingest).
        Corrections apply to every selected candidate; what was read is kept beside them."""
        from zonemetrics.ingest.candidates import accept

        corrections = {
            "zone": zone,
            "indicator": indicator,
            "period": period,
            "caliber": caliber,
            "value": value,
            "unit": unit,
            "peer_set": peer_set,
        }
        chosen = _one_source(source, all_from)
        review = accept(store_for_writing(ctx), ids, chosen, corrections=corrections, note=note)
        console.print(
            f"accepted {len(review.reviewed)} candidates: "
            + ", ".join(f"{c} -> observation {o}" for c, o in review.observations.items())
        )

    @candidates_app.command("reject")
    def reject_command(
        ctx: typer.Context,
        ids: IdsArgument = None,
        source: SourceOption = None,
        all_from: OldSourceOption = None,
        note: Annotated[str | None, typer.Option(help="Why (kept with the record).")] = None,
    ) -> None:
        """Reject candidates; they stay recorded as rejected, with the note."""
        from zonemetrics.ingest.candidates import reject

        review = reject(store_for_writing(ctx), ids, _one_source(source, all_from), note)
        console.print(f"rejected {len(review.reviewed)} candidates (kept on record)")

    app.add_typer(candidates_app, name="candidates")
