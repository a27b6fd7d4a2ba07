"""The initiative form (/indienen, /bewerken/<slug>): layout, live checks, autosave, saving.

What the person types is kept three ways: in the page, in this browser's localStorage (on every
change, offered back when the page opens again) and, when logged in, as a server-side draft
(kb.drafts, on every pause in typing). Saving goes through kb.editing / kb.workflow / kb.drafts
with the logged-in user, which decide what is allowed.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from auth.session import current_user
from components import callbacks, duplicates, form_fields, form_rows, merge_panel
from components.i18n import add_texts, current_lang, t
from components.markdown import to_html
from kb import drafts, editing, permissions, services, workflow
from kb.permissions import Forbidden
from kb.validation import ValidationFailed

add_texts({
    "form.title_new": ("Initiatief indienen", "Submit an initiative"),
    "form.title_edit": ("‘{title}’ bewerken", "Edit ‘{title}’"),
    "form.title_propose": ("Aanvulling voorstellen voor ‘{title}’", "Propose an addition to ‘{title}’"),
    "form.title_proposal": ("Voorstel beoordelen voor ‘{title}’", "Review a proposal for ‘{title}’"),
    "form.intro_new": ("Deel een initiatief: wat het is, voor wie, wat werkte en wat niet. Velden met * zijn "
                       "verplicht. Uw werk wordt tussentijds bewaard.",
                       "Share an initiative: what it is, for whom, what worked and what did not. Fields marked * "
                       "are required. Your work is saved as you go."),
    "form.intro_propose": ("U kunt dit initiatief niet zelf wijzigen. Pas het formulier aan en stuur het als "
                           "voorstel naar de redactie; die beslist of de aanvulling wordt overgenomen.",
                           "You cannot change this initiative yourself. Change the form and send it to the editors "
                           "as a proposal; they decide whether to take the addition over."),
    "form.intro_proposal": ("Voorstel van {author}. Pas het zo nodig aan en sla het op, of wijs het af.",
                            "Proposal by {author}. Adjust it if needed and save it, or decline it."),
    "form.rejected": ("Afgewezen door de redactie: {reason}", "Rejected by the editors: {reason}"),
    "form.save_draft": ("Opslaan als concept", "Save as draft"),
    "form.save": ("Opslaan", "Save"),
    "form.submit": ("Indienen ter beoordeling", "Submit for review"),
    "form.save_submit": ("Opslaan en indienen", "Save and submit"),
    "form.propose": ("Aanvulling voorstellen", "Propose addition"),
    "form.keep_draft": ("Concept bewaren", "Keep draft"),
    "form.accept_proposal": ("Voorstel overnemen en opslaan", "Accept proposal and save"),
    "form.decline_proposal": ("Voorstel afwijzen", "Decline proposal"),
    "form.autosave_idle": ("Wijzigingen worden automatisch bewaard.", "Changes are saved automatically."),
    "form.autosaved": ("Concept bewaard om {time}.", "Draft saved at {time}."),
    "form.autosave_local": ("Niet ingelogd: uw werk staat alleen in deze browser. Log in (in een nieuw tabblad) om "
                            "het op te slaan.", "Not logged in: your work is only kept in this browser. Log in "
                            "(in a new tab) to save it."),
    "form.autosave_failed": ("Tussentijds bewaren lukte niet ({reason}); uw werk staat nog in deze browser.",
                             "Saving the draft failed ({reason}); your work is still kept in this browser."),
    "form.check_fields": ("Controleer de velden met een melding ({n}).", "Please check the fields with a message ({n})."),
    "form.login_needed": ("U bent niet (meer) ingelogd. Uw werk staat nog in deze browser: log in via ",
                          "You are not logged in (any more). Your work is still kept in this browser: log in via "),
    "form.login_link": ("deze link (nieuw tabblad)", "this link (new tab)"),
    "form.login_after": (" en klik dan opnieuw op opslaan.", " and then click save again."),
    "form.proposed": ("Uw voorstel is naar de redactie gestuurd. U vindt het terug onder ‘Mijn inzendingen’.",
                      "Your proposal was sent to the editors. You find it under ‘My submissions’."),
    "form.kept": ("Concept bewaard.", "Draft kept."),
    "form.restore_offer": ("In deze browser staat een nieuwere versie van dit formulier (van {time}). Wilt u die "
                           "terugzetten?", "This browser holds a newer version of this form (from {time}). "
                           "Restore it?"),
    "form.restore": ("Terugzetten", "Restore"),
    "form.restore_ignore": ("Negeren", "Ignore"),
    "form.restored": ("De versie uit deze browser is teruggezet.", "The version from this browser was restored."),
    "form.need_login_title": ("Log in om een initiatief in te dienen", "Log in to submit an initiative"),
    "form.need_login_any": ("Log in om verder te gaan", "Log in to continue"),
    "form.need_login": ("U bent niet ingelogd, of uw sessie is beëindigd (bijvoorbeeld na een wachtwoordwijziging). "
                        "Iedereen kan de gepubliceerde initiatieven lezen; indienen en bewerken kan met een account "
                        "van UWV, een gemeente of een regionaal netwerk.",
                        "You are not logged in, or your session ended (after a password change, for instance). "
                        "Anyone can read published initiatives; submitting and editing needs an account of UWV, a "
                        "municipality or a regional network."),
    "form.server_draft": ("U hebt een bewaard concept van deze pagina van {time}.",
                          "You have a saved draft of this page from {time}."),
    "form.open_draft": ("Concept openen", "Open draft"),
})


def _js_time(iso: str) -> str:
    """An ISO time as JavaScript's toISOString() writes it (UTC, milliseconds, Z), so they compare as text."""
    if not iso:
        return ""
    dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _now_label(lang: str) -> str:
    return datetime.now().strftime("%H:%M")


def local_key(user: dict | None, mode: str, slug: str | None, draft_id: int | None) -> str:
    who = user["id"] if user else "anon"
    what = f"bewerken:{slug}" if slug else (f"concept:{draft_id}" if draft_id else "nieuw")
    return f"praktijkbank:form:{who}:{what}"


def _buttons(mode: str, status: str | None, lang: str) -> list:
    save_label = {"new": "form.save_draft", "edit": "form.save", "propose": "form.keep_draft",
                  "proposal": "form.accept_proposal"}[mode]
    submit_label = {"new": "form.submit", "propose": "form.propose"}.get(mode, "form.save_submit")
    show_submit = mode in ("new", "propose") or (mode == "edit" and status in ("draft", "rejected"))
    return [
        dbc.Button(t(save_label, lang), id="pb-save", color="primary" if not show_submit else "outline-primary",
                   className="w-100 mb-2", n_clicks=0),
        dbc.Button(t(submit_label, lang), id="pb-submit", color="primary", className="w-100 mb-2", n_clicks=0,
                   style=None if show_submit else {"display": "none"}),
        dbc.Button(t("form.decline_proposal", lang), id="pb-decline", color="outline-danger", className="w-100 mb-2",
                   n_clicks=0, style=None if mode == "proposal" else {"display": "none"}),
    ]


def need_login(lang: str, next_path: str) -> html.Div:
    """The page a logged-out visitor (or one whose session ended) sees instead of an account page."""
    title = "form.need_login_title" if next_path.startswith(("/indienen", "/bewerken")) else "form.need_login_any"
    return html.Div([
        html.H1(t(title, lang), className="h3"),
        html.P(t("form.need_login", lang)),
        dcc.Link(t("account.login", lang), href=f"/inloggen?next={next_path}", className="btn btn-primary"),
    ])


def layout(*, mode: str, content: dict[str, Any], lang: str, user: dict, slug: str | None = None,
           revision: int | None = None, status: str | None = None, status_reason: str = "",
           draft: dict | None = None, proposal: dict | None = None, server_draft: dict | None = None,
           updated_at: str = "") -> html.Div:
    title = content.get("title") or ""
    heading = {"new": t("form.title_new", lang), "edit": t("form.title_edit", lang, title=title),
               "propose": t("form.title_propose", lang, title=title),
               "proposal": t("form.title_proposal", lang, title=title)}[mode]
    # What the server holds dates from then; a browser copy saved later (and different) is offered back.
    loaded_at = _js_time((draft or proposal or {}).get("updated_at") or updated_at)
    context = {"mode": mode, "slug": slug, "revision": revision, "status": status,
               "draft_id": (draft or {}).get("id"), "proposal_id": (proposal or {}).get("id"),
               "local_key": local_key(user, mode, slug, (draft or {}).get("id")), "loaded_at": loaded_at,
               "tried": False}
    notes = []
    if mode == "new":
        notes.append(html.P(t("form.intro_new", lang), className="lead"))
    elif mode == "propose":
        notes.append(dbc.Alert(t("form.intro_propose", lang), color="info"))
    elif mode == "proposal":
        notes.append(dbc.Alert(t("form.intro_proposal", lang, author=proposal.get("author", "")), color="info"))
    if status == "rejected" and status_reason:
        notes.append(dbc.Alert(t("form.rejected", lang, reason=status_reason), color="warning", id="pb-rejected"))
    if server_draft:
        notes.append(dbc.Alert([t("form.server_draft", lang, time=server_draft["updated_at"][:16].replace("T", " ")),
                                " ", dcc.Link(t("form.open_draft", lang),
                                              href=f"/bewerken/{slug}?concept={server_draft['id']}")],
                               color="secondary", id="pb-server-draft"))
    fields = form_fields.sections(content, lang, slug_locked=slug is not None)
    aside = html.Div([
        *_buttons(mode, status, lang),
        html.Div(t("form.autosave_idle", lang), id="pb-autosave-status", className="small text-body-secondary mb-3",
                 **{"aria-live": "polite"}),
        html.Div(id="pb-duplicates"),
    ], className="pb-form-aside")
    return html.Div([
        dcc.Store(id="pb-form-ctx", data=context),
        dcc.Store(id="pb-local-copy"),
        dcc.Store(id="pb-local-written"),
        dcc.Store(id="pb-done"),
        dcc.Store(id="pb-sink"),
        dcc.Store(id="pb-save-request"),
        dcc.Store(id="pb-merge"),
        html.H1(heading, className="h3"),
        *notes,
        html.Div(id="pb-restore"),
        html.Div(id="pb-form-result", **{"aria-live": "assertive"}),
        html.Div(id="pb-merge-panel"),
        dbc.Row([dbc.Col(fields, lg=9), dbc.Col(aside, lg=3)]),
    ], id="pb-form", **{"data-mode": mode})


FLUSH_MS = form_rows.DEBOUNCE_MS + 250  # the fields' last typing pause has passed by then

# ---- reading and marking the fields ------------------------------------------------------------

FIELD_STATES = [
    State({"type": "pbf", "field": ALL}, "value"),
    State({"type": "pbm", "field": ALL}, "value"),
    State({"type": "pbd", "field": ALL}, "value"),
    State({"type": "pbrow-a", "list": ALL, "key": ALL}, "value"),
    State({"type": "pbrow-b", "list": ALL, "key": ALL}, "value"),
]
FIELD_INPUTS = [Input(s.component_id, s.component_property) for s in FIELD_STATES]
MARK_OUTPUTS = [
    Output({"type": "pbf", "field": ALL}, "invalid", allow_duplicate=True),
    Output({"type": "pbm", "field": ALL}, "invalid", allow_duplicate=True),
    Output({"type": "pbd", "field": ALL}, "className", allow_duplicate=True),
    Output({"type": "pbfb", "field": ALL}, "children", allow_duplicate=True),
]


def marks(messages: dict[str, str]) -> list:
    """Values for MARK_OUTPUTS: invalid flags, the pickers' class and the message under each field."""
    out_ids = ctx.outputs_list
    groups = [g for g in out_ids if isinstance(g, list)][-4:]
    plain_ids, md_ids, picker_ids, fb_ids = groups
    return [
        [i["id"]["field"] in messages for i in plain_ids],
        [i["id"]["field"] in messages for i in md_ids],
        ["pb-picker is-invalid" if i["id"]["field"] in messages else "pb-picker" for i in picker_ids],
        [messages.get(i["id"]["field"], "") for i in fb_ids],
    ]


def _blank(value: Any) -> bool:
    return value in (None, "", [], {}) or (isinstance(value, list) and not any(value))


def check(raw: dict[str, Any], lang: str, everything: bool) -> dict[str, str]:
    """Server-side validation, by field; while typing only for fields that have a value."""
    try:
        services.normalise(dict(raw, status="draft"))
        return {}
    except ValidationFailed as exc:
        messages = exc.messages(lang)
    if everything:
        return messages
    return {f: m for f, m in messages.items() if not _blank(raw.get(f))}


# ---- live: preview, counter, checks and autosave -------------------------------------------------

def _preview(text):
    return dcc.Markdown(to_html(text or ""), dangerously_allow_html=True)


def _summary_count(text):
    return t("form.summary_count", current_lang(), n=len((text or "").strip()))


def _autosave(*args):
    context = dict(args[-1] or {})
    lang = current_lang()
    raw = form_fields.collect(ctx.inputs_list)
    shown = marks(check(raw, lang, bool(context.get("tried"))))
    user = current_user()
    if user is None:
        return t("form.autosave_local", lang), no_update, *shown
    if context.get("mode") == "proposal":  # an editor working on someone's proposal: nothing to keep apart
        return "", no_update, *shown
    try:
        saved = drafts.save(user, raw, draft_id=context.get("draft_id"), slug=context.get("slug"),
                            base_revision=context.get("revision"))
    except (Forbidden, services.NotFound) as exc:
        reason = exc.message(lang) if isinstance(exc, Forbidden) else str(exc)
        return t("form.autosave_failed", lang, reason=reason), no_update, *shown
    if context.get("slug") is None and context.get("draft_id") != saved["id"]:
        context["draft_id"] = saved["id"]
        return t("form.autosaved", lang, time=_now_label(lang)), context, *shown
    return t("form.autosaved", lang, time=_now_label(lang)), no_update, *shown


# ---- saving ------------------------------------------------------------------------------------

def _alert(text, color: str = "danger"):
    return dbc.Alert(text, color=color, className="mt-2", id="pb-form-alert")


def _login_alert(lang: str):
    return _alert([t("form.login_needed", lang),
                   html.A(t("form.login_link", lang), href="/inloggen", target="_blank", rel="noopener"),
                   t("form.login_after", lang)], "warning")


def _done(context: dict, href: str) -> dict:
    return {"clear": context.get("local_key"), "go": href}


def save_form(which: str, raw: dict[str, Any], context: dict[str, Any], lang: str):
    """(result alert, done, merge data, tried) for one click on save/submit; all checks happen in kb."""
    user = current_user()
    if user is None:
        return _login_alert(lang), None, None
    mode, slug = context.get("mode"), context.get("slug")
    if mode == "new":
        rec = editing.create(raw, user=user, submit=which == "submit")
        if context.get("draft_id"):
            drafts.discard_for(user, draft_id=context["draft_id"])
        return None, _done(context, f"/initiatief/{rec['slug']}?opgeslagen=1"), None
    if mode in ("edit", "proposal"):
        rec, _changed = editing.save(slug, raw, user=user, expected_revision=int(context.get("revision") or 0))
        if which == "submit" and mode == "edit" and rec["status"] in ("draft", "rejected"):
            rec = workflow.transition(slug, "submit", user=user, expected_revision=rec["revision"])
        if mode == "proposal":
            drafts.delete(int(context["proposal_id"]), user)
        else:
            drafts.discard_for(user, slug=slug)
        return None, _done(context, f"/initiatief/{slug}?opgeslagen=1"), None
    if mode == "propose":
        saved = drafts.save(user, raw, slug=slug, base_revision=context.get("revision"))
        if which == "submit":
            drafts.propose(saved["id"], user)
            return _alert(t("form.proposed", lang), "success"), None, None
        return _alert(t("form.kept", lang), "success"), None, None
    raise Forbidden("forbidden")


def _save(request, *args):
    if not isinstance(request, dict) or request.get("button") not in ("pb-save", "pb-submit"):
        return (no_update,) * 9
    lang = current_lang()
    context = dict(args[-1] or {}, tried=True)
    raw = form_fields.collect(ctx.states_list[:5])
    which = "submit" if request["button"] == "pb-submit" else "save"
    clean = marks({})
    try:
        alert, done, _ = save_form(which, raw, context, lang)
        return alert, done, None, None, context, *clean
    except ValidationFailed as exc:
        messages = exc.messages(lang)
        return _alert(t("form.check_fields", lang, n=len(messages))), None, None, None, context, *marks(messages)
    except services.StaleRevision as exc:
        data = merge_panel.prepare(context["slug"], raw, exc)
        return _alert(exc.message(lang), "warning"), None, merge_panel.panel(data, lang), data, context, *clean
    except Forbidden as exc:
        return _alert(exc.message(lang)), None, None, None, context, *clean
    except services.NotFound:
        return _alert(t("init.not_found", lang)), None, None, None, context, *clean


def _decline(clicks, context):
    if not clicks or not context or context.get("mode") != "proposal":
        return no_update, no_update
    lang = current_lang()
    user = current_user()
    try:
        permissions.require(permissions.can_review(user), user)
        drafts.delete(int(context["proposal_id"]), user)
    except Forbidden as exc:
        return _alert(exc.message(lang)), no_update
    return None, _done(context, "/beoordelen")


# ---- the browser's own copy ----------------------------------------------------------------------

SERIALISE_JS = """
function pbSerialise(groups) {
    const out = [];
    groups.forEach(function (group) {
        (group || []).forEach(function (item) { out.push([item.id, item.value === undefined ? null : item.value]); });
    });
    return out;
}
"""


def _offer_restore(copy):
    if not copy:
        return None
    lang = current_lang()
    when = str(copy.get("saved_at", ""))[:16].replace("T", " ")
    return dbc.Alert([
        html.Span(t("form.restore_offer", lang, time=when), className="me-2"),
        dbc.Button(t("form.restore", lang), id="pb-restore-yes", size="sm", color="primary", className="me-2"),
        dbc.Button(t("form.restore_ignore", lang), id="pb-restore-no", size="sm", color="secondary", outline=True),
    ], color="info", id="pb-restore-offer")


def restored_values(copy: dict) -> dict[str, Any]:
    """The raw form from a stored browser copy ([id, value] pairs, as the page serialised them)."""
    pairs = [{"id": pair[0], "value": pair[1]} for pair in copy.get("values", [])
             if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], dict)]
    return form_fields.collect([pairs])


def _restore(clicks, copy, context):
    if not clicks or not copy:
        return (no_update,) * 6
    lang = current_lang()
    raw = restored_values(copy)
    groups = [g for g in ctx.outputs_list if isinstance(g, list)]
    plain_ids, md_ids, picker_ids, row_ids = groups[:4]

    def shown(name):
        value = raw.get(name)
        if name in form_fields.COMMA_LISTS:
            return ", ".join(value or [])
        return value

    return ([shown(i["id"]["field"]) for i in plain_ids], [raw.get(i["id"]["field"]) or "" for i in md_ids],
            [raw.get(i["id"]["field"]) for i in picker_ids],
            [form_rows.rows(i["id"]["list"], raw.get(i["id"]["list"]) or [], lang) for i in row_ids],
            dbc.Alert(t("form.restored", lang), color="success", duration=4000),
            _with_draft(context, copy.get("draft_id")))


def _with_draft(context: dict | None, draft_id) -> Any:
    """Go on saving into the server draft the browser copy came from (kb.drafts checks it is the user's)."""
    context = dict(context or {})
    if context.get("slug") or not isinstance(draft_id, int) or context.get("draft_id"):
        return no_update
    context["draft_id"] = draft_id
    return context


def register() -> None:
    """The callbacks of this module and the pieces of the form (see components.callbacks.once)."""
    for piece in (form_rows, duplicates, merge_panel):
        callbacks.once(piece)
    # A click waits until the fields' typing pauses (debounce) have passed, so the last keystrokes
    # are part of what is saved; then it asks the server to save.
    clientside_callback(
        """async function(save, submit) {
            const trig = window.dash_clientside.callback_context.triggered_id;
            if (!trig || (!save && !submit)) { return window.dash_clientside.no_update; }
            await new Promise(function (resolve) { setTimeout(resolve, %d); });
            return {button: trig, at: Date.now()};
        }""" % (FLUSH_MS,),
        Output("pb-save-request", "data"),
        Input("pb-save", "n_clicks"),
        Input("pb-submit", "n_clicks"),
        prevent_initial_call=True,
    )
    callback(Output({"type": "pbprev", "field": MATCH}, "children"), Input({"type": "pbm", "field": MATCH}, "value"))(_preview)
    callback(Output("pb-summary-count", "children"), Input({"type": "pbf", "field": "summary"}, "value"))(_summary_count)
    callback(
        Output("pb-autosave-status", "children"),
        Output("pb-form-ctx", "data", allow_duplicate=True),
        *MARK_OUTPUTS,
        *FIELD_INPUTS,
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )(_autosave)
    callback(
        Output("pb-form-result", "children"),
        Output("pb-done", "data"),
        Output("pb-merge-panel", "children"),
        Output("pb-merge", "data"),
        Output("pb-form-ctx", "data", allow_duplicate=True),
        *MARK_OUTPUTS,
        Input("pb-save-request", "data"),
        *FIELD_STATES,
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )(_save)
    callback(
        Output("pb-form-result", "children", allow_duplicate=True),
        Output("pb-done", "data", allow_duplicate=True),
        Input("pb-decline", "n_clicks"),
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )(_decline)
    clientside_callback(
        "function() {" + SERIALISE_JS + """
            const c = window.dash_clientside.callback_context;
            const context = arguments[arguments.length - 1];
            if (!context || !context.local_key) { return window.dash_clientside.no_update; }
            const values = pbSerialise(c.inputs_list.slice(0, 5));
            try {
                window.localStorage.setItem(context.local_key, JSON.stringify(
                    {saved_at: new Date().toISOString(), values: values, draft_id: context.draft_id || null}));
            } catch (e) { /* full or disabled storage: the server draft still has it */ }
            return Date.now();
        }""",
        Output("pb-local-written", "data"),
        *FIELD_INPUTS,
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )
    clientside_callback(
        "function(context) {" + SERIALISE_JS + """
            const c = window.dash_clientside.callback_context;
            if (!context || !context.local_key) { return null; }
            let copy = null;
            try { copy = JSON.parse(window.localStorage.getItem(context.local_key) || "null"); } catch (e) { return null; }
            if (!copy || !copy.values || !copy.saved_at) { return null; }
            if (copy.saved_at <= (context.loaded_at || "")) { return null; }
            const now = JSON.stringify(pbSerialise(c.states_list.slice(0, 5)));
            return JSON.stringify(copy.values) === now ? null : copy;
        }""",
        Output("pb-local-copy", "data"),
        Input("pb-form-ctx", "data"),
        *FIELD_STATES,
    )
    clientside_callback(
        """function(done) {
            if (!done) { return window.dash_clientside.no_update; }
            try { if (done.clear) { window.localStorage.removeItem(done.clear); } } catch (e) {}
            if (done.go) { window.location.assign(done.go); }
            return window.dash_clientside.no_update;
        }""",
        Output("pb-sink", "data"),
        Input("pb-done", "data"),
        prevent_initial_call=True,
    )
    callback(Output("pb-restore", "children"), Input("pb-local-copy", "data"), prevent_initial_call=True)(_offer_restore)
    callback(
        Output({"type": "pbf", "field": ALL}, "value"),
        Output({"type": "pbm", "field": ALL}, "value"),
        Output({"type": "pbd", "field": ALL}, "value"),
        Output({"type": "pbrows", "list": ALL}, "children"),
        Output("pb-restore", "children", allow_duplicate=True),
        Output("pb-form-ctx", "data", allow_duplicate=True),
        Input("pb-restore-yes", "n_clicks"),
        State("pb-local-copy", "data"),
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )(_restore)
    clientside_callback(
        """function(n, context) {
            if (!n) { return window.dash_clientside.no_update; }
            try { window.localStorage.removeItem(context.local_key); } catch (e) {}
            return null;
        }""",
        Output("pb-restore", "children", allow_duplicate=True),
        Input("pb-restore-no", "n_clicks"),
        State("pb-form-ctx", "data"),
        prevent_initial_call=True,
    )


def visible_record(slug: str, next_path: str, lang: str):
    """(user, record, None) when a logged-in user may see `slug`; else (user, None, what to show instead)."""
    user = current_user()
    if user is None:
        return None, None, need_login(lang, next_path)
    record = services.get(slug)
    if record is None or not permissions.can_view(user, record):
        return user, None, html.Div([html.H1(t("notfound.title", lang), className="h3"),
                                     html.P(t("init.not_found", lang))])
    return user, record, None
