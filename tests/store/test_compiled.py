"""SQL compiled from the Ibis expressions is kept per version of the code: a later
process runs it without Ibis and gets exactly the rows the expressions give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from zonemetrics.indicators.rank import rank_with_reported
from zonemetrics.indicators.zone_view import zone_profile
from zonemetrics.store import compiled
from zonemetrics.store.connection import open_store

ASK = (
    "import json, sys\n"
    "from zonemetrics.indicators.rank import rank_with_reported\n"
    "from zonemetrics.indicators.zone_view import zone_profile\n"
    "from zonemetrics.store.connection import open_store\n"
    "store = open_store(sys.argv[1], read_only=True, create=False)\n"
    "answer = {'show': zone_profile(store, 'xiangjiang'),\n"
    "          'show_2021': zone_profile(store, 'liangjiang', 2021),\n"
    "          'rank': rank_with_reported(store, 'gdp_per_km2', 2022).as_dict()}\n"
    "print(json.dumps({'answer': answer, 'ibis': 'ibis' in sys.modules}, default=str))\n"
)


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def _ask_in_a_new_process(path, cache):
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("ZONEMETRICS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", ASK, str(path)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_kept_sql_answers_a_new_process_without_ibis_and_with_the_same_rows(
    bundle_store, tmp_path, monkeypatch
):
    monkeypatch.setenv("ZONEMETRICS_NO_CACHE", "1")  # the expressions, nothing kept
    bundle_store.raw.execute("CHECKPOINT")
    path = tmp_path / "ledger.duckdb"
    shutil.copy(bundle_store.path, path)
    store = open_store(path, read_only=True, create=False)
    expected = {
        "show": zone_profile(store, "xiangjiang"),
        "show_2021": zone_profile(store, "liangjiang", 2021),
        "rank": rank_with_reported(store, "gdp_per_km2", 2022).as_dict(),
    }
    store.close()
    cache = tmp_path / "cache"
    first = _ask_in_a_new_process(path, cache)  # compiles and keeps
    kept = list((cache / "zonemetrics" / compiled.SQL_FOLDER).glob("*.json"))
    assert len(kept) == 1 and "memo:judged" in json.loads(kept[0].read_text())
    second = _ask_in_a_new_process(path, cache)  # runs what was kept
    assert first["ibis"] and not second["ibis"]
    assert first["answer"] == second["answer"] == _plain(expected)


def test_a_write_is_seen_by_kept_sql(bundle_copy, tmp_path, monkeypatch):
    """Kept SQL is code, not answers: it reads the store as it is now."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ZONEMETRICS_NO_CACHE", raising=False)
    compiled.forget_kept()
    before = rank_with_reported(bundle_copy, "gdp", 2023)
    leader = before.rows[0]
    bundle_copy.forget()
    compiled.forget_kept()  # as a new process would start
    with bundle_copy.transaction():
        bundle_copy.raw.execute(
            "DELETE FROM observations WHERE zone_id = ? AND indicator = 'gdp' "
            "AND period_start_year = 2023",
            [leader["zone"]],
        )
    after = rank_with_reported(bundle_copy, "gdp", 2023)
    assert next(r for r in after.rows if r["zone"] == leader["zone"])["rank"] is None
    assert after.with_data == before.with_data - 1


def test_values_asked_about_are_written_into_the_kept_sql_as_literals():
    standins, texts = compiled._sentinels({"zone": "x", "year": 2023})
    sql = f"SELECT * FROM t WHERE z = '{standins['zone']}' AND y <= {standins['year']}"
    assert compiled._fill(sql, {"zone": "o'hare", "year": 2021}) == (
        "SELECT * FROM t WHERE z = 'o''hare' AND y <= 2021"
    )
    assert set(texts.values()) == {"zone", "year"}
