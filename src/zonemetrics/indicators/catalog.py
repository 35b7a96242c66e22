"""The derived-indicator catalogue: a YAML file of declarations, not code per indicator."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from zonemetrics.errors import ZonemetricsError

# libyaml's safe loader where it is built in (ten times faster, same result)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KINDS = ("ratio", "share_of_parent", "density", "growth", "cagr", "multiple", "convert")


@dataclass(frozen=True)
class Derived:
    code: str
    kind: str
    unit: str
    direction: str
    name_en: str
    name_zh: str
    definition: str
    inputs: dict[str, str] = field(default_factory=dict)
    scale: float = 1.0
    timeless: bool = False
    denominator_timeless: bool = False


def _parse(code: str, entry: dict[str, Any]) -> Derived:
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ZonemetricsError(f"derived indicator '{code}': unknown kind '{kind}'")
    inputs = {k: entry[k] for k in ("numerator", "denominator", "input", "rate") if k in entry}
    return Derived(
        code=code,
        kind=kind,
        unit=entry["unit"],
        direction=entry["direction"],
        name_en=entry["name_en"],
        name_zh=entry["name_zh"],
        definition=" ".join(entry["definition"].split()),
        inputs=inputs,
        scale=float(entry.get("scale", 1)),
        timeless=bool(entry.get("timeless", False)),
        denominator_timeless=bool(entry.get("denominator_timeless", False)),
    )


@cache
def derived_catalog() -> dict[str, Derived]:
    text = (files("zonemetrics") / "data" / "catalog" / "derived.yaml").read_text("utf-8")
    return {
        code: _parse(code, entry) for code, entry in yaml.load(text, Loader=SAFE_LOADER).items()
    }


def derived(code: str) -> Derived:
    catalog = derived_catalog()
    if code not in catalog:
        raise ZonemetricsError(
            f"'{code}' is not a derived indicator (known: {', '.join(sorted(catalog))})"
        )
    return catalog[code]
