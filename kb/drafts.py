"""Drafts: the form as the person left it, saved on the server while they type.

A draft may be incomplete or invalid, so it is stored as the raw form (JSON), not as an initiative.
One draft per person per existing initiative; any number for new ones. A contributor who may not
edit an initiative can offer their draft to the editors as a proposed addition (state "proposed").
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from kb import audit, permissions, services
from kb.db import get_engine, session_scope
from kb.models import Draft, Initiative, utcnow
from kb.permissions import Forbidden, User

MAX_BYTES = 256 * 1024


def _public(d: Draft, slug: str | None = None) -> dict[str, Any]:
    return {"id": d.id, "user_id": d.user_id, "initiative_id": d.initiative_id, "slug": slug,
            "base_revision": d.base_revision, "state": d.state, "title": d.title, "data": d.data,
            "created_at": d.created_at.isoformat(), "updated_at": d.updated_at.isoformat()}


def _slug_of(s, initiative_id: int | None) -> str | None:
    if initiative_id is None:
        return None
    row = s.get(Initiative, initiative_id)
    return row.slug if row else None


def _check_size(data: dict[str, Any]) -> None:
    if len(json.dumps(data, ensure_ascii=False)) > MAX_BYTES:
        raise Forbidden("draft_too_large")


def save(user: User, data: dict[str, Any], *, draft_id: int | None = None, slug: str | None = None,
         base_revision: int | None = None, engine: Engine | None = None) -> dict[str, Any]:
    """Store the form as `user`'s draft: by id, else by (user, initiative), else as a new draft."""
    permissions.require(permissions.active(user), user)
    if not isinstance(data, dict):
        raise Forbidden("forbidden")
    _check_size(data)
    engine = engine or get_engine()
    title = str(data.get("title") or "")[:200]
    for attempt in range(2):  # two autosaves racing on the unique (user, initiative) index: retry as update
        try:
            with session_scope(engine) as s:
                initiative_id = None
                if slug:
                    row = s.exec(select(Initiative).where(Initiative.slug == slug)).first()
                    if row is None:
                        raise services.NotFound(slug)
                    initiative_id = row.id
                draft = None
                if draft_id is not None:
                    draft = s.get(Draft, draft_id)
                    if draft is None or draft.user_id != user["id"]:
                        raise Forbidden("draft_not_found")
                elif initiative_id is not None:
                    draft = s.exec(select(Draft).where(Draft.user_id == user["id"],
                                                       Draft.initiative_id == initiative_id)).first()
                if draft is None:
                    draft = Draft(user_id=user["id"], initiative_id=initiative_id, base_revision=base_revision)
                    s.add(draft)
                draft.data = data
                draft.title = title
                if base_revision is not None:
                    draft.base_revision = base_revision
                if draft.state != "open":
                    draft.state = "open"  # changing a proposal takes it back until offered again
                draft.updated_at = utcnow()
                s.flush()
                return _public(draft, _slug_of(s, draft.initiative_id))
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def get(draft_id: int, user: User, *, engine: Engine | None = None) -> dict[str, Any]:
    """A draft for its author, or (when proposed) for an editor."""
    with session_scope(engine or get_engine()) as s:
        draft = s.get(Draft, draft_id)
        if draft is None:
            raise Forbidden("draft_not_found")
        mine = permissions.active(user) and draft.user_id == user["id"]
        if not (mine or (draft.state == "proposed" and permissions.is_editor(user))):
            raise Forbidden("draft_not_found")
        return _public(draft, _slug_of(s, draft.initiative_id))


def for_initiative(user: User, slug: str, *, engine: Engine | None = None) -> dict[str, Any] | None:
    """This person's draft on an existing initiative, if any."""
    if not permissions.active(user):
        return None
    with session_scope(engine or get_engine()) as s:
        row = s.exec(select(Initiative).where(Initiative.slug == slug)).first()
        if row is None:
            return None
        draft = s.exec(select(Draft).where(Draft.user_id == user["id"], Draft.initiative_id == row.id)).first()
        return _public(draft, slug) if draft else None


def list_for(user: User, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """All drafts of one person, newest first (for "mijn inzendingen")."""
    if not permissions.active(user):
        return []
    with session_scope(engine or get_engine()) as s:
        drafts = s.exec(select(Draft).where(Draft.user_id == user["id"]).order_by(Draft.updated_at.desc()))
        return [_public(d, _slug_of(s, d.initiative_id)) for d in drafts]


def delete(draft_id: int, user: User, *, engine: Engine | None = None) -> None:
    """Remove a draft: by its author, or by an editor once a proposal has been handled."""
    with session_scope(engine or get_engine()) as s:
        draft = s.get(Draft, draft_id)
        if draft is None:
            return
        mine = permissions.active(user) and draft.user_id == user["id"]
        if not (mine or (draft.state == "proposed" and permissions.is_editor(user))):
            raise Forbidden("draft_not_found")
        s.delete(draft)


def discard_for(user: User, *, draft_id: int | None = None, slug: str | None = None,
                engine: Engine | None = None) -> None:
    """After a successful save: the draft it came from is no longer needed."""
    if draft_id is not None:
        delete(draft_id, user, engine=engine)
        return
    if slug:
        draft = for_initiative(user, slug, engine=engine)
        if draft:
            delete(draft["id"], user, engine=engine)


def propose(draft_id: int, user: User, *, engine: Engine | None = None) -> dict[str, Any]:
    """Offer a draft on an existing initiative to the editors as a proposed addition."""
    engine = engine or get_engine()
    with session_scope(engine) as s:
        draft = s.get(Draft, draft_id)
        if draft is None or not permissions.active(user) or draft.user_id != user["id"]:
            raise Forbidden("draft_not_found")
        slug = _slug_of(s, draft.initiative_id)
        if slug is None:
            raise Forbidden("forbidden")
    record = services.get(slug, engine=engine)
    permissions.require(record is not None and permissions.can_propose(user, record), user)
    with session_scope(engine) as s:
        draft = s.get(Draft, draft_id)
        draft.state = "proposed"
        draft.updated_at = utcnow()
        s.flush()
        out = _public(draft, slug)
    audit.record("propose", actor=user["email"], actor_id=user["id"], target=slug,
                 revision=out["base_revision"], detail={"draft": draft_id}, engine=engine)
    return out


def proposals(user: User, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Proposed additions waiting for an editor, oldest first."""
    permissions.require(permissions.can_review(user), user)
    from kb.models import User as UserRow

    with session_scope(engine or get_engine()) as s:
        rows = s.exec(select(Draft, UserRow.email).join(UserRow, UserRow.id == Draft.user_id)
                      .where(Draft.state == "proposed").order_by(Draft.updated_at))
        return [dict(_public(d, _slug_of(s, d.initiative_id)), author=email) for d, email in rows]
