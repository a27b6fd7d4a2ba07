"""The bulk index builder (index.bulk) against whoosh's own writer (sync.rebuild_with_writer).

The same records go through both; the two indexes must be the same: per field the same terms
with the same document frequencies, weights and term statistics, the same postings (documents,
weights, encoded positions, block statistics), the same field lengths, stored fields and columns,
and every file inside the segment byte for byte. Searches must then answer the same.
"""
from __future__ import annotations

import random

import pytest
from whoosh import formats

from bench import corpus
from helpers import CONTENT
from index import SearchIndex, bulk, bulkwrite, sync
from index.documents import to_document
from index.schema import SCHEMA
from index.store import open_index
from kb import content, services

QUERIES = [
    ("werk", None),
    ("werkzoekenden begeleiding", None),
    ('"van werk naar werk"', None),
    ('"regionaal mobiliteitsteam"', None),
    ("jongeren", None),
    ("ontslag", None),
    ("loopbaanadvies OR omscholing", None),
    ("titel:werk", None),
    ("organisatie:uwv", None),
    ("zorg -onderwijs", None),
    ("", {"region": ["twente"]}),
    ("werk", {"theme": ["re-integratie"]}),
    ("werk*", None),
    ("mbo", None),
]


def _segment_files(ix) -> dict[str, bytes]:
    """Every file of the (one) segment, named without the segment id, with its bytes."""
    [segment] = ix._segments()
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    out = {}
    prefix = segment.segment_id()
    for name in storage.list():
        if name.startswith(prefix):
            f = storage.open_file(name)
            out[name[len(prefix):]] = f.read()
            f.close()
    return out


def _postings(reader, field, term):
    m = reader.postings(field, term)
    out = []
    while m.is_active():
        block = (m.block_max_weight(), m.block_min_length(), m.block_max_length())
        out.append((m.id(), m.weight(), m.value(), block))
        m.next()
    return out


def assert_same_index(a_dir, b_dir, byte_identical: bool = True) -> None:
    a_ix, b_ix = open_index(a_dir), open_index(b_dir)
    with a_ix.reader() as a, b_ix.reader() as b:
        assert a.doc_count_all() == b.doc_count_all() > 0
        assert len(a_ix._segments()) == len(b_ix._segments()) == 1
        n = a.doc_count_all()
        assert set(a.indexed_field_names()) == set(b.indexed_field_names())
        for field, fieldobj in SCHEMA.items():
            if fieldobj.indexed:
                terms = list(a.lexicon(field))
                assert terms == list(b.lexicon(field)), field
                for term in terms:
                    ai, bi = a.term_info(field, term), b.term_info(field, term)
                    assert (ai.weight(), ai.doc_frequency(), ai.min_length(), ai.max_length(), ai.max_weight(),
                            ai.min_id(), ai.max_id()) == \
                           (bi.weight(), bi.doc_frequency(), bi.min_length(), bi.max_length(), bi.max_weight(),
                            bi.min_id(), bi.max_id()), (field, term)
                    pa, pb = _postings(a, field, term), _postings(b, field, term)
                    assert pa == pb, (field, term)
                    if isinstance(fieldobj.format, formats.Positions):
                        decode = fieldobj.format.decode_positions
                        assert [decode(v) for _, _, v, _ in pa] == [decode(v) for _, _, v, _ in pb]
                assert a.field_length(field) == b.field_length(field), field
                if fieldobj.scorable and terms:
                    assert a.min_field_length(field) == b.min_field_length(field), field
                    assert a.max_field_length(field) == b.max_field_length(field), field
                    assert [a.doc_field_length(d, field) for d in range(n)] == \
                           [b.doc_field_length(d, field) for d in range(n)], field
            if fieldobj.column_type:
                assert list(a.column_reader(field)) == list(b.column_reader(field)), field
        assert [a.stored_fields(d) for d in range(n)] == [b.stored_fields(d) for d in range(n)]
    if byte_identical:
        a_files, b_files = _segment_files(a_ix), _segment_files(b_ix)
        assert sorted(a_files) == sorted(b_files)
        for name in a_files:
            assert a_files[name] == b_files[name], name
    a_ix.close()
    b_ix.close()


def _build_both(tmp_path, records):
    records = list(records)
    old, new = tmp_path / "writer", tmp_path / "bulk"
    n_old = sync.rebuild_with_writer(old, records)
    n_new = sync.rebuild(new, records)
    assert n_old == n_new == sum(1 for r in records if r.get("status") == "published")
    return old, new


def _same_searches(old, new) -> None:
    a, b = SearchIndex(old), SearchIndex(new)
    try:
        found = 0
        for q, filters in QUERIES:
            ra = a.search(q=q, filters=filters, per_page=50)
            rb = b.search(q=q, filters=filters, per_page=50)
            assert ra == rb, q
            found += ra["total"] > 0
        assert found >= len(QUERIES) // 2  # the comparison is not one of empty answers
    finally:
        a.close()
        b.close()


def _synthetic(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i, raw in enumerate(corpus.generate(n), start=1):
        raw = dict(raw)
        raw.update(id=i, revision=rng.randint(1, 4), created_at="2024-0%d-1%dT10:00:00Z" % (1 + i % 9, i % 10),
                   updated_at="2025-01-01T00:00:00Z")
        raw.setdefault("status", "published")
        if i % 17 == 0:
            raw["status"] = "draft"  # skipped by both
        records.append(raw)
    return records


def test_positions_are_encoded_as_whoosh_does():
    enc = formats.Positions().encode
    rng = random.Random(3)
    cases = [[0], [255], [256], [65535], [65536], [2 ** 31 - 1], list(range(999)), list(range(1000)),
             list(range(1001)), list(range(2500))]
    cases += [sorted(rng.sample(range(rng.choice([300, 100_000])), rng.choice([1, 2, 3, 9, 200])))
              for _ in range(500)]
    for case in cases:
        assert bulkwrite.encode_check(case) == enc(case)


def test_schema_is_supported():
    assert bulk.supports(SCHEMA)


def test_seed_content_from_the_database(tmp_path, engine):
    assert content.import_dir(CONTENT, engine=engine).ok
    records = list(services.iter_records(status=None, engine=engine))
    assert records
    old, new = _build_both(tmp_path, records)
    assert_same_index(old, new)
    _same_searches(old, new)


def test_synthetic_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_WORKERS", "0")
    records = _synthetic(1000)
    old, new = _build_both(tmp_path, records)
    assert_same_index(old, new)
    _same_searches(old, new)


def test_synthetic_corpus_with_a_second_process(tmp_path, monkeypatch):
    """The second process analyses and writes `body`; small windows cut terms across windows."""
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_WORKERS", "1")
    monkeypatch.setattr(bulkwrite, "WINDOW", 50)  # in this process only: the other keeps the default
    records = _synthetic(700, seed=11)
    old, new = _build_both(tmp_path, records)
    assert_same_index(old, new)


def test_small_windows(tmp_path, monkeypatch):
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_WORKERS", "0")
    monkeypatch.setattr(bulkwrite, "WINDOW", 3)
    old, new = _build_both(tmp_path, _synthetic(150, seed=5))
    assert_same_index(old, new)


def test_workers_setting(monkeypatch):
    monkeypatch.delenv("PRAKTIJKBANK_INDEX_WORKERS", raising=False)
    assert sync.bulk_workers(10) == 0 and sync.bulk_workers(None) == 0
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_WORKERS", "1")
    assert sync.bulk_workers(10) == 1


def test_odd_documents(tmp_path):
    """Empty fields, repeated words, a very long text (more than pickle's batch of positions)."""
    long_text = " ".join(["werk", "en", "inkomen"] * 1500) + " Ünïcode ÇA 123 m.b.o. z.s.m."
    records = [
        {"id": 1, "slug": "", "title": "", "summary": "", "status": "published"},
        {"id": 2, "slug": "lang", "title": "Werk werk werk", "summary": "werk", "description": long_text,
         "regions": ["twente", "twente", "drenthe"], "organisations": ["UWV", "", "Gemeente Ede"],
         "status": "published", "tags": ["a", "bb"]},
        {"id": 3, "slug": "concept", "title": "Niet gepubliceerd", "summary": "", "status": "draft"},
        {"id": 4, "slug": "x", "title": "Één 'ééntje' — ﬁets", "summary": "\x00\x01 controle", "status": "published",
         "period_start": "2021-03", "participants": 10, "placed": 4, "created_at": "2020-01-01T00:00:00Z"},
    ]
    old, new = _build_both(tmp_path, records)
    assert_same_index(old, new)


def test_rebuild_replaces_a_live_index_and_cleans_up(tmp_path):
    records = _synthetic(40)
    target = tmp_path / "ix"
    ix = SearchIndex(target)
    assert ix.rebuild(records[:10]) == sum(1 for r in records[:10] if r["status"] == "published")
    assert ix.rebuild(records) == sum(1 for r in records if r["status"] == "published")
    assert ix.count() == ix.rebuild(records)
    ix.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ix.build")]


@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_failing_record_leaves_the_live_index_alone(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_WORKERS", workers)
    records = _synthetic(30)
    target = tmp_path / "ix"
    sync.rebuild(target, records[:5])

    def broken():
        yield from records[5:10] * 100  # several batches for the second process
        raise RuntimeError("database weg")

    with pytest.raises(RuntimeError):
        sync.rebuild(target, broken())
    ix = open_index(target)
    with ix.reader() as reader:
        assert reader.doc_count_all() == sum(1 for r in records[:5] if r["status"] == "published")
    ix.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ix.build")]


def test_documents_from_to_document_only():
    """The analysis takes what to_document makes; other input is refused before anything of the
    document is taken in, as whoosh would refuse it."""
    from whoosh.fields import UnknownFieldError

    analysis = bulk.Analysis(SCHEMA)
    doc = to_document({"id": 1, "title": "Werk", "summary": "s", "slug": "s"})
    with pytest.raises(UnknownFieldError):
        analysis.add(0, {**doc, "onbekend": "x"})
    with pytest.raises(ValueError):
        analysis.add(0, {**doc, "title": 12})
    assert not analysis.fields["title"].has_postings()
    stored, columns = analysis.add(0, doc)
    assert [name for name, _ in stored] == sorted(n for n in doc if SCHEMA[n].stored)
    assert [name for name, _ in columns] == sorted(n for n in doc if SCHEMA[n].column_type)
    assert analysis.fields["title"].has_postings()
