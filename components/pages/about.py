import dash
from dash import html

from components.i18n import current_lang, t

dash.register_page(__name__, path="/over", title="Over de Praktijkbank", order=9)


def layout(**_query):
    lang = current_lang()
    return html.Div([html.H1(t("about.title", lang), className="h3"), html.P(t("about.text", lang)),
                     html.P(t("about.evidence", lang))])
