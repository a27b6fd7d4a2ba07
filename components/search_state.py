"""The state of a search, kept in the URL: parse it from query parameters and write it back.

One parser for the page and the API (api.params), lenient here: a stale bookmark with an unknown
region still opens, it just ignores what it no longer knows.
"""
from __future__ import annotations

from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from api.params import FACETS, SearchParams, parse
from kb import vocab

PER_PAGE = 10


def from_query(query: dict) -> SearchParams:
    pairs = []
    for key, value in query.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append((key, v))
    p = parse(MultiDict(pairs), vocab.load(), lenient=True)
    p.per_page = PER_PAGE
    return p


def from_controls(q: str | None, facet_values: dict[str, list[str]], sort: str | None, page: int | None) -> SearchParams:
    filters = {name: list(values) for name, values in facet_values.items() if values}
    q = (q or "")[:2000]
    sort = sort or ("relevance" if q.strip() else "newest")
    return SearchParams(q=q, filters=filters, sort=sort, page=max(1, int(page or 1)), per_page=PER_PAGE)


def query_string(p: SearchParams) -> str:
    qs = urlencode(p.as_query())
    return f"?{qs}" if qs else ""


FACET_NAMES = list(FACETS)
