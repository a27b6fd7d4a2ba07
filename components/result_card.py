"""A search result as a card: title, highlighted fragment, regions, target groups, evidence, outcome."""
from __future__ import annotations

import html as htmllib
import re

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import basket
from components.i18n import add_texts, fmt_int, fmt_pct, t
from components.vocab_labels import label

add_texts({
    "card.outcome": ("{placed} van {n} aan het werk ({share})", "{placed} of {n} in work ({share})"),
    "card.within": (" binnen {months} mnd", " within {months} months"),
    "card.participants": ("{n} deelnemers", "{n} participants"),
    "card.regions": ("Regio's", "Regions"),
    "card.target_groups": ("Doelgroepen", "Target groups"),
})
MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def highlighted(fragment: str) -> list:
    """The index's fragment (escaped text with <mark> tags only) as Dash elements: no raw HTML."""
    out: list = []
    pos = 0
    for m in MARK.finditer(fragment or ""):
        if m.start() > pos:
            out.append(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment[pos:m.start()])))
        out.append(html.Mark(htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1)))))
        pos = m.end()
    if pos < len(fragment or ""):
        out.append(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment[pos:])))
    return out


def outcome_line(r: dict, lang: str) -> str | None:
    placed, n = r.get("placed"), r.get("participants")
    if placed is not None and n:
        text = t("card.outcome", lang, placed=fmt_int(placed, lang), n=fmt_int(n, lang), share=fmt_pct(placed / n, lang))
        if r.get("placed_within_months"):
            text += t("card.within", lang, months=r["placed_within_months"])
        return text
    if n:
        return t("card.participants", lang, n=fmt_int(n, lang))
    note = r.get("outcome_note") or ""
    return (note[:140] + "…") if len(note) > 140 else (note or None)


def result_card(r: dict, lang: str) -> dbc.Card:
    regions = ", ".join(label("region", c, lang) for c in r.get("regions", []))
    groups = ", ".join(label("target_group", c, lang) for c in r.get("target_groups", []))
    outcome = outcome_line(r, lang)
    evidence = label("evidence", r["evidence_level"], lang) if r.get("evidence_level") else None
    return dbc.Card(dbc.CardBody([
        html.H2(dcc.Link(r["title"], href=f"/initiatief/{r['slug']}"), className="h5 card-title"),
        html.P(highlighted(r.get("highlight") or r.get("summary", "")), className="mb-2"),
        html.Ul([
            html.Li([html.I(className="bi bi-geo-alt me-1", **{"aria-hidden": "true"}),
                     html.Span(t("card.regions", lang) + ": ", className="visually-hidden"), regions]) if regions else None,
            html.Li([html.I(className="bi bi-people me-1", **{"aria-hidden": "true"}),
                     html.Span(t("card.target_groups", lang) + ": ", className="visually-hidden"), groups]) if groups else None,
            html.Li([html.I(className="bi bi-graph-up me-1", **{"aria-hidden": "true"}), outcome]) if outcome else None,
            html.Li(html.Span(evidence, className="badge text-bg-light border")) if evidence else None,
        ], className="list-inline small text-body-secondary mb-2 d-flex flex-wrap gap-3"),
        basket.add_button(r["slug"], lang, size="sm"),
    ]), className="mb-3 result-card")
