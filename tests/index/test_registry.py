"""Steps and methods found by name: built-ins, a user's dotted path, and an installed
plug-in (an entry point); and the one-way structure that makes this possible."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import numpy as np
import pytest

from zonemetrics.index import IndexSpecError, registry

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "zonemetrics" / "index"

PLUGIN = '''
import numpy as np
import pandas as pd


def n_logistic(x, k=1.0):
    """A user's normalisation: a logistic curve around the median."""
    return 1.0 / (1.0 + np.exp(-k * (x - np.nanmedian(x))))


def a_max(x, w):
    """A user's aggregation: the best child counts alone."""
    return float(np.max(x))


def i_zero(x):
    """A user's imputation (column by column): a gap means none."""
    return np.where(np.isnan(x), 0.0, x)


def square(x):
    return x ** 2


def double_all(frame, factor=2.0):
    out = frame.copy()
    cols = [c for c in out.columns if c not in ("uCode", "Time")]
    out[cols] = out[cols] * factor
    return out


def first_only(coin, Level=1):
    """A user's weighting: only the first code of the level counts."""
    codes = coin.framework.codes_at(Level)
    return {**coin.weights["Original"], **{c: float(c == codes[0]) for c in codes}}
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module of the user's own functions on the import path; returns its name."""
    (tmp_path / "my_index_funcs.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    return "my_index_funcs"


def test_a_dotted_path_names_a_users_normalisation(small_coin, plugin: str) -> None:
    coin = small_coin().normalise(f_n=f"{plugin}:n_logistic", k=2.0)
    x1 = coin.get_dset("Normalised").col("x1")
    np.testing.assert_allclose(x1, 1 / (1 + np.exp(-2.0 * (np.array([1, 2, 4, 5]) - 3.0))))
    with pytest.raises(IndexSpecError, match="does not take bogus; valid arguments: k"):
        small_coin().normalise(f_n=f"{plugin}:n_logistic", bogus=1)


def test_users_aggregation_imputation_and_treatment(small_coin, plugin: str) -> None:
    coin = (
        small_coin()
        .impute(f_i=f"{plugin}:i_zero")
        .treat(f2=f"{plugin}:square", force_win=True, winmax=0, skew_thresh=0, kurt_thresh=-9)
        .normalise(f_n="n_minmax", l_u=[0, 1])
        .aggregate(f_ag=f"{plugin}:a_max")
    )
    assert coin.get_dset("Imputed").col("x2")[1] == 0.0
    # winmax 0 leaves the rule failing, so f2 squares the original values
    np.testing.assert_allclose(coin.get_dset("Treated").col("x1"), [1, 4, 16, 25])
    agg = coin.get_dset("Aggregated")
    np.testing.assert_allclose(
        agg.col("P1"), np.maximum(agg.col("x1"), agg.col("x2")), equal_nan=False
    )


def test_custom_step_and_a_users_weighting(small_coin, plugin: str) -> None:
    coin = small_coin().apply("custom", f=f"{plugin}:double_all", f_para={"factor": 3.0})
    np.testing.assert_allclose(coin.get_dset("Custom").col("x3"), [9, 3, 6, 12])
    coin = (
        small_coin()
        .normalise(f_n="n_minmax", l_u=[0, 100])
        .set_weights(w=f"{plugin}:first_only", Level=1)
        .aggregate()
    )
    assert coin.active_weights == "first_only"
    agg = coin.get_dset("Aggregated")
    np.testing.assert_allclose(agg.col("P1"), agg.col("x1"))


def test_an_installed_plugin_registers_through_its_entry_point(
    small_coin, plugin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package declaring `normalise.n_logistic` in the group zonemetrics.index is found
    by its short name, as the built-ins are."""
    dist = tmp_path / "my_index_funcs-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: my-index-funcs\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[zonemetrics.index]\nnormalise.n_logistic = {plugin}:n_logistic\n"
    )
    monkeypatch.setattr(registry, "_entry_points_read", False)
    monkeypatch.setitem(registry._LOADED, "normalise", dict(registry._LOADED["normalise"]))
    assert registry.lookup("normalise", "n_logistic").func.__name__ == "n_logistic"
    coin = small_coin().normalise(f_n="n_logistic")
    assert np.nanmax(coin.get_dset("Normalised").col("x1")) < 1


def test_unknown_names_list_what_is_known(small_coin) -> None:
    with pytest.raises(IndexSpecError, match=r"f_n must be one of .*n_minmax"):
        small_coin().normalise(f_n="n_minimax")
    with pytest.raises(IndexSpecError, match="cannot import no_such_module"):
        small_coin().normalise(f_n="no_such_module:f")


def test_steps_and_methods_never_import_the_coin() -> None:
    """The coin looks steps up; no step, method or the registry imports the coin back."""
    step_and_method_modules = [
        "steps", "weights", "normalise", "aggregate", "impute", "treat", "screen",
        "denominate", "registry", "context", "framework", "dataset", "stats",
    ]  # fmt: skip
    for name in step_and_method_modules:
        module = PACKAGE / f"{name}.py"
        tree = ast.parse(module.read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "zonemetrics.index.coin" not in imported, module.name
    registry_tree = ast.parse((PACKAGE / "registry.py").read_text())
    top_imports = [
        n.module for n in registry_tree.body if isinstance(n, ast.ImportFrom) and n.module
    ]
    assert all(not m.startswith("zonemetrics.index.") or m.endswith("errors") for m in top_imports)


# -- the built-ins COINr has and this package lacked -----------------------------------------


def test_log_ct_plus_mirrors_a_left_skewed_indicator() -> None:
    from zonemetrics.index.treat import log_ct_plus

    right = np.array([1.0, 1.0, 2.0, 10.0])
    np.testing.assert_allclose(log_ct_plus(right), np.log(right - 1 + 0.09))
    left = np.array([1.0, 9.0, 10.0, 10.0])
    mirrored = log_ct_plus(left)
    np.testing.assert_allclose(mirrored, -np.log(10 + 0.09 - left))
    assert np.all(np.diff(mirrored) >= 0)  # the order of the units is kept


def test_log_gii_follows_coinrs_documented_formula() -> None:
    from zonemetrics.index.treat import log_gii

    x = np.array([2.0, 4.0, 10.0])
    np.testing.assert_allclose(log_gii(x), np.log(9 * (x - 2) / 8 + 1))
    assert log_gii(x)[0] == 0.0 and log_gii(x)[-1] == pytest.approx(np.log(10))


def test_normalise_indiv_specs_replace_the_global_method_for_some_indicators(small_coin) -> None:
    coin = small_coin().normalise(
        f_n="n_minmax", l_u=[0, 100], indiv_specs={"x3": {"f_n": "n_rank"}}
    )
    norm = coin.get_dset("Normalised")
    np.testing.assert_allclose(norm.col("x1"), [0, 25, 75, 100])
    # x3 has Direction -1: ranks of -x3 = [-3, -1, -2, -4]
    np.testing.assert_allclose(norm.col("x3"), [2, 4, 3, 1])
    with pytest.raises(IndexSpecError, match="n_rank does not take l_u"):
        small_coin().normalise(indiv_specs={"x3": {"f_n": "n_rank", "f_n_para": {"l_u": [0, 1]}}})


def test_impute_by_row_normalises_first_and_stays_in_the_group_level(small_coin) -> None:
    """B lacks x2. By row, within pillar P1 (group_level 2), its other value is x1 = 2,
    which is (2 - 1) / (5 - 1) = 0.25 of x1's range; x2 gets the same share of its own
    range, 10 + 0.25 (30 - 10) = 15."""
    coin = small_coin().impute(f_i="i_mean", impute_by="row", group_level=2)
    assert coin.get_dset("Imputed").col("x2")[1] == pytest.approx(15.0)
    # across all three indicators the row also averages x3 (Direction -1): B's x3 = 1 is
    # the best, share 1.0, so the mean share is (0.25 + 1) / 2 and x2 = 10 + 0.625 * 20
    coin = small_coin().impute(f_i="i_mean", impute_by="row")
    assert coin.get_dset("Imputed").col("x2")[1] == pytest.approx(22.5)
    # without normalising first the raw row mean mixes scales: (2 + 1) / 2
    coin = small_coin().impute(f_i="i_mean", impute_by="row", normalise_first=False)
    assert coin.get_dset("Imputed").col("x2")[1] == pytest.approx(1.5)
    coin = small_coin().impute(f_i="i_mean", impute_by="column")
    assert coin.get_dset("Imputed").col("x2")[1] == pytest.approx(20.0)


def test_impute_by_df_passes_the_whole_block(small_coin, plugin: str, tmp_path: Path) -> None:
    (tmp_path / "df_impute.py").write_text(
        textwrap.dedent(
            """
            import numpy as np

            def grand_mean(x):
                return np.where(np.isnan(x), np.nanmean(x), x)
            """
        )
    )
    coin = small_coin().impute(f_i="df_impute:grand_mean", impute_by="df")
    values = small_coin().get_dset("Raw").values
    assert coin.get_dset("Imputed").col("x2")[1] == pytest.approx(np.nanmean(values))
