"""The YAML spec: data, framework and steps in order, in COINr's vocabulary.

    data: ASEM_iData.csv          # iData, relative to the spec file
    meta: ASEM_iMeta.csv          # iMeta, relative to the spec file
    time: 2018                    # optional: one year of a panel
    panel: false                  # optional: run every year (with global normalisation)
    steps:
      - denominate: {}
      - impute: {f_i: i_mean_grp, use_group: EurAsia_group}
      - screen: {unit_screen: byNA, dat_thresh: 0.9}
      - treat: {winmax: 5}
      - normalise: {f_n: n_minmax, l_u: [0, 100]}
      - aggregate: {f_ag: a_amean}
    uncertainty: {...}            # optional: see zonemetrics.index.uncertainty

A COINr user should read it at sight, so step and argument names are COINr's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import lookup

# COINr spells some steps with a capital or as its function name.
_STEP_ALIASES = {
    "Denominate": "denominate",
    "Impute": "impute",
    "Screen": "screen",
    "Treat": "treat",
    "Normalise": "normalise",
    "normalize": "normalise",
    "Aggregate": "aggregate",
    "Weights": "weights",
}


@dataclass(frozen=True)
class Spec:
    data: Path
    meta: Path
    time: int | None
    panel: bool
    steps: list[tuple[str, dict[str, Any]]]
    uncertainty: dict[str, Any] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()  # indicators left out, as COINr's new_coin(exclude)


def _step_args(args: dict[str, Any] | None) -> dict[str, Any]:
    """YAML keys to Python keyword names (`global` is a Python keyword)."""
    out = dict(args or {})
    if "global" in out:
        out["global_"] = out.pop("global")
    return out


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely, with any error as one line naming the file and where.

    safe_load builds plain data only: a tag such as !!python/object is refused, never
    executed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IndexSpecError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexSpecError(f"{path}: cannot be read ({exc})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise IndexSpecError(f"{path}{where}: {' '.join(str(problem).split())}") from exc
    except yaml.YAMLError as exc:
        raise IndexSpecError(f"{path}: invalid YAML ({' '.join(str(exc).split())})") from exc


def resolve_inside(base: Path, value: Any, key: str, spec_path: Path, allow_outside: bool) -> Path:
    """A path written in the spec, relative to the spec's folder and kept inside it.

    A spec may come from someone else; `data: /etc/passwd` or `../../secret.csv` would
    read files the user never meant to share into outputs, so a path leaving the
    spec's folder is refused unless the user says --allow-outside.
    """
    if not isinstance(value, str) or not value.strip():
        raise IndexSpecError(f"{spec_path}: '{key}' must be a file name")
    target = (base / value).resolve()
    if not allow_outside and not target.is_relative_to(base.resolve()):
        raise IndexSpecError(
            f"{spec_path}: '{key}: {value}' is outside the spec's folder {base.resolve()} "
            "(use --allow-outside to read it anyway)"
        )
    return target


def load_spec(path: str | Path, allow_outside: bool = False) -> Spec:
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise IndexSpecError(f"{path}: the spec must be a YAML mapping")
    for key in ("data", "meta", "steps"):
        if key not in raw:
            raise IndexSpecError(f"{path}: the spec needs '{key}'")
    unknown = set(raw) - {"data", "meta", "time", "panel", "exclude", "steps", "uncertainty"}
    if unknown:
        raise IndexSpecError(f"{path}: unknown spec key(s): {', '.join(sorted(unknown))}")
    base = path.parent
    steps: list[tuple[str, dict[str, Any]]] = []
    for item in raw["steps"]:
        if not isinstance(item, dict) or len(item) != 1:
            raise IndexSpecError(
                f"{path}: each step is a one-key mapping, e.g. '- treat: {{winmax: 5}}'"
            )
        ((name, args),) = item.items()
        name = _STEP_ALIASES.get(name, name)
        lookup("step", name)
        if args is not None and not isinstance(args, dict):
            raise IndexSpecError(f"{path}: arguments of {name} must be a mapping")
        steps.append((name, _step_args(args)))
    time = raw.get("time")
    panel = bool(raw.get("panel", False))
    if time is not None and panel:
        raise IndexSpecError("give either time (one year) or panel: true, not both")
    return Spec(
        resolve_inside(base, raw["data"], "data", path, allow_outside),
        resolve_inside(base, raw["meta"], "meta", path, allow_outside),
        None if time is None else int(time),
        panel,
        steps,
        dict(raw.get("uncertainty") or {}),
        _exclude(raw.get("exclude"), path),
    )


def _exclude(value: Any, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise IndexSpecError(f"{path}: exclude is a list of indicator codes")
    return tuple(value)


def build_coin(spec: Spec) -> Coin:
    coin = Coin.from_csv(
        spec.data, spec.meta, time=spec.time, panel=spec.panel, exclude=spec.exclude
    )
    for name, args in spec.steps:
        coin.apply(name, **args)
    return coin


def run_spec(path: str | Path, allow_outside: bool = False) -> Coin:
    """Read a spec file and run its steps; the returned coin holds every data set."""
    return build_coin(load_spec(path, allow_outside))


def write_outputs(coin: Coin, out_dir: str | Path) -> list[Path]:
    """Write scores.csv (when aggregated), one CSV per data set named after it
    (Raw.csv, Denominated.csv, ...), and the screening and treatment details."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "Aggregated" in coin.dsets:
        target = out / "scores.csv"
        coin.scores().to_csv(target, index=False)
        written.append(target)
    for name, ds in coin.dsets.items():
        target = out / f"{name}.csv"
        ds.to_frame().to_csv(target, index=False)
        written.append(target)
    for key in ("Screened", "Treated"):
        table = coin.details.get(key)
        if isinstance(table, pd.DataFrame):
            target = out / f"{key}_details.csv"
            table.to_csv(target, index=False)
            written.append(target)
    return written
