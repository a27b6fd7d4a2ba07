"""What the search keeps in memory per index segment: postings as bitsets and arrays, field
lengths, facet values, sort columns and the term lists used for compounds and prefixes.

Why this exists: Whoosh's own matchers walk posting lists one document at a time in Python. On
10,000 initiatives a two-word query with scoring took hundreds of milliseconds that way. Here a
posting list is read from disk once, block by block, into a bitset (for matching and facets) and
arrays of document numbers and term frequencies (for scoring); every later query combines those
with C-speed integer operations.

A segment's files never change once written (deletions are kept apart, in the table of contents),
so everything here stays valid for as long as the segment exists. After a write only the new
small segment is read; the big one keeps its caches. All methods take the segment's current
reader, because whoosh may hand out a new reader object for the same segment after a commit.

Not thread-safe by itself: the SearchIndex serialises all use (whoosh readers are not safe for
concurrent use either: they seek in shared file objects).
"""
from __future__ import annotations

import bisect
import sys
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from index import bitsets
from index.schema import FACET_FIELDS

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
BM25_B = 0.75
POSTINGS_BUDGET_BYTES = 96 * 1024 * 1024


@dataclass(frozen=True)
class Postings:
    """One term in one field of one segment: documents as a bitset and as arrays."""

    bits: int
    ids: np.ndarray  # segment-local document numbers, ascending (int64)
    tfs: np.ndarray  # term frequency per document, same order (float32)

    @property
    def cost(self) -> int:
        return 64 + self.ids.size * 12 + (self.bits.bit_length() >> 3)


EMPTY = Postings(0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


@dataclass
class Lexicon:
    """The terms of one field, sorted, with their document frequencies, for substring and prefix
    search: `blob` is all terms joined by newlines, so `str.find` scans them in C."""

    terms: list[str]
    dfs: array
    blob: str
    starts: array  # offset of each term in blob

    def term_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def with_prefix(self, prefix: str) -> range:
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\uffff")
        return range(lo, hi)


class _LRU:
    def __init__(self, budget: int):
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[Any, Postings] = OrderedDict()

    def get(self, key):
        item = self.items.get(key)
        if item is not None:
            self.items.move_to_end(key)
        return item

    def put(self, key, value: Postings) -> None:
        self.items[key] = value
        self.used += value.cost
        while self.used > self.budget and len(self.items) > 1:
            _, old = self.items.popitem(last=False)
            self.used -= old.cost


def _read_numeric_column(colreader, doccount: int) -> list:
    """All values of a whoosh NumericColumn at once (its per-document reader costs ~1 µs each)."""
    try:
        fixedlen, count, typecode = colreader._fixedlen, colreader._count, colreader._typecode
        raw = colreader._dbfile.get(colreader._basepos, fixedlen * count)
        values = array(typecode, raw)
        if sys.byteorder == "little" and fixedlen > 1:
            values.byteswap()  # whoosh writes big-endian ("!")
        out = values.tolist()
        if count < doccount:
            out.extend([colreader._default] * (doccount - count))
        return out[:doccount]
    except AttributeError:  # a column layout we do not know: the slow, public way
        return [colreader[i] for i in range(doccount)]


def read_postings(reader, field: str, text: str) -> Postings:
    """A term's postings in one segment (deleted documents included; callers mask them)."""
    fieldobj = reader.schema[field]
    try:
        tbytes = fieldobj.to_bytes(text)
        matcher = reader._terms.matcher(field, tbytes, fieldobj.format)
    except (TermNotFound, KeyError):
        return EMPTY
    ids: list[int] = []
    tfs: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        # Decode whole blocks: a pickled (id deltas, weights, values) tuple per 128 postings.
        while not matcher._atend:
            if matcher._data is None:
                matcher._read_data()
            deltas, weights = matcher._data[0], matcher._data[1]
            n = len(deltas)
            ids.extend(accumulate(deltas))
            if weights is None:
                tfs.extend([1.0] * n)
            elif isinstance(weights, float):
                tfs.extend([weights] * n)
            else:
                tfs.extend(weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            matcher.next()
    if not ids:
        return EMPTY
    id_array = np.asarray(ids, dtype=np.int64)
    return Postings(bitsets.from_docnums(id_array), id_array, np.asarray(tfs, dtype=np.float32))


class SegmentData:
    """Caches for one segment (identified by its whoosh segment id)."""

    def __init__(self, segment_id: str, doccount: int):
        self.segment_id = segment_id
        self.doccount = doccount
        self._postings = _LRU(POSTINGS_BUDGET_BYTES)
        self._norms: dict[str, tuple[float, np.ndarray]] = {}
        self._lexicons: dict[str, Lexicon] = {}
        self._facets: dict[str, dict[str, int]] = {}
        self._facet_pairs: dict[str, tuple] = {}
        self._doc_values: dict[str, list[tuple[str, ...]]] = {}
        self._columns: dict[str, list] = {}

    # postings -------------------------------------------------------------------------------

    def postings(self, reader, field: str, text: str) -> Postings:
        key = (field, text)
        hit = self._postings.get(key)
        if hit is None:
            hit = read_postings(reader, field, text)
            self._postings.put(key, hit)
        return hit

    # field lengths for BM25 -----------------------------------------------------------------

    def length_norms(self, reader, field: str) -> tuple[float, np.ndarray]:
        """(average length, 1 / (1 - b + b * length / average)) per document, for BM25."""
        hit = self._norms.get(field)
        if hit is None:
            lengths = np.asarray(self._field_lengths(reader, field), dtype=np.float32)
            filled = int(np.count_nonzero(lengths))
            avg = float(lengths.sum()) / max(1, filled) or 1.0
            inv = (1.0 / (1.0 - BM25_B + BM25_B * lengths / avg)).astype(np.float32)
            hit = self._norms[field] = (avg, inv)
        return hit

    def _field_lengths(self, reader, field: str) -> list[int]:
        perdoc = reader._perdoc
        try:
            col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if col is None:
                return [0] * self.doccount
            raw = col._dbfile.get(col._basepos, col._count)
            lengths = [_LENGTH_OF_BYTE[b] for b in raw]
            lengths.extend([0] * (self.doccount - len(lengths)))
            return lengths
        except AttributeError:  # pragma: no cover - other whoosh layouts
            return [reader.doc_field_length(d, field, 0) for d in range(self.doccount)]

    # term lists -----------------------------------------------------------------------------

    def lexicon(self, reader, field: str) -> Lexicon:
        hit = self._lexicons.get(field)
        if hit is None:
            terms: list[str] = []
            dfs = array("I")
            fieldobj = reader.schema[field]
            for tbytes, info in reader.iter_field(field):
                terms.append(fieldobj.from_bytes(tbytes))
                dfs.append(info.doc_frequency())
            blob = "\n".join(terms)
            starts = array("I", [0] * len(terms))
            pos = 0
            for i, term in enumerate(terms):
                starts[i] = pos
                pos += len(term) + 1
            hit = self._lexicons[field] = Lexicon(terms, dfs, blob, starts)
        return hit

    # facets ---------------------------------------------------------------------------------

    def facet_values(self, reader, facet: str) -> dict[str, int]:
        """value -> bitset of the segment's documents with that value (deleted ones included)."""
        hit = self._facets.get(facet)
        if hit is None:
            field = FACET_FIELDS[facet]
            hit = {}
            for value in self.lexicon(reader, field).terms:
                hit[value] = self.postings(reader, field, value).bits
            self._facets[facet] = hit
        return hit

    def facet_pairs(self, reader, facet: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(values, local document of each (document, value) pair, value index of each pair)."""
        hit = self._facet_pairs.get(facet)
        if hit is None:
            table = self.facet_values(reader, facet)
            values = sorted(table)
            docs = [bitsets.to_array(table[v]) for v in values]
            pair_doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
            pair_val = np.repeat(np.arange(len(values), dtype=np.int32), [d.size for d in docs])
            hit = self._facet_pairs[facet] = (values, pair_doc, pair_val)
        return hit

    def doc_values(self, reader, facet: str) -> list[tuple[str, ...]]:
        """Per document, its values of a facet (for counting a few documents' values quickly)."""
        hit = self._doc_values.get(facet)
        if hit is None:
            per_doc: list[list[str]] = [[] for _ in range(self.doccount)]
            for value, bits in self.facet_values(reader, facet).items():
                for d in bitsets.docnums(bits):
                    if d < self.doccount:
                        per_doc[d].append(value)
            hit = self._doc_values[facet] = [tuple(v) for v in per_doc]
        return hit

    # sort columns ---------------------------------------------------------------------------

    def column(self, reader, field: str) -> list:
        hit = self._columns.get(field)
        if hit is None:
            colobj = reader.schema[field].column_type
            if not reader.has_column(field):
                hit = [colobj._default] * self.doccount
            else:
                hit = _read_numeric_column(reader.column_reader(field, colobj, translate=False), self.doccount)
            self._columns[field] = hit
        return hit

