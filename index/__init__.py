"""Praktijkbank's search index (Whoosh on disk, derived from the database; no Dash imports).

Public API:
    SearchIndex(index_dir)            the process-wide index: .search/.similar/.duplicates/.count
                                      .index_one/.remove/.apply/.rebuild/.warm/.states
    search(ix, q, filters, sort, page, per_page) -> dict in the shape of DESIGN.md's JSON API
    similar(ix, slug, limit) / duplicates(ix, title, summary, limit)
    rebuild(index_dir, records, total, progress)  fresh build, swapped in atomically
    QueryError                        a rejected sort/filter/page; str() is a Dutch message

Modules, one job each: analysis (Dutch tokens and stems), data (word lists in data/), text
(markdown to plain text), schema (fields and weights), documents (record -> fields), store
(directories, corruption, atomic swap), segments and snapshot (cached postings and bitsets),
bitsets, synonyms, expand (compounds, prefixes, near spellings), query (parsing and rewriting),
querytree (matching), scoring (BM25F), facets, highlight, suggest, search, similar, sync,
searchindex, kbsync (wiring to kb), cli (`python -m kb reindex`). The corpus generator and
benchmarks live in bench/ (`make bench`).
"""
from __future__ import annotations

from typing import Any, Optional

from index.query import QueryError
from index.search import search
from index.searchindex import IndexDamaged, SearchIndex
from index.sync import SyncReport, rebuild


def similar(ix: SearchIndex, slug: str, limit: int = 5) -> Optional[list[dict[str, Any]]]:
    """Initiatives like the one with `slug`, best first, each with a score 0..1 (None: unknown slug)."""
    return ix.similar(slug, limit)


def duplicates(ix: SearchIndex, title: str, summary: str = "", limit: int = 5, **kwargs) -> list[dict[str, Any]]:
    """Existing initiatives closest to a new title and summary, each with a score 0..1."""
    return ix.duplicates(title, summary, limit, **kwargs)


__all__ = ["IndexDamaged", "QueryError", "SearchIndex", "SyncReport", "duplicates", "rebuild", "search", "similar"]
