"""Merging two people's edits of one initiative after a refused (stale) save.

With the version both started from (`base`), a field changed by one side only is taken from that
side; a field changed by both, differently, is a conflict the person decides ("mine" / "theirs").
Nothing is chosen silently for a conflict: the default is to keep the other person's saved version.
"""
from __future__ import annotations

from typing import Any

from kb.schemas import CONTENT_FIELDS


def conflicts(base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Fields both sides changed, differently (without a base: every field that differs)."""
    out = []
    for name in CONTENT_FIELDS:
        if mine.get(name) == theirs.get(name):
            continue
        if base is not None and (mine.get(name) == base.get(name) or theirs.get(name) == base.get(name)):
            continue
        out.append(name)
    return out


def merge(base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any],
          choices: dict[str, str] | None = None) -> dict[str, Any]:
    """The merged content: one-sided changes applied, conflicts resolved by `choices` (default theirs)."""
    choices = choices or {}
    clashing = set(conflicts(base, mine, theirs))
    out: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name in clashing:
            out[name] = mine.get(name) if choices.get(name) == "mine" else theirs.get(name)
        elif base is not None and mine.get(name) != base.get(name):
            out[name] = mine.get(name)
        else:
            out[name] = theirs.get(name)
    return out
