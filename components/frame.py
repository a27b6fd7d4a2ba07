"""The frame around every page: top bar (name, search box, navigation, language switch) and footer."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import account_menu
from components.i18n import t

NAV = [("/", "nav.search"), ("/vergelijken", "nav.compare"), ("/regios", "nav.regions"), ("/inzichten", "nav.insights")]


def top_bar(lang: str) -> html.Header:
    search = html.Form(
        [
            html.Label(t("search.box_label", lang), htmlFor="topbar-q", className="visually-hidden"),
            dbc.Input(id="topbar-q", name="q", type="search", placeholder=t("search.placeholder", lang),
                      size="sm", className="me-2", autoComplete="off"),
            dbc.Button(t("search.button", lang), type="submit", size="sm", color="light"),
        ],
        action="/", method="get", role="search", className="d-flex ms-lg-3 my-2 my-lg-0",
    )
    items = []
    for href, key in NAV:
        if href == "/vergelijken":
            link = dcc.Link([t(key, lang), html.Span(id="nav-compare-count", **{"aria-live": "polite"})],
                            href=href, id="nav-compare", className="nav-link")
        else:
            link = dcc.Link(t(key, lang), href=href, className="nav-link")
        items.append(html.Li(link, className="nav-item"))
    links = html.Ul(items, className="navbar-nav flex-row flex-wrap gap-3 me-auto")
    return html.Header([
        html.Nav(
            dbc.Container([
                dcc.Link(t("product", lang), href="/", className="navbar-brand fw-bold"),
                links,
                search,
                account_menu.menu(lang),
                html.Button(t("lang.switch", lang), id="lang-switch", className="btn btn-outline-light btn-sm ms-lg-3",
                            lang="en" if lang == "nl" else "nl", title=t("lang.switch_label", lang),
                            **{"data-lang": "en" if lang == "nl" else "nl"}),
            ], fluid="lg", className="d-flex flex-wrap align-items-center"),
            className="navbar navbar-dark pb-topbar", **{"aria-label": t("nav.main", lang)},
        ),
        dcc.Store(id="compare-basket", storage_type="local"),
    ], className="mb-4")


def footer(lang: str) -> html.Footer:
    return html.Footer(
        dbc.Container([
            html.P(t("footer.text", lang), className="mb-1"),
            html.Nav([
                dcc.Link(t("footer.about", lang), href="/over", className="me-3"),
                html.A(t("footer.api", lang), href="/api/initiatives", className="me-3"),
            ], **{"aria-label": t("footer.about", lang)}),
        ], fluid="lg"),
        className="border-top mt-5 py-4 text-body-secondary small",
    )
