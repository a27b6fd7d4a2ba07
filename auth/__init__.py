"""Accounts on the web: sessions, login/logout (password or OpenID Connect), CSRF checks, login limits.

`init_app(server)` wires it into the Flask server; pages ask `auth.session.current_user()` who is
logged in, and pass that user to kb, which decides what they may do (kb.permissions).
"""
from __future__ import annotations

import os
from datetime import timedelta

import flask


def init_app(server: flask.Flask) -> None:
    from auth import csrf, limits, oidc, routes

    server.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=int(os.environ.get(
        "PRAKTIJKBANK_SESSION_HOURS", "8"))))
    if os.environ.get("PRAKTIJKBANK_COOKIE_SECURE") == "1":  # behind HTTPS: cookies only over TLS
        server.config["SESSION_COOKIE_SECURE"] = True
    server.config["PRAKTIJKBANK_OIDC"] = oidc.config_from_env()
    csrf.init_app(server)
    limiter = limits.init_app(server)
    server.register_blueprint(routes.make_blueprint(limiter))
