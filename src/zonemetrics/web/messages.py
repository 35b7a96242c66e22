"""Every label the pages and the report show, in English and Chinese, as data.

The labels live in `messages.csv` beside this module, one label a row (key, en, zh), so
a translator edits a table rather than code, and one label serves every page that says
the same thing (a heading and the menu entry that leads to it share their key). Pages ask
`text(key, lang)`; a key missing from either language is a programming error caught by
the test that compares the two columns, so no page can show half a language.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "zh")


@cache
def _messages() -> dict[str, dict[str, str]]:
    with (files("zonemetrics.web") / "messages.csv").open(encoding="utf-8", newline="") as f:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(f)}


MESSAGES: dict[str, dict[str, str]] = _messages()


def text(key: str, lang: str, **values: str) -> str:
    """The label `key` in `lang`, with `{name}` fields filled from `values`."""
    entry = MESSAGES[key]
    return entry[lang if lang in LANGUAGES else "en"].format(**values)


def catalogue(lang: str) -> dict[str, str]:
    """All labels of one language, for templates (`t.nav_home`)."""
    chosen = lang if lang in LANGUAGES else "en"
    return {key: entry[chosen] for key, entry in MESSAGES.items()}


def language(requested: str | None) -> str:
    """The language a request asks for; English when it asks for none or an unknown one."""
    return requested if requested in LANGUAGES else "en"
