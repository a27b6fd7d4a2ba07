"""When a save is refused because someone else saved first: both versions side by side, and a
choice per field ("mijn versie" / "hun versie"), saved on top of the current revision.

Fields only one side changed are merged without asking (kb.merge, against the revision the person
started from); the rest must be chosen — nothing is overwritten silently.
"""
from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from auth.session import current_user
from components.i18n import add_texts, current_lang, t
from kb import editing, merge, services
from kb.messages import field_label, render
from kb.permissions import Forbidden
from kb.records import content_of
from kb.validation import ValidationFailed

add_texts({
    "merge.title": ("Twee versies samenvoegen", "Merge two versions"),
    "merge.intro": ("Kies per veld welke versie blijft. Wat maar één van beiden veranderde, is al samengevoegd.",
                    "Choose per field which version stays. What only one of you changed has been merged already."),
    "merge.field": ("Veld", "Field"),
    "merge.mine": ("Mijn versie", "My version"),
    "merge.theirs": ("Opgeslagen versie (revisie {n})", "Saved version (revision {n})"),
    "merge.keep_mine": ("Mijn versie", "Mine"),
    "merge.keep_theirs": ("Opgeslagen versie", "Saved"),
    "merge.auto": ("Automatisch samengevoegd: {fields}.", "Merged automatically: {fields}."),
    "merge.save": ("Samengevoegde versie opslaan", "Save merged version"),
    "merge.choose_all": ("Kies bij elk veld een versie.", "Choose a version for every field."),
    "merge.empty": ("(leeg)", "(empty)"),
})


def _normalised(raw: dict[str, Any], status: str) -> dict[str, Any]:
    try:
        return services.normalise(dict(raw, status=status))
    except ValidationFailed:
        return dict(raw, status=status)


def prepare(slug: str, raw: dict[str, Any], exc: services.StaleRevision) -> dict[str, Any]:
    """Everything the merge view needs, JSON-safe (kept in the page between the two clicks)."""
    theirs = content_of(exc.current)
    mine = _normalised(dict(raw, slug=slug), theirs["status"])
    base = services.snapshot_at(slug, exc.expected)
    if base is not None:
        base = dict(base, status=theirs["status"])
    clashing = merge.conflicts(base, mine, theirs)
    auto = [f for f in theirs if f not in clashing and base is not None and mine.get(f) != base.get(f)
            and mine.get(f) != theirs.get(f)]
    return {"slug": slug, "expected": exc.expected, "revision": exc.current["revision"], "base": base,
            "mine": mine, "theirs": theirs, "conflicts": clashing, "auto": auto}


def _show(value: Any, lang: str):
    if value in (None, "", []):
        return html.Em(t("merge.empty", lang), className="text-body-secondary")
    if isinstance(value, list):
        return html.Ul([html.Li(v.get("text") or v.get("title") or "" if isinstance(v, dict) else str(v))
                        for v in value], className="mb-0 ps-3")
    return html.Div(str(value), style={"whiteSpace": "pre-wrap", "maxHeight": "12rem", "overflow": "auto"})


def panel(data: dict[str, Any], lang: str) -> dbc.Card:
    rows = []
    for name in data["conflicts"]:
        label = field_label(name, lang)
        rows.append(html.Tr([
            html.Th(label[:1].upper() + label[1:], scope="row"),
            html.Td(_show(data["mine"].get(name), lang)),
            html.Td(_show(data["theirs"].get(name), lang)),
            html.Td(dbc.RadioItems(
                id={"type": "pbmerge", "field": name},
                options=[{"label": t("merge.keep_mine", lang), "value": "mine"},
                         {"label": t("merge.keep_theirs", lang), "value": "theirs"}],
                value=None)),
        ]))
    auto = ", ".join(field_label(f, lang) for f in data["auto"])
    return dbc.Card(dbc.CardBody([
        html.H2(t("merge.title", lang), className="h5"),
        html.P(t("merge.intro", lang)),
        html.P(t("merge.auto", lang, fields=auto), className="small") if auto else None,
        dbc.Table([
            html.Thead(html.Tr([html.Th(t("merge.field", lang)), html.Th(t("merge.mine", lang)),
                                html.Th(t("merge.theirs", lang, n=data["revision"])), html.Th("")])),
            html.Tbody(rows),
        ], bordered=True, size="sm", responsive=True, className="align-top") if rows else None,
        html.Div(id="pb-merge-result"),
        dbc.Button(t("merge.save", lang), id="pb-merge-save", color="primary", n_clicks=0),
    ]), className="mb-4 border-warning", id="pb-merge-card")


def _merge_save(clicks, choices, data, context):
    if not clicks or not data:
        return (no_update,) * 4
    lang = current_lang()
    fields = [i["id"]["field"] for i in ctx.states_list[0]]
    picked = dict(zip(fields, choices))
    if any(picked.get(f) not in ("mine", "theirs") for f in data["conflicts"]):
        return dbc.Alert(t("merge.choose_all", lang), color="danger"), no_update, no_update, no_update
    merged = merge.merge(data["base"], data["mine"], data["theirs"], picked)
    user = current_user()
    if user is None:
        return dbc.Alert(render("login_required", lang=lang), color="warning"), no_update, no_update, no_update
    try:
        editing.save(data["slug"], merged, user=user, expected_revision=int(data["revision"]),
                     message=f"samengevoegd met revisie {data['revision']}")
    except services.StaleRevision as exc:  # yet another save in between: merge again, on top of that one
        again = prepare(data["slug"], merged, exc)
        return None, panel(again, lang), again, no_update
    except ValidationFailed as exc:
        return dbc.Alert("; ".join(exc.messages(lang).values()), color="danger"), no_update, no_update, no_update
    except Forbidden as exc:
        return dbc.Alert(exc.message(lang), color="danger"), no_update, no_update, no_update
    key = (context or {}).get("local_key")
    return None, None, None, {"clear": key, "go": f"/initiatief/{data['slug']}?opgeslagen=1"}


def register() -> None:
    """The callbacks of this module (see components.callbacks.once)."""
    callback(
        Output("pb-merge-result", "children"),
        Output("pb-merge-panel", "children", allow_duplicate=True),
        Output("pb-merge", "data", allow_duplicate=True),
        Output("pb-done", "data", allow_duplicate=True),
        Input("pb-merge-save", "n_clicks"),
        State({"type": "pbmerge", "field": ALL}, "value"),
        State("pb-merge", "data"),
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )(_merge_save)
