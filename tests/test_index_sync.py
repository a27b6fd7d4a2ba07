"""Keeping the index in line with the database: write path, catch-up, rebuild, broken directories."""
from __future__ import annotations

import os
import threading
import time

from whoosh import fields as wf
from whoosh import index as whoosh_index

import pytest

from index import IndexDamaged, SearchIndex
from index.store import VERSION_FILE
from index.sync import MAX_SEGMENTS
from test_index_helpers import build, corpus, rec, slugs


class FakeDatabase:
    """The database side of a sync, as plain data: what kb.services would answer."""

    def __init__(self, records):
        self.records = {r["id"]: dict(r) for r in records}
        self.loads: list[list[int]] = []

    def states(self) -> dict[int, int]:
        return {i: r["revision"] for i, r in self.records.items() if r["status"] == "published"}

    def load(self, ids):
        self.loads.append(list(ids))
        return [dict(self.records[i]) for i in ids if i in self.records]


def test_apply_fills_a_new_index(tmp_path):
    db = FakeDatabase(corpus())
    ix = SearchIndex(tmp_path / "ix")
    report = ix.apply(db.states(), db.load)
    assert report.changed and ix.count() == 9
    assert ix.states() == db.states()
    ix.close()


def test_apply_adds_updates_deletes_and_unpublishes(tmp_path):
    db = FakeDatabase(corpus())
    ix = build(tmp_path / "ix")
    assert ix.apply(db.states(), db.load).changed is False  # nothing to do
    assert db.loads == []

    db.records[11] = rec(11, "nieuw", "Nieuw initiatief over fietsenmakers", "Fietsenmakers leiden op.")
    db.records[1].update(title="Mobiliteitsteam Oost", revision=2)
    db.records[4]["status"] = "archived"  # no longer published
    del db.records[3]                       # gone from the database
    report = ix.apply(db.states(), db.load)

    assert (report.added, report.updated, report.deleted) == (1, 1, 2)
    assert ix.states() == db.states()
    assert slugs(ix.search(q="fietsenmakers")) == ["nieuw"]
    assert ix.search(q="mobiliteitsteam oost")["results"][0]["title"] == "Mobiliteitsteam Oost"
    assert "markt-voor-vakmensen" not in slugs(ix.search(per_page=50))
    assert "arbeidsmarktregio-dashboard" not in slugs(ix.search(per_page=50))
    ix.close()


def test_apply_removes_a_record_unpublished_between_states_and_load(tmp_path):
    db = FakeDatabase(corpus())
    ix = build(tmp_path / "ix")
    states = db.states()
    states[1] = 2                      # the database said: revision 2 is published …
    db.records[1]["status"] = "draft"  # … but by the time it is loaded it is a draft
    ix.apply(states, db.load)
    assert "mobiliteitsteam-twente" not in slugs(ix.search(per_page=50))
    ix.close()


def test_index_one_and_remove_are_searchable_at_once(tmp_path):
    ix = build(tmp_path / "ix")
    before = ix.count()
    ix.index_one(rec(20, "direct", "Direct vindbaar", "Een zojuist gepubliceerd initiatief over bijenhouders."))
    assert slugs(ix.search(q="bijenhouders")) == ["direct"] and ix.count() == before + 1
    ix.index_one(rec(20, "direct", "Direct vindbaar", "Nu over imkers.", revision=2))
    assert ix.search(q="bijenhouders")["total"] == 0 and slugs(ix.search(q="imkers")) == ["direct"]
    assert ix.count() == before + 1
    ix.index_one(rec(20, "direct", "Direct vindbaar", "Nu over imkers.", revision=3, status="archived"))
    assert ix.search(q="imkers")["total"] == 0 and ix.count() == before
    ix.index_one(rec(21, "weg", "Weg ermee", "Over kaasmakers."))
    ix.remove(21)
    assert ix.search(q="kaasmakers")["total"] == 0
    ix.close()


def test_many_writes_keep_few_segments_and_correct_counts(tmp_path):
    ix = build(tmp_path / "ix")
    for i in range(30):
        ix.index_one(rec(100 + i, f"extra-{i}", f"Extra initiatief {i}", "Over glazeniers en hun leerlingen."))
    for i in range(0, 30, 2):
        ix.remove(100 + i)
    assert ix.search(q="glazeniers")["total"] == 15
    assert ix.count() == 9 + 15
    ix.merge_now()
    with ix.snapshot() as snap:
        assert len(snap.leaves) <= MAX_SEGMENTS + 1
    assert ix.search(q="glazeniers")["total"] == 15 and ix.count() == 9 + 15
    ix.optimize()
    assert ix.search(q="glazeniers")["total"] == 15
    with ix.snapshot() as snap:
        assert len(snap.leaves) == 1
    ix.close()


def test_a_missing_directory_is_recreated_and_filled(tmp_path):
    db = FakeDatabase(corpus())
    ix = SearchIndex(tmp_path / "nog" / "niet" / "daar")
    assert ix.recreated and ix.count() == 0
    assert ix.apply(db.states(), db.load).rebuilt
    assert ix.count() == 9 and not ix.recreated
    ix.close()


def test_a_corrupt_index_is_rebuilt_from_scratch(tmp_path):
    path = tmp_path / "ix"
    build(path).close()
    for name in os.listdir(path):
        if name.endswith(".seg") or name.endswith(".toc"):
            with open(path / name, "r+b") as fh:
                fh.truncate(20)
    db = FakeDatabase(corpus())
    ix = SearchIndex(path)
    assert ix.recreated
    report = ix.apply(db.states(), db.load)
    assert report.rebuilt and ix.count() == 9
    assert "mobiliteitsteam-twente" in slugs(ix.search(q="rmt"))
    ix.close()


def test_garbage_files_and_other_schema_versions_are_rebuilt(tmp_path):
    path = tmp_path / "ix"
    path.mkdir()
    (path / "_MAIN_1.toc").write_bytes(b"\x00garbage")
    assert SearchIndex(path).recreated
    other = tmp_path / "other"
    other.mkdir()
    whoosh_index.create_in(str(other), wf.Schema(x=wf.ID()))
    (other / VERSION_FILE).write_text("een-oude-versie")
    assert SearchIndex(other).recreated


def test_rebuild_swaps_in_and_other_instances_notice(tmp_path):
    path = tmp_path / "ix"
    writer_side = build(path)
    reader_side = SearchIndex(path)  # a second process on the same directory
    assert reader_side.count() == 9
    writer_side.rebuild([rec(1, "enige", "Het enige initiatief", "Over hoefsmeden.")])
    reader_side._checked = 0  # as if a second had passed
    assert slugs(reader_side.search(q="hoefsmeden")) == ["enige"]
    assert reader_side.count() == 1
    assert not [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith(".ix.")]  # no leftovers
    writer_side.close()
    reader_side.close()


def test_writes_by_another_instance_are_noticed(tmp_path):
    path = tmp_path / "ix"
    a = build(path)
    b = SearchIndex(path)
    a.index_one(rec(30, "van-a", "Geschreven door a", "Over zadelmakers."))
    b._checked = 0
    assert slugs(b.search(q="zadelmakers")) == ["van-a"]
    a.remove(30)
    b._checked = 0
    assert b.search(q="zadelmakers")["total"] == 0
    a.close()
    b.close()


def test_whoosh_refresh_is_not_used_because_it_resurrects_deleted_documents(tmp_path):
    """Documents the workaround in SearchIndex._publish: whoosh-reloaded's refresh() is wrong."""
    ix = whoosh_index.create_in(str(tmp_path), wf.Schema(id=wf.ID(stored=True, unique=True)))
    w = ix.writer()
    for i in range(3):
        w.add_document(id=str(i))
    w.commit()
    searcher = ix.searcher()
    w = ix.writer()
    w.delete_by_term("id", "1")
    w.commit()
    assert ix.searcher().doc_count() == 2
    refreshed = searcher.refresh()
    if refreshed.doc_count() == 2:  # fixed upstream: the workaround may go
        return
    assert refreshed.doc_count() == 3


def test_concurrent_searches_and_writes(tmp_path):
    ix = build(tmp_path / "ix")
    errors: list[BaseException] = []

    def searching():
        try:
            for _ in range(40):
                result = ix.search(q="werk", filters={"region": ["twente"]})
                assert result["total"] >= 1
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    def writing():
        try:
            for i in range(10):
                ix.index_one(rec(200 + i, f"parallel-{i}", "Parallel initiatief", "Over werk in Twente."))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(4)] + [threading.Thread(target=writing)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ix.search(q="parallel")["total"] == 10
    ix.close()


def _garble_segments(path, how="garbled"):
    assert any(name.endswith(".seg") for name in os.listdir(path)), "nothing to damage"
    for name in os.listdir(path):
        if name.endswith(".seg"):
            size = (path / name).stat().st_size
            with open(path / name, "r+b") as fh:
                if how == "garbled":
                    fh.seek(64)
                    fh.write(os.urandom(size - 128))
                else:
                    fh.truncate(size // 2)


def _damaged(tmp_path, how="garbled"):
    """A filled index whose segment files were then damaged on disk, noticed by `check_files`."""
    db = FakeDatabase(corpus())
    ix = SearchIndex(tmp_path / "ix")
    ix.apply(db.states(), db.load)
    assert ix.check_files() and not ix.needs_repair
    _garble_segments(tmp_path / "ix", how)
    assert not ix.check_files()
    return db, ix


@pytest.mark.parametrize("how", ["garbled", "truncated"])
def test_damage_under_a_running_index_is_noticed_and_repaired_by_the_next_apply(tmp_path, how):
    # segment files are written once: a changed size or time is damage, found by a few stat calls
    db, ix = _damaged(tmp_path, how)
    assert ix.needs_repair
    with pytest.raises(IndexDamaged) as caught:
        ix.count()
    assert "hersteld" in str(caught.value)
    report = ix.apply(db.states(), db.load)
    assert report.rebuilt and not ix.needs_repair
    assert ix.count() == 9 and "mobiliteitsteam-twente" in slugs(ix.search(q="rmt"))
    ix.close()


def test_bit_rot_found_by_a_read_marks_the_index_damaged_instead_of_escaping(tmp_path):
    db = FakeDatabase(corpus())
    ix = SearchIndex(tmp_path / "ix")
    ix.apply(db.states(), db.load)
    stamps = {n: os.stat(tmp_path / "ix" / n) for n in os.listdir(tmp_path / "ix") if n.endswith(".seg")}
    _garble_segments(tmp_path / "ix")
    for name, st in stamps.items():  # the bytes changed, the file's size and time did not
        os.utime(tmp_path / "ix" / name, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert ix.check_files()
    with pytest.raises(IndexDamaged):
        for q in ("", "rmt", "werkgevers", "jongeren", "scholing"):
            ix.search(q=q, per_page=20)
            ix.similar("mobiliteitsteam-twente")
    assert ix.needs_repair
    assert ix.apply(db.states(), db.load).rebuilt and not ix.needs_repair
    assert "mobiliteitsteam-twente" in slugs(ix.search(q="rmt"))
    ix.close()


def test_database_errors_during_apply_pass_through_and_leave_the_index_alone(tmp_path):
    db = FakeDatabase(corpus())
    ix = SearchIndex(tmp_path / "ix")
    ix.apply(db.states(), db.load)
    db.records[max(db.records)]["revision"] += 1

    class DatabaseDown(Exception):
        pass

    def down(ids):
        raise DatabaseDown("connection refused")

    with pytest.raises(DatabaseDown):
        ix.apply(db.states(), down)
    assert not ix.needs_repair and ix.count() == 9
    ix.close()


def test_scratch_directories_of_dead_builds_are_swept(tmp_path):
    import subprocess
    import sys

    from index import store

    path = tmp_path / "ix"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    left = tmp_path / f".ix.build-{dead}-0123abcd"
    left.mkdir()
    (left / "_MAIN_1.toc").write_bytes(b"half")
    mine = store.scratch_dir(path)  # a build of a process that still runs: kept
    other = tmp_path / ".iy.build-1-0123abcd"  # another index's: not ours to touch
    other.mkdir()
    SearchIndex(path).close()
    assert not left.exists() and mine.exists() and other.exists()


def test_workers_sharing_a_damaged_directory_rebuild_it_once(tmp_path):
    db = FakeDatabase(corpus())
    first = SearchIndex(tmp_path / "ix")
    first.apply(db.states(), db.load)
    second = SearchIndex(tmp_path / "ix")  # another worker on the same directory
    assert second.count() == 9
    _garble_segments(tmp_path / "ix")
    assert not first.check_files() and not second.check_files()
    assert first.apply(db.states(), db.load).rebuilt
    extra = rec(99, "extra-na-herstel", "Extra na herstel", "Een initiatief dat na het herstel is opgeslagen.")
    db.records[99] = extra
    first.index_one(extra)  # and a later commit: the second sees a newer generation, still not whole
    loads = len(db.loads)
    report = second.apply(db.states(), db.load)  # finds the directory rebuilt: reopens, no second rebuild
    assert not report.rebuilt and not report.changed and len(db.loads) == loads
    assert not second.needs_repair and second.count() == 10
    assert "mobiliteitsteam-twente" in slugs(second.search(q="rmt"))
    first.close()
    second.close()


def test_rebuilds_of_one_directory_take_turns(tmp_path):
    from index import store

    order: list[str] = []
    inside = threading.Event()

    def hold():
        with store.rebuild_lock(tmp_path / "ix"):
            order.append("first in")
            inside.set()
            time.sleep(0.3)
            order.append("first out")

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    with store.rebuild_lock(tmp_path / "ix"):  # flock is per open file: threads exclude each other too
        order.append("second in")
    holder.join()
    assert order == ["first in", "first out", "second in"]


class _Holder:
    """Another process's rebuild, as far as the lock goes: holds `rebuild_lock` in a thread until
    released, optionally building the index meanwhile."""

    def __init__(self, path, build_with=None):
        from index import store

        self.release = threading.Event()
        self.held = threading.Event()

        def run():
            with store.rebuild_lock(path):
                self.held.set()
                if build_with is not None:
                    self.release.wait(10)
                    from index.sync import rebuild

                    rebuild(path, build_with)
                self.release.wait(10)

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert self.held.wait(5)

    def done(self):
        self.release.set()
        self.thread.join(10)


def test_a_damaged_index_does_not_make_saves_wait_for_another_process_rebuilding_it(tmp_path):
    db, ix = _damaged(tmp_path)
    other = _Holder(tmp_path / "ix")
    try:
        started = time.monotonic()
        report = ix.apply(db.states(), db.load)  # the poll's catch-up: postponed, not waiting
        assert not report.rebuilt and "postponed" in report.details
        extra = rec(98, "tijdens-herstel", "Tijdens het herstel", "Opgeslagen terwijl een ander proces herbouwt.")
        db.records[98] = extra
        with pytest.raises(IndexDamaged):  # a save in this process is not kept waiting either
            ix.index_one(extra)  # (it touches the damage; the rebuild will include it)
        assert time.monotonic() - started < 3
    finally:
        other.done()
    report = ix.apply(db.states(), db.load)  # the lock is free and nobody rebuilt: this process does
    assert report.rebuilt and not ix.needs_repair and ix.count() == 10
    ix.close()


def test_a_process_starting_while_another_rebuilds_does_not_swap_an_empty_index_over_it(tmp_path):
    db = FakeDatabase(corpus())
    path = tmp_path / "ix"
    build(path).close()
    _garble_segments(path, "truncated")
    before = sorted(os.listdir(path))
    other = _Holder(path, build_with=[dict(r) for r in db.records.values()])
    ix = SearchIndex(path)  # cannot open it, and may not replace it: an empty index of its own
    assert ix.recreated and ix.count() == 0 and sorted(os.listdir(path)) == before
    assert "postponed" in ix.apply(db.states(), db.load).details
    other.done()  # the other process's rebuild goes live
    report = ix.apply(db.states(), db.load)
    assert not report.rebuilt and not ix.needs_repair and ix.count() == 9  # reopened, not rebuilt again
    assert "mobiliteitsteam-twente" in slugs(ix.search(q="rmt"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ix.build-")]  # its placeholder is gone
    ix.close()


def test_a_failing_repair_is_retried_after_a_pause_not_at_every_catch_up(tmp_path):
    db, ix = _damaged(tmp_path)
    broken = dict(db.records[1])
    del broken["id"]  # a record the index cannot take: the rebuild fails

    def load_broken(ids):
        return [broken] + db.load(ids)

    with pytest.raises(KeyError):
        ix.apply(db.states(), load_broken)
    loads = len(db.loads)
    report = ix.apply(db.states(), load_broken)  # at once again: postponed, nothing loaded
    assert "postponed" in report.details and len(db.loads) == loads and ix.needs_repair
    ix._next_repair = 0.0  # the pause is over
    assert ix.apply(db.states(), db.load).rebuilt and ix.count() == 9
    ix.close()


def test_a_bulk_change_is_rebuilt_by_one_process_at_a_time(tmp_path):
    records = [rec(i, f"bulk-{i}", f"Initiatief {i} over scholing", "Leren en werken in de regio.")
               for i in range(1, 1201)]
    db = FakeDatabase([])
    ix = SearchIndex(tmp_path / "ix")
    ix.apply(db.states(), db.load)  # a whole, empty index
    assert not ix.needs_repair
    db.records = {r["id"]: dict(r) for r in records}  # a bulk import: most of the index changes
    other = _Holder(tmp_path / "ix")  # while another process is rebuilding
    try:
        report = ix.apply(db.states(), db.load)
        assert "postponed" in report.details and not report.rebuilt and db.loads == [] and ix.count() == 0
    finally:
        other.done()
    report = ix.apply(db.states(), db.load)
    assert report.rebuilt and ix.count() == 1200
    ix.close()
