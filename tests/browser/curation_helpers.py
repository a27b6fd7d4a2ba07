"""Shared steps of the curation browser tests: accounts in the live server's database, logging in."""
from __future__ import annotations

import json

from kb import users

PASSWORD = "browser-wachtwoord-123"


def ensure_user(email: str, role: str) -> dict:
    user = users.get_by_email(email)
    return user or users.add(email, role=role, password=PASSWORD)


def by_id(component_id: dict) -> str:
    """A CSS selector for a pattern-matching Dash id."""
    return '[id="' + json.dumps(component_id, sort_keys=True, separators=(",", ":")).replace('"', '\\"') + '"]'


def login(page, base_url: str, email: str, next_path: str = "/mijn-inzendingen", password: str = PASSWORD,
          lands_on: str | None = None) -> None:
    """Log in through the form, asking to go on to `next_path`; wait until on `lands_on` (default: there)."""
    page.goto(f"{base_url}/inloggen?next={next_path}")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login-submit")
    page.wait_for_url(f"{base_url}{lands_on or next_path}*")


def logout(page) -> None:
    page.click("#logout-button")
    page.wait_for_selector("#login-link")


def pick(page, field: str, text: str) -> None:
    """Choose an option in a dcc.Dropdown by typing part of its label."""
    box = page.locator(by_id({"type": "pbd", "field": field}))
    box.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
