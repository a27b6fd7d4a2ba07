"""Routes of the JSON API. Parameters are parsed in api.params; errors are JSON, never a 500 page."""
from __future__ import annotations

import flask

from kb import services

blueprint = flask.Blueprint("api", __name__, url_prefix="/api")


def _engine():
    return flask.current_app.config["PRAKTIJKBANK_ENGINE"]


@blueprint.get("/health")
def health():
    n = services.count(status="published", engine=_engine())
    return flask.jsonify({"status": "ok", "initiatives": n, "indexed": None})


@blueprint.get("/initiatives/<slug>")
def initiative(slug: str):
    record = services.get(slug, engine=_engine(), published_only=True)
    if record is None:
        return flask.jsonify({"error": f"Initiatief '{slug}' bestaat niet."}), 404
    return flask.jsonify(record)
