"""The store: create, read, update with revisions and optimistic locking, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pytest
from helpers import minimal
from sqlmodel import Session, select

from kb import events, services
from kb.models import Factor, Initiative, InitiativeTerm, Revision
from kb.validation import ValidationFailed


def test_create_stores_all_fields_and_revision_one(engine):
    rec = services.create(minimal(
        municipalities=["Meierijstad"], organisations=["UWV", "FNV"], target_groups=["Met ontslag bedreigde werknemers"],
        themes=["van-werk-naar-werk"], tags=["catering"],
        success_factors=[{"text": "Vaste begeleider", "category": "persoonlijke-begeleiding"}, "Duidelijke ontslagdatum"],
        failures=[{"text": "MKB lastig te bereiken", "category": "bereik-bekendheid"}],
        participants=30, placed=21, placed_within_months=6, period_start="2020-07", period_end="2021",
        evidence_level="Goed beschreven", evidence_rated_on="2021-06-01",
        sources=[{"title": "Bericht", "url": "https://example.org/a"}], description="# Kop\n\nTekst",
    ), author="tester", engine=engine)
    assert rec["revision"] == 1
    assert rec["target_groups"] == ["ontslag-bedreigd"]  # label normalised to its code
    assert rec["success_factors"][1] == {"text": "Duidelijke ontslagdatum", "category": None}
    assert rec["evidence_level"] == "goed-beschreven"
    again = services.get(rec["slug"], engine=engine)
    assert again == rec
    with Session(engine) as s:
        assert s.exec(select(Revision)).one().author == "tester"
        assert len(s.exec(select(InitiativeTerm)).all()) == 7
        assert len(s.exec(select(Factor)).all()) == 3


def test_duplicate_slug_is_refused_with_field_message(engine):
    services.create(minimal(), author="a", engine=engine)
    with pytest.raises(ValidationFailed) as err:
        services.create(minimal(), author="a", engine=engine)
    assert "bestaat al" in err.value.messages()["slug"]


def test_update_makes_new_revision_with_snapshot(engine):
    rec = services.create(minimal(), author="a", engine=engine)
    changed, did = services.update(rec["slug"], {**minimal(), "participants": 30}, expected_revision=1,
                                   author="b", engine=engine)
    assert did and changed["revision"] == 2 and changed["participants"] == 30
    history = services.revisions(rec["slug"], engine=engine)
    assert [h["revision"] for h in history] == [2, 1]
    assert history[0]["author"] == "b" and history[0]["snapshot"]["participants"] == 30
    assert history[1]["snapshot"]["participants"] is None


def test_update_without_change_makes_no_revision(engine):
    rec = services.create(minimal(), author="a", engine=engine)
    same, did = services.update(rec["slug"], minimal(), expected_revision=1, author="b", engine=engine)
    assert not did and same["revision"] == 1
    assert len(services.revisions(rec["slug"], engine=engine)) == 1


def test_stale_revision_is_refused_and_overwrites_nothing(engine):
    rec = services.create(minimal(), author="a", engine=engine)
    services.update(rec["slug"], {**minimal(), "participants": 10}, expected_revision=1, author="first", engine=engine)
    with pytest.raises(services.StaleRevision) as err:
        services.update(rec["slug"], {**minimal(), "participants": 99}, expected_revision=1, author="second",
                        engine=engine)
    assert "revisie 2" in err.value.message() and "niets overschreven" in err.value.message()
    assert err.value.current["participants"] == 10
    assert services.get(rec["slug"], engine=engine)["participants"] == 10
    assert len(services.revisions(rec["slug"], engine=engine)) == 2


def test_concurrent_saves_on_same_revision_one_wins(engine):
    rec = services.create(minimal(), author="a", engine=engine)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def save(n: int) -> None:
        barrier.wait()
        try:
            services.update(rec["slug"], {**minimal(), "participants": n}, expected_revision=1, author=f"u{n}",
                            engine=engine)
            outcomes.append("ok")
        except services.StaleRevision:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale", "stale", "stale"]
    final = services.get(rec["slug"], engine=engine)
    assert final["revision"] == 2
    assert len(services.revisions(rec["slug"], engine=engine)) == 2


def test_invalid_update_writes_nothing(engine):
    rec = services.create(minimal(participants=5), author="a", engine=engine)
    with pytest.raises(ValidationFailed):
        services.update(rec["slug"], {**minimal(), "participants": 5, "placed": 9}, expected_revision=1,
                        author="b", engine=engine)
    assert services.get(rec["slug"], engine=engine) == rec


def test_unknown_slug_update_is_not_found(engine):
    with pytest.raises(services.NotFound):
        services.update("bestaat-niet", minimal(), expected_revision=1, author="a", engine=engine)


def test_listeners_hear_only_committed_writes(engine):
    heard: list[tuple[str, int]] = []

    def listener(kind, record):
        heard.append((kind, record["revision"]))

    events.subscribe(listener)
    try:
        rec = services.create(minimal(), author="a", engine=engine)
        with pytest.raises(ValidationFailed):
            services.update(rec["slug"], {**minimal(), "title": ""}, expected_revision=1, author="a", engine=engine)
        services.update(rec["slug"], {**minimal(), "participants": 3}, expected_revision=1, author="a", engine=engine)
    finally:
        events.unsubscribe(listener)
    assert heard == [("saved", 1), ("saved", 2)]


def test_published_states_and_stats(engine):
    services.create(minimal(), author="a", engine=engine)
    services.create(minimal(slug="concept-initiatief", status="draft", regions=["twente"]), author="a", engine=engine)
    states = services.published_states(engine=engine)
    assert list(states.values()) == [1]
    st = services.stats(engine=engine)
    assert st["by_status"] == {"published": 1, "draft": 1}
    assert st["by_term"]["region"] == {"noordoost-brabant": 1}
    assert services.count(engine=engine) == 2
    assert [r["slug"] for r in services.iter_records(engine=engine, batch=1)] == ["proef-van-werk-naar-werk"]


def test_delete_cascades_children(engine):
    rec = services.create(minimal(success_factors=["x y z"]), author="a", engine=engine)
    with Session(engine) as s:
        s.delete(s.get(Initiative, rec["id"]))
        s.commit()
        assert s.exec(select(Factor)).all() == []
        assert s.exec(select(Revision)).all() == []


def test_bulk_create_is_all_or_nothing(engine):
    heard = []

    def listener(kind, rec):
        heard.append(kind)

    events.subscribe(listener)
    try:
        n = services.bulk_create([minimal(slug=f"bulk-{i}") for i in range(5)], author="bench", engine=engine)
        assert n == 5 and services.count(engine=engine) == 5
        with pytest.raises(ValidationFailed):
            services.bulk_create([minimal(slug="bulk-new"), minimal(slug="bulk-1")], author="bench", engine=engine)
        with pytest.raises(ValidationFailed):
            services.bulk_create([minimal(slug="bulk-x"), minimal(slug="bulk-y", title="")], author="b", engine=engine)
        assert services.count(engine=engine) == 5
        assert heard == ["bulk"]
    finally:
        events.unsubscribe(listener)
