"""Indienen: the form for a new initiative (or a saved draft of one: /indienen?concept=<id>)."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from auth.session import current_user
from components import callbacks, initiative_form
from components.i18n import current_lang
from kb import drafts
from kb.permissions import Forbidden

dash.register_page(__name__, path="/indienen", title="Initiatief indienen – Praktijkbank")
callbacks.once(initiative_form)


def layout(concept: str = "", **_query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/indienen")
    draft = None
    if concept.isdigit():
        try:
            draft = drafts.get(int(concept), user)
        except Forbidden as exc:
            return html.Div([dbc.Alert(exc.message(lang), color="warning")])
        if draft["slug"]:  # a draft on an existing initiative belongs to its edit page
            return dash.dcc.Location(id="pb-redirect", href=f"/bewerken/{draft['slug']}?concept={draft['id']}")
    return initiative_form.layout(mode="new", content=(draft or {}).get("data") or {}, lang=lang, user=user,
                                  draft=draft)
