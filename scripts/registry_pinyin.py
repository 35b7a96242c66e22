"""Regenerate src/zonemetrics/registry/pinyin_words.csv: the pinyin of every name piece
the registry's English names use, so that loading the registry needs no pypinyin start-up.

Place names are read with CC-CEDICT's phrase readings (through pypinyin-dict, a
maintainer-only dependency: `pip install -e .[maintain]`) on top of pypinyin's own, because
pypinyin alone reads many place names by the common reading of a character (长治
Zhangzhi for Changzhi, 朝阳 Zhaoyang for Chaoyang, 单县 Danxian for Shanxian).

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
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()
    target = Path(str(files("zonemetrics.registry"))) / names.PINYIN_TABLE
    if target.exists():
        target.unlink()
    build_rows({}, {})  # every piece goes through pypinyin and is noted in UNTABLED
    pieces = sorted(names.UNTABLED | set(names.romanisations()))  # ids read pinyin too
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "pinyin"])
        for text in pieces:
            writer.writerow([text, names.transliterate(text)])
    print(f"wrote {len(pieces)} pieces to {target}")


if __name__ == "__main__":
    main()
