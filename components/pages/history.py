"""Geschiedenis: every revision of one initiative (who, when, what) and a readable diff between any
two, field by field; an editor can restore an older revision (which becomes a new revision)."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from auth.session import current_user
from components import initiative_form
from components.i18n import add_texts, current_lang, t
from components.vocab_labels import label
from kb import editing, history, permissions, services, workflow
from kb.messages import field_label
from kb.permissions import Forbidden

dash.register_page(__name__, path_template="/geschiedenis/<slug>", title="Geschiedenis – Praktijkbank")

add_texts({
    "hist.title": ("Geschiedenis van ‘{title}’", "History of ‘{title}’"),
    "hist.revisions": ("Revisies", "Revisions"),
    "hist.col.rev": ("Revisie", "Revision"),
    "hist.col.when": ("Wanneer", "When"),
    "hist.col.who": ("Door", "By"),
    "hist.col.what": ("Wat", "What"),
    "hist.compare": ("Vergelijk", "Compare"),
    "hist.from": ("Van revisie", "From revision"),
    "hist.to": ("Naar revisie", "To revision"),
    "hist.no_diff": ("Geen verschillen.", "No differences."),
    "hist.added": ("Toegevoegd", "Added"),
    "hist.removed": ("Verwijderd", "Removed"),
    "hist.restore": ("Revisie {n} terugzetten", "Restore revision {n}"),
    "hist.restored": ("Revisie {n} is teruggezet als nieuwe revisie.", "Revision {n} was restored as a new revision."),
    "hist.forbidden": ("De geschiedenis is zichtbaar voor de indiener en de redactie.",
                       "The history is visible to the contributor and the editors."),
    "hist.back": ("Terug naar het initiatief", "Back to the initiative"),
})


VOCAB_OF = {"regions": "region", "target_groups": "target_group", "themes": "theme", "evidence_level": "evidence"}


def _value(field: str, value, lang: str) -> str:
    """A stored value as a person reads it: labels instead of codes."""
    if value in (None, "", []):
        return "–"
    if field == "status":
        return workflow.state_label(value, lang)
    if field in VOCAB_OF:
        values = value if isinstance(value, list) else [value]
        return ", ".join(label(VOCAB_OF[field], v, lang) for v in values)
    return str(value)


def diff_view(old: dict, new: dict, lang: str) -> html.Div:
    diffs = history.diff(old, new)
    if not diffs:
        return html.P(t("hist.no_diff", lang), className="text-body-secondary")
    blocks = []
    for d in diffs:
        label = field_label(d.field, lang)
        if d.kind == "text":
            body = html.Div([html.Del(text, className="pb-del") if op == "delete" else
                             html.Ins(text, className="pb-ins") if op == "insert" else html.Span(text)
                             for op, text in d.chunks], className="pb-diff-text")
        elif d.kind == "list" and d.field in VOCAB_OF:
            body = html.Div([html.Del(_value(d.field, d.old, lang), className="pb-del me-2"), "→ ",
                             html.Ins(_value(d.field, d.new, lang), className="pb-ins")])
        elif d.kind == "list":
            body = html.Div([
                html.Div([html.Span(t("hist.added", lang) + ": ", className="fw-semibold"),
                          html.Ins("; ".join(d.added), className="pb-ins")]) if d.added else None,
                html.Div([html.Span(t("hist.removed", lang) + ": ", className="fw-semibold"),
                          html.Del("; ".join(d.removed), className="pb-del")]) if d.removed else None,
            ])
        else:
            body = html.Div([html.Del(_value(d.field, d.old, lang), className="pb-del me-2"), "→ ",
                             html.Ins(_value(d.field, d.new, lang), className="pb-ins")])
        blocks.append(html.Div([html.H3(label[:1].upper() + label[1:], className="h6 mb-1"), body],
                               className="mb-3", **{"data-field": d.field}))
    return html.Div(blocks, id="hist-diff")


def layout(slug: str = "", **_query):
    lang = current_lang()
    user, record, instead = initiative_form.visible_record(slug, f"/geschiedenis/{slug}", lang)
    if instead is not None:
        return instead
    if not permissions.can_view_history(user, record):
        return html.Div([html.H1(t("hist.title", lang, title=record["title"]), className="h3"),
                         html.P(t("hist.forbidden", lang))])
    revs = services.revisions(slug)
    can_restore = permissions.can_restore(user, record)
    options = [{"label": f"{r['revision']} — {r['created_at'][:16].replace('T', ' ')}", "value": r["revision"]}
               for r in revs]
    newest = revs[0]["revision"]
    older = revs[1]["revision"] if len(revs) > 1 else newest
    rows = [html.Tr([
        html.Td(r["revision"]), html.Td(r["created_at"][:16].replace("T", " ")), html.Td(r["author"]),
        html.Td(r["message"]),
        html.Td(dbc.Button(t("hist.restore", lang, n=r["revision"]), id={"type": "hist-restore", "rev": r["revision"]},
                           size="sm", color="outline-warning", n_clicks=0)
                if can_restore and r["revision"] != newest else None),
    ]) for r in revs]
    return html.Div([
        dcc.Store(id="hist-ctx", data={"slug": slug, "revision": record["revision"]}),
        dcc.Location(id="hist-nav", refresh=True),
        html.H1(t("hist.title", lang, title=record["title"]), className="h3"),
        dcc.Link(t("hist.back", lang), href=f"/initiatief/{slug}", className="d-inline-block mb-3"),
        html.Div(id="hist-result", **{"aria-live": "assertive"}),
        html.H2(t("hist.revisions", lang), className="h5"),
        dbc.Table([html.Thead(html.Tr([html.Th(t(k, lang)) for k in
                                       ("hist.col.rev", "hist.col.when", "hist.col.who", "hist.col.what")] + [html.Th("")])),
                   html.Tbody(rows)], size="sm", striped=True, responsive=True, id="hist-table"),
        html.H2(t("hist.compare", lang), className="h5 mt-4"),
        dbc.Row([
            dbc.Col([dbc.Label(t("hist.from", lang), html_for="hist-from"),
                     dcc.Dropdown(id="hist-from", options=options, value=older, clearable=False)], md=4),
            dbc.Col([dbc.Label(t("hist.to", lang), html_for="hist-to"),
                     dcc.Dropdown(id="hist-to", options=options, value=newest, clearable=False)], md=4),
        ], className="mb-3"),
        html.Div(id="hist-diff-box"),
    ])


@callback(Output("hist-diff-box", "children"), Input("hist-from", "value"), Input("hist-to", "value"),
          State("hist-ctx", "data"))
def _diff(old_rev, new_rev, context):
    lang = current_lang()
    user = current_user()
    record = services.get((context or {}).get("slug", ""))
    if record is None or not permissions.can_view_history(user, record):  # checked again: callbacks are public URLs
        return None
    old = services.snapshot_at(record["slug"], int(old_rev)) or {}
    new = services.snapshot_at(record["slug"], int(new_rev)) or {}
    return diff_view(old, new, lang)


@callback(
    Output("hist-result", "children"),
    Output("hist-nav", "href"),
    Input({"type": "hist-restore", "rev": dash.ALL}, "n_clicks"),
    State("hist-ctx", "data"),
    prevent_initial_call=True,
)
def _restore(clicks, context):
    trigger = dash.ctx.triggered_id
    if not trigger or not any(clicks or []) or not context:
        return no_update, no_update
    lang = current_lang()
    try:
        editing.restore(context["slug"], int(trigger["rev"]), user=current_user(),
                        expected_revision=int(context["revision"]))
    except (Forbidden, services.StaleRevision) as exc:
        return dbc.Alert(exc.message(lang), color="danger"), no_update
    return dbc.Alert(t("hist.restored", lang, n=trigger["rev"]), color="success"), f"/geschiedenis/{context['slug']}"
