"""Property-based tests of the search query parser: whatever anyone types in the search box (quotes,
AND/OR/NOT, wildcards, field prefixes, control characters, 20,000 characters), the search answers or
says QueryError, and /api/initiatives answers 200 or 400, never 500.

The index is a real one: content/ imported through kb into a SQLite database in tmp, then caught up
(index.kbsync), exactly as a running app builds its own.
"""
from __future__ import annotations

import pytest
from helpers import CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import kbsync
from index.query import QueryError
from index.search import SORTS
from index.searchindex import SearchIndex
from fault_writer import record
from kb import content, db, events, initdb, services, vocab

TIES = 25
PROPS = settings(max_examples=250, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large])

WORDS = ["werk", "werkzoekenden", "jongeren", "re-integratie", "leerwerkloket", "twente", "UWV", "regio's",
         "zzp'er", "de", "het", "loopbaanadvies", "bijstand", "mbo", "2021", "ww", "é", "Ĳssel", "数据", "😀"]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "and", "or", "not", "&&", "||", "!", "-", "+"]
SYNTAX = ['"', "'", "*", "?", "**", "*?", "(", ")", "[", "]", "{", "}", ":", "::", "^", "^2", "~", "~2", "\\",
          "/", "regio:", "titel:", "jaar:", "jaar:[2019 TO 2021]", "jaar:{x TO}", "organisatie:\"", "slug:",
          "onbekend:", "tag:*", "*:*", "%", "&", "=", "<", ">", ";", "--", "/*", "${x}", "{0}"]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u200b", "\u2028", "\ufeff", "\ufffd",
                                         "\ud800", "\udfff", "\udc80"]  # lone surrogates too
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\t", "\n", "  "])

# Any character (lone surrogates come in through CONTROL: hypothesis leaves them out of characters()).
any_char = st.characters(codec=None, categories=None)
tokens = st.one_of(st.sampled_from(WORDS), st.sampled_from(OPERATORS), st.sampled_from(SYNTAX),
                   st.sampled_from(CONTROL), st.text(any_char, min_size=1, max_size=8))


@st.composite
def query_like(draw) -> str:
    """Words, operators and syntax in any order, glued by spaces, tabs or nothing at all."""
    parts = draw(st.lists(st.tuples(tokens, SEPARATORS), max_size=30))
    return "".join(token + sep for token, sep in parts)


@st.composite
def very_long(draw) -> str:
    """Up to 20,000 characters: a query-like piece repeated, or one giant word."""
    piece = draw(st.one_of(query_like(), st.text(any_char, min_size=1, max_size=40)))
    if not piece:
        piece = "x"
    times = draw(st.integers(1, 20_000 // len(piece)))
    return (piece * times)[:20_000]


queries = st.one_of(st.text(any_char, max_size=200), query_like(), very_long())
no_surrogates = st.characters(codec="utf-8", categories=None)
http_queries = st.one_of(st.text(no_surrogates, max_size=200), query_like(), very_long()).map(
    lambda s: s.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
FILTER_VALUES = {"region": ["twente", "groot-amsterdam", "onbekend", ""], "target_group": ["jongeren", "x"],
                 "theme": ["scholing", "matching", "?"], "year": ["2021", "20x1"], "organisation": ["UWV", ""]}
filters = st.dictionaries(st.sampled_from(sorted(FILTER_VALUES)),
                          st.lists(st.one_of(st.sampled_from(sum(FILTER_VALUES.values(), [])),
                                             st.text(max_size=10)), max_size=3), max_size=3)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(SearchIndex, Flask test client) over content/ in a fresh SQLite database."""
    var_dir = tmp_path_factory.mktemp("props-search")
    mp = pytest.MonkeyPatch()
    mp.setattr(events, "_listeners", [])  # only our own index hears our import
    mp.setenv("PRAKTIJKBANK_VAR_DIR", str(var_dir))
    mp.delenv("PRAKTIJKBANK_DATABASE_URL", raising=False)
    mp.delenv("PRAKTIJKBANK_INDEX_DIR", raising=False)
    engine = db.make_engine(f"sqlite:///{var_dir / 'praktijkbank.db'}")
    initdb.init(engine)
    assert content.import_dir(CONTENT, engine=engine).ok
    for i in range(TIES):  # near-identical initiatives: equal scores, as in any larger knowledge base
        services.create(record("gelijk", i), author="test", engine=engine)
    ix = SearchIndex(var_dir / "own-index")
    report = kbsync.catch_up(ix, engine)
    assert report.added >= 10 + TIES and ix.count() == report.added

    from app import create_app

    app = create_app()
    app.server.config["TESTING"] = True
    yield ix, app.server.test_client()
    ix.close()
    engine.dispose()
    mp.undo()
    vocab.invalidate()


@PROPS
@given(q=queries, filters=filters, sort=st.sampled_from(SORTS), page=st.integers(1, 3),
       per_page=st.integers(1, 25))
def test_search_answers_or_raises_query_error(built, q, filters, sort, page, per_page):
    ix, _client = built
    try:
        result = ix.search(q=q, filters=filters, sort=sort, page=page, per_page=per_page)
    except QueryError as exc:
        assert str(exc)
        return
    assert isinstance(result["total"], int) and 0 <= result["total"] <= ix.count()
    assert len(result["results"]) <= per_page
    for card in result["results"]:
        assert card["slug"] and "<script" not in card["highlight"]


@PROPS
@given(title=queries, summary=st.text(any_char, max_size=300))
def test_duplicate_check_never_raises(built, title, summary):
    ix, _client = built
    for hit in ix.duplicates(title, summary, limit=3):
        assert hit["slug"]


@PROPS
@given(q=http_queries, filters=filters, extra=st.dictionaries(
    st.sampled_from(["sort", "page", "per_page", "facets"]),
    st.one_of(st.sampled_from(["relevance", "newest", "outcome", "1", "0", "100", "-1", "", "x"]),
              st.text(max_size=12)), max_size=3))
def test_api_never_answers_500(built, q, filters, extra):
    _ix, client = built
    params = [("q", q)] + [(name, v) for name, values in filters.items() for v in values] + list(extra.items())
    for path in ("/api/initiatives", "/api/initiatives.atom"):
        response = client.get(path, query_string=params)
        assert response.status_code in (200, 400), (path, response.status_code, response.get_data(as_text=True)[:300])
        if response.status_code == 400 or path.endswith("initiatives"):
            body = response.get_json()
            assert body is not None and ("error" in body or "results" in body)


@pytest.mark.parametrize("sort", [
    "newest", "outcome",
    "relevance",
])
@pytest.mark.parametrize("q", ["kaasmakers", "werkzoekenden"])
def test_pages_partition_the_results(built, sort, q):
    """Paging through a result list shows every result exactly once, whatever the page size."""
    ix, _client = built
    for per_page in (3, 7, 10):
        seen: list[str] = []
        page = 1
        while True:
            result = ix.search(q=q, sort=sort, page=page, per_page=per_page, facets=False)
            seen += [card["slug"] for card in result["results"]]
            if page * per_page >= result["total"]:
                break
            page += 1
        assert len(seen) == result["total"] and len(set(seen)) == len(seen), (per_page, len(seen), len(set(seen)))
