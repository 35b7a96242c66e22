"""Harvesting: the figures a text states become candidate observations for review.

The claim grammar that checks a text also reads it for the ledger: every claim with a
zone, an indicator and a value becomes a candidate sourced to that text, with the
sentence it came from, written in the ingest format's own words (the number and unit
as the text wrote them) so that an accepted candidate goes through exactly the
validation an ingested row does. Nothing enters the ledger before `candidates accept`.

A text comes from a file, a folder of files or a web page; each text is one source.
When the user does not describe the source, it is made from what the text says about
itself (a page's title, address and publication date; a file's name).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.candidates import Candidate, insert_candidates
from zonemetrics.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch_page
from zonemetrics.ingest.load import load_context, write_validated
from zonemetrics.ingest.texts import (
    READABLE_SUFFIXES,
    Document,
    document_from_bytes,
    read_document,
)
from zonemetrics.ingest.units import parse_unit
from zonemetrics.ingest.validate import Validated, validate_sources
from zonemetrics.ingest.values import parse_value
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.extract import Extractor
from zonemetrics.narrative.gazetteer import Gazetteer
from zonemetrics.narrative.timeframe import TextInfo, split_header
from zonemetrics.store.connection import Store

_PREFIX = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "about": "约", "first_time_above": ">"}
_NUMBER_AND_UNIT = re.compile(r"^\s*(?P<number>[\d.,]+\s*(?:万亿|亿|万|千)?)\s*(?P<unit>.*?)\s*$")


@dataclass
class SourceMeta:
    """What the user says about the text's source (all optional but the tier)."""

    source_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    tier: str = "repost"
    accessed: str | None = None  # YYYY-MM-DD a page was fetched


#: the options that describe one text, which a folder of several texts cannot share
ONE_TEXT_OPTIONS = {"source_id": "--source", "title": "--title", "url": "--source-url"}


@dataclass
class HarvestReport:
    source_id: str
    claims: int
    added: int
    already_recorded: int
    skipped: list[dict[str, Any]] = field(default_factory=list)
    origin: str | None = None  # the file or URL the text came from
    from_cache: bool | None = None  # for a URL: read from today's cache


def _as_written(claim: Claim, text: str | None) -> tuple[str, str] | None:
    """Split the text's own wording ('4500亿元', '1.53 trillion yuan', '5.2%') into the
    ingest format's value and unit, keeping the writer's rounding; None if the
    wording does not parse to the same number."""
    if not text:
        return None
    dollars = text.lstrip().startswith(("$", "US$", "USD "))
    match = _NUMBER_AND_UNIT.match(re.sub(r"^\s*(?:US\$|\$|USD\s)", "", text))
    if not match:
        return None
    number, unit_text = match.group("number").strip(), match.group("unit").strip()
    if dollars:  # '$22.22 billion' is written 22.22 'billion dollars'
        unit_text = f"{unit_text} dollars".strip() if unit_text else "USD"
    if not unit_text and claim.unit in ("count", "%", "persons"):
        unit_text = claim.unit  # '27 firms', '550,000 residents': the noun was counted
    unit = parse_unit(unit_text)
    value = parse_value(number)
    if unit is None or value is None:
        return None
    return number, unit_text


def _value_cells(claim: Claim, value: float | None, text: str | None) -> tuple[str, str]:
    """The candidate's value and unit cells: as written where they parse back to the
    same number, else the base value in the base unit (the note says so)."""
    prefix = _PREFIX.get(claim.comparator, "")
    written = _as_written(claim, text)
    if written is not None:
        number, unit_text = written
        unit = parse_unit(unit_text)
        parsed = parse_value(number)
        if value is not None and abs(parsed.value * unit.multiplier - value) <= max(
            1e-9 * abs(value), 1e-9
        ):
            return prefix + number, unit_text
    unit_text = {"%": "%"}.get(claim.unit or "", claim.unit or "")
    return prefix + repr(value), unit_text


def ledger_indicator(claim: Claim, known_indicators: set[str]) -> str:
    """The ledger's code for a claim's indicator: the claim vocabulary's `population`
    is the ledger's `resident_population` when the words before the figure speak of
    residents (常住) and not of registered people (户籍), and an open-vocabulary
    `other:x` is `x` when the ledger knows it."""
    indicator = claim.indicator or ""
    if indicator == "population" and claim.extra.get("population_kind") == "resident":
        indicator = "resident_population"
    plain = indicator.removeprefix("other:")
    return plain if plain in known_indicators else indicator


def claim_candidates(claim: Claim, known_indicators: set[str]) -> list[Candidate]:
    """The candidates one claim gives (a change 'from X to Y' gives two), or none."""
    if claim.modality != "actual" or claim.zone is None or claim.indicator is None:
        return []
    base = {
        "sentence": claim.text.strip(),
        "zone_text": claim.zone_text,
        "zone": claim.zone,
        "indicator": ledger_indicator(claim, known_indicators),
        "caliber": claim.extra.get("definition") or claim.extra.get("boundary") or "unstated",
    }
    if claim.rank is not None:
        return [
            Candidate(
                **base,
                period=claim.period,
                value_text=str(claim.rank),
                unit_text="rank",
                measure="rank",
                peer_set=claim.peer_set,
            )
        ]
    if claim.value is None:
        return []
    out = []
    if claim.comparator == "from_to" and claim.value_from is not None:
        claim = replace(claim, comparator="=")
        value, unit = _value_cells(claim, claim.value_from, claim.extra.get("value_from_text"))
        out.append(
            Candidate(
                **base,
                period=claim.period_from,
                value_text=value,
                unit_text=unit,
                note="start of a change the text states",
            )
        )
    value, unit = _value_cells(claim, claim.value, claim.extra.get("value_text"))
    out.append(Candidate(**base, period=claim.period, value_text=value, unit_text=unit))
    return out


def auto_source_id(text: str) -> str:
    """A source id for a text the user did not name: the same text, the same id."""
    return "harvest-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _source_record(store: Store, meta: SourceMeta, text: str, info: TextInfo) -> Validated:
    """The text's source, validated like an ingested one (not written yet); an existing
    source named by id alone validates to nothing to write."""
    source_id = meta.source_id or auto_source_id(text)
    context = load_context(store)
    if source_id in context.sources and meta.source_id and not (meta.title or meta.publisher):
        return Validated(skipped=1, keys_by_row={1: source_id})
    if source_id in context.sources and not meta.source_id:
        # the same text harvested again (another day, another copy): the same source
        return Validated(skipped=1, keys_by_row={1: source_id})
    row = {
        "source_id": source_id,
        "title": meta.title or info.title or f"text harvested as {source_id}",
        "producer": meta.publisher or "unknown publisher",
        "url": meta.url or info.url or "",
        "published": meta.published or (info.date or ""),
        "accessed": meta.accessed or "",
        "tier": meta.tier,
    }
    validated = validate_sources(f"harvest source {source_id}", [(1, row)], context)
    if validated.problems:
        raise IngestError(validated.problems)
    validated.keys_by_row[1] = source_id
    return validated


def harvest_text(
    store: Store,
    text: str,
    meta: SourceMeta,
    *,
    date: str | None = None,
    extractor: Extractor | None = None,
) -> HarvestReport:
    """Read a text's claims into pending candidates sourced to it.

    The text is read first; a new source and its candidates are then written in one
    transaction, so a failure leaves no stray source behind.
    """
    header, body = split_header(text)
    info = TextInfo(
        header.url or meta.url, header.title or meta.title, date or header.date or meta.published
    )
    source = _source_record(store, meta, text, info)
    source_id = source.keys_by_row[1]
    if info.date is None:  # "last year" is read from the source's publication date
        published = store.sql("SELECT published FROM sources WHERE source_id = ?", [source_id])
        info = TextInfo(info.url, info.title, published[0][0] if published else None)
    extractor = extractor or Extractor(Gazetteer.from_store(store))
    claims = extractor.extract(body, info)
    known = {row[0] for row in store.sql("SELECT code FROM indicators")}
    candidates, skipped = [], []
    for claim in claims:
        found = claim_candidates(claim, known)
        if not found:
            why = (
                "a target, not an observation"
                if claim.modality != "actual"
                else ("no zone or indicator")
            )
            skipped.append({"text": claim.text.strip(), "why": why})
        candidates += found
    counts: list[tuple[int, int]] = []
    write_validated(
        store,
        "sources",
        source,
        f"harvest source {source_id}",
        hashlib.sha256(text.encode()).hexdigest(),
        1,
        also=lambda _ingest: counts.append(insert_candidates(store, source_id, candidates)),
    )
    added, already = counts[0]
    return HarvestReport(source_id, len(claims), added, already, skipped)


def harvest_file(
    store: Store, path: str | Path, meta: SourceMeta, *, date: str | None = None
) -> HarvestReport:
    """Harvest a .txt, .html or .pdf file (an HTML file's title and date describe it
    where the user does not)."""
    document = read_document(path)
    if not _names_existing_source(store, meta):
        meta = _described(meta, document)
    report = harvest_text(store, document.text, meta, date=date)
    report.origin = str(path)
    return report


def _names_existing_source(store: Store, meta: SourceMeta) -> bool:
    """Whether the user named a source the ledger holds: then the text is filed under it
    as it is, never described afresh (sources are never overwritten)."""
    if not meta.source_id:
        return False
    return bool(store.sql("SELECT 1 FROM sources WHERE source_id = ?", [meta.source_id]))


def _described(meta: SourceMeta, document: Document, *, name: str | None = None) -> SourceMeta:
    """The user's description of a source, completed from the text's own title and
    date (and, for a file in a folder, its name as the last resort for a title)."""
    return replace(
        meta,
        title=meta.title or document.title or name,
        published=meta.published or document.published,
    )


def _site(url: str) -> str:
    """A page's publisher when the user names none: the site that published it."""
    return urlsplit(url).hostname or url


def harvest_url(
    store: Store,
    url: str,
    meta: SourceMeta,
    *,
    date: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_cache: bool = True,
) -> HarvestReport:
    """Fetch a web page and harvest it; its source is made from the page's title, final
    address, publication date and site, with the day it was fetched as the access date.
    A page that cannot be fetched or read writes nothing."""
    page = fetch_page(url, timeout=timeout, max_bytes=max_bytes, use_cache=use_cache)
    document = document_from_bytes(url, page.body, page.kind, page.charset)
    if not _names_existing_source(store, meta):
        meta = replace(
            _described(meta, document),
            url=meta.url or page.final_url,
            publisher=meta.publisher or _site(page.final_url),
            accessed=page.fetched_on,
        )
    report = harvest_text(store, document.text, meta, date=date)
    report.origin, report.from_cache = url, page.from_cache
    return report


def texts_in_folder(folder: Path) -> list[Path]:
    """The files of a folder the text reader handles, in name order (not recursive:
    a folder is a batch the user put together, subfolders are theirs to name)."""
    if not folder.is_dir():
        raise ZonemetricsError(f"{folder}: not a folder")
    found = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
    )
    if not found:
        raise ZonemetricsError(f"{folder}: no .txt, .html or .pdf files to harvest")
    return found


def harvest_folder(
    store: Store,
    folder: str | Path,
    meta: SourceMeta,
    *,
    date: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[HarvestReport]:
    """Harvest every text in a folder, one source per file.

    Every file is read and every source validated before anything is written, so an
    unreadable file or a bad description stops the batch with nothing written. The
    same text twice (a copy under another name) is harvested once.
    """
    given = [flag for name, flag in ONE_TEXT_OPTIONS.items() if getattr(meta, name)]
    if given:
        raise ZonemetricsError(
            f"{folder}: {', '.join(given)} describe one text, and a folder gives one source "
            "per file; leave them out (each file's own title and date are used)"
        )
    paths = texts_in_folder(Path(folder))
    batch: dict[str, tuple[Path, Document, SourceMeta]] = {}
    for path in paths:
        document = read_document(path)
        described = _described(meta, document, name=path.name)
        info = TextInfo(None, described.title, date or described.published)
        _source_record(store, described, document.text, info)  # raises before any write
        batch.setdefault(auto_source_id(document.text), (path, document, described))
    reports = []
    for done, (path, document, described) in enumerate(batch.values(), 1):
        report = harvest_text(store, document.text, described, date=date)
        report.origin = str(path)
        reports.append(report)
        if on_progress is not None:
            on_progress(done, len(batch))
    return reports
