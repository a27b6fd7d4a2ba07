"""Mijn inzendingen: the person's drafts (kept while typing) and initiatives with their status and
the editors' reason."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from auth.session import current_user
from components import initiative_form
from components.curation_panel import status_badge
from components.i18n import add_texts, current_lang, fmt_date, t
from kb import drafts, services

dash.register_page(__name__, path="/mijn-inzendingen", title="Mijn inzendingen – Praktijkbank")

add_texts({
    "mine.title": ("Mijn inzendingen", "My submissions"),
    "mine.drafts": ("Concepten in bewerking", "Drafts in progress"),
    "mine.no_drafts": ("Geen concepten.", "No drafts."),
    "mine.initiatives": ("Mijn initiatieven", "My initiatives"),
    "mine.none": ("U hebt nog geen initiatieven ingediend.", "You have not submitted any initiatives yet."),
    "mine.new": ("Nieuw initiatief indienen", "Submit a new initiative"),
    "mine.untitled": ("(nog zonder titel)", "(no title yet)"),
    "mine.draft_new": ("nieuw initiatief", "new initiative"),
    "mine.draft_on": ("aanvulling op ‘{slug}’", "addition to ‘{slug}’"),
    "mine.proposed": ("voorgesteld aan de redactie", "proposed to the editors"),
    "mine.saved_at": ("bewaard {date}", "saved {date}"),
    "mine.reason": ("Reden: {reason}", "Reason: {reason}"),
})


def _draft_item(d: dict, lang: str) -> html.Li:
    href = f"/bewerken/{d['slug']}?concept={d['id']}" if d["slug"] else f"/indienen?concept={d['id']}"
    what = t("mine.draft_on", lang, slug=d["slug"]) if d["slug"] else t("mine.draft_new", lang)
    return html.Li([
        dcc.Link(d["title"] or t("mine.untitled", lang), href=href, className="fw-semibold"),
        html.Span(f" — {what}", className="text-body-secondary"),
        html.Span(t("mine.proposed", lang), className="badge text-bg-info ms-2") if d["state"] == "proposed" else None,
        html.Div(t("mine.saved_at", lang, date=fmt_date(d["updated_at"], lang)), className="small text-body-secondary"),
    ], className="list-group-item")


def _initiative_item(r: dict, lang: str) -> html.Li:
    return html.Li([
        dcc.Link(r["title"], href=f"/initiatief/{r['slug']}", className="fw-semibold me-2"),
        status_badge(r["status"], lang),
        html.Div(t("mine.reason", lang, reason=r["status_reason"]), className="small text-danger-emphasis mt-1")
        if r["status"] == "rejected" and r.get("status_reason") else None,
        html.Div(t("init.revision", lang, date=fmt_date(r["updated_at"], lang), n=r["revision"]),
                 className="small text-body-secondary"),
    ], className="list-group-item", **{"data-slug": r["slug"]})


def layout(**_query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/mijn-inzendingen")
    mine_drafts = drafts.list_for(user)
    mine = services.owned_by(user["id"])
    return html.Div([
        html.H1(t("mine.title", lang), className="h3"),
        dcc.Link(t("mine.new", lang), href="/indienen", className="btn btn-primary mb-4"),
        html.H2(t("mine.drafts", lang), className="h5"),
        html.Ul([_draft_item(d, lang) for d in mine_drafts], className="list-group mb-4", id="mine-drafts")
        if mine_drafts else html.P(t("mine.no_drafts", lang), className="text-body-secondary"),
        html.H2(t("mine.initiatives", lang), className="h5"),
        html.Ul([_initiative_item(r, lang) for r in mine], className="list-group", id="mine-initiatives")
        if mine else dbc.Alert(t("mine.none", lang), color="light"),
    ])
