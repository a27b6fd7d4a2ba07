"""The search behind /api/initiatives: query, facet filters, sorting, one page, highlights,
facet counts and a spelling suggestion, in the shape of DESIGN.md's JSON API.

    search(ix, q="ww twente", filters={"theme": ["re-integratie"]}, sort="relevance", page=1)

`ix` is an index.SearchIndex. Steps, all on one snapshot of the index:
1. parse the text into a query tree (cached per snapshot); no text lists everything, newest first;
2. match it as a bitset, narrow it by the facet filters, count;
3. count every facet over the query and the other facets' filters (index.facets);
4. take the page: by BM25F score, by newest, or by outcome (share placed in work);
5. read the page's stored cards and highlight them;
6. when nothing was found, suggest a spelling and, if that finds something, show its results.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional

from index import facets as facets_mod
from index import highlight, scoring, suggest
from index.query import QueryError, parse
from index.querytree import ParsedQuery, concepts, marks, matches
from index.schema import FACET_FIELDS
from index.snapshot import Snapshot

SORTS = ("relevance", "newest", "outcome")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
SUGGEST_BELOW = 3  # offer a spelling suggestion when fewer results than this


def newest_key(snapshot: Snapshot):
    """Sort columns (most significant first, larger first) of "newest": created, period, id."""
    return lambda: [snapshot.column("created"), snapshot.column("period"), snapshot.column("id_col")]


def outcome_key(snapshot: Snapshot):
    """Sort columns of "outcome": having one, the share placed, the number placed, then newest."""
    def keys():
        share = snapshot.column("share")
        return [share >= 0, share, snapshot.column("placed"), *newest_key(snapshot)()]
    return keys


def parsed_query(snapshot: Snapshot, q: str, synonyms) -> Optional[ParsedQuery]:
    return snapshot.memo.get(("parse", q), lambda: parse(q, snapshot, synonyms))


def _check(filters: Optional[Mapping[str, Iterable[str]]], sort: str, page: Any, per_page: Any
           ) -> tuple[dict[str, list[str]], int, int]:
    if sort not in SORTS:
        raise QueryError(f"Onbekende sortering '{str(sort)[:40]}': kies uit {', '.join(SORTS)}.")
    clean: dict[str, list[str]] = {}
    for name, values in (filters or {}).items():
        if name not in FACET_FIELDS:
            raise QueryError(f"Onbekend filter '{str(name)[:40]}': kies uit {', '.join(FACET_FIELDS)}.")
        if isinstance(values, str):
            values = [values]
        picked = list(dict.fromkeys(str(v) for v in (values or []) if v is not None and str(v) != ""))
        if picked:
            clean[name] = picked
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError):
        raise QueryError("Pagina en aantal per pagina moeten hele getallen zijn.") from None
    return clean, min(max(page, 1), MAX_PAGE), min(max(per_page, 1), MAX_PER_PAGE)


def _card(snapshot: Snapshot, docnum: int) -> dict[str, Any]:
    stored = snapshot.stored(docnum)
    card = json.loads(stored.get("card") or "{}")
    card["_hl_text"] = stored.get("hl_text") or ""
    return card


def _result(card: dict[str, Any], score: float, highlight_html: str) -> dict[str, Any]:
    card.pop("_hl_text", None)
    card["score"] = round(float(score), 4)
    card["highlight"] = highlight_html
    return card


def run(snapshot: Snapshot, synonyms, q: str = "", filters=None, sort: str = "relevance", page: int = 1,
        per_page: int = 10, facets: bool = True, _allow_correction: bool = True) -> dict[str, Any]:
    filters, page, per_page = _check(filters, sort, page, per_page)
    parsed = parsed_query(snapshot, q or "", synonyms)
    matched = snapshot.live if parsed is None else matches(parsed.tree, snapshot)
    bits_by_facet = facets_mod.filter_bits(snapshot, filters)
    result_bits = facets_mod.combine(snapshot, matched, bits_by_facet)
    total = result_bits.bit_count()

    suggestion = None
    if parsed is not None and total < SUGGEST_BELOW:
        suggestion = suggest.suggest(snapshot, parsed)
        if suggestion and total == 0 and _allow_correction:
            corrected = run(snapshot, synonyms, suggestion, filters, sort, page, per_page, facets,
                            _allow_correction=False)
            if corrected["total"]:
                corrected.update(suggestion=suggestion, corrected=True, query=parsed.text)
                return corrected

    wanted = page * per_page
    if parsed is None and sort == "relevance":
        sort = "newest"
    if sort == "relevance":
        ranked = scoring.top_scored(snapshot, list(concepts(parsed.tree)), result_bits, wanted,
                                    newest_key(snapshot))
    else:
        key = newest_key(snapshot) if sort == "newest" else outcome_key(snapshot)
        ranked = [(0.0, d) for d in snapshot.top(sort, key, result_bits, wanted)]
        if parsed is not None:
            total_scores = scoring.totals(snapshot, tuple(concepts(parsed.tree)))
            ranked = [(float(total_scores[d]), d) for _, d in ranked]
    shown = ranked[(page - 1) * per_page: wanted]

    mark_set = marks(parsed.tree) if parsed is not None else frozenset()
    results = []
    for score, docnum in shown:
        card = _card(snapshot, docnum)
        html = highlight.best(card.get("summary") or "", [card["_hl_text"], card.get("title") or ""], mark_set)
        results.append(_result(card, score, html))

    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "results": results,
        "facets": facets_mod.all_counts(snapshot, matched, filters, bits_by_facet) if facets else {},
        "suggestion": suggestion,
        "corrected": False,
        "query": parsed.text if parsed is not None else "",
    }


def search(ix, q: str = "", filters: Optional[Mapping[str, Iterable[str]]] = None, sort: str = "relevance",
           page: int = 1, per_page: int = 10, facets: bool = True) -> dict[str, Any]:
    """Search `ix` (an index.SearchIndex); raises QueryError only for a bad sort, filter or page.
    `facets=False` leaves the counts out ("facets": {}) for callers that do not show them."""
    with ix.snapshot() as snapshot:
        return run(snapshot, ix.synonyms, q, filters, sort, page, per_page, facets)
