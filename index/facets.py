"""Facet filters and counts, the disjunctive way.

Within one facet the chosen values are alternatives (OR: Twente or Drenthe); across facets they
all apply (AND: Twente, and for young people). Each facet's counts are taken over the documents
that match the query and the filters of the *other* facets, so a user sees how many results each
extra region would add instead of zeros for every region but the one chosen.

Filtering uses the bitsets of index.snapshot (one OR per chosen value, one AND per facet).
Counting is one numpy bincount per facet over the (document, value) pairs of the documents
left (Snapshot.value_counts), so a facet with thousands of values (organisations) costs no more
than one with six. A facet reports at most its `FACET_LIMITS` largest values, plus the chosen
ones.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

from index import bitsets
from index.schema import FACET_FIELDS
from index.snapshot import Snapshot

FACET_LIMITS = {"organisation": 50}


def filter_bits(snapshot: Snapshot, filters: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """facet -> documents having any of the chosen values (only facets with a choice)."""
    out = {}
    for facet, values in filters.items():
        values = [v for v in values if v]
        if not values:
            continue
        out[facet] = bitsets.union(snapshot.facet_bits(facet, v) for v in values)
    return out


def combine(snapshot: Snapshot, matched: int, bits_by_facet: Mapping[str, int], skip: str | None = None) -> int:
    """`matched` narrowed by every facet filter except `skip`'s."""
    bits = matched
    for facet, bits_f in bits_by_facet.items():
        if facet != skip:
            bits &= bits_f
    return bits


def count(snapshot: Snapshot, facet: str, base: int, chosen: Iterable[str] = (),
          docs: np.ndarray | None = None) -> dict[str, int]:
    """value -> number of documents in `base` with that value, largest first (at most
    FACET_LIMITS[facet]; chosen values are always included, with 0 when none are left).
    `docs` is `base` as an array, when the caller has it."""
    values = snapshot.facet_values(facet)[0]
    counts: dict[str, int] = {}
    if base and values:
        if docs is None:
            docs = bitsets.to_array(base)
        tally = snapshot.value_counts(facet, docs)
        present = np.flatnonzero(tally)
        limit = FACET_LIMITS.get(facet)
        if limit is not None and present.size > limit:
            present = present[np.argpartition(-tally[present], limit - 1)[:limit]]
        counts = {values[i]: int(tally[i]) for i in present.tolist()}
    out = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    for value in chosen:
        if value and value not in out:
            out[value] = 0
    return out


def all_counts(snapshot: Snapshot, matched: int, filters: Mapping[str, list[str]],
               bits_by_facet: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Counts for every facet, each over the query and the other facets' filters (memoised per
    snapshot: paging through results or re-sorting them counts nothing again)."""
    def compute():
        out = {}
        arrays: dict[int, np.ndarray] = {}  # most facets count over the same base: convert it once
        for facet in FACET_FIELDS:
            base = combine(snapshot, matched, bits_by_facet, skip=facet)
            if base and base not in arrays:
                arrays[base] = bitsets.to_array(base)
            out[facet] = count(snapshot, facet, base, filters.get(facet, ()), arrays.get(base))
        return out

    key = ("facet-counts", matched, tuple(sorted((f, tuple(v)) for f, v in filters.items())))
    return {facet: dict(counts) for facet, counts in snapshot.big.get(key, compute).items()}
