"""Numbers as texts write them: digits with separators, English number words, Chinese
numerals (via cn2an), ordinals, and magnitudes (billion, 亿, 万).

Each number keeps the rounding its writer used (half the last written digit, in base
units), so that "160 billion" is checked as 155-165 billion and "8%" as 7.5-8.5%.
"""

from __future__ import annotations

import cn2an

EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
EN_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "thousand": 1e3}
ZH_SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}

_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
ZH_NUMERAL = rf"[{_ZH_NUMERAL_CHARS}]+"


def digits_value(text: str) -> tuple[float, float]:
    """'0.5' -> (0.5, 0.05); '27' -> (27, 0.5); '1,340,000' -> (1340000, 5000): trailing
    zeros of a whole number of 100 or more are read as rounding, as sources mean them."""
    clean = text.replace(",", "")
    value = float(clean)
    if "." in clean:
        return value, 0.5 * 10.0 ** -len(clean.split(".")[1])
    zeros = len(clean) - len(clean.rstrip("0")) if value >= 100 else 0
    return value, 0.5 * 10.0**zeros


def zh_numeral_value(text: str) -> float | None:
    """A Chinese numeral ('五', '十五', '一百二十') as a number, through cn2an."""
    if text in ("十", "百", "千", "万"):
        text = "一" + text  # 千亿元 is one thousand 亿
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
