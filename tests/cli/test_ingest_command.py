"""`zonemetrics ingest`: --accept-outliers imports a refused row flagged, and the
record `show --json` prints displays the flag."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.ledger.queries import show_zone
from zonemetrics.store.connection import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledger"


def test_an_outlier_is_refused_then_imported_flagged_with_accept_outliers(tmp_path):
    runner = CliRunner()
    store = str(tmp_path / "ledger.duckdb")
    ledger = open_store(store)
    ingest_paths(ledger, [FIXTURES])
    ledger.close()
    outlier = tmp_path / "outlier.csv"
    outlier.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,rd_intensity,2022,150,%,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["--store", store, "ingest", str(outlier), "--json"])
    assert refused.exit_code == 1
    [error] = json.loads(refused.stdout)["errors"]
    assert "share_above_whole" in error["problems"][0]["reason"]

    accepted = runner.invoke(
        app, ["--store", store, "ingest", str(outlier), "--accept-outliers", "--json"]
    )
    assert accepted.exit_code == 0, accepted.stdout
    ledger = open_store(store)
    shown = show_zone(ledger, "xiangjiang")  # what `show --json` prints
    ledger.close()
    rows = [r for r in shown["indicators"] if r["indicator"] == "rd_intensity"]
    values = [*rows, *(b for r in rows for b in r["beside"])]
    flagged = {v["original_text"]: v["flags"] for v in values if v["flags"]}
    assert list(flagged) == ["150%"]
    assert flagged["150%"][0]["rule"] == "share_above_whole"


def test_a_refused_ingest_prints_the_error_and_no_empty_summary(tmp_path):
    store = str(tmp_path / "ledger.duckdb")
    ledger = open_store(store)
    ingest_paths(ledger, [FIXTURES])
    ledger.close()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2022,not a number,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    refused = CliRunner().invoke(app, ["--store", store, "ingest", str(bad)])
    assert refused.exit_code == 1
    assert "Ingest" not in refused.stdout  # no table of zero imported files
    said = " ".join(refused.stderr.split())  # the message as read, whatever the wrapping
    assert "row 2, column 'value'" in said and "nothing from this file was imported" in said
