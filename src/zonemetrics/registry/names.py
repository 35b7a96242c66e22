"""Short forms and English forms of Chinese place and zone names.

A division's stem (宁乡 for 宁乡市, 恩施 for 恩施土家族苗族自治州) is how zone names cite
their host place, so the registry matches zones to counties by stems. English names are
built by one rule for every zone: known place stems and the remainder transliterated
to pinyin, followed by the English of the zone-type term the name ends with.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib.resources import files

# The 56 officially recognised ethnic groups, as they appear (mostly with 族) in the names
# of autonomous units (湘西土家族苗族自治州, 新疆维吾尔自治区); stripping them from before
# the 自治 word leaves the place's own name.
_ETHNIC_GROUP_TEXT = """
汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克
怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各
"""
ETHNIC_GROUPS: tuple[str, ...] = tuple(_ETHNIC_GROUP_TEXT.split())
_LONGEST_FIRST = sorted(ETHNIC_GROUPS, key=len, reverse=True)
_ETHNIC_TAIL = re.compile("(?:" + "|".join(_LONGEST_FIRST) + ")族?$")

# Level words a division name ends with, longest first, and their English.
LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("新区", "New District"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("省", "Province"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("旗", "Banner"),
    ("盟", "League"),
)

# Zone-type terms a development zone's name ends with, longest first, and their English.
ZONE_TERMS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("经济技术开发区", "Economic and Technological Development Zone"),
            ("高新技术产业开发区", "High-tech Industrial Development Zone"),
            ("高新技术产业园区", "High-tech Industrial Park"),
            ("高新技术开发区", "High-tech Development Zone"),
            ("高新区", "High-tech Zone"),
            ("综合保税区", "Comprehensive Bonded Zone"),
            ("保税港区", "Bonded Port Area"),
            ("保税物流园区", "Bonded Logistics Park"),
            ("保税区", "Bonded Zone"),
            ("出口加工区", "Export Processing Zone"),
            ("边境经济合作区", "Border Economic Cooperation Zone"),
            ("跨境经济合作区", "Cross-border Economic Cooperation Zone"),
            ("经济合作区", "Economic Cooperation Zone"),
            ("经济开发区", "Economic Development Zone"),
            ("产业转移工业园区", "Industrial Transfer Park"),
            ("工业园区", "Industrial Park"),
            ("产业园区", "Industrial Park"),
            ("工业集中区", "Industrial Concentration Zone"),
            ("产业集聚区", "Industrial Cluster Zone"),
            ("工业示范基地", "Industrial Demonstration Base"),
            ("旅游度假区", "Tourist Resort"),
            ("科技园区", "Science Park"),
            ("科技园", "Science Park"),
            ("投资区", "Investment Zone"),
            ("开发区", "Development Zone"),
            ("工业区", "Industrial Zone"),
            ("园区", "Park"),
            ("新区", "New Area"),
            ("试验区", "Pilot Zone"),
        ),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)

# Common short forms of zone-type terms (长沙高新区 for 长沙高新技术产业开发区), used as
# extra aliases where the short name is unambiguous.
SHORT_TERMS: tuple[tuple[str, str], ...] = (
    ("高新技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("综合保税区", "综保区"),
)

MIN_STEM = 2  # a stem of one character (城 of 城区) names no place


@cache
def stem(name: str) -> str:
    """A division's name without its level word and ethnic groups: 宁乡市 -> 宁乡,
    恩施土家族苗族自治州 -> 恩施, 内蒙古自治区 -> 内蒙古; the name itself when the stem
    would be shorter than two characters (城区, 郊区)."""
    for word, _ in LEVEL_WORDS:
        if name.endswith(word):
            short = name.removesuffix(word)
            while word.startswith("自治") and (found := _ETHNIC_TAIL.search(short)):
                if found.start() < MIN_STEM:  # 内蒙古: 蒙古 is the place's own name here
                    break
                short = short[: found.start()]
            return short if len(short) >= MIN_STEM else name
    return name


def level_word(name: str) -> tuple[str, str] | None:
    for word, english in LEVEL_WORDS:
        if name.endswith(word):
            return word, english
    return None


PINYIN_TABLE = "pinyin_words.csv"
ROMANISATION_TABLE = "place_romanisations.csv"


@cache
def _pinyin_table() -> dict[str, str]:
    """Pinyin of every place and name piece the bundled catalogue needs, computed once by
    `scripts/registry_pinyin.py` with pypinyin: loading the registry then needs no
    phrase dictionary (pypinyin's start-up is slower than the whole load)."""
    path = files("zonemetrics.registry") / PINYIN_TABLE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["text"]: row["pinyin"] for row in csv.DictReader(handle)}


@cache
def romanisations() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Places whose official or conventional roman name is not the Hanyu Pinyin of their
    characters (乌鲁木齐 Ürümqi, 陕西 Shaanxi, 内蒙古 Inner Mongolia): name piece ->
    (English, other spellings English texts use). Each row cites its source."""
    path = files("zonemetrics.registry") / ROMANISATION_TABLE
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["text"]: (row["english"], tuple(v for v in row["variants"].split(";") if v))
            for row in csv.DictReader(handle)
        }


@cache
def pinyin_word(text: str) -> str:
    """One capitalised roman word for a run of Chinese characters (长沙 -> Changsha, 西安 ->
    Xi'an, 乌鲁木齐 -> Ürümqi); ascii letters and digits are kept as written."""
    if not text:
        return ""
    romanised = romanisations().get(text)
    if romanised is not None:
        return romanised[0]
    known = _pinyin_table().get(text)
    if known is None:
        UNTABLED.add(text)
        known = transliterate(text)
    return known


#: pieces read with pypinyin because the table lacked them (the script adds them)
UNTABLED: set[str] = set()

_HAN_RUN = re.compile(r"([\u3400-\u9fff]+)")


def orthographic(syllables: list[str]) -> str:
    """Pinyin syllables written as one word by the Hanyu Pinyin orthography rules (GB/T
    16159): a syllable starting with a, o or e after another takes an apostrophe, so
    that 西安 reads Xi'an and not xian (先), 六安 Lu'an; ü keeps its diaeresis (吕梁
    Lüliang)."""
    word = ""
    for syllable in syllables:
        syllable = re.sub(r"[^a-zü]", "", syllable.lower())
        if word and syllable[:1] in ("a", "o", "e"):
            word += "'"
        word += syllable
    return word


def transliterate(text: str) -> str:
    """pypinyin's reading of a text (phrases read as phrases: 长沙 chang, 重庆 chong) in
    pinyin orthography; letters and digits in the text are kept."""
    from pypinyin import lazy_pinyin

    pieces = []
    for i, part in enumerate(_HAN_RUN.split(text)):
        if i % 2:
            pieces.append(orthographic(lazy_pinyin(part, v_to_u=True)))
        else:
            pieces.append(re.sub(r"[^0-9A-Za-z]", "", part))
    joined = "".join(pieces)
    return joined[:1].upper() + joined[1:]


def ascii_spellings(english: str) -> set[str]:
    """The spellings of a roman place name in texts that drop the diacritic and the
    syllable apostrophe (Ürümqi -> Urumqi; Lüliang -> Luliang, Lvliang; Xi'an -> Xian)."""
    out = {english}
    # ü becomes u anywhere, and v where pinyin input methods type it (lü, nü)
    for folded in (
        english.replace("ü", "u").replace("Ü", "U"),
        re.sub(r"(?<=[lnLN])ü", "v", english).replace("ü", "u").replace("Ü", "U"),
    ):
        out |= {folded, folded.replace("'", "\u2019"), folded.replace("'", "")}
    return out


def id_slug(text: str) -> str:
    """A lower-case ascii id word from Chinese characters (湖南 -> hunan): pinyin without
    apostrophes or diaeresis (ü as v), whatever the place's English name, so that ids stay
    the same when an English spelling is corrected."""
    table = _pinyin_table().get(text)
    word = table if table is not None else transliterate(text)
    return re.sub(r"[^a-z0-9]", "", word.lower().replace("ü", "v"))


def division_name_en(name: str) -> str:
    """宁乡市 -> Ningxiang City; 湘西土家族苗族自治州 -> Xiangxi Autonomous Prefecture."""
    level = level_word(name)
    base = stem(name)
    if level is None or base == name:
        return pinyin_word(name)
    return f"{pinyin_word(base)} {level[1]}"


@cache
def _longest(stems: frozenset[str]) -> int:
    return max(map(len, stems), default=0)


def split_places(text: str, stems: frozenset[str]) -> list[str]:
    """Cut the leading place stems off a name, the longest stem first at each step:
    湖南宁乡 -> [湖南, 宁乡]; the rest stays one piece."""
    longest = _longest(stems)
    pieces: list[str] = []
    rest = text
    while rest:
        size = next((n for n in range(min(longest, len(rest)), 0, -1) if rest[:n] in stems), 0)
        if not size:
            pieces.append(rest)
            break
        pieces.append(rest[:size])
        rest = rest[size:]
    return pieces


def zone_name_en(name: str, place_stems: frozenset[str]) -> str:
    """长沙高新技术产业开发区 -> Changsha High-tech Industrial Development Zone: the place
    stems it starts with in pinyin, the zone-type term it ends with in English."""
    term = next(((zh, en) for zh, en in ZONE_TERMS if name.endswith(zh)), None)
    head = name.removesuffix(term[0]) if term else name
    words = [pinyin_word(piece) for piece in split_places(head, place_stems)]
    if term:
        words.append(term[1])
    return " ".join(w for w in words if w)


def short_forms(name: str) -> list[str]:
    """Commonly used short forms of a zone name: 长沙高新技术产业开发区 -> 长沙高新区."""
    return [
        name.removesuffix(long) + short
        for long, short in SHORT_TERMS
        if name.endswith(long) and len(name) > len(long)
    ]
