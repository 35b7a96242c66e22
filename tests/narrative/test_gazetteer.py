"""The gazetteer finds places by their names, never by the codes data files use."""

from __future__ import annotations

from zonemetrics.narrative.gazetteer import Gazetteer, Place

JILIN = Place("jilin", "Jilin", "province")


def test_a_division_code_alias_is_not_read_as_a_place_in_text():
    gazetteer = Gazetteer({"22": JILIN, "吉林省": JILIN}, with_places=False)
    found = gazetteer.find("GDP reached 22.22 billion yuan; 吉林省 grew faster.")
    assert [m.text for m in found] == ["吉林省"]


def test_names_with_letters_or_han_characters_are_kept():
    gazetteer = Gazetteer({"Jilin": JILIN, "22": JILIN}, with_places=False)
    assert set(gazetteer.aliases) == {"jilin"}
