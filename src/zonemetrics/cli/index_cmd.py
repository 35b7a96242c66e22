"""`zonemetrics index`: run a composite index spec, audit it, and analyse its uncertainty.

Only typer, rich and the standard library are imported here: numpy, pandas and the
engine load inside each command, so `zonemetrics --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zonemetrics.cli.render import console, errors, print_json, print_table, progress_bar

if TYPE_CHECKING:
    import pandas as pd

    from zonemetrics.index.coin import Coin
    from zonemetrics.index.spec import Spec

app = typer.Typer(no_args_is_help=True, help="Composite indices in COINr's layout.")

SpecArg = Annotated[Path, typer.Argument(help="The YAML spec (see docs/index.md).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder to write the CSV outputs to.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
OutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Let the spec's data and meta paths point outside the spec's folder.",
    ),
]


def _spec(path: Path, allow_outside: bool) -> Spec:
    from zonemetrics.index.spec import load_spec

    return load_spec(path, allow_outside)


def _coin(spec: Spec) -> Coin:
    """Build the coin and tell the user (on stderr) what it could not do as asked."""
    from zonemetrics.index.spec import build_coin

    coin = build_coin(spec)
    for message in coin.warnings:
        errors.print(f"[yellow]warning:[/] {message}", highlight=False)
    return coin


@contextmanager
def _progress(as_json: bool) -> Iterator[Callable[[int, int], None]]:
    """A callback `tick(done, total)` that advances a Rich bar on a terminal, and does
    nothing under --json or when output is not a terminal."""
    with progress_bar(not as_json and sys.stdout.isatty()) as bar:
        task = bar.add_task("runs", total=None) if bar is not None else None

        def tick(done: int, total: int) -> None:
            if bar is not None:
                bar.update(task, total=total, advance=done)

        yield tick


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _top_table(title: str, frame: pd.DataFrame, cols: list[str], n: int = 10) -> None:
    rows = [
        [r[c] if not isinstance(r[c], float) else f"{r[c]:.4f}" for c in cols]
        for r in frame.head(n).to_dict("records")
    ]
    print_table(title, cols, rows)


@app.command("run")
def run_command(
    spec: SpecArg, out: OutOpt, as_json: JsonOpt = False, allow_outside: OutsideOpt = False
) -> None:
    """Run the spec's steps and write scores.csv and one CSV per data set."""
    from zonemetrics.index.spec import write_outputs

    coin = _coin(_spec(spec, allow_outside))
    paths = write_outputs(coin, out)
    if "Aggregated" not in coin.dsets:
        if as_json:
            print_json({"written": [str(p) for p in paths], "scores": None})
        else:
            console.print(f"no aggregate step: wrote {len(paths)} data sets to {out}")
        return
    scores = coin.scores().sort_values(["Rank"], kind="stable")
    if as_json:
        print_json(
            {
                "written": [str(p) for p in paths],
                "scores": _records(
                    scores[["uCode", *(["Time"] if "Time" in scores else []), "Index", "Rank"]]
                ),
            }
        )
        return
    cols = ["Rank", "uCode", *(["Time"] if "Time" in scores else []), "Index"]
    _top_table("Top of the index", scores, cols)
    console.print(f"wrote {len(paths)} files to {out}")


@app.command("audit")
def audit_command(
    spec: SpecArg,
    out: OutOpt,
    dset: Annotated[str, typer.Option(help="Data set for correlations, alpha and PCA.")] = (
        "Normalised"
    ),
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Audit: indicator statistics, correlations, Cronbach's alpha, PCA, effective weights.

    Each table is written as a CSV file in --out.
    """
    from zonemetrics.index import audit

    tables = audit.audit_tables(_coin(_spec(spec, allow_outside)), dset)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(out / f"{name}.csv", index=False)
    if as_json:
        print_json({name: _records(t) for name, t in tables.items()})
        return
    raw = tables["stats_raw"]
    out_flags = raw[raw["Flag.SkewKurt"] == "OUT"]["iCode"].tolist()
    console.print(f"raw indicators flagged for skew/kurtosis: {', '.join(out_flags) or 'none'}")
    console.print(f"correlation flags in {dset}: {len(tables['corr_flags'])}")
    alpha = tables["cronbach"]
    _top_table("Cronbach's alpha by group", alpha, ["iCode", "alpha"], n=len(alpha))
    console.print(f"wrote {len(tables)} tables to {out}")


@app.command("uncertainty")
def uncertainty_command(
    spec: SpecArg,
    out: OutOpt,
    n: Annotated[
        int,
        typer.Option(
            "--n",
            min=2,
            help="Base sample size, as COINr's N: N runs, or N x (factors + 2) with Sobol.",
        ),
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    sobol: Annotated[
        bool, typer.Option("--sobol/--no-sobol", help="Saltelli design and Sobol indices.")
    ] = True,
    n_boot: Annotated[int, typer.Option("--boot", help="Bootstrap resamples.")] = 200,
    level: Annotated[
        float,
        typer.Option(
            "--level", min=0.01, max=0.99, help="Share of runs inside the rank intervals (0.9)."
        ),
    ] = 0.9,
    per_run: Annotated[
        bool,
        typer.Option("--per-run", help="Also write per_run.parquet: every run's scores and ranks."),
    ] = False,
    sampler: Annotated[
        str,
        typer.Option(
            "--sampler",
            help="random (uniform, as COINr) or sobol (a scrambled Sobol sequence).",
        ),
    ] = "random",
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Uncertainty and Sobol sensitivity of the ranks, over the spec's `uncertainty` section.

    Writes ranks.csv (nominal, mean and median rank and the --level interval per unit),
    design.csv (each run's choices) and, with --sobol, sobol_mars.csv and sobol_units.csv
    with bootstrap intervals; with --per-run, per_run.parquet.
    """
    import numpy as np

    from zonemetrics.index.errors import IndexSpecError
    from zonemetrics.index.uncertainty import UAPlan, run_uncertainty

    parsed = _spec(spec, allow_outside)
    if not parsed.uncertainty:
        raise IndexSpecError("the spec has no 'uncertainty' section (see docs/index.md)")
    plan = UAPlan.from_spec(parsed.uncertainty)
    coin = _coin(parsed)
    with _progress(as_json) as tick:
        res = run_uncertainty(
            coin, plan, n, seed, sobol, n_boot, level, progress=tick, sampler=sampler
        )
    res.write(out, per_run=per_run)
    summary = res.rank_summary()
    lo_name, hi_name = res.quantile_names()
    if as_json:
        print_json(
            {
                "n": res.n_base,
                "runs": res.total_runs,
                "factors": [f.name for f in plan.factors],
                "level": level,
                "ranks": _records(summary),
                "sobol_mars": None if res.sobol_mars is None else _records(res.sobol_mars),
            }
        )
        return
    console.print(
        f"N = {res.n_base}: {res.total_runs} runs over {len(plan.factors)} factors; "
        f"mean absolute rank shift {np.nanmean(res.mars):.3f}"
    )
    _top_table(
        f"Ranks under uncertainty ({level:.0%} of runs inside {lo_name}-{hi_name})",
        summary,
        ["uCode", "Nominal", "Mean", "Median", lo_name, hi_name],
    )
    if res.sobol_mars is not None:
        _top_table(
            "Sobol indices of the mean absolute rank shift",
            res.sobol_mars,
            ["factor", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"],
        )
    console.print(f"wrote results to {out}")


PLOT_KINDS = ("framework", "bar", "dot", "scatter", "dist", "corr", "uncertainty", "sensitivity")


@app.command("plot")
def plot_command(
    kind: Annotated[
        str, typer.Argument(help=f"What to draw: {', '.join(PLOT_KINDS)} (COINr's plot_*).")
    ],
    spec: SpecArg,
    out: Annotated[
        Path, typer.Option("--out", help="The chart file: .svg, .png, .pdf, .html or .json.")
    ],
    dset: Annotated[
        str | None,
        typer.Option("--dset", help="Data set to draw (default: Aggregated; Raw for dist)."),
    ] = None,
    icode: Annotated[
        list[str] | None,
        typer.Option("--icode", help="Code(s) to draw; repeat the option for several."),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="uCode(s) to highlight (bar, dot, scatter); repeatable."),
    ] = None,
    levels: Annotated[
        tuple[int, int], typer.Option("--levels", help="corr: the two levels to correlate.")
    ] = (1, 2),
    stack: Annotated[
        bool, typer.Option("--stack", help="bar: split each bar into its children.")
    ] = False,
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            help="uncertainty/sensitivity: the folder `index uncertainty` wrote (else run it).",
        ),
    ] = None,
    n: Annotated[
        int, typer.Option("--n", min=2, help="uncertainty/sensitivity: base sample size.")
    ] = 200,
    level: Annotated[
        float, typer.Option("--level", min=0.01, max=0.99, help="Share of runs in intervals.")
    ] = 0.9,
    lang: Annotated[
        str, typer.Option("--lang", help="Unit names in en or zh (iData's uName_zh).")
    ] = "en",
    allow_outside: OutsideOpt = False,
) -> None:
    """Draw one of COINr's plots of the spec's index and write it to --out."""
    from zonemetrics.index import plots
    from zonemetrics.index.errors import IndexSpecError
    from zonemetrics.publish.charts import render

    if kind not in PLOT_KINDS:
        raise IndexSpecError(f"unknown plot {kind!r}; plots are {', '.join(PLOT_KINDS)}")
    parsed = _spec(spec, allow_outside)
    coin = _coin(parsed)
    codes, units = list(icode or []), list(unit or [])
    if kind in ("uncertainty", "sensitivity"):
        chart = _uncertainty_chart(kind, parsed, coin, results, n, level, lang)
    elif kind == "framework":
        chart = plots.plot_framework(coin)
    elif kind == "bar":
        code = codes[0] if codes else None
        chart = plots.plot_bar(coin, dset or "Aggregated", code, units, stack, lang)
    elif kind == "dot":
        chart = plots.plot_dot(coin, dset or "Aggregated", codes, units, lang)
    elif kind == "scatter":
        chart = plots.plot_scatter(coin, codes, (dset or "Raw",) * 2, units, lang=lang)
    elif kind == "dist":
        chart = plots.plot_dist(coin, dset or "Raw", codes)
    else:
        chart = plots.plot_corr(coin, dset or "Aggregated", levels)
    out.parent.mkdir(parents=True, exist_ok=True)
    render(chart, out)
    console.print(f"wrote {kind} plot to {out}")


def _uncertainty_chart(
    kind: str, parsed: Spec, coin: Coin, results: Path | None, n: int, level: float, lang: str
) -> dict[str, Any]:
    """The chart from a folder of `index uncertainty` results, or from a fresh run."""
    import pandas as pd

    from zonemetrics.index import plots
    from zonemetrics.index.errors import IndexSpecError
    from zonemetrics.index.uncertainty import UAPlan, run_uncertainty

    labels = plots.unit_labels(coin, lang)
    if results is not None:
        name = "ranks.csv" if kind == "uncertainty" else "sobol_mars.csv"
        if not (results / name).is_file():
            raise IndexSpecError(f"{results / name}: not found (run `index uncertainty` first)")
        table = pd.read_csv(results / name)
        if kind == "uncertainty":
            return plots.plot_uncertainty(table, labels, level)
        return plots.plot_sensitivity(table)
    if not parsed.uncertainty:
        raise IndexSpecError("the spec has no 'uncertainty' section (or give --results)")
    plan = UAPlan.from_spec(parsed.uncertainty)
    res = run_uncertainty(coin, plan, n, sobol=kind == "sensitivity", level=level)
    if kind == "uncertainty":
        return plots.plot_uncertainty(res.rank_summary(), labels, level)
    assert res.sobol_mars is not None
    return plots.plot_sensitivity(res.sobol_mars)


# -- COINr's analysis functions ---------------------------------------------------------------

CsvOpt = Annotated[
    Path | None, typer.Option("--out", help="Also write the table to this CSV file.")
]
DsetOpt = Annotated[str | None, typer.Option("--dset", help="Data set to analyse.")]
ZoneArg = Annotated[str, typer.Argument(help="The unit (uCode), e.g. a zone's code.")]


def _analyse(
    spec: Path,
    allow_outside: bool,
    title: str,
    compute: Callable[[Coin], pd.DataFrame],
    as_json: bool,
    out: Path | None,
) -> None:
    """The shape every analysis command shares: open the spec, build its coin, compute
    one table from it, then print it (or JSON) and write it as CSV with --out."""
    _emit(title, compute(_coin(_spec(spec, allow_outside))), as_json, out)


def _emit(title: str, frame: pd.DataFrame, as_json: bool, out: Path | None) -> None:
    """Print a table (or JSON) and write it as CSV when --out is given."""
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out, index=False)
    if as_json:
        print_json(_records(frame))
        return
    cols = [str(c) for c in frame.columns]
    _top_table(title, frame.rename(columns=str), cols, n=len(frame))
    if out is not None:
        console.print(f"wrote {out}")


@app.command("results")
def results_command(
    spec: SpecArg,
    tab: Annotated[str, typer.Option("--tab", help="Summ, Aggs or Full.")] = "Summ",
    use: Annotated[str, typer.Option("--use", help="scores, ranks or groupranks.")] = "scores",
    group: Annotated[
        str | None, typer.Option("--group", help="Group column of iData for groupranks.")
    ] = None,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Results table with ranks, or ranks within groups (COINr's get_results)."""
    from zonemetrics.index.analysis import get_results

    _analyse(
        spec,
        allow_outside,
        f"Results ({tab}, {use})",
        lambda coin: get_results(coin, dset or "Aggregated", tab, use, group),
        as_json,
        out,
    )


@app.command("unit-summary")
def unit_summary_command(
    spec: SpecArg,
    zone: ZoneArg,
    level: Annotated[
        list[int] | None, typer.Option("--level", help="Level(s) to show; repeatable.")
    ] = None,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """A unit's scores and ranks at the chosen levels (COINr's get_unit_summary)."""
    from zonemetrics.index.analysis import get_unit_summary

    def summary(coin: Coin) -> pd.DataFrame:
        levels = level or list(range(coin.framework.top_level, 1, -1))
        return get_unit_summary(coin, zone, levels, dset or "Aggregated")

    _analyse(spec, allow_outside, f"Summary of {zone}", summary, as_json, out)


@app.command("str-weak")
def str_weak_command(
    spec: SpecArg,
    zone: ZoneArg,
    top: Annotated[int, typer.Option("--top", min=1, help="Strengths to list.")] = 5,
    bottom: Annotated[int, typer.Option("--bottom", min=1, help="Weaknesses to list.")] = 5,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """A unit's best and worst ranked indicators (COINr's get_str_weak)."""
    import pandas as pd

    from zonemetrics.index.analysis import get_str_weak

    def both(coin: Coin) -> pd.DataFrame:
        tables = get_str_weak(coin, zone, dset or "Raw", top, bottom)
        return pd.concat([t.assign(Kind=kind) for kind, t in tables.items()], ignore_index=True)

    _analyse(spec, allow_outside, f"Strengths and weaknesses of {zone}", both, as_json, out)


@app.command("remove-elements")
def remove_elements_command(
    spec: SpecArg,
    level: Annotated[int, typer.Option("--level", help="Level whose codes are removed in turn.")],
    icode: Annotated[
        str | None, typer.Option("--icode", help="Code whose ranks are compared (the index).")
    ] = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Rank changes when each code of a level is removed in turn (remove_elements).

    Prints the mean absolute rank change per removed code; --out writes the rank
    differences of every unit.
    """
    import pandas as pd

    from zonemetrics.index.analysis import remove_elements

    coin = _coin(_spec(spec, allow_outside))
    result = remove_elements(coin, level, "Aggregated", icode)
    mean = result["MeanAbsDiff"].drop("Nominal")
    table = pd.DataFrame({"removed": mean.index, "MeanAbsDiff": mean.to_numpy()})
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        result["RankDiffs"].to_csv(out, index=False)
    _emit(f"Removing each code of level {level}", table, as_json, None)


@app.command("compare")
def compare_command(
    specs: Annotated[list[Path], typer.Argument(help="Two or more specs to compare.")],
    icode: Annotated[str | None, typer.Option("--icode", help="Code to compare.")] = None,
    by: Annotated[str, typer.Option("--by", help="ranks or scores.")] = "ranks",
    tab: Annotated[str, typer.Option("--tab", help="Values, Diffs or AbsDiffs.")] = "Values",
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Compare the ranks or scores of the coins of several specs (compare_coins).

    Two specs give differences (COINr's compare_coins), more give one column each
    (compare_coins_multi); the rank correlation of each pillar is printed too.
    """
    from zonemetrics.index.analysis import compare_coins, compare_coins_corr, compare_coins_multi
    from zonemetrics.index.errors import IndexSpecError

    if len(specs) < 2:
        raise IndexSpecError("compare needs two or more specs")
    coins = {path.stem: _coin(_spec(path, allow_outside)) for path in specs}
    if len(coins) != len(specs):
        raise IndexSpecError("give the specs distinct file names: they name the columns")
    first, second = list(coins.values())[:2]
    if len(coins) == 2:
        table = compare_coins(first, second, "Aggregated", icode, by, sort_by="coin.1")
    else:
        table = compare_coins_multi(coins, "Aggregated", icode, tab, compare_by=by)
    _emit(f"Comparison by {by}", table, as_json, out)  # type: ignore[arg-type]
    if not as_json:
        corr = compare_coins_corr(first, second, compare_by=by)
        _emit(f"Correlation of {by}: {specs[0].stem} and {specs[1].stem}", corr, False, None)


@app.command("trends")
def trends_command(
    spec: SpecArg,
    f_trend: Annotated[str, typer.Option("--f", help="CAGR or prc_change.")] = "CAGR",
    use_latest: Annotated[
        int | None, typer.Option("--use-latest", help="Only the latest N observed years.")
    ] = None,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Trends (CAGR) of each unit and indicator over a panel (get_trends).

    The spec needs panel: true.
    """
    from zonemetrics.index.analysis import get_trends

    _analyse(
        spec,
        allow_outside,
        f"Trends ({f_trend})",
        lambda coin: get_trends(coin, dset or "Raw", use_latest=use_latest, f_trend=f_trend),
        as_json,
        out,
    )


@app.command("denom-corr")
def denom_corr_command(
    spec: SpecArg,
    thresh: Annotated[
        float, typer.Option("--thresh", help="Absolute correlation to report.")
    ] = 0.6,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Indicators strongly correlated with a denominator (COINr's get_denom_corr)."""
    from zonemetrics.index.analysis import get_denom_corr

    _analyse(
        spec,
        allow_outside,
        "Correlations with denominators",
        lambda coin: get_denom_corr(coin, dset or "Raw", thresh),
        as_json,
        out,
    )


@app.command("data-avail")
def data_avail_command(
    spec: SpecArg,
    by_group: Annotated[
        bool, typer.Option("--by-group", help="Availability within each group instead.")
    ] = False,
    dset: DsetOpt = None,
    out: CsvOpt = None,
    as_json: JsonOpt = False,
    allow_outside: OutsideOpt = False,
) -> None:
    """Data availability per unit, or per unit and group (COINr's get_data_avail)."""
    from zonemetrics.index.analysis import get_data_avail

    key = "ByGroup" if by_group else "Summary"
    _analyse(
        spec,
        allow_outside,
        f"Data availability ({key})",
        lambda coin: get_data_avail(coin, dset or "Raw")[key],
        as_json,
        out,
    )


@app.command("export")
def export_command(
    spec: SpecArg,
    out: Annotated[Path, typer.Option("--out", help="The .xlsx workbook to write.")],
    allow_outside: OutsideOpt = False,
) -> None:
    """Write the coin to Excel in COINr's export_to_excel layout.

    One sheet per data set, then Meta.Ind, Meta.Lineage, Meta.Unit, the weights, the
    treatment and screening details and the results.
    """
    from zonemetrics.index.excel import export_to_excel

    target = export_to_excel(_coin(_spec(spec, allow_outside)), out)
    console.print(f"wrote {target}")


@app.command("import-coin-tool")
def import_coin_tool_command(
    workbook: Annotated[Path, typer.Argument(help="The COIN Tool .xlsx workbook to read.")],
    out: Annotated[
        Path, typer.Option("--out", help="Folder for iData.csv, iMeta.csv and spec.yaml.")
    ],
    makecodes: Annotated[
        bool,
        typer.Option("--makecodes", help="Indicator codes from their names instead of Ind.01 ..."),
    ] = False,
    oldtool: Annotated[
        bool,
        typer.Option("--oldtool", help="The tool's pre-2019 release (Framework one row lower)."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read a JRC COIN Tool workbook into iData, iMeta and a spec (COINr's import_coin_tool).

    The spec normalises by min-max and aggregates by arithmetic means: edit its steps,
    then `zonemetrics index run OUT/spec.yaml --out RESULTS`.
    """
    from zonemetrics.index.coin_tool import read_coin_tool, write_coin_tool_spec

    data = read_coin_tool(workbook, makecodes, oldtool)
    paths = write_coin_tool_spec(data, out)
    n_ind = int((data.imeta["Type"] == "Indicator").sum())
    if as_json:
        print_json(
            {
                "units": len(data.idata),
                "indicators": n_ind,
                "levels": int(data.imeta["Level"].max()),
                "written": [str(p) for p in paths],
            }
        )
        return
    console.print(
        f"imported {n_ind} indicators and {len(data.idata)} units "
        f"({int(data.imeta['Level'].max())} levels); wrote {', '.join(p.name for p in paths)} "
        f"to {out}"
    )


@app.command("ledger")
def ledger_command(
    ctx: typer.Context,
    framework: Annotated[
        Path | None,
        typer.Argument(help="Framework YAML (default: the bundled new-area example)."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Year of the data (default: the framework's).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write the tables and CSVs to.")
    ] = None,
    uncertainty: Annotated[
        str | None,
        typer.Option(
            "--uncertainty",
            help="'data': also rank under the ledger's own uncertainty (bounds, conflicts) "
            "beside the methods' and list the figures responsible.",
        ),
    ] = None,
    n: Annotated[
        int, typer.Option("--n", min=2, help="Runs of each kind with --uncertainty.")
    ] = 100,
    sobol: Annotated[
        bool,
        typer.Option(
            "--sobol",
            help="With --uncertainty data: Sobol indices of methods and data sources "
            "(N x (k + 2) runs, N = --n).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build an index of zones from the ledger (the store of --store).

    Zones are ranked, and the zones screened out for missing data are listed with
    their availability.

    With --uncertainty data, the index is also re-run n times with the methods varied,
    n times with the data varied (bounds sampled in their brackets, disagreeing figures
    drawn by tier, values derived from either following them, imputed cells drawn from
    the peers) and n times with both; the rank intervals of each are shown, with the
    figures responsible (uncertainty_data.csv with --out).

    With --out, writes iData.csv, iMeta.csv and spec.yaml (re-run with `index run`),
    cells.csv (the value used for each zone and indicator, or why none: bound_only,
    other_caliber, none), indicators.csv (coverage; dropped indicators), availability.csv,
    and the run's outputs (scores.csv, one CSV per data set, Screened_details.csv ...).
    """
    import pandas as pd

    from zonemetrics.cli.common import store_for_reading
    from zonemetrics.index.errors import IndexSpecError
    from zonemetrics.index.ledger_frame import build_ledger_frame
    from zonemetrics.index.spec import write_outputs

    if uncertainty not in (None, "data"):
        raise IndexSpecError("--uncertainty takes 'data'")
    store = store_for_reading(ctx)
    try:
        frame = build_ledger_frame(store, framework, year)
        data_ua = _data_uncertainty(store, frame, n, as_json) if uncertainty else None
        data_sobol = None
        if uncertainty and sobol:
            from zonemetrics.index.ledger_uncertainty import data_sensitivity

            data_sobol = data_sensitivity(store, frame, n)
    finally:
        store.close()
    coin = frame.coin()
    paths: list[Path] = []
    if out is not None:
        paths = frame.write(out) + write_outputs(coin, out)
        if data_ua is not None:
            target = out / "uncertainty_data.csv"
            data_ua.table.to_csv(target, index=False)
            paths.append(target)
        if data_sobol is not None:
            target = out / "sobol_data.csv"
            data_sobol.to_csv(target, index=False)
            paths.append(target)
    scores = coin.scores().sort_values(["Rank"], kind="stable")
    names = dict(zip(frame.idata["uCode"], frame.idata["uName"], strict=True))
    scores.insert(1, "uName", scores["uCode"].map(names))
    avail = frame.availability
    screened = avail[~avail["Included"]]
    dropped = frame.indicators[~frame.indicators["kept"]]
    if as_json:
        print_json(
            {
                "framework": frame.framework.name,
                "year": frame.year,
                "peer_set": frame.framework.peer_set,
                "dat_thresh": frame.framework.dat_thresh,
                "scores": _records(scores),
                "screened_out": _records(
                    screened[["uCode", "uName", "n_value", "n_indicators", "Dat_Avail", "missing"]]
                ),
                "dropped_indicators": _records(dropped[["iCode", "pillar", "n_value", "reason"]]),
                "dropped_pillars": frame.dropped_pillars,
                "uncertainty": None if data_ua is None else _records(data_ua.table),
                "sobol": None if data_sobol is None else _records(data_sobol),
                "written": [str(p) for p in paths],
            }
        )
        return
    cols = ["Rank", "uCode", "uName", *frame.imeta.loc[frame.imeta["Level"] == 2, "iCode"], "Index"]
    print_table(
        f"{frame.framework.name}, {frame.year}",
        cols,
        [
            [
                None if pd.isna(r[c]) else f"{r[c]:.2f}" if isinstance(r[c], float) else r[c]
                for c in cols
            ]
            for r in scores.to_dict("records")
        ],
        caption="— : no indicator of the pillar has a value for the zone",
    )
    print_table(
        f"Screened out: data for fewer than {frame.framework.dat_thresh:.0%} of "
        f"{len(frame.imeta[frame.imeta['Level'] == 1])} indicators",
        ["uCode", "available", "missing (why)"],
        [
            [r["uCode"], f"{r['n_value']}/{r['n_indicators']}", r["missing"]]
            for r in screened.to_dict("records")
        ],
    )
    if not dropped.empty:
        console.print(
            "indicators dropped (too few zones with a value): "
            + ", ".join(f"{r['iCode']} ({r['n_value']})" for r in dropped.to_dict("records"))
        )
    if frame.dropped_pillars:
        console.print(f"pillars left empty and dropped: {', '.join(frame.dropped_pillars)}")
    if paths:
        console.print(f"wrote {len(paths)} files to {out}")
    if data_ua is not None:
        _print_data_uncertainty(data_ua)
    if data_sobol is not None:
        _top_table(
            "Sobol indices of the mean absolute rank shift: methods and data sources",
            data_sobol,
            ["factor", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"],
        )


def _data_uncertainty(store: Any, frame: Any, n: int, as_json: bool) -> Any:
    from zonemetrics.index.ledger_uncertainty import run_data_uncertainty

    with _progress(as_json) as tick:
        return run_data_uncertainty(store, frame, n, progress=tick)


def _print_data_uncertainty(result: Any) -> None:
    """Rank intervals due to methods, data and both, and the figures responsible."""
    table = result.table

    def interval(r: dict[str, Any], kind: str) -> str:
        if r[f"{kind}_ranked"] == 0:
            return "unranked"
        share = "" if r[f"{kind}_ranked"] == 1 else f" ({r[f'{kind}_ranked']:.0%} of runs)"
        return f"{r[f'{kind}_lo']:g}-{r[f'{kind}_hi']:g}{share}"

    rows = [
        [
            r["uCode"],
            "-" if r["Nominal"] != r["Nominal"] else f"{r['Nominal']:g}",
            interval(r, "methods"),
            interval(r, "data"),
            interval(r, "both"),
        ]
        for r in table.to_dict("records")
    ]
    print_table(
        f"Rank intervals ({result.level:.0%} of {result.n} runs each): methods, data, both",
        ["uCode", "nominal", "methods", "data", "both"],
        rows,
    )
    console.print(
        "figures the data runs sample (a zone's bounds move together; a disputed figure "
        "and the values computed from it take the same alternative):"
    )
    for cell in result.cells:
        console.print(f"  {cell.uCode}: {cell.figures}", highlight=False)
    if result.imputed:
        console.print("cells the framework imputes (the data runs draw them from the peers):")
        for zone, code, value in result.imputed:
            console.print(f"  {zone}: {code} imputed as {value:g}", highlight=False)
