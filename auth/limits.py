"""Login attempts are rate-limited (Flask-Limiter), per client address and per e-mail address.

Only failed attempts count, so a person who logs in correctly is never held up. The counters live
in memory (storage "memory://"): they are per process and start again at a restart, which is enough
to make guessing passwords slow; with several gunicorn workers each has its own counters (set
PRAKTIJKBANK_RATELIMIT_STORAGE to e.g. a redis:// URL to share them).
"""
from __future__ import annotations

import os

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

PER_ADDRESS = "20 per minute; 200 per day"
PER_EMAIL = "5 per minute; 50 per day"


def per_address() -> str:
    return flask.current_app.config.get("PRAKTIJKBANK_LOGIN_LIMIT_ADDRESS", PER_ADDRESS)


def per_email() -> str:
    return flask.current_app.config.get("PRAKTIJKBANK_LOGIN_LIMIT_EMAIL", PER_EMAIL)


def email_key() -> str:
    return "email:" + flask.request.form.get("email", "").strip().lower()[:254]


def failed() -> bool:
    return bool(flask.g.get("login_failed"))


def init_app(server: flask.Flask) -> Limiter:
    return Limiter(get_remote_address, app=server, default_limits=[], headers_enabled=False,
                   storage_uri=os.environ.get("PRAKTIJKBANK_RATELIMIT_STORAGE", "memory://"))
