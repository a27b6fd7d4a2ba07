"""The JSON API under /api (DESIGN.md, "JSON API"): the same kb and index functions as the pages."""
from __future__ import annotations

import flask


def register(server: flask.Flask) -> None:
    from api.routes import blueprint

    server.register_blueprint(blueprint)
