"""Any text in the search box gives results or a clear QueryError, never another exception."""
from __future__ import annotations

import re

import pytest

from index import QueryError
from index.query import MAX_QUERY_CHARS, sanitize
from test_index_helpers import ix  # noqa: F401  (fixture)

NASTY = [
    "", " ", "\t\n", '"', '""', '"""', '"unbalanced quote', 'unbalanced quote"', "'", "regio's",
    "AND", "OR", "NOT", "AND OR NOT", "NOT NOT", "werk AND", "OR werk", "ANDNOT", "-", "+", "--werk", "+-+",
    "- werk", "werk -", "*", "?", "**", "*?*", "*werk", "w?rk", "werk*", "?werk?", "*:*", "a*", "wat werkt?",
    "(", ")", "((((werk", "werk))))", "(" * 300, ")" * 300, "(" * 200 + "werk" + ")" * 200,
    "[", "]", "{", "}", "[werk TO", "jaar:[x TO y]", "jaar:[2020 TO]", "jaar:[ TO 2020]", "jaar:{2019 TO 2030}",
    "^", "werk^", "werk^abc", "werk^999999999999", "~", "werk~", "werk~9", "werk~-1", "\\", "\\\\", "/", "//",
    ":", "::", "regio:", ":twente", "regio::twente", "onbekend:veld", "titel:", "titel:\"\"", "slug:",
    "x" * 20_000, "werk " * 5_000, ("lange zin met woorden " * 1000).strip(),
    "\x00", "werk\x00zoekende", "\x00" * 100, "\x01\x02\x03\x1b[31m", "\x7f\x80\x9f", "werk\r\nzoekende",
    "\ud800", "a\udfffb", "\ufeffwerk", "\u200b", "😀 werk", "مرحبا", "漢字", "é" * 100, "İstanbul",
    "<script>alert(1)</script>", "'; DROP TABLE initiative; --", "%00", "%s%s%s", "{0}", "${jndi:x}",
    "werk OR " * 50, "NOT " * 100 + "werk", "jaar:20200", "jaar:abcd", "organisatie:\"UWV", "\"a b\"~3",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 10, "de het een", "wat", "0", "-1", "1e308",
]


@pytest.mark.parametrize("text", NASTY, ids=lambda t: repr(t[:40]))
def test_any_text_gives_results_or_a_query_error(ix, text):  # noqa: F811
    try:
        result = ix.search(q=text)
    except QueryError as exc:
        assert str(exc)
        return
    assert isinstance(result["total"], int) and result["total"] >= 0
    assert len(result["results"]) <= 10
    for r in result["results"]:
        assert re.sub(r"</?mark>", "", r["highlight"]).count("<") == 0


@pytest.mark.parametrize("text", ["x" * 20_000, "werk " * 5_000, "\x00" * 1000])
def test_long_input_is_cut(text):
    assert len(sanitize(text)) <= MAX_QUERY_CHARS


def test_non_text_query_is_a_query_error(ix):  # noqa: F811
    with pytest.raises(QueryError, match="tekst"):
        ix.search(q=12345)


@pytest.mark.parametrize("page, per_page", [("x", 10), (1, None), (1, "veel")])
def test_bad_page_numbers_are_query_errors(ix, page, per_page):  # noqa: F811
    with pytest.raises(QueryError):
        ix.search(page=page, per_page=per_page)


@pytest.mark.parametrize("filters", [{"region": [None, ""]}, {"region": "twente"}, {"year": [2021]}, {}, None])
def test_odd_filter_values(ix, filters):  # noqa: F811
    assert ix.search(filters=filters)["total"] >= 0


def test_control_characters_are_word_breaks(ix):  # noqa: F811
    assert ix.search(q="werkloosheidswet\x00jongeren")["total"] >= 1


def test_only_stop_words_lists_everything(ix):  # noqa: F811
    assert ix.search(q="de het een")["total"] == ix.count()
