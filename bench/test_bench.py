"""Quick checks of the benchmark tools (`pytest bench/`): the corpus is valid, deterministic and varied,
the loader stores it through kb, and the FTS5 yardstick answers the queries."""
from __future__ import annotations

from collections import Counter

import pytest

from bench import corpus, fts, load, measure
from bench.queries import QUERIES, fts5_match
from kb import db, initdb, vocab
from kb.validation import validate


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("bench")
    load.load(var_dir, 300, batch=120, out=open("/dev/null", "w"))
    return var_dir


def test_records_pass_strict_validation(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'v.db'}")
    initdb.init(engine)
    vocabs = vocab.load(engine)
    for raw in corpus.generate(500):
        data = validate(raw, vocabs, strict_fields=True)
        assert len(data.summary) <= 500 and data.description and data.sources and data.success_factors
        assert all(s.url.startswith("https://example.org/") for s in data.sources)
    engine.dispose()
    vocab.invalidate()


def test_deterministic_prefix_and_unique_slugs():
    first = list(corpus.generate(200, seed=7))
    assert first == list(corpus.generate(200, seed=7))
    assert first[150:] == list(corpus.generate(50, seed=7, start=150))
    assert first != list(corpus.generate(200, seed=8))
    assert len({r["slug"] for r in corpus.generate(3000)}) == 3000


def test_vocabulary_is_zipf_like_and_covers_every_region():
    records = list(corpus.generate(2000))
    words = Counter(w.lower() for r in records for w in r["description"].split())
    ranked = [n for _, n in words.most_common()]
    assert ranked[0] > 10 * ranked[100] and len(words) > 3000  # a steep head and a long tail
    regions = {x for r in records for x in r["regions"]}
    assert regions == set(corpus.MUNICIPALITIES)  # the 35 regions and "landelijk"


def test_load_and_fts_answer_the_queries(loaded, tmp_path):
    assert fts.count_published(loaded / load.DB_NAME) > 250
    copy = tmp_path / "fts.db"
    fts.build(loaded / load.DB_NAME, copy)
    search = fts.FtsSearch(copy)
    try:
        hits = [search.search(q)["total"] for q in QUERIES]
        assert sum(h > 0 for h in hits) > len(QUERIES) * 0.8
        result = search.search("jobcoach", facets="all")
        assert set(result["facets"]) == {"region", "target_group", "theme", "organisation", "evidence", "year"}
        assert search.search("jobcoach")["facets"]["region"] == result["facets"]["region"]
        assert "facets" not in search.search("jobcoach", facets="none")
    finally:
        search.close()


def test_fts5_match_quotes_operators():
    assert fts5_match("re-integratie UWV") == '"re-integratie" "UWV"'
    assert fts5_match('"van werk naar werk" jobcoach') == '"van werk naar werk" "jobcoach"'
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    for tricky in ['a"b OR', "NOT", "x:y", '"', "", "(a", "*"]:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (fts5_match(tricky),)).fetchall()  # no syntax error


def test_percentile():
    assert measure.percentile([1, 2, 3, 4], 50) == 2.5
    assert measure.percentile([5], 95) == 5


def test_results_keep_other_tools_sections(tmp_path):
    from bench.run import write_results

    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\nold\n\n## Build\n\nold\n\n## Load test\n\nlocust\n")
    write_results(path, "# Benchmark results\n\nnew\n\n## Build\n\nnew\n")
    text = path.read_text()
    assert "new" in text and "old" not in text and "## Load test\n\nlocust" in text
