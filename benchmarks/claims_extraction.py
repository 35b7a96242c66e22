"""Extraction quality on the labelled claims set in ../shared/data/claims-dev.

Runs the claim extractor over every passage (body only, line 2 onwards; the header's
date is passed as the text's date, as a checker would get it from --date), writes the
predictions in the set's schema and prints precision and recall from the set's own
scorer (tools/score.py), strict and lenient. The extractor's zone gazetteer is the
ledger's aliases plus the set's global zone aliases (never its passage-scoped ones).

    python benchmarks/claims_extraction.py [--set ../shared/data/claims-dev] [--show]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zonemetrics.bundle import load_bundle
from zonemetrics.narrative.extract import Extractor
from zonemetrics.narrative.gazetteer import Gazetteer, Place
from zonemetrics.narrative.timeframe import split_header
from zonemetrics.store.connection import open_store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT.parent / "shared" / "data" / "claims-dev"

#: the set's indicator vocabulary (its `core` tier); every other code is `other:<code>`
VOCABULARY = {
    "gdp",
    "gdp_growth_real",
    "rd_expenditure",
    "rd_intensity",
    "high_tech_enterprises",
    "new_high_tech_enterprises",
    "specialized_smes",
    "little_giants",
    "innovation_platforms_state_level",
    "population",
    "land_area",
    "share_of_province_gdp",
    "share_of_province_land",
    "industrial_output",
    "foreign_trade",
    "fdi",
    "listed_companies",
}
UNITS = {"%": "%", "pp": "pp", "CNY": "CNY", "USD": "USD", "km2": "km2", "count": "firms"}


def set_indicator(code: str | None) -> str | None:
    if code is None or code in VOCABULARY or code.startswith("other:"):
        return code
    return f"other:{code}"


def extra_places(set_dir: Path) -> dict[str, Place]:
    """The set's global zone aliases (its passage-scoped aliases are not used)."""
    places: dict[str, Place] = {}
    for zone in json.loads((set_dir / "zones.json").read_text(encoding="utf-8")):
        kind = "new_area" if zone["type"] == "state_level_new_area" else zone["type"]
        place = Place(zone["id"], zone["normalised"], kind)
        for alias in [*zone["aliases"], zone["normalised"]]:
            places[alias] = place
    return places


def predictions(extractor: Extractor, set_dir: Path) -> tuple[list[dict], float]:
    rows, elapsed = [], 0.0
    for path in sorted((set_dir / "passages").glob("*.txt")):
        info, body = split_header(path.read_text(encoding="utf-8"))
        began = time.perf_counter()
        claims = extractor.extract(body, info)
        elapsed += time.perf_counter() - began
        for claim in claims:
            if claim.kind == "conversion":
                continue  # the set keeps a conversion on the claim it converts
            rows.append(
                {
                    "passage": path.name,
                    "zone": {"normalised": claim.zone_name, "as_written": claim.zone_text},
                    "indicator": set_indicator(claim.indicator),
                    "period": claim.period,
                    "value": claim.value,
                    "unit": UNITS.get(claim.unit or "", claim.unit),
                    "rank": claim.rank,
                    "comparator": claim.comparator,
                    "value_from": claim.value_from,
                    "period_from": claim.period_from,
                    "converted_value": claim.converted_value,
                    "text_span": claim.text,
                }
            )
    return rows, elapsed


def score(set_dir: Path, rows: list[dict], out: Path) -> dict[str, dict]:
    """Write the predictions to `out` and score them with the set's own scorer, strict
    and lenient; the reports by mode ('strict', 'lenient')."""
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    reports = {}
    for mode in ([], ["--lenient"]):
        result = subprocess.run(
            [sys.executable, "tools/score.py", str(out), "--json", *mode],
            cwd=set_dir,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(result.stdout)
        reports[report["mode"]] = report
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--show", action="store_true", help="print the predictions too")
    args = parser.parse_args()
    set_dir = args.set.resolve()
    if not (set_dir / "tools" / "score.py").is_file():
        sys.exit(f"no claims set with a scorer at {set_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        load_bundle(store)
        extractor = Extractor(Gazetteer.from_store(store, extra_places(set_dir)))
        rows, elapsed = predictions(extractor, set_dir)
        store.close()
        if args.show:
            for r in rows:
                print(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False))
        print(f"{len(rows)} predicted claims from the passages in {elapsed * 1000:.0f} ms")
        for report in score(set_dir, rows, Path(tmp) / "predictions.jsonl").values():
            print(f"== {report['mode']}")
            for key in ("all", "tier=core", "tier=other", "lang=en", "lang=zh", "kind=rank"):
                r = report[key]
                print(
                    f"  {key:<11} precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
                    f"f1 {r['f1']:.3f}  (gold {r['gold']}, predicted {r['pred']})"
                )
            print(
                f"  comparators agree {report['comparator_agreement']}, "
                f"conversions {report['conversion_recall']}"
            )
            print(f"  missed: {' '.join(report['missed_gold_ids'])}")


if __name__ == "__main__":
    main()
