"""What the search keeps in memory per index segment: postings as arrays, field lengths, facet
values, sort columns, phrase answers and the term lists used for compounds and prefixes.

Why this exists: Whoosh's own matchers walk posting lists one document at a time in Python. On
10,000 initiatives a two-word query with scoring took hundreds of milliseconds that way. Here a
posting list is read from disk once (index.postings, which skips decoding the positions) into
arrays of document numbers and term frequencies; matching and scoring then combine those with
numpy and big-int bit operations.

Memory: every cache here is bounded in bytes (index.lru), or sized by the segment (one value per
document: field lengths, columns; one entry per (document, facet value) pair). A posting list
keeps its bitset only when the term is frequent enough for the bitset to be the smaller form.

A segment's files never change once written (deletions are kept apart, in the table of contents),
so everything here stays valid for as long as the segment exists. After a write only the new
small segment is read; the big one keeps its caches. All methods take the segment's current
reader, because whoosh may hand out a new reader object for the same segment after a commit.

Not thread-safe by itself: the SearchIndex serialises all use (whoosh readers are not safe for
concurrent use either: they seek in shared file objects).
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass
from typing import Optional

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from index import bitsets
from index import postings as postings_io
from index.lru import LRU, Memo
from index.phrases import intersect_sorted, phrase_docs
from index.schema import FACET_FIELDS

_LENGTH_OF_BYTE = np.asarray([byte_to_length(b) for b in range(256)], dtype=np.float32)
BM25_B = 0.75
POSTINGS_BUDGET_BYTES = 320 * 1024 * 1024
WARM_MIN_DF = 256
POSITIONS_BUDGET_BYTES = 32 * 1024 * 1024
PHRASES_BUDGET_BYTES = 16 * 1024 * 1024
DERIVED_BUDGET_BYTES = 4 * 1024 * 1024


class Postings:
    """One term in one field of one segment: its documents (ascending, int32) and term
    frequencies (float32), and the documents as a bitset (index.bitsets) on demand.

    The bitset is kept only for frequent terms: for a term in fewer than 1/32 of the documents
    it would be larger than the arrays themselves (12 KB at 100,000 documents, however rare the
    term), and it is quick to make again from the arrays.
    """

    __slots__ = ("ids", "tfs", "dense", "_bits", "cost")

    def __init__(self, ids: np.ndarray, tfs: np.ndarray, doccount: int):
        self.ids = ids
        self.tfs = tfs
        self.dense = ids.size * 32 >= doccount
        self._bits: Optional[int] = None
        self.cost = 160 + ids.nbytes + tfs.nbytes + ((doccount >> 3) if self.dense else 0)

    @property
    def bits(self) -> int:
        bits = self._bits
        if bits is None:
            bits = bitsets.from_docnums(self.ids) if self.ids.size else 0
            if self.dense:
                self._bits = bits
        return bits


EMPTY = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32), 1)


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


def _numeric_column(colreader, doccount: int) -> np.ndarray:
    """All values of a whoosh NumericColumn at once (its per-document reader costs ~1 µs each)."""
    try:
        fixedlen, count, typecode = colreader._fixedlen, colreader._count, colreader._typecode
        raw = colreader._dbfile.get(colreader._basepos, fixedlen * count)
        values = np.frombuffer(raw, dtype=np.dtype(typecode).newbyteorder(">"))  # whoosh writes "!"
        out = np.full(doccount, colreader._default, dtype=np.dtype(typecode))
        n = min(count, doccount)
        out[:n] = values[:n]
        return out
    except AttributeError:  # a column layout we do not know: the slow, public way
        return np.asarray([colreader[i] for i in range(doccount)])


def read_postings(reader, field: str, text: str) -> Postings:
    """A term's postings in one segment (deleted documents included; callers mask them)."""
    ids, tfs = postings_io.read_postings(reader, field, text)
    if not ids.size:
        return EMPTY
    return Postings(ids.astype(np.int32), tfs, reader.doc_count_all())


class SegmentData:
    """Caches for one segment (identified by its whoosh segment id)."""

    def __init__(self, segment_id: str, doccount: int):
        self.segment_id = segment_id
        self.doccount = doccount
        self._postings = LRU(POSTINGS_BUDGET_BYTES)
        self._positions = LRU(POSITIONS_BUDGET_BYTES)
        self._phrases = LRU(PHRASES_BUDGET_BYTES)
        # small results derived from this segment alone (compound terms of a word), for index.expand
        self.derived = Memo(DERIVED_BUDGET_BYTES)
        self._norms: dict[str, tuple[float, np.ndarray]] = {}
        self._lexicons: dict[str, Lexicon] = {}
        self._facet_pairs: dict[str, tuple] = {}
        self._facet_by_doc: dict[str, tuple] = {}
        self._facet_value_starts: dict[str, np.ndarray] = {}
        self._columns: dict[str, np.ndarray] = {}

    # postings -------------------------------------------------------------------------------

    def postings(self, reader, field: str, text: str) -> Postings:
        key = (field, text)
        hit = self._postings.get(key)
        if hit is None:
            hit = read_postings(reader, field, text)
            self._postings.put(key, hit)
        return hit

    def has_postings(self, field: str, text: str) -> bool:
        return self._postings.get((field, text)) is not None

    def positions(self, reader, field: str, text: str, only: Optional[np.ndarray] = None
                  ) -> Optional[np.ndarray]:
        """Position keys of a term (see index.postings.read_positions). Whole lists are kept in
        their own bounded cache: only phrase words need them, and they are several times larger
        than the postings. With `only` (a small share of the term's documents) just those are
        read, and not kept."""
        key = (field, text)
        hit = self._positions.get(key)
        if hit is not None:
            return hit
        if only is not None and only.size * 4 < self.postings(reader, field, text).ids.size:
            return postings_io.read_positions(reader, field, text, only)
        hit = postings_io.read_positions(reader, field, text)
        if hit is not None:
            self._positions.put(key, hit)
        return hit

    def phrase(self, reader, field: str, words: tuple[str, ...], slop: int = 1) -> Optional[np.ndarray]:
        """Local documents containing the phrase (deleted ones included), or None when the field
        has no positions. Only documents having every word are looked at; the answer is kept
        per segment, so it outlives the snapshot (a write does not make it read again)."""
        key = (field, words, slop)
        hit = self._phrases.get(key)
        if hit is not None:
            return hit
        candidates = None
        for word in sorted(set(words), key=lambda w: self.postings(reader, field, w).ids.size):
            ids = self.postings(reader, field, word).ids
            candidates = ids if candidates is None else intersect_sorted(candidates, ids)
            if not candidates.size:
                break
        if candidates is None or not candidates.size:
            hit = np.zeros(0, dtype=np.int32)
        else:
            candidates = candidates.astype(np.int64)
            keys = []
            for word in words:
                k = self.positions(reader, field, word, only=candidates)
                if k is None:
                    return None
                keys.append(k)
            hit = phrase_docs(candidates, keys, slop).astype(np.int32)
        self._phrases.put(key, hit)
        return hit

    def warm(self, reader, min_df: int = WARM_MIN_DF, share: float = 0.75) -> None:
        """Term lists and field lengths of the searched fields, and the posting lists of their
        terms in at least `min_df` documents, most frequent first, until they would fill `share`
        of the postings cache (warming must not evict its own work). Reading a list costs about
        its length, so these are the reads a first search would wait for; rarer terms take a
        fraction of a millisecond when asked for."""
        from index.schema import SEARCH_FIELDS

        self.lexicon(reader, "words")
        wanted = []
        for field in SEARCH_FIELDS:
            self.length_norms(reader, field)
            lex = self.lexicon(reader, field)
            wanted += [(df, field, term) for term, df in zip(lex.terms, lex.dfs) if df >= min_df]
        wanted.sort(key=lambda t: -t[0])
        room = share * self._postings.budget - self._postings.used
        for df, field, term in wanted:
            cost = 160 + 8 * df + ((self.doccount >> 3) if df * 32 >= self.doccount else 0)
            if cost > room:
                continue
            room -= cost
            self.postings(reader, field, term)

    # field lengths for BM25 -----------------------------------------------------------------

    def length_norms(self, reader, field: str) -> tuple[float, np.ndarray]:
        """(average length, 1 / (1 - b + b * length / average)) per document, for BM25."""
        hit = self._norms.get(field)
        if hit is None:
            lengths = self._field_lengths(reader, field)
            filled = int(np.count_nonzero(lengths))
            avg = float(lengths.sum()) / max(1, filled) or 1.0
            inv = (1.0 / (1.0 - BM25_B + BM25_B * lengths / avg)).astype(np.float32)
            hit = self._norms[field] = (avg, inv)
        return hit

    def _field_lengths(self, reader, field: str) -> np.ndarray:
        perdoc = reader._perdoc
        lengths = np.zeros(self.doccount, dtype=np.float32)
        try:
            col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            if col is None:
                return lengths
            raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)[:self.doccount]
            lengths[:raw.size] = _LENGTH_OF_BYTE[raw]
            return lengths
        except AttributeError:  # pragma: no cover - other whoosh layouts
            return np.asarray([reader.doc_field_length(d, field, 0) for d in range(self.doccount)],
                              dtype=np.float32)

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

    def facet_pairs(self, reader, facet: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(values, local document of each (document, value) pair, value index of each pair),
        grouped by value. Read straight from the postings, without caching each value's list:
        a facet with thousands of values (organisations) would crowd the postings cache."""
        hit = self._facet_pairs.get(facet)
        if hit is None:
            field = FACET_FIELDS[facet]
            values = list(self.lexicon(reader, field).terms)  # sorted, as whoosh keeps terms
            docs = [postings_io.read_postings(reader, field, v)[0].astype(np.int32) for v in values]
            pair_doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
            pair_val = np.repeat(np.arange(len(values), dtype=np.int32), [d.size for d in docs])
            hit = self._facet_pairs[facet] = (values, pair_doc, pair_val)
        return hit

    def facet_by_doc(self, reader, facet: str) -> tuple[np.ndarray, np.ndarray]:
        """(start of each local document's pairs (doccount + 1 of them), value index of each
        pair), the pairs in document order."""
        hit = self._facet_by_doc.get(facet)
        if hit is None:
            _values, pair_doc, pair_val = self.facet_pairs(reader, facet)
            order = np.argsort(pair_doc, kind="stable")
            starts = np.searchsorted(pair_doc[order], np.arange(self.doccount + 1)).astype(np.int64)
            hit = self._facet_by_doc[facet] = (starts, pair_val[order])
        return hit

    def facet_docs(self, reader, facet: str, value: str) -> np.ndarray:
        """Local documents with `value` for `facet` (deleted ones included), ascending."""
        values, pair_doc, _pair_val = self.facet_pairs(reader, facet)
        starts = self._facet_value_starts.get(facet)
        if starts is None:
            starts = self._facet_value_starts[facet] = np.cumsum(
                [0] + [int(n) for n in np.bincount(_pair_val, minlength=len(values))])
        i = bisect.bisect_left(values, value)
        if i == len(values) or values[i] != value:
            return pair_doc[:0]
        return pair_doc[starts[i]:starts[i + 1]]

    # sort columns ---------------------------------------------------------------------------

    def column_array(self, reader, field: str) -> np.ndarray:
        """A numeric column of the segment as an array (one value per local document)."""
        hit = self._columns.get(field)
        if hit is None:
            colobj = reader.schema[field].column_type
            if not reader.has_column(field):
                hit = np.full(self.doccount, colobj._default)
            else:
                hit = _numeric_column(reader.column_reader(field, colobj, translate=False), self.doccount)
            self._columns[field] = hit
        return hit

    def column(self, reader, field: str) -> list:
        """The column as a list of Python ints (for index.sync's comparisons)."""
        return self.column_array(reader, field).tolist()
