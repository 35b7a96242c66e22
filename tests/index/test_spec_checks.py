"""Specs and data that cannot be used as written are refused with one line saying where
and why; indicators that cannot be scored are reported, not silently re-weighted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from zonemetrics.index import IndexSpecError, run_spec

IDATA = """\
uCode,x1,x2,x3
A,1,10,3
B,2,,1
C,4,30,2
D,5,20,4
"""
IMETA = """\
iCode,Level,Parent,Direction,Weight,Type
x1,1,P1,1,1,Indicator
x2,1,P1,1,1,Indicator
x3,1,P2,1,1,Indicator
P1,2,Index,1,1,Aggregate
P2,2,Index,1,1,Aggregate
Index,3,,1,1,Aggregate
"""
STEPS = """\
steps:
  - normalise: {f_n: n_minmax, l_u: [0, 100]}
  - aggregate: {f_ag: a_amean}
"""


def write_spec(folder: Path, steps: str = STEPS, idata: str = IDATA, head: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "iData.csv").write_text(idata)
    (folder / "iMeta.csv").write_text(IMETA)
    spec = folder / "spec.yaml"
    spec.write_text(head + "data: iData.csv\nmeta: iMeta.csv\n" + steps)
    return spec


def one_line_error(spec: Path, match: str, allow_outside: bool = False) -> str:
    with pytest.raises(IndexSpecError, match=match) as info:
        run_spec(spec, allow_outside)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_unknown_step_arguments_are_refused_with_the_valid_ones(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, STEPS.replace("l_u: [0, 100]", "bogus: 1"))
    message = one_line_error(spec, "does not take bogus")
    assert "valid arguments: l_u" in message
    spec = write_spec(tmp_path, "steps:\n  - treat: {winmx: 5}\n")
    message = one_line_error(spec, "step treat does not take winmx")
    assert "winmax" in message and "skew_thresh" in message


@pytest.mark.parametrize(
    "l_u",
    ["[0, 10, 20, 30, 40, 50, 60, 70, 80]", "[0]", "[a, b]", "5", "[0, .inf]"],
)
def test_l_u_must_be_two_finite_numbers(tmp_path: Path, l_u: str) -> None:
    spec = write_spec(tmp_path, STEPS.replace("[0, 100]", l_u))
    one_line_error(spec, "l_u must be 2")


def test_m_sd_needs_a_positive_spread(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, STEPS.replace("n_minmax, l_u: [0, 100]", "n_zscore, m_sd: [0, 0]"))
    one_line_error(spec, "standard deviation must be positive")


def test_a_zero_variance_indicator_is_reported_and_left_missing_as_in_coinr(
    tmp_path: Path,
) -> None:
    flat = IDATA.replace("A,1,10,3", "A,1,10,7").replace("B,2,,1", "B,2,,7")
    flat = flat.replace("C,4,30,2", "C,4,30,7").replace("D,5,20,4", "D,5,20,7")
    coin = run_spec(write_spec(tmp_path, idata=flat))
    assert any("x3 has one value for every unit" in w for w in coin.warnings)
    assert np.isnan(coin.get_dset("Normalised").col("x3")).all()
    # P2 has no scored child, so the index of each unit is P1 alone
    agg = coin.get_dset("Aggregated")
    np.testing.assert_allclose(agg.col("Index"), agg.col("P1"))


def test_an_all_missing_indicator_is_reported(tmp_path: Path) -> None:
    empty = "uCode,x1,x2,x3\nA,1,10,\nB,2,,\nC,4,30,\nD,5,20,\n"
    coin = run_spec(write_spec(tmp_path, idata=empty))
    assert "x3 has no value in iData" in coin.warnings
    assert any("x3 has no values" in w for w in coin.warnings)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("inf", "is not a finite number"),
        ("-1e999", "is not a finite number"),
        ("n/a?", "not a number"),
    ],
)
def test_non_finite_or_text_data_is_refused_naming_file_row_and_column(
    tmp_path: Path, cell: str, reason: str
) -> None:
    spec = write_spec(tmp_path, idata=IDATA.replace("C,4,30,2", f"C,4,{cell},2"))
    message = one_line_error(spec, reason)
    assert "iData.csv, row 4, column 'x2'" in message


def test_spec_paths_stay_in_the_spec_folder_unless_allowed(tmp_path: Path) -> None:
    outside = write_spec(tmp_path / "elsewhere")
    spec = write_spec(tmp_path / "project")
    spec.write_text(spec.read_text().replace("data: iData.csv", "data: ../elsewhere/iData.csv"))
    one_line_error(spec, "outside the spec's folder")
    assert run_spec(spec, allow_outside=True).scores()["Rank"].notna().all()
    spec.write_text(spec.read_text().replace("../elsewhere/iData.csv", "/etc/passwd"))
    one_line_error(spec, r"'data: /etc/passwd' is outside .* --allow-outside")
    assert outside.is_file()


def test_yaml_errors_are_one_line_naming_the_file(tmp_path: Path) -> None:
    spec = write_spec(tmp_path)
    spec.write_text("data: iData.csv\nsteps: [normalise: {f_n: n_minmax\n")
    message = one_line_error(spec, "spec.yaml, line")
    assert str(spec) in message
    spec.write_text("data: !!python/object:os.system {}\nmeta: iMeta.csv\nsteps: []\n")
    message = one_line_error(spec, "could not determine a constructor")
    assert "python/object" in message and str(spec) in message


def test_the_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, STEPS.replace("l_u: [0, 100]", "bogus: 1"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    command = ["index", "run", str(spec), "--out", str(tmp_path / "out")]
    proc = subprocess.run(
        [sys.executable, "-c", "from zonemetrics.cli.main import main; main()", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "does not take bogus" in lines[0]
