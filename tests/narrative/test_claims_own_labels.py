"""The project's own labelled passages (tests/data/claims-own) hold together.

The set is only worth measuring against if its labels are readable off its passages: every
span is an exact substring of its passage, every value and rank can be read off the
digits or number words of its span, every zone resolves through the set's zone table and
periods are written in the ledger's period forms. The checks live in
`zonemetrics.narrative.labelled_sets`, shared with the hold-out set's test. The reference
scorer, when ../shared is present, must score the gold labels against themselves as perfect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.narrative.labelled_sets import LabelledSet

OWN = LabelledSet(Path(__file__).resolve().parents[1] / "data" / "claims-own")


def test_the_set_has_passages_claims_and_zones():
    assert len(OWN.passages) == 15
    assert len(OWN.claims) >= 100
    assert OWN.zones


def test_every_passage_starts_with_its_source_line():
    assert OWN.header_problems() == []


def test_spans_and_excluded_contexts_are_exact_substrings():
    assert OWN.span_problems() == []


def test_values_conversions_and_ranks_read_off_their_spans():
    assert OWN.value_problems() == []


def test_zones_resolve_through_the_zone_table():
    assert OWN.zone_problems() == []


def test_global_aliases_name_one_zone_each():
    assert OWN.shared_alias_problems() == []


def test_fields_follow_the_schema():
    assert OWN.schema_problems() == []


def test_reference_scorer_scores_gold_against_itself_as_perfect(
    reference_scorer: Path, tmp_path: Path
):
    reports = OWN.score_gold_against_itself(reference_scorer, tmp_path)
    for mode, report in reports.items():
        assert (report["all"]["precision"], report["all"]["recall"]) == (1.0, 1.0), mode
        assert report["missed_gold_ids"] == [], mode


@pytest.mark.parametrize(
    ("span", "value"),
    [
        ("accounting for one-fifth of the city's total", 20),
        ("占全国的三分之一", 100 / 3),
        ("仅为全国平均水平的1/4", 25),
        ("实现翻番", 2),
        ("营业收入过千亿元", 1e11),
        ("15万吨", 150_000),
    ],
)
def test_number_forms_a_value_may_be_read_from(span: str, value: float):
    from zonemetrics.narrative.labelled_sets import readable

    assert readable(value, span)


def test_a_value_the_span_does_not_write_is_not_readable():
    from zonemetrics.narrative.labelled_sets import readable

    assert not readable(21, "accounting for one-fifth of the city's total")
    assert not readable(7.5, "增长7%")
