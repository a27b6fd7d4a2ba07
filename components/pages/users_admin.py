"""Gebruikers: the administrators' page — every account, its role, and (de)activation."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from auth.session import current_user
from components import initiative_form
from components.i18n import add_texts, current_lang, t
from kb import permissions, users
from kb.permissions import Forbidden

dash.register_page(__name__, path="/gebruikers", title="Gebruikers – Praktijkbank")

add_texts({
    "users.title": ("Gebruikers", "Users"),
    "users.forbidden": ("Deze pagina is voor beheerders.", "This page is for administrators."),
    "users.email": ("E-mailadres", "E-mail address"),
    "users.name": ("Naam", "Name"),
    "users.organisation": ("Organisatie", "Organisation"),
    "users.role": ("Rol", "Role"),
    "users.active": ("Actief", "Active"),
    "users.deactivate": ("Deactiveren", "Deactivate"),
    "users.activate": ("Activeren", "Activate"),
    "users.role.contributor": ("Indiener", "Contributor"),
    "users.role.editor": ("Redacteur", "Editor"),
    "users.role.admin": ("Beheerder", "Administrator"),
    "users.yes": ("ja", "yes"),
    "users.no": ("nee", "no"),
    "users.changed": ("Opgeslagen: {email}.", "Saved: {email}."),
    "users.add_hint": ("Nieuwe accounts: `python -m kb users add EMAIL --role editor` op de server.",
                       "New accounts: `python -m kb users add EMAIL --role editor` on the server."),
})


def _table(people: list[dict], me: dict, lang: str) -> dbc.Table:
    roles = [{"label": t(f"users.role.{r}", lang), "value": r} for r in users.ROLES]
    rows = [html.Tr([
        html.Td(p["email"]), html.Td(p["name"]), html.Td(p["organisation"]),
        html.Td(dcc.Dropdown(id={"type": "users-role", "id": p["id"]}, options=roles, value=p["role"],
                             clearable=False, style={"minWidth": "10rem"})),
        html.Td(t("users.yes" if p["active"] else "users.no", lang)),
        html.Td(dbc.Button(t("users.deactivate" if p["active"] else "users.activate", lang),
                           id={"type": "users-active", "id": p["id"]}, size="sm", n_clicks=0,
                           color="outline-danger" if p["active"] else "outline-success")),
    ], **{"data-email": p["email"]}) for p in people]
    head = html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                               ("users.email", "users.name", "users.organisation", "users.role", "users.active")]
                              + [html.Th("")]))
    return dbc.Table([head, html.Tbody(rows)], size="sm", responsive=True, id="users-table", className="align-middle")


def layout(**_query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/gebruikers")
    if not permissions.can_manage_users(user):
        return html.Div([html.H1(t("users.title", lang), className="h3"), html.P(t("users.forbidden", lang))])
    return html.Div([
        html.H1(t("users.title", lang), className="h3"),
        html.Div(id="users-result", **{"aria-live": "polite"}),
        html.Div(_table(users.list_all(user), user, lang), id="users-box"),
        html.Div(dcc.Markdown(t("users.add_hint", lang)), className="small text-body-secondary"),
    ])


@callback(
    Output("users-result", "children"),
    Output("users-box", "children"),
    Input({"type": "users-role", "id": ALL}, "value"),
    Input({"type": "users-active", "id": ALL}, "n_clicks"),
    State({"type": "users-role", "id": ALL}, "id"),
    prevent_initial_call=True,
)
def _change(roles, _clicks, _ids):
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or ctx.triggered[0].get("value") in (None, 0):
        return no_update, no_update
    lang = current_lang()
    me = current_user()
    try:
        permissions.require(permissions.can_manage_users(me), me)
        current = {p["id"]: p for p in users.list_all(me)}
        target = current.get(int(trigger["id"]))
        if target is None:
            raise Forbidden("user_not_found")
        if trigger["type"] == "users-role":
            new_role = ctx.triggered[0]["value"]
            if new_role == target["role"]:
                return no_update, no_update
            changed = users.set_role(me, target["id"], new_role)
        else:
            changed = users.set_active(me, target["id"], not target["active"])
    except Forbidden as exc:
        me = current_user()
        box = _table(users.list_all(me), me, lang) if permissions.can_manage_users(me) else None
        return dbc.Alert(exc.message(lang), color="danger"), box
    return (dbc.Alert(t("users.changed", lang, email=changed["email"]), color="success", duration=4000),
            _table(users.list_all(me), me, lang))
