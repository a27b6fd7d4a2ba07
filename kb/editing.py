"""Creating and changing initiatives on behalf of a person: the permission checks, then kb.services.

The form never sets the workflow state, the owner or (after creation) the slug: those are forced
here, so a crafted request cannot publish by editing. Changing the state goes through kb.workflow.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from kb import permissions, services
from kb.permissions import Forbidden, User
from kb.records import content_of


def create(raw: dict[str, Any], *, user: User, submit: bool = False, engine: Engine | None = None) -> dict[str, Any]:
    """A new initiative owned by `user`, as a draft or (submit=True) straight into the review queue."""
    permissions.require(permissions.can_create(user), user)
    data = dict(raw, status="submitted" if submit else "draft")
    return services.create(data, author=user["email"], owner_id=user["id"], actor_id=user["id"],
                           message="aangemaakt en ingediend" if submit else "aangemaakt als concept", engine=engine)


def save(slug: str, raw: dict[str, Any], *, user: User, expected_revision: int, message: str = "",
         engine: Engine | None = None) -> tuple[dict[str, Any], bool]:
    """Store `user`'s changes as a new revision (StaleRevision when someone saved in between)."""
    record = services.get(slug, engine=engine)
    if record is None:
        raise services.NotFound(slug)
    if not permissions.can_view(user, record):
        raise services.NotFound(slug)  # do not reveal that an unpublished initiative exists
    permissions.require(permissions.can_edit(user, record), user, "forbidden_edit")
    data = dict(raw, status=record["status"], slug=slug)
    return services.update(slug, data, expected_revision=expected_revision, author=user["email"],
                           actor_id=user["id"], message=message, engine=engine)


def restore(slug: str, revision: int, *, user: User, expected_revision: int,
            engine: Engine | None = None) -> dict[str, Any]:
    """Make an older revision's content current again, as a new revision; the state stays as it is."""
    record = services.get(slug, engine=engine)
    if record is None:
        raise services.NotFound(slug)
    permissions.require(permissions.can_restore(user, record), user)
    snapshot = services.snapshot_at(slug, revision, engine=engine)
    if snapshot is None:
        raise Forbidden("revision_not_found", value=revision)
    data = dict(snapshot, status=record["status"], slug=slug)
    updated, _ = services.update(slug, data, expected_revision=expected_revision, author=user["email"],
                                 actor_id=user["id"], message=f"hersteld naar revisie {revision}",
                                 audit_action="restore", engine=engine)
    return updated


def editable_content(record: dict[str, Any]) -> dict[str, Any]:
    """The content fields of a record, as the form starts from."""
    return content_of(record)
