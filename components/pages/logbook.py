"""Logboek: the audit log, newest first — who created, changed, published or restored what, and (for
administrators) logins and account changes. Filter by action and by a name, e-mail address or slug;
the filters live in the URL (?actie=publish&zoek=twente&pagina=2), so a view can be shared.

Editors see what happened to initiatives; administrators see everything (kb.permissions.audit_scope).
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from auth.session import current_user
from components import initiative_form
from components.charts import labelled_dropdown
from components.i18n import add_texts, current_lang, fmt_int, t
from kb import audit, permissions
from kb.messages import field_label

dash.register_page(__name__, path="/logboek", title="Logboek – Praktijkbank")

PER_PAGE = 50
MAX_TEXT = 100
ZONE = ZoneInfo("Europe/Amsterdam")

add_texts({
    "log.title": ("Logboek", "Audit log"),
    "log.forbidden": ("Het logboek is voor de redactie en beheerders.", "The audit log is for editors and administrators."),
    "log.intro_editor": ("Wie wat deed met initiatieven, nieuwste eerst.", "Who did what to initiatives, newest first."),
    "log.intro_admin": ("Wie wat deed met initiatieven, accounts en aanmeldingen, nieuwste eerst.",
                        "Who did what to initiatives, accounts and logins, newest first."),
    "log.action": ("Handeling", "Action"),
    "log.all_actions": ("Alle handelingen", "All actions"),
    "log.text": ("Wie of wat", "Who or what"),
    "log.text_help": ("Een e-mailadres of slug, of een deel ervan; Enter zoekt.",
                      "An e-mail address or slug, or part of one; Enter searches."),
    "log.col.when": ("Wanneer", "When"),
    "log.col.who": ("Wie", "Who"),
    "log.col.action": ("Handeling", "Action"),
    "log.col.what": ("Wat", "What"),
    "log.col.revision": ("Versie", "Revision"),
    "log.col.detail": ("Details", "Details"),
    "log.count": ("{n} regels; {first}–{last} getoond.", "{n} entries; {first}–{last} shown."),
    "log.count_one": ("1 regel; 1 getoond.", "1 entry; 1 shown."),
    "log.none": ("Geen regels die hierbij passen.", "No entries match."),
    "log.newer": ("Nieuwer", "Newer"),
    "log.older": ("Ouder", "Older"),
    "log.paging": ("Bladeren door het logboek", "Page through the log"),
    "log.system": ("systeem", "system"),
    "log.yes": ("ja", "yes"),
    "log.no": ("nee", "no"),
})

ACTIONS: dict[str, tuple[str, str]] = {
    "create": ("aangemaakt", "created"),
    "update": ("gewijzigd", "changed"),
    "bulk_create": ("in bulk geladen", "loaded in bulk"),
    "submit": ("ingediend", "submitted"),
    "withdraw": ("teruggetrokken", "withdrawn"),
    "publish": ("gepubliceerd", "published"),
    "reject": ("afgewezen", "rejected"),
    "archive": ("gearchiveerd", "archived"),
    "restore": ("oude versie teruggezet", "old revision restored"),
    "propose": ("aanvulling voorgesteld", "addition proposed"),
    "login": ("aangemeld", "logged in"),
    "login_failed": ("aanmelden mislukt", "login failed"),
    "logout": ("afgemeld", "logged out"),
    "user_role": ("rol gewijzigd", "role changed"),
    "user_active": ("account (de)geactiveerd", "account (de)activated"),
    "user_create": ("account aangemaakt", "account created"),
    "password_reset": ("tijdelijk wachtwoord gegeven", "temporary password issued"),
    "password_change": ("wachtwoord gewijzigd", "password changed"),
    "password_change_failed": ("wachtwoord wijzigen mislukt", "password change failed"),
}


def action_label(action: str, lang: str) -> str:
    pair = ACTIONS.get(action)
    if pair:
        return pair[0 if lang == "nl" else 1]
    if action.startswith("user_"):  # an account change of several kinds at once: user_active_role
        parts = [ACTIONS.get(f"user_{part}") for part in action[5:].split("_")]
        if all(parts):
            return ", ".join(p[0 if lang == "nl" else 1] for p in parts)
    return action


def when(iso: str, lang: str) -> str:
    """A stored UTC time as Dutch local time: '23-11-2026 16:04' (nl) / '2026-11-23 16:04' (en)."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "–"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(ZONE)
    return local.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%Y-%m-%d %H:%M")


DETAIL_KEYS: dict[str, tuple[str, str]] = {
    "fields": ("velden", "fields"), "role": ("rol", "role"), "active": ("actief", "active"),
    "status": ("status", "status"), "count": ("aantal", "count"), "via": ("via", "via"),
    "from": ("van", "from"), "to": ("naar", "to"), "reason": ("reden", "reason"),
    "address": ("adres", "address"),
}
STATUS = {"draft": ("concept", "draft"), "submitted": ("ingediend", "submitted"),
          "published": ("gepubliceerd", "published"), "rejected": ("afgewezen", "rejected"),
          "archived": ("gearchiveerd", "archived")}


def _value(key: str, value, lang: str) -> str:
    if isinstance(value, bool):
        return t("log.yes" if value else "log.no", lang)
    if key == "role" and isinstance(value, str):
        return t(f"users.role.{value}", lang) if value in ("contributor", "editor", "admin") else value
    if key == "fields" and isinstance(value, str):
        return field_label(value, lang)
    if key == "status" and value in STATUS:
        return STATUS[value][0 if lang == "nl" else 1]
    return str(value)


def _detail(entry: dict, lang: str) -> str:
    """The entry's details in the reader's language: "rol: Indiener → Redacteur; velden: titel"."""
    parts = []
    for key, value in (entry.get("detail") or {}).items():
        name = DETAIL_KEYS.get(key, (key, key))[0 if lang == "nl" else 1]
        if isinstance(value, list) and len(value) == 2 and key != "fields":
            parts.append(f"{name}: {_value(key, value[0], lang)} → {_value(key, value[1], lang)}")
        elif isinstance(value, list):
            parts.append(f"{name}: {', '.join(_value(key, v, lang) for v in value)}")
        else:
            parts.append(f"{name}: {_value(key, value, lang)}")
    return "; ".join(parts)[:300]


def _what(entry: dict):
    if entry["target_type"] == "initiative" and entry["target"]:
        return dcc.Link(entry["target"], href=f"/geschiedenis/{entry['target']}")
    return entry["target"] or "–"


class Filters:
    """The log's view, read from and written to the URL; anything odd falls back to the default."""

    def __init__(self, action: str | None = None, text: str | None = None, page: int = 1):
        self.action = (action or "").strip()[:40] or None
        self.text = (text or "").strip()[:MAX_TEXT] or None
        self.page = max(1, page)

    @classmethod
    def from_query(cls, query: dict) -> "Filters":
        def one(name):
            value = query.get(name)
            return value[0] if isinstance(value, list) else value

        try:
            page = int(one("pagina") or 1)
        except (TypeError, ValueError):
            page = 1
        return cls(one("actie"), one("zoek"), min(page, 100_000))

    def search(self) -> str:
        params = {k: v for k, v in (("actie", self.action), ("zoek", self.text),
                                     ("pagina", self.page if self.page > 1 else None)) if v}
        return "?" + urlencode(params) if params else ""


def table(filters: Filters, scope, lang: str) -> tuple[html.Div, bool, bool]:
    """The entries of one page with a count line, and whether there are newer / older pages.
    A page beyond the last shows the last (and `filters.page` is corrected)."""
    total = audit.count(action=filters.action, target_types=scope, text=filters.text)
    pages = max(1, -(-total // PER_PAGE))
    page = filters.page = min(filters.page, pages)
    rows = audit.entries(action=filters.action, target_types=scope, text=filters.text, limit=PER_PAGE,
                         offset=(page - 1) * PER_PAGE)
    if not rows:
        return html.P(t("log.none", lang), className="text-body-secondary", id="log-empty"), False, False
    head = html.Thead(html.Tr([html.Th(t(f"log.col.{c}", lang), scope="col")
                               for c in ("when", "who", "action", "what", "revision", "detail")]))
    body = html.Tbody([html.Tr([
        html.Td(when(e["at"], lang), className="text-nowrap"),
        html.Td(e["actor"] or t("log.system", lang)),
        html.Td(action_label(e["action"], lang)),
        html.Td(_what(e)),
        html.Td(fmt_int(e["revision"], lang) if e["revision"] is not None else "–"),
        html.Td(_detail(e, lang), className="small text-body-secondary"),
    ], **{"data-action": e["action"]}) for e in rows])
    first = (page - 1) * PER_PAGE + 1
    text = (t("log.count_one", lang) if total == 1 else
            t("log.count", lang, n=fmt_int(total, lang), first=fmt_int(first, lang),
              last=fmt_int(first + len(rows) - 1, lang)))
    summary = html.P(text, className="small text-body-secondary", id="log-count", tabIndex="-1",
                     **{"aria-live": "polite"})
    return (html.Div([summary, dbc.Table([head, body], size="sm", responsive=True, striped=True, id="log-table")]),
            page > 1, page < pages)


def _scope(user):
    return permissions.audit_scope(user) if user else False


def layout(**query):
    lang = current_lang()
    user = current_user()
    if user is None:
        return initiative_form.need_login(lang, "/logboek")
    scope = _scope(user)
    if scope is False:
        return html.Div([html.H1(t("log.title", lang), className="h3"), html.P(t("log.forbidden", lang))])
    filters = Filters.from_query(query)
    options = [{"label": action_label(a, lang), "value": a} for a in audit.actions(target_types=scope)]
    content, newer, older = table(filters, scope, lang)
    return html.Div([
        dcc.Location(id="log-url", refresh=False),
        dcc.Store(id="log-page", data=filters.page),
        html.H1(t("log.title", lang), className="h3"),
        html.P(t("log.intro_admin" if scope is None else "log.intro_editor", lang), className="text-body-secondary"),
        dbc.Row([
            dbc.Col(labelled_dropdown("log-action", t("log.action", lang), options, filters.action, lang,
                                      placeholder=t("log.all_actions", lang), className=""), md=4),
            # the help sits inside the label, so it is read with the field (these inputs take no aria-describedby)
            dbc.Col([html.Label([html.Span(t("log.text", lang), className="fw-semibold d-block"),
                                 html.Span(t("log.text_help", lang), className="form-text d-block mt-0 mb-1")],
                                htmlFor="log-text", className="form-label mb-0"),
                     dbc.Input(id="log-text", type="text", value=filters.text or "", debounce=True,
                               maxLength=MAX_TEXT)], md=5),
        ], className="g-3 mb-3"),
        html.Div(content, id="log-box"),
        html.Nav(html.Div([
            dbc.Button(t("log.newer", lang), id="log-newer", color="outline-secondary", size="sm", disabled=not newer,
                       n_clicks=0),
            dbc.Button(t("log.older", lang), id="log-older", color="outline-secondary", size="sm", disabled=not older,
                       n_clicks=0),
        ], className="d-flex gap-2"), **{"aria-label": t("log.paging", lang)}),
    ])


@callback(
    Output("log-box", "children"),
    Output("log-page", "data"),
    Output("log-url", "search"),
    Output("log-newer", "disabled"),
    Output("log-older", "disabled"),
    Input("log-action", "value"),
    Input("log-text", "value"),
    Input("log-newer", "n_clicks"),
    Input("log-older", "n_clicks"),
    State("log-page", "data"),
    State("log-url", "search"),
    prevent_initial_call=True,
)
def _update(action, text, _newer, _older, page, search):
    lang = current_lang()
    scope = _scope(current_user())
    if scope is False:  # logged out or demoted meanwhile
        return html.P(t("log.forbidden", lang)), 1, no_update, True, True
    trigger = ctx.triggered_id
    page = int(page or 1)
    if trigger == "log-newer":
        page = max(1, page - 1)
    elif trigger == "log-older":
        page += 1
    else:  # a filter changed: back to the newest entries
        page = 1
    filters = Filters(action, text, page)
    content, newer, older = table(filters, scope, lang)
    new_search = filters.search()
    return (content, filters.page, new_search if new_search != (search or "") else no_update, not newer, not older)


clientside_callback(  # after paging the pressed button may be disabled: keep the keyboard user at the list
    """function(newer, older) {
        setTimeout(function() {
            const target = document.getElementById('log-count');
            if (target) { target.focus(); }
        }, 100);
        return window.dash_clientside.no_update;
    }""",
    Output("log-url", "hash"),  # (nothing is written: the output is only there because Dash needs one)
    Input("log-newer", "n_clicks"),
    Input("log-older", "n_clicks"),
    prevent_initial_call=True,
)
