"""Accounts on the web: login/logout, CSRF, rate limits, OIDC settings, and the permission matrix
through direct HTTP calls that bypass the UI (Dash callback POSTs and our own Flask endpoints)."""
from __future__ import annotations

import base64
import json
import time

import pytest
from helpers import minimal
from web_client import ORIGIN, WebClient, dash_id, text_of

from auth import oidc
from kb import audit, editing, services, users, workflow

PW = "lang-genoeg-wachtwoord"


@pytest.fixture
def app(engine, tmp_path, monkeypatch):
    """The real app on the test database (SQLite and PostgreSQL)."""
    monkeypatch.setenv("PRAKTIJKBANK_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("PRAKTIJKBANK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    for name in oidc.ENV:
        monkeypatch.delenv(name, raising=False)
    from app import create_app
    from kb import events

    listeners = list(events._listeners)
    application = create_app()
    application.server.config["TESTING"] = True
    yield application
    _stop_search_index(listeners)


def _stop_search_index(listeners_before: list) -> None:
    """Each app starts a search index that follows its database; stop it with the test's database."""
    from kb import events

    try:
        from index import runtime
    except ImportError:
        return
    for key, running in list(runtime._running.items()):
        running.stop()
        runtime._running.pop(key, None)
    for listener in list(events._listeners):
        if listener not in listeners_before:
            events.unsubscribe(listener)


@pytest.fixture
def people(engine):
    out = {}
    for key, role in (("contributor", "contributor"), ("other", "contributor"), ("editor", "editor"),
                      ("admin", "admin")):
        out[key] = users.add(f"{key}@example.org", role=role, password=PW, engine=engine)
    return out


def _client(app, people, who: str | None) -> WebClient:
    client = WebClient(app)
    if who:
        response = client.login(f"{who}@example.org", PW)
        assert response.status_code == 303 and response.headers["Location"].endswith("/mijn-inzendingen")
    return client


# ---- login, logout, cookies ---------------------------------------------------------------------

def test_login_sets_safe_cookies_and_a_fresh_token(app, people):
    client = WebClient(app)
    before = client.token
    response = client.login("editor@example.org", PW)
    assert response.status_code == 303
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "session=" in cookies and "HttpOnly" in cookies and "SameSite=Lax" in cookies
    assert "_csrf_token=" in cookies and "SameSite=Strict" in cookies
    assert client.token and client.token != before  # rotated at login
    page = client.client.get("/mijn-inzendingen")
    assert page.status_code == 200


def test_wrong_password_gives_the_same_message_and_no_session(app, people):
    client = WebClient(app)
    for email in ("editor@example.org", "bestaat-niet@example.org"):
        response = client.login(email, "fout-wachtwoord-123")
        assert response.status_code == 303 and "/inloggen?fout=1" in response.headers["Location"]
    with client.client.session_transaction() as s:
        assert "uid" not in s


@pytest.mark.parametrize("variant", ["no-token", "wrong-token", "foreign-origin", "null-origin", "foreign-referer"])
def test_login_form_is_protected_against_csrf(app, people, variant):
    client = WebClient(app)
    data = {"email": "editor@example.org", "password": PW, "csrf_token": client.token}
    headers = {"Origin": ORIGIN}
    if variant == "no-token":
        data.pop("csrf_token")
    elif variant == "wrong-token":
        data["csrf_token"] = "x" * 43
    elif variant == "foreign-origin":
        headers = {"Origin": "https://evil.example"}
    elif variant == "null-origin":
        headers = {"Origin": "null"}
    else:
        headers = {"Referer": "https://evil.example/page"}
    response = client.client.post("/auth/login", data=data, headers=headers)
    assert response.status_code == 403
    with client.client.session_transaction() as s:
        assert "uid" not in s


def test_login_without_any_origin_header_is_refused(app, people):
    client = WebClient(app)
    response = client.client.post("/auth/login", data={"email": "editor@example.org", "password": PW,
                                                       "csrf_token": client.token})
    assert response.status_code == 403


def test_referer_is_accepted_when_origin_is_missing(app, people):
    client = WebClient(app)
    response = client.client.post("/auth/login", data={"email": "editor@example.org", "password": PW,
                                                       "csrf_token": client.token},
                                  headers={"Referer": ORIGIN + "/inloggen"})
    assert response.status_code == 303


@pytest.mark.parametrize("target, expected", [
    ("/indienen", "/indienen"), ("https://evil.example/", "/mijn-inzendingen"), ("//evil.example", "/mijn-inzendingen"),
    ("/\\evil.example", "/mijn-inzendingen"), ("javascript:alert(1)", "/mijn-inzendingen"),
])
def test_next_goes_only_to_this_site(app, people, target, expected):
    client = WebClient(app)
    response = client.client.post("/auth/login", data={"email": "editor@example.org", "password": PW,
                                                       "csrf_token": client.token, "next": target},
                                  headers={"Origin": ORIGIN})
    assert response.headers["Location"] == expected


def test_logout_needs_the_token(app, people):
    client = _client(app, people, "editor")
    assert client.client.post("/auth/logout", headers={"Origin": ORIGIN}).status_code == 403
    with client.client.session_transaction() as s:
        assert "uid" in s
    response = client.client.post("/auth/logout", data={"csrf_token": client.token}, headers={"Origin": ORIGIN})
    assert response.status_code == 303
    with client.client.session_transaction() as s:
        assert "uid" not in s


def test_failed_logins_are_rate_limited_per_email_and_address(app, people):
    app.server.config["PRAKTIJKBANK_LOGIN_LIMIT_EMAIL"] = "3 per minute"
    app.server.config["PRAKTIJKBANK_LOGIN_LIMIT_ADDRESS"] = "5 per minute"
    client = WebClient(app)
    codes = [client.login("editor@example.org", "fout-wachtwoord-123").status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]
    # even the right password waits now: guessing cannot continue
    limited = client.login("editor@example.org", PW)
    assert limited.status_code == 429 and "Te veel mislukte inlogpogingen" in limited.get_data(as_text=True)
    # other e-mail addresses from the same address: limited per address after 5 failures in all
    codes = [client.login(f"x{i}@example.org", "fout-wachtwoord-123").status_code for i in range(3)]
    assert codes[-1] == 429


def test_successful_logins_do_not_count(app, people):
    app.server.config["PRAKTIJKBANK_LOGIN_LIMIT_EMAIL"] = "2 per minute"
    for _ in range(4):
        client = WebClient(app)
        assert client.login("editor@example.org", PW).status_code == 303


def test_a_deactivated_account_is_logged_out_at_once(app, people, engine):
    rec = editing.create(minimal(), user=people["contributor"], engine=engine)
    client = _client(app, people, "contributor")
    users.set_active(people["admin"], people["contributor"]["id"], False, engine=engine)
    response = _act(client, rec["slug"], rec["revision"], "submit")
    assert response.status_code == 200 and "Log in" in response.get_data(as_text=True)
    assert services.get(rec["slug"], engine=engine)["status"] == "draft"


# ---- the permission matrix through Dash callback POSTs --------------------------------------------

def _act(client: WebClient, slug: str, revision: int, action: str, reason: str = "", **kw):
    output = client.callback_output("cur-result.children")
    cid = {"type": "cur-action", "action": action}
    return client.callback(
        output,
        [{"id": "cur-result", "property": "children"}, {"id": "cur-nav", "property": "href"}],
        [[{"id": cid, "property": "n_clicks", "value": 1}]],
        [{"id": "cur-reason-input", "property": "value", "value": reason},
         {"id": "cur-ctx", "property": "data", "value": {"slug": slug, "revision": revision}}],
        [dash_id(cid) + ".n_clicks"], **kw)


WORKFLOW_CASES = [  # (start state, action) -> roles that may
    ("submitted", "publish", {"editor", "admin"}),
    ("submitted", "reject", {"editor", "admin"}),
    ("submitted", "withdraw", {"contributor", "editor", "admin"}),
    ("published", "archive", {"editor", "admin"}),
    ("draft", "submit", {"contributor", "editor", "admin"}),
]


def _setup(state: str, people, engine) -> dict:
    rec = editing.create(minimal(), user=people["contributor"], submit=state != "draft", engine=engine)
    if state == "published":
        rec = workflow.transition(rec["slug"], "publish", user=people["editor"], expected_revision=1, engine=engine)
    return rec


@pytest.mark.parametrize("who", [None, "contributor", "other", "editor", "admin"])
def test_workflow_callbacks_check_role_on_the_server(app, people, engine, who):
    for state, action, allowed in WORKFLOW_CASES:
        rec = _setup(state, people, engine)
        client = _client(app, people, who)
        response = _act(client, rec["slug"], rec["revision"], action, reason="Onvoldoende onderbouwd")
        assert response.status_code == 200, (who, action, response.status_code)
        after = services.get(rec["slug"], engine=engine)
        moved = after["revision"] == rec["revision"] + 1
        assert moved is (who in allowed), (who, action, after["status"])
        if not moved:
            assert after == rec
        services_delete(engine, rec["id"])


def services_delete(engine, initiative_id: int) -> None:
    from sqlmodel import Session

    from kb.models import Initiative

    with Session(engine) as s:
        s.delete(s.get(Initiative, initiative_id))
        s.commit()


@pytest.mark.parametrize("variant", ["no-token", "foreign-origin", "no-origin"])
def test_editor_callback_without_csrf_proof_is_refused(app, people, engine, variant):
    rec = _setup("submitted", people, engine)
    client = _client(app, people, "editor")
    kwargs = {"no-token": {"token": False}, "foreign-origin": {"origin": "https://evil.example"},
              "no-origin": {"origin": None}}[variant]
    response = _act(client, rec["slug"], rec["revision"], "publish", **kwargs)
    assert response.status_code == 403
    assert services.get(rec["slug"], engine=engine)["status"] == "submitted"


def test_stale_revision_through_the_callback_changes_nothing(app, people, engine):
    rec = _setup("submitted", people, engine)
    client = _client(app, people, "editor")
    response = _act(client, rec["slug"], rec["revision"] - 1 or 99, "publish")
    assert "niets overschreven" in response.get_data(as_text=True)
    assert services.get(rec["slug"], engine=engine)["status"] == "submitted"


# ---- the form's save callback, called directly -------------------------------------------------

def _form_call(client: WebClient, context: dict, fields: dict, button: str = "pb-save"):
    output = client.callback_output("pb-form-result.children")
    plain = [{"id": {"type": "pbf", "field": k}, "property": "value", "value": v} for k, v in fields.items()
             if k not in ("regions",)]
    pickers = [{"id": {"type": "pbd", "field": "regions"}, "property": "value", "value": fields.get("regions", [])}]
    outputs = [{"id": "pb-form-result", "property": "children"}, {"id": "pb-done", "property": "data"},
               {"id": "pb-merge-panel", "property": "children"}, {"id": "pb-merge", "property": "data"},
               {"id": "pb-form-ctx", "property": "data"},
               [{"id": p["id"], "property": "invalid"} for p in plain], [],
               [{"id": p["id"], "property": "className"} for p in pickers],
               [{"id": {"type": "pbfb", "field": k}, "property": "children"} for k in fields]]
    inputs = [{"id": "pb-save-request", "property": "data", "value": {"button": button, "at": 1}}]
    state = [plain, [], pickers, [], [], {"id": "pb-form-ctx", "property": "data", "value": context}]
    return client.callback(output, outputs, inputs, state, ["pb-save-request.data"])


FORM = {"title": "Werkfit in de wijk", "summary": "Buurtteams begeleiden bijstandsgerechtigden naar werk in de wijk.",
        "regions": ["twente"], "slug": ""}


def test_form_save_needs_login_and_creates_nothing_anonymously(app, people, engine):
    client = WebClient(app)
    response = _form_call(client, {"mode": "new"}, FORM, "pb-submit")
    assert response.status_code == 200 and "niet (meer) ingelogd" in response.get_data(as_text=True)
    assert services.count(engine=engine) == 0


def test_form_submit_creates_a_submitted_initiative_owned_by_the_user(app, people, engine):
    client = _client(app, people, "contributor")
    response = _form_call(client, {"mode": "new"}, dict(FORM, status="published"), "pb-submit")
    assert response.status_code == 200
    rec = services.get("werkfit-in-de-wijk", engine=engine)
    assert rec["status"] == "submitted" and rec["owner_id"] == people["contributor"]["id"]


def test_form_shows_dutch_messages_at_the_fields(app, people, engine):
    client = _client(app, people, "contributor")
    response = _form_call(client, {"mode": "new"}, dict(FORM, title="abc", regions=[]))
    body = response.get_json()["response"]
    feedback = body[dash_id({"type": "pbfb", "field": "title"})]["children"]
    assert feedback == "Vul een titel in van minstens 5 tekens."
    assert body[dash_id({"type": "pbf", "field": "title"})]["invalid"] is True
    assert "Kies minstens één waarde bij regio's" in body[dash_id({"type": "pbfb", "field": "regions"})]["children"]
    assert services.count(engine=engine) == 0


def test_form_cannot_edit_someone_elses_initiative_by_crafting_the_context(app, people, engine):
    rec = _setup("submitted", people, engine)
    client = _client(app, people, "other")
    response = _form_call(client, {"mode": "edit", "slug": rec["slug"], "revision": rec["revision"]},
                          dict(FORM, title="Overgenomen titel"))
    assert response.status_code == 200
    assert services.get(rec["slug"], engine=engine) == rec
    # not even the owner can edit a published initiative directly: it becomes a proposal instead
    pub = workflow.transition(rec["slug"], "publish", user=people["editor"], expected_revision=rec["revision"],
                              engine=engine)
    owner = _client(app, people, "contributor")
    _form_call(owner, {"mode": "edit", "slug": pub["slug"], "revision": pub["revision"]},
               dict(FORM, title="Stiekem gewijzigd"))
    assert services.get(rec["slug"], engine=engine)["title"] == pub["title"]


def test_form_edit_on_a_stale_revision_shows_the_merge_view(app, people, engine):
    rec = editing.create(minimal(), user=people["contributor"], engine=engine)
    editing.save(rec["slug"], minimal(participants=5), user=people["editor"], expected_revision=1, engine=engine)
    client = _client(app, people, "contributor")
    fields = dict(FORM, title=rec["title"], summary="Een nieuwe samenvatting die lang genoeg is.",
                  regions=rec["regions"])
    response = _form_call(client, {"mode": "edit", "slug": rec["slug"], "revision": 1}, fields)
    text = response.get_data(as_text=True)
    assert "niets overschreven" in text and "pb-merge-card" in text
    assert services.get(rec["slug"], engine=engine)["revision"] == 2


# ---- other endpoints a person could call directly ------------------------------------------------

def test_history_restore_callback_needs_an_editor(app, people, engine):
    rec = editing.create(minimal(), user=people["contributor"], engine=engine)
    editing.save(rec["slug"], minimal(participants=5), user=people["contributor"], expected_revision=1, engine=engine)
    for who, allowed in ((None, False), ("contributor", False), ("editor", True)):
        client = _client(app, people, who)
        output = client.callback_output("hist-result.children")
        cid = {"type": "hist-restore", "rev": 1}
        current = services.get(rec["slug"], engine=engine)["revision"]
        client.callback(output, [{"id": "hist-result", "property": "children"}, {"id": "hist-nav", "property": "href"}],
                        [[{"id": cid, "property": "n_clicks", "value": 1}]],
                        [{"id": "hist-ctx", "property": "data", "value": {"slug": rec["slug"], "revision": current}}],
                        [dash_id(cid) + ".n_clicks"])
        after = services.get(rec["slug"], engine=engine)
        assert (after["revision"] == current + 1) is allowed, who


USERS_OUTPUTS = [{"id": i, "property": p} for i, p in (
    ("users-result", "children"), ("users-box", "children"), ("users-new-email", "value"),
    ("users-new-name", "value"), ("users-new-organisation", "value"))]
NEW_ACCOUNT_STATE = [{"id": "users-new-email", "property": "value", "value": "binnengekomen@example.org"},
                     {"id": "users-new-name", "property": "value", "value": ""},
                     {"id": "users-new-organisation", "property": "value", "value": ""},
                     {"id": "users-new-role", "property": "value", "value": "admin"}]


def _users_callback(client, inputs: list, changed: str):
    return client.callback(client.callback_output("users-result.children"), USERS_OUTPUTS, inputs,
                           NEW_ACCOUNT_STATE, [changed])


def test_user_admin_callback_needs_an_admin(app, people, engine):
    """Direct calls of the accounts callback (role change, new account, new password) without the page."""
    target = people["other"]
    before = users.authenticate(target["email"], PW, engine=engine)
    assert before
    for who, allowed in ((None, False), ("contributor", False), ("editor", False), ("admin", True)):
        client = _client(app, people, who)
        cid = {"type": "users-role", "id": target["id"]}
        _users_callback(client, [[{"id": cid, "property": "value", "value": "admin"}], [], [], [],
                                 {"id": "users-new-create", "property": "n_clicks", "value": 0}],
                        dash_id(cid) + ".value")
        assert (users.get(target["id"], engine=engine)["role"] == "admin") is allowed, who
        response = _users_callback(client, [[], [], [], [], {"id": "users-new-create", "property": "n_clicks",
                                                                "value": 1}], "users-new-create.n_clicks")
        assert response.status_code == 200, who
        assert (users.get_by_email("binnengekomen@example.org", engine=engine) is not None) is allowed, who
        rid = {"type": "users-reset", "id": target["id"]}
        response = _users_callback(client, [[], [], [{"id": rid, "property": "n_clicks", "value": 1}], [],
                                            {"id": "users-new-create", "property": "n_clicks", "value": 0}],
                                   dash_id(rid) + ".n_clicks")
        assert response.status_code == 200, who
        assert users.authenticate(target["email"], PW, engine=engine), "the first click only asks"
        cfid = {"type": "users-reset-confirm", "id": target["id"]}
        response = _users_callback(client, [[], [], [], [{"id": cfid, "property": "n_clicks", "value": 1}],
                                            {"id": "users-new-create", "property": "n_clicks", "value": 0}],
                                   dash_id(cfid) + ".n_clicks")
        assert response.status_code == 200, who
        # only an administrator's call replaced the password (the old one stops working)
        assert (users.authenticate(target["email"], PW, engine=engine) is None) is allowed, who


def test_role_pages_check_the_role_when_rendered(app, people, engine):
    """A Dash page's content is rendered on the server for whoever asks: each page checks the role."""
    import flask

    from components.pages import history, review, users_admin

    for who, review_ok, users_ok in (("contributor", False, False), ("editor", True, False), ("admin", True, True)):
        with app.server.test_request_context("/"):
            flask.session["uid"] = people[who]["id"]
            flask.session["pws"] = users.session_stamp(people[who]["id"], engine=engine)[1]
            assert ("voor de redactie" not in str(review.layout())) is review_ok, who
            assert ("voor beheerders" not in str(users_admin.layout())) is users_ok, who
    with app.server.test_request_context("/"):
        assert "Log in" in str(review.layout()) and "Log in" in str(history.layout(slug="x"))


# ---- OpenID Connect -----------------------------------------------------------------------------

def test_oidc_is_off_without_settings(app):
    assert app.server.config["PRAKTIJKBANK_OIDC"] is None
    client = WebClient(app)
    assert client.client.get("/auth/oidc/start").status_code == 404
    assert client.client.get("/auth/oidc/callback?code=x&state=y").status_code == 404


def test_oidc_configuration_parsing():
    assert oidc.config_from_env({}) is None
    assert oidc.config_from_env({"PRAKTIJKBANK_OIDC_ISSUER": " "}) is None
    cfg = oidc.config_from_env({"PRAKTIJKBANK_OIDC_ISSUER": "https://login.example.nl/realms/pb/",
                                "PRAKTIJKBANK_OIDC_CLIENT_ID": "praktijkbank",
                                "PRAKTIJKBANK_OIDC_CLIENT_SECRET": "geheim"})
    assert cfg.issuer == "https://login.example.nl/realms/pb"
    assert cfg.discovery_url == "https://login.example.nl/realms/pb/.well-known/openid-configuration"
    assert cfg.scopes == "openid email profile"
    with pytest.raises(oidc.OIDCError, match="CLIENT_SECRET"):
        oidc.config_from_env({"PRAKTIJKBANK_OIDC_ISSUER": "https://x.example", "PRAKTIJKBANK_OIDC_CLIENT_ID": "a"})
    with pytest.raises(oidc.OIDCError, match="https"):
        oidc.config_from_env({"PRAKTIJKBANK_OIDC_ISSUER": "http://x.example", "PRAKTIJKBANK_OIDC_CLIENT_ID": "a",
                              "PRAKTIJKBANK_OIDC_CLIENT_SECRET": "b"})
    assert oidc.config_from_env({"PRAKTIJKBANK_OIDC_ISSUER": "http://localhost:8080/realms/x",
                                 "PRAKTIJKBANK_OIDC_CLIENT_ID": "a", "PRAKTIJKBANK_OIDC_CLIENT_SECRET": "b"})


def _id_token(claims: dict) -> str:
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2ln"


def test_oidc_code_flow_with_a_fake_provider(app, people, monkeypatch):
    """The whole flow against an in-process fake provider (there is no network here)."""
    cfg = oidc.OIDCConfig("https://idp.example", "praktijkbank", "geheim")
    meta = {"issuer": "https://idp.example", "authorization_endpoint": "https://idp.example/auth",
            "token_endpoint": "https://idp.example/token"}
    seen = {}

    def fake_fetch(url, data=None, headers=None):
        if url.endswith("/.well-known/openid-configuration"):
            return meta
        seen["token_request"] = (url, data.decode(), headers)
        return {"access_token": "a", "id_token": _id_token({
            "iss": "https://idp.example", "aud": "praktijkbank", "exp": time.time() + 300,
            "nonce": seen["nonce"], "email": "Editor@Example.org", "email_verified": True})}

    monkeypatch.setattr(oidc, "_fetch_json", fake_fetch)
    monkeypatch.setattr(oidc.discover, "__defaults__", (fake_fetch, 3600))
    monkeypatch.setattr(oidc.exchange_code, "__defaults__", (fake_fetch,))
    oidc._metadata.clear()
    app.server.config["PRAKTIJKBANK_OIDC"] = cfg
    client = WebClient(app)
    start = client.client.get("/auth/oidc/start?next=/indienen")
    assert start.status_code == 302 and start.headers["Location"].startswith("https://idp.example/auth?")
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["client_id"] == ["praktijkbank"]
    seen["nonce"] = query["nonce"][0]
    bad = client.client.get("/auth/oidc/callback?code=abc&state=verkeerd")
    assert "fout=oidc" in bad.headers["Location"]
    start = client.client.get("/auth/oidc/start?next=/indienen")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    seen["nonce"] = query["nonce"][0]
    done = client.client.get(f"/auth/oidc/callback?code=abc&state={query['state'][0]}")
    assert done.status_code == 303 and done.headers["Location"] == "/indienen"
    assert "code_verifier=" in seen["token_request"][1]
    with client.client.session_transaction() as s:
        assert s["uid"] == people["editor"]["id"]


def test_oidc_claims_are_checked():
    cfg = oidc.OIDCConfig("https://idp.example", "pb", "s")
    good = {"iss": "https://idp.example", "aud": ["pb"], "exp": time.time() + 60, "nonce": "n",
            "email": "a@example.org"}
    assert oidc.email_from({"id_token": _id_token(good)}, cfg, "n") == "a@example.org"
    for change in ({"iss": "https://other"}, {"aud": "other"}, {"exp": time.time() - 3600}, {"nonce": "m"},
                   {"email": ""}, {"email_verified": False}):
        with pytest.raises(oidc.OIDCError):
            oidc.email_from({"id_token": _id_token(dict(good, **change))}, cfg, "n")
    with pytest.raises(oidc.OIDCError):
        oidc.email_from({"id_token": "geen-token"}, cfg, "n")


def test_a_proposal_waits_for_an_editor_and_changes_nothing_before(app, people, engine):
    from kb import drafts

    rec = _setup("published", people, engine)
    client = _client(app, people, "other")
    fields = dict(FORM, title=rec["title"], summary="Een aanvulling van een collega uit een andere regio.",
                  regions=rec["regions"])
    response = _form_call(client, {"mode": "propose", "slug": rec["slug"], "revision": rec["revision"]}, fields,
                          "pb-submit")
    assert "naar de redactie gestuurd" in response.get_data(as_text=True)
    assert services.get(rec["slug"], engine=engine) == rec
    (proposal,) = drafts.proposals(people["editor"], engine=engine)
    assert proposal["author"] == "other@example.org" and proposal["base_revision"] == rec["revision"]
    editor = _client(app, people, "editor")
    _form_call(editor, {"mode": "proposal", "slug": rec["slug"], "revision": proposal["base_revision"],
                        "proposal_id": proposal["id"]}, dict(fields, **{"title": rec["title"]}))
    after = services.get(rec["slug"], engine=engine)
    assert after["summary"].startswith("Een aanvulling") and after["status"] == "published"
    assert drafts.proposals(people["editor"], engine=engine) == []


# ---- passwords and sessions ---------------------------------------------------------------------

def _change_password(client, current: str, new: str):
    outputs = [{"id": i, "property": p} for i, p in (("pw-result", "children"), ("pw-current", "value"),
                                                    ("pw-new", "value"), ("pw-repeat", "value"),
                                                    ("pw-temporary-box", "children"),
                                                    ("account-temporary-box", "children"))]
    state = [{"id": "pw-current", "property": "value", "value": current},
             {"id": "pw-new", "property": "value", "value": new},
             {"id": "pw-repeat", "property": "value", "value": new},
             {"id": "pw-next", "property": "data", "value": "/mijn-inzendingen"}]
    inputs = [{"id": "pw-save", "property": "n_clicks", "value": 1}] + [
        {"id": f"pw-{name}", "property": "n_submit", "value": None} for name in ("current", "new", "repeat")]
    return client.callback(client.callback_output("pw-result.children"), outputs, inputs, state,
                           ["pw-save.n_clicks"])


def _signed_in(client) -> bool:
    """Whether the server takes this client's cookie for a logged-in person (the account page
    answers with the form, not with "log in first")."""
    response = client.client.get("/wachtwoord")
    assert response.status_code == 200
    body = client.callback(client.callback_output("_pages_content.children"),
                           [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                           [{"id": "_pages_location", "property": "pathname", "value": "/wachtwoord"},
                            {"id": "_pages_location", "property": "search", "value": ""}],
                           [], ["_pages_location.pathname"])
    assert body.status_code == 200
    return "pw-current" in text_of(body)


def test_a_changed_password_ends_the_other_sessions_but_not_this_one(app, people, engine):
    here = _client(app, people, "editor")
    elsewhere = _client(app, people, "editor")  # the same person on another device (or a stolen cookie)
    assert _signed_in(here) and _signed_in(elsewhere)
    response = _change_password(here, PW, "een heel nieuw wachtwoord")
    assert response.status_code == 200 and "opgeslagen" in text_of(response)
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    users.change_password(people["editor"], "een heel nieuw wachtwoord", PW, engine=engine)  # for the other tests


def test_a_reset_by_an_administrator_ends_the_sessions_of_that_account(app, people, engine):
    victim = _client(app, people, "contributor")
    assert _signed_in(victim)
    _, temporary = users.reset_password(people["admin"], people["contributor"]["id"], engine=engine)
    assert not _signed_in(victim)
    fresh = WebClient(app)
    assert fresh.login("contributor@example.org", temporary).status_code == 303 and _signed_in(fresh)
    users.change_password(people["contributor"], temporary, PW, engine=engine)


def test_guessing_the_current_password_is_cut_off(app, people, engine):
    client = _client(app, people, "other")
    for _ in range(5):
        assert "klopt niet" in text_of(_change_password(client, "geraden-wachtwoord", "een heel nieuw wachtwoord"))
    answer = text_of(_change_password(client, PW, "een heel nieuw wachtwoord"))  # even the right one, for now
    assert "probeer het over 15 minuten opnieuw" in answer
    assert users.authenticate("other@example.org", PW, engine=engine)
    log = audit.entries(action="password_change_failed", target="other@example.org", engine=engine)
    assert len(log) == 5


def test_logbook_speaks_the_readers_language(app):
    """(The page module needs the app: Dash registers pages when the app is made.)"""
    from components.pages import logbook

    assert logbook.action_label("publish", "nl") == "gepubliceerd"
    assert logbook.action_label("user_active_role", "nl") == "account (de)geactiveerd, rol gewijzigd"
    assert logbook.action_label("user_active_role", "en") == "account (de)activated, role changed"
    assert logbook.action_label("iets_nieuws", "nl") == "iets_nieuws"  # unknown: shown as it is
    role_change = {"detail": {"role": ["contributor", "editor"], "active": [True, False]}}
    assert logbook._detail(role_change, "nl") == "rol: Indiener → Redacteur; actief: ja → nee"
    assert logbook._detail(role_change, "en") == "role: Contributor → Editor; active: yes → no"
    assert logbook._detail({"detail": {"fields": ["title", "summary"]}}, "nl") == "velden: titel, samenvatting"
    assert logbook.when("2026-11-23T15:04:00+00:00", "nl") == "23-11-2026 16:04"  # Amsterdam time
    assert logbook.when("2026-07-01T12:00:00", "en") == "2026-07-01 14:00"


def test_a_temporary_password_leads_to_the_password_page_first(app, people, engine):
    _, temporary = users.reset_password(people["admin"], people["other"]["id"], engine=engine)
    client = WebClient(app)
    response = client.login("other@example.org", temporary)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/wachtwoord?next=%2Fmijn-inzendingen")
    assert users.get(people["other"]["id"], engine=engine)["must_change_password"]
    answer = _change_password(client, temporary, "mijn eigen wachtwoord").get_json()
    parts = answer["response"]["pw-result"]["children"]["props"]["children"]
    assert "opgeslagen" in parts[0] and parts[-1]["props"]["href"] == "/mijn-inzendingen"  # and a way on
    assert not users.get(people["other"]["id"], engine=engine)["must_change_password"]
    again = WebClient(app).login("other@example.org", "mijn eigen wachtwoord")
    assert again.headers["Location"].endswith("/mijn-inzendingen")
