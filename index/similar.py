"""Initiatives that resemble one another.

- `similar`: for an initiative's page ("Vergelijkbare initiatieven"): shared target groups and
  themes (Jaccard overlap), a little for a shared region, and shared distinctive words of title and
  summary (BM25 of the initiative's own most distinctive stems, relative to its score on itself).
- `duplicates`: for the submission form ("Lijkt op: … 82%"): how close a new title and summary are
  to existing ones, as a number 0..1 from tf-idf cosine over title+summary stems and the overlap
  of the title words. Candidates are first fetched by BM25, then measured precisely.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any, Optional

import numpy as np

from index import bitsets, scoring
from index.analysis import stems
from index.querytree import Concept, Source
from index.schema import SEARCH_FIELDS
from index.snapshot import Snapshot

QUERY_TERMS = 12
CANDIDATES = 50
WEIGHTS = {"text": 0.45, "target_group": 0.3, "theme": 0.2, "region": 0.05}


def _card(snapshot: Snapshot, docnum: int) -> dict[str, Any]:
    return json.loads(snapshot.stored(docnum).get("card") or "{}")


def _df(snapshot: Snapshot, stem: str) -> int:
    return (snapshot.term_bits("title", stem) | snapshot.term_bits("summary", stem)
            | snapshot.term_bits("body", stem)).bit_count()


def _idf(snapshot: Snapshot, stem: str) -> float:
    n = max(1, snapshot.live_count)
    return math.log(1.0 + n / (1.0 + _df(snapshot, stem)))


def _distinctive(snapshot: Snapshot, words: list[str], limit: int = QUERY_TERMS) -> list[str]:
    unique = [w for w in dict.fromkeys(words) if len(w) > 2 and not w.isdigit()]
    unique = [w for w in unique if _df(snapshot, w)]
    return sorted(unique, key=lambda w: (-_idf(snapshot, w), w))[:limit]


def _text_scores(snapshot: Snapshot, words: list[str]) -> np.ndarray:
    """Summed BM25F of `words` per document number."""
    total = np.zeros(snapshot.doc_count_all, dtype=np.float32)
    for word in words:
        concept = Concept(tuple(Source(f, word, w) for f, w in SEARCH_FIELDS.items()))
        total += scoring.concept_scores(snapshot, concept)
    return total


def _jaccards(snapshot: Snapshot, facet: str, docnum: int) -> np.ndarray:
    """Per document number: |shared values| / |values of either| with `docnum`, for one facet
    (0 when either has none), from the facet's (document, value) pairs in one pass."""
    values, pair_doc, pair_val = snapshot.facet_pairs(facet)
    n = snapshot.doc_count_all
    mine = snapshot.doc_value_indexes(facet, docnum)
    if not mine.size or not pair_doc.size:
        return np.zeros(n, dtype=np.float64)
    sizes = snapshot.big.get(("value-sizes", facet), lambda: np.bincount(pair_doc, minlength=n))
    chosen = np.zeros(len(values), dtype=bool)
    chosen[mine] = True
    shared = np.bincount(pair_doc[chosen[pair_val]], minlength=n)
    union = mine.size + sizes - shared
    out = np.zeros(n, dtype=np.float64)
    has = (sizes > 0) & (union > 0)
    out[has] = shared[has] / union[has]
    return out


def _doc_by_slug(snapshot: Snapshot, slug: str) -> Optional[int]:
    docs = bitsets.docnums(snapshot.term_bits("slug", slug))
    return docs[0] if docs else None


def _public(card: dict[str, Any], score: float) -> dict[str, Any]:
    card = dict(card)
    card["score"] = round(max(0.0, min(1.0, score)), 4)
    return card


def similar(snapshot: Snapshot, slug: str, limit: int = 5) -> Optional[list[dict[str, Any]]]:
    """The `limit` initiatives most like the one with `slug` (None when it is not indexed)."""
    docnum = _doc_by_slug(snapshot, slug)
    if docnum is None:
        return None
    card = _card(snapshot, docnum)
    words = _distinctive(snapshot, stems(f"{card.get('title', '')} {card.get('summary', '')}"))
    text = _text_scores(snapshot, words)
    self_score = float(text[docnum]) or float(text.max(initial=0.0)) or 1.0
    candidates = text > 0
    for facet in ("target_group", "theme"):
        values = snapshot.facet_values(facet)[0]
        for i in snapshot.doc_value_indexes(facet, docnum).tolist():
            candidates[snapshot.facet_docs(facet, values[i])] = True
    candidates[docnum] = False
    candidates &= snapshot.live_mask
    docs = np.flatnonzero(candidates)
    scores = WEIGHTS["text"] * np.minimum(1.0, text[docs].astype(np.float64) / self_score)
    for facet in ("target_group", "theme", "region"):
        scores = scores + WEIGHTS[facet] * _jaccards(snapshot, facet, docnum)[docs]
    order = np.lexsort((docs, -scores))[:limit]
    scored = [(float(scores[i]), int(docs[i])) for i in order]
    return [_public(_card(snapshot, d), s) for s, d in scored[:limit] if s > 0]


def _tfidf(snapshot: Snapshot, words: list[str]) -> dict[str, float]:
    counts = Counter(words)
    vec = {w: (1 + math.log(n)) * _idf(snapshot, w) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _dice(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def closeness(snapshot: Snapshot, title: str, summary: str, other: dict[str, Any]) -> float:
    """0..1: how much `title` + `summary` read like an existing initiative's (`other` card)."""
    mine_title, theirs_title = stems(title or ""), stems(other.get("title") or "")
    mine = _tfidf(snapshot, mine_title + stems(summary or ""))
    theirs = _tfidf(snapshot, theirs_title + stems(other.get("summary") or ""))
    dice = _dice(mine_title, theirs_title)
    score = 0.3 * dice + 0.7 * _cosine(mine, theirs)
    if len(set(mine_title)) >= 3 and dice == 1.0:
        score = max(score, 0.9)
    return max(0.0, min(1.0, score))


def duplicates(snapshot: Snapshot, title: str, summary: str = "", limit: int = 5,
               exclude_slug: Optional[str] = None, min_score: float = 0.0) -> list[dict[str, Any]]:
    """Existing initiatives closest to a new `title` and `summary`, each with a score 0..1."""
    words = stems(f"{title or ''} {summary or ''}")
    if not words:
        return []
    query_words = _distinctive(snapshot, words, limit=QUERY_TERMS * 2)
    text = _text_scores(snapshot, query_words)
    hits = np.flatnonzero(text > 0)
    candidates = hits[np.argsort(-text[hits], kind="stable")][:CANDIDATES].tolist()
    out = []
    for d in candidates:
        card = _card(snapshot, d)
        if exclude_slug and card.get("slug") == exclude_slug:
            continue
        score = closeness(snapshot, title, summary, card)
        if score > min_score:
            out.append(_public(card, score))
    out.sort(key=lambda c: (-c["score"], c.get("slug") or ""))
    return out[:limit]
