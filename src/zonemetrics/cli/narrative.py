"""`narrate` and `check`: statements written from the ledger, and claims of a text
checked against it (see docs/narrative.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, store_for_reading
from zonemetrics.cli.render import console, print_json
from zonemetrics.errors import ZonemetricsError
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.narrative import grammar

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
VERDICT_COLOURS = {
    "supported": "green",
    "contradicted": "red",
    "supported_other_period": "yellow",
    "supported_other_definition": "yellow",
    "not_checkable": "cyan",
}


def register(app: typer.Typer) -> None:
    @app.command("narrate")
    def narrate_command(
        ctx: typer.Context,
        zone: Annotated[str, typer.Argument(help="Zone id or any alias (湘江新区, Xiangjiang).")],
        year: Annotated[int, typer.Option(help="Calendar year.")],
        lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
        as_json: JsonOption = False,
    ) -> None:
        """Statements about a zone and year written from the ledger, in English or Chinese,
        each with a receipt: the observations and derived values used, their sources,
        and for ranks the peer set and how many peers had data."""
        from zonemetrics.narrative.generate import Narrator

        if lang not in ("en", "zh"):
            raise ZonemetricsError(f"--lang must be en or zh, not '{lang}'")
        store = store_for_reading(ctx)
        statements = Narrator(store).narrate(resolve_zone(store, zone), year, lang)
        if as_json:
            print_json([s.as_dict() for s in statements])
            return
        for s in statements:
            console.print(s.text, highlight=False)
            sources = sorted(
                {
                    o["source_id"]
                    for key in ("observations", "inputs")
                    for o in s.receipt.get(key, [])
                }
                | {o["source_id"] for o in s.receipt.get("conversion", {}).get("inputs", [])}
            )
            line = grammar.receipt_line(sources, s.receipt if s.kind == "rank" else None, lang)
            console.print(f"  [dim]{line}[/]", highlight=False)
            for check in s.receipt.get("computed_from_gdp", []):
                note = grammar.computed_share_note(
                    check["value"], check["caliber"], check["agrees_with_stated"], lang
                )
                console.print(f"  [dim]{note}[/]", highlight=False)

    @app.command("check")
    def check_command(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="A text file (English or Chinese, UTF-8).")],
        source_id: Annotated[
            list[str] | None,
            typer.Option(
                "--source-id",
                help="A ledger source that is this text (repeatable); its figures are not "
                "used as evidence.",
            ),
        ] = None,
        date: Annotated[
            str | None,
            typer.Option(help="The text's date (YYYY-MM-DD), for 'last year' and stocks."),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Every quantitative claim in a text, with a verdict (supported, contradicted,
        supported for another period or area definition, not checkable) and evidence
        that is independent of the text."""
        from zonemetrics.narrative.check import Checker

        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ZonemetricsError(f"{file}: cannot read as UTF-8 text: {exc}") from exc
        result = Checker(store_for_reading(ctx)).check(text, source_ids=source_id, date=date)
        if as_json:
            print_json(result)
            return
        own = ", ".join(f"{s['source_id']} ({s['how']})" for s in result["text_sources"])
        console.print(
            f"[bold]{file.name}[/]: {len(result['claims'])} claims; text date "
            f"{result['text']['date'] or 'unknown'}; the text's own sources (not evidence): "
            f"{own or 'none found'}",
            highlight=False,
        )
        for number, c in enumerate(result["claims"], 1):
            what = c["value_text"] or f"rank {c['rank']}"
            where = ", ".join(str(x) for x in (c["zone"], c["indicator"], c["period"]) if x)
            colour = VERDICT_COLOURS.get(c["verdict"], "white")
            console.print(
                f"{number:>2}. {what} ({where}) [{colour}]{c['verdict']}[/]", highlight=False
            )
            console.print(f"    [dim]{c['explanation']}[/]", highlight=False)
        for check in result["internal_checks"]:
            console.print(f"arithmetic: {check.get('explanation') or check}", highlight=False)
