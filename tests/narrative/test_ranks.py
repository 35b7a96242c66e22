"""Rank phrases as a grammar: ordinals, places taken, top-N bounds, moves and peer sets."""

from __future__ import annotations

from zonemetrics.narrative.ranks import find_ranks


def ranks(sentence: str, lang: str) -> list[tuple]:
    return [
        (p.ranks, p.comparator, p.rank_from, p.peer_set, p.peer_count)
        for p in find_ranks(sentence, lang)
    ]


def test_ordinal_with_its_peer_set_and_size():
    assert ranks("该区营收在全国168个国家高新区中排名第7位", "zh") == [
        ((7,), "=", None, "national_high_tech_zones", 168)
    ]
    assert ranks("It ranked 4th among the country's 230 development zones.", "en") == [
        ((4,), "=", None, "development_zones", 230)
    ]


def test_first_place_words():
    assert ranks("出口额居全省首位", "zh")[0][:2] == ((1,), "=")
    assert ranks("The park held first place in the province.", "en")[0][:2] == ((1,), "=")


def test_top_n_is_a_bound_on_the_rank():
    assert ranks("综合实力进入全国前十", "zh")[0][:2] == ((10,), "<=")
    assert ranks("It is among the top 20 zones nationwide.", "en")[0][:2] == ((20,), "<=")


def test_a_list_name_is_not_a_rank():
    assert ranks("引进世界500强企业3家", "zh") == []


def test_a_move_keeps_both_ranks():
    assert ranks("排名从第11位升至第4位", "zh")[0][:3] == ((4,), "=", 11)
    assert ranks("It climbed from 9th to 5th among new areas.", "en")[0][:3] == ((5,), "=", 9)


def test_an_approval_ordinal_is_not_a_rank():
    assert ranks("It was the 15th new area in China approved by the State Council.", "en") == []


def test_a_superlative_ordinal_is_a_rank():
    assert ranks("Its exports were the third largest among the 230 development zones.", "en") == [
        ((3,), "=", None, "development_zones", 230)
    ]


def test_a_move_by_some_places_gives_the_old_rank():
    assert ranks("The park climbed three places to 9th in the province.", "en") == [
        ((9,), "=", 12, "province", None)
    ]
    assert ranks("It slipped two spots to 6th nationwide.", "en")[0][:3] == ((6,), "=", 4)
    assert ranks("该园区综合排名上升4位，居全省第7位", "zh")[0][:3] == ((7,), "=", 11)
    assert ranks("该园区排名下降2位，列全市第5位", "zh")[0][:3] == ((5,), "=", 3)


def test_more_ways_of_holding_first_place():
    assert ranks("The zone remained in first place among the 160 high-tech zones.", "en") == [
        ((1,), "=", None, "national_high_tech_zones", 160)
    ]
    assert ranks("It came in 4th nationwide.", "en")[0][:2] == ((4,), "=")
    assert ranks("The park held first place in the province.", "en")[0][3] == "province"
    # a tie is still the place held
    assert ranks("该区增速与邻区并列全省首位", "zh")[0][:4] == ((1,), "=", None, "province")
    assert ranks("园区出口额跃居全国第二", "zh")[0][:2] == ((2,), "=")


def test_a_rank_named_by_its_peer_set_alone():
    assert ranks("园区出口额全市第二名，专利数量全国同类园区第5位", "zh") == [
        ((2,), "=", None, "city", None),
        ((5,), "=", None, "national", None),
    ]
    assert ranks("该区增速全省第一", "zh")[0][:2] == ((1,), "=")
    assert ranks("该区是全省第2个千亿园区", "zh") == []  # an ordinal of a deed, not a rank
    assert ranks("工业产值稳居全省三甲", "zh")[0][:2] == ((3,), "<=")


def test_an_ordinal_superlative_in_apposition():
    assert ranks("Binhai, the second-largest economy among the new areas, grew.", "en") == [
        ((2,), "=", None, "new_areas", None)
    ]


def test_second_only_to_is_the_second_place():
    assert ranks("Its output is second only to Pudong among the new areas.", "en") == [
        ((2,), "=", None, "new_areas", None)
    ]


def test_a_numbered_rank_as_the_attribute_of_a_noun():
    assert ranks("It was the No. 3 zone nationwide in exports.", "en")[0][:2] == ((3,), "=")
