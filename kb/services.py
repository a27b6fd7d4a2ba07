"""The one place where initiatives are created, changed and read.

Every write validates, bumps the revision with optimistic locking, stores a `Revision` snapshot
(who, when, what) and commits in a single transaction; listeners (the search index) hear of it
only after the commit. Saving on top of a stale revision is refused and overwrites nothing.
"""
from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import func, update as sa_update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kb import events, vocab as vocab_mod
from kb.db import get_engine, session_scope
from kb.models import AuditLog, Factor, Initiative, InitiativeTerm, Revision, utcnow
from kb.records import INITIATIVE_COLUMNS, content_of, normalised_content, scalar_values, to_dict, to_dicts, write_children
from kb.validation import Problem, ValidationFailed, validate


class NotFound(LookupError):
    def __init__(self, slug: str):
        self.slug = slug
        super().__init__(f"initiative {slug!r} not found")


class StaleRevision(Exception):
    """The record changed since the editor loaded it; `current` is the record as it is now."""

    def __init__(self, expected: int, current: dict[str, Any]):
        self.expected = expected
        self.current = current
        super().__init__(f"stale revision {expected}, current is {current['revision']}")

    def message(self, lang: str = "nl") -> str:
        from kb.messages import render

        return render("stale_revision", lang=lang, current=self.current["revision"], expected=self.expected)


def _engine(engine: Engine | None) -> Engine:
    return engine or get_engine()


def _row(session: Session, slug: str) -> Initiative:
    row = session.exec(select(Initiative).where(Initiative.slug == slug)).first()
    if row is None:
        raise NotFound(slug)
    return row


def _audit(s: Session, action: str, author: str, actor_id: int | None, slug: str, revision: int | None,
           detail: dict[str, Any] | None = None) -> None:
    """One audit-log row, inside the caller's transaction: the log and the change commit together."""
    s.add(AuditLog(actor=author[:254], actor_id=actor_id, action=action, target_type="initiative", target=slug,
                   revision=revision, detail=detail or {}))


def create(raw: dict[str, Any], *, author: str, owner_id: int | None = None, message: str = "",
           actor_id: int | None = None, engine: Engine | None = None) -> dict[str, Any]:
    """Validate and store a new initiative as revision 1."""
    engine = _engine(engine)
    data = validate(raw, vocab_mod.load(engine))
    with session_scope(engine) as s:
        if s.exec(select(Initiative.id).where(Initiative.slug == data.slug)).first() is not None:
            raise ValidationFailed([Problem("slug", "slug_taken", {"value": data.slug})])
        now = utcnow()
        row = Initiative(**scalar_values(data), owner_id=owner_id, revision=1, created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        write_children(s, row.id, data, fresh=True)
        s.add(Revision(initiative_id=row.id, revision=1, author=author, message=message or "aangemaakt",
                       created_at=now, snapshot=normalised_content(data)))
        _audit(s, "create", author, actor_id, data.slug, 1, {"status": data.status})
        s.flush()
        record = to_dict(s, row)
    events.emit("saved", record)
    return record


def bulk_create(raws: list[dict[str, Any]], *, author: str, engine: Engine | None = None) -> int:
    """Validate and store many new initiatives in one transaction (for loading large corpora).

    All or nothing: one invalid record or taken slug stores none. Listeners hear one "bulk" event
    instead of one per record; the search index then catches up with a sync.
    """
    engine = _engine(engine)
    vocabs = vocab_mod.load(engine)
    datas = [validate(raw, vocabs) for raw in raws]
    slugs = [d.slug for d in datas]
    with session_scope(engine) as s:
        taken = set()
        for start in range(0, len(slugs), 900):
            taken.update(s.exec(select(Initiative.slug).where(Initiative.slug.in_(slugs[start:start + 900]))))
        if taken or len(set(slugs)) != len(slugs):
            dup = next(iter(taken)) if taken else next(x for x in slugs if slugs.count(x) > 1)
            raise ValidationFailed([Problem("slug", "slug_taken", {"value": dup})])
        now = utcnow()
        rows = [Initiative(**scalar_values(d), revision=1, created_at=now, updated_at=now) for d in datas]
        s.add_all(rows)
        s.flush()
        for row, data in zip(rows, datas):
            write_children(s, row.id, data, fresh=True)
            s.add(Revision(initiative_id=row.id, revision=1, author=author, message="aangemaakt",
                           created_at=now, snapshot=normalised_content(data)))
        _audit(s, "bulk_create", author, None, "", None, {"count": len(rows)})
    events.emit("bulk", {"count": len(rows)})
    return len(rows)


def update(slug: str, raw: dict[str, Any], *, expected_revision: int, author: str, message: str = "",
           actor_id: int | None = None, audit_action: str = "update", status_reason: str | None = None,
           engine: Engine | None = None) -> tuple[dict[str, Any], bool]:
    """Store a changed initiative as a new revision. Returns (record, changed).

    Raises StaleRevision when `expected_revision` is not the current one: nothing is written then.
    An update that changes nothing makes no new revision. `status_reason` (e.g. why an editor
    rejected it) is stored beside the content when given; `audit_action` names the change in the
    audit log (kb.workflow passes "publish", "reject", …).
    """
    engine = _engine(engine)
    data = validate(raw, vocab_mod.load(engine))
    with session_scope(engine) as s:
        row = _row(s, slug)
        if data.slug != slug and s.exec(select(Initiative.id).where(Initiative.slug == data.slug)).first():
            raise ValidationFailed([Problem("slug", "slug_taken", {"value": data.slug})])
        current = to_dict(s, row)
        if row.revision != expected_revision:
            raise StaleRevision(expected_revision, current)
        new_content = normalised_content(data)
        if content_of(current) == new_content:
            return current, False
        now = utcnow()
        values = dict(scalar_values(data), revision=expected_revision + 1, updated_at=now)
        if status_reason is not None:
            values["status_reason"] = status_reason[:2000]
        # The WHERE on revision makes the check and the write one atomic step, also when two
        # workers race: the loser updates no row and is told so.
        result = s.execute(
            sa_update(Initiative)
            .where(Initiative.id == row.id, Initiative.revision == expected_revision)
            .values(**values)
        )
        if result.rowcount != 1:
            s.rollback()
            with session_scope(engine) as s2:
                raise StaleRevision(expected_revision, to_dict(s2, _row(s2, slug)))
        write_children(s, row.id, data)
        s.add(Revision(initiative_id=row.id, revision=expected_revision + 1, author=author,
                       message=message or "bijgewerkt", created_at=now, snapshot=new_content))
        changed_fields = sorted(k for k in new_content if new_content[k] != content_of(current).get(k))
        _audit(s, audit_action, author, actor_id, data.slug, expected_revision + 1, {"fields": changed_fields})
        s.flush()
        s.expire(row)
        record = to_dict(s, s.get(Initiative, row.id))
    events.emit("saved", record)
    return record, True


def normalise(raw: dict[str, Any], *, engine: Engine | None = None) -> dict[str, Any]:
    """The validated content of raw input, as a revision snapshot would hold it (nothing stored)."""
    return normalised_content(validate(raw, vocab_mod.load(_engine(engine))))


def last_snapshot_by(slug: str, author: str, *, engine: Engine | None = None) -> dict[str, Any] | None:
    """The newest snapshot written by `author` (e.g. the importer), or None."""
    with session_scope(_engine(engine)) as s:
        row = _row(s, slug)
        rev = s.exec(select(Revision).where(Revision.initiative_id == row.id, Revision.author == author)
                     .order_by(Revision.revision.desc()).limit(1)).first()
        return rev.snapshot if rev else None


def get(slug: str, *, engine: Engine | None = None, published_only: bool = False) -> dict[str, Any] | None:
    with session_scope(_engine(engine)) as s:
        row = s.exec(select(Initiative).where(Initiative.slug == slug)).first()
        if row is None or (published_only and row.status != "published"):
            return None
        return to_dict(s, row)


def get_many(ids: list[int], *, engine: Engine | None = None) -> list[dict[str, Any]]:
    with session_scope(_engine(engine)) as s:
        rows = list(s.exec(select(Initiative).where(Initiative.id.in_(ids)))) if ids else []
        return to_dicts(s, rows)


def list_records(*, status: str | None = None, engine: Engine | None = None) -> list[dict[str, Any]]:
    with session_scope(_engine(engine)) as s:
        stmt = select(Initiative).order_by(Initiative.updated_at.desc(), Initiative.id.desc())
        if status:
            stmt = stmt.where(Initiative.status == status)
        return to_dicts(s, list(s.exec(stmt)))


def iter_records(*, status: str | None = "published", batch: int = 500,
                 engine: Engine | None = None) -> Iterator[dict[str, Any]]:
    """Every record in id order, a batch at a time (for reindexing large databases)."""
    last = 0
    while True:
        with session_scope(_engine(engine)) as s:
            stmt = select(*INITIATIVE_COLUMNS).where(Initiative.id > last).order_by(Initiative.id).limit(batch)
            if status:
                stmt = stmt.where(Initiative.status == status)
            rows = list(s.connection().execute(stmt))  # plain rows: ORM objects cost more than the query
            records = to_dicts(s, rows)
        if not records:
            return
        yield from records
        last = records[-1]["id"]


def published_states(*, engine: Engine | None = None) -> dict[int, int]:
    """id -> revision of every published initiative: what the search index should hold."""
    with session_scope(_engine(engine)) as s:
        rows = s.exec(select(Initiative.id, Initiative.revision).where(Initiative.status == "published"))
        return {i: r for i, r in rows}


def count(*, status: str | None = None, engine: Engine | None = None) -> int:
    with session_scope(_engine(engine)) as s:
        stmt = select(func.count()).select_from(Initiative)
        if status:
            stmt = stmt.where(Initiative.status == status)
        return int(s.exec(stmt).one())


def revisions(slug: str, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """The history of one initiative, newest first."""
    with session_scope(_engine(engine)) as s:
        row = _row(s, slug)
        revs = s.exec(select(Revision).where(Revision.initiative_id == row.id).order_by(Revision.revision.desc()))
        return [{"revision": r.revision, "author": r.author, "message": r.message,
                 "created_at": r.created_at.isoformat(), "snapshot": r.snapshot} for r in revs]


def stats(*, engine: Engine | None = None) -> dict[str, Any]:
    """Counts for the command line and the overview pages: by status, and published by term."""
    with session_scope(_engine(engine)) as s:
        by_status = dict(s.exec(select(Initiative.status, func.count()).group_by(Initiative.status)).all())
        published = select(Initiative.id).where(Initiative.status == "published")
        by_term: dict[str, dict[str, int]] = {}
        for kind, value, n in s.exec(
            select(InitiativeTerm.kind, InitiativeTerm.value, func.count())
            .where(InitiativeTerm.initiative_id.in_(published))
            .group_by(InitiativeTerm.kind, InitiativeTerm.value)
        ):
            by_term.setdefault(kind, {})[value] = n
        factors = {}
        for kind, n in s.exec(select(Factor.kind, func.count()).where(Factor.initiative_id.in_(published))
                              .group_by(Factor.kind)):
            factors[kind] = n
        revisions_total = int(s.exec(select(func.count()).select_from(Revision)).one())
    return {"total": sum(by_status.values()), "by_status": by_status, "by_term": by_term,
            "factors": factors, "revisions": revisions_total}


def snapshot_at(slug: str, revision: int, *, engine: Engine | None = None) -> dict[str, Any] | None:
    """The content of one initiative as it was at `revision`, or None when there is no such revision."""
    with session_scope(_engine(engine)) as s:
        row = _row(s, slug)
        rev = s.exec(select(Revision).where(Revision.initiative_id == row.id, Revision.revision == revision)).first()
        return dict(rev.snapshot) if rev else None


def owned_by(owner_id: int, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Every initiative of one owner, newest change first (for "mijn inzendingen")."""
    with session_scope(_engine(engine)) as s:
        rows = list(s.exec(select(Initiative).where(Initiative.owner_id == owner_id)
                           .order_by(Initiative.updated_at.desc(), Initiative.id.desc())))
        return to_dicts(s, rows)
