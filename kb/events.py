"""A tiny publish/subscribe registry: kb announces committed changes, others (the search index) listen.

kb knows nothing of its listeners, so the store stays the single source of truth and the index a
derived view that can also catch up on its own (see index.sync).
"""
from __future__ import annotations

import logging
from typing import Any, Callable

log = logging.getLogger(__name__)
Listener = Callable[[str, dict[str, Any]], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def emit(kind: str, record: dict[str, Any]) -> None:
    """Called after a commit. A failing listener is logged, never undoes the committed write."""
    for listener in list(_listeners):
        try:
            listener(kind, record)
        except Exception:  # the index catches up at the next sync
            log.exception("listener %r failed on %s of %s", listener, kind, record.get("slug"))
