"""Which language a person reads: Dutch by default, English when they switched (a cookie).

Kept here, outside components/, because more than the pages need it: the API's CSV export speaks
the reader's language too, and the API must not reach into the UI. Works without a request (Dutch).
"""
from __future__ import annotations

LANGS = ("nl", "en")
COOKIE = "pb_lang"


def current_lang() -> str:
    """The language of the request being served (cookie), Dutch when unknown or outside a request."""
    try:
        from flask import has_request_context, request
    except ImportError:  # kb used without the web app
        return "nl"
    if has_request_context():
        lang = request.cookies.get(COOKIE, "nl")
        return lang if lang in LANGS else "nl"
    return "nl"
