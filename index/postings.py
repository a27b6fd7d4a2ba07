"""Reading one term's posting list of one segment straight from whoosh's postings file.

Why not whoosh's own matcher: `W3LeafMatcher` reads each block's header through a Python file
object (pickle.load on a sub-file makes a dozen small reads per block), which at 100,000
documents cost more than decoding the postings themselves. Here the whole posting list is read
with one `get` and the blocks are split in memory; a block is the whoosh3 layout:

    int32 length (negative for the last block) | pickled info tuple | (zlib'd) pickled data

where info = (count, last id, max weight, compression, min length, max length) and data =
(id deltas from 0, weights: None | one float | one per posting, values: one per posting).

Positions (for phrases) are whoosh `Positions` values: a 4-byte count and a protocol-2 pickle
of the position deltas. They are decoded in bulk: the pickles' bodies are spliced into a single
pickle of a list of lists, so `pickle.loads` runs once in C instead of once per posting.

Any other layout (another codec, inlined postings) goes through whoosh's public matcher.
"""
from __future__ import annotations

import io
import pickle
import re
import struct
import zlib
from itertools import accumulate, chain, compress
from typing import Any, Iterator, NamedTuple, Optional

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound

POS_SHIFT = 32  # a position key is (local document << 32) | position
_BLOCK_LENGTH = struct.Struct("!i")
_EMPTY_IDS = np.zeros(0, dtype=np.int64)


class _Unknown(Exception):
    """A posting layout this module does not read: use whoosh's matcher."""


# The start of a block's data pickle, up to its weights: PROTO 2, the id deltas as a tuple of
# ints (MARK items TUPLE, or TUPLE1..3, or EMPTY_TUPLE) and its BINPUT, then the weights: None, one
# float, or a tuple of floats. Each item is an opcode and a fixed-size argument, so the pattern
# parses them exactly (an argument byte is never taken for an opcode).
_HEAD = re.compile(
    rb"\x80\x02(?:\(((?:K.|M..|J....)*)t|((?:K.|M..|J....){1,3})[\x85\x86\x87]|\))(?:q.|r....)"
    rb"(N|\((?:G.{8})*t|(?:G.{8}){1,3}[\x85\x86\x87]|G.{8}|\))", re.S)
_FLOAT_ITEMS = np.dtype([("op", "u1"), ("value", ">f8")])
_INT_WIDTH = {b"K": 1, b"M": 2, b"J": 4}  # BININT1, BININT2 (unsigned), BININT (signed), little-endian


class _Packed(NamedTuple):
    """A block in the usual layout, still as bytes: converted with its neighbours in one go
    (`_unpack`), since a few numpy calls per 128-posting block would cost more than the data."""

    count: int
    first: int  # the block's first document number
    deltas: bytes  # the other ids' deltas as BININT1 items: opcode, value, opcode, value, ...
    weights: Optional[bytes]  # BINFLOAT items (opcode, 8-byte big-endian double); None: all 1.0


def _unpack(blocks: list[_Packed]) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights as float32) of consecutive packed blocks."""
    counts = np.fromiter((b.count for b in blocks), dtype=np.int64, count=len(blocks))
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    deltas = np.empty(total, dtype=np.int64)
    rest = np.ones(total, dtype=bool)
    rest[starts] = False
    deltas[starts] = np.fromiter((b.first for b in blocks), dtype=np.int64, count=len(blocks))
    deltas[rest] = np.frombuffer(b"".join([b.deltas for b in blocks]), dtype=np.uint8)[1::2]
    running = np.cumsum(deltas)  # each block's ids run from its own first id
    ids = running - np.repeat(running[starts] - deltas[starts], counts)
    if all(b.weights is not None for b in blocks):
        weights = np.frombuffer(b"".join([b.weights for b in blocks]), dtype=_FLOAT_ITEMS)["value"]
        return ids, weights.astype(np.float32)
    weights = np.ones(total, dtype=np.float32)
    for b, start in zip(blocks, starts.tolist()):
        if b.weights is not None:
            weights[start:start + b.count] = np.frombuffer(b.weights, dtype=_FLOAT_ITEMS)["value"]
    return ids, weights


def _head(data: bytes, count: int) -> Optional[Any]:
    """(ids, weights) from the start of a block's data pickle, without unpickling its values
    (the positions, most of the bytes and most of the time): a _Packed block in the usual layout,
    else a tuple of arrays; None when it is laid out otherwise."""
    # The usual block first, by slicing alone: MARK, the first id (any size: it is absolute), the
    # other deltas all below 256 (BININT1), TUPLE, BINPUT < 256, then None or a tuple of floats.
    first_op = data[3:4]
    width = _INT_WIDTH.get(first_op)
    if count > 3 and width and data[2:3] == b"(":
        rest = 3 + 1 + width
        ids_end = rest + 2 * (count - 1)
        if data[rest:ids_end:2] == b"K" * (count - 1) and data[ids_end:ids_end + 2] == b"tq":
            first = int.from_bytes(data[4:rest], "little", signed=width == 4)
            w = ids_end + 3
            if data[w:w + 1] == b"N":
                return _Packed(count, first, data[rest:ids_end], None)
            w_end = w + 1 + 9 * count
            if data[w:w + 1] == b"(" and data[w + 1:w_end:9] == b"G" * count and data[w_end:w_end + 1] == b"t":
                return _Packed(count, first, data[rest:ids_end], data[w + 1:w_end])
    m = _HEAD.match(data)
    if m is None:
        return None
    items = m.group(1) if m.group(1) is not None else (m.group(2) or b"")
    if len(items) == 2 * count:  # every delta below 256 (BININT1): the usual case
        deltas = np.frombuffer(items, dtype=np.uint8)[1::2].astype(np.int64)
    else:
        deltas = np.asarray(pickle.loads(b"\x80\x02(" + items + b"t."), dtype=np.int64)
    if deltas.size != count:
        return None
    w = m.group(3)
    if w == b"N":
        weights = None
    elif len(w) == 9:  # one float for every posting
        weights = float(np.frombuffer(w, dtype=_FLOAT_ITEMS)["value"][0])
    elif w[:1] == b"G":  # TUPLE1..3 of floats
        weights = np.frombuffer(w[:-1], dtype=_FLOAT_ITEMS)["value"]
    elif w == b")":
        weights = np.zeros(0)
    else:  # "(" floats "t"
        weights = np.frombuffer(w[1:-1], dtype=_FLOAT_ITEMS)["value"]
    if not isinstance(weights, (float, type(None))) and weights.size != count:
        return None
    return np.cumsum(deltas), weights


def _raw_blocks(reader, field: str, tbytes: bytes, only: Optional[np.ndarray], values: bool = True
                ) -> Iterator[tuple]:
    """(absolute ids, weights, values) per block, as stored; blocks holding none of `only`
    (sorted document numbers) are skipped without being decompressed or unpickled. Without
    `values`, only the start of each block is decompressed and parsed (values are then None)."""
    try:
        terms = reader._terms
        terminfo = terms.term_info(field, tbytes)
        postfile = terms._postfile
    except AttributeError as exc:
        raise _Unknown from exc
    if terminfo.is_inlined():
        ids, weights, vals = terminfo.inlined_postings()
        yield list(ids), tuple(weights), vals
        return
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # whoosh 2.7 decodes the stored length as a 1-tuple
        length = length[0]
    raw = postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise _Unknown("no whoosh3 posting list")
    stream = io.BytesIO(raw)
    pos, prev_max = 4, -1
    while pos < len(raw):
        length = _BLOCK_LENGTH.unpack_from(raw, pos)[0]
        last, length = length < 0, abs(length)
        stream.seek(pos + 4)
        count, max_id, _maxweight, compression, _minlen, _maxlen = pickle.load(stream)
        end = pos + 4 + length
        if only is None or np.searchsorted(only, prev_max, "right") != np.searchsorted(only, max_id, "right"):
            data = raw[stream.tell():end]
            head = None
            if not values:
                prefix = zlib.decompressobj().decompress(data, 24 + 11 * count) if compression else data
                head = _head(prefix, count)
            if isinstance(head, _Packed):
                yield head, None, None
            elif head is not None:
                yield head[0], head[1], None
            else:
                deltas, weights, vals = pickle.loads(zlib.decompress(data) if compression else data)
                yield list(accumulate(deltas)), weights, vals
        prev_max = max_id
        if last:
            break
        pos = end


def _weights(weights, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n, dtype=np.float32)
    if isinstance(weights, (int, float)):
        return np.full(n, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)


def read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(ascending local document numbers as int64, term frequency of each as float32) of a term
    in one segment, deleted documents included (callers mask them)."""
    fieldobj = reader.schema[field]
    try:
        tbytes = fieldobj.to_bytes(text)
    except (ValueError, KeyError):
        return _EMPTY_IDS, np.zeros(0, dtype=np.float32)
    ids: list = []
    tfs: list = []
    packed: list[_Packed] = []
    try:
        for block_ids, weights, _values in _raw_blocks(reader, field, tbytes, None, values=False):
            if isinstance(block_ids, _Packed):
                packed.append(block_ids)
                continue
            if packed:
                a, w = _unpack(packed)
                ids.append(a)
                tfs.append(w)
                packed = []
            ids.append(np.asarray(block_ids, dtype=np.int64))
            tfs.append(_weights(weights, len(block_ids)))
        if packed:
            a, w = _unpack(packed)
            ids.append(a)
            tfs.append(w)
    except TermNotFound:
        pass
    except _Unknown:
        ids, tfs = [], []
        try:
            matcher = reader._terms.matcher(field, tbytes, fieldobj.format)
        except (TermNotFound, KeyError):
            matcher = None
        while matcher is not None and matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            matcher.next()
        return np.asarray(ids, dtype=np.int64), np.asarray(tfs, dtype=np.float32)
    if not ids:
        return _EMPTY_IDS, np.zeros(0, dtype=np.float32)
    if len(ids) == 1:
        return ids[0], tfs[0]
    return np.concatenate(ids), np.concatenate(tfs)


def decode_positions(values: list, fmt) -> tuple[np.ndarray, np.ndarray]:
    """(number of positions per posting, all positions one posting after another) of whoosh
    `Positions` values; values in another layout go through the format's own decoder."""
    n = len(values)
    lists = None
    if n and b"".join([v[4:6] for v in values]) == b"\x80\x02" * n \
            and b"".join([v[-1:] for v in values]) == b"." * n:
        try:
            lists = pickle.loads(b"\x80\x02(" + b"".join([v[6:-1] for v in values]) + b"l.")
        except Exception:  # not the layout we know after all
            lists = None
        if not isinstance(lists, list) or len(lists) != n:
            lists = None
    if lists is None:
        decoded = [fmt.decode_positions(v) for v in values]
        counts = np.fromiter(map(len, decoded), dtype=np.int64, count=n)
        flat = np.fromiter(chain.from_iterable(decoded), dtype=np.int64, count=int(counts.sum()))
        return counts, flat
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=n)
    deltas = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    # positions = running sum of the deltas, restarted at each posting
    running = np.cumsum(deltas)
    starts = np.cumsum(counts) - counts
    before = np.concatenate(([0], running))[starts]
    return counts, running - np.repeat(before, counts)


def read_positions(reader, field: str, text: str, only: Optional[np.ndarray] = None) -> Optional[np.ndarray]:
    """A term's positions in one segment as sorted keys (local document << POS_SHIFT | position),
    or None when the field stores no positions (whoosh's phrase query refuses those too).

    `only` (sorted local document numbers) limits the work to those documents: blocks without any
    of them are skipped unread, and only their postings' positions are decoded.
    """
    fieldobj = reader.schema[field]
    fmt = fieldobj.format
    if fmt is None or not fmt.supports("positions"):
        return None
    if only is not None and not only.size:
        return _EMPTY_IDS
    try:
        tbytes = fieldobj.to_bytes(text)
    except (ValueError, KeyError):
        return _EMPTY_IDS
    ids: list[int] = []
    values: list[bytes] = []
    try:
        for block_ids, _weights, block_values in _raw_blocks(reader, field, tbytes, only):
            if block_values is None or isinstance(block_values, bytes):
                return None  # fixed-size values: not positions
            ids.extend(block_ids)
            values.extend(block_values)
    except TermNotFound:
        return _EMPTY_IDS
    except _Unknown:
        return _positions_by_matcher(reader, field, tbytes, fmt, only)
    id_array = np.asarray(ids, dtype=np.int64)
    if only is not None and id_array.size:
        at = np.minimum(np.searchsorted(only, id_array), only.size - 1)
        keep = only[at] == id_array
        if not keep.all():
            id_array = id_array[keep]
            values = list(compress(values, keep.tolist()))
    if not id_array.size:
        return _EMPTY_IDS
    counts, positions = decode_positions(values, fmt)
    return (np.repeat(id_array, counts) << POS_SHIFT) | positions


def _positions_by_matcher(reader, field, tbytes, fmt, only) -> np.ndarray:
    try:
        matcher = reader._terms.matcher(field, tbytes, fmt)
    except (TermNotFound, KeyError):
        return _EMPTY_IDS
    wanted = None if only is None else set(only.tolist())
    ids, per_doc = [], []
    while matcher.is_active():
        if wanted is None or matcher.id() in wanted:
            ids.append(matcher.id())
            per_doc.append(matcher.value_as("positions"))
        matcher.next()
    counts = np.fromiter(map(len, per_doc), dtype=np.int64, count=len(per_doc))
    positions = np.fromiter(chain.from_iterable(per_doc), dtype=np.int64, count=int(counts.sum()))
    return (np.repeat(np.asarray(ids, dtype=np.int64), counts) << POS_SHIFT) | positions
