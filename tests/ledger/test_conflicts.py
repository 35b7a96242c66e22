"""`conflicts` in one SQL statement gives what the policy's Ibis expressions give."""

from __future__ import annotations

from zonemetrics.ledger.conflicts import conflicting_groups
from zonemetrics.ledger.policy import GROUP, judged_observations
from zonemetrics.ledger.queries import conflicts


def _from_policy(store) -> dict[tuple, list[tuple]]:
    """The conflicting groups as the Ibis policy judges them: (source, judgement)."""
    judged = judged_observations(store).to_pyarrow().to_pylist()
    groups: dict[tuple, list[dict]] = {}
    for row in judged:
        groups.setdefault(tuple(row[k] for k in GROUP), []).append(row)
    return {
        key: [(r["source_id"], r["judgement"]) for r in sorted(rows, key=lambda r: r["choice"])]
        for key, rows in groups.items()
        if any(r["judgement"] == "conflicting" for r in rows)
    }


def test_the_sql_conflicts_are_the_policys_conflicts(bundle_store):
    found = {
        tuple(g[k] for k in GROUP): [(v["source_id"], v["judgement"]) for v in g["values"]]
        for g in conflicting_groups(bundle_store)
    }
    assert found == _from_policy(bundle_store)
    assert len(found) > 10  # the bundle holds real conflicts (docs/data-sources.md)


def test_xiangjiang_2015_gdp_conflict_is_listed_with_the_preferred_value_first(bundle_store):
    groups = conflicts(bundle_store, "湘江新区")
    gdp_2015 = next(
        g for g in groups
        if (g["indicator"], g["period"], g["measure"]) == ("gdp", "2015", "value")
    )  # fmt: skip
    judgements = [v["judgement"] for v in gdp_2015["values"]]
    assert judgements[0] == "preferred" and "conflicting" in judgements
    assert {v["original_text"] for v in gdp_2015["values"]} >= {"1602.5亿元", "1063亿元"}
    assert all(g["zone_id"] == "xiangjiang" for g in groups)
