"""On an initiative's page, for its owner and the editors: status, the editors' reason, and the
actions this person may take (edit or propose, history, submit / publish / reject / archive)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from auth.session import current_user
from components.i18n import add_texts, current_lang, t
from kb import permissions, services, workflow
from kb.permissions import Forbidden

add_texts({
    "cur.title": ("Status en beheer", "Status and curation"),
    "cur.status": ("Status: {state}", "Status: {state}"),
    "cur.reason": ("Reden van de redactie: {reason}", "Editors' reason: {reason}"),
    "cur.edit": ("Bewerken", "Edit"),
    "cur.propose": ("Aanvulling voorstellen", "Propose addition"),
    "cur.history": ("Geschiedenis", "History"),
    "cur.reason_label": ("Reden bij afwijzen (de indiener ziet deze)", "Reason when rejecting (the contributor sees it)"),
    "cur.done": ("Gelukt: {state}.", "Done: {state}."),
    "cur.saved": ("Opgeslagen.", "Saved."),
    "cur.action.submit": ("Indienen ter beoordeling", "Submit for review"),
    "cur.action.withdraw": ("Terugtrekken", "Withdraw"),
    "cur.action.publish": ("Publiceren", "Publish"),
    "cur.action.reject": ("Afwijzen", "Reject"),
    "cur.action.archive": ("Archiveren", "Archive"),
})
COLORS = {"draft": "secondary", "submitted": "info", "published": "success", "rejected": "danger",
          "archived": "dark"}
BUTTON = {"publish": "success", "reject": "danger", "archive": "outline-dark", "submit": "primary",
          "withdraw": "outline-secondary"}


def status_badge(state: str, lang: str) -> html.Span:
    return html.Span(workflow.state_label(state, lang), className=f"badge text-bg-{COLORS.get(state, 'light')}")


def panel(record: dict, lang: str, saved: bool = False):
    """None for visitors who can do nothing here; else the status card with the allowed actions."""
    user = current_user()
    if user is None:
        return None
    actions = workflow.allowed_actions(user, record)
    can_edit = permissions.can_edit(user, record)
    can_propose = permissions.can_propose(user, record)
    history = permissions.can_view_history(user, record)
    if not (actions or can_edit or can_propose or history):
        return None
    slug = record["slug"]
    links = []
    if can_edit:
        links.append(dcc.Link(t("cur.edit", lang), href=f"/bewerken/{slug}", className="btn btn-sm btn-primary me-2",
                              id="cur-edit"))
    elif can_propose:
        links.append(dcc.Link(t("cur.propose", lang), href=f"/bewerken/{slug}",
                              className="btn btn-sm btn-outline-primary me-2", id="cur-propose"))
    if history:
        links.append(dcc.Link(t("cur.history", lang), href=f"/geschiedenis/{slug}",
                              className="btn btn-sm btn-outline-secondary", id="cur-history"))
    return dbc.Card(dbc.CardBody([
        dcc.Store(id="cur-ctx", data={"slug": slug, "revision": record["revision"]}),
        dcc.Location(id="cur-nav", refresh=True),
        html.H2(t("cur.title", lang), className="h6"),
        html.P([t("cur.status", lang, state=""), status_badge(record["status"], lang)], className="mb-2",
               id="cur-status"),
        dbc.Alert(t("cur.reason", lang, reason=record["status_reason"]), color="warning", className="py-2",
                  id="cur-reason") if record["status"] == "rejected" and record.get("status_reason") else None,
        dbc.Alert(t("cur.saved", lang), color="success", className="py-2", duration=5000) if saved else None,
        html.Div(links, className="mb-2"),
        html.Div([  # always present (the callback reads it), shown where rejecting is possible
            dbc.Label(t("cur.reason_label", lang), html_for="cur-reason-input", className="small"),
            dbc.Textarea(id="cur-reason-input", rows=2, className="mb-2"),
        ], style=None if "reject" in actions else {"display": "none"}),
        html.Div([dbc.Button(t(f"cur.action.{a}", lang), id={"type": "cur-action", "action": a}, size="sm",
                             color=BUTTON.get(a, "secondary"), className="me-2 mb-1", n_clicks=0)
                  for a in actions]),
        html.Div(id="cur-result", **{"aria-live": "assertive"}),
    ]), className="mb-4", id="curation-panel")


def _act(clicks, reason, context):
    if not ctx.triggered_id or not any(clicks or []) or not context:
        return no_update, no_update
    lang = current_lang()
    action = ctx.triggered_id["action"]
    try:
        user = current_user()
        permissions.require(permissions.active(user), user)
        workflow.transition(context["slug"], action, user=user, expected_revision=int(context["revision"]),
                            reason=reason or "")
    except Forbidden as exc:
        return dbc.Alert(exc.message(lang), color="danger", className="mt-2"), no_update
    except services.StaleRevision as exc:
        return dbc.Alert(exc.message(lang), color="warning", className="mt-2"), no_update
    except services.NotFound:
        return dbc.Alert(t("init.not_found", lang), color="danger", className="mt-2"), no_update
    return None, f"/initiatief/{context['slug']}"


def register() -> None:
    """The callbacks of this module (see components.callbacks.once)."""
    callback(
        Output("cur-result", "children"),
        Output("cur-nav", "href"),
        Input({"type": "cur-action", "action": ALL}, "n_clicks"),
        State("cur-reason-input", "value"),
        State("cur-ctx", "data"),
        prevent_initial_call=True,
    )(_act)
