"""Every page loads in a real browser with no console error, in Dutch with lang set."""
from __future__ import annotations

import pytest
from shots import screenshot

PAGES = [("/", "zoeken"), ("/over", "over")]


@pytest.mark.parametrize("path, name", PAGES)
def test_page_loads_without_console_errors(page, live_server, console_errors, path, name):
    page.goto(live_server.url + path)
    page.wait_for_selector("h1")
    assert page.get_attribute("html", "lang") == "nl"
    assert page.locator("header nav").count() == 1
    screenshot(page, name)
    assert console_errors == []


def test_no_request_leaves_this_host(page, live_server):
    foreign: list[str] = []
    page.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert foreign == []
