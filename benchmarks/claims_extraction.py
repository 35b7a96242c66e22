"""Claim extraction quality on labelled sets, through the path users run.

Every passage body (line 2 onwards: the header line with its URL, title and date is NOT
given, so the reader knows only the date the text itself states) goes through
`Checker.check`, the library call behind `zonemetrics check FILE --json`, over a fresh
store of the bundle. The checker knows nothing of the set's zone table (no aliases
added). The claims are written in the set's schema and scored by the set's own scorer
(tools/score.py; a set without one is scored by claims-dev's), strict and lenient, by
language, tier and rank facts.

Sets: ../shared/data/claims-dev and tests/data/claims-own (tuned on; `--show` prints
their predictions and missed ids), ../shared/data/claims-val and tests/data/claims-holdout
(held out: ONLY aggregate numbers are ever printed, and `--show` is refused for them).

    python benchmarks/claims_extraction.py [--set DIR ...] [--show] [--diagnose DIR]

`--diagnose DIR` (a tuning set only; refused for held-out sets) says for each gold fact
the scorer missed why: whether a prediction of the same passage and value existed and
which of zone, indicator and period differed, or whether the value was never extracted;
then counts the failure categories.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from zonemetrics.bundle import load_bundle
from zonemetrics.narrative.check import Checker
from zonemetrics.narrative.labelled_sets import CORE_INDICATORS
from zonemetrics.store.connection import open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
DEV = SHARED / "claims-dev"
VAL = SHARED / "claims-val"
OWN = ROOT / "tests" / "data" / "claims-own"
HOLDOUT = ROOT / "tests" / "data" / "claims-holdout"
#: sets whose passages, labels and per-claim results are never printed: a set anyone tunes
#: against stops measuring how the extractor does on text it has never seen
HELD_OUT = {VAL.resolve(), HOLDOUT.resolve()}

#: the sets' indicator vocabulary (their `core` tier), the one the label checks use
VOCABULARY = CORE_INDICATORS
UNITS = {"%": "%", "pp": "pp", "CNY": "CNY", "USD": "USD", "km2": "km2", "count": "firms"}
KEYS = ("all", "lang=en", "lang=zh", "tier=core", "tier=other", "kind=rank")


def set_indicator(code: str | None) -> str | None:
    if code is None or code in VOCABULARY or code.startswith("other:"):
        return code
    return f"other:{code}"


def body_of(path: Path) -> str:
    """The passage without its header line (the sets' passages all carry one)."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first.startswith("# source:") else text


def prediction(passage: str, claim: dict) -> dict | None:
    if claim["kind"] == "conversion":
        return None  # the sets keep a conversion on the claim it converts
    return {
        "passage": passage,
        "zone": {"normalised": claim["zone_name"], "as_written": claim["zone_text"]},
        "indicator": set_indicator(claim["indicator"]),
        "period": claim["period"],
        "period_inferred": claim["period_inferred"],
        "value": claim["value"],
        "unit": UNITS.get(claim["unit"] or "", claim["unit"]),
        "rank": claim["rank"],
        "comparator": claim["comparator"],
        "value_from": claim["value_from"],
        "period_from": claim["period_from"],
        "converted_value": claim["converted_value"],
        "text_span": claim["text"],
    }


def predictions(checker: Checker, set_dir: Path) -> tuple[list[dict], float]:
    """The set's predictions from `checker.check` on each passage body, and the time."""
    rows, elapsed = [], 0.0
    for path in sorted((set_dir / "passages").glob("*.txt")):
        body = body_of(path)
        began = time.perf_counter()
        result = checker.check(body)
        elapsed += time.perf_counter() - began
        rows.extend(r for c in result["claims"] if (r := prediction(path.name, c)))
    return rows, elapsed


def scorer_of(set_dir: Path) -> Path:
    own = set_dir / "tools" / "score.py"
    return own if own.is_file() else DEV / "tools" / "score.py"


def score(set_dir: Path, rows: list[dict], out: Path) -> dict[str, dict]:
    """Write the predictions to `out` and score them with the set's scorer, strict and
    lenient; the reports by mode ('strict', 'lenient')."""
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    reports = {}
    for mode in ([], ["--lenient"]):
        result = subprocess.run(
            [sys.executable, str(scorer_of(set_dir)), str(out), "--json", *mode],
            cwd=set_dir,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(result.stdout)
        reports[report["mode"]] = report
    return reports


def print_report(name: str, reports: dict[str, dict], n_rows: int, held_out: bool) -> None:
    print(f"# {name}: {n_rows} predicted claims" + (" (held out: aggregates only)" * held_out))
    for mode in ("lenient", "strict"):
        report = reports[mode]
        print(f"  == {mode}")
        for key in KEYS:
            r = report.get(key)
            if not r:
                continue
            print(
                f"    {key:<11} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
                f"  (gold {r['gold']}, predicted {r['pred']})"
            )
        if not held_out:
            print(f"    missed: {' '.join(report['missed_gold_ids'])}")


def scorer_module(set_dir: Path) -> ModuleType:
    """The set's scorer as a module, so that a diagnosis uses its own zone resolution,
    fact expansion and value tolerance rather than a copy of them."""
    spec = importlib.util.spec_from_file_location("set_scorer", scorer_of(set_dir))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _differences(gold: dict, pred: dict, lenient: bool) -> list[str]:
    """The fields on which a prediction of the same value misses a gold fact."""
    out = []
    if pred["zone"] != gold["zone"]:
        # a name the set's zone table cannot resolve ('?name') is a naming problem; a
        # resolved one is the wrong zone
        out.append("zone (unresolved name)" if pred["zone"].startswith("?") else "zone")
    other = lenient and (gold["ind"] or "").startswith("other:")
    if pred["ind"] != gold["ind"] and not (other and (pred["ind"] or "").startswith("other:")):
        out.append("indicator")
    inferred_null = lenient and gold["inferred"] and pred["period"] is None
    if pred["period"] != gold["period"] and not inferred_null:
        out.append("period")
    return out


def diagnose(set_dir: Path, rows: list[dict], lenient: bool = True, quiet: bool = False) -> Counter:
    """For each gold fact no prediction matches, the nearest prediction of the same
    passage, kind and value (rank number for ranks) and what differed; the count of
    each failure category. Matching is per gold fact, not one-to-one, so a fact whose
    only candidate was taken by another gold fact shows as 'taken by another fact'."""
    scorer = scorer_module(set_dir)
    zones = scorer.Zones(set_dir / "zones.json")
    gold_records = scorer.load_jsonl(set_dir / "claims.jsonl")
    gold = scorer.dedup(
        [
            fact
            for r in gold_records
            for fact in scorer.atoms(r, zones.by_name[r["zone"]["normalised"]], scorer.tier_of)
        ]
    )
    preds = scorer.dedup(
        [
            dict(fact, as_written=r["zone"]["as_written"], span=r["text_span"])
            for r in rows
            for fact in scorer.atoms(r, zones.resolve(r["passage"], r["zone"]), scorer.tier_of)
        ]
    )
    written = {(r["id"]): r for r in gold_records}
    categories: Counter = Counter()
    for g in gold:
        same_value = [
            p
            for p in preds
            if p["passage"] == g["passage"]
            and p["kind"] == g["kind"]
            and (
                p["num"] == g["num"]
                if g["kind"] == "rank"
                else scorer.close(p["num"], g["num"], 0.005)
            )
        ]
        found = sorted(
            ((_differences(g, p, lenient), p) for p in same_value), key=lambda dp: len(dp[0])
        )
        if found and not found[0][0]:
            continue  # matched (or matchable): not a miss
        gold_zone = written[g["id"]]["zone"]["as_written"]
        head = (
            f"{g['id']:<7} {g['kind']:<5} {g['num']:g} | gold {gold_zone} / {g['ind']} / "
            f"{g['period']}"
        )
        lang = written[g["id"]]["lang"]
        if not found:
            categories[f"{lang}: missing entirely"] += 1
            if not quiet:
                print(f"  {head}\n          MISSING  ({written[g['id']]['text_span'][:70]!r})")
            continue
        differs, p = found[0]
        categories[f"{lang}: " + " + ".join(differs)] += 1
        if not quiet:
            print(
                f"  {head}\n          {'+'.join(differs):<9} pred {p['as_written']} "
                f"({p['zone']}) / {p['ind']} / {p['period']}"
            )
    return categories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="a set (default: all found)")
    parser.add_argument(
        "--show",
        action="store_true",
        help="print a tuning set's predictions and missed ids (refused for held-out sets)",
    )
    parser.add_argument(
        "--diagnose",
        type=Path,
        metavar="DIR",
        help="for a tuning set: why each missed gold fact was missed (refused for held-out sets)",
    )
    parser.add_argument(
        "--categories",
        action="store_true",
        help="count the missed facts of every set by language and failure category (zone, "
        "indicator, period, never extracted): aggregates only, so held-out sets allowed",
    )
    args = parser.parse_args()
    if args.show and any(s.resolve() in HELD_OUT for s in args.set or []):
        parser.error("--show is refused for a held-out set: only its aggregate scores are printed")
    if args.diagnose is not None:
        if args.diagnose.resolve() in HELD_OUT:
            parser.error(f"{args.diagnose} is held out: only its aggregate scores may be read")
        sets = [args.diagnose]
    else:
        sets = args.set or [s for s in (DEV, VAL, OWN, HOLDOUT) if (s / "passages").is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        load_bundle(store)
        checker = Checker(store)
        for set_dir in sets:
            set_dir = set_dir.resolve()
            held_out = set_dir in HELD_OUT
            rows, elapsed = predictions(checker, set_dir)
            if args.diagnose is not None or args.categories:
                print(f"# {set_dir.name}: missed gold facts (lenient) and why")
                counts = diagnose(set_dir, rows, quiet=held_out or args.categories)
                for category, n in sorted(counts.items()):
                    print(f"    {n:>3}  {category}")
                continue
            if args.show and not held_out:
                for r in rows:
                    shown = {k: v for k, v in r.items() if v is not None}
                    print(json.dumps(shown, ensure_ascii=False))
            reports = score(set_dir, rows, Path(tmp) / f"{set_dir.name}.jsonl")
            print_report(set_dir.name, reports, len(rows), held_out)
            print(f"    ({elapsed * 1000:.0f} ms of checking)")
        store.close()


if __name__ == "__main__":
    main()
