import dash
from dash import dcc, html

from components.i18n import current_lang, t

dash.register_page(__name__, path="/404", title="Niet gevonden")


def layout(**_query):
    lang = current_lang()
    return html.Div([html.H1(t("notfound.title", lang), className="h3"), html.P(t("notfound.text", lang)),
                     dcc.Link(t("nav.search", lang), href="/")])
