"""Beoordelen: the editors' queue — submitted initiatives and proposed additions, oldest first."""
from __future__ import annotations

import dash
from dash import dcc, html

from auth.session import current_user
from components import initiative_form
from components.i18n import add_texts, current_lang, fmt_date, t
from kb import drafts, permissions, services, users

dash.register_page(__name__, path="/beoordelen", title="Beoordelen – Praktijkbank")

add_texts({
    "review.title": ("Beoordelen", "Review"),
    "review.submitted": ("Ingediende initiatieven ({n})", "Submitted initiatives ({n})"),
    "review.proposals": ("Voorgestelde aanvullingen ({n})", "Proposed additions ({n})"),
    "review.empty": ("Niets te beoordelen.", "Nothing to review."),
    "review.by": ("door {who}, {date}", "by {who}, {date}"),
    "review.open_proposal": ("Voorstel bekijken", "View proposal"),
    "review.forbidden": ("Deze pagina is voor de redactie.", "This page is for the editors."),
})


def _who(owner_id, cache: dict) -> str:
    if owner_id is None:
        return "–"
    if owner_id not in cache:
        user = users.get(owner_id)
        cache[owner_id] = (user["name"] or user["email"]) if user else "–"
    return cache[owner_id]


def layout(**_query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/beoordelen")
    if not permissions.can_review(user):
        return html.Div([html.H1(t("review.title", lang), className="h3"), html.P(t("review.forbidden", lang))])
    queue = sorted(services.list_records(status="submitted"), key=lambda r: r["updated_at"])
    proposals = drafts.proposals(user)
    names: dict = {}
    return html.Div([
        html.H1(t("review.title", lang), className="h3"),
        html.H2(t("review.submitted", lang, n=len(queue)), className="h5 mt-3"),
        html.Ul([html.Li([
            dcc.Link(r["title"], href=f"/initiatief/{r['slug']}", className="fw-semibold"),
            html.Div(t("review.by", lang, who=_who(r["owner_id"], names), date=fmt_date(r["updated_at"], lang)),
                     className="small text-body-secondary"),
            html.P(r["summary"], className="mb-0 small"),
        ], className="list-group-item", **{"data-slug": r["slug"]}) for r in queue], className="list-group mb-4",
            id="review-queue") if queue else html.P(t("review.empty", lang), className="text-body-secondary"),
        html.H2(t("review.proposals", lang, n=len(proposals)), className="h5"),
        html.Ul([html.Li([
            html.Span(p["title"] or p["slug"], className="fw-semibold me-2"),
            dcc.Link(t("review.open_proposal", lang), href=f"/bewerken/{p['slug']}?voorstel={p['id']}"),
            html.Div(t("review.by", lang, who=p["author"], date=fmt_date(p["updated_at"], lang)),
                     className="small text-body-secondary"),
        ], className="list-group-item") for p in proposals], className="list-group", id="review-proposals")
        if proposals else html.P(t("review.empty", lang), className="text-body-secondary"),
    ])
