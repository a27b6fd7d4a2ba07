"""One generation of the index as the search sees it: a whoosh searcher plus derived data.

Document numbers here are whoosh's global ones (segment offset + local number). The snapshot
composes per-segment caches (index.segments) into index-wide bitsets and remembers the results
that depend on this generation only: term and facet bitsets, sort orders, concept scores, and
parsed queries. A new snapshot is made after every commit; it reuses the unchanged segments'
caches, so only a freshly written segment costs reading.
"""
from __future__ import annotations

import heapq
from collections import OrderedDict
from typing import Any, Callable, Iterator

from index import bitsets
from index.segments import Postings, SegmentData


class _Memo:
    """A small LRU of computed values."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()

    def get(self, key, compute: Callable[[], Any]):
        try:
            value = self.items[key]
            self.items.move_to_end(key)
            return value
        except KeyError:
            value = compute()
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)
            return value


class Snapshot:
    def __init__(self, searcher, registry: dict[str, SegmentData], generation: int):
        self.searcher = searcher
        self.generation = generation
        reader = searcher.reader()
        self.leaves: list[tuple[SegmentData, Any, int]] = []
        live = 0
        if reader.doc_count_all():
            for sub, offset in reader.leaf_readers():
                segid = sub.segment().segment_id()
                n = sub.doc_count_all()
                data = registry.get(segid)
                if data is None or data.doccount != n:
                    data = registry[segid] = SegmentData(segid, n)
                self.leaves.append((data, sub, offset))
                seg_live = (1 << n) - 1
                if sub.has_deletions():
                    seg_live &= ~bitsets.from_docnums(sub.deleted_docs_set)
                live |= seg_live << offset
        self.live = live
        self.live_count = live.bit_count()
        self.doc_count_all = reader.doc_count_all()
        self._terms = _Memo(4096)
        self._queries = _Memo(512)
        # for other modules: `memo` for small results (parsed queries, expansions, facet counts),
        # `big` for per-document tables (scores), which can hold a value per document each
        self.memo = _Memo(8192)
        self.big = _Memo(128)
        self._facets: dict[str, dict[str, int]] = {}
        self._columns: dict[str, list] = {}
        self._doc_values: dict[str, list] = {}

    @property
    def live_mask(self):
        """Live documents as a boolean numpy array indexed by document number."""
        mask = self.memo.get(("live-mask",), lambda: bitsets.to_mask(self.live, self.doc_count_all))
        return mask

    # terms ----------------------------------------------------------------------------------

    def term_bits(self, field: str, text: str) -> int:
        """Live documents containing `text` in `field`."""
        def compute() -> int:
            bits = 0
            for data, sub, offset in self.leaves:
                bits |= data.postings(sub, field, text).bits << offset
            return bits & self.live
        return self._terms.get((field, text), compute)

    def postings(self, field: str, text: str) -> Iterator[tuple[Postings, Any, int, SegmentData]]:
        """Per segment: (postings, segment reader, offset, segment data)."""
        for data, sub, offset in self.leaves:
            p = data.postings(sub, field, text)
            if p.ids.size:
                yield p, sub, offset, data

    def query_bits(self, q) -> int:
        """Live documents matching a whoosh query (phrases, fuzzy terms: what bitsets can't do)."""
        def compute() -> int:
            return bitsets.from_docnums(self.searcher.docs_for_query(q)) & self.live
        return self._queries.get(repr(q), compute)

    def doc_frequency(self, field: str, text: str) -> int:
        return self.term_bits(field, text).bit_count()

    # term lists -----------------------------------------------------------------------------

    def lexicons(self, field: str):
        for data, sub, _offset in self.leaves:
            yield data.lexicon(sub, field)

    # facets ---------------------------------------------------------------------------------

    def facet(self, facet: str) -> dict[str, int]:
        """value -> live documents with that value, for one facet."""
        hit = self._facets.get(facet)
        if hit is None:
            hit = {}
            for data, sub, offset in self.leaves:
                for value, bits in data.facet_values(sub, facet).items():
                    hit[value] = hit.get(value, 0) | (bits << offset)
            live = self.live
            hit = {v: b & live for v, b in hit.items() if b & live}
            self._facets[facet] = hit
        return hit

    def facet_bits(self, facet: str, value: str) -> int:
        """Live documents with `value` for `facet` (without building the whole facet table)."""
        def compute() -> int:
            bits = 0
            for data, sub, offset in self.leaves:
                bits |= data.facet_values(sub, facet).get(value, 0) << offset
            return bits & self.live
        return self.memo.get(("facet-bits", facet, value), compute)

    def facet_pairs(self, facet: str):
        """(values, document of each (document, value) pair, value index of each pair), put
        together from the segments' pairs: counting a facet is then one numpy bincount."""
        def compute():
            import numpy as np

            parts = [(data.facet_pairs(sub, facet), offset) for data, sub, offset in self.leaves]
            values = sorted({v for (vals, _d, _v), _o in parts for v in vals})
            index = {v: i for i, v in enumerate(values)}
            docs, vals = [], []
            for (seg_values, pair_doc, pair_val), offset in parts:
                mapping = np.asarray([index[v] for v in seg_values], dtype=np.int32)
                docs.append(pair_doc + offset)
                vals.append(mapping[pair_val] if len(seg_values) else pair_val)
            if not docs:
                return values, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
            return values, np.concatenate(docs), np.concatenate(vals)
        return self.memo.get(("facet-pairs", facet), compute)

    def doc_values(self, facet: str) -> list[tuple[str, ...]]:
        """Per global document number, its values of a facet."""
        hit = self._doc_values.get(facet)
        if hit is None:
            hit = []
            for data, sub, offset in self.leaves:
                hit.extend(data.doc_values(sub, facet))
            self._doc_values[facet] = hit
        return hit

    # columns and stored fields --------------------------------------------------------------

    def column(self, field: str) -> list:
        """A numeric column for every global document number."""
        hit = self._columns.get(field)
        if hit is None:
            hit = []
            for data, sub, _offset in self.leaves:
                hit.extend(data.column(sub, field))
            self._columns[field] = hit
        return hit

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)

    def order(self, name: str, key: Callable[[int], Any]) -> list[int]:
        """Live document numbers sorted by `key` (descending), computed once per generation."""
        return self.memo.get(("order", name), lambda: sorted(bitsets.docnums(self.live), key=key, reverse=True))

    def top(self, name: str, key: Callable[[int], Any], allowed: int, count: int) -> list[int]:
        """The first `count` documents of `allowed` in the order `name` (see `order`)."""
        if count <= 0 or not allowed:
            return []
        n_allowed = allowed.bit_count()
        if n_allowed * 8 < self.live_count:  # few documents: sort just those
            return heapq.nlargest(count, bitsets.docnums(allowed), key=key)
        raw = bitsets.as_bytes(allowed)
        out = []
        for d in self.order(name, key):
            if bitsets.contains(raw, d):
                out.append(d)
                if len(out) == count:
                    break
        return out
