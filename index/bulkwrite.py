"""Writing the postings of whole fields in whoosh's W3 format, byte for byte, from arrays.

index.bulk gathers a field as arrays (term number per token, documents, token counts). Here a
field is sorted once by term (a stable numpy sort keeps documents and positions in order), cut
into postings and blocks of BLOCK postings with array arithmetic, and written as
`W3PostingsWriter` would write it (codec/whoosh3.py): per term the "W3Bl" header, then per block
its length, a pickled info tuple (count, last id, max weight, compression, min and max length
byte) and the zlib-compressed pickle of (delta-coded ids, weights, values). The values of a
Positions field (`Positions.encode`: a uint and a pickled list of deltas) are assembled for all
postings at once as one byte string, byte for byte what `pickle` writes, and sliced per posting.
Term infos come back as (term, info bytes without the extent, offset, length), for the caller to
place in the segment's postings file and term table.

Fields that are not gathered as arrays (`kind == "other"`) go through whoosh's own
W3PostingsWriter, posting by posting. tests/test_index_bulk.py checks every file of the segment
against whoosh's writer.
"""
from __future__ import annotations

import pickle
import zlib
from array import array
from typing import BinaryIO

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import _length_byte_cache, byte_to_length, length_to_byte

BLOCK = 128        # postings per block: W3Codec's blocklimit (checked by index.bulk)
COMPRESSION = 3    # W3Codec's zlib level
_TERMINFO = W3TermInfo._struct
_PICKLE_LIST = b"\x80\x02]q\x00"  # protocol 2, EMPTY_LIST, BINPUT 0: how pickle.dumps(list, 2) starts
_PICKLE_BATCH = 1000  # pickle writes longer lists in batches; such postings are pickled one by one
_NO_LENGTH = 999
assert array("i").itemsize == 4, "the term arrays are read as int32"
WINDOW = 1 << 16  # postings turned into Python lists at a time


def pack_extent(offset: int, length: int) -> bytes:
    """The end of a (not inlined) W3TermInfo: where its postings are."""
    return pack_long(offset) + pack_int(length)


def lengths_to_bytes(lengths: np.ndarray) -> np.ndarray:
    """whoosh.util.numeric.length_to_byte for an array of lengths."""
    table = np.frombuffer(_length_byte_cache, dtype=np.int32)
    out = np.searchsorted(table, lengths, side="left")
    out[lengths >= 106374] = 255
    return out.astype(np.uint8)


def write_fields(f: BinaryIO, fields: list, doccount: int) -> dict[str, tuple[int, int, list]]:
    """Write the postings of `fields` to `f`, field after field in name order.

    Returns {field name: (start, end, [(term bytes, info head, offset, length), …])}, offsets in
    `f`, terms in order.
    """
    out = {}
    for acc in sorted(fields, key=lambda a: a.name):
        start = f.tell()
        if acc.kind == "other":
            terms = _write_other(f, acc)
        else:
            terms = _write_bulk(f, acc, doccount)
        out[acc.name] = (start, f.tell(), terms)
    return out


def _write_other(f: BinaryIO, acc) -> list:
    """whoosh's own W3PostingsWriter, posting by posting (small fields: the ids)."""
    sf = StructFile(f)
    pw = W3PostingsWriter(sf, blocklimit=BLOCK, compression=COMPRESSION, inlinelimit=1)
    fmt = acc.fieldobj.format
    lengths = {}  # what the length column answers: the length its byte stands for (None for 0)
    for docnum, length in acc.lengths.items():
        lbyte = length_to_byte(length)
        lengths[docnum] = byte_to_length(lbyte) if lbyte else None
    terms = []
    for tbytes in sorted(acc.postings):
        pw.start_postings(fmt, W3TermInfo())
        for docnum, weight, vbytes in acc.postings[tbytes]:
            pw.add_posting(docnum, weight, vbytes or b"", lengths.get(docnum, 0))
        info = pw.finish_postings()
        offset, length = info.extent()
        terms.append((tbytes, info.to_bytes()[:_TERMINFO.size], offset, length))
    acc.postings = {}
    return terms


def _length_bytes(acc, doccount: int):
    """The length byte of every document in this field (what whoosh's length column holds), None
    for a field without lengths."""
    if not acc.fieldobj.scorable:
        return None
    out = np.zeros(doccount, dtype=np.uint8)
    docs = np.frombuffer(acc.docs, dtype=np.int32)
    counts = np.frombuffer(acc.counts, dtype=np.int32)
    out[docs] = lengths_to_bytes(counts)
    return out


def _write_bulk(f: BinaryIO, acc, doccount: int) -> list:
    fmt = acc.fieldobj.format
    positional = isinstance(fmt, formats.Positions)
    existence = isinstance(fmt, formats.Existence)
    tokens = np.frombuffer(acc.tokens, dtype=np.int32)
    counts = np.frombuffer(acc.counts, dtype=np.int32)
    docs = np.frombuffer(acc.docs, dtype=np.int32)
    n = len(tokens)

    # terms in whoosh's order (their UTF-8 bytes), as ranks
    present = np.unique(tokens)
    texts = acc.texts()
    encoded = [texts[i].encode("utf-8") for i in present.tolist()]
    order = sorted(range(len(encoded)), key=encoded.__getitem__)
    rank = np.zeros(len(texts), dtype=np.int32)
    rank[present[np.asarray(order, dtype=np.int64)]] = np.arange(len(order), dtype=np.int32)
    sorted_terms = [encoded[i] for i in order]
    del encoded, order, present

    key = rank[tokens]
    del rank
    perm = np.argsort(key, kind="stable")
    key = key[perm]
    tok_doc = np.repeat(docs, counts)[perm]
    tok_pos = None
    if positional:
        starts = np.cumsum(counts, dtype=np.int64) - counts
        tok_pos = (np.arange(n, dtype=np.int64) - np.repeat(starts, counts)).astype(np.int32)[perm]
        del starts
    del perm

    # postings: runs of one term in one document
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    new[1:] |= tok_doc[1:] != tok_doc[:-1]
    pstart = np.flatnonzero(new)
    del new
    npost = len(pstart)
    freq = np.diff(np.append(pstart, n))
    p_key = key[pstart]
    p_doc = tok_doc[pstart]
    del key, tok_doc

    # terms: runs of postings; blocks: up to BLOCK postings of one term
    tstart = np.flatnonzero(np.concatenate(([True], p_key[1:] != p_key[:-1])))
    del p_key
    tend = np.append(tstart[1:], npost)
    nblocks = (tend - tstart + BLOCK - 1) // BLOCK
    first = np.cumsum(nblocks) - nblocks
    bstart = np.repeat(tstart, nblocks) + BLOCK * (np.arange(int(nblocks.sum())) - np.repeat(first, nblocks))
    del first

    lbytes = _length_bytes(acc, doccount)
    if lbytes is not None:
        plb = lbytes[p_doc].astype(np.int16)
        plb_min = np.where(plb == 0, _NO_LENGTH, plb)
        b_maxlb, b_minlb = np.maximum.reduceat(plb, bstart), np.minimum.reduceat(plb_min, bstart)
        t_maxlb, t_minlb = np.maximum.reduceat(plb, tstart), np.minimum.reduceat(plb_min, tstart)
        del plb, plb_min
    else:
        b_maxlb = b_minlb = np.zeros(len(bstart), dtype=np.int16)
        t_maxlb = t_minlb = np.zeros(len(tstart), dtype=np.int16)
    if existence:
        b_minf = b_maxf = np.ones(len(bstart), dtype=np.int64)
        t_sum = (tend - tstart).astype(np.int64)
    else:
        b_minf, b_maxf = np.minimum.reduceat(freq, bstart), np.maximum.reduceat(freq, bstart)
        t_sum = np.add.reduceat(freq, tstart)

    # delta-coded ids: each block starts from its first id
    delta = p_doc.copy()
    delta[1:] -= p_doc[:-1]
    delta[bstart] = p_doc[bstart]

    nb_l, bstart_l = nblocks.tolist(), bstart.tolist()
    b_minf_l, b_maxf_l = b_minf.tolist(), b_maxf.tolist()
    b_minlb_l, b_maxlb_l = b_minlb.tolist(), b_maxlb.tolist()
    t_sum_l, t_minlb_l, t_maxlb_l = t_sum.tolist(), t_minlb.tolist(), t_maxlb.tolist()
    tstart_l, tend_l = tstart.tolist(), tend.tolist()
    del nblocks, bstart, b_minf, b_maxf, b_minlb, b_maxlb, t_sum, t_minlb, t_maxlb

    write, tell = f.write, f.tell
    dumps, compress = pickle.dumps, zlib.compress
    terms = []
    nterms = len(sorted_terms)
    t = b = 0
    while t < nterms:
        # a window of whole terms, about WINDOW postings, turned into lists (lists of the whole
        # field would take gigabytes at 100,000 documents)
        w0 = tstart_l[t]
        t_stop = max(t + 1, int(np.searchsorted(tend, w0 + WINDOW, side="right")))
        w1 = tend_l[t_stop - 1]
        doc_l, delta_l, freq_l = p_doc[w0:w1].tolist(), delta[w0:w1].tolist(), freq[w0:w1].tolist()
        if positional:
            ps0 = int(pstart[w0])
            ps1 = int(pstart[w1]) if w1 < npost else n
            blob, offsets, special = encode_positions(tok_pos[ps0:ps1], pstart[w0:w1] - ps0, freq[w0:w1])
            off_l = offsets.tolist()
            del offsets
        elif not existence:
            blob = freq[w0:w1].astype(">u4").tobytes()
        for t in range(t, t_stop):
            tbytes = sorted_terms[t]
            offset = tell()
            write(WHOOSH3_HEADER_MAGIC)
            end = tend_l[t] - w0
            t_maxw = 0.0
            for _ in range(nb_l[t]):
                s = bstart_l[b] - w0
                e = min(s + BLOCK, end)
                maxf = b_maxf_l[b]
                if existence:
                    weights = values = None
                else:
                    if maxf == 1:
                        weights = None
                    elif b_minf_l[b] == maxf:
                        weights = float(maxf)
                    else:
                        weights = tuple(map(float, freq_l[s:e]))
                    if positional:
                        values = tuple([blob[x:y] for x, y in zip(off_l[s:e], off_l[s + 1:e + 1])])
                        if special:
                            values = tuple(special.get(i, v) for i, v in zip(range(s, e), values))
                    else:
                        values = blob[4 * s:4 * e]
                data = compress(dumps((tuple(delta_l[s:e]), weights, values), 2), COMPRESSION)
                minlb = b_minlb_l[b]
                info = dumps((e - s, doc_l[e - 1], float(maxf), COMPRESSION,
                              0 if minlb == _NO_LENGTH else minlb, b_maxlb_l[b]), 2)
                size = len(info) + len(data)
                write(pack_int(-size if e == end else size))
                write(info)
                write(data)
                if maxf > t_maxw:
                    t_maxw = float(maxf)
                b += 1
            minlb = t_minlb_l[t]
            first = tstart_l[t] - w0
            head = _TERMINFO.pack(False, float(t_sum_l[t]), end - first,
                                  0 if minlb == _NO_LENGTH else minlb, t_maxlb_l[t], t_maxw,
                                  doc_l[first], doc_l[end - 1])
            terms.append((tbytes, head, offset, tell() - offset))
        t = t_stop
    return terms


def encode_positions(pos: np.ndarray, pstart: np.ndarray, freq: np.ndarray):
    """`Positions.encode` of every posting: one byte string, each posting's offset in it, and
    {posting: value} for the rare postings pickle writes in batches (more than 1000 positions).

    A value is pack_uint(freq) + pickle.dumps(deltas, 2); the pickle of a list of non-negative
    ints is _PICKLE_LIST, "(" when there is more than one item, each item as K (one byte), M (two
    bytes) or J (four bytes), then "a" (one item) or "e" (several), and ".".
    """
    npost = len(pstart)
    pos = np.asarray(pos, dtype=np.int64)
    freq = np.asarray(freq, dtype=np.int64)
    delta = pos.copy()
    delta[1:] -= pos[:-1]
    delta[pstart] = pos[pstart]
    item = np.where(delta < 256, 2, np.where(delta < 65536, 3, 5)).astype(np.int64)
    multi = (freq > 1).astype(np.int64)
    csum = np.cumsum(item) - item
    item_bytes = np.add.reduceat(item, pstart)
    plen = 4 + len(_PICKLE_LIST) + multi + item_bytes + 2
    offsets = np.zeros(npost + 1, dtype=np.int64)
    np.cumsum(plen, out=offsets[1:])
    off = offsets[:-1]
    buf = np.zeros(int(offsets[-1]), dtype=np.uint8)
    for i in range(4):  # the frequency, big-endian
        buf[off + i] = (freq >> (8 * (3 - i))) & 0xFF
    for i, c in enumerate(_PICKLE_LIST):
        buf[off + 4 + i] = c
    body = off + 4 + len(_PICKLE_LIST)
    buf[body[multi == 1]] = ord("(")
    body = body + multi
    at = np.repeat(body, freq) + (csum - np.repeat(csum[pstart], freq))
    del csum, body
    small, mid, big = item == 2, item == 3, item == 5
    buf[at[small]] = ord("K")
    buf[at[small] + 1] = delta[small]
    buf[at[mid]] = ord("M")
    buf[at[mid] + 1] = delta[mid] & 0xFF
    buf[at[mid] + 2] = delta[mid] >> 8
    if big.any():
        buf[at[big]] = ord("J")
        for i in range(4):
            buf[at[big] + 1 + i] = (delta[big] >> (8 * i)) & 0xFF
    end = offsets[1:]
    buf[end - 2] = np.where(multi == 1, ord("e"), ord("a"))
    buf[end - 1] = ord(".")
    special = {}
    encode = formats.Positions().encode
    for i in np.flatnonzero(freq > _PICKLE_BATCH).tolist():
        s = int(pstart[i])
        special[i] = encode(pos[s:s + int(freq[i])].tolist())
    return buf.tobytes(), offsets, special


def encode_check(poslist: list[int]) -> bytes:
    """Positions.encode through encode_positions (for tests)."""
    blob, offsets, special = encode_positions(np.asarray(poslist, dtype=np.int64), np.array([0]),
                                              np.array([len(poslist)]))
    return special.get(0, blob[int(offsets[0]):int(offsets[1])])
