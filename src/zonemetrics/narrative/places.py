"""Places beyond the ledger's zones, for the text reader's gazetteer.

A figure about a high-tech zone, a free trade zone's 片区, a district or a city beside
the new area must be attributed to that place, not to the new area the text is about.
Three sources of names, all general:

- the bundled 2018 development-zone catalogue (2,543 zones), with the short forms texts
  write by rule (X高新技术产业开发区 -> X高新区, X经济技术开发区 -> X经开区, a leading
  province or city name dropped);
- the bundled 2023 division codes: provinces, cities and districts, with their short
  forms by stripping the administrative suffix (湖南省 -> 湖南, 长沙市 -> 长沙), and the
  pinyin form of provinces and cities for English texts (长沙 -> Changsha);
- patterns for zones no list holds: a name followed by a zone word (X片区, X自贸区,
  X科创区, X产业园; "X Hi-tech Zone", "X Free Trade Zone", "X District").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

#: kinds that contain zones: named in passing, they do not take a figure from the subject
CONTAINER_KINDS = ("country", "region", "province", "city", "district", "county")
#: a class of zones taken together (国家高新区, "pilot FTZs"): a subject of its own when
#: it states the class's totals, a peer set when a zone is ranked within it
AGGREGATE_KINDS = (
    "national_high_tech_zone_aggregate",
    "national_etdz_aggregate",
    "pilot_free_trade_zone_aggregate",
    "state_level_new_area_aggregate",
)


@dataclass(frozen=True)
class NamedPlace:
    name: str  # canonical (the full Chinese or English name)
    kind: str


def _rows(name: str) -> list[dict[str, str]]:
    text = files("zonemetrics.data.catalogue").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


#: the administrative suffix a province, city or district drops in running text
_PROVINCE_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$")
_CITY_SUFFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,6}族)*自治[州县]$|地区$|盟$|市$")
_COUNTY_SUFFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,6}族)*自治县$|新区$|区$|县$|市$|旗$")
#: catalogue zone types and the short form texts write for each (the type word replaced)
_ZONE_SHORT = (
    ("高新技术产业开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("工业园区", "工业园"),
)
_ZONE_KIND = {
    "高新技术产业开发区": "national_high_tech_zone",
    "经济技术开发区": "national_etdz",
    "海关特殊监管区域": "bonded_zone",
}
#: names too generic to stand for one place when shortened
_TOO_SHORT = 2


def _short(name: str, suffix: re.Pattern[str]) -> str | None:
    short = suffix.sub("", name)
    return short if short != name and len(short) >= _TOO_SHORT else None


@lru_cache(maxsize=1)
def chinese_places() -> dict[str, NamedPlace]:
    """Surface form -> place, for every catalogue zone and division (short forms by rule);
    where two places share a short form the first listed (province, city, national zone)
    keeps it."""
    out: dict[str, NamedPlace] = {}

    def add(form: str | None, place: NamedPlace) -> None:
        if form and len(form) >= _TOO_SHORT:
            out.setdefault(form, place)

    provinces = _rows("divisions_2023_provinces.csv")
    cities = _rows("divisions_2023_cities.csv")
    prefixes = []
    for row in provinces:
        place = NamedPlace(row["name"], "province")
        add(row["name"], place)
        add(_short(row["name"], _PROVINCE_SUFFIX), place)
        prefixes.append(row["name"])
        prefixes.append(_short(row["name"], _PROVINCE_SUFFIX) or row["name"])
    for row in cities:
        if "直辖" in row["name"] or row["name"] in ("市辖区", "县"):
            continue
        place = NamedPlace(row["name"], "city")
        add(row["name"], place)
        add(_short(row["name"], _CITY_SUFFIX), place)
        prefixes.append(row["name"])
        prefixes.append(_short(row["name"], _CITY_SUFFIX) or row["name"])
    for row in _rows("zones_catalogue_2018.csv"):
        kind = _ZONE_KIND.get(row["zone_type"], "development_zone")
        place = NamedPlace(row["name"], kind)
        forms = {row["name"]}
        for long, short in _ZONE_SHORT:
            if row["name"].endswith(long):
                forms.add(row["name"][: -len(long)] + short)
        for form in list(forms):
            for prefix in prefixes:
                rest = form.removeprefix(prefix)
                if rest != form and len(rest) >= 4:
                    forms.add(rest)
        for form in sorted(forms, key=len, reverse=True):
            add(form, place)
    for row in _rows("divisions_2023_counties.csv"):
        if len(row["name"]) < 3 or re.search(r"开发区|园区|高新|管理区|示范区", row["name"]):
            continue  # NBS functional-area codes name zones, which the catalogue holds
        add(row["name"], NamedPlace(row["name"], "district"))
    return out


@lru_cache(maxsize=1)
def english_places() -> dict[str, NamedPlace]:
    """Roman names of provinces and cities as English texts write them (Hunan, Changsha,
    Xi'an or Xian, Ürümqi or Urumqi, Shaanxi), from the registry's pinyin table and its
    official romanisations; a name shared by two places keeps the first (province, then
    city)."""
    from zonemetrics.registry.names import ascii_spellings, pinyin_word, romanisations

    out: dict[str, NamedPlace] = {}
    for file, kind, suffix in (
        ("divisions_2023_provinces.csv", "province", _PROVINCE_SUFFIX),
        ("divisions_2023_cities.csv", "city", _CITY_SUFFIX),
    ):
        for row in _rows(file):
            short = _short(row["name"], suffix)
            if short is None or "直辖" in row["name"] or len(short) > 4:
                continue
            place = NamedPlace(row["name"], kind)
            english = pinyin_word(short)
            spellings = ascii_spellings(english)
            for variant in romanisations().get(short, ("", ()))[1]:
                spellings |= ascii_spellings(variant)
            for spelling in sorted(spellings, key=lambda s: s != english):
                out.setdefault(spelling, place)
    return out


_HAN = r"\u4e00-\u9fff"
#: words that end a zone's name in Chinese, with the kind of zone they make
ZH_ZONE_WORDS = (
    ("自由贸易试验区", "pilot_free_trade_zone"),
    ("自贸试验区", "pilot_free_trade_zone"),
    ("自贸区", "pilot_free_trade_zone"),
    ("片区", "sub_area"),
    ("直管区", "sub_area"),
    ("核心区", "sub_area"),
    ("高新区", "national_high_tech_zone"),
    ("经开区", "national_etdz"),
    ("开发区", "development_zone"),
    ("综合保税区", "bonded_zone"),
    ("保税区", "bonded_zone"),
    ("科创区", "sub_area"),
    ("科技城", "sub_area"),
    ("新城", "sub_area"),
    ("产业园", "park"),
    ("科技园", "park"),
    ("工业园", "park"),
    ("园区", "park"),
    ("机场", "sub_area"),
    ("港区", "sub_area"),
)
#: characters that cannot be part of a place's name: particles, verbs and conjunctions
#: that stand right before one ("在西咸新区", "与长沙高新区")
_NOT_NAME = set(
    "的在和与及是为将对了由从至等其中全该各有以把被向于共同我本这那并或而就都也还又已入驻到家个项名批座"
)
#: how common a word must be in jieba's dictionary to count as a function word
_COMMON = 50
#: parts of speech that cannot be part of a place name: verbs, prepositions,
#: conjunctions, adverbs, particles, time words (目前, 今年) (jieba's tags)
_FUNCTION_TAGS = ("v", "p", "c", "d", "u", "t")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Common two- and three-character verbs, prepositions, conjunctions and adverbs
    from jieba's shipped dictionary (推动, 打造, 依托, 位于): a zone's name never runs
    left across one (推动临港片区 names 临港片区)."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    zone_words = "".join(w for w, _ in ZH_ZONE_WORDS)
    words = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, tag = line.split()
            if (
                tag.startswith(_FUNCTION_TAGS)
                and 2 <= len(word) <= 3
                and int(freq) >= _COMMON
                and word not in zone_words
            ):
                words.add(word)
    return frozenset(words)


_ZH_ZONE_WORD = re.compile("|".join(w for w, _ in ZH_ZONE_WORDS))


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    """Common two- and three-character verbs and prepositions from jieba's dictionary
    (推进, 依托, 支持, 根据): what stands before a clause's object, not its subject (time
    words and adverbs such as 目前 come before subjects too, so they are left out)."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    words = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, tag = line.split()
            if tag in ("v", "vn", "p") and 2 <= len(word) <= 3 and int(freq) >= _COMMON:
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Province and city names, full and short (北京市, 北京), for where a zone's name
    begins."""
    return frozenset(
        form for form, place in chinese_places().items() if place.kind in ("province", "city")
    )


def _division_start(text: str, start: int, end: int) -> int:
    """The last position in text[start:end] where a province or city name begins (the
    place a zone is named after comes right before its own words: 吉林省长春市长春高新区
    -> 长春高新区), else `start`."""
    names = division_names()
    for at in range(end - 2, start - 1, -1):
        if any(text[at : at + k] in names for k in (2, 3, 4)):
            return at
    return start


#: a class of zones named with the nation (国家高新区, 国家级经开区, 全国自贸试验区): the
#: zones taken together, with the English name texts give the class
_ZH_AGGREGATE = re.compile(
    r"(?:国家级?|全国)(?P<word>高新区|高新技术产业开发区|经开区|经济技术开发区|自贸试验区"
    r"|自由贸易试验区|新区)"
)
_AGGREGATE_OF_WORD = {
    "高新区": ("national high-tech zones", "national_high_tech_zone_aggregate"),
    "高新技术产业开发区": ("national high-tech zones", "national_high_tech_zone_aggregate"),
    "经开区": ("national ETDZs", "national_etdz_aggregate"),
    "经济技术开发区": ("national ETDZs", "national_etdz_aggregate"),
    "自贸试验区": ("pilot free trade zones", "pilot_free_trade_zone_aggregate"),
    "自由贸易试验区": ("pilot free trade zones", "pilot_free_trade_zone_aggregate"),
    "新区": ("state-level new areas", "state_level_new_area_aggregate"),
}
_EN_AGGREGATE = re.compile(
    r"\b(?:(?:China's|China’s|the)\s+)?(?:(?:national|state-level|pilot)\s+)?"
    r"(?P<word>high-tech(?:\s+industrial)?(?:\s+development)?\s+zones|FTZs|free\s+trade\s+zones"
    r"|(?:economic\s+and\s+technological|economic)\s+development\s+zones|ETDZs)\b"
    r"|\bstate-level\s+(?P<new>new\s+areas)\b",
    re.IGNORECASE,
)
_EN_AGGREGATE_OF_WORD = (
    ("high-tech", "national high-tech zones", "national_high_tech_zone_aggregate"),
    ("ftz", "pilot free trade zones", "pilot_free_trade_zone_aggregate"),
    ("free", "pilot free trade zones", "pilot_free_trade_zone_aggregate"),
    ("economic", "national ETDZs", "national_etdz_aggregate"),
    ("etdz", "national ETDZs", "national_etdz_aggregate"),
    ("new", "state-level new areas", "state_level_new_area_aggregate"),
)
#: a pilot free trade zone's official name, the province in brackets (中国(上海)自由贸易
#: 试验区), and its area named after it (…厦门片区)
_ZH_FTZ_OFFICIAL = re.compile(
    rf"中国[(（][{_HAN}]{{2,3}}[)）](?:自由贸易试验区|自贸试验区)(?:[{_HAN}]{{2,4}}片区)?"
)


def aggregate_names(text: str) -> list[tuple[int, int, NamedPlace]]:
    """Classes of zones named as a whole: 国家高新区, 全国经开区, "national high-tech
    zones", "the FTZs", "pilot free trade zones" (a plural with no single zone's name)."""
    out = []
    for m in _ZH_AGGREGATE.finditer(text):
        name, kind = _AGGREGATE_OF_WORD[m["word"]]
        out.append((m.start(), m.end(), NamedPlace(name, kind)))
    for m in _EN_AGGREGATE.finditer(text):
        word = (m["word"] or m["new"]).casefold()
        name, kind = next((n, k) for w, n, k in _EN_AGGREGATE_OF_WORD if word.startswith(w))
        out.append((m.start(), m.end(), NamedPlace(name, kind)))
    for m in _ZH_FTZ_OFFICIAL.finditer(text):
        kind = "sub_area" if m.group(0).endswith("片区") else "pilot_free_trade_zone"
        out.append((m.start(), m.end(), NamedPlace(m.group(0), kind)))
    return out


#: the regions of China that statistics group provinces into (东部地区, "western China"):
#: a figure counted over a region is the region's
_REGIONS = (
    (r"东部地区|\b(?:eastern|east) China\b", "eastern China"),
    (r"中部地区|\bcentral China\b", "central China"),
    (r"西部地区|\b(?:western|west) China\b", "western China"),
    (r"东北地区|\b(?:northeastern|northeast) China\b", "northeastern China"),
)


def region_names(text: str) -> list[tuple[int, int, NamedPlace]]:
    """China's statistical regions named in a text (东部地区, "eastern China")."""
    return [
        (m.start(), m.end(), NamedPlace(name, "region"))
        for pattern, name in _REGIONS
        for m in re.finditer(pattern, text, re.IGNORECASE)
    ]


#: the longest a zone's own name runs before its zone word
_NAME_CHARS = 8


_EN_ZONE_WORDS = (
    (r"Hi-?[Tt]ech(?:\s+Industrial)?(?:\s+Development)?\s+Zone", "national_high_tech_zone"),
    (r"High-[Tt]ech(?:\s+Industrial)?(?:\s+Development)?\s+Zone", "national_high_tech_zone"),
    (r"Economic(?:\s+and|\s+&)\s+Technological\s+Development\s+Zone", "national_etdz"),
    # the hyphenated official form and its abbreviation ("Tianjin Economic-Technological
    # Development Area", "the Wuhan ETDZ")
    (r"Economic-Technological\s+Development\s+(?:Zone|Area)|ETDZ", "national_etdz"),
    (r"(?:Economic\s+)?Development\s+Zone", "development_zone"),
    (r"(?:Pilot\s+)?Free\s+Trade\s+(?:Zone|Area|Port)", "pilot_free_trade_zone"),
    (r"(?:Pilot\s+)?FTZ", "pilot_free_trade_zone"),
    (r"Industrial\s+Zone", "park"),
    (r"(?:Comprehensive\s+)?Bonded\s+Zone", "bonded_zone"),
    (r"(?:Industrial|Science|Sci-[Tt]ech|Technology|Software)(?:\s+\w+)?\s+(?:Park|City)", "park"),
    (r"(?:Sci-[Tt]ech|Innovation)(?:\s+\w+)?\s+Zone", "sub_area"),
    (r"New\s+(?:District|Zone|City)", "new_area"),
    (r"Area", "sub_area"),
    (r"District", "district"),
    (r"County", "district"),
    (r"Province", "province"),
    (r"City", "city"),
)
_EN_ZONE = re.compile(
    r"\b(?P<name>(?:(?!(?:The|In|At|Of|And|Its|Their|This|That|These|Our|Each|Every|A|An)\b)"
    r"[A-Z][\w'’-]*\s+){1,4})"
    rf"(?P<word>{'|'.join(f'(?:{p})' for p, _ in _EN_ZONE_WORDS)})\b"
)


def zh_zone_names(
    text: str, taken: list[tuple[int, int]] = ()
) -> list[tuple[int, int, NamedPlace]]:
    """Zones named by a name and a zone word (金湾科创区, 长沙片区, 湖南自贸区): the name
    runs left from the zone word until a character that cannot be part of a name, or the
    end of a name already found (`taken`: 西咸新区 in 西咸新区空港新城)."""
    out = []
    ends = {end for _, end in taken} | {m.end() for m in _ZH_ZONE_WORD.finditer(text)}
    verbs = function_words() if _ZH_ZONE_WORD.search(text) else frozenset()
    starts_of = {end: start for start, end in taken}
    named_ends = {end for _, end in taken}
    for m in _ZH_ZONE_WORD.finditer(text):
        if m.end() in named_ends:
            continue  # a name already found ends with this zone word (长春高新区)
        kind = next(k for w, k in ZH_ZONE_WORDS if w == m.group(0))
        start = m.start()
        while (
            m.start() - start < _NAME_CHARS
            and start > 0
            and start not in ends
            and re.match(f"[{_HAN}]", text[start - 1])
            and text[start - 1] not in _NOT_NAME
            and not any(text[max(0, start - k) : start] in verbs for k in (2, 3))
        ):
            start -= 1
        # a zone's name begins at the province or city it is named after (北京自由贸易
        # 试验区 in 自北京自由贸易试验区, 上海… in 2013年上海…): a word before that is not
        # part of the name
        start = _division_start(text, start, m.start())
        if m.start() - start < 2 and m.start() in starts_of:
            # a part of a zone named right after it (天府新区直管区, 自贸区长沙片区)
            start = starts_of[m.start()]
        elif m.start() - start < 2 and m.group(0) != "机场":
            continue  # a zone word alone (园区, 片区) is a reference, not a name
        out.append((start, m.end(), NamedPlace(text[start : m.end()], kind)))
    return out


#: a free trade zone's area named with its zone ("the Xiamen Area of the China (Fujian)
#: Pilot Free Trade Zone"): the area is the place, the zone its locator
_FTZ_AREA = re.compile(
    r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+Area\s+of\s+the\s+[^.,;]{0,40}?Free\s+Trade\s+(?:Zone|Port)"
)


_OF_KINDS = ("national_high_tech_zone", "national_etdz", "development_zone")
#: a zone named by its zone word and the place it is named after, in the English order
#: ("the Development Zone of Tianjin", "the Economic and Technological Development Zone
#: of Kunshan"): capitalised zone word, "of", one or two capitalised place words
_EN_ZONE_OF = re.compile(
    rf"\b(?P<word>{'|'.join(f'(?:{p})' for p, k in _EN_ZONE_WORDS if k in _OF_KINDS)})"
    r"\s+of\s+(?P<name>(?!The\b|China\b)[A-Z][\w'-]*(?:\s+(?!The\b)[A-Z][\w'-]*)?)"
)


def en_zone_names(text: str) -> list[tuple[int, int, NamedPlace]]:
    """Zones named by capitalised words and a zone word ("Changsha Hi-tech Zone",
    "Hunan Pilot Free Trade Zone", "Yuelu District"), or by a zone word and "of" a place
    ("the Development Zone of Tianjin")."""
    out = [
        (m.start(), m.end(), NamedPlace(m.group(0), "sub_area")) for m in _FTZ_AREA.finditer(text)
    ]
    for m in _EN_ZONE_OF.finditer(text):
        kind = next(k for p, k in _EN_ZONE_WORDS if re.fullmatch(p, m["word"]))
        out.append((m.start(), m.end(), NamedPlace(m.group(0), kind)))
    for m in _EN_ZONE.finditer(text):
        word = m["word"]
        # the kind is that of the longest zone word the name ends with: "Hangzhou Bay
        # New District" is a new area, not a district, though its name ends in District
        kind = next(k for p, k in _EN_ZONE_WORDS if re.search(rf"\b(?:{p})$", m.group(0)))
        qualified = r"(?:Core|Pilot|Demonstration|Direct|Economic-Technological Development)\s*$"
        if word == "Area" and not re.search(qualified, m["name"]):
            continue  # "New Area" names are the ledger's; other "X Area" only when qualified
        # a possessive before the name is its locator ("Beijing's Zhongguancun Science Park")
        lead = re.match(r"(?:[A-Z][\w-]*(?:'s|’s)\s+)+", m.group(0))
        start = m.start() + (lead.end() if lead else 0)
        out.append((start, m.end(), NamedPlace(text[start : m.end()].strip(), kind)))
    return out
