"""The audit log: who changed what. Initiative writes are logged by kb.services inside their own
transaction; accounts, logins and drafts are logged here."""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import select

from kb.db import get_engine, session_scope
from kb.models import AuditLog


def record(action: str, *, actor: str = "", actor_id: int | None = None, target_type: str = "initiative",
           target: str = "", revision: int | None = None, detail: dict[str, Any] | None = None,
           engine: Engine | None = None) -> None:
    with session_scope(engine or get_engine()) as s:
        s.add(AuditLog(actor=actor[:254], actor_id=actor_id, action=action[:40], target_type=target_type[:20],
                       target=target[:254], revision=revision, detail=detail or {}))


def _filtered(stmt, *, target: str | None, action: str | None, target_types: Sequence[str] | None,
              text: str | None):
    if target is not None:
        stmt = stmt.where(AuditLog.target == target)
    if action is not None:
        stmt = stmt.where(AuditLog.action == action)
    if target_types is not None:
        stmt = stmt.where(AuditLog.target_type.in_(list(target_types)))
    if text:
        like = "%" + text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(func.lower(AuditLog.actor).like(like, escape="\\"),
                              func.lower(AuditLog.target).like(like, escape="\\")))
    return stmt


def entries(*, target: str | None = None, action: str | None = None, limit: int = 200, offset: int = 0,
            target_types: Sequence[str] | None = None, text: str | None = None,
            engine: Engine | None = None) -> list[dict[str, Any]]:
    """The newest entries first, optionally for one target (a slug or an e-mail address), one action,
    some kinds of target (`target_types`, e.g. ("initiative",)) or with `text` in who or what."""
    with session_scope(engine or get_engine()) as s:
        stmt = select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).offset(offset).limit(limit)
        stmt = _filtered(stmt, target=target, action=action, target_types=target_types, text=text)
        return [{"id": e.id, "at": e.created_at.isoformat(), "actor": e.actor, "actor_id": e.actor_id,
                 "action": e.action, "target_type": e.target_type, "target": e.target, "revision": e.revision,
                 "detail": e.detail}
                for e in s.exec(stmt)]


def count(*, target: str | None = None, action: str | None = None, target_types: Sequence[str] | None = None,
          text: str | None = None, engine: Engine | None = None) -> int:
    with session_scope(engine or get_engine()) as s:
        stmt = _filtered(select(func.count()).select_from(AuditLog), target=target, action=action,
                         target_types=target_types, text=text)
        return int(s.exec(stmt).one())


def actions(*, target_types: Sequence[str] | None = None, engine: Engine | None = None) -> list[str]:
    """The actions that occur in the log (for a filter), sorted."""
    with session_scope(engine or get_engine()) as s:
        stmt = select(AuditLog.action).distinct()
        if target_types is not None:
            stmt = stmt.where(AuditLog.target_type.in_(list(target_types)))
        return sorted(s.exec(stmt))
