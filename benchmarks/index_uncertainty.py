"""Benchmark: uncertainty analysis of the ASEM index, as a library call and as a command.

Varies what COINr's sensitivity vignette varies on ASEM: normalisation (min-max
[1, 100] vs z-score [10, 2]), aggregation (arithmetic vs geometric mean), weights
(+-25% uniform noise at levels 2 and 3) and winmax (1-5). Everything is measured in
this run, on this machine:

1. the import of `zonemetrics.index` in a fresh interpreter (and whether it loaded
   scipy.stats, which a run without a Sobol sequence does not need);
2. `zonemetrics index uncertainty SPEC --n 1000` as a whole process, against the same
   work in this process (spec read, coin built, 7,000-run Saltelli design, Sobol
   indices with bootstraps): the target is a ratio of at most 3;
3. the vectorised engine on --n base samples of plain Monte Carlo, against a naive
   baseline that rebuilds the pipeline for every run (Coin.regen, as COINr's Regen);
4. COINr itself on the same data and choices, when R and COINr are installed (Debian's
   r-base-core and the COINr source, see docs/index.md); otherwise it says why not.

The machine is shared, so wall time and CPU time (user + system) are both printed.

    python benchmarks/index_uncertainty.py [--n 1000] [--naive-runs 50] [--coinr-n 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"


def _find_asem() -> Path:
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "coinr-asem"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data" / "coinr-asem"


ASEM = _find_asem()

SPEC = """\
data: ASEM_iData.csv
meta: ASEM_iMeta.csv
steps:
  - denominate: {}
  - impute: {f_i: i_mean_grp, use_group: EurAsia_group}
  - screen: {unit_screen: byNA, dat_thresh: 0.9}
  - treat: {winmax: 5}
  - normalise: {f_n: n_minmax, l_u: [0, 100]}
  - aggregate: {f_ag: a_amean}
uncertainty:
  normalise:
    - {f_n: n_minmax, l_u: [1, 100]}
    - {f_n: n_zscore, m_sd: [10, 2]}
  aggregate:
    - {f_ag: a_amean}
    - {f_ag: a_gmean}
  weights_noise: {2: 0.25, 3: 0.25}
  winmax: [1, 2, 3, 4, 5]
"""

# COINr's get_sensitivity on the same choices (its vignette's example, UA with N runs).
COINR_SCRIPT = """\
suppressPackageStartupMessages(library(COINr))
N <- as.integer(commandArgs(TRUE)[1])
coin <- build_example_coin(quietly = TRUE)
norm_alts <- list(
  list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100))),
  list(f_n = "n_zscore", f_n_para = list(m_sd = c(10, 2))))
noisy_wts <- get_noisy_weights(coin$Meta$Weights$Original,
  data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25)), Nrep = 100)
specs <- list(
  Winmax = list(Address = "$Log$Treat$global_specs$f1_para$winmax",
                Distribution = 1:5, Type = "discrete"),
  Normalisation = list(Address = "$Log$Normalise$global_specs",
                       Distribution = norm_alts, Type = "discrete"),
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy_wts, Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag",
                     Distribution = c("a_amean", "a_gmean"), Type = "discrete"))
t0 <- Sys.time()
p0 <- proc.time()
res <- get_sensitivity(coin, SA_specs = specs, N = N, SA_type = "UA",
                       dset = "Aggregated", iCode = "Index", quietly = TRUE)
p1 <- proc.time() - p0
cat(as.numeric(difftime(Sys.time(), t0, units = "secs")),
    p1[["user.self"]] + p1[["sys.self"]], "\\n")
"""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def measure_import() -> tuple[float, float, bool, bool]:
    """Wall and CPU seconds to import zonemetrics.index in a fresh interpreter, and
    whether scipy.stats and ibis (the store's, which an index run does not use) loaded."""
    code = (
        "import sys, time; t = time.perf_counter(); c = time.process_time(); "
        "import zonemetrics.index; "
        "print(time.perf_counter() - t, time.process_time() - c, "
        "'scipy.stats' in sys.modules, 'ibis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), out[2] == "True", out[3] == "True"


def measure_cli_import() -> float:
    """CPU seconds to import the whole command line (every command group), which a run
    of `zonemetrics index ...` pays before it starts."""
    code = (
        "import time; c = time.process_time(); import zonemetrics.cli.main; "
        "print(time.process_time() - c)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True
    )
    return float(out.stdout.split()[0])


def measure_command(spec: Path, n: int, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the whole `zonemetrics index uncertainty` process."""
    command = [
        sys.executable,
        "-c",
        "from zonemetrics.cli.main import main; main()",
        "index",
        "uncertainty",
        str(spec),
        "--n",
        str(n),
        "--out",
        str(out),
        "--json",
    ]
    cpu0, wall0 = _child_cpu(), time.perf_counter()
    subprocess.run(command, capture_output=True, env=_env(), check=True)
    return time.perf_counter() - wall0, _child_cpu() - cpu0


def measure_in_process(spec: Path, n: int, out: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of the command's work done here (modules already imported)."""
    from zonemetrics.index.spec import build_coin, load_spec
    from zonemetrics.index.uncertainty import UAPlan, run_uncertainty

    cpu0, wall0 = _own_cpu(), time.perf_counter()
    parsed = load_spec(spec)
    res = run_uncertainty(build_coin(parsed), UAPlan.from_spec(parsed.uncertainty), n)
    res.write(out)
    return time.perf_counter() - wall0, _own_cpu() - cpu0, res.total_runs


def naive_seconds_per_run(spec: Path, n_runs: int, seed: int) -> float:
    """Rebuild the whole pipeline for each run with that run's choices."""
    from zonemetrics.index.spec import build_coin, load_spec
    from zonemetrics.index.uncertainty import UAEngine, UAPlan

    parsed = load_spec(spec)
    eng = UAEngine(build_coin(parsed), UAPlan.from_spec(parsed.uncertainty), seed)
    ch = eng.choices(np.random.default_rng(seed).random((n_runs, len(eng.factors))))
    start = time.perf_counter()
    for r in range(n_runs):
        eng.rebuild(ch, r)
    return (time.perf_counter() - start) / n_runs


def coinr_seconds_per_run(n: int) -> tuple[tuple[float, float] | None, str]:
    """Wall and CPU seconds per run of COINr's get_sensitivity on the same choices, or
    None and the reason it cannot run."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None, "Rscript not found (install r-base-core and COINr: see docs/index.md)"
    probe = subprocess.run(
        [rscript, "-e", "suppressPackageStartupMessages(library(COINr))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return None, "R is installed but COINr is not (see docs/index.md)"
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as script:
        script.write(COINR_SCRIPT)
    done = subprocess.run([rscript, script.name, str(n)], capture_output=True, text=True)
    Path(script.name).unlink()
    if done.returncode != 0:
        return None, f"COINr failed: {done.stderr.strip().splitlines()[-1:]}"
    wall, cpu = (float(v) for v in done.stdout.split()[-2:])
    return (wall / n, cpu / n), "measured"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="base sample size (COINr's N)")
    parser.add_argument("--naive-runs", type=int, default=50)
    parser.add_argument("--coinr-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=ASEM)
    args = parser.parse_args()
    if not (args.data / "ASEM_iData.csv").is_file():
        raise SystemExit(f"ASEM data not found in {args.data} (use --data)")
    sys.path.insert(0, str(SRC))
    work = Path(tempfile.mkdtemp(prefix="zm-index-bench-"))
    for name in ("ASEM_iData.csv", "ASEM_iMeta.csv"):
        shutil.copy(args.data / name, work / name)
    spec = work / "asem.yaml"
    spec.write_text(SPEC)

    t_import, cpu_import, scipy_loaded, ibis_loaded = measure_import()
    print(
        f"import zonemetrics.index: {t_import:.2f} s wall / {cpu_import:.2f} s CPU "
        f"(scipy.stats {'loaded' if scipy_loaded else 'not loaded'}, "
        f"ibis {'loaded' if ibis_loaded else 'not loaded'})"
    )

    print(f"import of the whole command line (all groups): {measure_cli_import():.2f} s CPU")
    wall_cmd, cpu_cmd = measure_command(spec, args.n, work / "cmd")
    wall_in, cpu_in, runs = measure_in_process(spec, args.n, work / "in")
    print(
        f"index uncertainty --n {args.n} ({runs} runs, Sobol, 200 bootstraps): "
        f"whole process {wall_cmd:.2f} s wall / {cpu_cmd:.2f} s CPU; "
        f"in process {wall_in:.2f} s wall / {cpu_in:.2f} s CPU"
    )
    print(
        f"whole process / in process: {wall_cmd / wall_in:.2f}x wall, "
        f"{cpu_cmd / cpu_in:.2f}x CPU (target: at most 3x)"
    )

    from zonemetrics.index.spec import build_coin, load_spec
    from zonemetrics.index.uncertainty import UAPlan, run_uncertainty

    parsed = load_spec(spec)
    coin, plan = build_coin(parsed), UAPlan.from_spec(parsed.uncertainty)
    start, cpu0 = time.perf_counter(), _own_cpu()
    mc = run_uncertainty(coin, plan, 10 * args.n, args.seed, sobol=False)
    t_mc, c_mc = time.perf_counter() - start, _own_cpu() - cpu0
    per_run, cpu_per_run = t_mc / mc.total_runs, c_mc / mc.total_runs
    naive = naive_seconds_per_run(spec, args.naive_runs, args.seed)
    print(
        f"vectorised Monte Carlo: {mc.total_runs} runs in {t_mc:.2f} s = "
        f"{mc.total_runs / t_mc:,.0f} runs/s; naive rebuild per run: {naive * 1e3:.1f} ms "
        f"= {1 / naive:,.1f} runs/s; ratio {naive / per_run:,.0f}x"
    )
    coinr, why = coinr_seconds_per_run(args.coinr_n)
    if coinr is None:
        print(f"COINr: not measured: {why}")
    else:
        c_wall, c_cpu = coinr
        print(
            f"COINr get_sensitivity ({args.coinr_n} runs, same factors): {c_wall * 1e3:.0f} ms "
            f"wall / {c_cpu * 1e3:.0f} ms CPU per run = {1 / c_wall:,.1f} runs/s"
        )
        print(
            f"engine vs COINr per run: {c_wall / per_run:,.0f}x wall, "
            f"{c_cpu / cpu_per_run:,.0f}x CPU in-process; as a whole command "
            f"({runs} runs): {c_wall * runs / wall_cmd:,.0f}x wall, "
            f"{c_cpu * runs / cpu_cmd:,.0f}x CPU"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
