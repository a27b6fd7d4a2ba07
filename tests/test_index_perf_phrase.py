"""Phrase matching over cached positions (index.segments.phrase_docs) finds exactly what whoosh's
own `Phrase` query finds, on a real index: the seed content plus a few hundred synthetic records
of the benchmark corpus, in several segments and with deleted documents.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from index import SearchIndex, bitsets
from index.analysis import STEMMED
from index.schema import SEARCH_FIELDS
from index.phrases import intersect_sorted, phrase_docs
from index.postings import decode_positions as _decode_positions
from test_relevance import load_content

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import corpus  # noqa: E402

SYNTHETIC = 300


def _records() -> list[dict]:
    records = load_content()
    for i in range(SYNTHETIC):
        raw = corpus.record(i)
        raw.update(id=1000 + i, revision=1, status="published",
                   created_at="2024-02-01T00:00:00Z", updated_at="2024-02-01T00:00:00Z")
        records.append(raw)
    return records


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    records = _records()
    index = SearchIndex(tmp_path_factory.mktemp("phrases") / "index")
    index.rebuild(records)
    # a second segment, and deleted documents in the first one
    for record in records[:40:3]:
        changed = dict(record, revision=2, title=(record.get("title") or "") + " van werk naar werk")
        index.index_one(changed)
    yield index
    index.close()


def _phrases(snap, count: int = 120) -> list[tuple[str, tuple[str, ...]]]:
    """Known phrases of the benchmark and the synonym list, plus word runs taken from the texts."""
    rng = random.Random(7)
    out = [("body", ("werk", "werk")), ("title", ("werk", "werk")), ("summary", ("leven", "lang", "ontwikkel")),
           ("body", ("re", "integratie")), ("body", ("oudere", "werknemer")), ("body", ("niet", "bestaand")),
           ("body", ("werk", "werk", "werk"))]
    docs = bitsets.docnums(snap.live)
    while len(out) < count:
        stored = snap.stored(rng.choice(docs))
        tokens = [t.text for t in STEMMED(stored.get("hl_text") or "")]
        if len(tokens) < 6:
            continue
        n = rng.choice([2, 2, 3, 4])
        i = rng.randrange(len(tokens) - n)
        words = tuple(tokens[i:i + n])
        if rng.random() < 0.2:  # a gap: found with slop 2, not with slop 1
            words = (tokens[i], tokens[i + 2])
        out.append((rng.choice(list(SEARCH_FIELDS)) if rng.random() < 0.3 else "body", words))
    return out


@pytest.mark.parametrize("slop", [1, 2])
def test_phrases_find_what_whoosh_finds(ix, slop):
    with ix.snapshot() as snap:
        assert len(snap.leaves) >= 2 and snap.live_count < snap.doc_count_all
        found_any = 0
        for field, words in _phrases(snap):
            expected = {hit.docnum for hit in snap.searcher.search(wq.Phrase(field, list(words), slop=slop),
                                                                   limit=None)}
            expected = {d for d in expected if snap.live >> d & 1}
            got = set(bitsets.docnums(snap.phrase_bits(field, words, slop)))
            assert got == expected, (field, words, slop)
            found_any += bool(got)
        assert found_any > 50


def test_phrase_of_missing_word_is_empty(ix):
    with ix.snapshot() as snap:
        assert snap.phrase_bits("body", ("werk", "zzzonbekendzzz")) == 0


def test_phrase_docs_chains_positions():
    def keys(pairs):
        return np.asarray([(d << 32) | p for d, p in pairs], dtype=np.int64)

    a = keys([(1, 3), (2, 5), (3, 1)])
    b = keys([(1, 4), (2, 7), (3, 1)])
    c = keys([(1, 5), (2, 8)])
    docs = np.asarray([1, 2, 3])
    assert phrase_docs(docs, [a, b], slop=1).tolist() == [1]
    assert phrase_docs(docs, [a, b], slop=2).tolist() == [1, 2]
    assert phrase_docs(docs, [a, b, c], slop=2).tolist() == [1, 2]
    assert phrase_docs(np.asarray([2]), [a, b, c], slop=2).tolist() == [2]
    assert phrase_docs(docs, [a, b], slop=0).tolist() == []


def test_positions_decode_like_whoosh():
    from whoosh import formats

    fmt = formats.Positions()
    lists = [[0], [3, 4, 300, 70000, 70001], [], list(range(0, 5000, 7)), list(range(0, 30000, 7)), [2**31 - 5]]
    counts, flat = _decode_positions([fmt.encode(p) for p in lists], fmt)
    assert counts.tolist() == [len(p) for p in lists]
    assert flat.tolist() == [x for p in lists for x in p]


def test_intersect_sorted():
    a, b = np.asarray([1, 4, 6, 9]), np.asarray([0, 4, 5, 9, 12])
    assert intersect_sorted(a, b).tolist() == [4, 9]
    assert intersect_sorted(b, a).tolist() == [4, 9]
    assert intersect_sorted(a, a[:0]).tolist() == []
