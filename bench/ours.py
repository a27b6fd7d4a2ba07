"""Our side of the benchmarks: is the search there, build the index, search in-process, publish → searchable.

Only public functions are used: `index.searchindex.SearchIndex` and `index.kbsync` (as `python -m kb
reindex` and the app use them), the JSON API over HTTP, and `kb.services.create` for writes.

`python -m bench.ours build VAR_DIR` rebuilds the index of a var dir in its own process, so its time
and peak memory are its own.
"""
from __future__ import annotations

import inspect
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import load, measure


def unavailable() -> str | None:
    """None when our index and search API can be benchmarked, else why not (shown in the results)."""
    try:
        from index import kbsync, searchindex  # noqa: F401
        from index.runtime import get_index  # noqa: F401  (what api.routes calls)
    except Exception as exc:  # not written yet, or broken: both mean "skip"
        return f"the search package cannot be imported yet ({type(exc).__name__}: {exc})"
    return None


def probe_api(port: int) -> str | None:
    """None when GET /api/initiatives answers in the shape of DESIGN.md, else what is wrong."""
    try:
        status, body, _ = measure.http_get(port, "/api/initiatives?" + urlencode({"q": "werk"}))
    except OSError as exc:
        return f"no answer ({exc})"
    if status != 200:
        return f"HTTP {status}: {body[:300]!r}"
    data = json.loads(body)
    missing = [k for k in ("total", "results", "facets") if k not in data]
    return f"the answer lacks {missing}" if missing else None


def facets_off_supported(port: int) -> bool:
    status, body, _ = measure.http_get(port, "/api/initiatives?" + urlencode({"q": "werk", "facets": "0"}))
    return status == 200 and not json.loads(body).get("facets")


def index_dir(var_dir: Path) -> Path:
    return var_dir / "index"  # the default of kb.settings for PRAKTIJKBANK_VAR_DIR=var_dir


def build(var_dir: Path) -> int:
    """Rebuild the index of `var_dir` from its published initiatives, as `python -m kb reindex` does."""
    from index.searchindex import SearchIndex
    from kb import db, services

    engine = db.make_engine(load.database_url(var_dir))
    ix = SearchIndex(index_dir(var_dir))
    try:
        total = services.count(status="published", engine=engine)
        return ix.rebuild(services.iter_records(status="published", engine=engine), total=total)
    finally:
        ix.close()
        engine.dispose()


class Follower:
    """A second worker: its own SearchIndex on the app's index directory, following kb's commits.

    Writes made here (kb.services.create) update this index at once (kb.events → index_one); the
    app's process notices the new index generation by itself. So publishing here and searching
    there measures the path from one worker's save to another worker's search results.
    """

    def __init__(self, var_dir: Path):
        from index import kbsync
        from index.searchindex import SearchIndex
        from kb import db

        self.engine = db.make_engine(load.database_url(var_dir))
        self.ix = SearchIndex(index_dir(var_dir))
        kbsync.catch_up(self.ix, self.engine)
        self.listener = kbsync.follow(self.ix, self.engine)
        self.ix.warm()  # as the app does at start-up (kbsync.start)
        self.facets_param = "facets" in inspect.signature(self.ix.search).parameters
        self.run_id = f"{int(time.time()) % 100000}"
        self.published = 0

    def search(self, q: str, facets: bool = True) -> dict:
        if self.facets_param:
            return self.ix.search(q=q, facets=facets)
        return self.ix.search(q=q)

    def publish(self, port: int, timeout_s: float, via: str = "worker",
                poll_s: float = 0.005) -> tuple[float, float]:
        """Publish one new initiative; seconds until this process's index and the app's API find it.

        via "worker": this process's index follows the write at once (index_one), as a second app
        worker on the same index directory would, and the app notices the new index generation.
        via "database": nothing here follows it (as a script or another host writing the shared
        database); the app must notice the change in the database itself. NaN: not found in time.
        """
        from bench import corpus
        from kb import events, services

        k = self.published
        self.published += 1
        token = f"proefpublicatie{self.run_id}x{k}"  # a word found in no other initiative
        raw = corpus.record(10_000_000 + k)
        raw.update(status="published", slug=f"bench-publish-{self.run_id}-{k}",
                   title=f"Publicatietest {token} {raw['title']}"[:200])
        path = "/api/initiatives?" + urlencode({"q": token, "facets": "0"})
        if via == "database":
            events.unsubscribe(self.listener)
        started = time.perf_counter()
        try:
            services.create(raw, author="bench", engine=self.engine)
        finally:
            events.subscribe(self.listener)
        local = remote = float("nan")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and remote != remote:
            if via == "worker" and local != local and _has(self.search(token, facets=False), raw["slug"]):
                local = time.perf_counter() - started
            status, body, _ = measure.http_get(port, path)
            if status == 200 and _has(json.loads(body), raw["slug"]):
                remote = time.perf_counter() - started
            time.sleep(poll_s)
        return local, remote

    def close(self) -> None:
        from kb import events

        events.unsubscribe(self.listener)
        self.ix.close()
        self.engine.dispose()


def _has(result: dict, slug: str) -> bool:
    return any(r.get("slug") == slug for r in result.get("results", []))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "build":
        sys.exit("usage: python -m bench.ours build VAR_DIR")
    print(build(Path(argv[1])))


if __name__ == "__main__":
    main()
