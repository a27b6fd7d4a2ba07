"""Production mode: gunicorn with several worker processes on PostgreSQL, all sharing one index
directory on this host (docs/deploy.md). A write made through kb by another process is found through
every worker within seconds, and so is a change that removes words (deletions cross processes too).

Each worker answers with `X-Served-By: <pid>` (app.py), so the test knows who answered.
"""
from __future__ import annotations

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pg import _PG_REASON, PG_URL
from helpers import CONTENT, minimal
from procs import gunicorn_process, request, wait_until
from sqlalchemy import text

from kb import content, db, events, initdb, services, vocab

WORKERS = 3
FOUND_WITHIN = 10.0  # seconds: the 2-second database watermark check plus the 1-second index refresh


@pytest.fixture
def pg_url(monkeypatch):
    """A private schema in the shared `test` database, with content/ imported; dropped afterwards."""
    if _PG_REASON:
        if os.environ.get("PRAKTIJKBANK_REQUIRE_POSTGRES"):
            pytest.fail(_PG_REASON)
        pytest.skip(_PG_REASON)
    monkeypatch.setattr(events, "_listeners", [])  # our writes reach no in-process index of other tests
    schema = f"pb_{uuid.uuid4().hex[:12]}"
    admin = db.make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    engine = db.make_engine(url)
    initdb.init(engine)
    assert content.import_dir(CONTENT, engine=engine).ok
    try:
        yield url, engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
        vocab.invalidate()


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def start_workers(var_dir: Path, url: str):
    """gunicorn with WORKERS workers as `make serve` runs it: (the server, the workers' pids)."""
    server = gunicorn_process(var_dir, var_dir / "gunicorn.log", workers=WORKERS, database_url=url).start()
    try:
        server.wait_ready(timeout=120)
        # Several processes: the workers, forked by the master, none of them the master itself.
        pids = wait_until(lambda: len(worker_pids(server.pid)) == WORKERS and worker_pids(server.pid),
                          timeout=30, what=f"{WORKERS} workers")
        assert server.pid not in pids
    except BaseException:
        server.stop()
        raise
    return server, pids


def ask_many(port: int, path: str, n: int = 24) -> list[tuple[int, dict]]:
    """`n` requests at once on fresh connections, so that every worker gets some: (pid, json)."""
    def one(_):
        r = request(port, path, timeout=30)
        assert r.status == 200, (r.status, r.text[:300])
        return int(r.headers["x-served-by"]), r.json()

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(n)))


def test_every_gunicorn_worker_finds_a_write_within_seconds(tmp_path, pg_url):
    url, engine = pg_url
    server, pids = start_workers(tmp_path, url)
    try:
        seen: set[int] = set()

        def all_answer():
            for pid, body in ask_many(server.port, "/api/health"):
                assert body["status"] == "ok" and body["initiatives"] == body["indexed"], body
                seen.add(pid)
            return seen == pids

        wait_until(all_answer, timeout=30, interval=0, what=f"answers from all workers {pids} (seen {seen})")
        # One index directory on this host, shared by all workers (whoosh's file lock orders their writes).
        assert (tmp_path / "index").is_dir()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.") and p.is_dir()]

        def found_everywhere(q: str, want: bool, since: float) -> dict[int, float]:
            """pid -> seconds after `since` at which that worker first gave the wanted answer (and
            kept giving it: a worker that found it never loses it again)."""
            first: dict[int, float] = {}

            def check():
                for pid, body in ask_many(server.port, f"/api/initiatives?q={q}&facets=0"):
                    hit = any(r["slug"] == slug for r in body["results"])
                    if pid in first:
                        assert hit == want, f"worker {pid} went back on '{q}'"
                    elif hit == want:
                        first[pid] = time.monotonic() - since
                return set(first) == pids

            wait_until(check, timeout=FOUND_WITHIN + 20, interval=0.1,
                       what=f"every worker answering '{q}' (so far {first})")
            return first

        # A write through kb in another process (this test), as a second host or `kb import` would.
        slug = "zeepziederij-proef"
        written = time.monotonic()
        record = services.create(minimal(slug=slug, title="Proef in de zeepziederij",
                                         summary="Werkzoekenden leren zeep zieden bij een ambachtelijk bedrijf."),
                                 author="productietest", engine=engine)
        added = found_everywhere("zeepziederij", True, written)
        assert max(added.values()) < FOUND_WITHIN, added

        # A change that removes a word: every worker must stop finding it (deletions cross processes).
        changed = time.monotonic()
        services.update(slug, minimal(slug=slug, title="Proef in de kaarsenmakerij",
                                      summary="Werkzoekenden leren kaarsen maken bij een ambachtelijk bedrijf."),
                        expected_revision=record["revision"], author="productietest", engine=engine)
        found_everywhere("kaarsenmakerij", True, changed)
        gone = found_everywhere("zeepziederij", False, changed)
        assert max(gone.values()) < FOUND_WITHIN, gone

        assert worker_pids(server.pid) == pids, "a worker was restarted during the test"
        for pid, body in ask_many(server.port, "/api/health"):
            assert body["status"] == "ok" and body["initiatives"] == body["indexed"] == services.count(
                status="published", engine=engine), (pid, body)
        log = server.output(200_000)
        for bad in ("Traceback", "WORKER TIMEOUT", "onleesbaar", "catch-up skipped"):
            assert bad not in log, f"{bad!r} in the gunicorn log:\n{log[-3000:]}"
        print(f"\nworkers {sorted(pids)}: found after {sorted(round(s, 2) for s in added.values())} s, "
              f"removed after {sorted(round(s, 2) for s in gone.values())} s")
    finally:
        server.stop()


def test_gunicorn_workers_repair_a_damaged_index_once_and_all_recover(tmp_path, pg_url):
    """The index files garbled under three running workers: each notices within seconds, one of them
    rebuilds (the others wait their turn and reopen its result), and every worker answers whole again
    without a restart and without a 500."""
    url, engine = pg_url
    server, pids = start_workers(tmp_path, url)
    try:
        published = services.count(status="published", engine=engine)
        wait_until(lambda: all(b["status"] == "ok" for _, b in ask_many(server.port, "/api/health")), timeout=30,
                   what="all workers healthy")
        segments = [p for p in (tmp_path / "index").iterdir() if p.suffix == ".seg"]
        assert segments
        for path in segments:
            size = path.stat().st_size
            with open(path, "r+b") as fh:
                fh.seek(256)
                fh.write(os.urandom(size - 512))
        damaged_at = time.monotonic()

        statuses: list[int] = []

        def whole_everywhere():
            seen = set()
            for _ in range(24):
                r = request(server.port, "/api/initiatives?q=werkgevers&facets=0", timeout=30)
                statuses.append(r.status)
                h = request(server.port, "/api/health", timeout=30)
                body = h.json()
                if r.status == 200 and r.json()["total"] > 0 and body["status"] == "ok" \
                        and body["indexed"] == published:
                    seen.add(int(h.headers["x-served-by"]))
            return seen == pids

        # The workers may go on answering from what they hold in memory; the damage is found by the
        # runtime's check of the files (every 2 s) at the latest, and then one of them repairs it.
        def repaired() -> bool:
            whole_everywhere()  # keep asking meanwhile: every answer must be 200 or 503
            return "zoekindex hersteld" in server.output(200_000)

        wait_until(repaired, timeout=60, interval=0.2, what="the repair")
        wait_until(whole_everywhere, timeout=60, interval=0.2, what="every worker whole again")
        print(f"\nrepaired everywhere after {time.monotonic() - damaged_at:.1f} s; answers meanwhile: "
              f"{sorted(set(statuses))}")
        assert set(statuses) <= {200, 503}, statuses
        assert worker_pids(server.pid) == pids, "a worker was restarted"
        log = server.output(200_000)
        assert log.count("zoekindex hersteld") == 1, log[-3000:]
        assert "Traceback" not in log.replace("IndexDamaged", ""), log[-3000:]
    finally:
        server.stop()
