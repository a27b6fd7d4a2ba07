"""Registering a component module's callbacks for every app that is built, exactly once each.

Dash hands callbacks made with `dash.callback` to the first app that is set up and then forgets them.
Page modules are executed again for each app, ordinary modules are not; so a module shared by pages
keeps its callbacks in a `register()` function and each page calls `once(module)`: the callbacks
are added when the app being built does not have them pending yet (tests build many apps).
"""
from __future__ import annotations

from types import ModuleType

_pending: dict[str, list[str]] = {}


def once(module: ModuleType) -> None:
    from dash import _callback

    name = module.__name__
    keys = _pending.get(name)
    if keys and all(k in _callback.GLOBAL_CALLBACK_MAP for k in keys):
        return  # already waiting for the app now being built
    before = set(_callback.GLOBAL_CALLBACK_MAP)
    module.register()
    _pending[name] = [k for k in _callback.GLOBAL_CALLBACK_MAP if k not in before]
