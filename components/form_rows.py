"""Editable lists in the form: success factors and failures (text + optional category) and sources
(title + URL). Rows are added and removed in the page; each row's inputs carry the list name and a key."""
from __future__ import annotations

import json
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, Patch, State, callback, ctx, dcc, html, no_update

from components.i18n import add_texts, current_lang, t
from components.vocab_labels import options
from kb.messages import field_label


def dom_id(component_id: dict) -> str:
    """The id a pattern-matching component gets in the page (Dash sorts the keys), for <label for=…>."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))

DEBOUNCE_MS = 500  # a field's value reaches the server after this pause in typing

add_texts({
    "rows.add.success_factors": ("Succesfactor toevoegen", "Add success factor"),
    "rows.add.failures": ("Knelpunt of les toevoegen", "Add failure or lesson"),
    "rows.add.sources": ("Bron toevoegen", "Add source"),
    "rows.remove": ("Verwijder regel {n}", "Remove line {n}"),
    "rows.text": ("Tekst", "Text"),
    "rows.category": ("Categorie (optioneel)", "Category (optional)"),
    "rows.source_title": ("Titel van de bron", "Title of the source"),
    "rows.source_url": ("https://…", "https://…"),
})


def _row(name: str, key: int, a: Any, b: Any, lang: str, n: int) -> dbc.Row:
    a_id = {"type": "pbrow-a", "list": name, "key": key}
    b_id = {"type": "pbrow-b", "list": name, "key": key}
    if name == "sources":
        first_label, second_label = t("rows.source_title", lang), "URL"
        first = dbc.Input(id=a_id, value=a or "", placeholder=t("rows.source_title", lang), debounce=DEBOUNCE_MS)
        second = dbc.Input(id=b_id, value=b or "", placeholder=t("rows.source_url", lang), type="url", debounce=DEBOUNCE_MS)
    else:
        first_label, second_label = t("rows.text", lang), t("rows.category", lang)
        first = dbc.Input(id=a_id, value=a or "", placeholder=t("rows.text", lang), debounce=DEBOUNCE_MS)
        second = dcc.Dropdown(id=b_id, value=b, options=options("factor_category", lang),
                              placeholder=t("rows.category", lang), className="pb-picker")
    first = html.Div([dbc.Label(f"{first_label} {n}", html_for=dom_id(a_id), className="visually-hidden"), first])
    second = html.Div([dbc.Label(f"{second_label} {n}", html_for=dom_id(b_id), className="visually-hidden"), second])
    remove = html.Button(html.I(className="bi bi-x-lg", **{"aria-hidden": "true"}), type="button",
                         id={"type": "pbrow-del", "list": name, "key": key}, className="btn btn-outline-secondary",
                         title=t("rows.remove", lang, n=n), **{"aria-label": t("rows.remove", lang, n=n)})
    return dbc.Row([dbc.Col(first, md=6), dbc.Col(second, md=5), dbc.Col(remove, md=1)],
                   className="g-2 mb-2 align-items-center pb-row")


def _values(name: str, item: Any) -> tuple[Any, Any]:
    if isinstance(item, str):
        return item, None
    if not isinstance(item, dict):
        return None, None
    if name == "sources":
        return item.get("title"), item.get("url")
    return item.get("text"), item.get("category")


def rows(name: str, items: list, lang: str) -> list:
    items = list(items) or [{}]
    return [_row(name, key, *_values(name, item), lang, key + 1) for key, item in enumerate(items)]


def row_list(name: str, items: list, lang: str) -> html.Fieldset:
    label = field_label(name, lang)
    return html.Fieldset([
        html.Legend(label[:1].upper() + label[1:], className="h6"),
        html.Div(rows(name, items, lang), id={"type": "pbrows", "list": name}),
        html.Button([html.I(className="bi bi-plus-lg me-1", **{"aria-hidden": "true"}), t(f"rows.add.{name}", lang)],
                    id={"type": "pbrow-add", "list": name}, type="button", className="btn btn-sm btn-outline-primary"),
        html.Div(id={"type": "pbfb", "field": name}, className="invalid-feedback d-block", role="alert"),
    ], className="mb-4")


def to_item(name: str, a: Any, b: Any) -> dict[str, Any] | None:
    """One row as raw input; an entirely empty row is left out."""
    a = (a or "").strip() if isinstance(a, str) else a
    b = (b or "").strip() if isinstance(b, str) else b
    if not a and not b:
        return None
    if name == "sources":
        return {"title": a or "", "url": b or ""}
    return {"text": a or "", "category": b or None}


def _add_or_remove(_add, removes, ids):
    """Append or delete one row with a Patch: the other rows are not redrawn, so nothing typed in
    them (perhaps not yet sent to the server) is lost."""
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or not ctx.triggered[0].get("value"):
        return no_update
    name = trigger["list"]
    keys = [i["key"] for i in ids]
    patch = Patch()
    if trigger.get("type") == "pbrow-del":
        if trigger["key"] not in keys:
            return no_update
        del patch[keys.index(trigger["key"])]
        if len(keys) == 1:  # the list keeps one empty row to type in
            patch.append(_row(name, max(keys) + 1, None, None, current_lang(), 1))
        return patch
    patch.append(_row(name, max(keys, default=-1) + 1, None, None, current_lang(), len(keys) + 1))
    return patch


def register() -> None:
    """The callbacks of this module (see components.callbacks.once)."""
    callback(
        Output({"type": "pbrows", "list": MATCH}, "children"),
        Input({"type": "pbrow-add", "list": MATCH}, "n_clicks"),
        Input({"type": "pbrow-del", "list": MATCH, "key": ALL}, "n_clicks"),
        State({"type": "pbrow-del", "list": MATCH, "key": ALL}, "id"),
        prevent_initial_call=True,
    )(_add_or_remove)
