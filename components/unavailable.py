"""What users see while the database is away: a calm "tijdelijk niet beschikbaar", never a stack trace.

Every page layout is wrapped once (in app.py) so that a lost database connection during a page
render gives this message; the app recovers by itself when the database returns (pool_pre_ping).
"""
from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import html
from sqlalchemy.exc import DBAPIError, OperationalError

from components.i18n import current_lang, t

log = logging.getLogger(__name__)
DOWN_ERRORS = (OperationalError, DBAPIError)


def message(lang: str | None = None) -> html.Div:
    lang = lang or current_lang()
    return html.Div([
        html.H1(t("unavailable.title", lang), className="h3"),
        dbc.Alert(t("unavailable.text", lang), color="warning"),
    ], role="alert")


def guard(layout):
    """Wrap a page layout function: a database outage shows `message()` instead of an error."""
    if not callable(layout):
        return layout

    @functools.wraps(layout)
    def guarded(*args, **kwargs):
        try:
            return layout(*args, **kwargs)
        except DOWN_ERRORS as exc:
            log.warning("database unavailable while rendering a page: %s", exc)
            return message()

    return guarded


def html_page(lang: str | None = None) -> str:
    lang = lang or current_lang()
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{t("unavailable.title", lang)}'
            f'</title><meta http-equiv="refresh" content="30"></head><body style="font-family:sans-serif;'
            f'max-width:40em;margin:3em auto"><h1>{t("unavailable.title", lang)}</h1>'
            f'<p>{t("unavailable.text", lang)}</p></body></html>')
