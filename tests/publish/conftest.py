"""A ledger whose text cells try to become formulas in a spreadsheet."""

from __future__ import annotations

import pytest

from zonemetrics.ingest.load import ingest_file

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/x","click")'
HOSTILE_NOTE = "+cmd|' /C calc'!A0"
HOSTILE_PRODUCER = "@SUM(1+1)"


@pytest.fixture
def hostile_store(tiny_store, tmp_path):
    """The tiny ledger plus a source and an observation whose texts start like formulas."""
    sources = tmp_path / "sources.csv"
    sources.write_text(
        "source_id,title,producer,url,published,accessed,licence,tier,note\n"
        f'hostile-source,"{HOSTILE_TITLE.replace(chr(34), chr(34) * 2)}",{HOSTILE_PRODUCER},'
        ",2024-01-02,,,blog,-1 a note that starts with a minus\n",
        encoding="utf-8",
    )
    observations = tmp_path / "observations.csv"
    observations.write_text(
        "zone,indicator,period,value,unit,source,note\n"
        f'xiangjiang,gdp,2019,3000,亿元,hostile-source,"{HOSTILE_NOTE}"\n',
        encoding="utf-8",
    )
    ingest_file(tiny_store, sources)
    ingest_file(tiny_store, observations)
    return tiny_store
