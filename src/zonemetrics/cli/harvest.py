"""`harvest` and `candidates`: figures read from texts, reviewed before they enter the ledger."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_reading, store_for_writing
from zonemetrics.cli.render import console, print_json, print_table

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
IdsArgument = Annotated[list[int] | None, typer.Argument(help="Candidate ids.")]
AllFromOption = Annotated[
    str | None, typer.Option("--all-from", help="Every pending candidate from this source.")
]

CONSISTENCY = {True: "=", False: "≠", None: "?"}  # None: the candidate's value did not parse

candidates_app = typer.Typer(help="Review harvested candidates: list, accept, reject.")


def register(app: typer.Typer) -> None:
    @app.command("harvest")
    def harvest_command(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="A .txt, .html or .pdf text.")],
        source_id: Annotated[
            str | None, typer.Option(help="Id of the text's source (existing or new).")
        ] = None,
        source_url: Annotated[str | None, typer.Option(help="Where the text was read.")] = None,
        publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
        title: Annotated[str | None, typer.Option(help="Its title.")] = None,
        published: Annotated[
            str | None, typer.Option(help="Publication date YYYY-MM-DD (dates 'last year').")
        ] = None,
        tier: Annotated[
            str, typer.Option(help="official, major_media, repost or blog.")
        ] = "repost",
        as_json: JsonOption = False,
    ) -> None:
        """Read a bulletin, report or article (Chinese or English) and record every figure
        it states as a pending candidate sourced to it, with its sentence. Nothing enters
        the ledger until `zonemetrics candidates accept`."""
        from zonemetrics.narrative.harvest import SourceMeta, harvest_file

        meta = SourceMeta(source_id, title, publisher, source_url, published, tier)
        report = harvest_file(store_for_writing(ctx), path, meta)
        if as_json:
            print_json(asdict(report))
            return
        console.print(
            f"{report.claims} claims read; {report.added} new candidates from "
            f"{report.source_id} ({report.already_recorded} already recorded). Review them "
            f"with `zonemetrics candidates list --source {report.source_id}`."
        )
        for skipped in report.skipped:
            console.print(f"  not a candidate ({skipped['why']}): {skipped['text']}")

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
        all_from: AllFromOption = None,
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
        corrections = {
            "zone": zone,
            "indicator": indicator,
            "period": period,
            "caliber": caliber,
            "value": value,
            "unit": unit,
            "peer_set": peer_set,
        }
        from zonemetrics.ingest.candidates import accept

        review = accept(store_for_writing(ctx), ids, all_from, corrections=corrections, note=note)
        console.print(
            f"accepted {len(review.reviewed)} candidates: "
            + ", ".join(f"{c} -> observation {o}" for c, o in review.observations.items())
        )

    @candidates_app.command("reject")
    def reject_command(
        ctx: typer.Context,
        ids: IdsArgument = None,
        all_from: AllFromOption = None,
        note: Annotated[str | None, typer.Option(help="Why (kept with the record).")] = None,
    ) -> None:
        """Reject candidates; they stay recorded as rejected, with the note."""
        from zonemetrics.ingest.candidates import reject

        review = reject(store_for_writing(ctx), ids, all_from, note)
        console.print(f"rejected {len(review.reviewed)} candidates (kept on record)")

    app.add_typer(candidates_app, name="candidates")
