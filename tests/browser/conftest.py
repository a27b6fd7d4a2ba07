"""Browser tests: Debian's chromium driven by pytest-playwright, the app served from a thread."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": chromium,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("var")).start(seed_dir=ROOT / "content")
    yield server
    server.stop()


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught page error during a test; tests assert it stays empty."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
