"""Regio's: a tile map of the 35 labour-market regions, coloured by their number of initiatives and
filterable by theme and target group so the gaps show; below it, two regions side by side.

Everything the page shows follows from its URL (?theme=…&target_group=…&a=twente&b=groningen), so a
view can be shared. The controls rewrite the URL without rebuilding the page (focus stays put);
back and forward drive the same callback.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash
from dash import Input, Output, callback, ctx, dcc, html, no_update

from components.charts import labelled_dropdown
from components.i18n import add_texts, current_lang, fmt_int, t
from components.region_tiles import grid_size, legend_steps, shade, tiles
from components.vocab_labels import label, labels, options
from kb import insights

dash.register_page(__name__, path="/regios", title="Regio's – Praktijkbank", order=2)

NATIONAL = insights.NATIONAL

add_texts({
    "regions.title": ("Initiatieven per regio", "Initiatives by region"),
    "regions.intro": ("Elk vak is een van de 35 arbeidsmarktregio's, ongeveer op zijn plek op de kaart. Hoe donkerder, "
                      "hoe meer initiatieven. Kies een thema of doelgroep om te zien waar nog niets is gedeeld.",
                      "Each tile is one of the 35 labour-market regions, roughly where it lies on the map. The darker, "
                      "the more initiatives. Choose a theme or target group to see where nothing has been shared yet."),
    "regions.filters": ("Filters voor de kaart", "Filters for the map"),
    "regions.theme": ("Thema", "Theme"),
    "regions.target_group": ("Doelgroep", "Target group"),
    "regions.any": ("Alle", "All"),
    "regions.filter_help": ("Meer keuzes binnen een filter: een van de gekozen. Beide filters: allebei.",
                            "Several choices in one filter: any of them. Both filters: both must match."),
    "regions.map_heading": ("Kaart van de regio's", "Map of the regions"),
    "regions.map_label": ("Arbeidsmarktregio's met hun aantal initiatieven",
                          "Labour-market regions with their number of initiatives"),
    "regions.tile_label": ("{region}: {n} initiatieven", "{region}: {n} initiatives"),
    "regions.tile_label_1": ("{region}: 1 initiatief", "{region}: 1 initiative"),
    "regions.tile_label_0": ("{region}: nog geen initiatieven", "{region}: no initiatives yet"),
    "regions.click_hint": ("Kies een regio om haar initiatieven te zien.", "Choose a region to see its initiatives."),
    "regions.summary": ("{with_} van de {total} regio's hebben minstens één initiatief; {without} nog geen (gestreept "
                        "vak).",
                        "{with_} of the {total} regions have at least one initiative; {without} have none yet (hatched "
                        "tile)."),
    "regions.summary_filtered": ("Met deze filters: {with_} van de {total} regio's hebben minstens één initiatief; "
                                 "{without} nog geen (gestreept vak).",
                                 "With these filters: {with_} of the {total} regions have at least one initiative; "
                                 "{without} have none (hatched tile)."),
    "regions.national_heading": ("Landelijk", "National"),
    "regions.national_text": ("Landelijke initiatieven gelden voor het hele land en tellen niet mee in de regio's.",
                              "National initiatives apply to the whole country and are not counted in the regions."),
    "regions.legend": ("Legenda: aantal initiatieven", "Legend: number of initiatives"),
    "regions.legend_gap": ("0 — nog niets", "0 — nothing yet"),
    "regions.legend_range": ("{lo}–{hi}", "{lo}–{hi}"),
    "regions.compare_heading": ("Twee regio's naast elkaar", "Two regions side by side"),
    "regions.compare_intro": ("Wat speelt er in de ene regio en wat in de andere? Kies er twee.",
                              "What goes on in one region, and what in the other? Choose two."),
    "regions.region_a": ("Eerste regio", "First region"),
    "regions.region_b": ("Tweede regio", "Second region"),
    "regions.choose": ("Kies een regio…", "Choose a region…"),
    "regions.compare_empty": ("Kies hierboven twee regio's om ze naast elkaar te zien.",
                              "Choose two regions above to see them side by side."),
    "regions.same": ("Dat is twee keer dezelfde regio; kies een andere als tweede.",
                     "That is the same region twice; choose another one as the second."),
    "regions.caption": ("Twee regio's vergeleken: initiatieven, doelgroepen, thema's en succesfactoren.",
                        "Two regions compared: initiatives, target groups, themes and success factors."),
    "regions.row.initiatives": ("Initiatieven", "Initiatives"),
    "regions.row.target_groups": ("Doelgroepen", "Target groups"),
    "regions.row.themes": ("Thema's", "Themes"),
    "regions.row.success": ("Meest genoemde succesfactoren", "Most frequent success factors"),
    "regions.row.failures": ("Meest genoemde knelpunten", "Most frequent failures"),
    "regions.feature": ("Kenmerk", "Feature"),
    "regions.none": ("Nog niets gedeeld", "Nothing shared yet"),
    "regions.both": ("beide", "both"),
    "regions.both_label": ("komt in beide regio's voor", "occurs in both regions"),
    "regions.both_note": ("‘Beide’: komt in allebei de regio's voor.", "‘Both’: occurs in both regions."),
    "regions.national_note": ("Daarnaast zijn er {n} landelijke initiatieven die voor elke regio gelden.",
                              "In addition there are {n} national initiatives that apply to every region."),
    "regions.national_note_1": ("Daarnaast is er 1 landelijk initiatief dat voor elke regio geldt.",
                                "In addition there is 1 national initiative that applies to every region."),
    "regions.national_link": ("Bekijk de landelijke initiatieven", "See the national initiatives"),
    "regions.all_of_region": ("Alle initiatieven in {region}", "All initiatives in {region}"),
    "regions.scroll_label": ("Tabel van twee regio's", "Table of two regions"),
    "regions.count_in": ("({n})", "({n})"),
    "regions.n": ("{n} initiatieven", "{n} initiatives"),
    "regions.n_1": ("1 initiatief", "1 initiative"),
    "regions.n_0": ("nog geen initiatieven", "no initiatives yet"),
})


# ---------------------------------------------------------------- URL state

FIELDS = ("theme", "target_group", "a", "b")


def _list(raw) -> list[str]:
    parts = raw if isinstance(raw, (list, tuple)) else [raw or ""]
    out: list[str] = []
    for part in parts:
        for v in str(part).split(","):
            v = v.strip()
            if v and v not in out:
                out.append(v)
    return out[:40]


def clean_state(theme=None, target_group=None, a=None, b=None) -> dict:
    """Keep only known codes: a URL with a typo shows the unfiltered page, not an error."""
    region_codes = set(labels("region"))
    themes = [c for c in _list(theme) if c in labels("theme")]
    groups = [c for c in _list(target_group) if c in labels("target_group")]
    a = next(iter(_list(a)), None)
    b = next(iter(_list(b)), None)
    return {"theme": themes, "target_group": groups,
            "a": a if a in region_codes else None, "b": b if b in region_codes else None}


def state_from_search(search: str | None) -> dict:
    q = parse_qs((search or "").lstrip("?"))
    return clean_state(**{k: q.get(k) for k in FIELDS})


def search_for(state: dict) -> str:
    params = []
    for key in ("theme", "target_group"):
        if state.get(key):
            params.append((key, ",".join(state[key])))
    for key in ("a", "b"):
        if state.get(key):
            params.append((key, state[key]))
    return ("?" + urlencode(params, safe=",")) if params else ""


# ---------------------------------------------------------------- the tile map

def _n_initiatives(n: int, lang: str) -> str:
    key = "regions.n_0" if n == 0 else "regions.n_1" if n == 1 else "regions.n"
    return t(key, lang, n=fmt_int(n, lang))


def _tile_label(region: str, n: int, lang: str) -> str:
    key = "regions.tile_label_0" if n == 0 else "regions.tile_label_1" if n == 1 else "regions.tile_label"
    return t(key, lang, region=region, n=fmt_int(n, lang))


def _tile(code: str, short: str, n: int, colour: int | None, lang: str, extra_class: str = "") -> dcc.Link:
    """A tile: a link to the region's initiatives. `colour` None: outside the colour scale (landelijk)."""
    full = label("region", code, lang)
    colour_class = "tile-national" if colour is None else f"tile-{colour}"
    return dcc.Link([
        html.Span(short, className="tile-name", **{"aria-hidden": "true"}),
        html.Span(fmt_int(n, lang), className="tile-count", **{"aria-hidden": "true"}),
        html.Span(_tile_label(full, n, lang), className="visually-hidden"),
    ], href=f"/?region={code}", className=f"region-tile {colour_class} {extra_class}".strip(), title=full,
        id=f"tile-{code}")


def tile_map(counts: dict[str, int], lang: str) -> html.Div:
    regional = {code: n for code, n in counts.items() if code != NATIONAL}
    top = max(regional.values(), default=0)
    _rows, cols = grid_size()
    items = [html.Li(_tile(tile.code, tile.short(lang), regional.get(tile.code, 0),
                           shade(regional.get(tile.code, 0), top), lang),
                     style={"gridRow": str(tile.row + 1), "gridColumn": str(tile.col + 1)}, className="d-grid")
             for tile in tiles()]
    grid = html.Ul(items, className="tile-map list-unstyled mb-2",
                   style={"gridTemplateColumns": f"repeat({cols}, minmax(0, 1fr))"},
                   **{"aria-label": t("regions.map_label", lang)})
    legend = html.Div([
        html.H3(t("regions.legend", lang), className="h6 mb-1", id="regions-legend-heading"),
        html.Ul([html.Li([html.Span(className=f"swatch tile-{b}"),
                          t("regions.legend_gap", lang) if b == 0 else
                          (fmt_int(lo, lang) if lo == hi else t("regions.legend_range", lang, lo=fmt_int(lo, lang),
                                                                  hi=fmt_int(hi, lang)))])
                 for b, lo, hi in legend_steps(top)], className="tile-legend mb-0"),
    ], className="mb-3")
    n_national = counts.get(NATIONAL, 0)
    national = html.Div([
        html.H3(t("regions.national_heading", lang), className="h6 mb-1"),
        html.Div(_tile(NATIONAL, label("region", NATIONAL, lang), n_national, None, lang),
                 className="d-grid mb-1", style={"maxWidth": "12rem"}),
        html.P(t("regions.national_text", lang), className="small text-body-secondary mb-0"),
    ], className="mb-3")
    return html.Div([
        html.Div(grid, className="col-md-8"),
        html.Div([legend, national], className="col-md-4"),
    ], className="row")


def summary(counts: dict[str, int], filtered: bool, lang: str) -> str:
    regional = [n for code, n in counts.items() if code != NATIONAL]
    with_ = sum(1 for n in regional if n > 0)
    return t("regions.summary_filtered" if filtered else "regions.summary", lang, with_=fmt_int(with_, lang),
             total=fmt_int(len(regional), lang), without=fmt_int(len(regional) - with_, lang))


def map_part(state: dict, lang: str) -> tuple[html.Div, str]:
    counts = insights.region_counts(theme=state["theme"] or None, target_group=state["target_group"] or None)
    return tile_map(counts, lang), summary(counts, bool(state["theme"] or state["target_group"]), lang)


# ---------------------------------------------------------------- two regions side by side

def _none(lang: str) -> html.Span:
    return html.Span(t("regions.none", lang), className="text-body-secondary fst-italic")


def _both_badge(lang: str) -> html.Span:
    return html.Span([html.I(className="bi bi-link-45deg me-1", **{"aria-hidden": "true"}), t("regions.both", lang)],
                     className="badge rounded-pill badge-shared ms-1", title=t("regions.both_label", lang))


def _counted(items: list[tuple[str, int]], vocabulary: str | None, common: set[str], lang: str):
    if not items:
        return _none(lang)
    return html.Ul([
        html.Li([label(vocabulary, key, lang) if vocabulary and key in labels(vocabulary, lang) else key,
                 " ", html.Span(t("regions.count_in", lang, n=fmt_int(n, lang)), className="text-body-secondary"),
                 _both_badge(lang) if key in common else None])
        for key, n in items], className="list-unstyled mb-0")


def _initiatives(profile: dict, lang: str):
    if not profile["initiatives"]:
        return _none(lang)
    code = profile["region"]
    return html.Div([
        html.Ul([html.Li(dcc.Link(i["title"], href=f"/initiatief/{i['slug']}")) for i in profile["initiatives"][:8]],
                className="mb-1 ps-3"),
        dcc.Link(t("regions.all_of_region", lang, region=label("region", code, lang)), href=f"/?region={code}",
                 className="small") if len(profile["initiatives"]) > 8 else None,
    ])


def region_compare(a: str | None, b: str | None, lang: str) -> list:
    if not a or not b:
        return [html.P(t("regions.compare_empty", lang), className="alert alert-info", id="regions-compare-empty")]
    if a == b:
        return [html.P(t("regions.same", lang), className="alert alert-warning", id="regions-compare-same")]
    pa, pb = insights.region_profile(a), insights.region_profile(b)

    def keys(profile: dict, key: str) -> set[str]:
        value = profile[key]
        return set(value) if isinstance(value, dict) else {k for k, _ in value}

    def common(key: str) -> set[str]:
        return keys(pa, key) & keys(pb, key)

    def items(profile: dict, key: str) -> list[tuple[str, int]]:
        value = profile[key]
        return list(value.items()) if isinstance(value, dict) else value

    rows = [
        ("initiatives", lambda p: _initiatives(p, lang)),
        ("target_groups", lambda p: _counted(items(p, "target_groups"), "target_group", common("target_groups"), lang)),
        ("themes", lambda p: _counted(items(p, "themes"), "theme", common("themes"), lang)),
        ("success", lambda p: _counted(items(p, "top_success_factors"), "factor_category", common("top_success_factors"),
                                       lang)),
        ("failures", lambda p: _counted(items(p, "top_failures"), "factor_category", common("top_failures"), lang)),
    ]
    head = html.Thead(html.Tr([html.Th(t("regions.feature", lang), scope="col", className="row-head")] + [
        html.Th([label("region", p["region"], lang), html.Div(_n_initiatives(len(p["initiatives"]), lang),
                                                             className="small fw-normal text-body-secondary")],
                scope="col", className="col-head")
        for p in (pa, pb)]))
    body = html.Tbody([html.Tr([html.Th(t(f"regions.row.{key}", lang), scope="row", className="row-head")]
                               + [html.Td(cell(p)) for p in (pa, pb)], id=f"regions-row-{key}") for key, cell in rows])
    table = html.Table([html.Caption(t("regions.caption", lang), className="visually-hidden"), head, body],
                       className="table compare-table compare-2 align-top mb-1", id="regions-table")
    national_n = pa["national_count"] or pb["national_count"]
    any_common = any(common(k) for k in ("target_groups", "themes", "top_success_factors", "top_failures"))
    out = [html.Div(table, className="table-responsive compare-scroll", tabIndex="0", role="region",
                    **{"aria-label": t("regions.scroll_label", lang)}),
           html.P([_both_badge(lang), " ", t("regions.both_note", lang)], className="small text-body-secondary")
           if any_common else None]
    if national_n:
        note = t("regions.national_note_1" if national_n == 1 else "regions.national_note", lang,
                 n=fmt_int(national_n, lang))
        out.append(html.P([note, " ", dcc.Link(t("regions.national_link", lang), href=f"/?region={NATIONAL}")],
                          className="small"))
    return out


# ---------------------------------------------------------------- the page

def layout(theme=None, target_group=None, a=None, b=None, **_query):
    lang = current_lang()
    state = clean_state(theme, target_group, a, b)
    tiles_div, summary_text = map_part(state, lang)
    region_options = options("region", lang)
    return html.Div([
        dcc.Location(id="regions-url", refresh=False, search=search_for(state)),
        html.H1(t("regions.title", lang), className="h2"),
        html.P(t("regions.intro", lang), className="lead fs-6"),
        html.Section([
            html.H2(t("regions.filters", lang), className="visually-hidden"),
            html.Div([
                html.Div(labelled_dropdown("regions-theme", t("regions.theme", lang), options("theme", lang),
                                           state["theme"], lang, multi=True, placeholder=t("regions.any", lang)),
                         className="col-md-6"),
                html.Div(labelled_dropdown("regions-target-group", t("regions.target_group", lang),
                                           options("target_group", lang), state["target_group"], lang, multi=True,
                                           placeholder=t("regions.any", lang)), className="col-md-6"),
            ], className="row"),
            html.P(t("regions.filter_help", lang), className="form-text mt-0"),
        ]),
        html.Section([
            html.H2(t("regions.map_heading", lang), className="h4 mt-2"),
            html.P(summary_text, id="regions-summary", role="status"),
            html.P(t("regions.click_hint", lang), className="small text-body-secondary"),
            html.Div(tiles_div, id="regions-map"),
        ]),
        html.Section([
            html.H2(t("regions.compare_heading", lang), className="h4 mt-4"),
            html.P(t("regions.compare_intro", lang)),
            html.Div([
                html.Div(labelled_dropdown("regions-a", t("regions.region_a", lang), region_options, state["a"], lang,
                                           placeholder=t("regions.choose", lang)), className="col-sm-6"),
                html.Div(labelled_dropdown("regions-b", t("regions.region_b", lang), region_options, state["b"], lang,
                                           placeholder=t("regions.choose", lang)), className="col-sm-6"),
            ], className="row"),
            html.Div(region_compare(state["a"], state["b"], lang), id="regions-compare"),
        ]),
    ], className="overview-page regions-page")


@callback(
    Output("regions-url", "search"),
    Output("regions-theme", "value"),
    Output("regions-target-group", "value"),
    Output("regions-a", "value"),
    Output("regions-b", "value"),
    Output("regions-map", "children"),
    Output("regions-summary", "children"),
    Output("regions-compare", "children"),
    Input("regions-url", "search"),
    Input("regions-theme", "value"),
    Input("regions-target-group", "value"),
    Input("regions-a", "value"),
    Input("regions-b", "value"),
    prevent_initial_call=True,
)
def _sync(search, theme, target_group, a, b):
    """Controls → URL and what they change; URL (back/forward) → controls and everything."""
    lang = current_lang()
    trigger = ctx.triggered_id
    if trigger == "regions-url":
        state = state_from_search(search)
        map_div, text = map_part(state, lang)
        return (no_update, state["theme"], state["target_group"], state["a"], state["b"], map_div, text,
                region_compare(state["a"], state["b"], lang))
    state = clean_state(theme, target_group, a, b)
    new_search = search_for(state)
    url = new_search if new_search != (search or "") else no_update
    if trigger in ("regions-theme", "regions-target-group"):
        map_div, text = map_part(state, lang)
        return url, no_update, no_update, no_update, no_update, map_div, text, no_update
    compare = region_compare(state["a"], state["b"], lang)
    return url, no_update, no_update, no_update, no_update, no_update, no_update, compare
