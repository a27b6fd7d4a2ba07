"""Pieces of the curation UI that need no browser: the duplicate warning, reading the form, diffs."""
from __future__ import annotations

import pytest
from helpers import CONTENT

from components import duplicates, form_fields, initiative_form


@pytest.fixture
def real_index(engine, tmp_path, monkeypatch):
    """The running search index of this process (index.runtime), over content/ in the test database."""
    from index import runtime
    from kb import content, events

    assert content.import_dir(CONTENT, engine=engine).ok
    monkeypatch.setenv("PRAKTIJKBANK_INDEX_DIR", str(tmp_path / "index"))
    listeners = list(events._listeners)
    ix = runtime.get_index(tmp_path / "index", engine)
    yield ix
    for key, running in list(runtime._running.items()):
        running.stop()
        runtime._running.pop(key, None)
    for listener in list(events._listeners):
        if listener not in listeners:
            events.unsubscribe(listener)


def test_duplicates_show_close_ones_with_percentage(real_index):
    title = "Kansen op werk: werkervaringsplaats voor mensen met een psychische kwetsbaarheid"
    summary = "Training en een werkervaringsplaats voor mensen met psychische kwetsbaarheid."
    found = duplicates.candidates(title, summary)
    assert found and found[0]["slug"] == "kansen-op-werk-psychische-kwetsbaarheid"
    assert len(found) <= duplicates.SHOW and all(f["score"] >= duplicates.MIN_SCORE for f in found)
    assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)
    # one's own initiative (while editing it) is no duplicate of itself
    own = duplicates.candidates(title, summary, own_slug="kansen-op-werk-psychische-kwetsbaarheid")
    assert "kansen-op-werk-psychische-kwetsbaarheid" not in [f["slug"] for f in own]
    card = str(duplicates.warning(found, "nl"))
    assert "Lijkt op:" in card and "%" in card and "/bewerken/kansen-op-werk-psychische-kwetsbaarheid" in card


def test_duplicates_wait_for_a_real_title(real_index):
    assert duplicates.candidates("abc", "werkervaringsplaats psychische kwetsbaarheid") == []


def test_duplicates_degrade_when_the_index_is_damaged(real_index, tmp_path):
    title, summary = "Kansen op werk voor mensen met een psychische kwetsbaarheid", "Werkervaringsplaats"
    assert duplicates.candidates(title, summary)
    for path in (tmp_path / "index").iterdir():  # garbled on disk: the form shows no warning, no error
        if path.suffix == ".seg":
            with open(path, "r+b") as fh:
                fh.seek(64)
                fh.write(b"\x00" * (path.stat().st_size - 128))
    real_index._checked = 0.0
    assert duplicates.candidates(title, summary) == []
    assert real_index.needs_repair
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
