"""Wachtwoord: the logged-in person replaces their password (after a temporary one from an administrator,
or whenever they like). Reached via their name in the top bar."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from auth.routes import safe_next
from auth.session import current_user, renew_stamp
from components import initiative_form
from components.i18n import add_texts, current_lang, t
from kb import users
from kb.permissions import Forbidden

dash.register_page(__name__, path="/wachtwoord", title="Wachtwoord – Praktijkbank")

add_texts({
    "pw.title": ("Wachtwoord wijzigen", "Change password"),
    "pw.intro": ("Voor {email}. Kies minstens {min} tekens; een zin van een paar woorden is sterk en goed te onthouden.",
                 "For {email}. Choose at least {min} characters; a sentence of a few words is strong and easy to remember."),
    "pw.current": ("Huidig (of tijdelijk) wachtwoord", "Current (or temporary) password"),
    "pw.new": ("Nieuw wachtwoord", "New password"),
    "pw.repeat": ("Nieuw wachtwoord nogmaals", "New password again"),
    "pw.save": ("Wachtwoord opslaan", "Save password"),
    "pw.temporary": ("U bent ingelogd met een tijdelijk wachtwoord van een beheerder. Kies nu uw eigen wachtwoord.",
                     "You logged in with a temporary password from an administrator. Please choose your own now."),
    "pw.continue": ("Verder", "Continue"),
    "pw.saved": ("Uw nieuwe wachtwoord is opgeslagen. Op andere apparaten bent u nu uitgelogd.",
                 "Your new password has been saved. You are now logged out on other devices."),
})


def _field(key: str, id_: str, lang: str, autocomplete: str):
    return html.Div([dbc.Label(t(key, lang), html_for=id_),
                     dbc.Input(id=id_, type="password", autocomplete=autocomplete, maxLength=200)], className="mb-3")


def layout(next: str = "", **_query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/wachtwoord")
    return html.Div([
        dcc.Store(id="pw-next", data=safe_next(next if isinstance(next, str) else "", default="/")),
        html.H1(t("pw.title", lang), className="h3"),
        html.Div(dbc.Alert(t("pw.temporary", lang), color="warning", id="pw-temporary-notice")
                 if user.get("must_change_password") else None, id="pw-temporary-box"),
        html.P(t("pw.intro", lang, email=user["email"], min=users.MIN_PASSWORD), className="text-body-secondary"),
        html.Div([
            _field("pw.current", "pw-current", lang, "current-password"),
            _field("pw.new", "pw-new", lang, "new-password"),
            _field("pw.repeat", "pw-repeat", lang, "new-password"),
            dbc.Button(t("pw.save", lang), id="pw-save", n_clicks=0, type="button"),
            html.Div(id="pw-result", className="mt-3", **{"aria-live": "polite"}),
        ], style={"maxWidth": "28rem"}),
    ])


@callback(
    Output("pw-result", "children"),
    Output("pw-current", "value"),
    Output("pw-new", "value"),
    Output("pw-repeat", "value"),
    Output("pw-temporary-box", "children"),
    Output("account-temporary-box", "children"),
    Input("pw-save", "n_clicks"),
    Input("pw-current", "n_submit"),  # Enter in any field saves, as in a form
    Input("pw-new", "n_submit"),
    Input("pw-repeat", "n_submit"),
    State("pw-current", "value"),
    State("pw-new", "value"),
    State("pw-repeat", "value"),
    State("pw-next", "data"),
    prevent_initial_call=True,
)
def _save(clicks, submit_current, submit_new, submit_repeat, current, new, repeat, next_url=None):
    if not (clicks or submit_current or submit_new or submit_repeat):
        return (no_update,) * 6
    lang = current_lang()
    user = current_user()
    try:
        users.change_password(user, current or "", new or "", repeat or "")
    except (users.UserError, Forbidden) as exc:
        return (dbc.Alert(exc.message(lang), color="danger"),) + (no_update,) * 5
    renew_stamp(user)  # this session stays; every other session of the account ends
    saved = dbc.Alert([t("pw.saved", lang), " ", dcc.Link(t("pw.continue", lang), href=safe_next(next_url, "/"),
                                                           className="alert-link")], color="success")
    return saved, "", "", "", None, None  # no longer temporary: the notices go
