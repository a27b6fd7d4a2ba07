"""Between table rows and the plain dict of an initiative (the shape of `InitiativeRead`).

The dict is what every other part uses: the JSON API, the search index, revision snapshots and
the markdown export all speak it, so there is one translation and it lives here.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import timezone
from typing import Any

from sqlmodel import Session, select

from kb.models import Factor, Initiative, InitiativeTerm, Source
from kb.schemas import CONTENT_FIELDS, LIST_TERMS, TERM_KIND, InitiativeCreate

SCALARS = [f for f in CONTENT_FIELDS if f not in LIST_TERMS and f not in ("success_factors", "failures", "sources")]
KIND_FIELD = {v: k for k, v in TERM_KIND.items()}
# Every column of an initiative row, for reading many rows without building ORM objects.
INITIATIVE_COLUMNS = tuple(Initiative.__table__.columns)


def _iso(dt) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def to_dicts(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    """Whole records for many initiatives, with three child queries in all (not three per row).

    `rows` are `Initiative` objects or plain result rows of `INITIATIVE_COLUMNS` (what
    `iter_records` reads: building ORM objects was most of the time of a full reindex). The child
    rows are read as plain tuples for the same reason; the dicts are the same either way.
    """
    if not rows:
        return []
    ids = [r.id for r in rows]
    terms: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    factors: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[int, list[dict]] = defaultdict(list)
    run = session.connection().execute  # Core, not the ORM: plain tuples, no per-row ORM overhead
    for chunk_start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[chunk_start:chunk_start + 900]
        for initiative_id, kind, value in run(
                select(InitiativeTerm.initiative_id, InitiativeTerm.kind, InitiativeTerm.value)
                .where(InitiativeTerm.initiative_id.in_(chunk))
                .order_by(InitiativeTerm.initiative_id, InitiativeTerm.kind, InitiativeTerm.position)):
            terms[initiative_id][KIND_FIELD[kind]].append(value)
        for initiative_id, kind, text, category in run(
                select(Factor.initiative_id, Factor.kind, Factor.text, Factor.category)
                .where(Factor.initiative_id.in_(chunk))
                .order_by(Factor.initiative_id, Factor.kind, Factor.position)):
            key = "success_factors" if kind == "success" else "failures"
            factors[initiative_id][key].append({"text": text, "category": category})
        for initiative_id, title, url in run(
                select(Source.initiative_id, Source.title, Source.url)
                .where(Source.initiative_id.in_(chunk))
                .order_by(Source.initiative_id, Source.position)):
            sources[initiative_id].append({"title": title, "url": url})
    out = []
    for r in rows:
        rec: dict[str, Any] = {"id": r.id}
        for name in SCALARS:
            rec[name] = getattr(r, name)
        if rec["evidence_rated_on"] is not None:
            rec["evidence_rated_on"] = rec["evidence_rated_on"].isoformat()
        for name in LIST_TERMS:
            rec[name] = list(terms[r.id].get(name, []))
        rec["success_factors"] = factors[r.id].get("success_factors", [])
        rec["failures"] = factors[r.id].get("failures", [])
        rec["sources"] = sources[r.id]
        rec.update(revision=r.revision, status_reason=r.status_reason, owner_id=r.owner_id,
                   created_at=_iso(r.created_at), updated_at=_iso(r.updated_at))
        out.append(rec)
    return out


def to_dict(session: Session, row: Initiative) -> dict[str, Any]:
    return to_dicts(session, [row])[0]


def content_of(record: dict[str, Any]) -> dict[str, Any]:
    """Only the content fields, JSON-safe: what a revision snapshot and an export hold."""
    return {k: record[k] for k in CONTENT_FIELDS}


def normalised_content(data: InitiativeCreate) -> dict[str, Any]:
    return data.model_dump(mode="json")


def write_children(session: Session, initiative_id: int, data: InitiativeCreate, fresh: bool = False) -> None:
    """Replace the list fields of one initiative (inside the caller's transaction).

    `fresh` skips looking for old rows, for an initiative created in this same transaction.
    """
    if not fresh:
        for model in (InitiativeTerm, Factor, Source):
            for old in session.exec(select(model).where(model.initiative_id == initiative_id)):
                session.delete(old)
        session.flush()
    for name in LIST_TERMS:
        for pos, value in enumerate(getattr(data, name)):
            session.add(InitiativeTerm(initiative_id=initiative_id, kind=TERM_KIND[name], value=value, position=pos))
    for kind, items in (("success", data.success_factors), ("failure", data.failures)):
        for pos, item in enumerate(items):
            session.add(Factor(initiative_id=initiative_id, kind=kind, position=pos, text=item.text,
                               category=item.category))
    for pos, src in enumerate(data.sources):
        session.add(Source(initiative_id=initiative_id, position=pos, title=src.title, url=src.url))


def scalar_values(data: InitiativeCreate) -> dict[str, Any]:
    return {name: getattr(data, name) for name in SCALARS}

