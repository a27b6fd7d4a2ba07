"""A Flask test client that behaves like our pages in a browser: same-origin headers, the CSRF token,
and Dash callback POSTs built from the app's own dependency list (for tests that bypass the UI)."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

ORIGIN = "http://localhost"


class _ThreadedClient:
    """Flask's test client, each request made from a worker thread: Dash 4 dispatches through asgiref,
    which refuses to run in a thread that already has an event loop (as Playwright's leaves behind)."""

    def __init__(self, client):
        self._client = client
        self._pool = ThreadPoolExecutor(max_workers=1)

    def __getattr__(self, name):
        return getattr(self._client, name)

    def get(self, *args, **kwargs):
        return self._pool.submit(self._client.get, *args, buffered=True, **kwargs).result()

    def post(self, *args, **kwargs):
        return self._pool.submit(self._client.post, *args, buffered=True, **kwargs).result()


class WebClient:
    def __init__(self, app):
        self.app = app
        self.client = _ThreadedClient(app.server.test_client())
        self.client.get("/")  # a session and its CSRF cookie, as any first page view gives

    @property
    def token(self) -> str:
        cookie = self.client.get_cookie("_csrf_token")
        return cookie.value if cookie else ""

    def login(self, email: str, password: str, **headers):
        return self.client.post("/auth/login", data={"email": email, "password": password, "csrf_token": self.token,
                                                     "next": "/mijn-inzendingen"},
                                headers={"Origin": ORIGIN, **headers})

    def callback_output(self, fragment: str) -> str:
        deps = self.client.get("/_dash-dependencies").get_json()
        # (an app made again in the same process registers its page callbacks again: same key)
        matches = sorted({d["output"] for d in deps if d["output"].startswith(".." + fragment + "...")})
        assert len(matches) == 1, (fragment, matches)
        return matches[0]

    def callback(self, output: str, outputs, inputs, state, changed, *, token: bool = True, origin: str | None = ORIGIN):
        headers = {}
        if token:
            headers["X-CSRFToken"] = self.token
        if origin:
            headers["Origin"] = origin
        body = {"output": output, "outputs": outputs, "inputs": inputs, "state": state, "changedPropIds": changed}
        return self.client.post("/_dash-update-component", data=json.dumps(body),
                                headers={"Content-Type": "application/json", **headers})


def dash_id(component_id) -> str:
    return json.dumps(component_id, sort_keys=True, separators=(",", ":")) if isinstance(component_id, dict) \
        else component_id


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))
