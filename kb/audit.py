"""The audit log: who changed what. Initiative writes are logged by kb.services inside their own
transaction; accounts, logins and drafts are logged here."""
from __future__ import annotations

from typing import Any

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


def entries(*, target: str | None = None, action: str | None = None, limit: int = 200,
            engine: Engine | None = None) -> list[dict[str, Any]]:
    """The newest entries first, optionally for one target (a slug or an e-mail address) or action."""
    with session_scope(engine or get_engine()) as s:
        stmt = select(AuditLog).order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit)
        if target is not None:
            stmt = stmt.where(AuditLog.target == target)
        if action is not None:
            stmt = stmt.where(AuditLog.action == action)
        return [{"at": e.created_at.isoformat(), "actor": e.actor, "actor_id": e.actor_id, "action": e.action,
                 "target_type": e.target_type, "target": e.target, "revision": e.revision, "detail": e.detail}
                for e in s.exec(stmt)]
