"""Zoeken: for now a plain list of published initiatives (the search issue replaces it)."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from components.i18n import current_lang, t
from kb import services

dash.register_page(__name__, path="/", title="Praktijkbank", order=0)


def layout(**_query):
    lang = current_lang()
    records = services.list_records(status="published")
    return html.Div([
        html.H1(t("list.title", lang), className="h3"),
        html.P(t("list.count", lang, n=len(records))),
        html.Div([dbc.Card(dbc.CardBody([html.H2(r["title"], className="h5"), html.P(r["summary"])]), className="mb-2")
                  for r in records]),
    ])
