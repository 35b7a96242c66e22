"""Candidate observations: harvested figures waiting for a person's review.

Nothing harvested from a text enters the ledger unreviewed. A candidate is accepted
through the same validation as any ingested row (so it needs a known zone, indicator,
unit and period) and becomes an observation in one transaction with its review; a
rejected candidate stays recorded as rejected, with the reviewer's note.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import ibis

from zonemetrics.errors import IngestError, ZonemetricsError
from zonemetrics.ingest.load import load_context, write_validated
from zonemetrics.ingest.units import parse_unit
from zonemetrics.ingest.validate import content_key, validate_observations
from zonemetrics.ingest.values import parse_value
from zonemetrics.ledger.aliases import alias_key, alias_map
from zonemetrics.ledger.policy import cannot_both_hold, preferred_values, with_interval
from zonemetrics.store.connection import Store

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass(frozen=True)
class Candidate:
    """One figure read from a text, in the ingest format's words, with its sentence."""

    sentence: str
    zone_text: str | None
    indicator: str | None
    period: str | None
    value_text: str
    unit_text: str
    measure: str = "value"
    peer_set: str | None = None
    caliber: str = "unstated"
    note: str | None = None
    zone: str | None = None  # the zone id, when the reader resolved it (else from zone_text)


def add_candidates(store: Store, source_id: str, candidates: list[Candidate]) -> tuple[int, int]:
    """Record candidates as pending; a candidate already recorded is not added twice.

    Returns (added, already recorded).
    """
    if store.sql("SELECT count(*) FROM sources WHERE source_id = ?", [source_id])[0][0] == 0:
        raise ZonemetricsError(f"unknown source '{source_id}'")
    with store.transaction():
        return insert_candidates(store, source_id, candidates)


def insert_candidates(store: Store, source_id: str, candidates: list[Candidate]) -> tuple[int, int]:
    """The writes of `add_candidates`, for a caller that holds the transaction (harvest
    writes a new source and its candidates together)."""
    aliases = alias_map(store)
    known = {row[0] for row in store.sql("SELECT content_key FROM candidates")}
    now = datetime.now(UTC).replace(tzinfo=None)
    added = skipped = 0
    for candidate in candidates:
        key = content_key(source_id, *asdict(candidate).values())
        if key in known:
            skipped += 1
            continue
        known.add(key)
        store.raw.execute(
            "INSERT INTO candidates (candidate_id, source_id, sentence, zone_text, zone, "
            "indicator, measure, peer_set, period, value_text, unit_text, caliber, note, "
            "content_key, review, harvested_at) VALUES (nextval('candidate_id_seq'), "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                source_id,
                candidate.sentence,
                candidate.zone_text,
                candidate.zone or aliases.get(alias_key(candidate.zone_text or "")),
                candidate.indicator,
                candidate.measure,
                candidate.peer_set,
                candidate.period,
                candidate.value_text,
                candidate.unit_text,
                candidate.caliber,
                candidate.note,
                key,
                PENDING,
                now,
            ],
        )
        added += 1
    return added, skipped


def _select(
    store: Store, ids: list[int] | None, all_from: str | None, review: str | None
) -> list[dict[str, Any]]:
    table = store.table("candidates")
    if ids:
        table = table.filter(table.candidate_id.isin(ids))
    if all_from:
        table = table.filter(table.source_id == all_from)
    if review:
        table = table.filter(table.review == review)
    return table.order_by("candidate_id").to_pyarrow().to_pylist()


def _parsed(row: dict[str, Any]) -> dict[str, Any] | None:
    """A candidate's value in base units, in the observation's columns; None if the
    wording does not parse (the review shows '?')."""
    value, unit = parse_value(row["value_text"]), parse_unit(row["unit_text"])
    if value is None or unit is None:
        return None
    scale = unit.multiplier
    return {
        "candidate_id": row["candidate_id"],
        "value": value.value * scale,
        "value_high": None if value.value_high is None else value.value_high * scale,
        "rounding": value.rounding * scale,
        "qualifier": value.qualifier,
        "unit": unit.base,
    }


def _intervals(store: Store, parsed: list[dict[str, Any]]) -> dict[int, tuple[float, float]]:
    """The range of true values each candidate allows, by the ledger's own rule."""
    if not parsed:
        return {}
    table = ibis.memtable(parsed, schema=_PARSED_SCHEMA)
    rows = store.ibis.to_pyarrow(with_interval(table)).to_pylist()
    return {r["candidate_id"]: (r["lo"], r["hi"]) for r in rows}


_PARSED_SCHEMA = ibis.schema(
    {
        "candidate_id": "int64",
        "value": "float64",
        "value_high": "float64",
        "rounding": "float64",
        "qualifier": "string",
        "unit": "string",
    }
)


def list_candidates(
    store: Store, source_id: str | None = None, review: str | None = None
) -> list[dict[str, Any]]:
    """Candidates with what the ledger already holds for the same figure (any caliber)
    and whether it is consistent with the candidate."""
    rows = _select(store, None, source_id, review)
    held = preferred_values(store)
    zones = sorted({r["zone"] for r in rows if r["zone"]})
    held_rows: list[dict[str, Any]] = []
    if zones:
        held = held.filter(held.zone_id.isin(zones))
        held_rows = (
            held.select(
                "zone_id",
                "indicator",
                "measure",
                "period",
                "caliber",
                "original_text",
                "source_id",
                "lo",
                "hi",
            )
            .to_pyarrow()
            .to_pylist()
        )
    parsed = {p["candidate_id"]: p for r in rows if (p := _parsed(r)) is not None}
    intervals = _intervals(store, list(parsed.values()))
    for row in rows:
        value = parsed.get(row["candidate_id"])
        row["value"] = value["value"] if value else None
        if value:
            row["unit"] = value["unit"]
        interval = intervals.get(row["candidate_id"])
        row["ledger"] = [
            {
                "original_text": h["original_text"],
                "caliber": h["caliber"],
                "source_id": h["source_id"],
                "consistent": None
                if interval is None
                else not cannot_both_hold(*interval, h["lo"], h["hi"]),
            }
            for h in held_rows
            if (h["zone_id"], h["indicator"], h["measure"], h["period"])
            == (row["zone"], row["indicator"], row["measure"], row["period"])
        ]
        row["conflicts"] = sum(1 for h in row["ledger"] if h["consistent"] is False)
    return rows


@dataclass
class Review:
    reviewed: list[int]
    observations: dict[int, int]  # candidate id -> observation id (accepted only)


CORRECTABLE = ("zone", "indicator", "period", "caliber", "value", "unit", "peer_set")
#: corrections that describe one figure: never applied to several candidates at once
ONE_FIGURE_ONLY = ("zone", "indicator", "value", "unit", "peer_set")


def accept(
    store: Store,
    ids: list[int] | None = None,
    all_from: str | None = None,
    *,
    corrections: dict[str, str] | None = None,
    note: str | None = None,
) -> Review:
    """Accept pending candidates into the ledger, all or none.

    Each candidate is validated as an ingest row would be; the error names the
    candidate (as the row), the column and the reason, and nothing is accepted.
    `corrections` are the reviewer's: the observation takes them, the candidate keeps
    what was read beside them (with the corrections that changed it), and the
    observation's note says what was corrected and why. A period or caliber may be
    corrected for several candidates at once (a text's figures share them); a zone,
    indicator, value, unit or peer set only for one.
    """
    corrections = {k: v for k, v in (corrections or {}).items() if v is not None}
    unknown = sorted(set(corrections) - set(CORRECTABLE))
    if unknown:
        raise ZonemetricsError(
            f"cannot correct {', '.join(unknown)} (only {', '.join(CORRECTABLE)})"
        )
    rows = _pending(store, ids, all_from)
    single = sorted(set(corrections) & set(ONE_FIGURE_ONLY))
    if single and len(rows) > 1:
        raise ZonemetricsError(
            f"a correction of {', '.join(single)} describes one figure: select one candidate "
            f"(not {len(rows)})"
        )
    context = load_context(store)
    label = f"candidate review ({all_from or 'selected candidates'})"
    changes = {r["candidate_id"]: _changed(r, corrections, context.aliases) for r in rows}
    cells = [(r["candidate_id"], _cells(r, changes[r["candidate_id"]], note)) for r in rows]
    validated = validate_observations(label, cells, context)
    if validated.problems:
        raise IngestError(validated.problems)
    now = datetime.now(UTC).replace(tzinfo=None)

    def mark_accepted(_ingest_id: int) -> None:
        for row in rows:
            key = validated.keys_by_row[row["candidate_id"]]
            changed = changes[row["candidate_id"]]
            _mark(
                store,
                row["candidate_id"],
                "review = ?, review_note = ?, corrections = ?, reviewed_at = ?, obs_id = "
                "(SELECT max(obs_id) FROM observations WHERE content_key = ?)",
                [ACCEPTED, note, _as_json(changed), now, key],
            )

    digest = hashlib.sha256(repr(sorted(validated.keys_by_row.items())).encode()).hexdigest()
    write_validated(store, "observations", validated, label, digest, len(rows), also=mark_accepted)
    accepted = {
        r[0]: r[1]
        for r in store.sql(
            "SELECT candidate_id, obs_id FROM candidates WHERE candidate_id IN "
            f"({', '.join(str(r['candidate_id']) for r in rows)})"
        )
    }
    return Review([r["candidate_id"] for r in rows], accepted)


def _read(row: dict[str, Any]) -> dict[str, str]:
    """A candidate's fields as read, in the ingest row's column names."""
    return {
        "zone": row["zone"] or row["zone_text"] or "",
        "indicator": row["indicator"] or "",
        "period": row["period"] or "",
        "caliber": row["caliber"],
        "value": row["value_text"],
        "unit": row["unit_text"],
        "peer_set": row["peer_set"] or "",
    }


def _changed(
    row: dict[str, Any], corrections: dict[str, str], aliases: dict[str, str]
) -> dict[str, str]:
    """The corrections that change what was read (a zone named another way that resolves
    to the same zone changes nothing)."""
    read = _read(row)
    changed = {}
    for field_name, value in corrections.items():
        same_zone = field_name == "zone" and aliases.get(alias_key(value)) == read["zone"]
        if value != read[field_name] and not same_zone:
            changed[field_name] = value
    return changed


def _cells(row: dict[str, Any], changed: dict[str, str], note: str | None) -> dict[str, str]:
    """The ingest row a candidate becomes: what was read, with the reviewer's corrections."""
    read = _read(row)
    text = _note(row)
    if changed:
        text += "; corrected at review: " + ", ".join(
            f"{k} '{read[k]}' -> '{v}'" for k, v in changed.items()
        )
    if note:
        text += f"; reviewer: {note}"
    return read | changed | {"source": row["source_id"], "measure": row["measure"], "note": text}


def _as_json(changed: dict[str, str]) -> str | None:
    return json.dumps(changed, ensure_ascii=False, sort_keys=True) if changed else None


def _mark(store: Store, candidate_id: int, assignments: str, params: list[Any]) -> None:
    """Record a review, only if the candidate is still pending: a review that another
    reviewer completed meanwhile is never overwritten (the caller's transaction, and with
    it every observation of this review, is rolled back)."""
    done = store.raw.execute(
        f"UPDATE candidates SET {assignments} WHERE candidate_id = ? AND review = ? "
        "RETURNING candidate_id",
        [*params, candidate_id, PENDING],
    ).fetchall()
    if not done:
        raise ZonemetricsError(
            f"candidate {candidate_id} was reviewed by someone else meanwhile; nothing of "
            "this review was recorded"
        )


def reject(
    store: Store, ids: list[int] | None = None, all_from: str | None = None, note: str | None = None
) -> Review:
    """Reject pending candidates; they stay recorded, with the note, never deleted."""
    rows = _pending(store, ids, all_from)
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        for row in rows:
            _mark(
                store,
                row["candidate_id"],
                "review = ?, review_note = ?, reviewed_at = ?",
                [REJECTED, note, now],
            )
    return Review([r["candidate_id"] for r in rows], {})


def _pending(store: Store, ids: list[int] | None, all_from: str | None) -> list[dict[str, Any]]:
    if not ids and not all_from:
        raise ZonemetricsError("name candidate ids, or --source SOURCE")
    rows = _select(store, ids, all_from, None)
    if ids:
        missing = sorted(set(ids) - {r["candidate_id"] for r in rows})
        if missing:
            raise ZonemetricsError(f"no candidate {', '.join(map(str, missing))}")
        done = [r for r in rows if r["review"] != PENDING]
        if done:
            raise ZonemetricsError(
                f"candidate {done[0]['candidate_id']} was already {done[0]['review']}; a review "
                "is never overwritten"
            )
    pending = [r for r in rows if r["review"] == PENDING]
    if not pending:
        raise ZonemetricsError("no pending candidates to review")
    return pending


def _note(row: dict[str, Any]) -> str:
    sentence = " ".join(row["sentence"].split())
    extra = f"; {row['note']}" if row["note"] else ""
    return f"harvested from: {sentence[:300]}{extra}"


__all__ = ["Candidate", "Review", "accept", "add_candidates", "list_candidates", "reject"]
