"""`narrate` and `check`: statements written from the ledger, and claims of a text
checked against it (see docs/narrative.md)."""

from __future__ import annotations

import re
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



#: words by which a figure as written already states its bound (1500余家, "over 40%")
_WORDS_A_BOUND = re.compile(
    r"余|多|以上|以下|超|近|约|左右|不到|不足|逾|more|over|above|nearly|about|almost|around|"
    r"least|less|under|up to",
    re.IGNORECASE,
)
#: a claim's comparator as the message that words its figure ("more than 5,000")
_BOUND_WORDS = {
    ">": "check_more_than",
    ">=": "check_at_least",
    "<": "check_less_than",
    "<=": "check_at_most",
    "about": "check_about",
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
        lang: Annotated[
            str | None,
            typer.Option(
                "--lang",
                help="Language of the text report: en or zh (default: the text's own "
                "language, Chinese when a fifth or more of its letters are Han characters). "
                "--json gives both: explanation and explanation_zh.",
            ),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Every quantitative claim in a text, with a verdict (supported, contradicted,
        supported for another period or area definition, not checkable) and evidence
        that is independent of the text. The text's own arithmetic (a share against its
        own figures, a conversion's rate, growth against its two ends) comes first; each
        evidence line names its source and the source's tier."""
        from zonemetrics.narrative.check import Checker

        if lang not in (None, "en", "zh"):
            raise ZonemetricsError(f"--lang must be en or zh, not '{lang}'")
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ZonemetricsError(f"{file}: cannot read as UTF-8 text: {exc}") from exc
        sources = [*(source or []), *(source_id_alias or [])] or None
        result = Checker(store_for_reading(ctx)).check(text, source_ids=sources, date=date)
        if as_json:
            print_json(result)
            return
        report_lang = lang or result["text"]["language"]
        for line in check_lines(result, file.name, evidence_lines, report_lang):
            console.print(line, highlight=False)


def _verdict(verdict: str, lang: str) -> str:
    """A verdict in the report's language, coloured by what it says."""
    from zonemetrics.web.messages import text

    colour = VERDICT_COLOURS.get(verdict, "white")
    return f"[{colour}]{escape(text('verdict_' + verdict, lang))}[/]"


def _tier(tier: str | None, lang: str) -> str:
    from zonemetrics.narrative.formatting import tier_words

    return tier_words(tier).render(lang)


def _who(entry: dict[str, Any], lang: str) -> str:
    """The source(s) an evidence entry rests on, each with its tier (plain text)."""
    from zonemetrics.web.messages import text

    if entry.get("source_id"):
        key = "check_own_source" if entry.get("role") == "text_source" else "cited_source"
        return text(key, lang, source=entry["source_id"], tier=_tier(entry.get("tier"), lang))
    ids, tiers = entry.get("source_ids") or [], entry.get("tiers") or []
    if not ids:
        return text("check_no_source", lang)
    separator = text("list_sep", lang)
    if len(ids) <= 3:
        named = separator.join(
            text("cited_source", lang, source=s, tier=_tier(t, lang))
            for s, t in zip(ids, tiers, strict=False)
        )
        return text("check_computed_from", lang, sources=named)
    counts = Counter(_tier(t, lang) for t in tiers)
    shown = separator.join(
        text("check_tier_count", lang, tier=tier, count=str(n))
        for tier, n in sorted(counts.items())
    )
    return text("check_computed_from_many", lang, count=str(len(ids)), tiers=shown)


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


def _in(record: dict[str, Any], key: str, lang: str) -> Any:
    """A field in the report's language: `key_zh` in Chinese where the record has it."""
    if lang == "zh" and record.get(f"{key}_zh") is not None:
        return record[f"{key}_zh"]
    return record.get(key)


def _evidence_line(entry: dict[str, Any], lang: str) -> str:
    """`relation: period value — source [tier]`, in the report's language (plain text)."""
    from zonemetrics.narrative.formatting import Period
    from zonemetrics.web.messages import MESSAGES, text

    part = (
        text("check_part", lang, part=text(f"part_{entry['part']}", lang))
        if entry.get("part")
        else ""
    )
    relation = entry.get("relation") or entry.get("role") or ""
    for key in (f"relation_{relation.replace(' ', '_')}", f"role_{relation}"):
        if key in MESSAGES:
            relation = text(key, lang)
            break
    dated = entry.get("role") in ("reported", "computed", "text_source", "rate")
    period = ""
    if dated or entry.get("period"):
        written = Period(entry["period"]).render(lang) if entry.get("period") else None
        period = f"{written or text('undated', lang)} "
    return text(
        "check_evidence_line",
        lang,
        part=part,
        relation=relation,
        period=period,
        text=str(_in(entry, "text", lang) or ""),
        who=_who(entry, lang),
    )


def _where(claim: dict[str, Any], lang: str) -> str:
    """Zone, indicator and period of a claim by their registry names in the language
    (the code where the registry has no name: an `other:` indicator, an unresolved zone)."""
    from zonemetrics.narrative.formatting import Period
    from zonemetrics.web.messages import text

    zone = _in(claim, "zone_name", lang) or claim.get("zone_text") or claim.get("zone")
    indicator = _in(claim, "indicator_name", lang) or claim.get("indicator")
    period = Period(claim["period"]).render(lang) if claim.get("period") else None
    fields = [str(x) for x in (zone, indicator, period) if x]
    return text("check_field_sep", lang).join(fields)


def check_lines(
    result: dict[str, Any], name: str, evidence_limit: int = 4, lang: str = "en"
) -> list[str]:
    """The check's text report (Rich markup) in English or Chinese, built from the same
    record as --json so that both say the same verdicts."""
    from zonemetrics.web.messages import text

    def plain(key: str, **values: Any) -> str:
        return escape(text(key, lang, **{k: str(v) for k, v in values.items()}))

    own = text("list_sep", lang).join(
        text("check_own_source_how", lang, source=s["source_id"], how=text(f"how_{s['how']}", lang))
        for s in result["text_sources"]
    )
    header = text(
        "check_header",
        lang,
        name=name,
        count=str(len(result["claims"])),
        date=result["text"]["date"] or text("check_unknown", lang),
        own=own or text("check_none_found", lang),
    )
    lines = [f"[bold]{escape(header)}[/]"]
    if result["summary"]:
        counts = text("list_sep", lang).join(
            text("check_summary_item", lang, verdict=text(f"verdict_{v}", lang), count=str(n))
            for v, n in sorted(result["summary"].items())
        )
        lines.append(plain("check_summary", counts=counts))
    if result["internal_checks"]:
        lines.append(f"[bold]{plain('check_arithmetic_heading')}[/]")
        for check in result["internal_checks"]:
            numbers = check.get("claims", [])
            about = "check_about_claim" if len(numbers) == 1 else "check_about_claims"
            listed = text("list_sep", lang).join(str(n) for n in numbers)
            if check.get("verdict"):
                status = _verdict(check["verdict"], lang)
            else:
                status = plain(
                    "check_consistent" if check.get("consistent") else "check_inconsistent"
                )
            why = escape(str(_in(check, "explanation", lang) or check["check"]))
            lines.append(
                "  "
                + text(
                    "check_arithmetic_line",
                    lang,
                    about=plain(about, numbers=listed),
                    why=why,
                    status=status,
                )
            )
    for c in result["claims"]:
        what = c["value_text"] or text("check_rank", lang, rank=str(c["rank"]))
        bound = c.get("comparator") in _BOUND_WORDS
        if bound and c["value_text"] and not _WORDS_A_BOUND.search(c["value_text"]):
            # the figure as the claim states it: "more than 5,000" is not "5,000"
            what = text(_BOUND_WORDS[c["comparator"]], lang, value=c["value_text"])
        line = text(
            "check_claim_line",
            lang,
            number=f"{c['number']:>2}",
            what=escape(str(what)),
            where=escape(_where(c, lang)),
            verdict=_verdict(c["verdict"], lang),
        )
        lines.append(line)
        explanation = _in(c, "explanation", lang)
        for arithmetic in _in(c, "internal_arithmetic", lang) or []:
            if arithmetic != explanation:
                lines.append(f"    [bold]{plain('check_own_arithmetic', why=arithmetic)}[/]")
        if c.get("parts"):
            for part in c["parts"]:
                said = text(
                    "check_part_line",
                    lang,
                    period=escape(str(part["period"])),
                    value=escape(part["value_text"] or ""),
                    verdict=_verdict(part["verdict"], lang),
                    why=f"[dim]{escape(str(_in(part, 'explanation', lang)))}[/]",
                )
                lines.append(f"    {said}")
        else:
            lines.append(f"    [dim]{escape(str(explanation))}[/]")
        evidence = sorted(c.get("evidence") or [], key=_evidence_order(c))
        for entry in evidence[:evidence_limit]:
            lines.append(f"    [dim]· {escape(_evidence_line(entry, lang))}[/]")
        if len(evidence) > evidence_limit:
            more = plain("check_more_evidence", count=len(evidence) - evidence_limit)
            lines.append(f"    [dim]· {more}[/]")
    return lines
