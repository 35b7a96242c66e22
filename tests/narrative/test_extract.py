"""Claims read out of short texts written for these tests (English and Chinese)."""

from __future__ import annotations

from zonemetrics.narrative.extract import Extractor, language_of
from zonemetrics.narrative.timeframe import TextInfo


def by_indicator(claims):
    return {(c.indicator, c.kind): c for c in claims}


def test_level_growth_share_and_conversion(extractor: Extractor):
    text = (
        "In 2022, Tianfu New Area's GDP reached 420.5 billion yuan ($62.5 billion), "
        "up 6.2 percent year-on-year. The area produced about 20 percent of Sichuan's GDP."
    )
    claims = extractor.extract(text, TextInfo(date="2023-02-01"))
    found = by_indicator(claims)
    gdp = found[("gdp", "level")]
    assert (gdp.zone, gdp.period, gdp.value, gdp.unit) == ("tianfu", "2022", 420.5e9, "CNY")
    assert gdp.converted_value == 62.5e9 and gdp.converted_unit == "USD"
    assert found[("gdp_usd", "conversion")].value == 62.5e9
    growth = found[("gdp_growth_real", "growth")]
    assert (growth.value, growth.period) == (6.2, "2022")
    share = found[("share_of_province_gdp", "share")]
    assert (share.value, share.comparator, share.zone, share.period) == (
        20.0,
        "about",
        "tianfu",
        "2022",
    )


def test_last_year_is_read_from_the_text_date(extractor: Extractor):
    text = "Last year Lanzhou New Area hosted 1,320 high-tech enterprises."
    (claim,) = extractor.extract(text, TextInfo(date="2024-05-10"))
    assert (claim.indicator, claim.period, claim.period_inferred) == (
        "high_tech_enterprises",
        "2023",
        True,
    )


def test_ranks_respectively_and_the_peer_set(extractor: Extractor):
    text = (
        "In 2021, Nansha New Area recorded the establishment of 41 specialized and "
        "sophisticated SMEs and 380 high-tech firms, ranking fourth and sixth respectively "
        "among all 19 state-level new areas."
    )
    claims = extractor.extract(text)
    ranks = [(c.indicator, c.rank, c.peer_set, c.peer_count) for c in claims if c.kind == "rank"]
    assert ranks == [
        ("new_specialized_smes", 4, "new_areas", 19),
        ("new_high_tech_enterprises", 6, "new_areas", 19),
    ]


def test_from_to_change_and_first_crossing(extractor: Extractor):
    text = (
        "Its R&D intensity surpassed four percent for the first time in 2020. "
        "Harbin New Area's economic output grew from 52 billion yuan in 2016 "
        "to 71 billion yuan in 2021."
    )
    claims = extractor.extract(text)
    first, change = claims
    assert (first.kind, first.comparator, first.value, first.period) == (
        "threshold",
        "first_time_above",
        4.0,
        "2020",
    )
    assert (change.kind, change.zone, change.value_from, change.period_from) == (
        "change",
        "harbin",
        52e9,
        "2016",
    )
    assert (change.value, change.period) == (71e9, "2021")


def test_chinese_levels_flows_bounds_and_ranks(extractor: Extractor):
    text = (
        "2023年，两江新区地区生产总值达到5300亿元，在19个国家级新区中排名第四。"
        "高新技术企业新增260家，企业总量超8万户。"
    )
    claims = extractor.extract(text, TextInfo(date="2024-01-20"))
    assert language_of(text) == "zh"
    found = by_indicator(claims)
    gdp = found[("gdp", "level")]
    assert (gdp.zone, gdp.value, gdp.period) == ("liangjiang", 5300e8, "2023")
    assert found[("gdp", "rank")].rank == 4
    assert found[("gdp", "rank")].peer_count == 19
    assert found[("new_high_tech_enterprises", "count")].value == 260
    total = found[("other:registered_enterprises", "count")]
    assert (total.value, total.comparator) == (80000.0, ">")


def test_a_claim_about_a_named_sub_zone_stays_with_it(extractor: Extractor):
    text = "Hunan Xiangjiang New Area is in Hunan. Hunan's GDP reached 5 trillion yuan in 2023."
    claims = extractor.extract(text)
    assert [(c.zone, c.value) for c in claims] == [("hunan", 5e12)]


def test_header_line_gives_the_date(extractor: Extractor):
    text = (
        "# source: https://example.org/a | A title | 2022-06-30\n"
        "Last year Changchun New Area's GDP reached 82 billion yuan."
    )
    from zonemetrics.narrative.timeframe import split_header

    info, body = split_header(text)
    (claim,) = extractor.extract(body, info)
    assert (info.url, info.date, claim.period) == ("https://example.org/a", "2022-06-30", "2021")


def test_a_part_of_the_year_narrows_the_period(extractor: Extractor):
    """A figure for the first three quarters is never taken for the whole year's."""
    info = TextInfo(date="2024-01-10")
    cases = [
        ("2023年前三季度，滇中新区实现地区生产总值800亿元。", [800e8], ["2023Q1-Q3"]),
        ("2023年1-9月，金普新区地区生产总值1900亿元。", [1900e8], ["2023Q1-Q3"]),
        ("2023年上半年，江北新区地区生产总值1200亿元。", [1200e8], ["2023H1"]),
        ("2023年一季度，滇中新区地区生产总值269.3亿元。", [269.3e8], ["2023Q1"]),
        ("2023年1-2月，西咸新区地区生产总值150亿元。", [150e8], ["2023-01/2023-02"]),
        ("去年前三季度，滇中新区地区生产总值增长5.1%。", [5.1], ["2023Q1-Q3"]),
        (
            "2023年上半年增长4.0%，全年滇中新区地区生产总值增长5.1%。",
            [4.0, 5.1],
            ["2023H1", "2023"],
        ),
        (
            "2023年上半年，江北新区地区生产总值1200亿元。年末新区常住人口达到100万人。",
            [1200e8, 1e6],
            ["2023H1", "2023"],  # a year-end stock is the year's, whatever came before
        ),
        (
            "In the first half of 2023, the GDP of Jiangbei New Area was 120 billion yuan.",
            [120e9],
            ["2023H1"],
        ),
        (
            "Last year, Dianzhong New Area's GDP grew 5.1 percent in the first three quarters.",
            [5.1],
            ["2023Q1-Q3"],
        ),
        (
            "Dianzhong New Area's GDP grew 5.1 percent in 2023, after 4.0 percent in the "
            "first half.",
            [5.1, 4.0],
            ["2023", "2023H1"],
        ),
    ]
    for text, values, periods in cases:
        claims = extractor.extract(text, info)
        assert [c.value for c in claims] == values, text
        assert [c.period for c in claims] == periods, text


def test_the_boundary_a_figure_is_measured_on(extractor: Extractor):
    info = TextInfo(date="2024-01-10")
    (direct,) = extractor.extract("2023年，江北新区直管区实现地区生产总值1200亿元。", info)
    (whole,) = extractor.extract("2022年，江北新区全域地区生产总值超3700亿元。", info)
    (plain,) = extractor.extract("2023年，江北新区实现地区生产总值1200亿元。", info)
    assert direct.extra["boundary"] == "directly_administered"
    assert whole.extra["boundary"] == "whole_area"
    assert "boundary" not in plain.extra


def test_each_figure_takes_the_part_of_the_year_beside_it(extractor: Extractor):
    """Two figures in one sentence, ranges of quarters and months, comparisons and the
    end of a half: the phrases that name a figure's period, and only those."""
    info = TextInfo(date="2024-01-10")
    cases = [
        (
            "In 2023, Jiangbei New Area's GDP was 120 billion yuan in the first half and 240 "
            "billion yuan for the full year.",
            ["2023H1", "2023"],
        ),
        (
            "In the first half of 2023, Jiangbei New Area's GDP was 120 billion yuan, and it was "
            "240 billion yuan for the full year.",
            ["2023H1", "2023"],
        ),
        ("2023年一至三季度，滇中新区实现地区生产总值800亿元。", ["2023Q1-Q3"]),
        ("2023年1-3季度，滇中新区实现地区生产总值800亿元。", ["2023Q1-Q3"]),
        ("2023年一季度至三季度，滇中新区实现地区生产总值800亿元。", ["2023Q1-Q3"]),
        ("2023年1月至9月，滇中新区地区生产总值800亿元。", ["2023Q1-Q3"]),
        ("2023年一至九月，滇中新区地区生产总值800亿元。", ["2023Q1-Q3"]),
        ("In Q1-Q3 2023, Dianzhong New Area's GDP was 80 billion yuan.", ["2023Q1-Q3"]),
        ("In H1 2023, Dianzhong New Area's GDP was 50 billion yuan.", ["2023H1"]),
        ("Dianzhong New Area's first-quarter GDP was 26.93 billion yuan in 2023.", ["2023Q1"]),
        ("2023年前四季度，滇中新区实现地区生产总值800亿元。", ["2023"]),
        ("2023年上半年末，江北新区高新技术企业3000家。", ["2023-06"]),  # a date, not a stretch
        ("2023年三季度末，江北新区高新技术企业3000家。", ["2023-09"]),
        ("2023Q1-Q3，滇中新区地区生产总值800亿元。", ["2023Q1-Q3"]),  # the ledger's own form
        ("2023H1，滇中新区地区生产总值500亿元。", ["2023H1"]),
        ("In Jan-Sep 2023, Dianzhong New Area's GDP was 80 billion yuan.", ["2023Q1-Q3"]),
        ("2022年度，滇中新区地区生产总值1000亿元。", ["2022"]),
        (
            "2023年5-6月开工项目30个，滇中新区地区生产总值900亿元。",
            ["2023-05/2023-06", "2023"],  # the months are the projects' alone
        ),
        (
            "In 2023, the H1 building of Jiangbei New Area hosted 300 high-tech enterprises.",
            ["2023"],
        ),
        (
            "In 2023, Jiangbei New Area built H2 refueling stations and its GDP reached 300 "
            "billion yuan.",
            ["2023"],  # H2 is hydrogen here
        ),
        ("In 2023, Jiangbei New Area's Q3 Tower hosted 300 enterprises.", ["2023"]),
        (
            "2023年上半年，江北新区地区生产总值1200亿元。前三季度，江北新区地区生产总值1900亿元。",
            ["2023H1", "2023Q1-Q3"],
        ),
        (
            "2023年1-2月，滇中新区地区生产总值增长5.1%。滇中新区地区生产总值150亿元。",
            # no period is carried to the next sentence: it is the last full year before
            # the text's date
            ["2023-01/2023-02", "2023"],
        ),
        (
            "2023年1-2月，滇中新区地区生产总值增长5.1%。同期滇中新区地区生产总值150亿元。",
            ["2023-01/2023-02", "2023-01/2023-02"],  # 同期 says it is the same months
        ),
    ]
    for text, periods in cases:
        assert [c.period for c in extractor.extract(text, info)] == periods, text
    [change] = extractor.extract(
        "2023年上半年，江北新区地区生产总值从一季度的500亿元增至1200亿元。", info
    )
    assert (change.period_from, change.period) == ("2023Q1", "2023H1")


def test_a_comparison_base_is_not_the_figures_period(extractor: Extractor):
    info = TextInfo(date="2024-01-10")
    # the 0.5 points are a gap between two rates: a claim of its own, never the rate
    growth, gap = extractor.extract(
        "2023年，滇中新区地区生产总值增长5.1%，增速比一季度加快0.5个百分点。", info
    )
    assert (growth.value, growth.period) == (5.1, "2023")
    assert (gap.value, gap.unit, gap.indicator.endswith("_gap")) == (0.5, "pp", True)
    growth, gap = extractor.extract(
        "In 2023, Dianzhong New Area's GDP grew 5.1 percent, 0.5 percentage points faster "
        "than in the first quarter.",
        info,
    )
    assert (growth.indicator, growth.value, growth.period) == ("gdp_growth_real", 5.1, "2023")
    assert (gap.value, gap.unit) == (0.5, "pp")
    [population] = extractor.extract(
        "2023年上半年，江北新区常住人口达到120万人，比上年末增加2万人。", info
    )
    assert population.period == "2023H1"  # 上年末 is last year's end, not this figure's
    [growth] = extractor.extract("2023年，滇中新区地区生产总值较上年一季度增长5%。", info)
    assert growth.period == "2023"


def test_the_boundary_and_the_population_are_read_beside_each_figure(extractor: Extractor):
    info = TextInfo(date="2024-01-10")

    def read(text):
        return [
            (c.indicator, c.extra.get("boundary"), c.extra.get("population_kind"))
            for c in extractor.extract(text, info)
        ]

    assert read("2023年，江北新区地区生产总值2400亿元，占全域的60%。")[1][1] is None
    assert read("2023年，江北新区全域面积2451平方公里，地区生产总值3700亿元。")[1][1] is None
    assert (
        read(
            "In 2023, Jiangbei New Area, whose whole area spans 2451 square kilometers, had a "
            "GDP of 370 billion yuan."
        )[1][1]
        is None
    )
    assert [
        b for _, b, _ in read("2023年，江北新区直管区实现地区生产总值1200亿元，同比增长5.0%。")
    ] == [
        "directly_administered",
        "directly_administered",  # the sentence's lead speaks for both figures
    ]
    assert [k for *_, k in read("2023年，江北新区户籍人口80万人，常住人口120万人。")] == [
        "registered",
        "resident",
    ]
    assert [k for *_, k in read("2023年，江北新区常住人口120万人，新增城镇就业2万人。")] == [
        "resident",
        None,
    ]
    assert read("2023年，江北新区常住人口比上年增加2万人，达到120万人。") == [
        ("population", None, "resident")  # the increment is not a population
    ]
    assert read("In 2023, Jiangbei New Area had 1.2 million permanent residents.")[0][2] == (
        "resident"
    )
    assert read("2023年，江北新区直管区面积386平方公里，地区生产总值1200亿元。") == [
        ("land_area", "directly_administered", None),
        ("gdp", None, None),
    ]
    assert read("In 2023, the GDP of the whole new area of Jiangbei reached 370 billion yuan.")[0][
        1
    ] == ("whole_area")


def test_a_change_in_money_is_not_taken_for_a_level(extractor: Extractor):
    info = TextInfo(date="2024-01-10")
    for text in (
        "2023年，江北新区地区生产总值2400亿元，比上年增加200亿元。",
        "In 2023, Jiangbei New Area's GDP was 240 billion yuan, an increase of 20 billion yuan "
        "over the previous year.",
    ):
        assert [c.value for c in extractor.extract(text, info)] == [240e9], text
    [at_least] = extractor.extract("2023年，江北新区地区生产总值至少2400亿元。", info)
    assert at_least.value == 2400e8


def rows(claims) -> list[tuple]:
    return [(c.zone_name, c.indicator, c.period, c.value, c.rank) for c in claims]


def test_a_figure_no_word_list_names_is_still_a_claim(extractor: Extractor):
    [claim] = extractor.extract("In 2022, Lanzhou New Area opened 14 cold-chain warehouses.")
    assert (claim.zone, claim.indicator, claim.period, claim.value) == (
        "lanzhou",
        "other:cold_chain_warehouses",
        "2022",
        14.0,
    )
    [claim] = extractor.extract("2022年，兰州新区建成冷链仓库14座。")
    assert claim.indicator.startswith("other:") and claim.value == 14.0


def test_an_undated_sentence_takes_no_year_from_the_one_before(extractor: Extractor):
    claims = extractor.extract(
        "In 2021, Lanzhou New Area's GDP was 30 billion yuan. It has 120 high-tech firms."
    )
    assert [(c.indicator, c.period) for c in claims] == [
        ("gdp", "2021"),
        ("high_tech_enterprises", None),
    ]


def test_a_scope_word_gives_the_figure_to_the_wider_territory(extractor: Extractor):
    claims = extractor.extract(
        "2023年，兰州新区地区生产总值达到350亿元，全省地区生产总值1.2万亿元，全国GDP增长5.2%。"
    )
    assert [(c.zone, c.indicator) for c in claims] == [
        ("lanzhou", "gdp"),
        ("gansu", "gdp"),
        ("china", "gdp_growth_real"),
    ]


def test_a_zone_inside_the_new_area_takes_its_own_figures(extractor: Extractor):
    claims = extractor.extract(
        "2023年，兰州新区秦王川片区引进项目12个，兰州新区地区生产总值350亿元。"
    )
    assert [(c.zone_text, c.value) for c in claims] == [("秦王川片区", 12.0), ("兰州新区", 350e8)]


def test_a_change_keeps_both_ends_and_both_periods(extractor: Extractor):
    [change] = extractor.extract(
        "Lanzhou New Area's output rose to 90 billion yuan in 2023 from 40 billion yuan in 2018."
    )
    assert (change.value, change.period, change.value_from, change.period_from) == (
        90e9,
        "2023",
        40e9,
        "2018",
    )


def test_top_n_and_first_place_are_ranks(extractor: Extractor):
    claims = extractor.extract("兰州新区工业增速居全省首位，综合排名进入全国前十。")
    ranks = [(c.rank, c.comparator, c.peer_set) for c in claims if c.kind == "rank"]
    assert ranks == [(1, "=", "province"), (10, "<=", "national")]


def ranks_of(claims) -> list[tuple]:
    return [(c.zone_text, c.indicator, c.period, c.rank, c.comparator) for c in claims if c.rank]


def test_each_zone_of_a_coordinated_subject_holds_the_rank(extractor: Extractor):
    claims = extractor.extract("2021年，兰州新区和西咸新区进入全国前十，分别位居第4和第9名。")
    assert [(zone, rank, comparator) for zone, _, _, rank, comparator in ranks_of(claims)] == [
        ("兰州新区", 10, "<="),
        ("西咸新区", 10, "<="),
        ("兰州新区", 4, "="),
        ("西咸新区", 9, "="),
    ]


def test_a_rank_read_from_a_dated_ranking_takes_its_year(extractor: Extractor):
    claims = extractor.extract(
        "The ministry published its 2022 evaluation of the new areas in May. "
        "Lanzhou New Area ranked 7th among the 19 new areas."
    )
    assert ranks_of(claims) == [("Lanzhou New Area", "other:unnamed", "2022", 7, "=")]


def test_the_indicator_named_in_the_rank_clause_is_what_is_ranked(extractor: Extractor):
    claims = extractor.extract(
        "2022年，兰州新区工业增速高于全省2个百分点，地区生产总值居全省首位。"
    )
    assert ranks_of(claims) == [("兰州新区", "gdp", "2022", 1, "=")]


def test_a_count_that_restates_its_list_is_not_a_figure(extractor: Extractor):
    claims = extractor.extract("2022年，兰州新区在研发、出口两项指标中位居全省前三。")
    assert [(c.kind, c.rank) for c in claims] == [("rank", 3), ("rank", 3)]  # one per item
    examples = extractor.extract("2022年，兰州新区化工、装备等2个产业集群产值超过百亿元。")
    assert ("count", 2.0) in [(c.unit, c.value) for c in examples]


def test_a_present_stock_without_a_text_date_has_no_period(extractor: Extractor):
    claims = extractor.extract(
        "2021年，兰州新区地区生产总值300亿元。目前，新区拥有高新技术企业120家。"
    )
    assert [(c.indicator, c.period) for c in claims] == [
        ("gdp", "2021"),
        ("high_tech_enterprises", None),
    ]
    dated = extractor.extract("目前，新区拥有高新技术企业120家。", TextInfo(date="2024-05-10"))
    assert [(c.period, c.period_inferred) for c in dated] == [("2024", True)]


def test_a_rate_in_a_parallel_list_is_the_rate_named_first(extractor: Extractor):
    claims = extractor.extract(
        "In 2022, GDP growth in Lanzhou New Area was 9 percent, and Xixian New Area was 7 percent."
    )
    assert [(c.zone, c.indicator, c.value) for c in claims] == [
        ("lanzhou", "gdp_growth_real", 9.0),
        ("xixian", "gdp_growth_real", 7.0),
    ]


def test_noun_phrases_leave_out_proper_names(extractor: Extractor):
    claims = extractor.extract(
        "In 2022 Lanzhou New Area's GDP was 30 billion yuan. In the same period, "
        "Lanzhou New Area's exports grew 12 percent."
    )
    assert [(c.indicator, c.period) for c in claims] == [
        ("gdp", "2022"),
        ("other:exports_growth", "2022"),
    ]


def test_a_bare_count_takes_the_noun_its_clause_names(extractor: Extractor):
    [change] = extractor.extract(
        "The number of high-tech firms in Lanzhou New Area rose from 50 in 2018 to 300 in 2023."
    )
    assert (change.indicator, change.value_from, change.value) == (
        "high_tech_enterprises",
        50.0,
        300.0,
    )


def test_a_multiple_without_a_noun_compares_the_figure_before_it(extractor: Extractor):
    claims = extractor.extract("2023年，兰州新区地区生产总值达到350亿元，是2018年的2倍。")
    assert [(c.indicator, c.period, c.value) for c in claims] == [
        ("gdp", "2023", 350e8),
        ("other:gdp_multiple", "2023", 2.0),
    ]


def test_every_counter_word_makes_a_count(extractor: Extractor):
    claims = extractor.extract("2022年，兰州新区授权发明专利460件，开行中欧班列120列。")
    assert [(c.value, c.unit) for c in claims] == [(460.0, "count"), (120.0, "count")]
    assert all(c.indicator.startswith("other:") for c in claims)


def test_people_counted_with_ming_are_not_places(extractor: Extractor):
    claims = extractor.extract("2022年，兰州新区引进博士200名，综合排名比上年提升12位。")
    assert [(c.indicator == "other:rank_change", c.value, c.unit) for c in claims] == [
        (False, 200.0, "persons"),
        (True, 12.0, "places"),
    ]


def test_a_count_takes_no_indicator_word_across_a_comma(extractor: Extractor):
    claims = extractor.extract(
        "2022年，兰州新区集聚高新技术企业320家，每万名从业人员拥有发明专利40件。"
    )
    assert claims[0].indicator == "high_tech_enterprises"
    assert claims[1].indicator != "high_tech_enterprises" and claims[1].value == 40.0


def test_a_sector_ordinal_is_no_rank(extractor: Extractor):
    claims = extractor.extract("2022年，兰州新区工业增加值占全国第二产业增加值比重0.1%。")
    assert [c.kind for c in claims if c.rank] == []


def test_a_percentage_of_an_amount_is_a_change_never_the_amount(extractor: Extractor):
    [claim] = extractor.extract(
        "In 2016 Lanzhou New Area revised its GDP for the year by over 30 percent."
    )
    assert (claim.indicator, claim.kind, claim.value, claim.unit) == (
        "other:gdp_change",
        "growth",
        30.0,
        "%",
    )


def test_a_share_names_the_whole_it_is_of(extractor: Extractor):
    [trade] = extractor.extract(
        "In 2022, Lanzhou New Area's foreign trade accounted for 12 percent of the "
        "province's foreign trade."
    )
    assert (trade.indicator, trade.value) == ("other:share_of_province_foreign_trade", 12.0)
    [firms] = extractor.extract("2022年，兰州新区高新技术企业数量占全市的三分之一。")
    assert (firms.indicator, firms.value) == ("other:share_of_city_high_tech_enterprises", 33.33)
    [gdp] = extractor.extract("2022年，兰州新区地区生产总值占全省比重达8%。")
    assert (gdp.indicator, gdp.value) == ("share_of_province_gdp", 8.0)


def test_english_names_of_gdp_industrial_output_and_foreign_capital(extractor: Extractor):
    text = (
        "In 2021 the gross regional product of Tianfu New Area reached 300 billion yuan. "
        "Its gross industrial output (GIO) grew 9 percent, and GIO reached 80 billion yuan. "
        "The area drew US$3 billion in contracted foreign capital and actually used "
        "US$1 billion. It invested 40 billion yuan in fixed assets."
    )
    claims = extractor.extract(text, TextInfo(date="2022-02-01"))
    codes = {c.value: c.indicator for c in claims}
    assert codes[300e9] == "gdp"
    assert codes[80e9] == "industrial_output"
    assert codes[3e9] == "other:contracted_foreign_capital"
    assert codes[1e9] == "fdi"
    assert codes[40e9] == "other:fixed_asset_investment"


def test_a_currency_written_after_the_amount_and_a_share_of_a_national_whole(
    extractor: Extractor,
):
    text = (
        "In 2021 the GDP of Tianfu New Area topped 3.2 trillion RMB, accounting for 5.1 "
        "percent of the national volume, and its exports reached 2 billion US dollars."
    )
    claims = extractor.extract(text, TextInfo(date="2022-02-01"))
    units = {c.value: (c.unit, c.indicator) for c in claims}
    assert units[3.2e12] == ("CNY", "gdp")
    assert units[2e9][0] == "USD"
    assert units[5.1] == ("%", "other:share_of_national_gdp")


def test_an_unnamed_amount_is_named_by_the_subject_of_its_verb(extractor: Extractor):
    text = "In 2021 the freight handling volume of Tianfu New Area reaches 9 billion yuan."
    (claim,) = extractor.extract(text, TextInfo(date="2022-02-01"))
    assert claim.indicator == "other:freight_handling_volume"


def test_an_amount_named_by_the_noun_after_its_bracketed_conversion(extractor: Extractor):
    text = "In 2021 Tianfu New Area realized 50 billion yuan (US$7.7 billion) in industrial output."
    claims = extractor.extract(text, TextInfo(date="2022-02-01"))
    assert {c.value: c.indicator for c in claims}[50e9] == "industrial_output"


def test_higher_than_the_year_earlier_level_is_growth_not_a_gap(extractor: Extractor):
    text = "In 2021 Tianfu New Area's GDP was 8 percent higher than the year-earlier level."
    (claim,) = extractor.extract(text, TextInfo(date="2022-02-01"))
    assert claim.indicator == "gdp_growth_real"
