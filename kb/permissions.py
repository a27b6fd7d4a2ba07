"""Who may do what: each function takes the acting user (a dict from kb.users, or None when anonymous).

The UI hides what a person may not do, but these checks are what counts: every state-changing
function in kb calls them, so a request that bypasses the UI is refused just the same.
"""
from __future__ import annotations

from typing import Any, Optional

from kb import messages

User = Optional[dict[str, Any]]
RANK = {"contributor": 1, "editor": 2, "admin": 3}
OWNER_EDITABLE = ("draft", "submitted", "rejected")  # a contributor's own, not yet (or no longer) public


class Forbidden(PermissionError):
    """The acting user may not do this; `code` names a message in kb.messages."""

    def __init__(self, code: str = "forbidden", **params):
        self.code = code
        self.params = params
        super().__init__(messages.render(code, **params))

    def message(self, lang: str = "nl") -> str:
        return messages.render(self.code, lang=lang, **self.params)


def active(user: User) -> bool:
    return bool(user) and bool(user.get("active", True)) and user.get("role") in RANK


def at_least(user: User, role: str) -> bool:
    return active(user) and RANK[user["role"]] >= RANK[role]


def is_editor(user: User) -> bool:
    """Editors and admins review, publish, reject and edit everything."""
    return at_least(user, "editor")


def is_admin(user: User) -> bool:
    return at_least(user, "admin")


def is_owner(user: User, record: dict[str, Any]) -> bool:
    return active(user) and record.get("owner_id") is not None and record["owner_id"] == user.get("id")


def can_view(user: User, record: dict[str, Any]) -> bool:
    """Published initiatives are public; the rest only for their owner and the editors."""
    return record.get("status") == "published" or is_owner(user, record) or is_editor(user)


def can_create(user: User) -> bool:
    return active(user)


def can_edit(user: User, record: dict[str, Any]) -> bool:
    """Editors edit all; a contributor edits their own while it is not public (else: propose)."""
    if is_editor(user):
        return True
    return is_owner(user, record) and record.get("status") in OWNER_EDITABLE


def can_propose(user: User, record: dict[str, Any]) -> bool:
    """Any logged-in person may propose an addition to an initiative they can see."""
    return active(user) and can_view(user, record)


def can_view_history(user: User, record: dict[str, Any]) -> bool:
    """The history names the people who wrote each revision: editors and the owner only."""
    return is_editor(user) or is_owner(user, record)


def can_restore(user: User, record: dict[str, Any]) -> bool:
    return is_editor(user)


def can_review(user: User) -> bool:
    return is_editor(user)


def audit_scope(user: User) -> tuple[str, ...] | None | bool:
    """Which audit-log entries `user` may read: every kind (None) for administrators, the
    initiatives' (("initiative",)) for editors, none (False) for anyone else. Logins and account
    changes are personal data, so only administrators see them."""
    if is_admin(user):
        return None
    if is_editor(user):
        return ("initiative",)
    return False


def can_manage_users(user: User) -> bool:
    return is_admin(user)


def require(allowed: bool, user: User, code: str = "forbidden") -> None:
    """Raise Forbidden (or ask to log in first) unless `allowed`."""
    if not allowed:
        raise Forbidden("login_required" if not active(user) else code)
