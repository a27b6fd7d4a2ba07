"""Accounts and roles. Passwords are hashed with Argon2id (argon2-cffi), never stored as typed."""
from __future__ import annotations

import getpass
import hashlib
import re
import secrets
import sys
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Engine
from sqlmodel import select

from kb import audit, messages
from kb.db import get_engine, session_scope
from kb.models import AuditLog, User, utcnow

ROLES = ("contributor", "editor", "admin")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()


class UserError(ValueError):
    """Input about an account that cannot be accepted; `code` names a message in kb.messages."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(messages.render(code, **params))

    def message(self, lang: str = "nl") -> str:
        return messages.render(self.code, lang=lang, **self.params)


def _public(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name, "organisation": user.organisation,
            "role": user.role, "active": user.active, "must_change_password": bool(user.must_change_password)}


def _check_new(email: str, role: str, password: str) -> str:
    email = email.strip().lower()
    if not email:
        raise UserError("email_missing")
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise UserError("email_invalid", value=email[:80])
    if role not in ROLES:
        raise UserError("unknown_role", value=role[:40])
    _check_password(password)
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError("password_short", min=MIN_PASSWORD)


def add(email: str, *, role: str = "contributor", name: str = "", organisation: str = "",
        password: str | None = None, temporary: bool = False, engine: Engine | None = None) -> dict[str, Any]:
    """A new account (for the command line and tests; administrators use `invite`)."""
    if password is None:
        if sys.stdin.isatty():
            password = getpass.getpass("Wachtwoord: ")
        else:
            password = secrets.token_urlsafe(12)
            print(f"Gegenereerd wachtwoord (eenmalig getoond): {password}")
    email = _check_new(email, role, password)
    password_hash = _hasher.hash(password)
    try:
        with session_scope(engine or get_engine()) as s:
            if s.exec(select(User).where(User.email == email)).first():
                raise UserError("email_taken", value=email)
            user = User(email=email, role=role, name=name.strip()[:200], organisation=organisation.strip()[:200],
                        password_hash=password_hash, must_change_password=temporary)
            s.add(user)
            s.flush()
            return _public(user)
    except IntegrityError:  # the same address added at the same moment by someone else
        raise UserError("email_taken", value=email) from None


def temporary_password() -> str:
    """16 characters from a 64-letter alphabet: 96 bits, shown once to the administrator."""
    return secrets.token_urlsafe(12)


def invite(acting: dict[str, Any] | None, email: str, *, role: str = "contributor", name: str = "",
           organisation: str = "", engine: Engine | None = None) -> tuple[dict[str, Any], str]:
    """An administrator creates an account: (the account, its temporary password to pass on).
    The person changes it after logging in (`change_password`)."""
    from kb import permissions

    permissions.require(permissions.can_manage_users(acting), acting)
    password = temporary_password()
    user = add(email, role=role, name=name, organisation=organisation, password=password, temporary=True,
               engine=engine)
    audit.record("user_create", actor=acting["email"], actor_id=acting["id"], target_type="user",
                 target=user["email"], detail={"role": user["role"]}, engine=engine)
    return user, password


def reset_password(acting: dict[str, Any] | None, user_id: int, *,
                   engine: Engine | None = None) -> tuple[dict[str, Any], str]:
    """An administrator gives an account a new temporary password (someone forgot theirs)."""
    from kb import permissions

    permissions.require(permissions.can_manage_users(acting), acting)
    password = temporary_password()
    with session_scope(engine or get_engine()) as s:
        user = s.get(User, user_id)
        if user is None:
            raise permissions.Forbidden("user_not_found")
        user.password_hash = _hasher.hash(password)
        user.must_change_password = True
        s.flush()
        public = _public(user)
    audit.record("password_reset", actor=acting["email"], actor_id=acting["id"], target_type="user",
                 target=public["email"], engine=engine)
    return public, password


def change_password(acting: dict[str, Any] | None, current: str, new: str, repeat: str | None = None, *,
                    engine: Engine | None = None) -> None:
    """The logged-in person replaces their own password; the current one must be given."""
    from kb import permissions

    if not permissions.active(acting):
        raise permissions.Forbidden("login_required")
    if repeat is not None and new != repeat:
        raise UserError("password_mismatch")
    _check_password(new)
    if new == current:
        raise UserError("password_same")
    engine = engine or get_engine()
    if _recent_failures(acting["id"], engine) >= MAX_PASSWORD_FAILURES:
        raise UserError("password_locked", minutes=FAILURE_WINDOW_MINUTES)
    with session_scope(engine) as s:
        user = s.get(User, acting["id"])
        if user is None or not user.active:
            raise permissions.Forbidden("login_required")
        try:
            _hasher.verify(user.password_hash, current)
            wrong = False
        except (VerificationError, InvalidHashError):
            wrong = True
        if not wrong:
            user.password_hash = _hasher.hash(new)
            user.must_change_password = False
    if wrong:  # logged, and counted: the current password cannot be guessed here without end
        audit.record("password_change_failed", actor=acting["email"], actor_id=acting["id"], target_type="user",
                     target=acting["email"], engine=engine)
        raise UserError("password_wrong")
    audit.record("password_change", actor=acting["email"], actor_id=acting["id"], target_type="user",
                 target=acting["email"], engine=engine)


MAX_PASSWORD_FAILURES = 5
FAILURE_WINDOW_MINUTES = 15


def _recent_failures(user_id: int, engine: Engine) -> int:
    """Wrong current passwords given for this account in the last FAILURE_WINDOW_MINUTES (from the
    audit log, so every worker process counts the same)."""
    since = utcnow() - timedelta(minutes=FAILURE_WINDOW_MINUTES)
    with session_scope(engine) as s:
        stmt = select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "password_change_failed", AuditLog.actor_id == user_id, AuditLog.created_at >= since)
        return int(s.exec(stmt).one())


def session_stamp(user_id: int, *, engine: Engine | None = None) -> tuple[dict[str, Any] | None, str]:
    """(the account, a stamp of its current password) for the session check: a session remembers the
    stamp it was opened with, so a changed or reset password ends every other session at once."""
    with session_scope(engine or get_engine()) as s:
        user = s.get(User, user_id)
        if user is None:
            return None, ""
        return _public(user), _stamp(user.password_hash)


def _stamp(password_hash: str) -> str:
    return hashlib.sha256(("praktijkbank-session:" + (password_hash or "")).encode()).hexdigest()[:16]


def authenticate(email: str, password: str, *, engine: Engine | None = None) -> dict[str, Any] | None:
    """The user when the password matches an active account, else None (same answer either way)."""
    with session_scope(engine or get_engine()) as s:
        user = s.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None or not user.active:
            _hasher.hash(password)  # spend the same time, so timing does not reveal which emails exist
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return _public(user)


def get(user_id: int, *, engine: Engine | None = None) -> dict[str, Any] | None:
    with session_scope(engine or get_engine()) as s:
        user = s.get(User, user_id)
        return _public(user) if user else None


def get_by_email(email: str, *, engine: Engine | None = None) -> dict[str, Any] | None:
    with session_scope(engine or get_engine()) as s:
        user = s.exec(select(User).where(User.email == email.strip().lower())).first()
        return _public(user) if user else None


def list_all(acting: dict[str, Any] | None, *, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Every account, for the admin page (admins only)."""
    from kb import permissions

    permissions.require(permissions.can_manage_users(acting), acting)
    with session_scope(engine or get_engine()) as s:
        return [_public(u) for u in s.exec(select(User).order_by(User.email))]


def _change(acting: dict[str, Any] | None, user_id: int, engine: Engine | None, **values) -> dict[str, Any]:
    from kb import audit, permissions
    from kb.permissions import Forbidden

    permissions.require(permissions.can_manage_users(acting), acting)
    if "role" in values and values["role"] not in ROLES:
        raise Forbidden("unknown_role", value=str(values["role"])[:40])
    engine = engine or get_engine()
    with session_scope(engine) as s:
        user = s.get(User, user_id)
        if user is None:
            raise Forbidden("user_not_found")
        before = _public(user)
        for key, value in values.items():
            setattr(user, key, value)
        s.flush()
        admins = s.exec(select(User.id).where(User.role == "admin", User.active == True)).all()  # noqa: E712
        if not admins:  # nobody could manage accounts any more: refuse, the transaction rolls back
            raise Forbidden("last_admin")
        after = _public(user)
    audit.record("user_" + "_".join(sorted(values)), actor=acting["email"], actor_id=acting["id"], target_type="user",
                 target=after["email"], detail={k: [before[k], after[k]] for k in values}, engine=engine)
    return after


def set_role(acting: dict[str, Any] | None, user_id: int, role: str, *, engine: Engine | None = None) -> dict[str, Any]:
    return _change(acting, user_id, engine, role=role)


def set_active(acting: dict[str, Any] | None, user_id: int, active: bool, *,
               engine: Engine | None = None) -> dict[str, Any]:
    return _change(acting, user_id, engine, active=bool(active))
