"""The fields of the initiative form: how each is drawn, and how the page's values become raw input.

Every field has a pattern-matching id, so callbacks read and mark all of them at once:
{"type": "pbf"} plain inputs, {"type": "pbm"} markdown texts (with a live preview), {"type": "pbd"}
vocabulary pickers, and editable row lists (components.form_rows). Under each field sits
{"type": "pbfb", "field": …}, where its message appears.
"""
from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import form_rows
from components.form_rows import DEBOUNCE_MS, dom_id
from components.i18n import add_texts, t
from components.vocab_labels import options
from kb.messages import field_label

PLAIN = ("title", "slug", "summary", "municipalities", "organisations", "tags", "period_start", "period_end",
         "participants", "placed", "placed_within_months", "outcome_note", "cost_eur", "cost_note",
         "evidence_rated_on", "contact_organisation", "contact_url")
MARKDOWN = ("approach", "description", "preconditions", "context")
PICKERS = {"regions": "region", "target_groups": "target_group", "themes": "theme", "evidence_level": "evidence"}
MULTI = ("regions", "target_groups", "themes")
COMMA_LISTS = ("municipalities", "organisations", "tags")
ROWS = ("success_factors", "failures", "sources")
ALL_FIELDS = PLAIN + MARKDOWN + tuple(PICKERS) + ROWS

add_texts({
    "form.sec.basics": ("Wat is het initiatief?", "What is the initiative?"),
    "form.sec.where": ("Waar en voor wie?", "Where and for whom?"),
    "form.sec.how": ("Hoe werkt het?", "How does it work?"),
    "form.sec.lessons": ("Wat werkte en wat niet?", "What worked and what did not?"),
    "form.sec.results": ("Looptijd en resultaten", "Period and results"),
    "form.sec.sources": ("Bronnen en contact", "Sources and contact"),
    "form.hint.title": ("Minstens 5 tekens, bijv. ‘Van werk naar werk in de contractcatering’.",
                        "At least 5 characters, e.g. ‘Work to work in contract catering’."),
    "form.hint.slug": ("Leeg laten: wordt gemaakt uit de titel.", "Leave empty: made from the title."),
    "form.hint.summary": ("20 tot 500 tekens: wat, voor wie, met welk resultaat.",
                          "20 to 500 characters: what, for whom, with which result."),
    "form.hint.comma": ("Scheid met komma's.", "Separate with commas."),
    "form.hint.markdown": ("Opmaak met Markdown: **vet**, *schuin*, - opsomming, [link](https://…).",
                           "Formatting with Markdown: **bold**, *italic*, - list, [link](https://…)."),
    "form.hint.period": ("Jaar, jaar-maand of datum: 2021, 2021-07 of 2021-07-15.",
                         "Year, year-month or date: 2021, 2021-07 or 2021-07-15."),
    "form.hint.contact": ("Een organisatie, geen privépersoon.", "An organisation, not a private person."),
    "form.preview": ("Voorbeeld", "Preview"),
    "form.choose": ("Kies…", "Choose…"),
    "form.summary_count": ("{n} / 500 tekens", "{n} / 500 characters"),
})


def _label(name: str, lang: str) -> str:
    text = field_label(name, lang)
    return text[:1].upper() + text[1:]


def feedback(name: str) -> html.Div:
    return html.Div(id={"type": "pbfb", "field": name}, className="invalid-feedback d-block", role="alert")


def _hint(key: str | None, lang: str):
    return dbc.FormText(t(key, lang)) if key else None


def plain(name: str, value: Any, lang: str, hint: str | None = None, textarea: bool = False,
          input_type: str = "text", required: bool = False, **extra) -> html.Div:
    fid = {"type": "pbf", "field": name}
    value = "" if value is None else (", ".join(value) if isinstance(value, list) else str(value))
    if textarea:
        control = dbc.Textarea(id=fid, value=value, debounce=DEBOUNCE_MS, rows=extra.pop("rows", 3), **extra)
    else:
        control = dbc.Input(id=fid, value=value, type=input_type, debounce=DEBOUNCE_MS, **extra)
    label = _label(name, lang) + (" *" if required else "")
    return html.Div([dbc.Label(label, html_for=dom_id(fid)), control, _hint(hint, lang), feedback(name)],
                    className="mb-3")


def markdown_field(name: str, value: str, lang: str, rows: int = 6) -> html.Div:
    return html.Div([
        dbc.Label(_label(name, lang), html_for=dom_id({"type": "pbm", "field": name})),
        dbc.Row([
            dbc.Col([dbc.Textarea(id={"type": "pbm", "field": name}, value=value or "", rows=rows, debounce=DEBOUNCE_MS),
                     _hint("form.hint.markdown", lang)], lg=6),
            dbc.Col(html.Div([html.Div(t("form.preview", lang), className="small text-body-secondary mb-1"),
                              html.Div(id={"type": "pbprev", "field": name}, className="markdown border rounded p-2 "
                                       "bg-body-tertiary pb-preview")]), lg=6),
        ]),
        feedback(name),
    ], className="mb-3")


def picker(name: str, value: Any, lang: str, required: bool = False) -> html.Div:
    multi = name in MULTI
    if multi:
        value = list(value or [])
    label = _label(name, lang) + (" *" if required else "")
    return html.Div([
        dbc.Label(label),
        dcc.Dropdown(id={"type": "pbd", "field": name}, options=options(PICKERS[name], lang), value=value,
                     multi=multi, placeholder=t("form.choose", lang), className="pb-picker"),
        feedback(name),
    ], className="mb-3")


def sections(content: dict[str, Any], lang: str, slug_locked: bool = False) -> list:
    """The whole form, in the order a person thinks about an initiative."""
    c = content

    def section(key: str, children: list) -> dbc.Card:
        return dbc.Card(dbc.CardBody([html.H2(t(key, lang), className="h5 mb-3"), *children]), className="mb-4")

    return [
        section("form.sec.basics", [
            plain("title", c.get("title"), lang, "form.hint.title", required=True, maxLength=200),
            plain("summary", c.get("summary"), lang, "form.hint.summary", textarea=True, required=True, rows=3),
            html.Div(id="pb-summary-count", className="small text-body-secondary mb-2"),
            plain("slug", c.get("slug"), lang, None if slug_locked else "form.hint.slug", maxLength=120,
                  disabled=slug_locked),
            plain("organisations", c.get("organisations"), lang, "form.hint.comma"),
        ]),
        section("form.sec.where", [
            picker("regions", c.get("regions"), lang, required=True),
            plain("municipalities", c.get("municipalities"), lang, "form.hint.comma"),
            picker("target_groups", c.get("target_groups"), lang),
            picker("themes", c.get("themes"), lang),
            plain("tags", c.get("tags"), lang, "form.hint.comma"),
        ]),
        section("form.sec.how", [
            markdown_field("approach", c.get("approach", ""), lang),
            markdown_field("description", c.get("description", ""), lang, rows=10),
            markdown_field("preconditions", c.get("preconditions", ""), lang, rows=4),
            markdown_field("context", c.get("context", ""), lang, rows=4),
        ]),
        section("form.sec.lessons", [
            form_rows.row_list("success_factors", c.get("success_factors") or [], lang),
            form_rows.row_list("failures", c.get("failures") or [], lang),
        ]),
        section("form.sec.results", [
            dbc.Row([dbc.Col(plain("period_start", c.get("period_start"), lang, "form.hint.period"), md=6),
                     dbc.Col(plain("period_end", c.get("period_end"), lang), md=6)]),
            dbc.Row([dbc.Col(plain("participants", c.get("participants"), lang, inputMode="numeric"), md=4),
                     dbc.Col(plain("placed", c.get("placed"), lang, inputMode="numeric"), md=4),
                     dbc.Col(plain("placed_within_months", c.get("placed_within_months"), lang, inputMode="numeric"),
                             md=4)]),
            plain("outcome_note", c.get("outcome_note"), lang, textarea=True, rows=2),
            dbc.Row([dbc.Col(plain("cost_eur", c.get("cost_eur"), lang, inputMode="numeric"), md=4),
                     dbc.Col(plain("cost_note", c.get("cost_note"), lang), md=8)]),
            dbc.Row([dbc.Col(picker("evidence_level", c.get("evidence_level"), lang), md=8),
                     dbc.Col(plain("evidence_rated_on", c.get("evidence_rated_on"), lang, input_type="date"), md=4)]),
        ]),
        section("form.sec.sources", [
            form_rows.row_list("sources", c.get("sources") or [], lang),
            plain("contact_organisation", c.get("contact_organisation"), lang, "form.hint.contact"),
            plain("contact_url", c.get("contact_url"), lang, input_type="url"),
        ]),
    ]


def _split(text: Any) -> list[str]:
    if isinstance(text, list):
        return [str(x).strip() for x in text if str(x).strip()]
    return [part.strip() for part in str(text or "").split(",") if part.strip()]


def collect(states_list: list) -> dict[str, Any]:
    """Raw input for kb.validation from the callback's states (field groups in any order)."""
    raw: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    for group in states_list:
        for item in group if isinstance(group, list) else [group]:
            cid, value = item["id"], item.get("value")
            if not isinstance(cid, dict):
                continue
            kind = cid.get("type")
            if kind in ("pbf", "pbm", "pbd") and cid.get("field") in ALL_FIELDS:
                name = cid["field"]
                raw[name] = _split(value) if name in COMMA_LISTS else value
            elif kind in ("pbrow-a", "pbrow-b") and cid.get("list") in ROWS:
                row = rows.setdefault(cid["list"], {}).setdefault(int(cid.get("key", 0)), {})
                row[kind[-1]] = value
    for name, by_key in rows.items():
        raw[name] = [form_rows.to_item(name, row.get("a"), row.get("b")) for _, row in sorted(by_key.items())]
        raw[name] = [item for item in raw[name] if item is not None]
    for name in ROWS:
        raw.setdefault(name, [])
    return raw


def for_form(content: dict[str, Any]) -> dict[str, Any]:
    """Stored content (or a saved draft) as the fields show it."""
    return dict(content)
