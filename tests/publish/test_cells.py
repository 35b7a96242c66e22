"""Text cells that a spreadsheet would run as formulas are neutralised; numbers are not."""

from __future__ import annotations

import pyarrow as pa
import pytest

from zonemetrics.publish.cells import XmlCleaning, neutralise, neutralise_table


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("湘江新区 =1", "湘江新区 =1"),
        ("4282.3亿元", "4282.3亿元"),
        ("", ""),
    ],
)
def test_text_that_could_start_a_formula_gets_a_leading_quote(text, safe):
    assert neutralise(text) == safe


def test_a_table_is_neutralised_column_by_column_and_numbers_are_left_alone():
    table = pa.table(
        {
            "title": ["=1+1", "plain", None],
            "value": [-5.0, 1.0, None],
            "note": ["@x", "-y", "z"],
        }
    )
    safe = neutralise_table(table)
    assert safe["title"].to_pylist() == ["'=1+1", "plain", None]
    assert safe["value"].to_pylist() == [-5.0, 1.0, None]
    assert safe["note"].to_pylist() == ["'@x", "'-y", "z"]
    assert safe.schema == table.schema


def test_characters_xml_forbids_are_removed_and_noted():
    cleaning = XmlCleaning()
    assert cleaning.clean("a\x00b\x1bc\td", "sheet!B2") == "abc\td"
    assert cleaning.clean("fine", "sheet!B3") == "fine"
    assert cleaning.cells == ["sheet!B2"]
    assert "sheet!B2" in cleaning.note()
    assert XmlCleaning().note() is None
