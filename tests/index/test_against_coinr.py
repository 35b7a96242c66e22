"""remove_elements, compare_coins and get_str_weak on ASEM against COINr itself.

Runs COINr (R) on its own example coin when R and COINr are installed (docs/index.md
says how) and compares its tables with the engine's; skips with the reason otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zonemetrics.index import Coin
from zonemetrics.index.analysis import compare_coins, get_str_weak, remove_elements
from zonemetrics.index.coin import change_ind

COINR_SCRIPT = """
suppressPackageStartupMessages(library(COINr))
out <- commandArgs(TRUE)[1]
coin <- build_example_coin(quietly = TRUE)
re <- remove_elements(coin, Level = 2, dset = "Aggregated", iCode = "Index", quietly = TRUE)
write.csv(data.frame(code = names(re$MeanAbsDiff), MeanAbsDiff = as.numeric(re$MeanAbsDiff)),
          file.path(out, "remove.csv"), row.names = FALSE)
for (u in c("CHN", "DEU", "NZL")) {
  sw <- get_str_weak(coin, dset = "Raw", usel = u)
  write.csv(sw$Strengths, file.path(out, paste0("strengths_", u, ".csv")), row.names = FALSE)
  write.csv(sw$Weaknesses, file.path(out, paste0("weaknesses_", u, ".csv")), row.names = FALSE)
}
coin2 <- coin
coin2$Log$Normalise$global_specs <- list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100)))
coin2$Log$Aggregate$f_ag <- "a_gmean"
coin2 <- Regen(coin2, quietly = TRUE)
write.csv(compare_coins(coin, coin2, dset = "Aggregated", iCode = "Index"),
          file.path(out, "compare_ranks.csv"), row.names = FALSE)
write.csv(compare_coins(coin, coin2, dset = "Aggregated", iCode = "Index", compare_by = "scores"),
          file.path(out, "compare_scores.csv"), row.names = FALSE)
coin3 <- suppressMessages(change_ind(coin, drop = c("LPI", "Flights"), regen = TRUE))
write.csv(get_results(coin3, dset = "Aggregated", tab_type = "Aggs", nround = 12),
          file.path(out, "change_ind.csv"), row.names = FALSE)
"""


@pytest.fixture(scope="module")
def coinr_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript not found: install r-base-core and COINr (docs/index.md)")
    probe = subprocess.run(
        [rscript, "-e", "suppressPackageStartupMessages(library(COINr))"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("R is installed but COINr is not (docs/index.md)")
    out = tmp_path_factory.mktemp("coinr")
    script = out / "coinr.R"
    script.write_text(COINR_SCRIPT)
    subprocess.run([rscript, str(script), str(out)], check=True, capture_output=True, timeout=600)
    return out


def test_remove_elements_equals_coinr(coin_a: Coin, coinr_tables: Path) -> None:
    theirs = pd.read_csv(coinr_tables / "remove.csv").set_index("code")["MeanAbsDiff"]
    ours = remove_elements(coin_a, level=2)["MeanAbsDiff"]
    np.testing.assert_allclose(ours[theirs.index], theirs, atol=1e-12)


def test_compare_coins_equals_coinr(coin_a: Coin, coinr_tables: Path) -> None:
    other = coin_a.regen({"normalise": {"l_u": [1, 100]}, "aggregate": {"f_ag": "a_gmean"}})
    for by in ("ranks", "scores"):
        theirs = pd.read_csv(coinr_tables / f"compare_{by}.csv").set_index("uCode")
        ours = compare_coins(coin_a, other, compare_by=by).set_index("uCode").loc[theirs.index]
        cols = ["coin.1", "coin.2", "Diff", "Abs.diff"]
        np.testing.assert_allclose(ours[cols], theirs[cols], atol=1e-9)


@pytest.mark.parametrize("unit", ["CHN", "DEU", "NZL"])
def test_get_str_weak_equals_coinr(coin_a: Coin, coinr_tables: Path, unit: str) -> None:
    ours = get_str_weak(coin_a, unit)
    for kind, name in (("Strengths", "strengths"), ("Weaknesses", "weaknesses")):
        theirs = pd.read_csv(coinr_tables / f"{name}_{unit}.csv")
        assert ours[kind]["Code"].tolist() == theirs["Code"].tolist(), kind
        assert ours[kind]["Rank"].tolist() == theirs["Rank"].astype(float).tolist()
        np.testing.assert_allclose(ours[kind]["Value"], theirs["Value"])
        assert ours[kind]["Level 2"].tolist() == theirs["Pillar"].tolist()


def test_change_ind_equals_coinr(coin_a: Coin, coinr_tables: Path) -> None:
    """Two indicators of the Physical pillar dropped and the coin rebuilt (regen = TRUE)."""
    theirs = pd.read_csv(coinr_tables / "change_ind.csv").set_index("uCode")
    ours = change_ind(coin_a, drop=["LPI", "Flights"]).scores().set_index("uCode")
    assert "LPI" not in change_ind(coin_a, drop=["LPI"]).framework.indicators
    np.testing.assert_allclose(ours.loc[theirs.index, "Index"], theirs["Index"], atol=1e-9)
    np.testing.assert_allclose(ours.loc[theirs.index, "Physical"], theirs["Physical"], atol=1e-9)
