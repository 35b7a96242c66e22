"""Regenerate src/zonemetrics/registry/pinyin_words.csv: the pinyin of every name piece
the registry's English names use, so that loading the registry needs no pypinyin start-up.

Run after the bundled catalogue or division files change:
    python scripts/registry_pinyin.py
"""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path

from zonemetrics.registry import names
from zonemetrics.registry.catalogue import build_rows


def main() -> None:
    target = Path(str(files("zonemetrics.registry"))) / names.PINYIN_TABLE
    if target.exists():
        target.unlink()
    build_rows({}, {})  # every piece goes through pypinyin and is noted in UNTABLED
    pieces = sorted(names.UNTABLED)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "pinyin"])
        for text in pieces:
            writer.writerow([text, names.transliterate(text)])
    print(f"wrote {len(pieces)} pieces to {target}")


if __name__ == "__main__":
    main()
