"""Every label exists in English and Chinese, so no page shows half a language."""

from __future__ import annotations

import re

from zonemetrics.web.messages import LANGUAGES, MESSAGES, catalogue, language, text

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_label_has_both_languages_and_the_chinese_is_chinese():
    # the language switch is the one label written in the language it leads to
    switch = MESSAGES["switch_language"]
    assert HAN.search(switch["en"]) and not HAN.search(switch["zh"])
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        assert entry["en"].strip() and entry["zh"].strip(), key
        # a label with words in English has them in Chinese; a pure pattern of fields and
        # punctuation ('{source} [{tier}]', a list separator) has none in either
        words_in_english = re.search(r"[A-Za-z]", re.sub(r"{\w+}", "", entry["en"]))
        if key != "switch_language" and words_in_english:
            assert HAN.search(entry["zh"]), key


def test_placeholders_are_the_same_in_both_languages():
    for key, entry in MESSAGES.items():
        fields = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGUAGES]
        assert fields[0] == fields[1], key


def test_labels_fill_their_fields_and_unknown_languages_fall_back_to_english():
    assert text("map_alt", "zh", indicator="地区生产总值", year="2023").endswith(
        "2023年地区生产总值"
    )
    assert language("fr") == "en" and language(None) == "en" and language("zh") == "zh"
    assert catalogue("fr")["nav_home"] == MESSAGES["nav_home"]["en"]


def test_every_label_a_template_or_module_asks_for_exists():
    """A template asking for a missing label would render nothing (Jinja's default)."""
    from importlib.resources import files

    asked = set()
    for package in ("zonemetrics.web", "zonemetrics.publish"):
        for path in files(package).rglob("*"):
            if path.name.endswith(".html"):  # templates: {{ t.key }}
                asked |= set(re.findall(r"\bt\.(\w+)", path.read_text(encoding="utf-8")))
            elif path.name.endswith(".py"):  # modules: text("key", lang)
                source = path.read_text(encoding="utf-8")
                asked |= set(re.findall(r"\btext\(\s*\"(\w+)\"", source))
    assert asked - set(MESSAGES) == set()


def test_every_key_is_written_once():
    """A second row with a key would silently replace the first page's label."""
    import csv
    from collections import Counter
    from importlib.resources import files

    with (files("zonemetrics.web") / "messages.csv").open(encoding="utf-8", newline="") as f:
        counts = Counter(row["key"] for row in csv.DictReader(f))
    assert [key for key, n in counts.items() if n > 1] == []
