"""The duplicate warning on the form: while title and summary are typed, the closest existing
initiatives appear ("Lijkt op: … 82%"), each with a way to open it or propose an addition there.

It asks the search index (`get_index().duplicates(title, summary, limit=5)`); when the index is not
there or fails, the form simply shows no warning.
"""
from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from components.i18n import add_texts, current_lang, fmt_pct, t

log = logging.getLogger(__name__)
MIN_SCORE = 0.35
SHOW = 3

add_texts({
    "dup.title": ("Bestaat dit al?", "Does this exist already?"),
    "dup.intro": ("Lijkt op:", "Looks like:"),
    "dup.open": ("Bekijken", "View"),
    "dup.propose": ("Aanvulling voorstellen", "Propose addition"),
    "dup.hint": ("Gaat het om hetzelfde initiatief? Vul dan liever het bestaande aan.",
                 "Is it the same initiative? Then please add to the existing one instead."),
})


def candidates(title: str, summary: str, own_slug: str | None = None) -> list[dict]:
    """Similar existing initiatives, best first; [] when the index is unavailable."""
    if len((title or "").strip()) < 5:
        return []
    try:
        from index.runtime import get_index

        found = get_index().duplicates(title or "", summary or "", limit=5)
    except Exception:  # no index yet, or it failed: no warning rather than a broken form
        log.debug("duplicate check unavailable", exc_info=True)
        return []
    out = []
    for item in found or []:
        try:
            score = float(item["score"])
            slug, name = str(item["slug"]), str(item["title"])
        except (KeyError, TypeError, ValueError):
            continue
        if slug != own_slug and score >= MIN_SCORE:
            out.append({"slug": slug, "title": name, "score": max(0.0, min(1.0, score))})
    return sorted(out, key=lambda x: -x["score"])[:SHOW]


def warning(items: list[dict], lang: str):
    if not items:
        return None
    return dbc.Card(dbc.CardBody([
        html.H2(t("dup.title", lang), className="h6"),
        html.P(t("dup.intro", lang), className="mb-1 small"),
        html.Ul([html.Li([
            html.Span(item["title"], className="fw-semibold"), " ",
            html.Span(fmt_pct(item["score"], lang), className="badge text-bg-warning"),
            html.Div([dcc.Link(t("dup.open", lang), href=f"/initiatief/{item['slug']}", target="_blank",
                               className="me-2 small"),
                      dcc.Link(t("dup.propose", lang), href=f"/bewerken/{item['slug']}", className="small")]),
        ], className="mb-2") for item in items], className="list-unstyled mb-1"),
        html.P(t("dup.hint", lang), className="small text-body-secondary mb-0"),
    ]), color="warning", outline=True, className="mb-3", id="pb-duplicate-warning")


def _warn(title, summary, context):
    context = context or {}
    if context.get("mode") != "new":
        return None
    return warning(candidates(title, summary, context.get("slug")), current_lang())


def register() -> None:
    """The callbacks of this module (see components.callbacks.once)."""
    callback(
        Output("pb-duplicates", "children"),
        Input({"type": "pbf", "field": "title"}, "value"),
        Input({"type": "pbf", "field": "summary"}, "value"),
        State("pb-form-ctx", "data"),
    )(_warn)
