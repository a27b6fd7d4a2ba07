"""One generation of the index as the search sees it: a whoosh searcher plus derived data.

Document numbers here are whoosh's global ones (segment offset + local number). The snapshot
composes per-segment caches (index.segments) into index-wide bitsets and arrays and remembers the
results that depend on this generation only: term and facet bitsets, sort orders, concept
scores, and parsed queries, each in a cache bounded by bytes (index.lru). A new snapshot is made
after every commit; it reuses the unchanged segments' caches, so only a freshly written segment
costs reading.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

import numpy as np

from index import bitsets
from index.lru import Memo
from index.segments import Postings, SegmentData

MB = 1024 * 1024
TERMS_BUDGET = 24 * MB
QUERIES_BUDGET = 8 * MB
MEMO_BUDGET = 24 * MB
BIG_BUDGET = 48 * MB

SortKeys = Callable[[], list]  # the columns to sort by, most significant first (larger first)


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
        self._terms = Memo(TERMS_BUDGET)
        self._queries = Memo(QUERIES_BUDGET)
        # for other modules: `memo` for small results (parsed queries, expansions, facet counts),
        # `big` for per-document tables (scores), which can hold a value per document each
        self.memo = Memo(MEMO_BUDGET)
        self.big = Memo(BIG_BUDGET)
        self._facet_values: dict[str, tuple] = {}
        self._facet_by_doc: dict[str, tuple] = {}
        self._columns: dict[str, np.ndarray] = {}

    def warm(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        """Read what every search needs (facet pairs, sort columns, term lists, field lengths),
        the posting lists of each segment's frequent searched terms (SegmentData.warm), and match `phrases`
        (the multi-word synonyms: any query with one of their words needs them) in every
        searched field. Phrase answers are kept per segment, so a later snapshot still has them."""
        from index.querytree import PHRASE_SLOP
        from index.schema import FACET_FIELDS, SEARCH_FIELDS

        for facet in FACET_FIELDS:
            self.facet_by_doc(facet)
        for column in ("created", "period", "id_col", "share", "placed"):
            self.column(column)
        self.live_mask
        for data, sub, _offset in self.leaves:
            data.warm(sub)
            for words in phrases:
                for field in SEARCH_FIELDS:
                    data.phrase(sub, field, tuple(words), PHRASE_SLOP)

    @property
    def live_mask(self) -> np.ndarray:
        """Live documents as a boolean numpy array indexed by document number."""
        return self.memo.get(("live-mask",), lambda: bitsets.to_mask(self.live, self.doc_count_all))

    # terms ----------------------------------------------------------------------------------

    def term_bits(self, field: str, text: str) -> int:
        """Live documents containing `text` in `field`."""
        def compute() -> int:
            bits = 0
            sparse = []
            for data, sub, offset in self.leaves:
                p = data.postings(sub, field, text)
                if not p.ids.size:
                    continue
                if p.dense:
                    bits |= p.bits << offset
                else:
                    sparse.append(p.ids + offset if offset else p.ids)
            if sparse:
                bits |= bitsets.from_docnums(sparse[0] if len(sparse) == 1 else np.concatenate(sparse))
            return bits & self.live
        return self._terms.get((field, text), compute)

    def postings(self, field: str, text: str) -> Iterator[tuple[Postings, Any, int, SegmentData]]:
        """Per segment: (postings, segment reader, offset, segment data)."""
        for data, sub, offset in self.leaves:
            p = data.postings(sub, field, text)
            if p.ids.size:
                yield p, sub, offset, data

    def phrase_bits(self, field: str, words: tuple[str, ...], slop: int = 1) -> int:
        """Live documents with the phrase `words` in `field`, each word within `slop` positions
        after the one before (whoosh's Phrase(field, words, slop)), matched over positions
        (index.phrases) instead of whoosh's per-document span matcher."""
        def compute() -> int:
            found = []
            for data, sub, offset in self.leaves:
                docs = data.phrase(sub, field, tuple(words), slop)
                if docs is None:  # a field without positions: whoosh decides (it refuses)
                    from whoosh import query as wq
                    return self.query_bits(wq.Phrase(field, list(words), slop=slop))
                if docs.size:
                    found.append(docs + offset if offset else docs)
            if not found:
                return 0
            return bitsets.from_docnums(found[0] if len(found) == 1 else np.concatenate(found)) & self.live
        return self._queries.get(("phrase", field, tuple(words), slop), compute)

    def query_bits(self, q) -> int:
        """Live documents matching a whoosh query (what the arrays here cannot answer)."""
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

    def facet_values(self, facet: str) -> tuple[list[str], list[np.ndarray]]:
        """(all values of `facet`, sorted; per segment, the global index of each of its values)."""
        hit = self._facet_values.get(facet)
        if hit is None:
            seg_values = [data.facet_pairs(sub, facet)[0] for data, sub, _offset in self.leaves]
            if len(seg_values) == 1:
                values = seg_values[0]
                maps = [np.arange(len(values), dtype=np.int32)]
            else:
                values = sorted({v for vals in seg_values for v in vals})
                index = {v: i for i, v in enumerate(values)}
                maps = [np.asarray([index[v] for v in vals], dtype=np.int32) for vals in seg_values]
            hit = self._facet_values[facet] = (values, maps)
        return hit

    def facet_by_doc(self, facet: str) -> tuple[np.ndarray, np.ndarray]:
        """(start of each document's pairs, value index of each pair), pairs ordered by document:
        the values of a set of documents are then slices, not a pass over every pair. Put together
        from the segments' own tables without sorting, so a new snapshot after a write costs
        little."""
        hit = self._facet_by_doc.get(facet)
        if hit is None:
            _values, maps = self.facet_values(facet)
            starts, vals, base = [], [], 0
            for (data, sub, _offset), mapping in zip(self.leaves, maps):
                seg_starts, seg_vals = data.facet_by_doc(sub, facet)
                starts.append(seg_starts[:-1] + base)
                vals.append(mapping[seg_vals] if mapping.size else seg_vals)
                base += int(seg_starts[-1])
            starts.append(np.asarray([base], dtype=np.int64))
            hit = (np.concatenate(starts).astype(np.int64),
                   np.concatenate(vals) if vals else np.zeros(0, dtype=np.int32))
            self._facet_by_doc[facet] = hit
        return hit

    def facet_pairs(self, facet: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(values, document of each (document, value) pair, value index of each pair), the pairs
        in document order; deleted documents included."""
        def compute():
            starts, vals = self.facet_by_doc(facet)
            return np.repeat(np.arange(self.doc_count_all, dtype=np.int32), np.diff(starts)), vals
        pair_doc, pair_val = self.big.get(("facet-pairs", facet), compute)
        return self.facet_values(facet)[0], pair_doc, pair_val

    def facet_docs(self, facet: str, value: str) -> np.ndarray:
        """Documents (deleted ones included) with `value` for `facet`, ascending."""
        found = []
        for data, sub, offset in self.leaves:
            docs = data.facet_docs(sub, facet, value)
            if docs.size:
                found.append(docs + offset if offset else docs)
        if not found:
            return np.zeros(0, dtype=np.int32)
        return found[0] if len(found) == 1 else np.concatenate(found)

    def facet_bits(self, facet: str, value: str) -> int:
        """Live documents with `value` for `facet`."""
        def compute() -> int:
            docs = self.facet_docs(facet, value)
            return bitsets.from_docnums(docs) & self.live if docs.size else 0
        return self.memo.get(("facet-bits", facet, value), compute)

    def value_counts(self, facet: str, docs: np.ndarray) -> np.ndarray:
        """For every value of `facet`: how many of `docs` (distinct) have it. Gathers just those
        documents' pairs (facet_by_doc): cheaper than a pass over every pair even for half of
        all documents (measured at 100,000)."""
        values = self.facet_values(facet)[0]
        starts, vals = self.facet_by_doc(facet)
        first = starts[docs]
        lengths = starts[docs + 1] - first
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(values), dtype=np.int64)
        # the pair positions of every document, one range after another
        shift = np.repeat(first - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return np.bincount(vals[np.arange(total) + shift], minlength=len(values))

    def doc_value_indexes(self, facet: str, docnum: int) -> np.ndarray:
        """The value indexes (into facet_values' values) of one document."""
        starts, vals = self.facet_by_doc(facet)
        return np.sort(vals[starts[docnum]:starts[docnum + 1]])

    # columns and stored fields --------------------------------------------------------------

    def column(self, field: str) -> np.ndarray:
        """A numeric column for every global document number."""
        hit = self._columns.get(field)
        if hit is None:
            parts = [data.column_array(sub, field) for data, sub, _offset in self.leaves]
            hit = parts[0] if len(parts) == 1 else (np.concatenate(parts) if parts else np.zeros(0))
            self._columns[field] = hit
        return hit

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)

    def order(self, name: str, keys: SortKeys) -> np.ndarray:
        """Live document numbers sorted by `keys` (descending), computed once per generation."""
        def compute() -> np.ndarray:
            docs = bitsets.to_array(self.live)
            return docs[_descending(keys(), docs)]
        return self.memo.get(("order", name), compute)

    def top(self, name: str, keys: SortKeys, allowed: int, count: int) -> list[int]:
        """The first `count` documents of `allowed` in the order `name` (see `order`)."""
        if count <= 0 or not allowed:
            return []
        n_allowed = allowed.bit_count()
        if n_allowed * 8 < self.live_count:  # few documents: sort just those
            docs = bitsets.to_array(allowed)
            return docs[_descending(keys(), docs)[:count]].tolist()
        order = self.order(name, keys)
        mask = bitsets.to_mask(allowed, self.doc_count_all)
        return order[mask[order]][:count].tolist()


def _descending(columns: list, docs: np.ndarray) -> np.ndarray:
    """Positions in `docs` ordering them by the columns, largest first (the first column most
    significant); documents equal in every column keep their order."""
    if not docs.size:
        return np.zeros(0, dtype=np.int64)
    if not columns:
        return np.arange(docs.size)
    # lexsort is ascending and stable, with its last key most significant; negating a key would
    # overflow unsigned columns, so sort the reversed list and turn the result around instead,
    # then put runs of equal keys back into ascending document order.
    picked = [np.asarray(c)[docs] for c in columns]
    ascending = np.lexsort(picked[::-1])
    order = ascending[::-1]
    if docs.size > 1:
        same = np.ones(docs.size - 1, dtype=bool)
        for col in picked:
            v = col[order]
            same &= v[1:] == v[:-1]
        if same.any():  # restore ascending position within each run of ties
            run_start = np.concatenate(([0], np.flatnonzero(~same) + 1))
            run_id = np.repeat(np.arange(run_start.size), np.diff(np.concatenate((run_start, [docs.size]))))
            order = order[np.lexsort((order, run_id))]
    return order
