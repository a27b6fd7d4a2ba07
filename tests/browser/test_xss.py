"""HTML and JavaScript in any field is shown as text or removed, never run: each payload is stored in
every field, published, and opened in a real browser (the initiative page, the form with its preview,
the history and the lists) — no dialog may open and no element from the payload may exist."""
from __future__ import annotations

import uuid

import pytest
from curation_helpers import ensure_user, login

from kb import editing, workflow
from kb.validation import ValidationFailed

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "\"><svg onload=alert('xss')>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<a href=\"javascript:alert('xss')\">klik</a>",
    "[klik](javascript:alert('xss'))",
    "<details open ontoggle=alert('xss')>x</details>",
    "<style>@import 'javascript:alert(1)'</style><b onmouseover=alert('xss')>hover</b>",
    "{{7*7}} ${alert('xss')} `alert('xss')`",
]
TEXT_FIELDS = ("description", "approach", "preconditions", "context")
LINE_FIELDS = ("outcome_note", "cost_note", "contact_organisation")


def _record(payload: str, n: int) -> dict:
    return {
        "title": f"XSS {n} {payload}"[:200], "slug": f"xss-{n}-{uuid.uuid4().hex[:6]}",
        "summary": f"Samenvatting met {payload} erin, lang genoeg.",
        "regions": ["twente"], "municipalities": [payload[:190]], "organisations": [payload[:190]],
        "tags": [payload[:190]],
        **{f: f"Tekst\n\n{payload}\n\n**vet** {payload}" for f in TEXT_FIELDS},
        **{f: payload[:190] for f in LINE_FIELDS},
        "success_factors": [{"text": payload}], "failures": [{"text": payload}],
        "sources": [{"title": payload[:290], "url": "https://example.org/bron"}],
        "participants": 10, "placed": 5,
    }


@pytest.fixture(scope="module")
def stored(live_server):
    contributor = ensure_user("xss-indiener@example.org", "contributor")
    editor = ensure_user("xss-redacteur@example.org", "editor")
    slugs = []
    for n, payload in enumerate(PAYLOADS):
        rec = editing.create(_record(payload, n), user=contributor, submit=True)
        rec = workflow.transition(rec["slug"], "publish", user=editor, expected_revision=1)
        editing.save(rec["slug"], dict(_record(payload, n), slug=rec["slug"], tags=["nu-schoon"]), user=editor,
                     expected_revision=rec["revision"])  # a second revision, so the history shows a diff
        slugs.append(rec["slug"])
    return slugs


def test_javascript_urls_are_refused_when_stored(live_server):
    user = {"id": 1, "email": "x@example.org", "role": "contributor", "active": True}
    for field, value in (("sources", [{"title": "Bron", "url": "javascript:alert(1)"}]),
                         ("contact_url", "javascript:alert(1)"), ("contact_url", "data:text/html,<script>"),
                         ("sources", [{"title": "Bron", "url": " JaVaScRiPt:alert(1)"}])):
        with pytest.raises(ValidationFailed) as err:
            editing.create({"title": "Veilige links", "summary": "Een samenvatting die lang genoeg is.",
                            "regions": ["twente"], field: value}, user=user)
        assert field in err.value.messages()


def _assert_inert(page, where: str) -> None:
    # no element or attribute from a payload: no <script> but the app's own, no event handlers, no js: links
    bad = page.evaluate("""() => {
        const out = [];
        for (const s of document.querySelectorAll('script')) {
            if (!s.src && /alert\\(/.test(s.textContent)) { out.push('inline script: ' + s.textContent.slice(0, 80)); }
            if (s.src && !s.src.startsWith(location.origin)) { out.push('foreign script ' + s.src); }
        }
        for (const el of document.querySelectorAll('main *')) {
            for (const a of el.attributes) {
                if (/^on/i.test(a.name)) { out.push(el.tagName + ' ' + a.name); }
                if (/^(href|src|action|formaction)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value)) {
                    out.push(el.tagName + ' ' + a.name + '=' + a.value);
                }
            }
            if (['IFRAME', 'IMG', 'DETAILS', 'STYLE', 'OBJECT', 'EMBED', 'FORM'].includes(el.tagName.toUpperCase())) {
                out.push('element ' + el.tagName);
            }
        }
        return out;
    }""")
    assert bad == [], (where, bad)


@pytest.mark.parametrize("n", range(len(PAYLOADS)))
def test_payload_is_inert_on_every_page(page, live_server, stored, n):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    slug = stored[n]
    page.goto(f"{live_server.url}/initiatief/{slug}")
    page.wait_for_selector("article h1")
    assert PAYLOADS[n][:20] in page.locator("article h1").inner_text()  # shown as text
    page.hover("article")
    _assert_inert(page, "initiative page (anonymous)")
    login(page, live_server.url, "xss-redacteur@example.org", f"/bewerken/{slug}")
    page.wait_for_selector("#pb-form")
    page.wait_for_timeout(800)  # previews rendered
    _assert_inert(page, "form with previews")
    page.goto(f"{live_server.url}/geschiedenis/{slug}")
    page.wait_for_selector("#hist-diff")
    _assert_inert(page, "history")
    page.goto(f"{live_server.url}/beoordelen")
    page.wait_for_selector("h1")
    _assert_inert(page, "review queue")
    page.goto(f"{live_server.url}/initiatief/{slug}")
    page.wait_for_selector("#curation-panel")
    _assert_inert(page, "initiative page (editor)")
    assert dialogs == []
