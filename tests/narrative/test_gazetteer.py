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


def test_a_zone_named_in_full_is_found_by_its_short_form_in_the_same_text():
    text = "番禺上半年增长5%。番禺区位于广州。长沙高新区与长沙市。"
    found = [(m.text, m.place.name) for m in Gazetteer({}).find(text) if m.place is not None]
    assert ("番禺", "番禺区") in found
    # a short form that is itself a city stays the city
    assert ("长沙市", "长沙市") in found
    assert all(name != "长沙高新技术产业开发区" for text_, name in found if text_ == "长沙")


def test_references_by_type_and_by_demonstrative_are_generic_mentions():
    found = Gazetteer({}, with_places=False).find("该地区新增企业, the zone grew; the FTZs grew")
    assert [(m.text, m.place) for m in found] == [("该地区", None), ("the zone", None)]
