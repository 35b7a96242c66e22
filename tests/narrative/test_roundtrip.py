"""Round trip: every statement generated for every zone and year in the bundled data,
in both languages, reads back as the claim it was generated from, verdicted supported."""

from __future__ import annotations

from zonemetrics.narrative.check import Checker
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.generate import Narrator


def _same(generated: Claim, read: dict) -> bool:
    if (read["indicator"], read["zone"], read["rank"]) != (
        generated.indicator,
        generated.zone,
        generated.rank,
    ):
        return False
    if generated.value is not None and (
        read["value"] is None or abs(read["value"] - generated.value) > 0.006 * abs(generated.value)
    ):
        return False
    return generated.period is None or (read["period"] or "")[:4] == generated.period[:4]


def test_every_generated_statement_reads_back_supported(narrator: Narrator, checker: Checker):
    failures, total = [], 0
    for zone in sorted(narrator.zones):
        for year in narrator.years(zone):
            for lang in ("en", "zh"):
                for statement in narrator.narrate(zone, year, lang):
                    total += 1
                    result = checker.check(statement.text)
                    read = next((c for c in result["claims"] if _same(statement.claim, c)), None)
                    if read is None or read["verdict"] != "supported":
                        failures.append((statement.text, read and read["explanation"]))
    assert total > 1000  # every zone and year, both languages
    assert failures == []
