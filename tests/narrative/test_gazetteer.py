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


def test_a_latin_name_stands_as_a_whole_word_with_or_without_its_possessive():
    gazetteer = Gazetteer({"Jilin": JILIN}, with_places=False)
    found = gazetteer.find("Jilin's output rose; Jilinxyz is not a place; JILIN grew.")
    assert [m.text for m in found] == ["Jilin's", "JILIN"]


def test_the_longest_name_at_a_position_wins():
    hunan = Place("hunan", "Hunan", "province")
    xiangjiang = Place("xiangjiang", "Hunan Xiangjiang New Area", "new_area")
    gazetteer = Gazetteer(
        {"Hunan": hunan, "Hunan Xiangjiang New Area": xiangjiang}, with_places=False
    )
    found = gazetteer.find("Hunan Xiangjiang New Area grew faster than Hunan.")
    assert [(m.text, m.place.key) for m in found] == [
        ("Hunan Xiangjiang New Area", "xiangjiang"),
        ("Hunan", "hunan"),
    ]
