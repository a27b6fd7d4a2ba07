"""Bewerken: the form on an existing initiative — editing (owner, editors), proposing an addition
(other contributors), or an editor reviewing a proposal (?voorstel=<id>)."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc

from components import callbacks, initiative_form
from components.i18n import current_lang
from kb import drafts, editing, permissions
from kb.permissions import Forbidden

dash.register_page(__name__, path_template="/bewerken/<slug>", title="Bewerken – Praktijkbank")
callbacks.once(initiative_form)


def layout(slug: str = "", concept: str = "", voorstel: str = "", **_query):
    lang = current_lang()
    user, record, instead = initiative_form.visible_record(slug, f"/bewerken/{slug}", lang)
    if instead is not None:
        return instead
    content = editing.editable_content(record)
    common = dict(lang=lang, user=user, slug=slug, revision=record["revision"], status=record["status"],
                  status_reason=record.get("status_reason", ""), updated_at=record["updated_at"])
    try:
        if voorstel.isdigit():
            permissions.require(permissions.can_review(user), user)
            proposal = drafts.get(int(voorstel), user)
            if proposal["slug"] != slug:
                raise Forbidden("draft_not_found")
            # saved on top of the revision the proposal started from: a newer one leads to the merge view
            common["revision"] = proposal["base_revision"] or record["revision"]
            return initiative_form.layout(mode="proposal", content=proposal["data"], proposal=proposal, **common)
        mode = "edit" if permissions.can_edit(user, record) else "propose"
        permissions.require(mode == "edit" or permissions.can_propose(user, record), user)
        mine = drafts.for_initiative(user, slug)
        if concept.isdigit() and mine and mine["id"] == int(concept):
            if mine.get("base_revision"):
                common["revision"] = mine["base_revision"]
            return initiative_form.layout(mode=mode, content=mine["data"], draft=mine, **common)
        return initiative_form.layout(mode=mode, content=content, server_draft=mine, **common)
    except Forbidden as exc:
        return dbc.Alert(exc.message(lang), color="warning")
