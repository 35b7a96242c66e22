"""Answers kept between runs are served only for the same store state and question."""

from __future__ import annotations

from zonemetrics.ingest.load import ingest_file
from zonemetrics.store.connection import open_store
from zonemetrics.store.result_cache import cached_answer


def test_an_answer_is_kept_until_the_store_changes(tiny_store, tmp_path):
    path = tiny_store.path
    tiny_store.close()
    computed: list[int] = []

    def count_observations() -> int:
        store = open_store(path, create=False, read_only=True)
        try:
            computed.append(1)
            return store.sql("SELECT count(*) FROM observations")[0][0]
        finally:
            store.close()

    first = cached_answer(path, "count", {}, count_observations)
    assert cached_answer(path, "count", {}, count_observations) == first
    assert len(computed) == 1
    assert cached_answer(path, "count", {"other": "question"}, count_observations) == first
    assert len(computed) == 2

    mine = tmp_path / "mine.csv"
    mine.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2019,2000,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    store = open_store(path, create=False)
    ingest_file(store, mine)
    store.close()
    assert cached_answer(path, "count", {}, count_observations) == first + 1
    assert len(computed) == 3


def test_no_cache_computes_every_time(tiny_store, monkeypatch):
    monkeypatch.setenv("ZONEMETRICS_NO_CACHE", "1")
    calls: list[int] = []
    for _ in range(2):
        cached_answer(tiny_store.path, "q", {}, lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]
