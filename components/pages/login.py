"""Inloggen: a plain HTML form posted to /auth/login (rate-limited, CSRF-checked), or OpenID Connect."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from auth.routes import safe_next
from auth.session import current_user
from components.account_menu import csrf_field
from components.i18n import add_texts, current_lang, t

dash.register_page(__name__, path="/inloggen", title="Inloggen – Praktijkbank")

add_texts({
    "login.title": ("Inloggen", "Log in"),
    "login.intro": ("Voor medewerkers van UWV, gemeenten en regionale netwerken die initiatieven indienen of "
                    "beoordelen. Lezen kan iedereen, zonder account.",
                    "For staff of UWV, municipalities and regional networks who submit or review initiatives. "
                    "Anyone can read without an account."),
    "login.email": ("E-mailadres", "E-mail address"),
    "login.password": ("Wachtwoord", "Password"),
    "login.submit": ("Inloggen", "Log in"),
    "login.failed": ("Dat e-mailadres en wachtwoord horen niet bij een actief account.",
                     "That e-mail address and password do not belong to an active account."),
    "login.oidc_failed": ("Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw.",
                          "Logging in through your organisation failed. Please try again."),
    "login.unknown": ("Er is geen actief account voor dit e-mailadres; vraag een beheerder om toegang.",
                      "There is no active account for this e-mail address; ask an administrator for access."),
    "login.oidc": ("Inloggen via uw organisatie", "Log in through your organisation"),
    "login.already": ("U bent ingelogd als {email}.", "You are logged in as {email}."),
    "login.no_account": ("Nog geen account? Een beheerder maakt het voor u aan.",
                         "No account yet? An administrator creates one for you."),
})

ERRORS = {"1": "login.failed", "oidc": "login.oidc_failed", "onbekend": "login.unknown"}


def layout(fout: str = "", next: str = "", **_query):  # noqa: A002 (the query parameter is called next)
    lang = current_lang()
    user = current_user()
    target = safe_next(next)
    if user is not None:
        return html.Div([html.H1(t("login.title", lang), className="h3"),
                         html.P(t("login.already", lang, email=user["email"])),
                         dcc.Link(t("account.mine", lang), href="/mijn-inzendingen")])
    oidc_on = flask.current_app.config.get("PRAKTIJKBANK_OIDC") is not None
    return dbc.Row(dbc.Col([
        html.H1(t("login.title", lang), className="h3"),
        html.P(t("login.intro", lang)),
        dbc.Alert(t(ERRORS[fout], lang), color="danger", id="login-error") if fout in ERRORS else None,
        html.Form([
            csrf_field(),
            dcc.Input(type="hidden", name="next", value=target),
            html.Div([dbc.Label(t("login.email", lang), html_for="login-email"),
                      dbc.Input(id="login-email", name="email", type="email", autoComplete="username", required=True)],
                     className="mb-3"),
            html.Div([dbc.Label(t("login.password", lang), html_for="login-password"),
                      dbc.Input(id="login-password", name="password", type="password",
                                autoComplete="current-password", required=True)], className="mb-3"),
            html.Button(t("login.submit", lang), type="submit", className="btn btn-primary", id="login-submit"),
        ], action="/auth/login", method="post", id="login-form"),
        html.Hr() if oidc_on else None,
        html.A(t("login.oidc", lang), href=f"/auth/oidc/start?next={target}", className="btn btn-outline-primary",
               id="login-oidc") if oidc_on else None,
        html.P(t("login.no_account", lang), className="small text-body-secondary mt-3"),
    ], md=6, lg=5))
