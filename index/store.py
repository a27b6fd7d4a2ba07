"""The index directory on disk: open it, tell a healthy index from a missing or broken one, and put
a freshly built index in place without readers ever seeing half of it.

The index is derived data, so anything wrong with it (missing, unreadable, written by another
schema version) is answered by rebuilding from the database, never by an error page. The schema
version is a small file next to whoosh's own files.

Files are read, not memory-mapped: whoosh maps segment files by default, and a mapped file that is
truncated under a running process kills it with SIGBUS instead of raising an error we can answer
with a rebuild. Segment files never change once written, so `fingerprint` (size and modification
time of each) tells a directory changed in place from one that only gained commits.

Rebuilds that were interrupted (a killed process) leave their scratch directory behind;
`sweep` removes those of processes that no longer run.

A rebuild is written into a fresh temporary directory beside the index, in one optimised segment.
It then goes live in one atomic step:
- into a healthy index, under its write lock: the new segment file is moved in (rename) and a new
  table of contents is written with a higher generation number. Whoosh writes a TOC to a temp
  file and renames it, so a reader sees the old index or the new one, and other processes notice
  the new generation as they would any commit;
- in place of a missing or broken directory: the directory itself is renamed into place.
"""
from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.util.filelock import try_for

from index.schema import SCHEMA, SCHEMA_VERSION

log = logging.getLogger(__name__)
VERSION_FILE = "PRAKTIJKBANK_SCHEMA"
INDEX_NAME = whoosh_index._DEF_INDEX_NAME


class IndexUnavailable(Exception):
    """The directory holds no usable index (missing, corrupt, or another schema version)."""


def _read_version(directory: Path) -> str | None:
    try:
        return (directory / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _write_version(directory: Path) -> None:
    tmp = directory / f".{VERSION_FILE}.{uuid.uuid4().hex}"
    tmp.write_text(SCHEMA_VERSION + "\n", encoding="utf-8")
    os.replace(tmp, directory / VERSION_FILE)


def open_index(directory: Path) -> FileIndex:
    """Open and check the index in `directory`; IndexUnavailable says why it cannot be used.

    Opening reads every segment's directory, so a truncated or garbled file fails here rather than
    in the middle of a search.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise IndexUnavailable(f"{directory} bestaat niet")
    version = _read_version(directory)
    if version != SCHEMA_VERSION:
        raise IndexUnavailable(f"{directory} heeft schemaversie {version!r}, verwacht {SCHEMA_VERSION!r}")
    try:
        ix = FileIndex(FileStorage(str(directory), supports_mmap=False), schema=SCHEMA, indexname=INDEX_NAME)
        with ix.reader() as reader:
            reader.doc_count_all()
            for sub, _offset in reader.leaf_readers():
                sub.doc_count()
                if sub.doc_count_all():
                    sub.stored_fields(0)
    except Exception as exc:  # any failure to read means: rebuild it
        raise IndexUnavailable(f"{directory} is onleesbaar: {type(exc).__name__}: {exc}") from exc
    return ix


def create_empty(directory: Path) -> FileIndex:
    """A new empty index in `directory` (which must be empty or missing)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(directory), SCHEMA)
    _write_version(directory)
    return ix


def fingerprint(directory: Path, segment_ids: Optional[Iterable[str]] = None) -> dict[str, tuple[int, int]]:
    """name -> (size, modification time in ns) of the segment files in `directory`: of the segments
    `segment_ids` when given (a snapshot's own; a writer's unfinished parts come and go), else all."""
    directory = Path(directory)
    pattern = TOC._segment_pattern(INDEX_NAME)
    wanted = None if segment_ids is None else set(segment_ids)  # whoosh's ids: "MAIN_<random>"
    out: dict[str, tuple[int, int]] = {}
    try:
        names = os.listdir(directory)
    except OSError:
        return out
    for name in names:
        m = pattern.match(name)
        if m and not name.endswith(".toc") and (wanted is None or m.group(1) in wanted):
            try:
                st = os.stat(directory / name)
            except OSError:
                continue
            out[name] = (st.st_size, st.st_mtime_ns)
    return out


def changed_files(directory: Path, known: dict[str, tuple[int, int]]) -> list[str]:
    """The segment files of `known` that are now missing, or of another size or time."""
    now = fingerprint(directory)
    return sorted(name for name, stamp in known.items() if now.get(name) != stamp)


_SCRATCH = re.compile(r"^\.(?P<name>.+)\.(?:build-(?P<pid>\d+)-|old-)[0-9a-f]{8}$")
STALE_SECONDS = 24 * 3600


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep(directory: Path) -> list[Path]:
    """Remove what interrupted rebuilds left beside `directory`: scratch directories of processes
    that no longer run (or older than a day), and old directories a swap did not get to delete.
    Returns what was removed."""
    directory = Path(directory)
    removed: list[Path] = []
    try:
        entries = list(directory.parent.iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        m = _SCRATCH.match(path.name)
        if not m or m.group("name") != directory.name or not path.is_dir():
            continue
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        pid = m.group("pid")
        if pid is None:
            stale = age > 60  # an ".old-" directory is deleted right after the swap that made it
        else:
            stale = age > STALE_SECONDS or (int(pid) != os.getpid() and not _alive(int(pid)))
        if stale:
            discard(path)
            removed.append(path)
    if removed:
        log.info("overblijfselen van onderbroken opbouw verwijderd: %s", ", ".join(p.name for p in removed))
    return removed


@contextmanager
def rebuild_lock(directory: Path, wait: bool = True) -> Iterator[bool]:
    """Held while one process rebuilds the index of `directory` (a lock file beside it, released
    by the kernel if the process dies), so processes sharing the directory rebuild one at a time.
    Yields True when held; with `wait=False` it yields False at once if another process holds it."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f".{directory.name}.rebuild.lock", "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def scratch_dir(directory: Path) -> Path:
    """A fresh directory beside `directory` (same file system, so renames are atomic)."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    path = directory.parent / f".{directory.name}.build-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def swap_in(built: Path, directory: Path, lock_timeout: float = 30.0) -> None:
    """Make the index built in `built` the live index at `directory`, atomically (see module doc)."""
    built, directory = Path(built), Path(directory)
    try:
        live = open_index(directory)
    except IndexUnavailable:
        live = None
    if live is None:
        _replace_directory(built, directory)
        return
    lock = live.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=lock_timeout, delay=0.05):
        raise TimeoutError(f"de schrijfvergrendeling van {directory} kwam niet vrij")
    try:
        new_toc = TOC.read(FileStorage(str(built)), INDEX_NAME, schema=SCHEMA)
        pattern = TOC._segment_pattern(INDEX_NAME)
        for name in os.listdir(built):
            if pattern.match(name) and not name.endswith(".toc"):
                os.replace(built / name, directory / name)
        storage = FileStorage(str(directory))
        generation = live.latest_generation() + 1
        TOC(SCHEMA, new_toc.segments, generation).write(storage, INDEX_NAME)
        clean_files(storage, INDEX_NAME, generation, new_toc.segments)
    finally:
        lock.release()
    discard(built)


def _replace_directory(built: Path, directory: Path) -> None:
    old = None
    if directory.exists() or directory.is_symlink():
        old = directory.parent / f".{directory.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(directory, old)
    os.replace(built, directory)
    if old is not None:
        discard(old)
    log.info("index in %s vervangen door een nieuwe opbouw", directory)
