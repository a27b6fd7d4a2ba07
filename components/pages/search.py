"""Zoeken: Dutch full-text search with facets, chips, suggestion, sorting, pagination and CSV.

The URL holds the whole state: the layout renders it on the server (a copied link reopens the same
search; the back button re-renders from the URL), and every change in the page is written back
to the URL with history.pushState.
"""
from __future__ import annotations

import math
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from components import search_state
from components.i18n import add_texts, current_lang, fmt_int, t
from components.result_card import result_card
from components.vocab_labels import label

dash.register_page(__name__, path="/", title="Zoeken – Praktijkbank", order=0)

add_texts({
    "search.title": ("Zoek goede praktijken", "Search good practice"),
    "search.intro": ("Zoek in gewone woorden, bijvoorbeeld ‘psychische kwetsbaarheid Twente’ of ‘ontslag catering’.",
                     "Search in plain words, e.g. ‘psychological vulnerability Twente’ or ‘redundancy catering’."),
    "search.q_label": ("Zoekwoorden", "Search terms"),
    "search.sort_label": ("Sorteren op", "Sort by"),
    "sort.relevance": ("Best passend", "Best match"),
    "sort.newest": ("Nieuwste eerst", "Newest first"),
    "sort.outcome": ("Hoogste uitkomst", "Highest outcome"),
    "search.count": ("{n} initiatieven gevonden", "{n} initiatives found"),
    "search.count_one": ("1 initiatief gevonden", "1 initiative found"),
    "search.filters": ("Filters", "Filters"),
    "search.active_filters": ("Actieve filters", "Active filters"),
    "search.remove_filter": ("Verwijder filter {value}", "Remove filter {value}"),
    "search.clear_all": ("Alle filters wissen", "Clear all filters"),
    "search.suggestion": ("Bedoelde u: ", "Did you mean: "),
    "search.empty_title": ("Geen initiatieven gevonden", "No initiatives found"),
    "search.empty_tips": ("Probeer minder of andere woorden, haal een filter weg, of bekijk alle initiatieven.",
                          "Try fewer or different words, remove a filter, or browse all initiatives."),
    "search.show_all": ("Bekijk alle initiatieven", "Browse all initiatives"),
    "search.csv": ("Download als CSV", "Download as CSV"),
    "search.feed": ("Volg deze zoekopdracht (Atom)", "Follow this search (Atom)"),
    "search.pages": ("Resultaatpagina's", "Result pages"),
    "search.error": ("De zoekopdracht kon niet worden uitgevoerd: {msg}", "The search could not be run: {msg}"),
    "search.index_down": ("Het zoeken is even niet beschikbaar; probeer het zo opnieuw.",
                          "Search is unavailable right now; please try again shortly."),
    "facet.region": ("Regio", "Region"),
    "facet.target_group": ("Doelgroep", "Target group"),
    "facet.theme": ("Thema", "Theme"),
    "facet.evidence": ("Bewijsniveau", "Evidence level"),
    "facet.organisation": ("Organisatie", "Organisation"),
    "facet.year": ("Startjaar", "Start year"),
})

FACET_VOCAB = {"region": "region", "target_group": "target_group", "theme": "theme", "evidence": "evidence"}
FACET_LIMIT = 12  # values shown per facet (selected ones always)


def _value_label(facet: str, value: str, lang: str) -> str:
    vocabulary = FACET_VOCAB.get(facet)
    return label(vocabulary, value, lang) if vocabulary else value


def run_search(p):
    """(result, error message) — the page shows a message instead of failing."""
    from index.query import QueryError
    from index.runtime import get_index

    try:
        return get_index().search(q=p.q, filters=p.filters, sort=p.sort, page=p.page, per_page=p.per_page), None
    except QueryError as exc:
        return None, str(exc)
    except Exception:  # the index rebuilds itself; say so rather than break the page
        import logging

        logging.getLogger(__name__).exception("search failed")
        return None, "index"


def facet_options(facet: str, counts: dict[str, int], selected: list[str], lang: str) -> list[dict]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], _value_label(facet, kv[0], lang).casefold()))
    shown = [v for v, _ in ranked[:FACET_LIMIT]]
    shown += [v for v in selected if v not in shown]
    if facet == "year":
        shown.sort(reverse=True)
    return [{"label": f"{_value_label(facet, v, lang)} ({fmt_int(counts.get(v, 0), lang)})", "value": v} for v in shown]


def chips(p, lang: str) -> list:
    items = []
    for facet, values in p.filters.items():
        for v in values:
            text = f"{t('facet.' + facet, lang)}: {_value_label(facet, v, lang)}"
            items.append(html.Button(
                [text, html.I(className="bi bi-x-lg ms-2", **{"aria-hidden": "true"})],
                id={"type": "chip", "facet": facet, "value": v}, type="button",
                className="btn btn-sm btn-outline-secondary rounded-pill chip me-2 mb-2",
                **{"aria-label": t("search.remove_filter", lang, value=text)},
            ))
    if len(items) > 1:
        items.append(html.Button(t("search.clear_all", lang), id={"type": "chip", "facet": "*", "value": "*"},
                                 type="button", className="btn btn-sm btn-link mb-2"))
    return items


def results_block(p, result, error, lang: str) -> list:
    if error:
        msg = t("search.index_down", lang) if error == "index" else t("search.error", lang, msg=error)
        return [dbc.Alert(msg, color="warning", className="mt-2")]
    blocks = []
    if not result["results"]:
        blocks.append(html.Div([
            html.H2(t("search.empty_title", lang), className="h5"),
            html.P(t("search.empty_tips", lang)),
            dcc.Link(t("search.show_all", lang), href="/", refresh=True),
        ], className="p-4 bg-white border rounded"))
        return blocks
    blocks += [result_card(r, lang) for r in result["results"]]
    return blocks


def count_text(total: int, lang: str) -> str:
    return t("search.count_one", lang) if total == 1 else t("search.count", lang, n=fmt_int(total, lang))


def _links(p) -> tuple[str, str]:
    qs = urlencode([kv for kv in p.as_query() if kv[0] != "page"])
    return f"/api/initiatives.csv?{qs}", f"/api/initiatives.atom?{qs}"


def _facet_panel(p, result, lang: str) -> html.Div:
    groups = []
    facets = (result or {}).get("facets", {})
    for facet in search_state.FACET_NAMES:
        selected = p.filters.get(facet, [])
        options = facet_options(facet, facets.get(facet, {}), selected, lang)
        groups.append(html.Fieldset([
            html.Legend(t("facet." + facet, lang), className="h6 fw-semibold"),
            dbc.Checklist(id={"type": "facet", "name": facet}, options=options, value=selected,
                          className="facet-checklist"),
        ], id={"type": "facet-group", "name": facet}, className="mb-3", hidden=not options))
    return html.Div([html.H2(t("search.filters", lang), className="h5")] + groups, className="facet-panel")


def layout(**query):
    lang = current_lang()
    p = search_state.from_query(query)
    result, error = run_search(p)
    total = (result or {}).get("total", 0)
    csv_href, feed_href = _links(p)
    return html.Div([
        dcc.Store(id="search-qs", data=search_state.query_string(p)),
        html.H1(t("search.title", lang), className="h3"),
        html.P(t("search.intro", lang), className="text-body-secondary"),
        dbc.Row([
            dbc.Col(html.Div([
                html.Label(t("search.q_label", lang), htmlFor="search-q", className="form-label fw-semibold"),
                dcc.Input(id="search-q", type="search", value=p.q, debounce=0.35, autoComplete="off",
                          className="form-control form-control-lg", placeholder=t("search.placeholder", lang)),
            ]), md=9),
            dbc.Col(html.Div([
                html.Label(t("search.sort_label", lang), htmlFor="search-sort", className="form-label fw-semibold"),
                dbc.Select(id="search-sort", value=p.sort, options=[
                    {"label": t("sort." + s, lang), "value": s} for s in ("relevance", "newest", "outcome")]),
            ]), md=3),
        ], className="mb-3 g-2"),
        dbc.Row([
            dbc.Col(_facet_panel(p, result, lang), lg=3, className="mb-3"),
            dbc.Col([
                html.Div([
                    html.P(count_text(total, lang), id="search-count", className="fw-semibold mb-0 me-auto",
                           role="status", **{"aria-live": "polite"}),
                    html.A([html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}), t("search.csv", lang)],
                           id="search-csv", href=csv_href, className="btn btn-sm btn-outline-secondary me-2"),
                    html.A([html.I(className="bi bi-rss me-1", **{"aria-hidden": "true"}), t("search.feed", lang)],
                           id="search-feed", href=feed_href, className="btn btn-sm btn-outline-secondary"),
                ], className="d-flex flex-wrap align-items-center gap-2 mb-2"),
                html.Div(chips(p, lang), id="search-chips", role="group",
                         **{"aria-label": t("search.active_filters", lang)}),
                html.P([t("search.suggestion", lang),
                        html.Button((result or {}).get("suggestion") or "", id="search-suggestion", type="button",
                                    className="btn btn-link p-0 align-baseline fw-semibold")],
                       id="search-suggestion-wrap", className="mb-3",
                       hidden=not (result or {}).get("suggestion")),
                html.Div(results_block(p, result, error, lang), id="search-results"),
                html.Nav(dbc.Pagination(id="search-page", max_value=max(1, math.ceil(total / p.per_page)),
                                        active_page=p.page, fully_expanded=False, previous_next=True,
                                        className="mt-3"),
                         id="search-pagination", **{"aria-label": t("search.pages", lang)},
                         hidden=total <= p.per_page),
            ], lg=9),
        ]),
    ])


@callback(
    Output("search-results", "children"),
    Output("search-count", "children"),
    Output("search-chips", "children"),
    Output({"type": "facet", "name": ALL}, "options"),
    Output({"type": "facet", "name": ALL}, "value"),
    Output({"type": "facet-group", "name": ALL}, "hidden"),
    Output("search-q", "value"),
    Output("search-sort", "value"),
    Output("search-page", "active_page"),
    Output("search-page", "max_value"),
    Output("search-pagination", "hidden"),
    Output("search-csv", "href"),
    Output("search-feed", "href"),
    Output("search-qs", "data"),
    Output("search-suggestion", "children"),
    Output("search-suggestion-wrap", "hidden"),
    Input("search-q", "value"),
    Input("search-sort", "value"),
    Input({"type": "facet", "name": ALL}, "value"),
    Input("search-page", "active_page"),
    Input({"type": "chip", "facet": ALL, "value": ALL}, "n_clicks"),
    Input("search-suggestion", "n_clicks"),
    State({"type": "facet", "name": ALL}, "id"),
    State("search-suggestion", "children"),
    State("search-qs", "data"),
    prevent_initial_call=True,
)
def update(q, sort, facet_values, page, _chip_clicks, _sugg_clicks, facet_ids, suggestion, previous_qs):
    lang = current_lang()
    trigger = ctx.triggered_id
    values = {fid["name"]: list(v or []) for fid, v in zip(facet_ids, facet_values)}
    if isinstance(trigger, dict) and trigger.get("type") == "chip":
        if not any(c for c in (_chip_clicks or []) if c):
            return (no_update,) * 16
        if trigger["facet"] == "*":
            values = {name: [] for name in values}
        else:
            values[trigger["facet"]] = [v for v in values.get(trigger["facet"], []) if v != trigger["value"]]
    if trigger == "search-suggestion":
        if not _sugg_clicks:
            return (no_update,) * 16
        q = suggestion
    if trigger != "search-page":
        page = 1  # a new question starts at the first page
    if trigger in ("search-q", "search-suggestion") and "sort=" not in (previous_qs or ""):
        sort = None  # the user never chose an order: best match for words, newest for none
    p = search_state.from_controls(q, values, sort, page)
    result, error = run_search(p)
    total = (result or {}).get("total", 0)
    facets = (result or {}).get("facets", {})
    options = [facet_options(fid["name"], facets.get(fid["name"], {}), values[fid["name"]], lang) for fid in facet_ids]
    csv_href, feed_href = _links(p)
    return (results_block(p, result, error, lang), count_text(total, lang), chips(p, lang), options,
            [values[fid["name"]] for fid in facet_ids], [not o for o in options], p.q, p.sort, p.page, max(1, math.ceil(total / p.per_page)),
            total <= p.per_page, csv_href, feed_href, search_state.query_string(p),
            (result or {}).get("suggestion") or "", not (result or {}).get("suggestion"))


# Write the state to the address bar without asking Dash to re-render the page (the search field
# keeps its focus while typing). Dash's router does not know of these entries, so on back/forward
# the page is loaded afresh from the URL, which the layout renders.
clientside_callback(
    """function(qs) {
        if (!window.__pbSearchHistory) {
            window.__pbSearchHistory = true;
            window.addEventListener('popstate', function() {
                if (window.location.pathname === '/') { window.location.reload(); }
            });
        }
        if (qs === undefined || qs === null) { return window.dash_clientside.no_update; }
        if (window.location.search !== qs) {
            window.history.pushState({}, '', window.location.pathname + qs);
        }
        return window.dash_clientside.no_update;
    }""",
    Output("search-qs", "id"),
    Input("search-qs", "data"),
)
