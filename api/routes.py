"""Routes of the JSON API (DESIGN.md). Parameters are parsed in api.params; every error is JSON.

The list, the single record and the similar list use the same kb and index functions as the pages.
"""
from __future__ import annotations

import logging

import flask
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from api import exports, feeds, params
from index.searchindex import IndexDamaged
from kb import services, vocab

blueprint = flask.Blueprint("api", __name__, url_prefix="/api")
log = logging.getLogger(__name__)


def _engine():
    return flask.current_app.config["PRAKTIJKBANK_ENGINE"]


def _index():
    from index.runtime import get_index

    return get_index()


def error(message: str, status: int, parameter: str | None = None):
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return flask.jsonify(body), status


@blueprint.errorhandler(params.BadParameter)
def _bad_parameter(exc: params.BadParameter):
    return error(str(exc), 400, exc.name)


@blueprint.errorhandler(OperationalError)
def _database_down(exc):
    log.warning("database unavailable: %s", exc)
    return error("De kennisbank is tijdelijk niet beschikbaar; probeer het zo opnieuw.", 503)


@blueprint.errorhandler(IndexDamaged)
def _index_damaged(exc: IndexDamaged):
    log.warning("search index damaged, being rebuilt: %s", exc.reason)
    body, status = error(str(exc), 503)
    body.headers["Retry-After"] = "30"
    return body, status


@blueprint.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    return error(exc.description or exc.name, exc.code or 500)


@blueprint.errorhandler(Exception)
def _unexpected(exc):
    log.exception("unexpected error in the API")
    return error("Er ging iets mis aan onze kant; de fout is vastgelegd.", 500)


def _search_params():
    return params.parse(flask.request.args, vocab.load(_engine()))


def _facets_wanted() -> bool:
    raw = flask.request.args.get("facets", "1").strip().lower()
    if raw not in ("0", "1", "true", "false", ""):
        raise params.BadParameter("facets", "Parameter 'facets' moet 0 of 1 zijn.")
    return raw not in ("0", "false")


@blueprint.get("/initiatives")
def initiatives():
    p = _search_params()
    from index.query import QueryError

    try:
        result = _index().search(q=p.q, filters=p.filters, sort=p.sort, page=p.page, per_page=p.per_page,
                                 **({} if _facets_wanted() else {"facets": False}))
    except QueryError as exc:
        return error(str(exc), 400, "q")
    return flask.jsonify(result)


@blueprint.get("/initiatives.atom")
def initiatives_feed():
    p = _search_params()
    p.sort, p.page = "newest", 1
    from index.query import QueryError

    try:
        result = _index().search(q=p.q, filters=p.filters, sort="newest", page=1, per_page=min(p.per_page * 5, 50))
    except QueryError as exc:
        return error(str(exc), 400, "q")
    body = feeds.atom(result["results"], p, base_url=flask.request.host_url.rstrip("/"),
                      self_url=flask.request.url)
    return flask.Response(body, mimetype="application/atom+xml; charset=utf-8")


@blueprint.get("/initiatives.csv")
def initiatives_csv():
    p = _search_params()
    from kb.language import current_lang
    from index.query import QueryError

    rows: list[dict] = []
    page = 1
    try:
        while len(rows) < exports.MAX_ROWS:
            result = _index().search(q=p.q, filters=p.filters, sort=p.sort, page=page, per_page=100)
            rows.extend(result["results"])
            if page * 100 >= result["total"]:
                break
            page += 1
    except QueryError as exc:
        return error(str(exc), 400, "q")
    body = exports.to_csv(rows[: exports.MAX_ROWS], base_url=flask.request.host_url.rstrip("/"), lang=current_lang())
    return flask.Response(body, mimetype="text/csv; charset=utf-8",
                          headers={"Content-Disposition": 'attachment; filename="praktijkbank-zoekresultaten.csv"'})


@blueprint.get("/initiatives/<slug>")
def initiative(slug: str):
    record = services.get(slug, engine=_engine(), published_only=True)
    if record is None:
        return error(f"Initiatief '{slug}' bestaat niet.", 404)
    return flask.jsonify(record)


@blueprint.get("/initiatives/<slug>/similar")
def similar(slug: str):
    if services.get(slug, engine=_engine(), published_only=True) is None:
        return error(f"Initiatief '{slug}' bestaat niet.", 404)
    limit = params._int(flask.request.args, "per_page", 5, 1, params.MAX_PER_PAGE)
    results = _index().similar(slug, limit=limit)
    return flask.jsonify({"total": len(results), "page": 1, "results": results, "suggestion": None})


@blueprint.get("/health")
def health():
    n = services.count(status="published", engine=_engine())
    try:
        indexed = _index().count()
    except IndexDamaged:  # being rebuilt from the database: not ok until it is whole again
        indexed = None
    except Exception:  # the index rebuilds itself; health says what it holds now
        log.exception("index unavailable for health check")
        indexed = None
    status = "ok" if indexed == n else "degraded"
    return flask.jsonify({"status": status, "initiatives": n, "indexed": indexed})
