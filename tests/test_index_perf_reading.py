"""The fast paths behind the search agree with whoosh and with plain Python: posting lists read
straight from the postings file (index.postings), position keys, facet counts over (document,
value) pairs, sort orders with numpy, and caches bounded by bytes (index.lru)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from index import bitsets
from index.lru import LRU, Memo
from index.postings import POS_SHIFT, read_positions, read_postings
from index.schema import FACET_FIELDS, SEARCH_FIELDS
from index.search import newest_key, outcome_key
from test_index_perf_phrase import ix  # noqa: F401  (the fixture: a real index in two segments)


def _whoosh_postings(sub, field, term):
    fieldobj = sub.schema[field]  # the raw matcher: deleted documents included, as ours
    m = sub._terms.matcher(field, fieldobj.to_bytes(term), fieldobj.format)
    ids, weights, positions = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        positions.append(m.value_as("positions") if fieldobj.format.supports("positions") else None)
        m.next()
    return ids, weights, positions


@pytest.mark.parametrize("field", [*SEARCH_FIELDS, "words", "f_region", "f_organisation", "slug"])
def test_postings_read_like_whoosh(ix, field):  # noqa: F811
    rng = random.Random(11)
    with ix.snapshot() as snap:
        for data, sub, _offset in snap.leaves:
            terms = [sub.schema[field].from_bytes(t) for t, _ in sub.iter_field(field)]
            for term in rng.sample(terms, min(150, len(terms))):
                ids, tfs = read_postings(sub, field, term)
                want_ids, want_weights, _ = _whoosh_postings(sub, field, term)
                assert ids.tolist() == want_ids, (field, term)
                assert np.array_equal(tfs, np.asarray(want_weights, dtype=np.float32)), (field, term)
            assert read_postings(sub, field, "zzz-nergens-zzz")[0].size == 0


def test_positions_read_like_whoosh(ix):  # noqa: F811
    rng = random.Random(12)
    with ix.snapshot() as snap:
        for data, sub, _offset in snap.leaves:
            for field in ("title", "summary", "body"):
                terms = [sub.schema[field].from_bytes(t) for t, _ in sub.iter_field(field)]
                for term in rng.sample(terms, min(60, len(terms))):
                    ids, _weights, positions = _whoosh_postings(sub, field, term)
                    want = [(d << POS_SHIFT) | p for d, ps in zip(ids, positions) for p in ps]
                    assert read_positions(sub, field, term).tolist() == want, (field, term)
                    only = np.asarray(sorted(rng.sample(ids, max(1, len(ids) // 3))), dtype=np.int64)
                    keep = set(only.tolist())
                    assert read_positions(sub, field, term, only).tolist() == \
                        [k for k in want if k >> POS_SHIFT in keep]
            assert read_positions(sub, "words", "werk") is None  # no positions in that field


def test_facet_counts_match_bitsets(ix):  # noqa: F811
    rng = np.random.default_rng(3)
    with ix.snapshot() as snap:
        live = bitsets.to_array(snap.live)
        for docs in (live, np.sort(rng.choice(live, 25, replace=False)), live[:1]):
            for facet in FACET_FIELDS:
                values = snap.facet_pairs(facet)[0]
                tally = snap.value_counts(facet, docs)
                chosen = bitsets.from_docnums(docs)
                for value, n in zip(values, tally.tolist()):
                    assert n == (snap.facet_bits(facet, value) & chosen).bit_count(), (facet, value)


def test_sort_orders_match_python_sorting(ix):  # noqa: F811
    with ix.snapshot() as snap:
        created, period, ids = (snap.column(c).tolist() for c in ("created", "period", "id_col"))
        share, placed = snap.column("share").tolist(), snap.column("placed").tolist()

        def newest(d):
            return created[d], period[d], ids[d]

        def outcome(d):
            return share[d] >= 0, share[d], placed[d], newest(d)

        docs = bitsets.docnums(snap.live)
        for name, keys, key in (("newest", newest_key(snap), newest), ("outcome", outcome_key(snap), outcome)):
            assert snap.order(name, keys).tolist() == sorted(docs, key=key, reverse=True)
            few = bitsets.from_docnums(docs[::17])
            assert snap.top(name, keys, few, 7) == sorted(docs[::17], key=key, reverse=True)[:7]
            assert snap.top(name, keys, snap.live, 12) == sorted(docs, key=key, reverse=True)[:12]


def test_caches_stay_within_their_budget():
    cache = LRU(10_000)
    for i in range(100):
        cache.put(i, np.zeros(100, dtype=np.int64))  # ~900 bytes each
    assert cache.used <= 10_000 and 5 <= len(cache) <= 11
    assert cache.get(99) is not None and cache.get(0) is None
    memo = Memo(1_000_000)
    calls = []
    assert memo.get("k", lambda: calls.append(1) or 5) == 5
    assert memo.get("k", lambda: calls.append(1) or 6) == 5 and calls == [1]


def test_warm_fills_the_caches_within_budget(ix):  # noqa: F811
    ix.warm()
    with ix.snapshot() as snap:
        for data, _sub, _offset in snap.leaves:
            assert data._postings.used <= data._postings.budget
            assert data._phrases.used <= data._phrases.budget
        result = ix.search(q="van werk naar werk")
        assert result["total"] > 0
