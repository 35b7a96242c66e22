"""Harvested candidates: reviewed before they enter the ledger, never lost."""

from __future__ import annotations

import pytest

import zonemetrics.ingest.candidates as candidates
from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.candidates import (
    Candidate,
    accept,
    add_candidates,
    list_candidates,
    reject,
)

SENTENCE = "The new area's output was 2,511 亿元 in 2020 and 1,063 亿元 in 2015."


def _candidates() -> list[Candidate]:
    return [
        Candidate(SENTENCE, "湘江新区", "gdp", "2020", "2511", "亿元"),
        Candidate(SENTENCE, "湘江新区", "gdp", "2015", "1063", "亿元"),
        Candidate(
            "Growth was 12% in 2016.", "Xiangjiang New Area", "gdp_growth_real", "2016", "12", "%"
        ),
    ]


def test_harvested_figures_wait_for_review_and_are_not_added_twice(tiny_store):
    before = tiny_store.sql("SELECT count(*) FROM observations")
    assert add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates()) == (3, 0)
    assert add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates()) == (0, 3)
    assert tiny_store.sql("SELECT count(*) FROM observations") == before
    pending = list_candidates(tiny_store, review="pending")
    assert [(c["zone"], c["indicator"], c["period"], c["value"]) for c in pending] == [
        ("xiangjiang", "gdp", "2020", 2511e8),
        ("xiangjiang", "gdp", "2015", 1063e8),
        ("xiangjiang", "gdp_growth_real", "2016", 12.0),
    ]


def test_the_review_view_shows_what_the_ledger_already_holds(tiny_store):
    add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates())
    by_period = {c["period"]: c for c in list_candidates(tiny_store)}
    # 1602.5 (Rednet) is preferred for 2015: 1063 cannot be reconciled with it
    assert by_period["2015"]["conflicts"] == 1
    assert by_period["2015"]["ledger"][0]["original_text"] == "1602.5亿元"
    # 11% for 2016 is held; 12% is not consistent with it
    assert by_period["2016"]["ledger"][0]["consistent"] is False


def test_accepting_writes_observations_and_rejecting_keeps_the_record(tiny_store):
    add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates())
    ids = [c["candidate_id"] for c in list_candidates(tiny_store)]
    review = accept(tiny_store, ids[:1])
    assert list(review.observations) == [ids[0]]
    # the 2020 figure was already in the ledger from the same source: nothing new written
    assert tiny_store.sql("SELECT count(*) FROM observations WHERE period = '2020'") == [(2,)]
    reject(tiny_store, ids[1:], note="another caliber; check the source first")
    reviews = {
        c["candidate_id"]: (c["review"], c["review_note"]) for c in list_candidates(tiny_store)
    }
    assert reviews[ids[2]] == ("rejected", "another caliber; check the source first")
    with pytest.raises(ZonemetricsError, match="already rejected"):
        accept(tiny_store, [ids[2]])


def test_accept_all_from_a_source_writes_in_one_transaction(tiny_store):
    add_candidates(
        tiny_store,
        "rednet-en-2017-09-25",
        [
            Candidate(
                "Output reached 1801.12 亿元 in 2016.",
                "xiangjiang",
                "gdp",
                "2016",
                "1801.12",
                "亿元",
            ),
            Candidate(
                "Output reached 2208.85 亿元 in 2017.",
                "xiangjiang",
                "gdp",
                "2017",
                "2208.85",
                "亿元",
            ),
        ],
    )
    review = accept(tiny_store, all_from="rednet-en-2017-09-25")
    assert len(review.observations) == 2
    notes = tiny_store.sql(
        "SELECT note FROM observations WHERE period IN ('2016', '2017') "
        "AND indicator = 'gdp' ORDER BY period"
    )
    assert notes[0][0].startswith("harvested from: Output reached 1801.12")


def test_a_candidate_that_does_not_validate_accepts_nothing(tiny_store):
    add_candidates(
        tiny_store,
        "rednet-en-2017-09-25",
        [
            Candidate("s1", "xiangjiang", "gdp", "2017", "2208.85", "亿元"),
            Candidate("s2", "xiangjiang", "listed_firms", "2017", "51", "家"),
        ],
    )
    before = tiny_store.fingerprint()
    with pytest.raises(IngestError, match="unknown indicator 'listed_firms'"):
        accept(tiny_store, all_from="rednet-en-2017-09-25")
    assert tiny_store.fingerprint() == before


def test_a_reviewer_corrects_what_the_reader_got_wrong_and_what_was_read_is_kept(tiny_store):
    add_candidates(
        tiny_store,
        "rednet-en-2017-09-25",
        [
            Candidate(
                "Its output reached 2208.85 亿元.",
                "湘江新区",
                "other:output",
                "2016",
                "2208.85",
                "亿元",
            )
        ],
    )
    [candidate] = list_candidates(tiny_store, "rednet-en-2017-09-25")
    review = accept(
        tiny_store,
        [candidate["candidate_id"]],
        corrections={"indicator": "gdp", "period": "2017"},
        note="the article's 'output' is GDP, and it speaks of 2017",
    )
    obs_id = review.observations[candidate["candidate_id"]]
    indicator, period, note = tiny_store.sql(
        "SELECT indicator, period, note FROM observations WHERE obs_id = ?", [obs_id]
    )[0]
    assert (indicator, period) == ("gdp", "2017")
    assert note.endswith(
        "corrected at review: indicator 'other:output' -> 'gdp', period '2016' -> '2017'; "
        "reviewer: the article's 'output' is GDP, and it speaks of 2017"
    )
    [reviewed] = list_candidates(tiny_store, "rednet-en-2017-09-25")
    assert (reviewed["indicator"], reviewed["period"]) == ("other:output", "2016")  # as read
    assert reviewed["corrections"] == '{"indicator": "gdp", "period": "2017"}'
    assert reviewed["review_note"] == "the article's 'output' is GDP, and it speaks of 2017"


def test_only_the_fields_of_an_observation_can_be_corrected(tiny_store):
    add_candidates(tiny_store, "rednet-en-2017-09-25", _candidates()[:1])
    before = tiny_store.fingerprint()
    with pytest.raises(ZonemetricsError, match="cannot correct source"):
        accept(tiny_store, all_from="rednet-en-2017-09-25", corrections={"source": "x"})
    assert tiny_store.fingerprint() == before


def test_a_figure_correction_is_for_one_candidate_and_a_zone_named_otherwise_is_no_change(
    tiny_store,
):
    add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates())
    before = tiny_store.fingerprint()
    with pytest.raises(ZonemetricsError, match="describes one figure: select one candidate"):
        accept(tiny_store, all_from="xinzixun-2021-11-07", corrections={"value": "2511.0"})
    assert tiny_store.fingerprint() == before
    first = list_candidates(tiny_store)[0]["candidate_id"]
    accept(tiny_store, [first], corrections={"zone": "Xiangjiang New Area"})
    assert list_candidates(tiny_store)[0]["corrections"] is None


def test_a_review_completed_meanwhile_is_never_overwritten(tiny_store, monkeypatch):
    """Two reviewers read the same pending candidate; the second to write is refused and
    leaves no observation behind."""
    add_candidates(tiny_store, "xinzixun-2021-11-07", _candidates()[2:])
    [row] = candidates._pending(tiny_store, None, "xinzixun-2021-11-07")
    accept(tiny_store, [row["candidate_id"]], corrections={"period": "2017"})
    before = tiny_store.fingerprint()
    monkeypatch.setattr(candidates, "_pending", lambda *_: [row])  # what the second one read
    with pytest.raises(ZonemetricsError, match="reviewed by someone else meanwhile"):
        accept(tiny_store, [row["candidate_id"]], corrections={"period": "2016"})
    with pytest.raises(ZonemetricsError, match="reviewed by someone else meanwhile"):
        reject(tiny_store, [row["candidate_id"]], note="late")
    assert tiny_store.fingerprint() == before
    [kept] = list_candidates(tiny_store)
    assert (kept["review"], kept["corrections"]) == ("accepted", '{"period": "2017"}')
