"""Every plot kind drawn to SVG, from COINr's ASEM example and from the ledger's index
of the new areas, with its marks and its labels present in the drawing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zonemetrics.cli.index_cmd import app
from zonemetrics.index import Coin, plots
from zonemetrics.index.ledger_frame import build_ledger_frame
from zonemetrics.index.uncertainty import UAResult, plan_from_sequences, run_uncertainty
from zonemetrics.publish.charts import to_svg
from zonemetrics.store.connection import Store

runner = CliRunner()

PLAN = plan_from_sequences(
    aggregate=[{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}],
    factors=[{"address": "weights", "noise": {2: 0.25}, "name": "pillar weights"}],
)


def marks(svg: str, kind: str) -> int:
    """How many items a Vega mark group of `kind` (arc, rect, symbol, text, rule) drew."""
    groups = re.findall(rf'<g class="mark-{kind} role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
    return sum(len(re.findall(r"<(?:path|text|line)\b", g)) for g in groups)


def texts(svg: str) -> set[str]:
    return {t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}


@pytest.fixture(scope="module")
def asem_ua(coin_a: Coin) -> UAResult:
    return run_uncertainty(coin_a, PLAN, n=40, seed=1, n_boot=20)


@pytest.fixture(scope="module")
def ledger_coin(bundle_store: Store) -> Coin:
    return build_ledger_frame(bundle_store, year=2023).coin()


@pytest.fixture(scope="module")
def ledger_ua(ledger_coin: Coin) -> UAResult:
    return run_uncertainty(ledger_coin, PLAN, n=40, seed=1, n_boot=20)


def check_framework(coin: Coin) -> None:
    svg = to_svg(plots.plot_framework(coin))
    fw = coin.framework
    n_arcs = sum(len(fw.codes_at(lev)) for lev in range(1, fw.top_level))
    assert marks(svg, "arc") == n_arcs
    assert set(fw.codes_at(2)) <= texts(svg)
    arcs = plots.framework_arcs(coin)
    # each ring goes once round the circle, and each arc's angle is its effective weight
    for _, ring in arcs.groupby("ring"):
        assert ring["end"].max() == pytest.approx(2 * 3.141592653589793)
    assert ((arcs["end"] - arcs["start"]) / (2 * 3.141592653589793)).tolist() == pytest.approx(
        arcs["weight"].tolist()
    )


def check_units(coin: Coin, unit: str, name: str, scatter_codes: list[str]) -> None:
    n_units = coin.get_dset("Aggregated").n_rows
    svg = to_svg(plots.plot_bar(coin, usel=[unit]))
    assert marks(svg, "rect") == n_units and name in texts(svg)
    svg = to_svg(plots.plot_dot(coin, usel=[unit]))
    assert marks(svg, "symbol") >= n_units and name in texts(svg)
    svg = to_svg(plots.plot_scatter(coin, scatter_codes, usel=[unit]))
    raw = coin.get_dset("Raw").to_frame()
    with_both = raw[scatter_codes].notna().all(axis=1).sum()  # a point needs both values
    assert marks(svg, "symbol") == with_both and name in texts(svg)


def check_dist_and_corr(coin: Coin, codes: list[str]) -> None:
    svg = to_svg(plots.plot_dist(coin, "Raw", codes))
    assert set(codes) <= texts(svg) and marks(svg, "rect") >= len(codes)
    svg = to_svg(plots.plot_corr(coin, "Aggregated", (1, 2)))
    fw = coin.framework
    assert marks(svg, "rect") == len(fw.codes_at(1)) * len(fw.codes_at(2))
    table = plots.correlations(coin, "Aggregated", (1, 2))
    shown = table["r"].dropna().map(lambda v: f"{v:.2f}")
    assert set(shown) <= texts(svg)


def check_uncertainty(res: UAResult, labels: dict[str, str]) -> None:
    svg = to_svg(plots.plot_uncertainty(res.rank_summary(), labels))
    assert marks(svg, "rule") >= len(res.ucode)
    assert {labels.get(u, u) for u in res.ucode.astype(str)} <= texts(svg)
    assert res.sobol_mars is not None
    svg = to_svg(plots.plot_sensitivity(res.sobol_mars))
    assert {"aggregate", "pillar weights", "first order (S1)", "total (ST)"} <= texts(svg)
    assert marks(svg, "rect") == 4


def test_every_plot_of_the_asem_example(coin_a: Coin, asem_ua: UAResult) -> None:
    check_framework(coin_a)
    check_units(coin_a, "CHN", "China", ["Goods", "Services"])
    check_dist_and_corr(coin_a, ["Goods", "Services", "LPI"])
    check_uncertainty(asem_ua, plots.unit_labels(coin_a))


def test_every_plot_of_the_ledger_index(ledger_coin: Coin, ledger_ua: UAResult) -> None:
    labels = plots.unit_labels(ledger_coin)
    check_framework(ledger_coin)
    check_units(ledger_coin, "xiangjiang", labels["xiangjiang"], ["gdp", "gdp_growth_nominal"])
    check_dist_and_corr(ledger_coin, ["gdp", "gdp_growth_real"])
    check_uncertainty(ledger_ua, labels)


def test_plot_command_writes_svg_and_reads_uncertainty_results(
    spec_a: Path, tmp_path: Path
) -> None:
    spec_a.write_text(
        spec_a.read_text()
        + "uncertainty:\n  aggregate: [{f_ag: a_amean}, {f_ag: a_gmean}]\n"
        + "  weights_noise: {2: 0.25}\n"
    )
    out = tmp_path / "framework.svg"
    result = runner.invoke(app, ["plot", "framework", str(spec_a), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Physical" in texts(out.read_text())
    ua = tmp_path / "ua"
    args = ["uncertainty", str(spec_a), "--n", "30", "--boot", "10", "--out", str(ua), "--json"]
    assert runner.invoke(app, args).exit_code == 0
    out = tmp_path / "sens.svg"
    args = ["plot", "sensitivity", str(spec_a), "--results", str(ua), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert {"aggregate", "weights_L2"} <= texts(out.read_text())
    bad = runner.invoke(app, ["plot", "pie", str(spec_a), "--out", str(out)])
    assert bad.exit_code != 0 and "unknown plot 'pie'" in str(bad.exception)


def test_ledger_zones_are_named_in_chinese_on_request(
    ledger_coin: Coin, ledger_ua: UAResult
) -> None:
    zh = plots.unit_labels(ledger_coin, "zh")
    assert zh["xiangjiang"] == "湖南湘江新区"
    svg = to_svg(plots.plot_bar(ledger_coin, usel=["xiangjiang"], lang="zh"))
    assert "湖南湘江新区" in texts(svg)
    svg = to_svg(plots.plot_uncertainty(ledger_ua.rank_summary(), zh))
    assert {zh[u] for u in ledger_ua.ucode.astype(str)} <= texts(svg)
