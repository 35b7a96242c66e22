"""`zonemetrics coverage`: what the ledger holds, zone by topic by year."""

from __future__ import annotations

from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, single_kind, store_for_reading
from zonemetrics.cli.render import console, print_json, print_table

SYMBOLS = {"filled": "■", "conflicting": "≠", "bound_only": ">", "missing": "·"}


def register(app: typer.Typer) -> None:
    @app.command("coverage")
    def coverage_command(
        ctx: typer.Context,
        kind: Annotated[
            str,
            typer.Option(
                help="Zones of this kind or peer set: new_area (= new_areas), province ..."
            ),
        ] = "new_area",
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """The zone x topic x year matrix: filled, conflicting, bound only, missing (and
        whether it was searched for), the share filled, and the share of values from
        official or major-media sources."""
        from zonemetrics.ledger.coverage import TOPICS, coverage

        result = coverage(store_for_reading(ctx), single_kind(kind))
        if as_json:
            print_json(result.as_dict())
            return
        for topic in TOPICS:
            rows = []
            for zone in result.zones:
                cells = [c for c in result.cells if c["zone"] == zone and c["topic"] == topic]
                rows.append(
                    (zone, *[SYMBOLS[c["status"]] + ("?" if c["searched"] else "") for c in cells])
                )
            years = ["any"] if len(rows[0]) == 2 else [str(y)[2:] for y in result.years]
            print_table(f"{topic} ({', '.join(TOPICS[topic])})", ["zone", *years], rows)
        summary = result.summary()
        console.print(
            f"■ filled {summary['filled']} · ≠ conflicting {summary['conflicting']} · "
            f"> bound only {summary['bound_only']} · · missing {summary['missing']} "
            f"(? = searched for, not found) · share filled {summary['share_filled']:.1%} · "
            f"values from official or major-media sources: "
            f"{summary['share_official_or_major_media']:.1%}"
        )
