"""Who is logged in: the user id in the signed Flask session, checked against the database on each
request (a deactivated account or a changed role takes effect at once). The session also holds a
stamp of the password it was opened with: a changed or reset password ends every other session
(a stolen cookie included) at once."""
from __future__ import annotations

from typing import Any

import flask

from kb import users
from kb.permissions import Forbidden

KEY = "uid"
STAMP = "pws"


def _engine():
    return flask.current_app.config.get("PRAKTIJKBANK_ENGINE")


def current_user() -> dict[str, Any] | None:
    """The active user of this request, or None (anonymous, or outside a request)."""
    if not flask.has_request_context():
        return None
    if "pb_user" in flask.g:
        return flask.g.pb_user
    user = None
    uid = flask.session.get(KEY)
    if isinstance(uid, int):
        user, stamp = users.session_stamp(uid, engine=_engine())
        if user is not None and (not user["active"] or flask.session.get(STAMP) != stamp):
            user = None
    flask.g.pb_user = user
    return user


def require_user() -> dict[str, Any]:
    user = current_user()
    if user is None:
        raise Forbidden("login_required")
    return user


def login(user: dict[str, Any]) -> None:
    """A fresh session for this user: nothing of the anonymous session survives (no fixation)."""
    from auth import csrf

    flask.session.clear()
    flask.session[KEY] = user["id"]
    flask.session[STAMP] = users.session_stamp(user["id"], engine=_engine())[1]
    flask.session.permanent = True
    csrf.rotate()
    flask.g.pb_user = user


def renew_stamp(user: dict[str, Any]) -> None:
    """After this session's own password change: it stays open (the others end)."""
    flask.session[STAMP] = users.session_stamp(user["id"], engine=_engine())[1]


def logout() -> None:
    flask.session.clear()
    flask.g.pb_user = None
