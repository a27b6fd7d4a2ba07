"""Gebruikers: the administrators' page — every account, its role, (de)activation, new accounts and
new temporary passwords. A temporary password is shown once, to the administrator, to pass on; the
person then chooses their own on /wachtwoord."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

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
    "users.reset": ("Nieuw wachtwoord", "New password"),
    "users.reset_label": ("Nieuw wachtwoord voor {email}", "New password for {email}"),
    "users.reset_ask": ("Het huidige wachtwoord van {email} werkt dan niet meer, en de sessies van dit account "
                        "eindigen. Doorgaan?", "The current password of {email} then stops working and the "
                        "account's sessions end. Continue?"),
    "users.reset_confirm": ("Ja, nieuw wachtwoord maken", "Yes, make a new password"),
    "users.reset_cancel": ("Annuleren", "Cancel"),
    "users.self": ("uw eigen account", "your own account"),
    "users.new": ("Nieuw account", "New account"),
    "users.create": ("Account aanmaken", "Create account"),
    "users.temporary": ("Tijdelijk wachtwoord voor {email}: ", "Temporary password for {email}: "),
    "users.temporary_hint": ("Geef het persoonlijk door; het wordt niet opnieuw getoond. Na het inloggen kiest "
                             "{email} een eigen wachtwoord via de naam rechtsboven.",
                             "Pass it on in person; it is not shown again. After logging in, {email} chooses "
                             "their own password via the name at the top right."),
})


def _table(people: list[dict], me: dict, lang: str) -> dbc.Table:
    roles = [{"label": t(f"users.role.{r}", lang), "value": r} for r in users.ROLES]
    rows = [html.Tr([
        html.Td(p["email"]), html.Td(p["name"]), html.Td(p["organisation"]),
        # one's own account is not changed here (no demoting or locking oneself out in one click);
        # one's own password is changed at /wachtwoord
        html.Td(dcc.Dropdown(id={"type": "users-role", "id": p["id"]}, options=roles, value=p["role"],
                             clearable=False, style={"minWidth": "10rem"}, disabled=p["id"] == me["id"])),
        html.Td(t("users.yes" if p["active"] else "users.no", lang)),
        html.Td(html.Div([
            dbc.Button(t("users.deactivate" if p["active"] else "users.activate", lang),
                       id={"type": "users-active", "id": p["id"]}, size="sm", n_clicks=0,
                       color="outline-danger" if p["active"] else "outline-success"),
            html.Button(t("users.reset", lang), id={"type": "users-reset", "id": p["id"]}, n_clicks=0, type="button",
                        className="btn btn-sm btn-outline-secondary",
                        **{"aria-label": t("users.reset_label", lang, email=p["email"])}),
        ], className="d-flex gap-2") if p["id"] != me["id"] else
            html.Span(t("users.self", lang), className="small text-body-secondary")),
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
        _new_account_form(lang),
    ])


def _new_account_form(lang: str) -> html.Section:
    roles = [{"label": t(f"users.role.{r}", lang), "value": r} for r in users.ROLES]
    return html.Section([
        html.H2(t("users.new", lang), className="h5 mt-4", id="users-new-heading"),
        dbc.Row([
            dbc.Col([dbc.Label(t("users.email", lang), html_for="users-new-email"),
                     dbc.Input(id="users-new-email", type="email", maxLength=254, autocomplete="off")], md=4),
            dbc.Col([dbc.Label(t("users.name", lang), html_for="users-new-name"),
                     dbc.Input(id="users-new-name", maxLength=200)], md=3),
            dbc.Col([dbc.Label(t("users.organisation", lang), html_for="users-new-organisation"),
                     dbc.Input(id="users-new-organisation", maxLength=200)], md=3),
            dbc.Col([dbc.Label(t("users.role", lang), html_for="users-new-role"),
                     dbc.Select(id="users-new-role", options=roles, value="contributor")], md=2),
        ], className="g-2"),
        dbc.Button(t("users.create", lang), id="users-new-create", className="mt-2", n_clicks=0),
    ], **{"aria-labelledby": "users-new-heading"})


def _confirm_reset(person: dict, lang: str) -> dbc.Alert:
    """The question, with the focus on its answer (it appears far from the row's button)."""
    return dbc.Alert([
        html.Span(t("users.reset_ask", lang, email=person["email"]), className="me-2"),
        html.Button(t("users.reset_confirm", lang), id={"type": "users-reset-confirm", "id": person["id"]},
                    n_clicks=0, type="button", className="btn btn-sm btn-warning", autoFocus=True),
        html.Button(t("users.reset_cancel", lang), id="users-reset-cancel", n_clicks=0, type="button",
                    className="btn btn-sm btn-outline-secondary"),
    ], color="warning", className="d-flex flex-wrap align-items-center gap-2")


def _temporary(email: str, password: str, lang: str) -> dbc.Alert:
    return dbc.Alert([
        html.Div([t("users.temporary", lang, email=email), html.Code(password, id="users-temporary",
                                                                      className="fs-6 user-select-all text-dark bg-white border rounded px-2")]),
        html.Div(t("users.temporary_hint", lang, email=email), className="small mt-1"),
    ], color="info")


@callback(
    Output("users-result", "children"),
    Output("users-box", "children"),
    Output("users-new-email", "value"),
    Output("users-new-name", "value"),
    Output("users-new-organisation", "value"),
    Input({"type": "users-role", "id": ALL}, "value"),
    Input({"type": "users-active", "id": ALL}, "n_clicks"),
    Input({"type": "users-reset", "id": ALL}, "n_clicks"),
    Input({"type": "users-reset-confirm", "id": ALL}, "n_clicks"),
    Input("users-new-create", "n_clicks"),
    State("users-new-email", "value"),
    State("users-new-name", "value"),
    State("users-new-organisation", "value"),
    State("users-new-role", "value"),
    prevent_initial_call=True,
)
def _change(roles, _active, _reset, _confirm, _create, email, name, organisation, role):
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or ctx.triggered[0].get("value") in (None, 0):
        return (no_update,) * 5
    lang = current_lang()
    me = current_user()
    keep = (no_update,) * 3
    try:
        permissions.require(permissions.can_manage_users(me), me)
        if trigger == "users-new-create":
            person, password = users.invite(me, email or "", role=role or "contributor", name=name or "",
                                            organisation=organisation or "")
            return (_temporary(person["email"], password, lang), _table(users.list_all(me), me, lang), "", "", "")
        current = {p["id"]: p for p in users.list_all(me)}
        target = current.get(int(trigger["id"]))
        if target is None:
            raise Forbidden("user_not_found")
        if trigger["type"] == "users-reset":  # first ask: the current password stops working
            return (_confirm_reset(target, lang), no_update) + keep
        if trigger["type"] == "users-reset-confirm":
            person, password = users.reset_password(me, target["id"])
            return (_temporary(person["email"], password, lang), no_update) + keep
        if trigger["type"] == "users-role":
            new_role = ctx.triggered[0]["value"]
            if new_role == target["role"]:
                return (no_update,) * 5
            changed = users.set_role(me, target["id"], new_role)
        else:
            changed = users.set_active(me, target["id"], not target["active"])
    except users.UserError as exc:
        return (dbc.Alert(exc.message(lang), color="danger"), no_update) + keep
    except Forbidden as exc:
        me = current_user()
        box = _table(users.list_all(me), me, lang) if permissions.can_manage_users(me) else None
        return (dbc.Alert(exc.message(lang), color="danger"), box) + keep
    return (dbc.Alert(t("users.changed", lang, email=changed["email"]), color="success", duration=4000),
            _table(users.list_all(me), me, lang)) + keep


clientside_callback(  # "Annuleren" on the question: just take the question away
    """function(n) { return n ? null : window.dash_clientside.no_update; }""",
    Output("users-result", "children", allow_duplicate=True),
    Input("users-reset-cancel", "n_clicks"),
    prevent_initial_call=True,
)
