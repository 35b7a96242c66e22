"""The hold-out labelled set (tests/data/claims-holdout) holds together.

A hold-out set only measures an extractor if its labels are readable off its passages, so
it passes the same checks as the project's development set (shared through
`zonemetrics.narrative.labelled_sets`). These tests report problems by claim id and never
print passages or labels: the set is held out from everyone who tunes the extractor, who
run it only through `benchmarks/claims_extraction.py` and read its aggregate scores.
"""

from __future__ import annotations

from pathlib import Path

from zonemetrics.narrative.labelled_sets import LabelledSet

HOLDOUT = LabelledSet(Path(__file__).resolve().parents[1] / "data" / "claims-holdout")


def test_the_set_has_both_languages_and_enough_claims():
    languages = {claim["lang"] for claim in HOLDOUT.claims}
    assert len(HOLDOUT.passages) >= 12
    assert languages == {"en", "zh"}
    assert len(HOLDOUT.claims) >= 150


def test_no_passage_is_shared_with_the_development_sets():
    own = LabelledSet(Path(__file__).resolve().parents[1] / "data" / "claims-own")
    source_lines = {text.split("\n", 1)[0].split(" | ")[0] for text in own.passages.values()}
    for text in HOLDOUT.passages.values():
        assert text.split("\n", 1)[0].split(" | ")[0] not in source_lines


def test_every_passage_starts_with_its_source_line():
    assert HOLDOUT.header_problems() == []


def test_spans_and_excluded_contexts_are_exact_substrings():
    assert HOLDOUT.span_problems() == []


def test_values_conversions_and_ranks_read_off_their_spans():
    assert HOLDOUT.value_problems() == []


def test_zones_resolve_through_the_zone_table():
    assert HOLDOUT.zone_problems() == []


def test_global_aliases_name_one_zone_each():
    assert HOLDOUT.shared_alias_problems() == []


def test_fields_follow_the_schema():
    assert HOLDOUT.schema_problems() == []


def test_reference_scorer_scores_gold_against_itself_as_perfect(
    reference_scorer: Path, tmp_path: Path
):
    reports = HOLDOUT.score_gold_against_itself(reference_scorer, tmp_path)
    for mode, report in reports.items():
        assert (report["all"]["precision"], report["all"]["recall"]) == (1.0, 1.0), mode
        assert report["missed_gold_ids"] == [], mode
