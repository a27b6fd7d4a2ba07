"""Pieces of the curation UI that need no browser: the duplicate warning, reading the form, diffs."""
from __future__ import annotations

import sys
import types

import pytest

from components import duplicates, form_fields, initiative_form


@pytest.fixture
def fake_index(monkeypatch):
    """A stand-in for index.runtime (the real one belongs to the search issue)."""
    calls = []

    class Index:
        def duplicates(self, title, summary, limit=5):
            calls.append((title, summary, limit))
            return [{"slug": "kansen-op-werk", "title": "Kansen op werk", "score": 0.82},
                    {"slug": "eigen", "title": "Het eigen initiatief", "score": 0.99},
                    {"slug": "ver-weg", "title": "Iets anders", "score": 0.1}]

    module = types.ModuleType("index.runtime")
    module.get_index = lambda: Index()
    monkeypatch.setitem(sys.modules, "index.runtime", module)
    return calls


def test_duplicates_show_close_ones_with_percentage(fake_index):
    found = duplicates.candidates("Kansen op werk voor iedereen", "Samenvatting", own_slug="eigen")
    assert found == [{"slug": "kansen-op-werk", "title": "Kansen op werk", "score": 0.82}]
    assert fake_index == [("Kansen op werk voor iedereen", "Samenvatting", 5)]
    card = str(duplicates.warning(found, "nl"))
    assert "Lijkt op:" in card and "82%" in card and "/bewerken/kansen-op-werk" in card


def test_duplicates_wait_for_a_real_title(fake_index):
    assert duplicates.candidates("abc", "") == [] and fake_index == []


def test_duplicates_degrade_when_the_index_fails(monkeypatch):
    module = types.ModuleType("index.runtime")

    def broken():
        raise RuntimeError("index kapot")

    module.get_index = broken
    monkeypatch.setitem(sys.modules, "index.runtime", module)
    assert duplicates.candidates("Kansen op werk", "x") == []
    monkeypatch.setitem(sys.modules, "index.runtime", None)  # import fails
    assert duplicates.candidates("Kansen op werk", "x") == []
    assert duplicates.warning([], "nl") is None


def test_collect_reads_every_kind_of_field():
    states = [
        [{"id": {"type": "pbf", "field": "title"}, "value": "Titel hier"},
         {"id": {"type": "pbf", "field": "tags"}, "value": "zorg, techniek ,, "}],
        [{"id": {"type": "pbm", "field": "description"}, "value": "**md**"}],
        [{"id": {"type": "pbd", "field": "regions"}, "value": ["twente"]}],
        [{"id": {"type": "pbrow-a", "list": "success_factors", "key": 1}, "value": "Tweede"},
         {"id": {"type": "pbrow-a", "list": "success_factors", "key": 0}, "value": "Eerste"},
         {"id": {"type": "pbrow-a", "list": "sources", "key": 0}, "value": "Bron"},
         {"id": {"type": "pbrow-a", "list": "failures", "key": 0}, "value": ""}],
        [{"id": {"type": "pbrow-b", "list": "success_factors", "key": 0}, "value": "persoonlijke-begeleiding"},
         {"id": {"type": "pbrow-b", "list": "sources", "key": 0}, "value": "https://example.org"},
         {"id": {"type": "pbrow-b", "list": "failures", "key": 0}, "value": None}],
        {"id": "pb-form-ctx", "value": {}},
    ]
    raw = form_fields.collect(states)
    assert raw["title"] == "Titel hier" and raw["tags"] == ["zorg", "techniek"]
    assert raw["description"] == "**md**" and raw["regions"] == ["twente"]
    assert raw["success_factors"] == [{"text": "Eerste", "category": "persoonlijke-begeleiding"},
                                      {"text": "Tweede", "category": None}]
    assert raw["sources"] == [{"title": "Bron", "url": "https://example.org"}]
    assert raw["failures"] == []


def test_browser_copy_is_read_back_like_the_form():
    copy = {"saved_at": "2026-01-01T10:00:00.000Z", "values": [
        [{"type": "pbf", "field": "title"}, "Uit de browser"], ["kapot"], [{"type": "pbd", "field": "themes"}, ["x"]]]}
    raw = initiative_form.restored_values(copy)
    assert raw["title"] == "Uit de browser" and raw["themes"] == ["x"]


def test_times_compare_like_javascript():
    assert initiative_form._js_time("2026-11-23T12:00:00.123456+00:00") == "2026-11-23T12:00:00.123Z"
    assert initiative_form._js_time("2026-11-23T12:00:00Z") == "2026-11-23T12:00:00.000Z"
    assert initiative_form._js_time("") == ""
