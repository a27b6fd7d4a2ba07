"""Accounts, permissions, the review workflow, drafts, history, merge and the audit log (kb only)."""
from __future__ import annotations

import pytest
from helpers import minimal
from sqlalchemy import inspect, text

from kb import audit, db, drafts, editing, history, merge, permissions, services, users, workflow
from kb.permissions import Forbidden

PW = "lang-genoeg-wachtwoord"


@pytest.fixture
def people(engine):
    out = {role: users.add(f"{role}@example.org", role=role, password=PW, engine=engine)
           for role in ("contributor", "editor", "admin")}
    out["other"] = users.add("ander@example.org", role="contributor", password=PW, engine=engine)
    out["inactive"] = users.add("weg@example.org", role="editor", password=PW, engine=engine)
    users.set_active(out["admin"], out["inactive"]["id"], False, engine=engine)
    out["inactive"] = users.get(out["inactive"]["id"], engine=engine)
    out["anonymous"] = None
    return out


def _draft_of(people, engine, **overrides):
    return editing.create(minimal(**overrides), user=people["contributor"], engine=engine)


def test_create_forces_draft_state_and_owner(engine, people):
    rec = editing.create(minimal(status="published"), user=people["contributor"], engine=engine)
    assert rec["status"] == "draft" and rec["owner_id"] == people["contributor"]["id"]
    sub = editing.create(minimal(slug="tweede"), user=people["contributor"], submit=True, engine=engine)
    assert sub["status"] == "submitted"
    with pytest.raises(Forbidden) as err:
        editing.create(minimal(slug="derde"), user=None, engine=engine)
    assert err.value.code == "login_required"
    with pytest.raises(Forbidden):
        editing.create(minimal(slug="vierde"), user=people["inactive"], engine=engine)


def test_edit_cannot_change_state_or_slug(engine, people):
    rec = _draft_of(people, engine)
    new, changed = editing.save(rec["slug"], minimal(status="published", slug="anders", participants=4),
                                user=people["contributor"], expected_revision=1, engine=engine)
    assert changed and new["status"] == "draft" and new["slug"] == rec["slug"] and new["participants"] == 4


# Every initiative below belongs to the "contributor"; "other" is a second contributor.
ACTIONS = ["view_draft", "edit_draft", "submit", "withdraw", "edit_published", "publish", "reject", "archive",
           "restore", "list_users"]
ALLOWED = {  # role -> actions it may take
    "anonymous": set(),
    "inactive": set(),
    "other": set(),
    "contributor": {"view_draft", "edit_draft", "submit", "withdraw"},
    "editor": set(ACTIONS) - {"list_users"},
    "admin": set(ACTIONS),
}


def _attempt(action, actor, engine, people):
    owner = people["contributor"]
    if action in ("view_draft", "edit_draft", "submit"):
        rec = editing.create(minimal(), user=owner, engine=engine)
    elif action in ("publish", "reject", "withdraw"):
        rec = editing.create(minimal(), user=owner, submit=True, engine=engine)
    else:
        rec = editing.create(minimal(), user=owner, submit=True, engine=engine)
        rec = workflow.transition(rec["slug"], "publish", user=people["editor"], expected_revision=1, engine=engine)
    slug, rev = rec["slug"], rec["revision"]
    if action in ("edit_draft", "edit_published"):
        editing.save(slug, minimal(participants=7), user=actor, expected_revision=rev, engine=engine)
    elif action in ("submit", "withdraw", "publish", "reject", "archive"):
        workflow.transition(slug, action, user=actor, expected_revision=rev, reason="Te weinig gegevens", engine=engine)
    elif action == "restore":
        editing.restore(slug, 1, user=actor, expected_revision=rev, engine=engine)
    elif action == "list_users":
        users.list_all(actor, engine=engine)
    elif action == "view_draft" and not permissions.can_view(actor, rec):
        raise Forbidden()
    return rec


@pytest.mark.parametrize("role", list(ALLOWED))
def test_permission_matrix(engine, people, role):
    """Every role × every action: allowed ones succeed; the rest raise and write nothing."""
    from sqlmodel import Session

    from kb.models import Initiative

    actor = people[role]
    for action in ACTIONS:
        try:
            _attempt(action, actor, engine, people)
            outcome = True
        except (Forbidden, services.NotFound):
            outcome = False
        assert outcome is (action in ALLOWED[role]), (role, action)
        for rec in services.list_records(engine=engine):
            if not outcome and action not in ("view_draft", "list_users"):
                # refused: the record is exactly as set up (revision 1 or, when published, 2)
                assert rec["revision"] == (2 if rec["status"] == "published" else 1), (role, action)
            with Session(engine) as s:  # clean up for the next action
                s.delete(s.get(Initiative, rec["id"]))
                s.commit()


def test_workflow_full_cycle_with_reason_revisions_and_audit(engine, people):
    heard = []
    from kb import events

    def listener(kind, rec):
        heard.append((kind, rec["status"], rec["revision"]))

    events.subscribe(listener)
    try:
        rec = _draft_of(people, engine)
        c, e = people["contributor"], people["editor"]
        rec = workflow.transition(rec["slug"], "submit", user=c, expected_revision=1, engine=engine)
        with pytest.raises(Forbidden) as err:
            workflow.transition(rec["slug"], "reject", user=e, expected_revision=2, reason="", engine=engine)
        assert "reden" in err.value.message()
        rec = workflow.transition(rec["slug"], "reject", user=e, expected_revision=2,
                                  reason="Voeg de uitkomsten toe.", engine=engine)
        assert rec["status"] == "rejected" and rec["status_reason"] == "Voeg de uitkomsten toe."
        with pytest.raises(Forbidden) as err:
            workflow.transition(rec["slug"], "publish", user=e, expected_revision=3, engine=engine)
        assert err.value.code == "bad_transition"
        rec = workflow.transition(rec["slug"], "submit", user=c, expected_revision=3, engine=engine)
        with pytest.raises(services.StaleRevision):
            workflow.transition(rec["slug"], "publish", user=e, expected_revision=3, engine=engine)
        rec = workflow.transition(rec["slug"], "publish", user=e, expected_revision=4, engine=engine)
        assert rec["status"] == "published" and rec["status_reason"] == ""
        rec = workflow.transition(rec["slug"], "archive", user=e, expected_revision=5, engine=engine)
    finally:
        events.unsubscribe(listener)
    assert [h[1] for h in heard] == ["draft", "submitted", "rejected", "submitted", "published", "archived"]
    revs = services.revisions(rec["slug"], engine=engine)
    assert [r["revision"] for r in revs] == [6, 5, 4, 3, 2, 1]
    assert revs[3]["author"] == "editor@example.org" and "Voeg de uitkomsten toe." in revs[3]["message"]
    actions = [a["action"] for a in audit.entries(target=rec["slug"], engine=engine)]
    assert actions == ["archive", "publish", "submit", "reject", "submit", "create"]
    assert workflow.allowed_actions(people["editor"], rec) == ["publish"]
    assert workflow.allowed_actions(people["contributor"], rec) == []


def test_drafts_are_private_and_keyed_by_user_and_initiative(engine, people):
    c, o, e = people["contributor"], people["other"], people["editor"]
    new1 = drafts.save(c, {"title": "Half"}, engine=engine)
    new2 = drafts.save(c, {"title": "Nog een"}, engine=engine)
    assert new1["id"] != new2["id"]
    assert drafts.save(c, {"title": "Half af"}, draft_id=new1["id"], engine=engine)["title"] == "Half af"
    with pytest.raises(Forbidden):
        drafts.save(o, {"title": "kaping"}, draft_id=new1["id"], engine=engine)
    with pytest.raises(Forbidden):
        drafts.get(new1["id"], o, engine=engine)
    with pytest.raises(Forbidden):
        drafts.save(None, {"title": "x"}, engine=engine)
    rec = editing.create(minimal(), user=c, submit=True, engine=engine)
    workflow.transition(rec["slug"], "publish", user=e, expected_revision=1, engine=engine)
    d1 = drafts.save(o, {"title": "Aanvulling"}, slug=rec["slug"], base_revision=2, engine=engine)
    d2 = drafts.save(o, {"title": "Aanvulling 2"}, slug=rec["slug"], engine=engine)
    assert d1["id"] == d2["id"] and d2["base_revision"] == 2
    assert drafts.for_initiative(o, rec["slug"], engine=engine)["title"] == "Aanvulling 2"
    assert [d["title"] for d in drafts.list_for(c, engine=engine)] == ["Half af", "Nog een"]  # newest change first
    with pytest.raises(Forbidden):
        drafts.get(d1["id"], e, engine=engine)  # not yet proposed: private
    drafts.propose(d1["id"], o, engine=engine)
    queue = drafts.proposals(e, engine=engine)
    assert [(p["slug"], p["author"]) for p in queue] == [(rec["slug"], "ander@example.org")]
    with pytest.raises(Forbidden):
        drafts.proposals(c, engine=engine)
    assert drafts.get(d1["id"], e, engine=engine)["state"] == "proposed"
    drafts.delete(d1["id"], e, engine=engine)
    assert drafts.proposals(e, engine=engine) == []
    with pytest.raises(Forbidden):
        drafts.save(c, {"x": "y" * (drafts.MAX_BYTES + 1)}, engine=engine)


def test_history_diff_and_restore_as_new_revision(engine, people):
    c, e = people["contributor"], people["editor"]
    long_text = "De begeleider belt elke week. " * 10
    rec = editing.create(minimal(description=long_text, tags=["a"]), user=c, engine=engine)
    editing.save(rec["slug"], minimal(description=long_text.replace("elke week", "elke dag", 1), tags=["a", "b"],
                                      participants=12), user=c, expected_revision=1, engine=engine)
    old, new = services.snapshot_at(rec["slug"], 1, engine=engine), services.snapshot_at(rec["slug"], 2, engine=engine)
    diffs = {d.field: d for d in history.diff(old, new)}
    assert set(diffs) == {"description", "tags", "participants"}
    assert ("delete", "week.") in diffs["description"].chunks and ("insert", "dag.") in diffs["description"].chunks
    assert diffs["tags"].added == ["b"] and diffs["participants"].new == 12
    with pytest.raises(Forbidden):
        editing.restore(rec["slug"], 1, user=c, expected_revision=2, engine=engine)
    restored = editing.restore(rec["slug"], 1, user=e, expected_revision=2, engine=engine)
    assert restored["revision"] == 3 and restored["participants"] is None and restored["status"] == "draft"
    assert services.revisions(rec["slug"], engine=engine)[0]["message"] == "hersteld naar revisie 1"
    with pytest.raises(Forbidden):
        editing.restore(rec["slug"], 99, user=e, expected_revision=3, engine=engine)


def test_concurrent_edit_is_refused_then_merged(engine, people):
    c, e = people["contributor"], people["editor"]
    rec = editing.create(minimal(participants=10, summary="Een samenvatting die lang genoeg is voor de test."),
                         user=c, engine=engine)
    base = services.snapshot_at(rec["slug"], 1, engine=engine)
    editing.save(rec["slug"], minimal(participants=20, summary="Een samenvatting die lang genoeg is voor de test."),
                 user=e, expected_revision=1, engine=engine)
    mine_raw = minimal(participants=10, summary="Mijn eigen betere samenvatting van dit initiatief.", tags=["x"])
    with pytest.raises(services.StaleRevision) as err:
        editing.save(rec["slug"], mine_raw, user=c, expected_revision=1, engine=engine)
    theirs = err.value.current
    assert theirs["participants"] == 20
    mine = services.normalise(dict(mine_raw, status="draft"), engine=engine)
    assert merge.conflicts(base, mine, theirs) == []  # each side changed other fields
    merged = merge.merge(base, mine, theirs)
    assert merged["participants"] == 20 and merged["tags"] == ["x"] and merged["summary"].startswith("Mijn")
    final, _ = editing.save(rec["slug"], merged, user=c, expected_revision=theirs["revision"], engine=engine)
    assert final["revision"] == 3 and final["participants"] == 20 and final["tags"] == ["x"]
    # both change the same field: a conflict, decided per field
    mine2 = dict(merged, participants=30)
    theirs2 = dict(merged, participants=40)
    assert merge.conflicts(merged, mine2, theirs2) == ["participants"]
    assert merge.merge(merged, mine2, theirs2)["participants"] == 40
    assert merge.merge(merged, mine2, theirs2, {"participants": "mine"})["participants"] == 30


def test_user_admin_rules_and_audit(engine, people):
    a, c = people["admin"], people["contributor"]
    with pytest.raises(Forbidden):
        users.set_role(c, c["id"], "admin", engine=engine)
    assert users.set_role(a, c["id"], "editor", engine=engine)["role"] == "editor"
    with pytest.raises(Forbidden) as err:
        users.set_role(a, c["id"], "koning", engine=engine)
    assert err.value.code == "unknown_role"
    with pytest.raises(Forbidden) as err:
        users.set_active(a, a["id"], False, engine=engine)
    assert err.value.code == "last_admin" and users.get(a["id"], engine=engine)["active"]
    users.set_active(a, c["id"], False, engine=engine)
    assert users.authenticate("contributor@example.org", PW, engine=engine) is None
    log = audit.entries(target="contributor@example.org", engine=engine)
    assert [x["action"] for x in log] == ["user_active", "user_role"] and log[1]["detail"]["role"] == ["contributor", "editor"]


def test_migration_0002_upgrades_an_existing_database(tmp_path):
    """A database made by 0001, with data in it, is upgraded in place: nothing lost, new tables there."""
    from alembic import command
    from alembic.config import Config

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO user (email, name, organisation, role, password_hash, active, created_at) "
                          "VALUES ('oud@example.org', '', '', 'editor', 'x', 1, '2025-01-01 00:00:00')"))
    assert "draft" not in inspect(engine).get_table_names()
    db.upgrade(engine)
    names = inspect(engine).get_table_names()
    assert {"draft", "audit_log"} <= set(names)
    assert users.get_by_email("oud@example.org", engine=engine)["role"] == "editor"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() >= "0002"
    engine.dispose()


def test_audit_log_filters_pages_and_scopes(engine, people):
    a, e = people["admin"], people["editor"]
    for i in range(7):
        editing.create(minimal(slug=f"logboek-{i}", title=f"Logboek proef {i}"), user=e, engine=engine)
    users.set_role(a, people["other"]["id"], "editor", engine=engine)
    audit.record("login", actor="ander@example.org", target_type="session", target="ander@example.org",
                 engine=engine)

    everything = audit.entries(engine=engine)
    assert audit.count(engine=engine) == len(everything)
    newest_first = [x["id"] for x in everything]
    assert newest_first == sorted(newest_first, reverse=True)
    # pages of 3 partition the entries without overlap
    pages = [audit.entries(limit=3, offset=o, engine=engine) for o in range(0, len(everything), 3)]
    assert [x["id"] for p in pages for x in p] == newest_first

    only_initiatives = audit.entries(target_types=("initiative",), engine=engine)
    assert only_initiatives and {x["target_type"] for x in only_initiatives} == {"initiative"}
    assert "login" not in audit.actions(target_types=("initiative",), engine=engine)
    assert {"create", "login", "user_role"} <= set(audit.actions(engine=engine))

    # text matches part of who or what, case-insensitively; % and _ are literal characters
    assert {x["target"] for x in audit.entries(text="LOGBOEK-3", engine=engine)} == {"logboek-3"}
    assert {x["actor"] for x in audit.entries(text="ander@", engine=engine)} == {"admin@example.org",
                                                                                 "ander@example.org"}
    assert audit.count(text="%", engine=engine) == 0 and audit.count(text="logboek_1", engine=engine) == 0
    assert audit.count(action="create", text="logboek", engine=engine) == 7

    assert permissions.audit_scope(a) is None
    assert permissions.audit_scope(e) == ("initiative",)
    for who in ("contributor", "inactive", "anonymous"):
        assert permissions.audit_scope(people[who]) is False


def test_administrators_invite_and_reset_people_change_their_own_password(engine, people):
    a, c = people["admin"], people["contributor"]
    with pytest.raises(Forbidden):
        users.invite(people["editor"], "nieuw@example.org", engine=engine)
    with pytest.raises(users.UserError) as err:
        users.invite(a, "geen-adres", engine=engine)
    assert err.value.code == "email_invalid" and "geen geldig e-mailadres" in err.value.message("nl")
    with pytest.raises(users.UserError) as err:
        users.invite(a, "Contributor@Example.org", engine=engine)
    assert err.value.code == "email_taken" and "already exists" in err.value.message("en")

    person, temporary = users.invite(a, " Nieuw@Example.org ", role="editor", name="Nieuwe Collega", engine=engine)
    assert person["email"] == "nieuw@example.org" and person["role"] == "editor" and len(temporary) >= users.MIN_PASSWORD
    assert users.authenticate("nieuw@example.org", temporary, engine=engine)["id"] == person["id"]
    assert person["must_change_password"]  # given by an administrator: to be replaced
    assert not users.get(a["id"], engine=engine)["must_change_password"]

    # the person replaces the temporary password
    with pytest.raises(users.UserError) as err:
        users.change_password(person, "fout-wachtwoord", "een-nieuw-wachtwoord", engine=engine)
    assert err.value.code == "password_wrong"
    with pytest.raises(users.UserError) as err:
        users.change_password(person, temporary, "kort", engine=engine)
    assert err.value.code == "password_short"
    with pytest.raises(users.UserError) as err:
        users.change_password(person, temporary, temporary, engine=engine)
    assert err.value.code == "password_same"
    with pytest.raises(users.UserError) as err:
        users.change_password(person, temporary, "een-nieuw-wachtwoord", "een-ander-wachtwoord", engine=engine)
    assert err.value.code == "password_mismatch"
    assert users.authenticate("nieuw@example.org", temporary, engine=engine)  # nothing changed so far
    users.change_password(person, temporary, "een-nieuw-wachtwoord", "een-nieuw-wachtwoord", engine=engine)
    assert users.authenticate("nieuw@example.org", temporary, engine=engine) is None
    assert users.authenticate("nieuw@example.org", "een-nieuw-wachtwoord", engine=engine)
    assert not users.get(person["id"], engine=engine)["must_change_password"]
    with pytest.raises(Forbidden):
        users.change_password(None, "x" * 12, "y" * 12, engine=engine)

    # forgotten: an administrator issues a new temporary password
    with pytest.raises(Forbidden):
        users.reset_password(c, person["id"], engine=engine)
    _, again = users.reset_password(a, person["id"], engine=engine)
    assert again != temporary and users.authenticate("nieuw@example.org", again, engine=engine)
    assert users.get(person["id"], engine=engine)["must_change_password"]
    assert users.authenticate("nieuw@example.org", "een-nieuw-wachtwoord", engine=engine) is None
    log = [x["action"] for x in audit.entries(target="nieuw@example.org", engine=engine)]
    assert log == ["password_reset", "password_change", "password_change_failed", "user_create"]
    logged = str(audit.entries(engine=engine))
    assert temporary not in logged and again not in logged and "een-nieuw-wachtwoord" not in logged
