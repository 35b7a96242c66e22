"""`index ledger --uncertainty data`: the ledger's bounds and disagreements sampled as
uncertainty of the data, beside the methods', on the bundled 2023 data.

The GDP ranking re-posted by hbzq puts zones in brackets ('<1000', '>1000', '>2000',
'>4000' 亿元); eight new areas are known only by their bracket, so they are screened
out of the nominal index and sampled within their bracket in the data runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.index.ledger_frame import LedgerFrame, build_ledger_frame
from zonemetrics.index.ledger_uncertainty import run_data_uncertainty, uncertain_cells
from zonemetrics.store.connection import Store

YI = 1e8  # 亿元


@pytest.fixture(scope="module")
def frame_2023(bundle_store: Store) -> LedgerFrame:
    return build_ledger_frame(bundle_store, year=2023)


def test_bounds_are_sampled_within_the_next_bracket_of_their_source(
    bundle_store: Store, frame_2023: LedgerFrame
) -> None:
    cells = {(c.uCode, c.iCode): c for c in uncertain_cells(bundle_store, frame_2023)}
    assert {z for z, _ in cells} == set(frame_2023.screened_out)
    # '>1000' up to the source's next bracket '>2000'; '>2000' up to '>4000'
    assert (cells[("dianzhong", "gdp")].lo, cells[("dianzhong", "gdp")].hi) == (
        1000 * YI,
        2000 * YI,
    )
    assert (cells[("jiangbei", "gdp")].lo, cells[("jiangbei", "gdp")].hi) == (2000 * YI, 4000 * YI)
    # '<1000' has no lower bracket: down to the smallest GDP of the ranked zones (Lanzhou)
    lanzhou = frame_2023.idata.set_index("uCode").loc["lanzhou", "gdp"]
    assert (cells[("guian", "gdp")].lo, cells[("guian", "gdp")].hi) == (lanzhou, 1000 * YI)
    # GDP per km2 computed from the bound follows the same bracket, scaled
    per_km2 = cells[("jiangbei", "gdp_per_km2")]
    assert per_km2.hi / per_km2.lo == pytest.approx(2.0)
    assert "hbzq-new-areas-gdp-2023, obs 408" in cells[("jiangbei", "gdp")].figures


def test_data_methods_and_both_give_separate_intervals(
    bundle_store: Store, frame_2023: LedgerFrame
) -> None:
    result = run_data_uncertainty(bundle_store, frame_2023, n=6, seed=2)
    table = result.table.set_index("uCode")
    ranked = frame_2023.included
    # the methods never rank a zone the data screen out; the data runs give it values
    for zone in frame_2023.screened_out:
        assert table.loc[zone, "methods_ranked"] == 0 and table.loc[zone, "data_ranked"] == 1
        assert "sampled in [" in table.loc[zone, "figures"]
    for zone in ranked:
        assert table.loc[zone, "methods_ranked"] == 1 and table.loc[zone, "figures"] == ""
    # the bracketed zones can enter above a ranked zone: Lanzhou (last of 11) falls
    assert table.loc["lanzhou", "data_hi"] > table.loc["lanzhou", "Nominal"]
    assert set(result.runs) == {"methods", "data", "both"}


def test_the_command_prints_intervals_and_the_figures_responsible(bundle_file: Path) -> None:
    runner = CliRunner()
    args = [
        "--store",
        str(bundle_file),
        "index",
        "ledger",
        "--uncertainty",
        "data",
        "--n",
        "4",
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["uCode"]: r for r in json.loads(result.output)["uncertainty"]}
    assert "obs 408" in rows["jiangbei"]["figures"]


def test_sobol_indices_count_each_data_source_as_a_factor(
    bundle_store: Store, frame_2023: LedgerFrame
) -> None:
    from zonemetrics.index.ledger_uncertainty import data_sensitivity

    table = data_sensitivity(bundle_store, frame_2023, n=4, n_boot=10)
    assert table["factor"].tolist() == [
        "normalise",
        "aggregate",
        "pillar weights",
        "data: hbzq-new-areas-gdp-2023",
    ]
    assert table["ST"].notna().all()


def test_a_disputed_figure_widens_the_zones_rank_interval(bundle_store: Store) -> None:
    """Xiangjiang's 2015 GDP is 1600 亿元 (major media), 1602.5 (agreeing) or 1063 (a
    repost, judged conflicting): the runs draw among them by tier, and GDP per km2,
    computed from the GDP, takes the same alternative. With 1063 Jiangbei overtakes it."""
    frame = build_ledger_frame(bundle_store, year=2015)
    cells = {(c.uCode, c.iCode): c for c in uncertain_cells(bundle_store, frame)}
    gdp, per_km2 = cells[("xiangjiang", "gdp")], cells[("xiangjiang", "gdp_per_km2")]
    assert 1063 * YI in gdp.values and 1600 * YI in gdp.values
    assert "obs 387, conflicting" in gdp.figures
    nominal_per_km2 = frame.idata.set_index("uCode").loc["xiangjiang", "gdp_per_km2"]
    for value, derived in zip(gdp.values, per_km2.values, strict=True):
        assert derived == pytest.approx(nominal_per_km2 * value / (1600 * YI))
    assert per_km2.link == gdp.link and per_km2.weights == gdp.weights

    result = run_data_uncertainty(bundle_store, frame, n=40, seed=1)
    row = result.table.set_index("uCode").loc["xiangjiang"]
    assert row["Nominal"] == 1 and (row["methods_lo"], row["methods_hi"]) == (1, 1)
    assert (row["data_lo"], row["data_hi"]) == (1, 2)
    column = list(frame.idata["uCode"]).index("xiangjiang")
    assert set(np.unique(result.runs["data"][:, column])) == {1.0, 2.0}


def test_imputed_cells_are_a_data_factor_of_their_own(bundle_store: Store, tmp_path: Path) -> None:
    """A framework that imputes (here i_mean after screening): the nominal run fills the
    gaps with the mean; each data run fills them by a random hot-deck from the ranked
    zones' observed values instead, and the Sobol design has an imputation factor."""
    from zonemetrics.index.ledger_uncertainty import (
        RunChoice,
        data_sensitivity,
        imputed_cells,
        run_frame_coin,
    )

    bundled = Path(__file__).parents[2] / "src/zonemetrics/data/catalog/new_area_index.yaml"
    text = bundled.read_text("utf-8").replace("steps:\n", "steps:\n  - impute: {f_i: i_mean}\n", 1)
    framework = tmp_path / "with_imputation.yaml"
    framework.write_text(text, "utf-8")
    frame = build_ledger_frame(bundle_store, framework, year=2023)

    nominal = run_frame_coin(frame, frame.idata)
    imputed = imputed_cells(nominal)
    assert imputed, "the 2023 frame has ranked zones with a missing indicator"
    screened = nominal.get_dset("Screened")
    for zone, code, value in imputed:
        column = screened.values[:, list(screened.columns).index(code)]
        assert zone in frame.included and value == pytest.approx(np.nanmean(column))

    def filled(seed: int) -> list[float]:
        coin = run_frame_coin(frame, frame.idata, RunChoice(impute_seed=seed))
        data = coin.get_dset("Imputed")
        return [
            float(data.values[list(data.ucode).index(z), list(data.columns).index(c)])
            for z, c, _ in imputed
        ]

    runs = [filled(seed) for seed in range(6)]
    for values in runs:
        for (_, code, _), value in zip(imputed, values, strict=True):
            column = screened.values[:, list(screened.columns).index(code)]
            assert value in set(column[~np.isnan(column)])
    assert len({tuple(v) for v in runs}) > 1

    result = run_data_uncertainty(bundle_store, frame, n=4, seed=0)
    zone, code, _ = imputed[0]
    assert f"{code} imputed as" in result.table.set_index("uCode").loc[zone, "figures"]
    table = data_sensitivity(bundle_store, frame, n=4, n_boot=10)
    assert table["factor"].iloc[-1] == "data: imputation" and table["ST"].notna().all()
