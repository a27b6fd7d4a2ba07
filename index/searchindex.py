"""`SearchIndex`: the one object a process keeps for its index directory.

    ix = SearchIndex(settings.index_dir)       # opens, or recreates a missing/broken index
    ix.apply(kb_states, kb_loader)             # catch up with the database (at start-up)
    ix.search(q="ww", filters={"region": ["twente"]})
    ix.index_one(record) / ix.remove(id)       # after a commit in kb (see index.kbsync)

Threads (a threaded Flask/gunicorn worker): every search runs on the current `Snapshot` under one
lock, because whoosh readers seek in shared file objects and are not safe to use concurrently;
searches are CPU-bound Python anyway, so the lock costs no parallelism under the GIL. Writers take
a second lock (and whoosh's own file lock, which also keeps other processes out), commit a small
segment without merging the big one, and then publish a new snapshot at once, so a saved
initiative is searchable as soon as `index_one` returns.

Other processes' writes (several workers on one directory) are noticed within REFRESH_SECONDS:
a cheap check of the index generation before a search.

A new snapshot opens a fresh whoosh searcher instead of calling `searcher.refresh()`: in
whoosh-reloaded 2.7.5 `refresh()` reuses segment readers by segment id, so documents deleted
since come back, and segments merged away are read twice (checked; see tests/test_index_sync.py).

Damage: the index is derived, so a read that fails (bytes garbled on disk, a file cut short) or a
segment file changed in place (segment files are written once, so a new size or time means
someone wrote into it) marks the index damaged. A search that hits the damage raises
`IndexDamaged` (the API answers 503, the pages say the search is being repaired); the next `apply`
(the runtime's poll calls it within seconds) rebuilds the index from the database.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional

from whoosh.index import LockError
from whoosh.scoring import BM25F

from index import similar as similar_mod
from index import store, sync
from index.documents import Labels, default_labels
from index.search import search as run_search
from index.segments import SegmentData
from index.snapshot import Snapshot
from index.synonyms import Synonyms
from index.synonyms import default as default_synonyms

log = logging.getLogger(__name__)
REFRESH_SECONDS = 1.0
MERGE_DELAY = 2.0


class IndexDamaged(Exception):
    """The index on disk cannot be read as it stands; it is being rebuilt from the database."""

    def __init__(self, reason: str = ""):
        super().__init__("De zoekindex wordt hersteld; probeer het over een minuut opnieuw.")
        self.reason = reason


# Failures that say nothing about the index's contents: another writer holds the lock, the disk is
# full, too many open files. Rebuilding would not help; the next catch-up simply tries again.
BUSY_ERRORS: tuple[type[BaseException], ...] = (LockError, TimeoutError, OSError)


class _SourceFailed(Exception):
    """The database loader failed during a sync (not the index): re-raised as its cause."""


class SearchIndex:
    def __init__(self, index_dir: Path | str, labels: Optional[Labels] = None,
                 synonyms: Optional[Synonyms] = None):
        self.index_dir = Path(index_dir)
        self.labels = labels or default_labels()
        self.synonyms = synonyms or default_synonyms()
        self._read_lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._segments: dict[str, SegmentData] = {}
        self._snapshot: Optional[Snapshot] = None
        self._checked = 0.0
        self._timer_lock = threading.Lock()
        self._merge_timer: Optional[threading.Timer] = None
        # True when the index had to be recreated empty: the next `apply` fills it from scratch.
        self.recreated = False
        # Why the index on disk is not trustworthy (None: it is); the next `apply` rebuilds it.
        self.damaged: Optional[str] = None
        self._files: dict[str, tuple[int, int]] = {}  # the segment files of the current snapshot
        # the segment files of the directory as this process found it wanting (damaged or missing):
        # when none of them is left, another process has rebuilt it (see _replaced_meanwhile)
        self._wanting_files: dict[str, tuple[int, int]] = {}
        self._placeholder: Optional[Path] = None  # an empty index of our own while another rebuilds
        self._repair_failures = 0
        self._next_repair = 0.0
        store.sweep(self.index_dir)
        self._ix = self._open_or_recreate()
        self._publish()

    # opening --------------------------------------------------------------------------------

    def _open_or_recreate(self):
        """The index in the directory; a missing or unusable one is replaced by an empty one (the
        next `apply` fills it) — unless another process is rebuilding it right now: then this
        process serves an empty index of its own until that rebuild has gone live, rather than
        swapping an empty one over it."""
        try:
            return store.open_index(self.index_dir)
        except store.IndexUnavailable as exc:
            reason = exc
        self.recreated = True
        with store.rebuild_lock(self.index_dir, wait=False) as held:
            if not held:
                log.info("zoekindex wordt door een ander proces opgebouwd; voorlopig leeg")
                self._wanting_files = store.fingerprint(self.index_dir)
                self._placeholder = store.scratch_dir(self.index_dir)
                return store.create_empty(self._placeholder)
            try:  # another process may have finished a rebuild since we looked
                ix = store.open_index(self.index_dir)
                self.recreated = False
                return ix
            except store.IndexUnavailable:
                pass
            if self.index_dir.exists():
                log.warning("zoekindex wordt opnieuw aangemaakt: %s", reason)
            else:
                log.info("nieuwe zoekindex in %s", self.index_dir)
            scratch = store.scratch_dir(self.index_dir)
            try:
                store.create_empty(scratch).close()
                store.swap_in(scratch, self.index_dir)
            except BaseException:
                store.discard(scratch)
                raise
            self._wanting_files = store.fingerprint(self.index_dir)
            return store.open_index(self.index_dir)

    def _publish(self) -> None:
        """Open a new searcher on the latest generation and make it the current snapshot."""
        searcher = self._ix.searcher(weighting=BM25F())
        snapshot = Snapshot(searcher, self._segments, searcher.reader().generation())
        live_ids = {data.segment_id for data, _sub, _off in snapshot.leaves}
        files = store.fingerprint(self.index_dir, live_ids) if self._placeholder is None else {}
        with self._read_lock:
            old, self._snapshot = self._snapshot, snapshot
            for segid in list(self._segments):
                if segid not in live_ids:
                    del self._segments[segid]
            self._files = files
            if old is not None:
                old.searcher.close()
        self._checked = time.monotonic()

    # damage ---------------------------------------------------------------------------------

    @property
    def needs_repair(self) -> bool:
        return self.recreated or self.damaged is not None

    def mark_damaged(self, reason: str) -> None:
        if self.damaged is None:
            log.error("zoekindex beschadigd, wordt opnieuw opgebouwd uit de database: %s", reason)
            self._wanting_files = dict(self._files)
        self.damaged = reason

    def check_files(self) -> bool:
        """True when the segment files are as the current snapshot opened them (a few stat calls);
        otherwise the index is marked damaged. A newer generation is not damage: it is picked up."""
        try:
            latest = self._ix.latest_generation()
        except OSError:
            latest = -1
        if self._snapshot is None or latest != self._snapshot.generation:
            return True
        changed = store.changed_files(self.index_dir, self._files)
        try:  # another process may have committed (and merged files away) in the meantime
            newer = self._ix.latest_generation() != latest
        except OSError:
            newer = False
        if changed and not newer:
            self.mark_damaged(f"segmentbestanden gewijzigd of verdwenen: {', '.join(changed)}")
            return False
        return True

    @contextmanager
    def _guarded(self, writing: bool = False) -> Iterator[None]:
        """A failure of the index itself (not of the query) inside the block marks it damaged and
        comes out as IndexDamaged. When `writing`, BUSY_ERRORS pass unchanged (a lock held by
        another writer is no damage)."""
        from index.query import QueryError

        passing = (QueryError, IndexDamaged) + (BUSY_ERRORS if writing else ())
        try:
            yield
        except passing:
            raise
        except Exception as exc:
            self.mark_damaged(f"{type(exc).__name__}: {exc}")
            raise IndexDamaged(str(exc)) from exc

    def _reading(self, fn, *args, **kwargs):
        with self._guarded(), self.snapshot() as snap:
            return fn(snap, *args, **kwargs)

    def _refresh_if_stale(self) -> None:
        """Pick up commits by other processes (or a rebuild swapped in), at most once a second."""
        now = time.monotonic()
        if now - self._checked < REFRESH_SECONDS:
            return
        self._checked = now
        try:
            latest = self._ix.latest_generation()
        except OSError:
            latest = -1
        if latest == self._snapshot.generation:
            self.check_files()
            return
        try:
            self._ix = store.open_index(self.index_dir)
        except store.IndexUnavailable as exc:
            self.mark_damaged(f"onleesbaar geworden: {exc}")
            return
        self._publish()

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """The current snapshot, held under the read lock for the duration of the block."""
        with self._read_lock:
            self._refresh_if_stale()
            yield self._snapshot

    # reading --------------------------------------------------------------------------------

    def search(self, q: str = "", filters: Optional[Mapping[str, Iterable[str]]] = None,
               sort: str = "relevance", page: int = 1, per_page: int = 10, facets: bool = True) -> dict[str, Any]:
        with self._guarded():
            return run_search(self, q=q, filters=filters, sort=sort, page=page, per_page=per_page, facets=facets)

    def similar(self, slug: str, limit: int = 5) -> Optional[list[dict[str, Any]]]:
        return self._reading(similar_mod.similar, slug, limit)

    def duplicates(self, title: str, summary: str = "", limit: int = 5, exclude_slug: Optional[str] = None,
                   min_score: float = 0.0) -> list[dict[str, Any]]:
        return self._reading(similar_mod.duplicates, title, summary, limit, exclude_slug, min_score)

    def count(self) -> int:
        """Documents in the index; IndexDamaged while the index on disk is not trustworthy."""
        count = self._reading(lambda snap: snap.live_count)
        if self.damaged is not None:
            raise IndexDamaged(self.damaged)
        return count

    def states(self) -> dict[int, int]:
        """id -> revision of every initiative in the index."""
        with self._read_lock:
            return sync.indexed_states(self._ix)

    def warm(self) -> None:
        """Read before the first request what searches need: facets, sort columns, field
        lengths, term lists, the posting lists of the frequent terms (the long ones, which a
        first search would otherwise read) as far as the postings cache holds them, and the
        phrases of the multi-word synonyms (see Snapshot.warm)."""
        with self._guarded(), self.snapshot() as snap:
            snap.warm(self.synonyms.phrases())

    # writing --------------------------------------------------------------------------------

    def index_one(self, record: Mapping[str, Any]) -> None:
        """Make the index agree with one record just committed: (re)index it when published,
        remove it otherwise. Searchable when this returns."""
        if sync.is_searchable(record):
            self._write([record], [])
        else:
            self._write([], [int(record["id"])])

    def remove(self, record_id: int) -> None:
        self._write([], [int(record_id)])

    def _write(self, upserts: list, deletes: list) -> None:
        with self._write_lock:
            with self._guarded(writing=True):
                sync.write(self._ix, upserts, deletes, self.labels)
            self._publish()
            segments = len(self._snapshot.leaves)
        if segments > sync.MAX_SEGMENTS:
            self._schedule_merge(now=segments > 3 * sync.MAX_SEGMENTS)

    def _schedule_merge(self, now: bool = False) -> None:
        """Merge the small segments of recent saves in the background, once writing has paused
        for MERGE_DELAY seconds (a burst of saves then pays for one merge, and no save waits for
        one); at once when segments pile up regardless."""
        with self._timer_lock:
            if self._merge_timer is not None:
                self._merge_timer.cancel()
            self._merge_timer = threading.Timer(0.0 if now else MERGE_DELAY, self._merge_small)
            self._merge_timer.daemon = True
            self._merge_timer.start()

    def _merge_small(self) -> None:
        with self._timer_lock:
            self._merge_timer = None
        try:
            with self._write_lock:
                if self._snapshot is None or len(self._snapshot.leaves) <= sync.MAX_SEGMENTS:
                    return
                sync.merge(self._ix)
                self._publish()
        except Exception:  # the next write or sync tries again; searching is unaffected
            log.exception("samenvoegen van indexsegmenten mislukt")

    def merge_now(self) -> None:
        """Do a pending background merge now (for tests, benchmarks and shutdown)."""
        with self._timer_lock:
            timer, self._merge_timer = self._merge_timer, None
        if timer is not None:
            timer.cancel()
            self._merge_small()
        with self._write_lock:  # and wait for one already running
            pass

    def apply(self, states: Mapping[int, int] | Iterable[tuple[int, int]], loader: sync.Loader,
              progress: Optional[sync.Progress] = None) -> sync.SyncReport:
        """Bring the index in line with the database (see index.sync.apply); an index that is
        missing, recreated empty or damaged is rebuilt from scratch. Errors of the database
        (the loader) pass through unchanged, and so do BUSY_ERRORS (a lock held by another
        writer, a full disk): they say nothing about the index, the next catch-up tries again."""
        wanted = dict(states.items() if isinstance(states, Mapping) else states)
        load = _guard_source(loader)
        with self._write_lock:
            self._checked = 0.0  # look at the directory now: it may have been deleted or replaced under us
            self._refresh_if_stale()
            try:
                report = self._repair(wanted, load, progress) if self.needs_repair else None
                if report is None:
                    try:
                        report = sync.apply(self._ix, self.index_dir, wanted, load, self.labels, progress,
                                            rebuild_whole=lambda ids: self._rebuild_whole(ids, load, progress))
                    except (_SourceFailed, *BUSY_ERRORS):
                        raise
                    except Exception as exc:  # reading the index itself failed
                        self.mark_damaged(f"{type(exc).__name__}: {exc}")
                        report = self._repair(wanted, load, progress)
                        if report is None:
                            report = sync.apply(self._ix, self.index_dir, wanted, load, self.labels, progress)
            except _SourceFailed as exc:
                raise exc.__cause__ from None
            if report.changed:
                self._reopen()
            return report

    def _repair(self, wanted: dict[int, int], load: sync.Loader,
                progress: Optional[sync.Progress]) -> Optional[sync.SyncReport]:
        """Rebuild the whole index, one process at a time. When several workers share a directory
        and find it wanting, the first rebuilds; the others do not wait (a save in their process
        would wait with them) but postpone, and at a later catch-up find the directory replaced
        and only reopen it (None: go on with an ordinary sync). A rebuild that fails is retried
        after a growing pause (2, 4, … up to 300 s), not at every catch-up."""
        if time.monotonic() < self._next_repair:
            return sync.SyncReport(details={"postponed": "na een mislukte poging"})
        with store.rebuild_lock(self.index_dir, wait=False) as held:
            if not held:
                return sync.SyncReport(details={"postponed": "een ander proces bouwt de index op"})
            if self._replaced_meanwhile():
                log.info("zoekindex is intussen door een ander proces opnieuw opgebouwd")
                self._reopen()
                return None
            ids = sorted(wanted)
            started = time.perf_counter()
            try:
                sync.rebuild(self.index_dir, sync.load_batches(load, ids), total=len(ids),
                             progress=progress, labels=self.labels)
            except _SourceFailed:
                raise
            except Exception:
                self._repair_failures += 1
                self._next_repair = time.monotonic() + min(300.0, 2.0 ** self._repair_failures)
                raise
            self._repair_failures, self._next_repair = 0, 0.0
            seconds = time.perf_counter() - started
            if self.damaged is not None:  # operators want to know about a repair, not about a first build
                log.warning("zoekindex hersteld: opnieuw opgebouwd uit de database in %.1f s (%s)", seconds,
                            self.damaged)
            return sync.SyncReport(added=len(ids), rebuilt=True, seconds=seconds)

    def _rebuild_whole(self, ids: list[int], load: sync.Loader, progress: Optional[sync.Progress]) -> sync.SyncReport:
        """A rebuild because most of the index changed (a bulk import): one process at a time; the
        others postpone and pick up the result as they would any other process's commit."""
        with store.rebuild_lock(self.index_dir, wait=False) as held:
            if not held:
                return sync.SyncReport(details={"postponed": "een ander proces bouwt de index op"})
            started = time.perf_counter()
            sync.rebuild(self.index_dir, sync.load_batches(load, ids), total=len(ids), progress=progress,
                         labels=self.labels)
            return sync.SyncReport(added=len(ids), rebuilt=True, seconds=time.perf_counter() - started)

    def _replaced_meanwhile(self) -> bool:
        """True when none of the segment files of the directory as we found it wanting is left,
        and it holds a readable index with files of its own: somebody rebuilt it since."""
        now = store.fingerprint(self.index_dir)
        if not now or any(name in now for name in self._wanting_files):
            return False
        try:
            store.open_index(self.index_dir).close()
        except store.IndexUnavailable:
            return False
        return True

    def rebuild(self, records: Iterable[Mapping[str, Any]], total: Optional[int] = None,
                progress: Optional[sync.Progress] = None) -> int:
        """Replace the whole index by one built from `records` (see index.sync.rebuild)."""
        with self._write_lock, store.rebuild_lock(self.index_dir):
            count = sync.rebuild(self.index_dir, records, total=total, progress=progress, labels=self.labels)
            self._reopen()
            return count

    def optimize(self) -> None:
        with self._write_lock:
            sync.optimize(self._ix)
            self._publish()

    def _reopen(self) -> None:
        self._ix = store.open_index(self.index_dir)
        self.recreated = False
        self.damaged = None
        self._wanting_files = {}
        if self._placeholder is not None:
            store.discard(self._placeholder)
            self._placeholder = None
        self._publish()

    def close(self) -> None:
        with self._timer_lock:
            if self._merge_timer is not None:
                self._merge_timer.cancel()
                self._merge_timer = None
        with self._read_lock:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
                self._snapshot = None
        if self._placeholder is not None:
            store.discard(self._placeholder)
            self._placeholder = None


def _guard_source(loader: sync.Loader) -> sync.Loader:
    """The loader, with its failures wrapped so `apply` can tell them from the index's own."""

    def load(ids: list[int]):
        try:
            return list(loader(ids))
        except Exception as exc:
            raise _SourceFailed() from exc

    return load
