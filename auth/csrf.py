"""Cross-site request forgery: every state-changing request must come from our own pages.

Two checks, both on the server:
1. Origin (or, without it, Referer) must be this host. A browser always sends Origin with a
   cross-site POST, so a forged form or fetch from another site is refused here.
2. A per-session secret token must come with the request: in the `csrf_token` form field (login and
   logout forms) or in the `X-CSRFToken` header. Dash's renderer sends that header by itself on every
   callback, with the value of the `_csrf_token` cookie, which this module sets. Another site can
   neither read that cookie nor the signed session it is compared with.

The token is required for the /auth/ forms and for every POST made with a logged-in session (all
Dash callbacks that change something need one); anonymous read-only callbacks (search, basket) only
get the Origin check, so API clients and tools without a browser keep working.
"""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

import flask

SESSION_KEY = "csrf"
COOKIE = "_csrf_token"  # Dash's default csrf_token_name
HEADER = "X-CSRFToken"  # Dash's default csrf_header_name
FIELD = "csrf_token"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def token() -> str:
    """This session's token (made on first use)."""
    value = flask.session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        flask.session[SESSION_KEY] = value
    return value


def rotate() -> str:
    flask.session.pop(SESSION_KEY, None)
    return token()


def _same_origin(url: str) -> bool:
    parts = urlsplit(url)
    own = urlsplit(flask.request.host_url)
    return (parts.scheme, parts.netloc.lower()) == (own.scheme, own.netloc.lower())


def origin_ok() -> bool | None:
    """True/False when the request says where it comes from; None when it says nothing."""
    origin = flask.request.headers.get("Origin")
    if origin and origin != "null":
        return _same_origin(origin)
    if origin == "null":
        return False
    referer = flask.request.headers.get("Referer")
    if referer:
        return _same_origin(referer)
    return None


def token_ok() -> bool:
    sent = flask.request.headers.get(HEADER) or flask.request.form.get(FIELD, "")
    expected = flask.session.get(SESSION_KEY)
    return bool(sent) and isinstance(expected, str) and hmac.compare_digest(sent.encode(), expected.encode())


def needs_token() -> bool:
    from auth.session import KEY

    return flask.request.path.startswith("/auth/") or flask.session.get(KEY) is not None


def refuse(reason: str):
    flask.current_app.logger.warning("CSRF refused %s %s: %s", flask.request.method, flask.request.path, reason)
    flask.abort(403, description="Dit verzoek komt niet van deze site of de sessie is verlopen; laad de pagina opnieuw.")


def protect() -> None:
    if flask.request.method not in UNSAFE:
        return
    origin = origin_ok()
    if origin is False:
        refuse("origin")
    if needs_token():
        if origin is None:
            refuse("no origin")
        if not token_ok():
            refuse("token")


def set_cookie(response: flask.Response) -> flask.Response:
    """Give the browser the session's token in a cookie Dash can read (never HttpOnly, SameSite=Strict).

    Only on HTML responses (pages, form redirects): the JSON API and static files stay cookie-free.
    """
    if response.mimetype != "text/html":
        return response
    value = token()
    if flask.request.cookies.get(COOKIE) != value:
        response.set_cookie(COOKIE, value, httponly=False, samesite="Strict", path="/",
                            secure=flask.current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def init_app(server: flask.Flask) -> None:
    server.before_request(protect)
    server.after_request(set_cookie)
