"""Phrase matching over position keys, vectorised: what whoosh's `Phrase(slop=...)` finds.

Whoosh checks a phrase document by document in Python (SpanNear2): a quoted phrase over 100,000
initiatives took seconds. Here each word's positions in a segment are one sorted int64 array of
keys (local document << POS_SHIFT | position, see index.postings), and a phrase is a few binary
searches of whole arrays: the keys of the chain so far, shifted by 1..slop, looked up among the
next word's keys.

Semantics (whoosh SpanNear2 with ordered=True, mindist=1): a match is a chain of positions
p1 < p2 < ... with 1 <= p(k+1) - p(k) <= slop. Whoosh's span grows only at its end, so the chain
depends on the last position only, which is what is carried from word to word.
"""
from __future__ import annotations

import numpy as np

from index.postings import POS_SHIFT


def unique_sorted(a: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array (np.unique sorts again, and its first call imports
    numpy.ma: 70 ms on a first query)."""
    if a.size < 2:
        return a
    keep = np.empty(a.size, dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def intersect_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two sorted arrays of distinct values: a binary search of the
    smaller in the larger."""
    if a.size > b.size:
        a, b = b, a
    if not a.size:
        return a
    i = np.minimum(np.searchsorted(b, a), b.size - 1)
    return a[b[i] == a]


def _keep_docs(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The position keys whose document is in `docs` (sorted)."""
    if not keys.size or not docs.size:
        return keys[:0]
    of = keys >> POS_SHIFT
    i = np.minimum(np.searchsorted(docs, of), docs.size - 1)
    return keys[docs[i] == of]


def phrase_docs(candidates: np.ndarray, keys: list[np.ndarray], slop: int = 1) -> np.ndarray:
    """The documents of `candidates` (sorted) where the words, given by their position keys in
    phrase order, follow each other within `slop` positions."""
    cur = _keep_docs(keys[0], candidates)
    for nxt in keys[1:]:
        if not cur.size or not nxt.size:
            return np.zeros(0, dtype=np.int64)
        found = []
        for delta in range(1, slop + 1):
            target = cur + delta
            i = np.minimum(np.searchsorted(nxt, target), nxt.size - 1)
            found.append(target[nxt[i] == target])
        if not found:
            return np.zeros(0, dtype=np.int64)
        cur = found[0] if len(found) == 1 else unique_sorted(np.sort(np.concatenate(found)))
    return unique_sorted(cur >> POS_SHIFT)
