"""The process-wide search index of a running app: opened once, caught up, kept in step.

Each process (a gunicorn worker, the development server, a test's live server) holds one
`SearchIndex` per index directory. It catches up with the database at start, follows this
process's own commits at once (kb.events), and checks a cheap database watermark every few seconds
to pick up what other processes or hosts wrote to the shared database, and to repair an index
found damaged (index.searchindex) by rebuilding it.
"""
from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from sqlalchemy import func, select

from index import kbsync
from index.searchindex import SearchIndex

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0
_lock = threading.Lock()
_running: dict[str, "_Runtime"] = {}


class _Runtime:
    def __init__(self, index_dir: Path, engine):
        self.engine = engine
        self.index = kbsync.start(index_dir, engine)
        # What start-up made (term lists, the app's own modules) lives as long as the process: keep
        # it out of the collector's full passes, which otherwise walk all of it and stall a request
        # for 100 ms now and then. A decision for the serving process, hence here and not in warm().
        gc.collect()
        gc.freeze()
        self.mark = self._watermark()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="index-catch-up", daemon=True)
        self._thread.start()

    def _watermark(self):
        """(count, newest update, revision sum) of all initiatives: changes whenever anything does."""
        from kb.db import get_engine
        from kb.models import Initiative

        with (self.engine or get_engine()).connect() as conn:
            return tuple(conn.execute(select(func.count(), func.max(Initiative.updated_at),
                                             func.sum(Initiative.revision))).one())

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                mark = self._watermark()
                self.index.check_files()
                if mark != self.mark or self.index.needs_repair:
                    kbsync.catch_up(self.index, self.engine)
                    self.mark = mark
            except Exception as exc:  # database away or index busy: try again at the next tick
                log.warning("index catch-up skipped: %s", exc)

    def stop(self) -> None:
        self._stop.set()


def get_index(index_dir: Path | None = None, engine=None) -> SearchIndex:
    """The running index for `index_dir` (default: from settings), started on first use."""
    if index_dir is None:
        from kb import settings

        index_dir = settings.load().index_dir
    key = str(Path(index_dir).resolve())
    with _lock:
        runtime = _running.get(key)
        if runtime is None:
            runtime = _Runtime(Path(index_dir), engine)
            _running[key] = runtime
        return runtime.index


def catch_up_now() -> None:
    """Catch every running index up immediately (after a restore, a bulk load, or on demand)."""
    for runtime in list(_running.values()):
        kbsync.catch_up(runtime.index, runtime.engine)
