"""The account part of the top bar: log in, or the person's links (submit, mine, review, users) and log out."""
from __future__ import annotations

from dash import dcc, html

from auth import csrf
from auth.session import current_user
from components.i18n import add_texts, t
from kb import permissions

add_texts({
    "account.login": ("Inloggen", "Log in"),
    "account.logout": ("Uitloggen", "Log out"),
    "account.submit": ("Indienen", "Submit"),
    "account.mine": ("Mijn inzendingen", "My submissions"),
    "account.review": ("Beoordelen", "Review"),
    "account.users": ("Gebruikers", "Users"),
    "account.log": ("Logboek", "Audit log"),
    "account.password_hint": (": wachtwoord wijzigen", ": change password"),
    "account.temporary": ("Tijdelijk wachtwoord: kies uw eigen", "Temporary password: choose your own"),
    "account.menu": ("Account", "Account"),
    "account.signed_in": ("Ingelogd als {email} — uw wachtwoord wijzigen", "Logged in as {email} — change your password"),
})


def csrf_field() -> html.Div:
    """The hidden token every HTML form that changes something must carry (see auth.csrf)."""
    return dcc.Input(type="hidden", name=csrf.FIELD, value=csrf.token(), id="csrf-field-" + csrf.FIELD)


def logout_form(lang: str) -> html.Form:
    return html.Form([
        dcc.Input(type="hidden", name=csrf.FIELD, value=csrf.token()),
        html.Button(t("account.logout", lang), type="submit", className="btn btn-outline-light btn-sm",
                    id="logout-button"),
    ], action="/auth/logout", method="post", className="d-inline ms-lg-3")


def menu(lang: str) -> html.Div:
    user = current_user()
    if user is None:
        return html.Div(dcc.Link(t("account.login", lang), href="/inloggen", className="btn btn-outline-light btn-sm",
                                 id="login-link"), className="ms-lg-3")
    links = [("/indienen", "account.submit"), ("/mijn-inzendingen", "account.mine")]
    if permissions.can_review(user):
        links.append(("/beoordelen", "account.review"))
    if permissions.audit_scope(user) is not False:
        links.append(("/logboek", "account.log"))
    if permissions.can_manage_users(user):
        links.append(("/gebruikers", "account.users"))
    return html.Div([
        html.Ul([html.Li(dcc.Link(t(key, lang), href=href, className="nav-link text-nowrap"), className="nav-item")
                 for href, key in links], className="navbar-nav flex-row flex-wrap column-gap-3 row-gap-0 ms-lg-3"),
        dcc.Link([user["name"] or user["email"], html.Span(t("account.password_hint", lang), className="visually-hidden")],
                 href="/wachtwoord", className="pb-account-name small ms-lg-3 me-2",
                 title=t("account.signed_in", lang, email=user["email"]), id="account-name"),
        html.Span(dcc.Link(t("account.temporary", lang), href="/wachtwoord", id="account-temporary",
                           className="badge text-bg-warning text-decoration-none")
                  if user.get("must_change_password") else None, id="account-temporary-box", className="ms-2"),
        logout_form(lang),
    ], className="d-flex flex-wrap align-items-center row-gap-1", id="account-menu")
