"""`narrate` and `check`: statements written from the ledger, and claims of a text
checked against it (see docs/narrative.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from zonemetrics.cli.common import JSON_HELP, store_for_reading
from zonemetrics.cli.render import console, print_json
from zonemetrics.errors import ZonemetricsError

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
        from zonemetrics.ledger.aliases import resolve_zone
        from zonemetrics.narrative import grammar
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
        source: Annotated[
            list[str] | None,
            typer.Option(
                "--source",
                help="A ledger source that is this text (repeatable); its figures are not "
                "used as evidence.",
            ),
        ] = None,
        source_id_alias: Annotated[
            list[str] | None,
            typer.Option("--source-id", hidden=True, help="Old name of --source."),
        ] = None,
        date: Annotated[
            str | None,
            typer.Option(help="The text's date (YYYY-MM-DD), for 'last year' and stocks."),
        ] = None,
        evidence_lines: Annotated[
            int,
            typer.Option(
                "--evidence", help="Evidence lines shown per claim (all of them are in --json)."
            ),
        ] = 4,
        as_json: JsonOption = False,
    ) -> None:
        """Every quantitative claim in a text, with a verdict (supported, contradicted,
        supported for another period or area definition, not checkable) and evidence
        that is independent of the text. The text's own arithmetic (a share against its
        own figures, a conversion's rate, growth against its two ends) comes first; each
        evidence line names its source and the source's tier."""
        from zonemetrics.narrative.check import Checker

        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ZonemetricsError(f"{file}: cannot read as UTF-8 text: {exc}") from exc
        sources = [*(source or []), *(source_id_alias or [])] or None
        result = Checker(store_for_reading(ctx)).check(text, source_ids=sources, date=date)
        if as_json:
            print_json(result)
            return
        for line in check_lines(result, file.name, evidence_lines):
            console.print(line, highlight=False)


def _verdict(verdict: str) -> str:
    colour = VERDICT_COLOURS.get(verdict, "white")
    return f"[{colour}]{verdict}[/]"


def _who(entry: dict[str, Any]) -> str:
    """The source(s) an evidence entry rests on, each with its tier."""
    if entry.get("source_id"):
        own = ", the text's own source" if entry.get("role") == "text_source" else ""
        return f"{entry['source_id']} \\[{entry.get('tier') or 'tier unknown'}{own}]"
    ids, tiers = entry.get("source_ids") or [], entry.get("tiers") or []
    if not ids:
        return "no source"
    if len(ids) <= 3:
        named = ", ".join(
            f"{s} \\[{t or 'tier unknown'}]" for s, t in zip(ids, tiers, strict=False)
        )
        return f"computed from {named}"
    counts = Counter(t or "tier unknown" for t in tiers)
    return (
        f"computed from {len(ids)} sources ("
        + ", ".join(f"{tier} {n}" for tier, n in sorted(counts.items()))
        + ")"
    )


def _evidence_order(claim: dict[str, Any]):
    """Evidence for the claim's own period (or its part's) first, supporting before
    the rest, the text's own sources last."""
    periods = {p["part"]: p["period"] for p in claim.get("parts") or []}

    def key(entry: dict[str, Any]) -> tuple[bool, bool, bool]:
        wanted = periods.get(entry.get("part"), claim.get("period"))
        return (
            entry.get("role") == "text_source",
            str(entry.get("period")) != str(wanted),
            entry.get("relation") != "supports",
        )

    return key


def _evidence_line(entry: dict[str, Any]) -> str:
    part = f"({entry['part']}) " if entry.get("part") else ""
    relation = entry.get("relation") or entry.get("role") or ""
    dated = entry.get("role") in ("reported", "computed", "text_source", "rate")
    period = f"{entry.get('period') or 'undated'} " if dated or entry.get("period") else ""
    return f"{part}{relation}: {period}{escape(str(entry.get('text') or ''))} — {_who(entry)}"


def check_lines(result: dict[str, Any], name: str, evidence_limit: int = 4) -> list[str]:
    """The check's text report (Rich markup), built from the same record as --json so
    that both say the same verdicts."""
    own = ", ".join(f"{s['source_id']} ({s['how']})" for s in result["text_sources"])
    lines = [
        f"[bold]{escape(name)}[/]: {len(result['claims'])} claims; text date "
        f"{result['text']['date'] or 'unknown'}; the text's own sources (not evidence): "
        f"{escape(own) or 'none found'}"
    ]
    if result["internal_checks"]:
        lines.append("[bold]The text's own arithmetic[/] (before any evidence):")
        for check in result["internal_checks"]:
            numbers = check.get("claims", [])
            label = "claim" if len(numbers) == 1 else "claims"
            status = check.get("verdict") or (
                "consistent" if check.get("consistent") else "inconsistent"
            )
            said = escape(check.get("explanation") or check["check"])
            shown = _verdict(status) if check.get("verdict") else status
            lines.append(f"  {label} {', '.join(str(n) for n in numbers)}: {said} ({shown})")
    for c in result["claims"]:
        what = c["value_text"] or f"rank {c['rank']}"
        where = ", ".join(str(x) for x in (c["zone"], c["indicator"], c["period"]) if x)
        lines.append(f"{c['number']:>2}. {escape(what)} ({escape(where)}) {_verdict(c['verdict'])}")
        for arithmetic in c.get("internal_arithmetic") or []:
            if arithmetic != c["explanation"]:
                lines.append(f"    [bold]own arithmetic:[/] {escape(arithmetic)}")
        if c.get("parts"):
            for part in c["parts"]:
                lines.append(
                    f"    {part['period']} ({escape(part['value_text'] or '')}): "
                    f"{_verdict(part['verdict'])} — [dim]{escape(part['explanation'])}[/]"
                )
        else:
            lines.append(f"    [dim]{escape(c['explanation'])}[/]")
        evidence = sorted(c.get("evidence") or [], key=_evidence_order(c))
        for entry in evidence[:evidence_limit]:
            lines.append(f"    [dim]· {_evidence_line(entry)}[/]")
        if len(evidence) > evidence_limit:
            lines.append(f"    [dim]· and {len(evidence) - evidence_limit} more (--json)[/]")
    return lines
