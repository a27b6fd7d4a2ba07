"""The review workflow: draft → ingediend (submitted) → gepubliceerd / afgewezen → gearchiveerd.

Each transition names the states it starts from, the state it leads to and who may take it. It goes
through kb.services like any change: a new revision with its author, the revision number bumped
with optimistic locking (a stale `expected_revision` raises StaleRevision), an audit-log row, and
the "saved" event after the commit (the search index picks up a publication from there).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.engine import Engine

from kb import permissions, services
from kb.permissions import Forbidden, User
from kb.records import content_of

STATE_LABELS = {
    "draft": ("concept", "draft"),
    "submitted": ("ingediend", "submitted"),
    "published": ("gepubliceerd", "published"),
    "rejected": ("afgewezen", "rejected"),
    "archived": ("gearchiveerd", "archived"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    allowed: Callable[[User, dict[str, Any]], bool]
    needs_reason: bool = False
    label: tuple[str, str] = ("", "")
    message: str = ""


def _owner_or_editor(user: User, record: dict[str, Any]) -> bool:
    return permissions.is_owner(user, record) or permissions.is_editor(user)


def _editor(user: User, record: dict[str, Any]) -> bool:
    return permissions.is_editor(user)


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("submit", ("draft", "rejected"), "submitted", _owner_or_editor,
               label=("indienen", "submit"), message="ingediend ter beoordeling"),
    Transition("withdraw", ("submitted",), "draft", _owner_or_editor,
               label=("terugtrekken", "withdraw"), message="teruggetrokken als concept"),
    Transition("publish", ("submitted", "archived"), "published", _editor,
               label=("publiceren", "publish"), message="gepubliceerd"),
    Transition("reject", ("submitted",), "rejected", _editor, needs_reason=True,
               label=("afwijzen", "reject"), message="afgewezen"),
    Transition("archive", ("published", "rejected"), "archived", _editor,
               label=("archiveren", "archive"), message="gearchiveerd"),
)}


def state_label(state: str, lang: str = "nl") -> str:
    nl, en = STATE_LABELS.get(state, (state, state))
    return en if lang == "en" else nl


def allowed_actions(user: User, record: dict[str, Any]) -> list[str]:
    """The transitions this user may take on this record now (for showing buttons)."""
    return [t.name for t in TRANSITIONS.values() if record.get("status") in t.sources and t.allowed(user, record)]


def check(action: str, user: User, record: dict[str, Any], reason: str = "") -> Transition:
    """The transition when allowed; else Forbidden with the reason in the user's words."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Forbidden("forbidden")
    permissions.require(permissions.active(user), user)
    if not transition.allowed(user, record):
        raise Forbidden("forbidden")
    if record.get("status") not in transition.sources:
        raise Forbidden("bad_transition", state=state_label(record.get("status", "")), action=transition.label[0])
    if transition.needs_reason and len(reason.strip()) < 5:
        raise Forbidden("reason_required")
    return transition


def transition(slug: str, action: str, *, user: User, expected_revision: int, reason: str = "",
               engine: Engine | None = None) -> dict[str, Any]:
    """Take one workflow step as `user`; returns the record as it is afterwards."""
    record = services.get(slug, engine=engine)
    if record is None:
        raise services.NotFound(slug)
    step = check(action, user, record, reason)
    if record["revision"] != expected_revision:
        raise services.StaleRevision(expected_revision, record)
    reason = reason.strip()
    message = step.message + (f": {reason}" if reason else "")
    updated, _ = services.update(
        slug, {**content_of(record), "status": step.target}, expected_revision=expected_revision,
        author=user["email"], actor_id=user["id"], message=message[:500], audit_action=action,
        status_reason=reason if step.needs_reason else "", engine=engine)
    return updated
