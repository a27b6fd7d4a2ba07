"""Initiative page: the whole record, readable — facts, what worked, what did not, sources, similar."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from auth.session import current_user
from components import basket, callbacks, curation_panel
from components.i18n import add_texts, current_lang, fmt_date, fmt_int, fmt_pct, t
from components.markdown import to_html
from components.vocab_labels import label
from kb import permissions, services

dash.register_page(__name__, path_template="/initiatief/<slug>", title="Initiatief – Praktijkbank")
callbacks.once(curation_panel)

add_texts({
    "init.facts": ("Kerngegevens", "Key facts"),
    "init.regions": ("Regio's", "Regions"),
    "init.municipalities": ("Gemeenten", "Municipalities"),
    "init.organisations": ("Organisaties", "Organisations"),
    "init.period": ("Looptijd", "Period"),
    "init.period_open": ("{start} – heden", "{start} – present"),
    "init.target_groups": ("Doelgroepen", "Target groups"),
    "init.themes": ("Thema's", "Themes"),
    "init.participants": ("Deelnemers", "Participants"),
    "init.outcome": ("Uitkomst", "Outcome"),
    "init.outcome_line": ("{placed} van {participants} aan het werk ({share})", "{placed} of {participants} in work ({share})"),
    "init.within": (" binnen {months} maanden", " within {months} months"),
    "init.evidence": ("Bewijsniveau", "Evidence level"),
    "init.evidence_rated": ("beoordeeld op {date}", "rated on {date}"),
    "init.cost": ("Kosten", "Cost"),
    "init.contact": ("Contact", "Contact"),
    "init.approach": ("Aanpak", "Approach"),
    "init.description": ("Beschrijving", "Description"),
    "init.success": ("Wat werkte", "What worked"),
    "init.failures": ("Wat niet werkte en lessen", "What did not work, and lessons"),
    "init.none_listed": ("Nog niets vastgelegd.", "Nothing recorded yet."),
    "init.preconditions": ("Wat een regio nodig heeft om dit over te nemen", "What a region needs to adopt this"),
    "init.context": ("Context", "Context"),
    "init.sources": ("Bronnen", "Sources"),
    "init.revision": ("Laatst bijgewerkt op {date} (revisie {n})", "Last updated on {date} (revision {n})"),
    "init.similar": ("Vergelijkbare initiatieven", "Similar initiatives"),
    "init.not_found": ("Dit initiatief bestaat niet of is niet gepubliceerd.", "This initiative does not exist or is not published."),
    "init.back": ("Terug naar zoeken", "Back to search"),
    "init.tags": ("Trefwoorden", "Tags"),
})


def _fact(term: str, value) -> list:
    if value in (None, "", []):
        return []
    return [html.Dt(term, className="col-sm-5 fw-semibold"), html.Dd(value, className="col-sm-7")]


def outcome_text(rec: dict, lang: str) -> str | None:
    """'21 van 30 aan het werk (70%) binnen 6 maanden', or the note when there are no figures."""
    placed, n = rec.get("placed"), rec.get("participants")
    if placed is not None and n:
        text = t("init.outcome_line", lang, placed=fmt_int(placed, lang), participants=fmt_int(n, lang),
                 share=fmt_pct(placed / n, lang))
        if rec.get("placed_within_months"):
            text += t("init.within", lang, months=rec["placed_within_months"])
        return text
    return rec.get("outcome_note") or None


def _period(rec: dict, lang: str) -> str | None:
    start, end = rec.get("period_start"), rec.get("period_end")
    if not start:
        return None
    if not end:
        return t("init.period_open", lang, start=fmt_date(start, lang))
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"


def _factor_list(items: list[dict], lang: str, kind: str) -> html.Div:
    if not items:
        return html.P(t("init.none_listed", lang), className="text-body-secondary")
    icon = "bi bi-check-circle-fill text-success" if kind == "success" else "bi bi-exclamation-triangle-fill text-warning-emphasis"
    return html.Ul([
        html.Li([
            html.I(className=f"{icon} me-2", **{"aria-hidden": "true"}),
            item["text"],
            html.Span(label("factor_category", item["category"], lang), className="badge text-bg-light border ms-2")
            if item.get("category") else None,
        ], className="mb-2") for item in items
    ], className="list-unstyled")


def facts_panel(rec: dict, lang: str) -> dbc.Card:
    evidence = None
    if rec.get("evidence_level"):
        evidence = label("evidence", rec["evidence_level"], lang)
        if rec.get("evidence_rated_on"):
            evidence += " (" + t("init.evidence_rated", lang, date=fmt_date(rec["evidence_rated_on"], lang)) + ")"
    cost = None
    if rec.get("cost_eur") is not None:
        cost = "€ " + fmt_int(rec["cost_eur"], lang)
    if rec.get("cost_note"):
        cost = f"{cost} – {rec['cost_note']}" if cost else rec["cost_note"]
    contact = rec.get("contact_organisation") or None
    if contact and rec.get("contact_url"):
        contact = html.A(contact, href=rec["contact_url"], rel="noopener noreferrer")
    rows = (
        _fact(t("init.regions", lang), ", ".join(label("region", c, lang) for c in rec["regions"]))
        + _fact(t("init.municipalities", lang), ", ".join(rec["municipalities"]))
        + _fact(t("init.organisations", lang), ", ".join(rec["organisations"]))
        + _fact(t("init.period", lang), _period(rec, lang))
        + _fact(t("init.target_groups", lang), ", ".join(label("target_group", c, lang) for c in rec["target_groups"]))
        + _fact(t("init.themes", lang), ", ".join(label("theme", c, lang) for c in rec["themes"]))
        + _fact(t("init.participants", lang), fmt_int(rec["participants"], lang) if rec.get("participants") is not None else None)
        + _fact(t("init.outcome", lang), outcome_text(rec, lang))
        + _fact(t("init.evidence", lang), evidence)
        + _fact(t("init.cost", lang), cost)
        + _fact(t("init.contact", lang), contact)
        + _fact(t("init.tags", lang), ", ".join(rec["tags"]))
    )
    return dbc.Card(dbc.CardBody([html.H2(t("init.facts", lang), className="h5"),
                                  html.Dl(rows, className="row mb-0")]), className="mb-4")


def _html_block(text: str) -> dcc.Markdown:
    return dcc.Markdown(to_html(text), dangerously_allow_html=True, className="markdown")


def similar_block(slug: str, lang: str):
    """Similar initiatives from the search index (empty while the index is not available)."""
    try:
        from index.runtime import get_index

        items = get_index().similar(slug, limit=5)
    except Exception:  # the page stays useful without the index
        return None
    if not items:
        return None
    return html.Section([
        html.H2(t("init.similar", lang), className="h5"),
        html.Ul([html.Li(dcc.Link(i["title"], href=f"/initiatief/{i['slug']}")) for i in items]),
    ], className="mb-4")


def layout(slug: str = "", opgeslagen: str = "", **_query):
    lang = current_lang()
    rec = services.get(slug)
    if rec is not None and not permissions.can_view(current_user(), rec):
        rec = None  # unpublished: only its owner and the editors see it (kb.permissions)
    if rec is None:
        return html.Div([html.H1(t("notfound.title", lang), className="h3"), html.P(t("init.not_found", lang)),
                         dcc.Link(t("init.back", lang), href="/")])
    main = [
        html.P(rec["summary"], className="lead"),
        html.Section([html.H2(t("init.approach", lang), className="h4"), _html_block(rec["approach"])])
        if rec.get("approach") else None,
        dbc.Row([
            dbc.Col(html.Section([html.H2(t("init.success", lang), className="h4"),
                                  _factor_list(rec["success_factors"], lang, "success")]), md=6),
            dbc.Col(html.Section([html.H2(t("init.failures", lang), className="h4"),
                                  _factor_list(rec["failures"], lang, "failure")]), md=6),
        ], className="my-3"),
        html.Section([html.H2(t("init.description", lang), className="h4"), _html_block(rec["description"])])
        if rec.get("description") else None,
        html.Section([html.H2(t("init.preconditions", lang), className="h4"), _html_block(rec["preconditions"])])
        if rec.get("preconditions") else None,
        html.Section([html.H2(t("init.context", lang), className="h4"), _html_block(rec["context"])])
        if rec.get("context") else None,
        html.Section([
            html.H2(t("init.sources", lang), className="h4"),
            html.Ul([html.Li(html.A(s["title"], href=s["url"], rel="noopener noreferrer nofollow") if s["url"]
                             else s["title"]) for s in rec["sources"]]),
        ]) if rec["sources"] else None,
        html.P(t("init.revision", lang, date=fmt_date(rec["updated_at"], lang), n=rec["revision"]),
               className="text-body-secondary small"),
    ]
    return html.Article([
        html.H1(rec["title"], className="h2"),
        dbc.Row([
            dbc.Col([c for c in main if c is not None], lg=8),
            dbc.Col([curation_panel.panel(rec, lang, saved=bool(opgeslagen)), facts_panel(rec, lang),
                     basket.add_button(rec["slug"], lang), similar_block(rec["slug"], lang)], lg=4),
        ]),
    ])
