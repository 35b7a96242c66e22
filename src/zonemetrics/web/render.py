"""Jinja2 set-up shared by the pages and the report: templates, labels, number formats."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from zonemetrics.narrative.formatting import sig
from zonemetrics.web import figures
from zonemetrics.web.messages import catalogue


def number(value: float | None, scale: float = 1.0) -> str:
    """A value in display units with at most four significant digits, grouped."""
    if value is None:
        return ""
    text = sig(value / scale)
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    return f"{sign}{int(whole):,}{dot}{frac}"


def cell_text(cell: dict[str, Any] | None, scale: float = 1.0) -> str:
    """A value as a table shows it: a bound keeps its sign (>5%, not 5)."""
    if not cell or cell.get("value") is None:
        return ""
    shown = number(cell["value"], scale)
    qualifier = cell.get("qualifier")
    if qualifier == "lower_bound":
        return f"> {shown}"
    if qualifier == "upper_bound":
        return f"< {shown}"
    if qualifier == "band" and cell.get("value_high") is not None:
        return f"{shown}-{number(cell['value_high'], scale)}"
    return shown


MARKER_SYMBOLS = {"bound": "†", "conflict": "‡", "low_tier": "*", "flagged": "§"}


@cache
def environment():  # -> jinja2.Environment
    import jinja2

    env = jinja2.Environment(
        # the web pages' templates and the report's, so the report reuses the zone page
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("zonemetrics.web", "templates"),
                jinja2.PackageLoader("zonemetrics.publish", "templates"),
            ]
        ),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    env.filters["cell"] = cell_text
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False).replace(
        "</", "<\\/"
    )
    env.globals["marker_symbols"] = MARKER_SYMBOLS
    env.globals["display_unit"] = figures.display_unit
    return env


def render_page(template: str, lang: str, **context: Any) -> str:
    return (
        environment()
        .get_template(template)
        .render(t=catalogue(lang), lang=lang, other_lang="zh" if lang == "en" else "en", **context)
    )
