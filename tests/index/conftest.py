"""Fixtures of the index tests: the ASEM data and COINr's reference outputs from ../shared.

The data live beside the repository (../shared/data/coinr-asem), never inside it, so
every test that needs them skips with the reason when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zonemetrics.index import Coin


def _find_shared_asem() -> Path:
    """The first `shared/data/coinr-asem` beside the repository or any folder above it
    (a checkout in /work/main and a worktree in /work/wt/NAME both find /work/shared)."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "data" / "coinr-asem"
        if candidate.is_dir():
            return candidate
    return here.parents[2].parent / "shared" / "data" / "coinr-asem"


ASEM = _find_shared_asem()
REFERENCE = ASEM / "reference-A"


@pytest.fixture(scope="session")
def asem_dir() -> Path:
    if not (ASEM / "ASEM_iData.csv").is_file():
        pytest.skip(f"{ASEM} is absent: the COINr ASEM data exist only in ../shared by the repo")
    return ASEM


@pytest.fixture(scope="session")
def reference(asem_dir: Path):  # type: ignore[no-untyped-def]
    """Read one of COINr's reference tables by its short name, e.g. reference("dset_Treated")."""

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(REFERENCE / f"A_{name}.csv")

    return read


def build_pipeline_a(asem_dir: Path) -> Coin:
    """COINr's build_example_coin(), step by step, as a zonemetrics user writes it."""
    coin = Coin.from_csv(asem_dir / "ASEM_iData.csv", asem_dir / "ASEM_iMeta.csv")
    return (
        coin.denominate()
        .impute(f_i="i_mean_grp", use_group="EurAsia_group")
        .screen(unit_screen="byNA", dat_thresh=0.9)
        .treat(winmax=5)
        .normalise(f_n="n_minmax", l_u=[0, 100])
        .aggregate(f_ag="a_amean")
    )


@pytest.fixture(scope="session")
def coin_a(asem_dir: Path) -> Coin:
    return build_pipeline_a(asem_dir)


PIPELINE_A_SPEC = """\
data: {data}
meta: {meta}
steps:
  - denominate: {{}}
  - impute: {{f_i: i_mean_grp, use_group: EurAsia_group}}
  - screen: {{unit_screen: byNA, dat_thresh: 0.9}}
  - treat: {{winmax: 5}}
  - normalise: {{f_n: n_minmax, l_u: [0, 100]}}
  - aggregate: {{f_ag: a_amean}}
"""


@pytest.fixture
def spec_a(asem_dir: Path, tmp_path: Path) -> Path:
    """Pipeline A as a spec file beside copies of the data (paths relative to the spec)."""
    for name in ("ASEM_iData.csv", "ASEM_iMeta.csv", "ASEM_iData_p.csv"):
        (tmp_path / name).write_bytes((asem_dir / name).read_bytes())
    spec = tmp_path / "asem.yaml"
    spec.write_text(PIPELINE_A_SPEC.format(data="ASEM_iData.csv", meta="ASEM_iMeta.csv"))
    return spec


def build_small_coin() -> Coin:
    """Four units, three indicators in two pillars, every value chosen to be checked by hand."""
    idata = pd.DataFrame(
        {
            "uCode": ["A", "B", "C", "D"],
            "x1": [1.0, 2.0, 4.0, 5.0],
            "x2": [10.0, np.nan, 30.0, 20.0],
            "x3": [3.0, 1.0, 2.0, 4.0],
        }
    )
    imeta = pd.DataFrame(
        {
            "iCode": ["x1", "x2", "x3", "P1", "P2", "Index"],
            "Level": [1, 1, 1, 2, 2, 3],
            "Parent": ["P1", "P1", "P2", "Index", "Index", None],
            "Direction": [1, 1, -1, 1, 1, 1],
            "Weight": [1, 1, 1, 1, 1, 1],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
        }
    )
    return Coin(idata, imeta)


@pytest.fixture
def small_coin():  # type: ignore[no-untyped-def]
    """A factory of fresh four-unit coins (each test changes its own)."""
    return build_small_coin


@pytest.fixture
def bundle_file(bundle_store, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the bundled store's file, not opened here: a command run in this process
    opens it read-only, which DuckDB refuses while the same file is open for writing."""
    import shutil

    bundle_store.raw.execute("CHECKPOINT")
    target = tmp_path / "bundle_for_cli.duckdb"
    shutil.copy(bundle_store.path, target)
    return target
