"""Vergelijken: two to four published initiatives side by side, chosen in the URL (?ids=a,b).

The comparison is a function of its URL, so it can be shared and bookmarked. A dropdown adds an
initiative, a button beside each chosen one removes it; both rewrite the URL (history.pushState through
a dcc.Location with refresh=False) and the comparison below, without rebuilding the page, so keyboard
focus is kept. Back and forward work: the location's search drives the same callback.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs

import dash
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from components.charts import BLUE, GRID, base_layout, chart, labelled_dropdown
from components.i18n import add_texts, current_lang, fmt_date, fmt_int, fmt_pct, t
from components.markdown import to_html
from components.stats import wilson_interval
from components.vocab_labels import label
from kb import insights, services

dash.register_page(__name__, path="/vergelijken", title="Vergelijken – Praktijkbank", order=1)

MAX = 4
MAX_URL_SLUGS = 20  # more in a URL is not a comparison; ignore the rest

add_texts({
    "compare.title": ("Initiatieven vergelijken", "Compare initiatives"),
    "compare.intro": ("Zet twee tot vier initiatieven naast elkaar: voor wie, hoe, met welk resultaat, en wat wel en "
                      "niet werkte. De vergelijking heeft een eigen adres: kopieer het om haar te delen.",
                      "Put two to four initiatives side by side: for whom, how, with what result, and what did and "
                      "did not work. The comparison has its own address: copy it to share it."),
    "compare.add": ("Initiatief toevoegen", "Add an initiative"),
    "compare.add_help": ("Kies er twee tot vier; typ om te zoeken.", "Choose two to four; type to search."),
    "compare.add_full": ("De vergelijking is vol (vier). Haal er eerst een weg om een ander toe te voegen.",
                         "The comparison is full (four). Remove one first to add another."),
    "compare.placeholder": ("Kies een initiatief…", "Choose an initiative…"),
    "compare.chosen": ("Gekozen", "Chosen"),
    "compare.chosen_none": ("Nog niets gekozen.", "Nothing chosen yet."),
    "compare.remove": ("Weghalen", "Remove"),
    "compare.remove_label": ("Haal ‘{title}’ uit de vergelijking", "Remove ‘{title}’ from the comparison"),
    "compare.empty": ("Kies minstens twee initiatieven om ze naast elkaar te zien — hierboven, of via Zoeken met de "
                      "knop ‘Vergelijk’ bij een initiatief.",
                      "Choose at least two initiatives to see them side by side — above, or from Search with the "
                      "‘Compare’ button of an initiative."),
    "compare.example": ("Bijvoorbeeld: ", "For example: "),
    "compare.example_pair": ("{a} naast {b}", "{a} beside {b}"),
    "compare.one": ("Kies nog minstens één initiatief om ‘{title}’ mee te vergelijken.",
                    "Choose at least one more initiative to compare ‘{title}’ with."),
    "compare.suggest": ("Lijken erop (zelfde doelgroep of thema):", "Similar (same target group or theme):"),
    "compare.suggest_link": ("Vergelijk met {title}", "Compare with {title}"),
    "compare.unknown": ("Niet gevonden of niet gepubliceerd, en dus weggelaten: {slugs}.",
                        "Not found or not published, so left out: {slugs}."),
    "compare.too_many": ("Er passen maximaal vier initiatieven naast elkaar; haal er eerst een weg.",
                         "At most four initiatives fit side by side; remove one first."),
    "compare.status": ("{n} initiatieven naast elkaar.", "{n} initiatives side by side."),
    "compare.status_few": ("{n} van minstens twee initiatieven gekozen.", "{n} of at least two initiatives chosen."),
    "compare.table_heading": ("Naast elkaar", "Side by side"),
    "compare.caption": ("Kenmerken van de gekozen initiatieven, per rij één kenmerk.",
                        "Features of the chosen initiatives, one feature per row."),
    "compare.feature": ("Kenmerk", "Feature"),
    "compare.row.target_groups": ("Doelgroepen", "Target groups"),
    "compare.row.approach": ("Aanpak", "Approach"),
    "compare.row.regions": ("Regio's", "Regions"),
    "compare.row.period": ("Looptijd", "Period"),
    "compare.row.participants": ("Deelnemers", "Participants"),
    "compare.row.outcome": ("Uitkomst", "Outcome"),
    "compare.row.evidence": ("Bewijsniveau", "Evidence level"),
    "compare.row.success": ("Wat werkte", "What worked"),
    "compare.row.failures": ("Wat niet werkte", "What did not work"),
    "compare.none": ("Niet vastgelegd", "Not recorded"),
    "compare.period_open": ("{start} – heden", "{start} – present"),
    "compare.outcome_line": ("{placed} van {n} aan het werk ({share})", "{placed} of {n} in work ({share})"),
    "compare.within": (" binnen {months} maanden", " within {months} months"),
    "compare.shared": ("gedeeld", "shared"),
    "compare.shared_label": ("komt ook voor bij een ander gekozen initiatief", "also found in another chosen initiative"),
    "compare.shared_note": ("‘Gedeeld’: dezelfde soort factor komt bij meer dan één van deze initiatieven voor.",
                            "‘Shared’: the same kind of factor occurs in more than one of these initiatives."),
    "compare.scroll_label": ("Vergelijkingstabel (scroll opzij bij een smal scherm)",
                             "Comparison table (scroll sideways on a narrow screen)"),
    "compare.chart_heading": ("Resultaat: aandeel aan het werk", "Result: share in work"),
    "compare.chart_sentence": ("Puntgrafiek: per initiatief het aandeel deelnemers dat werk vond, met een lijn voor "
                               "het 95%-interval. De cijfers staan in de tekst hieronder.",
                               "Dot chart: for each initiative the share of participants who found work, with a "
                               "line for the 95% interval. The figures are in the text below."),
    "compare.chart_how": ("Elke stip is het aandeel deelnemers dat werk vond; de lijn eromheen laat zien waar het "
                          "werkelijke aandeel waarschijnlijk ligt (95%-interval volgens Wilson). Hoe minder "
                          "deelnemers, hoe langer de lijn.",
                          "Each dot is the share of participants who found work; the line around it shows where "
                          "the true share probably lies (95% Wilson interval). The fewer participants, the longer "
                          "the line."),
    "compare.chart_line": ("{share} van {n} deelnemers{within}: waarschijnlijk tussen {low} en {high}.",
                           "{share} of {n} participants{within}: probably between {low} and {high}."),
    "compare.chart_within": (" aan het werk binnen {months} maanden", " in work within {months} months"),
    "compare.chart_overlap": ("De intervallen overlappen: met deze aantallen kan het verschil tussen de initiatieven "
                              "toeval zijn.",
                              "The intervals overlap: with these numbers the difference between the initiatives "
                              "may be chance."),
    "compare.chart_apart": ("Het interval van ‘{hi}’ ligt geheel boven dat van ‘{lo}’: dat verschil is "
                            "waarschijnlijk geen toeval (al kunnen doelgroep en aanpak verschillen).",
                            "The interval of ‘{hi}’ lies wholly above that of ‘{lo}’: that difference is probably "
                            "not chance (though target groups and approach may differ)."),
    "compare.chart_terms": ("Let op: de uitkomsten zijn niet over dezelfde (bekende) termijn gemeten.",
                            "Note: the outcomes were not measured over the same (known) period."),
    "compare.read_more": ("Lees de hele aanpak", "Read the whole approach"),
    "compare.read_more_label": ("Lees de hele aanpak van ‘{title}’", "Read the whole approach of ‘{title}’"),
    "compare.chart_missing": ("Zonder uitkomstcijfers (deelnemers en geplaatst): {titles}.",
                              "Without outcome figures (participants and placed): {titles}."),
    "compare.chart_none": ("Geen van deze initiatieven meldt het aantal deelnemers én geplaatsten; er is nog geen "
                           "resultaat om te vergelijken.",
                           "None of these initiatives reports both participants and placed; there is no result to "
                           "compare yet."),
    "compare.hover": ("{share} van {n} deelnemers<br>95%-interval: {low} – {high}",
                      "{share} of {n} participants<br>95% interval: {low} – {high}"),
    "compare.point_label": ("<b>{share}</b> · {title} ({n} deelnemers)", "<b>{share}</b> · {title} ({n} participants)"),
    "compare.axis": ("Aandeel deelnemers aan het werk", "Share of participants in work"),
})


# ---------------------------------------------------------------- the URL and the choice

def parse_ids(raw) -> list[str]:
    """'a,b' (or a list from a repeated ?ids=) → unique slugs in order, at most MAX_URL_SLUGS."""
    parts = raw if isinstance(raw, (list, tuple)) else [raw or ""]
    out: list[str] = []
    for part in parts:
        for slug in str(part).split(","):
            slug = slug.strip().lower()[:120]
            if slug and slug not in out:
                out.append(slug)
    return out[:MAX_URL_SLUGS]


def ids_from_search(search: str | None) -> list[str]:
    return parse_ids(parse_qs((search or "").lstrip("?")).get("ids", []))


def search_for(slugs: list[str]) -> str:
    return f"?ids={','.join(slugs)}" if slugs else ""


def resolve(slugs: list[str]) -> tuple[list[dict], list[str]]:
    """The published records for these slugs (in order) and the slugs that are unknown or not published."""
    found, unknown = [], []
    for slug in slugs:
        rec = services.get(slug, published_only=True)
        (found if rec else unknown).append(rec or slug)
    return found, unknown


# ---------------------------------------------------------------- cells

def _none(lang: str) -> html.Span:
    return html.Span(t("compare.none", lang), className="text-body-secondary fst-italic")


def _labels(vocabulary: str, codes: list[str], lang: str):
    if not codes:
        return _none(lang)
    return html.Ul([html.Li(label(vocabulary, c, lang)) for c in codes], className="list-unstyled mb-0")


def _period(rec: dict, lang: str):
    start, end = rec.get("period_start"), rec.get("period_end")
    if not start:
        return _none(lang)
    if not end:
        return t("compare.period_open", lang, start=fmt_date(start, lang))
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"


def has_outcome(rec: dict) -> bool:
    return rec.get("placed") is not None and bool(rec.get("participants"))


def _outcome(rec: dict, lang: str):
    parts = []
    if has_outcome(rec):
        text = t("compare.outcome_line", lang, placed=fmt_int(rec["placed"], lang), n=fmt_int(rec["participants"], lang),
                 share=fmt_pct(rec["placed"] / rec["participants"], lang))
        if rec.get("placed_within_months"):
            text += t("compare.within", lang, months=rec["placed_within_months"])
        parts.append(html.Div(text, className="fw-semibold"))
    if rec.get("outcome_note"):
        parts.append(html.Div(rec["outcome_note"], className="small"))
    return parts or _none(lang)


def shared_categories(records: list[dict], field: str) -> set[str]:
    """Categories of `field` ('success_factors' or 'failures') that occur in two or more of the records."""
    seen: dict[str, set[str]] = {}
    for rec in records:
        for item in rec.get(field) or []:
            if item.get("category"):
                seen.setdefault(item["category"], set()).add(rec["slug"])
    return {c for c, slugs in seen.items() if len(slugs) > 1}


def _factors(items: list[dict], shared: set[str], lang: str):
    if not items:
        return _none(lang)
    lis = []
    for item in items:
        cat = item.get("category")
        is_shared = cat in shared
        lis.append(html.Li([
            html.Span(item["text"]),
            html.Span([
                html.Span(label("factor_category", cat, lang), className="badge rounded-pill text-bg-light border me-1")
                if cat else None,
                html.Span([html.I(className="bi bi-link-45deg me-1", **{"aria-hidden": "true"}), t("compare.shared", lang)],
                          className="badge rounded-pill badge-shared", title=t("compare.shared_label", lang))
                if is_shared else None,
            ], className="d-block mt-1"),
        ], className="factor factor-shared" if is_shared else "factor"))
    return html.Ul(lis, className="list-unstyled mb-0")


APPROACH_CHARS = 420


def plain_excerpt(text: str, limit: int = APPROACH_CHARS) -> str:
    """Markdown to a plain excerpt of at most `limit` characters, cut at a word."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) → text
    plain = re.sub(r"[*_`#>]+", "", plain)
    plain = re.sub(r"^\s*[-+] ", "", plain, flags=re.M)
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-") + " …"


def _approach(rec: dict, lang: str):
    """Short approaches in full; a long one as an excerpt with a link, so that the rows stay comparable."""
    text = rec.get("approach") or ""
    if not text:
        return _none(lang)
    if len(text) <= APPROACH_CHARS:
        return dcc.Markdown(to_html(text), dangerously_allow_html=True, className="markdown")
    return html.Div([
        html.P(plain_excerpt(text), className="mb-1"),
        html.A(t("compare.read_more", lang), href=f"/initiatief/{rec['slug']}",
               **{"aria-label": t("compare.read_more_label", lang, title=rec["title"])}),
    ])


def compare_table(records: list[dict], lang: str) -> html.Div:
    shared_s = shared_categories(records, "success_factors")
    shared_f = shared_categories(records, "failures")
    rows = [
        ("target_groups", lambda r: _labels("target_group", r["target_groups"], lang)),
        ("approach", lambda r: _approach(r, lang)),
        ("regions", lambda r: _labels("region", r["regions"], lang)),
        ("period", lambda r: _period(r, lang)),
        ("participants", lambda r: fmt_int(r["participants"], lang) if r.get("participants") is not None else _none(lang)),
        ("outcome", lambda r: _outcome(r, lang)),
        ("evidence", lambda r: label("evidence", r["evidence_level"], lang) if r.get("evidence_level") else _none(lang)),
        ("success", lambda r: _factors(r["success_factors"], shared_s, lang)),
        ("failures", lambda r: _factors(r["failures"], shared_f, lang)),
    ]
    head = html.Thead(html.Tr(
        [html.Th(t("compare.feature", lang), scope="col", className="row-head")]
        + [html.Th([dcc.Link(r["title"], href=f"/initiatief/{r['slug']}"),
                    html.Div(", ".join(r["organisations"][:3]), className="small fw-normal text-body-secondary")
                    if r.get("organisations") else None],
                   scope="col", className="col-head") for r in records]))
    body = html.Tbody([
        html.Tr([html.Th(t(f"compare.row.{key}", lang), scope="row", className="row-head")]
                + [html.Td(cell(r)) for r in records], id=f"compare-row-{key}")
        for key, cell in rows
    ])
    table = html.Table([html.Caption(t("compare.caption", lang), className="visually-hidden"), head, body],
                       className=f"table compare-table compare-{len(records)} align-top mb-1", id="compare-table")
    badge = html.Span([html.I(className="bi bi-link-45deg me-1", **{"aria-hidden": "true"}), t("compare.shared", lang)],
                      className="badge rounded-pill badge-shared me-2")
    note = html.P([badge, t("compare.shared_note", lang)],
                  className="small text-body-secondary") if (shared_s or shared_f) else None
    return html.Section([
        html.H2(t("compare.table_heading", lang), className="h4 mt-4"),
        html.Div(table, className="table-responsive compare-scroll", tabIndex="0", role="region",
                 **{"aria-label": t("compare.scroll_label", lang)}),
        note,
    ])


# ---------------------------------------------------------------- the outcome chart

def _short(title: str, n: int = 42) -> str:
    return title if len(title) <= n else title[: n - 1].rstrip() + "…"


def outcome_chart(records: list[dict], lang: str) -> html.Section:
    with_figures = [r for r in records if has_outcome(r)]
    without = [r for r in records if not has_outcome(r)]
    parts: list = [html.H2(t("compare.chart_heading", lang), className="h4 mt-4")]
    if not with_figures:
        parts.append(html.P(t("compare.chart_none", lang), id="compare-chart-none"))
        return html.Section(parts)
    ys, xs, lows, highs, hovers, lines = [], [], [], [], [], []
    for r in with_figures:
        n, placed = r["participants"], r["placed"]
        share = min(1.0, placed / n)
        low, high = wilson_interval(min(placed, n), n)
        ys.append(t("compare.point_label", lang, share=fmt_pct(share, lang), title=_short(r["title"], 32),
                    n=fmt_int(n, lang)))
        xs.append(share)
        lows.append(low)
        highs.append(high)
        hovers.append(t("compare.hover", lang, share=fmt_pct(share, lang), n=fmt_int(n, lang), low=fmt_pct(low, lang),
                        high=fmt_pct(high, lang)))
        within = t("compare.chart_within", lang, months=r["placed_within_months"]) if r.get("placed_within_months") else ""
        lines.append(html.Li([html.Strong(r["title"]), ": ",
                              t("compare.chart_line", lang, share=fmt_pct(share, lang), n=fmt_int(n, lang), within=within,
                                low=fmt_pct(low, lang), high=fmt_pct(high, lang))]))
    # Each initiative gets a row: its name and figures as a line of text above its dot, so that long titles
    # need no wide axis margin and the chart still reads on a phone.
    rows = list(range(len(xs)))
    fig = go.Figure(go.Scatter(
        x=xs, y=rows, mode="markers", marker=dict(size=13, color=BLUE, line=dict(width=1, color="white")),
        error_x=dict(type="data", symmetric=False, array=[h - x for h, x in zip(highs, xs)],
                     arrayminus=[x - lo for x, lo in zip(xs, lows)], color=BLUE, thickness=2.5, width=8),
        hovertext=hovers, hoverinfo="text", cliponaxis=False,
    ))
    fig.update_layout(**base_layout(lang, margin=dict(l=10, r=20, t=10, b=50)), annotations=[
        dict(x=0, xref="paper", y=i - 0.42, yref="y", text=text, showarrow=False, xanchor="left", yanchor="middle",
             align="left", font=dict(size=13)) for i, text in zip(rows, ys)])
    fig.update_xaxes(range=[0, 1.02], tickformat=".0%", dtick=0.2, minor=dict(dtick=0.1, showgrid=True, gridcolor=GRID),
                     gridcolor=GRID, zeroline=False, title=dict(text=t("compare.axis", lang), standoff=8), fixedrange=True)
    fig.update_yaxes(range=[len(rows) - 0.5, -0.85], showticklabels=False, showgrid=False, zeroline=False,
                     fixedrange=True)
    details: list = [html.Ul(lines, className="mb-1", id="compare-chart-lines"),
                     html.P(t("compare.chart_how", lang), className="small")]
    if len(with_figures) > 1:
        order = sorted(range(len(xs)), key=lambda i: xs[i])
        lo_i, hi_i = order[0], order[-1]
        if lows[hi_i] > highs[lo_i]:
            details.append(html.P(t("compare.chart_apart", lang, hi=with_figures[hi_i]["title"],
                                    lo=with_figures[lo_i]["title"]), className="small"))
        else:
            details.append(html.P(t("compare.chart_overlap", lang), className="small"))
        if len({r.get("placed_within_months") for r in with_figures}) > 1 or not all(
                r.get("placed_within_months") for r in with_figures):
            details.append(html.P(t("compare.chart_terms", lang), className="small"))
    if without:
        details.append(html.P(t("compare.chart_missing", lang, titles=", ".join(r["title"] for r in without)),
                              className="small text-body-secondary"))
    parts.append(chart(fig, "compare-chart", t("compare.chart_sentence", lang), height=80 + 70 * len(with_figures),
                       details=details, lang=lang))
    return html.Section(parts, id="compare-result")


# ---------------------------------------------------------------- empty and one-initiative states

def _href(slugs: list[str]) -> str:
    return "/vergelijken" + search_for(slugs)


def empty_state(titles: list[tuple[str, str]], lang: str) -> html.Div:
    """What to do, and one example pair that has something in common (a shared target group or theme)."""
    parts = [html.P(t("compare.empty", lang), className="mb-2")]
    for slug, title in titles[:8]:
        match = insights.overlapping(slug, limit=1)
        if match:
            parts.append(html.P([t("compare.example", lang),
                                 dcc.Link(t("compare.example_pair", lang, a=title, b=match[0]["title"]),
                                          href=_href([slug, match[0]["slug"]]))], className="mb-0"))
            break
    return html.Div(parts, className="alert alert-info", id="compare-empty")


def one_state(rec: dict, lang: str) -> html.Div:
    """One chosen: ask for another and offer the three that share most with it."""
    suggestions = insights.overlapping(rec["slug"], limit=3)
    return html.Div([
        html.P(t("compare.one", lang, title=rec["title"]), className="mb-2"),
        html.P(t("compare.suggest", lang), className="mb-1") if suggestions else None,
        html.Ul([html.Li(dcc.Link(t("compare.suggest_link", lang, title=r["title"]),
                                  href=_href([rec["slug"], r["slug"]]))) for r in suggestions], className="mb-0")
        if suggestions else None,
    ], className="alert alert-info", id="compare-one")


# ---------------------------------------------------------------- the page

def body(slugs: list[str], lang: str, too_many: bool = False, titles: list[tuple[str, str]] | None = None) -> list:
    """Everything below the dropdown for these slugs: messages, then the states or the comparison."""
    records, unknown = resolve(slugs)
    out: list = []
    if unknown:
        out.append(html.Div(t("compare.unknown", lang, slugs=", ".join(f"‘{s}’" for s in unknown)),
                            className="alert alert-warning", id="compare-unknown"))
    if too_many or len(records) > MAX:
        out.append(html.Div(t("compare.too_many", lang), className="alert alert-warning", id="compare-too-many"))
        records = records[:MAX]
    if len(records) < 2:
        if records:
            out.append(one_state(records[0], lang))
        else:
            out.append(empty_state(titles if titles is not None else insights.published_titles(), lang))
        return out
    out += [compare_table(records, lang), outcome_chart(records, lang)]
    return out


def status_text(records: list[dict], lang: str) -> str:
    n = len(records[:MAX])
    return t("compare.status", lang, n=n) if n >= 2 else t("compare.status_few", lang, n=n)


def chosen_list(records: list[dict], lang: str) -> html.Div:
    """The chosen initiatives, each with a button that removes it."""
    items = [html.Li([
        html.Span(r["title"], className="me-2"),
        html.Button([html.I(className="bi bi-x-lg me-1", **{"aria-hidden": "true"}), t("compare.remove", lang)],
                    id={"type": "compare-remove", "slug": r["slug"]}, type="button",
                    className="btn btn-sm btn-outline-secondary py-0", **{"aria-label": t("compare.remove_label", lang,
                                                                                          title=r["title"])}),
    ], className="chosen-item") for r in records[:MAX]]
    return html.Div([
        html.H2(t("compare.chosen", lang), className="h6 mb-1", id="compare-chosen-heading", tabIndex="-1"),
        html.Ol(items, className="chosen-list mb-0") if items else
        html.P(t("compare.chosen_none", lang), className="text-body-secondary small mb-0"),
    ], className="mb-3")


def add_help(records: list[dict], lang: str) -> str:
    return t("compare.add_full", lang) if len(records) >= MAX else t("compare.add_help", lang)


PICKER_ALL = 200  # up to this many initiatives the picker holds them all; beyond, it searches as you type
PICKER_SHOWN = 50


def picker_options(titles: list[tuple[str, str]], typed: str = "") -> list[dict]:
    """Options for the picker: all titles for a small corpus, else the first matches of what is typed
    (a page listing every title of a large corpus would weigh megabytes)."""
    if len(titles) <= PICKER_ALL and not typed:
        return [{"label": title, "value": slug} for slug, title in titles]
    needle = typed.casefold().strip()
    hits = [(slug, title) for slug, title in titles if needle in title.casefold()] if needle else titles
    return [{"label": title, "value": slug} for slug, title in hits[:PICKER_SHOWN]]


@callback(Output("compare-add", "options"), Input("compare-add", "search_value"), prevent_initial_call=True)
def _search_picker(typed):
    titles = insights.published_titles()
    if len(titles) <= PICKER_ALL or typed is None:
        return no_update
    return picker_options(titles, typed)


def add_dropdown(records: list[dict], titles: list[tuple[str, str]], lang: str) -> html.Div:
    """The 'add' dropdown (disabled, with the reason below it, when four are chosen)."""
    options = picker_options(titles)
    return labelled_dropdown("compare-add", t("compare.add", lang), options, None, lang,
                             placeholder=t("compare.placeholder", lang), help_text=add_help(records, lang),
                             className="mb-3 compare-add", disabled=len(records) >= MAX, search_order="original")


def layout(ids: str | list = "", **_query):
    lang = current_lang()
    titles = insights.published_titles()  # slug and title suffice for the picker: no whole records
    wanted = parse_ids(ids)
    records = resolve(wanted)[0][:MAX]
    return html.Div([
        dcc.Location(id="compare-url", refresh=False, search=search_for(wanted)),
        dcc.Store(id="compare-slugs", data=[r["slug"] for r in records]),
        html.H1(t("compare.title", lang), className="h2"),
        html.P(t("compare.intro", lang), className="lead fs-6"),
        html.Div([
            html.Div(chosen_list(records, lang), id="compare-chosen", className="col-lg-6"),
            html.Div(add_dropdown(records, titles, lang), className="col-lg-6"),
        ], className="row"),
        html.Div(status_text(records, lang), id="compare-status", role="status", className="visually-hidden"),
        html.Div(body(wanted, lang, titles=titles), id="compare-body"),
    ], className="overview-page compare-page")


@callback(
    Output("compare-url", "search"),
    Output("compare-slugs", "data"),
    Output("compare-chosen", "children"),
    Output("compare-add", "value"),
    Output("compare-add", "disabled"),
    Output("compare-add-help", "children"),
    Output("compare-body", "children"),
    Output("compare-status", "children"),
    Output("compare-basket", "data", allow_duplicate=True),
    Input("compare-url", "search"),
    Input("compare-add", "value"),
    Input({"type": "compare-remove", "slug": ALL}, "n_clicks"),
    State("compare-slugs", "data"),
    prevent_initial_call=True,
)
def _sync(search, added, removes, current):
    """Add or remove → URL, comparison and the basket; the URL (back/forward, a link) → everything but
    the basket (opening a colleague's link does not replace one's own basket).

    The dropdown itself is never redrawn (only its value and disabled state change), so focus stays in it.
    """
    lang = current_lang()
    trigger = ctx.triggered_id
    current = list(current or [])
    too_many = False
    if trigger == "compare-add":
        if not added:
            return (no_update,) * 9
        too_many = added not in current and len(current) >= MAX
        slugs = current if (added in current or too_many) else current + [added]
    elif isinstance(trigger, dict) and trigger.get("type") == "compare-remove":
        if not any(removes or []):
            return (no_update,) * 9  # the buttons were just drawn, not clicked
        slugs = [s for s in current if s != trigger["slug"]]
    else:
        slugs = ids_from_search(search)
    records = resolve(slugs)[0][:MAX]
    new_search = search_for(slugs)
    chosen = [r["slug"] for r in records]
    basket = chosen if trigger == "compare-add" or isinstance(trigger, dict) else no_update
    return (new_search if new_search != (search or "") else no_update, chosen,
            chosen_list(records, lang), None, len(records) >= MAX, add_help(records, lang),
            body(slugs, lang, too_many=too_many), status_text(records, lang), basket)


# After a remove button (which disappears) keep the keyboard user in the controls: focus the add dropdown.
clientside_callback(
    """function(clicks) {
        if (!(clicks || []).some(Boolean)) { return window.dash_clientside.no_update; }
        setTimeout(function() {
            const target = document.querySelector('.compare-add .dash-dropdown-focus-target')
                || document.getElementById('compare-chosen-heading');
            if (target) { target.focus(); }
        }, 150);
        return window.dash_clientside.no_update;
    }""",
    Output("compare-chosen-heading", "className"),
    Input({"type": "compare-remove", "slug": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
