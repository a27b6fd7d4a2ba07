"""The login and logout endpoints (plain HTML form posts) and the OpenID Connect redirects."""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import flask
from flask_limiter import Limiter
from markupsafe import escape

from auth import limits, oidc, session
from kb import audit, users

log = logging.getLogger(__name__)
LOGIN_PAGE = "/inloggen"
PASSWORD_PAGE = "/wachtwoord"


def safe_next(target: str | None, default: str = "/mijn-inzendingen") -> str:
    """Only a path on this site: no other host, no scheme, no protocol-relative '//' trick."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


def _engine():
    return flask.current_app.config.get("PRAKTIJKBANK_ENGINE")


def _back_to_login(error: str, next_url: str) -> flask.Response:
    return flask.redirect(f"{LOGIN_PAGE}?{urlencode({'fout': error, 'next': next_url})}", code=303)


def login_post():
    form = flask.request.form
    email = form.get("email", "").strip().lower()[:254]
    next_url = safe_next(form.get("next"))
    user = users.authenticate(email, form.get("password", ""), engine=_engine()) if email else None
    if user is None:
        flask.g.login_failed = True  # counts towards the rate limits
        audit.record("login_failed", actor=email, target_type="session", target=email,
                     detail={"address": flask.request.remote_addr}, engine=_engine())
        return _back_to_login("1", next_url)
    session.login(user)
    audit.record("login", actor=user["email"], actor_id=user["id"], target_type="session", target=user["email"],
                 engine=_engine())
    if user.get("must_change_password"):  # a temporary password from an administrator: choose one first
        return flask.redirect(f"{PASSWORD_PAGE}?{urlencode({'next': next_url})}", code=303)
    return flask.redirect(next_url, code=303)


def logout_post():
    user = session.current_user()
    if user:
        audit.record("logout", actor=user["email"], actor_id=user["id"], target_type="session",
                     target=user["email"], engine=_engine())
    session.logout()
    return flask.redirect("/", code=303)


def _oidc_config() -> oidc.OIDCConfig:
    config = flask.current_app.config.get("PRAKTIJKBANK_OIDC")
    if config is None:
        flask.abort(404)
    return config


def _redirect_uri() -> str:
    return flask.url_for("auth.oidc_callback", _external=True)


def oidc_start():
    config = _oidc_config()
    try:
        meta = oidc.discover(config)
    except Exception:
        log.exception("OpenID Connect discovery failed")
        return _back_to_login("oidc", "/")
    flow = oidc.new_flow()
    flow["next"] = safe_next(flask.request.args.get("next"))
    flask.session["oidc"] = flow
    return flask.redirect(oidc.authorization_url(config, meta, _redirect_uri(), flow), code=302)


def oidc_callback():
    config = _oidc_config()
    flow = flask.session.pop("oidc", None)
    args = flask.request.args
    if not isinstance(flow, dict) or not args.get("state") or args.get("state") != flow.get("state") \
            or not args.get("code"):
        return _back_to_login("oidc", "/")
    try:
        meta = oidc.discover(config)
        tokens = oidc.exchange_code(config, meta, args["code"], _redirect_uri(), flow)
        email = oidc.email_from(tokens, config, flow["nonce"])
    except Exception as exc:
        log.warning("OpenID Connect login failed: %s", exc)
        return _back_to_login("oidc", flow.get("next", "/"))
    user = users.get_by_email(email, engine=_engine())
    if user is None or not user["active"]:
        audit.record("login_failed", actor=email, target_type="session", target=email, detail={"via": "oidc"},
                     engine=_engine())
        return _back_to_login("onbekend", flow.get("next", "/"))
    session.login(user)
    audit.record("login", actor=user["email"], actor_id=user["id"], target_type="session", target=user["email"],
                 detail={"via": "oidc"}, engine=_engine())
    return flask.redirect(safe_next(flow.get("next")), code=303)


def too_many(exc):
    lang = flask.request.cookies.get("pb_lang", "nl")
    text = ("Too many failed login attempts. Please wait a minute and try again." if lang == "en" else
            "Te veel mislukte inlogpogingen. Wacht een minuut en probeer het dan opnieuw.")
    body = (f'<!doctype html><html lang="{escape(lang)}"><meta charset="utf-8"><title>Praktijkbank</title>'
            f'<p>{escape(text)}</p><p><a href="{LOGIN_PAGE}">{escape("Back" if lang == "en" else "Terug")}</a></p></html>')
    return flask.Response(body, status=429, mimetype="text/html")


def make_blueprint(limiter: Limiter) -> flask.Blueprint:
    """The blueprint for one app (the rate limits belong to that app's limiter)."""
    bp = flask.Blueprint("auth", __name__, url_prefix="/auth")
    limited = limiter.limit(limits.per_address, deduct_when=lambda _r: limits.failed())(
        limiter.limit(limits.per_email, key_func=limits.email_key, deduct_when=lambda _r: limits.failed())(login_post))
    bp.add_url_rule("/login", "login", limited, methods=["POST"])
    bp.add_url_rule("/logout", "logout", logout_post, methods=["POST"])
    bp.add_url_rule("/oidc/start", "oidc_start", oidc_start, methods=["GET"])
    bp.add_url_rule("/oidc/callback", "oidc_callback", oidc_callback, methods=["GET"])
    bp.register_error_handler(429, too_many)
    return bp
