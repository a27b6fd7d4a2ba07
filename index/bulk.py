"""Building a whole index segment in bulk: the same index whoosh's writer makes, many times faster.

Why: `SegmentWriter.add_document` analyses a document through generators, pushes every posting
through a sorting pool one tuple at a time, and at commit looks up the field length of every
posting in a column before packing it into a block. At 100,000 initiatives (30 million postings)
a rebuild took 25 minutes. Here

- text is tokenised with one `findall` per field value and mapped to term numbers through a dict
  of the raw word (DutchTokenizer's own rules and cache, so the terms are the same strings); a
  field keeps only arrays of term numbers (index.bulkwrite sorts and writes them);
- the per-document part goes into whoosh's own per-document writer: the stored fields document
  by document (whoosh compresses each), the numeric columns and the field-length columns whole at
  the end (their file is just the packed values), instead of some 30 calls per document;
- the postings are written by index.bulkwrite: whoosh's block format byte for byte, assembled with
  array arithmetic instead of posting by posting.

Two cores: with `workers=1` a second process converts the records (index.documents.to_document)
and analyses them, and at the end writes the postings of the largest field (`body`) while this
process writes the others; this process meanwhile reads the database (the records iterator),
does the per-document writes, and converts a batch itself whenever it had to wait for the other
process. A small build runs in one process (starting one costs about a second).

Only what this schema uses is done in bulk: text fields with a DutchTokenizer (Positions or
Frequency format) and exact-value facet fields (ExactValuesTokenizer, Existence format). Other
indexed fields (the `id` and `slug` IDs) go through the field's own `index()`. `supports(schema)`
says whether a schema can be built here. tests/test_index_bulk.py compares the result with
whoosh's writer, term by term, posting by posting and file by file.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from array import array
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional

import numpy as np
from whoosh import columns, formats
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.fields import UnknownFieldError
from whoosh.system import pack_ushort

from index import bulkwrite
from index.analysis import MIN_SIZE, WORD_RE, DutchTokenizer, ExactValuesTokenizer, _word

log = logging.getLogger(__name__)

# The field whose postings the second process writes (about half of all postings).
REMOTE_FIELDS = frozenset({"body"})
BATCH = 200          # records per message to the second process
IN_FLIGHT = 4        # batches under way at once
Convert = Callable[[dict], dict]


class _Terms(dict):
    """raw word -> term number (0: stopped, not indexed) for one DutchTokenizer configuration.

    The rules are DutchTokenizer.__call__'s, on the same cached `_word`, so a term here is the
    string the tokenizer would yield.
    """

    def __init__(self, tokenizer: DutchTokenizer):
        super().__init__()
        self.stemming = tokenizer.stemming
        self.stopwords = tokenizer.stopwords
        self.texts: list[str] = [""]  # term number -> term
        self.numbers: dict[str, int] = {}

    def __missing__(self, raw: str) -> int:
        folded, is_stop, stemmed = _word(raw)
        if len(folded) < MIN_SIZE or (self.stopwords and is_stop):
            number = 0
        else:
            text = stemmed if self.stemming else folded
            number = self.numbers.get(text)
            if number is None:
                number = self.numbers[text] = len(self.texts)
                self.texts.append(text)
        self[raw] = number
        return number


class _Values:
    """value -> term number for exact-value fields."""

    def __init__(self):
        self.texts: list[str] = [""]
        self.numbers: dict[str, int] = {}

    def number(self, text: str) -> int:
        n = self.numbers.get(text)
        if n is None:
            n = self.numbers[text] = len(self.texts)
            self.texts.append(text)
        return n


class _Field:
    """The postings of one field as arrays: term numbers document after document, the documents
    with tokens in this field and how many tokens each. `texts` turns term numbers into terms."""

    kind = "bulk"

    def __init__(self, name: str, fieldobj):
        self.name = name
        self.fieldobj = fieldobj
        self.tokens = array("i")
        self.docs = array("i")
        self.counts = array("i")
        self._lengths_sent = 0

    def has_postings(self) -> bool:
        return len(self.tokens) > 0

    def texts(self) -> list[str]:
        raise NotImplementedError

    def export(self) -> tuple[bytes, bytes, bytes]:
        """The arrays gathered since the last export (and forget them)."""
        out = (self.docs.tobytes(), self.counts.tobytes(), self.tokens.tobytes())
        self.tokens, self.docs, self.counts = array("i"), array("i"), array("i")
        return out

    def export_lengths(self) -> tuple[bytes, bytes, bytes]:
        """Only the documents and their lengths gathered since the last call (the postings stay)."""
        start, self._lengths_sent = self._lengths_sent, len(self.docs)
        return self.docs[start:].tobytes(), self.counts[start:].tobytes(), b""


class _TextField(_Field):
    """A DutchTokenizer field: Positions (phrase searches) or Frequency format."""

    def __init__(self, name, fieldobj, terms: _Terms):
        super().__init__(name, fieldobj)
        self.terms = terms
        self._lookup = terms.__getitem__

    def add(self, docnum: int, value: str) -> int:
        tokens = self.tokens
        before = len(tokens)
        tokens.extend(filter(None, map(self._lookup, WORD_RE.findall(value))))
        n = len(tokens) - before
        if n:
            self.docs.append(docnum)
            self.counts.append(n)
        return n  # the field length: one per token (every token has weight 1)

    def texts(self) -> list[str]:
        return self.terms.texts


class _ExactField(_Field):
    """An ExactValuesTokenizer field in Existence format: each distinct line once."""

    def __init__(self, name, fieldobj):
        super().__init__(name, fieldobj)
        self.values = _Values()

    def add(self, docnum: int, value: str) -> int:
        lines = set(value.split("\n"))
        lines.discard("")
        if lines:
            number = self.values.number
            self.tokens.extend(number(v) for v in lines)
            self.docs.append(docnum)
            self.counts.append(len(lines))
        return len(lines) if self.fieldobj.scorable else 0

    def texts(self) -> list[str]:
        return self.values.texts


class _Received(_Field):
    """A field analysed in the other process: its arrays arrive batch by batch, its terms at the end."""

    def __init__(self, name, fieldobj):
        super().__init__(name, fieldobj)
        self._texts: list[str] = []

    def receive(self, data: tuple[bytes, bytes, bytes]) -> None:
        docs, counts, tokens = data
        self.docs.frombytes(docs)
        self.counts.frombytes(counts)
        self.tokens.frombytes(tokens)

    def texts(self) -> list[str]:
        return self._texts


class _OtherField:
    """Any other indexed field: whoosh's own `index()`, postings kept as whoosh would add them."""

    kind = "other"

    def __init__(self, name, fieldobj):
        self.name = name
        self.fieldobj = fieldobj
        self.postings: dict[bytes, list[tuple[int, float, bytes]]] = {}
        self.lengths: dict[int, int] = {}  # docnum -> field length

    def add(self, docnum: int, value) -> int:
        length = 0
        scorable = self.fieldobj.scorable
        for tbytes, freq, weight, vbytes in self.fieldobj.index(value):
            if scorable:
                length += freq
            self.postings.setdefault(tbytes, []).append((docnum, weight * 1.0, vbytes))
        if length:
            self.lengths[docnum] = length
        return length

    def has_postings(self) -> bool:
        return bool(self.postings)

    def export(self):
        out = (self.postings, self.lengths)
        self.postings, self.lengths = {}, {}
        return out

    def receive(self, data) -> None:
        postings, lengths = data
        for tbytes, items in postings.items():
            self.postings.setdefault(tbytes, []).extend(items)
        self.lengths.update(lengths)


def _kind(fieldobj) -> Optional[str]:
    """How a field is built here: "text", "exact", "other", or None when it is not indexed."""
    if not fieldobj.indexed:
        return None
    fmt, analyzer = fieldobj.format, fieldobj.analyzer
    if getattr(fmt, "field_boost", None) != 1.0:
        return "other"
    if isinstance(analyzer, DutchTokenizer) and type(fmt) in (formats.Positions, formats.Frequency):
        return "text"
    if isinstance(analyzer, ExactValuesTokenizer) and type(fmt) is formats.Existence:
        return "exact"
    return "other"


def supports(schema) -> bool:
    """Whether this builder makes the same index as whoosh's writer for `schema`."""
    for name, fieldobj in schema.items():
        if fieldobj.vector or fieldobj.separate_spelling() or name.startswith("_"):
            return False
        if fieldobj.column_type is not None and type(fieldobj.column_type) is not columns.NumericColumn:
            return False
    return True


class Analysis:
    """Documents -> what the per-document writer needs, and the postings of every indexed field."""

    def __init__(self, schema):
        self.schema = schema
        terms: dict[tuple[bool, bool], _Terms] = {}
        self.fields: dict[str, Any] = {}
        self._plan: dict[str, tuple] = {}
        for name, fieldobj in schema.items():
            kind = _kind(fieldobj)
            acc = None
            if kind == "text":
                tok = fieldobj.analyzer
                acc = _TextField(name, fieldobj, terms.setdefault((tok.stemming, tok.stopwords), _Terms(tok)))
            elif kind == "exact":
                acc = _ExactField(name, fieldobj)
            elif kind == "other":
                acc = _OtherField(name, fieldobj)
            if acc is not None:
                self.fields[name] = acc
            self._plan[name] = (fieldobj, acc, fieldobj.stored, fieldobj.column_type)

    def add(self, docnum: int, doc: Mapping[str, Any]) -> tuple[list, list]:
        """Analyse one document; returns its stored fields and its column values, [(name, value)]
        each in field-name order (the field lengths stay with the postings)."""
        plan = self._plan
        names = sorted(doc)
        for name in names:  # checked before any of the document is taken in
            if name not in plan:  # also "_boost" and the like: whoosh's extras are not supported
                raise UnknownFieldError(f"No field named {name!r} in {self.schema}")
            acc, value = plan[name][1], doc[name]
            if acc is not None and value is not None and not isinstance(value, str) and acc.kind != "other":
                raise ValueError(f"{name}: {value!r} is geen tekst")
        stored_values, column_values = [], []
        for name in names:
            value = doc[name]
            if value is None:
                continue
            fieldobj, acc, stored, column = plan[name]
            if acc is not None:
                acc.add(docnum, value)
            if stored:
                stored_values.append((name, value))
            if column:
                column_values.append((name, fieldobj.to_column_value(value)))
        return stored_values, column_values


# the second process -------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _worker_init(convert: Convert) -> None:
    from index.schema import SCHEMA

    _worker["analysis"] = Analysis(SCHEMA)
    _worker["convert"] = convert


def _worker_batch(records: list[dict], base: int, converted: bool) -> tuple[list[list[tuple]], dict[str, Any]]:
    """Convert (unless `converted`: documents already) and analyse a batch of records numbered
    from `base`; returns the per-document entries and the postings gathered for the fields this
    process does not write itself."""
    analysis: Analysis = _worker["analysis"]
    convert = (lambda doc: doc) if converted else _worker["convert"]
    entries = [analysis.add(base + i, convert(record)) for i, record in enumerate(records)]
    exported = {name: acc.export() if name not in REMOTE_FIELDS else acc.export_lengths()
                for name, acc in analysis.fields.items()}
    return entries, exported


def _worker_texts() -> dict[str, list[str]]:
    """The terms of the fields whose postings went to the main process as term numbers."""
    analysis: Analysis = _worker["analysis"]
    return {name: acc.texts() for name, acc in analysis.fields.items()
            if name not in REMOTE_FIELDS and acc.kind == "bulk"}


def _worker_finish(path: str, count: int) -> dict[str, Any]:
    """Write the postings of REMOTE_FIELDS to `path` (see bulkwrite.write_fields)."""
    analysis: Analysis = _worker["analysis"]
    remote = [analysis.fields[name] for name in sorted(REMOTE_FIELDS) if name in analysis.fields]
    with open(path, "wb") as f:
        return bulkwrite.write_fields(f, [acc for acc in remote if acc.has_postings()], count)


def _noop() -> None:
    return None


def _start_worker(convert: Convert) -> ProcessPoolExecutor:
    """One fresh worker process ("spawn": nothing inherited from a possibly threaded server).

    The main module is hidden while it starts, so the worker does not import it again (a script
    without a __main__ guard would run twice); the worker only needs index.bulk.
    """
    main = sys.modules.get("__main__")
    saved = dict(main.__dict__) if main is not None else {}
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init, initargs=(convert,))
    try:
        if main is not None:
            main.__spec__ = None
            main.__dict__.pop("__file__", None)
        pool.submit(_noop).result()  # the process starts here
    except BaseException:
        _stop_worker(pool)
        raise
    finally:
        if main is not None:
            for key in ("__spec__", "__file__"):
                if key in saved:
                    main.__dict__[key] = saved[key]
                else:
                    main.__dict__.pop(key, None)
    return pool


def _stop_worker(pool: ProcessPoolExecutor) -> None:
    """Stop the worker, also in the middle of a task (after an error here)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)


# the builder --------------------------------------------------------------------------------

class BulkBuilder:
    """Build one segment of a new, empty index (index.store.create_empty) from records.

    `build(records)` converts each record with `convert` (index.documents.to_document), analyses
    it, and commits the segment through whoosh's SegmentWriter (its per-document writer, compound
    file and TOC); the postings and the term table are written by index.bulkwrite.
    """

    def __init__(self, ix, convert: Convert, workers: int = 0):
        self.ix = ix
        self.convert = convert
        self.workers = workers
        self.writer = ix.writer()
        try:
            codec = self.writer.codec
            if not supports(self.writer.schema) or getattr(codec, "_blocklimit", None) != bulkwrite.BLOCK or \
                    getattr(codec, "_inlinelimit", None) != 1 or getattr(codec, "_compression", None) != 3:
                raise ValueError("dit schema of deze codec kan niet in bulk worden opgebouwd")
            if workers:
                from index.schema import SCHEMA
                if self.writer.schema != SCHEMA:
                    raise ValueError("een tweede proces bouwt alleen het schema van index.schema")
        except BaseException:
            self.writer.cancel()
            raise
        self.count = 0
        self.timings: dict[str, float] = {}
        self._columns: dict[str, tuple[array, list]] = {}  # column -> (documents, values)

    def _take(self, entries: list[tuple[list, list]]) -> None:
        """The per-document writes of a batch, in document order: the stored fields now (whoosh
        compresses them per document), the column values at the end (see _write_columns)."""
        pdw = self.writer.perdocwriter
        columns_ = self._columns
        for stored_values, column_values in entries:
            docnum = self.count
            pdw.start_doc(docnum)
            pdw._storedfields.update(stored_values)
            for name, value in column_values:
                col = columns_.get(name)
                if col is None:
                    col = columns_[name] = (array("i"), [])
                col[0].append(docnum)
                col[1].append(value)
            pdw.finish_doc()
            self.count += 1

    def _write_columns(self, fields: list) -> None:
        """The columns and field lengths whoosh's per-document writer would have: each column
        written whole (NumericColumn's layout: its values up to the last one that is not the
        default), the field lengths from the postings' token counts."""
        pdw = self.writer.perdocwriter
        schema = self.writer.schema
        n = self.count
        for name, (docs, values) in sorted(self._columns.items()):
            column = schema[name].column_type
            full = np.full(n, column._default, dtype=np.dtype(column._typecode).newbyteorder(">"))
            full[np.frombuffer(docs, dtype=np.int32)] = values
            _write_numeric_column(pdw, name, column, full)
        self._columns = {}
        lengths = []
        for acc in fields:
            if not acc.fieldobj.scorable:
                continue
            if acc.kind == "other":
                docs = np.fromiter(acc.lengths.keys(), dtype=np.int64, count=len(acc.lengths))
                counts = np.fromiter(acc.lengths.values(), dtype=np.int64, count=len(acc.lengths))
                order = np.argsort(docs)
                docs, counts = docs[order], counts[order]
            else:
                docs = np.frombuffer(acc.docs, dtype=np.int32)
                counts = np.frombuffer(acc.counts, dtype=np.int32)
            if len(docs):
                lengths.append((int(docs[0]), acc.name, docs, counts))
        for _, name, docs, counts in sorted(lengths):  # the order whoosh first meets them in
            pdw._fieldlengths[name] += int(counts.sum(dtype=np.int64))
            full = np.zeros(n, dtype=np.uint8)
            full[docs] = bulkwrite.lengths_to_bytes(counts)
            _write_numeric_column(pdw, f"_{name}_len", LENGTHS_COLUMN, full)

    def build(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Index `records` (every one of them: filter beforehand) and commit; returns the count."""
        started = time.perf_counter()
        try:
            if self.workers:
                self._build_parallel(records)
            else:
                self._build_here(records)
            log.info("bulk: %d documenten in %.1f s (%s)", self.count, time.perf_counter() - started,
                     ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()))
        except BaseException:
            if not self.writer.is_closed:
                self.writer.cancel()
            raise
        return self.count

    def _build_here(self, records: Iterable[Mapping[str, Any]]) -> None:
        analysis = Analysis(self.writer.schema)
        convert = self.convert
        for record in records:
            self._take([analysis.add(self.count, convert(dict(record)))])
        fields = [acc for _, acc in sorted(analysis.fields.items())]
        self._write_columns(fields)
        self._commit(fields, None)

    def _build_parallel(self, records: Iterable[Mapping[str, Any]]) -> None:
        analysis = Analysis(self.writer.schema)  # only for its field plan: the other process analyses
        local: dict[str, Any] = {}
        for name, acc in analysis.fields.items():  # REMOTE_FIELDS: only their lengths come here
            local[name] = acc if acc.kind == "other" else _Received(name, acc.fieldobj)
        started = time.perf_counter()
        pool = _start_worker(self.convert)
        self.timings["start"] = time.perf_counter() - started
        waited = 0.0
        try:
            pending: deque = deque()
            submitted = 0
            blocked = 0.0

            def collect():
                nonlocal waited, blocked
                t = time.perf_counter()
                future = pending.popleft()
                future.result()
                blocked = time.perf_counter() - t
                waited += blocked
                entries, exported = future.result()
                self._take(entries)
                for name, data in exported.items():
                    local[name].receive(data)

            # The other process converts and analyses; when it falls behind (this process had to
            # wait for a batch) the next batch is converted here.
            convert = self.convert
            batch: list[dict] = []
            here = False
            for record in records:
                batch.append(convert(dict(record)) if here else dict(record))
                if len(batch) >= BATCH:
                    pending.append(pool.submit(_worker_batch, batch, submitted, here))
                    submitted += len(batch)
                    batch = []
                    blocked = 0.0
                    while len(pending) >= IN_FLIGHT:
                        collect()
                    here = blocked > 0.002
                    self.timings["converted here"] = self.timings.get("converted here", 0) + here
            if batch:
                pending.append(pool.submit(_worker_batch, batch, submitted, here))
                submitted += len(batch)
            while pending:
                collect()
            self.timings["documents"] = time.perf_counter() - started
            self.timings["waited"] = waited
            texts = pool.submit(_worker_texts)
            path = Path(self.ix.storage.folder) / f".bulk-{os.getpid()}-remote.pst"
            remote = pool.submit(_worker_finish, str(path), self.count)
            try:
                for name, words in texts.result().items():  # (not for REMOTE_FIELDS: written there)
                    local[name]._texts = words
                self._write_columns([acc for _, acc in sorted(local.items())])
                self._commit([acc for _, acc in sorted(local.items())], (remote, path))
            finally:
                path.unlink(missing_ok=True)
        finally:
            _stop_worker(pool)

    def _commit(self, fields: list, remote) -> None:
        """Write the postings (the other process's part from its file) and commit the segment."""
        writer = self.writer
        fw = writer.fieldwriter
        folder = Path(self.ix.storage.folder)
        local_path = folder / f".bulk-{os.getpid()}-local.pst"
        t0 = time.perf_counter()
        try:
            with open(local_path, "wb") as f:
                local = bulkwrite.write_fields(f, [acc for acc in fields if acc.has_postings()], self.count)
            sources = {name: local_path for name in local}
            t1 = time.perf_counter()
            self.timings["postings"] = t1 - t0
            if remote is not None:  # the other process's fields, once it has written them
                written_remote = remote[0].result()
                sources.update({name: remote[1] for name in written_remote})
                local.update(written_remote)
                self.timings["waited for postings"] = time.perf_counter() - t1
            _assemble(fw, local, sources)
        finally:
            local_path.unlink(missing_ok=True)
        t2 = time.perf_counter()
        writer.docnum = self.count
        writer._added = self.count > 0
        writer.commit(optimize=True)
        self.timings["commit"] = time.perf_counter() - t2


def _write_numeric_column(pdw, name: str, column, values) -> None:
    """A whole NumericColumn, as NumericColumn.Writer.add would have written it value by value."""
    if not pdw._has_column(name):
        pdw._create_column(name, column)
    writer = pdw._get_column(name)
    significant = np.flatnonzero(values != column._default)
    if len(significant):
        end = int(significant[-1]) + 1
        writer._dbfile.write(values[:end].tobytes())
        writer._count = end


def _assemble(fw, written: dict[str, Any], sources: dict[str, Path]) -> None:
    """Copy each field's postings into the segment's postings file, in field-name order (the
    order whoosh writes them in), and add its terms to the term table with their offsets."""
    postfile = fw._postfile
    fieldmap = fw._fieldmap
    tindex = fw._tindex
    handles: dict[Path, Any] = {}
    try:
        for name in sorted(written):
            start, end, terms = written[name]
            if not terms:
                continue
            src = handles.get(sources[name])
            if src is None:
                src = handles[sources[name]] = open(sources[name], "rb")
            base = postfile.tell() - start
            src.seek(start)
            left = end - start
            while left:
                chunk = src.read(min(left, 1 << 22))
                postfile.write(chunk)
                left -= len(chunk)
            fieldid = fieldmap[name] = len(fieldmap)
            prefix = pack_ushort(fieldid)
            add = tindex.add
            for tbytes, head, offset, length in terms:
                add(prefix + tbytes, head + bulkwrite.pack_extent(offset + base, length))
    finally:
        for f in handles.values():
            f.close()
