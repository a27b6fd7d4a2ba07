"""Relevance: a BM25F score per concept, summed over the concepts of the query.

Per concept (a word with its synonyms and compounds, or a phrase), the frequencies in each
field are weighted (schema.SEARCH_FIELDS) and length-normalised first, then saturated once:

    x(d)  = sum over sources s of  weight(s) * tf(s, d) / (1 - b + b * len(field, d) / avglen(field))
    score = idf(concept) * x * (k1 + 1) / (x + k1)

which is BM25F (Robertson & Zaragoza): a word in title and summary counts as one strong match,
not two, and the title's weight makes it rank above a word deep in the description. The idf uses
the concept's document frequency over all its sources. Phrases count as tf = 1 where they occur.

Scores are computed from the cached postings (index.segments) and memoised per snapshot, so a
page change or a facet click re-scores nothing.
"""
from __future__ import annotations

import math

import numpy as np

from index import bitsets
from index.querytree import Concept, source_bits
from index.snapshot import Snapshot

K1 = 1.2


def concept_scores(snapshot: Snapshot, concept: Concept) -> np.ndarray:
    """BM25F score of one concept for every document number (0 where it does not occur)."""

    def compute() -> np.ndarray:
        acc = np.zeros(snapshot.doc_count_all, dtype=np.float32)
        for source in concept.sources:
            if source.is_phrase:
                acc[bitsets.to_array(source_bits(snapshot, source))] += source.weight
                continue
            for postings, sub, offset, data in snapshot.postings(source.field, source.text):
                _avg, inv = data.length_norms(sub, source.field)
                ids = postings.ids
                # ids are unique within one term and segment, so a fancy-indexed += is exact
                acc[ids + offset if offset else ids] += source.weight * postings.tfs * inv[ids]
        if snapshot.live_count != snapshot.doc_count_all:  # leave out deleted documents
            acc[~snapshot.live_mask] = 0.0
        n, df = max(1, snapshot.live_count), int(np.count_nonzero(acc))
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return (idf * (K1 + 1.0)) * acc / (acc + K1)

    return snapshot.big.get(("scores", concept), compute)


def totals(snapshot: Snapshot, concepts: tuple[Concept, ...]) -> np.ndarray:
    """The query's score (the sum of its concepts') per document number, memoised per snapshot:
    the next page, another sort or a facet click reuses it."""
    def compute() -> np.ndarray:
        tables = [concept_scores(snapshot, c) for c in concepts] or [np.zeros(snapshot.doc_count_all, np.float32)]
        total = tables[0].copy() if len(tables) > 1 else tables[0]
        for table in tables[1:]:
            total += table
        return total

    return snapshot.big.get(("totals", concepts), compute)


def top_scored(snapshot: Snapshot, concepts: list[Concept], allowed: int, count: int,
               tiebreak) -> list[tuple[float, int]]:
    """The `count` best (score, docnum) among the documents in `allowed`, best first; equal
    scores put the higher document number (the later addition) first.

    Documents in `allowed` that no concept scores (found through NOT or a filter only) follow
    the scored ones, in the order of the sort columns `tiebreak()` (see Snapshot.top).
    """
    if count <= 0 or not allowed:
        return []
    n_allowed = allowed.bit_count()
    if not concepts:
        return [(0.0, d) for d in snapshot.top("tiebreak", tiebreak, allowed, count)]
    total = totals(snapshot, tuple(concepts))
    candidates = bitsets.to_array(allowed)
    candidates = candidates[total[candidates] > 0]
    if candidates.size > count:
        # argpartition picks an arbitrary subset among scores tied at the boundary; keep every
        # candidate that reaches the boundary score, so the final order (and paging) is stable.
        scores = total[candidates]
        kth = -np.partition(-scores, count - 1)[count - 1]
        candidates = candidates[scores >= kth]
    order = np.lexsort((-candidates, -total[candidates]))[:count]
    best = [(float(total[d]), int(d)) for d in candidates[order]]
    if len(best) < min(count, n_allowed):
        seen = {d for _, d in best}
        rest = [d for d in snapshot.top("tiebreak", tiebreak, allowed, count + len(seen)) if d not in seen]
        best += [(0.0, d) for d in rest[:count - len(best)]]
    return best
