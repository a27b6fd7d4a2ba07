"""Keeping the index in line with the database, which is the single source of truth.

- `rebuild`: everything from scratch, into a fresh directory, then swapped in atomically
  (index.store.swap_in); one optimised segment, the fastest layout to search.
- `apply`: compare the (id, revision) pairs the database says should be searchable with the pairs
  the index holds, and add, update or delete the difference. This is how a process catches up
  after a crash, a restore, or writes made by another process or host.
- `write`: add/replace and delete a few documents in one commit (the write path after a save).

Commits never merge (a save would wait for whoosh to rewrite segments): each commit adds one
small segment. `merge` folds the small segments together once there are more than MAX_SEGMENTS
(SearchIndex does that in the background, after the save is searchable), never touching the big
segment; an `optimize` (e.g. after many deletions) compacts everything into one.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional

from whoosh.reading import SegmentReader

from index import bulk, store
from index.documents import Labels, default_labels, to_document
from index.schema import SCHEMA
from index.segments import SegmentData

log = logging.getLogger(__name__)

MAX_SEGMENTS = 10
LOAD_BATCH = 500
# Above this share of the index changing, a rebuild is faster than updates (and leaves one segment).
REBUILD_SHARE = 0.5
WRITER_MB = 512
# From this many records a rebuild uses a second process (see bulk_workers).
BULK_PARALLEL_FROM = 5000

Loader = Callable[[list[int]], Iterable[dict[str, Any]]]
Progress = Callable[..., Iterable]


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.updated or self.deleted)


def is_searchable(record: Mapping[str, Any]) -> bool:
    return record.get("status") == "published"


def merge_small(writer, segments):
    """Merge policy: keep the largest segment, fold the others into the new one when there are
    more than MAX_SEGMENTS (they are small: the saves since the last rebuild or optimize)."""
    if len(segments) <= MAX_SEGMENTS:
        return segments
    largest = max(segments, key=lambda s: s.doc_count_all())
    for segment in segments:
        if segment is not largest:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [largest]


def write(ix, upserts: Iterable[Mapping[str, Any]] = (), deletes: Iterable[int] = (),
          labels: Optional[Labels] = None, timeout: float = 10.0) -> tuple[int, int]:
    """Add or replace `upserts` (published records) and delete the ids in `deletes`, in one
    commit. Returns (written, deleted)."""
    writer = ix.writer(timeout=timeout, delay=0.02)
    written = deleted = 0
    try:
        for record_id in deletes:
            deleted += writer.delete_by_term("id", str(int(record_id)))
        for record in upserts:
            writer.update_document(**to_document(dict(record), labels))
            written += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return written, deleted


def merge(ix, timeout: float = 60.0) -> None:
    """Fold the small segments of recent saves together (see merge_small)."""
    writer = ix.writer(timeout=timeout, delay=0.05)
    writer.commit(mergetype=merge_small)


def optimize(ix, timeout: float = 60.0) -> None:
    writer = ix.writer(timeout=timeout, delay=0.05)
    writer.commit(optimize=True)


def maintain(ix) -> None:
    """Merge when there are many segments; compact when a fifth of the documents is deleted."""
    with ix.reader() as reader:
        total = reader.doc_count_all()
        segments = len(reader.leaf_readers()) if total else 0
        wasted = total > 100 and reader.doc_count() < 0.8 * total
    if wasted:
        optimize(ix)
    elif segments > MAX_SEGMENTS:
        merge(ix)


def indexed_states(ix) -> dict[int, int]:
    """id -> revision of every live document in the index (read from columns, not stored fields)."""
    out: dict[int, int] = {}
    with ix.reader() as reader:
        if not reader.doc_count_all():
            return out
        for sub, _offset in reader.leaf_readers():
            data = SegmentData(sub.segment().segment_id(), sub.doc_count_all())
            ids, revisions = data.column(sub, "id_col"), data.column(sub, "revision")
            deleted = sub.deleted_docs_set if sub.has_deletions() else frozenset()
            for d, (i, r) in enumerate(zip(ids, revisions)):
                if d not in deleted:
                    out[i] = r
    return out


def rebuild(index_dir: Path, records: Iterable[Mapping[str, Any]], total: Optional[int] = None,
            progress: Optional[Progress] = None, labels: Optional[Labels] = None) -> int:
    """Build the index for `records` (non-published ones are skipped) in a fresh directory and
    swap it in. `progress` wraps the records like tqdm: progress(iterable, total=total).
    Returns the number of documents indexed.

    The segment is written by index.bulk (the same index whoosh's writer makes, in a fraction of
    the time; with a second process for large builds, see `bulk_workers`); a schema it cannot
    build goes through `rebuild_with_writer`.
    """
    if not bulk.supports(SCHEMA):
        return rebuild_with_writer(index_dir, records, total, progress, labels)
    return _rebuild(index_dir, records, total, progress, labels, _fill_bulk)


def rebuild_with_writer(index_dir: Path, records: Iterable[Mapping[str, Any]], total: Optional[int] = None,
                        progress: Optional[Progress] = None, labels: Optional[Labels] = None) -> int:
    """`rebuild` through whoosh's own SegmentWriter, document by document: the reference the bulk
    builder is tested against, and the way for a schema it does not support."""
    return _rebuild(index_dir, records, total, progress, labels, _fill_writer)


def bulk_workers(total: Optional[int]) -> int:
    """Second processes for a rebuild of `total` records: one for a large build on a machine with
    more than one core (starting it costs about a second). PRAKTIJKBANK_INDEX_WORKERS=0 or 1
    decides instead."""
    setting = os.environ.get("PRAKTIJKBANK_INDEX_WORKERS", "").strip()
    if setting in ("0", "1"):
        return int(setting)
    return 1 if (total or 0) >= BULK_PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 0


def _fill_writer(ix, records: Iterable[Mapping[str, Any]], total: Optional[int], labels: Optional[Labels]) -> int:
    writer = ix.writer(limitmb=WRITER_MB)
    count = 0
    try:
        for record in records:
            writer.add_document(**to_document(dict(record), labels))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    return count


def _fill_bulk(ix, records: Iterable[Mapping[str, Any]], total: Optional[int], labels: Optional[Labels]) -> int:
    convert = partial(to_document, labels=labels or default_labels())
    return bulk.BulkBuilder(ix, convert, workers=bulk_workers(total)).build(records)


def _rebuild(index_dir: Path, records: Iterable[Mapping[str, Any]], total: Optional[int],
             progress: Optional[Progress], labels: Optional[Labels], fill) -> int:
    index_dir = Path(index_dir)
    scratch = store.scratch_dir(index_dir)
    try:
        ix = store.create_empty(scratch)
        iterable = progress(records, total=total) if progress else records
        count = fill(ix, (record for record in iterable if is_searchable(record)), total, labels)
        ix.close()
        store.swap_in(scratch, index_dir)
    except BaseException:
        store.discard(scratch)
        raise
    log.info("zoekindex opnieuw opgebouwd: %d initiatieven in %s", count, index_dir)
    return count


def plan(wanted: Mapping[int, int], have: Mapping[int, int]) -> tuple[list[int], list[int], list[int]]:
    """(ids to add, ids to update, ids to delete) to turn `have` into `wanted`."""
    add = sorted(i for i in wanted if i not in have)
    update = sorted(i for i, r in wanted.items() if i in have and have[i] != r)
    delete = sorted(i for i in have if i not in wanted)
    return add, update, delete


def load_batches(loader: Loader, ids: list[int]) -> Iterable[dict[str, Any]]:
    for start in range(0, len(ids), LOAD_BATCH):
        yield from loader(ids[start:start + LOAD_BATCH])


def apply(ix, index_dir: Path, states: Mapping[int, int] | Iterable[tuple[int, int]], loader: Loader,
          labels: Optional[Labels] = None, progress: Optional[Progress] = None,
          rebuild_whole: Optional[Callable[[list[int]], SyncReport]] = None) -> SyncReport:
    """Bring the index at `index_dir` (open as `ix`) in line with `states` (id -> revision of every
    published initiative), loading changed records with `loader(ids)`.

    A record the loader no longer returns, or returns unpublished, is removed. When most of the
    index would change, the index is rebuilt instead (`report.rebuilt`), by `rebuild_whole(ids)`
    when given (SearchIndex passes one that lets only one process rebuild at a time).
    """
    started = time.perf_counter()
    wanted = dict(states.items() if isinstance(states, Mapping) else states)
    have = indexed_states(ix)
    add, update, delete = plan(wanted, have)
    report = SyncReport()
    changes = len(add) + len(update)
    if changes and changes >= max(1000, REBUILD_SHARE * len(wanted)):
        ids = sorted(wanted)
        if rebuild_whole is not None:
            report = rebuild_whole(ids)
        else:
            rebuild(index_dir, load_batches(loader, ids), total=len(ids), progress=progress, labels=labels)
            report.rebuilt, report.added = True, len(ids)
    elif changes or delete:
        ids = add + update
        records = list(load_batches(loader, ids))
        found = {int(r["id"]) for r in records}
        upserts = [r for r in records if is_searchable(r)]
        gone = [i for i in ids if i not in found] + [int(r["id"]) for r in records if not is_searchable(r)]
        write(ix, upserts, delete + gone, labels)
        added = {int(r["id"]) for r in upserts}
        report.added = len(added & set(add))
        report.updated = len(added & set(update))
        report.deleted = len(set(delete + gone) & set(have))
        maintain(ix)
    report.seconds = time.perf_counter() - started
    return report
