"""Faults on a running installation: the app as a real process (`python app.py`), killed, starved of
its index or of its database, and what it must do about it by itself.

(a) SIGKILL during a stream of writes: the database keeps every committed change and no half one; the
    index catches up after a restart.
(b) SIGKILL during `python -m kb reindex`: the next start finds a whole index (or rebuilds it).
(c) A corrupt or deleted index directory: rebuilt at start, and while running.
(d) The database going away (PostgreSQL, a private database): pages say "Tijdelijk niet beschikbaar",
    the API answers 503 JSON, and the app recovers by itself when the database returns.

Everything runs on 127.0.0.1 with its own var directory; every child is stopped by its own pid.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
import uuid
from pathlib import Path

import pytest
from pg import _PG_REASON, PG_URL
from helpers import CONTENT
from procs import (PYTHON, ROOT, Child, app_process, clean_env, health, healthy, kb_command, request,
                   wait_until)
from sqlalchemy import text

from kb import content, db, events, initdb, services, vocab
from kb.records import content_of

WRITE_LINE = re.compile(r"^(created|updated) (\S+) (\d+)$")


@pytest.fixture
def quiet_events(monkeypatch):
    """Writes made by the test itself reach no in-process index left subscribed by other tests."""
    monkeypatch.setattr(events, "_listeners", [])
    yield
    vocab.invalidate()


@pytest.fixture
def children():
    started: list[Child] = []
    yield started
    for child in started:
        child.stop(timeout=5)


def seeded_sqlite(var_dir: Path):
    """A SQLite database in `var_dir` holding content/ (imported through kb, like `make seed`)."""
    engine = db.make_engine(f"sqlite:///{var_dir / 'praktijkbank.db'}")
    initdb.init(engine)
    report = content.import_dir(CONTENT, engine=engine)
    assert report.ok, report.errors
    return engine


def start_app(children: list, var_dir: Path, name: str = "app", **kwargs) -> Child:
    app = app_process(var_dir, var_dir / f"{name}.log", **kwargs).start()
    children.append(app)
    app.wait_ready(timeout=90)
    return app


def search_all(port: int, q: str) -> dict[str, str]:
    """slug -> title of every result of `q`, over all pages (sorted by newest: relevance pages can
    overlap when scores tie, see test_properties_search.test_pages_partition_the_results)."""
    found: dict[str, str] = {}
    page = 1
    while True:
        r = request(port, f"/api/initiatives?q={q}&per_page=100&page={page}&facets=0&sort=newest")
        assert r.status == 200, r.text[:300]
        data = r.json()
        found.update({c["slug"]: c["title"] for c in data["results"]})
        if page * 100 >= data["total"]:
            return found
        page += 1


def assert_whole_records(engine) -> None:
    """No half-written initiative: every revision up to the current one is there, and the newest
    snapshot is exactly what the rows and child rows (terms, factors, sources) say now."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    for record in services.list_records(engine=engine):
        history = services.revisions(record["slug"], engine=engine)
        assert [h["revision"] for h in history] == list(range(record["revision"], 0, -1)), record["slug"]
        assert history[0]["snapshot"] == content_of(record), record["slug"]


def committed_writes(log: Path) -> dict[str, int]:
    """slug -> newest revision the writer reported committed (complete lines only)."""
    out: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        m = WRITE_LINE.match(line.strip())
        if m:
            out[m.group(2)] = max(out.get(m.group(2), 0), int(m.group(3)))
    return out


# (a) ------------------------------------------------------------------------------------------

def test_sigkill_during_writes_loses_nothing_committed_and_the_index_catches_up(tmp_path, children, quiet_events):
    engine = seeded_sqlite(tmp_path)
    app = start_app(children, tmp_path)
    before = health(app.port)["initiatives"]
    writer = Child([PYTHON, str(ROOT / "tests" / "fault_writer.py"), "stroom"],
                   clean_env(PRAKTIJKBANK_VAR_DIR=str(tmp_path)), tmp_path / "writer.log").start()
    children.append(writer)

    # The app follows the writer (another process) through its 2-second watermark check.
    wait_until(lambda: len(committed_writes(writer.log)) >= 8 and health(app.port)["indexed"] > before,
               timeout=60, what="writes committed and seen by the app")
    app.kill()                                   # the app dies while writes go on …
    wait_until(lambda: len(committed_writes(writer.log)) >= 14, timeout=30, what="more writes")
    time.sleep(random.uniform(0.0, 0.3))
    writer.kill()                                # … and then the writer, in the middle of its stream

    reported = committed_writes(writer.log)
    stored = {r["slug"]: r["revision"] for r in services.list_records(engine=engine)
              if r["slug"].startswith("stroom-")}
    for slug, revision in reported.items():      # every change reported committed is there
        assert stored.get(slug, 0) >= revision, (slug, revision, stored.get(slug))
    # At most one transaction can have committed without being reported (killed before printing).
    unreported = sum(stored[s] - reported.get(s, 0) for s in stored)
    assert unreported <= 1, (unreported, set(stored) - set(reported))
    assert_whole_records(engine)
    engine.dispose()

    app = start_app(children, tmp_path, name="app-restarted")
    h = wait_until(lambda: healthy(app.port), timeout=30, what="index caught up after the restart")
    assert h["initiatives"] == len(services.list_records(status="published", engine=engine))
    indexed = search_all(app.port, "schrijfstroom")
    assert indexed == {r["slug"]: r["title"] for r in services.list_records(engine=engine)
                       if r["slug"].startswith("stroom-")}
    engine.dispose()


# (b) ------------------------------------------------------------------------------------------

def _bench_database(target: Path, keep: int = 1000) -> None:
    """The first `keep` initiatives of the synthetic corpus of 1,000 (bench/load.py builds and caches
    it): large enough that a reindex is still busy a moment after it starts (the bulk build does
    1,000 in well under a second), small enough for the test's time budget."""
    from bench import load

    cached = load.cached(1000)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(cached / load.DB_NAME, target / "praktijkbank.db")
    engine = db.make_engine(f"sqlite:///{target / 'praktijkbank.db'}")  # foreign keys on: children go too
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM initiative WHERE id > :keep"), {"keep": keep})
    engine.dispose()


def _scratch_dirs(var_dir: Path) -> list[Path]:
    return [p for p in var_dir.iterdir() if p.name.startswith(".index.") and p.is_dir()]


def test_sigkill_during_reindex_leaves_an_index_the_app_can_use(tmp_path, children):
    _bench_database(tmp_path)
    rng = random.Random(os.getpid())
    # Kill twice: once while the first index is being built (no live index yet), once while a
    # rebuild replaces a whole one.
    for round_ in range(2):
        leftovers = set(_scratch_dirs(tmp_path))  # a killed build leaves its scratch directory behind
        reindex = kb_command(["reindex"], tmp_path, tmp_path / f"reindex-{round_}.log").start()
        children.append(reindex)
        wait_until(lambda: set(_scratch_dirs(tmp_path)) - leftovers or not reindex.alive(), timeout=60,
                   interval=0.05, what="reindex building")
        time.sleep(rng.uniform(0.0, 0.2))
        killed_while_running = reindex.alive()
        reindex.kill()
        if round_ == 0:
            assert killed_while_running, "reindex finished before it could be killed: use a larger corpus"
            app = start_app(children, tmp_path, name=f"app-{round_}")
            wait_until(lambda: healthy(app.port), timeout=90, what="index whole after the killed reindex")
            app.stop()

    app = start_app(children, tmp_path, name="app-final")
    h = wait_until(lambda: healthy(app.port), timeout=90, what="index whole after the second killed reindex")
    assert h["initiatives"] > 500
    r = request(app.port, "/api/initiatives?q=werkervaringsplaats&region=twente")
    assert r.status == 200 and r.json()["total"] > 0
    slug = r.json()["results"][0]["slug"]
    assert request(app.port, f"/api/initiatives/{slug}/similar").status == 200
    assert _scratch_dirs(tmp_path) == [], "the killed builds' scratch directories are swept at start"


# (c) ------------------------------------------------------------------------------------------

def _index_files(index_dir: Path) -> list[Path]:
    return [p for p in index_dir.iterdir() if p.suffix in (".seg", ".toc")]


def test_a_corrupt_or_deleted_index_is_rebuilt_at_start(tmp_path, children, quiet_events):
    engine = seeded_sqlite(tmp_path)
    index_dir = tmp_path / "index"
    app = start_app(children, tmp_path)
    published = health(app.port)["initiatives"]
    app.kill()

    # Truncated segments and a garbled table of contents: rebuilt at start.
    for path in _index_files(index_dir):
        with open(path, "r+b") as fh:
            if path.suffix == ".seg":
                fh.truncate(path.stat().st_size // 3)
            else:
                fh.write(os.urandom(64))
    app = start_app(children, tmp_path, name="app-after-corruption")
    assert wait_until(lambda: healthy(app.port), timeout=30, what="rebuilt index")["indexed"] == published
    assert request(app.port, "/api/initiatives?q=leerwerkloket").json()["total"] > 0
    app.kill()

    # Deleted: rebuilt at start.
    shutil.rmtree(index_dir)
    app = start_app(children, tmp_path, name="app-after-deletion")
    assert wait_until(lambda: healthy(app.port), timeout=30, what="rebuilt index")["indexed"] == published

    engine.dispose()


@pytest.mark.parametrize("noticed", [
    True,
    False,
], ids=["with-searches", "without-searches"])
def test_an_index_deleted_while_running_is_rebuilt_by_the_next_change(tmp_path, children, quiet_events, noticed):
    """Searches go on from what the process holds, and the next change in the database (made by
    another process) rebuilds the directory."""
    seeded_sqlite(tmp_path).dispose()
    index_dir = tmp_path / "index"
    app = start_app(children, tmp_path)
    published = health(app.port)["initiatives"]
    shutil.rmtree(index_dir)
    if noticed:  # a search more than a second later checks the directory (SearchIndex._refresh_if_stale)
        time.sleep(1.1)
        assert request(app.port, "/api/initiatives?q=leerwerkloket").json()["total"] > 0
    writer = Child([PYTHON, str(ROOT / "tests" / "fault_writer.py"), "na-verwijderen", "1"],
                   clean_env(PRAKTIJKBANK_VAR_DIR=str(tmp_path)), tmp_path / "writer.log").start()
    children.append(writer)
    assert writer.proc.wait(timeout=60) == 0, writer.output()
    wait_until(lambda: index_dir.is_dir(), timeout=8, what="index directory rebuilt while running")
    wait_until(lambda: (healthy(app.port) or {}).get("indexed") == published + 1, timeout=15,
               what="index whole again")
    assert list(search_all(app.port, "schrijfstroom")) == ["na-verwijderen-0"]


def _damage(index_dir: Path, how: str) -> None:
    assert any(p.suffix == ".seg" for p in _index_files(index_dir)), "nothing to damage"
    for path in _index_files(index_dir):
        if path.suffix != ".seg":
            continue
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            if how == "garbled":  # same size, other bytes
                fh.seek(256)
                fh.write(os.urandom(size - 512))
            else:  # cut short: a memory-mapped file would kill the reader with SIGBUS
                fh.truncate(size // 2)


@pytest.mark.parametrize("how", ["garbled", "truncated"])
def test_an_index_damaged_while_running_is_repaired_without_a_restart(tmp_path, children, quiet_events, how):
    seeded_sqlite(tmp_path).dispose()
    app = start_app(children, tmp_path)
    published = health(app.port)["initiatives"]
    _damage(tmp_path / "index", how)

    # While it is damaged: answers or a clear 503, never a 500, and health does not say "ok".
    for q in ("leerwerkloket", "werkgevers", "jongeren"):
        r = request(app.port, f"/api/initiatives?q={q}")
        assert r.status in (200, 503), (r.status, r.text[:300])
        if r.status == 503:
            assert "hersteld" in r.json()["error"]

    def repaired():
        r = request(app.port, "/api/initiatives?q=leerwerkloket")
        return r.status == 200 and r.json()["total"] > 0 and (healthy(app.port) or {}).get("indexed") == published

    wait_until(repaired, timeout=15, interval=0.5, what="index repaired while running, without a write")

    # and it keeps following the database afterwards
    writer = Child([PYTHON, str(ROOT / "tests" / "fault_writer.py"), f"na-{how}", "1"],
                   clean_env(PRAKTIJKBANK_VAR_DIR=str(tmp_path)), tmp_path / "writer.log").start()
    children.append(writer)
    assert writer.proc.wait(timeout=60) == 0, writer.output()
    wait_until(lambda: (healthy(app.port) or {}).get("indexed") == published + 1, timeout=15,
               what="a later write searchable")
    assert list(search_all(app.port, "schrijfstroom")) == [f"na-{how}-0"]
    assert app.alive()


# (d) ------------------------------------------------------------------------------------------

@pytest.fixture
def private_postgres_database():
    """A database of our own (not a schema: connections to it can be blocked), dropped afterwards."""
    if _PG_REASON:
        if os.environ.get("PRAKTIJKBANK_REQUIRE_POSTGRES"):
            pytest.fail(_PG_REASON)
        pytest.skip(_PG_REASON)
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"pb_fault_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield admin, name, url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


PAGE_CALLBACK = ".._pages_content.children..._pages_store.data.."


def page_content(port: int, path: str) -> tuple[int, str]:
    """What Dash's page container receives for `path` (the callback the browser makes after loading)."""
    body = {"output": PAGE_CALLBACK,
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path.split("?")[0]},
                       {"id": "_pages_location", "property": "search",
                        "value": "?" + path.split("?", 1)[1] if "?" in path else ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    r = request(port, "/_dash-update-component", "POST", json.dumps(body).encode(),
                {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
    return r.status, r.text


def test_database_outage_gives_503_and_the_app_recovers_by_itself(tmp_path, children, private_postgres_database,
                                                                  quiet_events):
    admin, name, url = private_postgres_database
    engine = db.make_engine(url)
    initdb.init(engine)
    assert content.import_dir(CONTENT, engine=engine).ok
    slug = services.list_records(status="published", engine=engine)[0]["slug"]
    engine.dispose()
    app = start_app(children, tmp_path, database_url=url)
    pages = [f"/initiatief/{slug}", "/", "/inzichten", "/regios", f"/vergelijken?ids={slug}"]
    assert request(app.port, f"/api/initiatives/{slug}").status == 200

    with admin.connect() as conn:  # the database goes away: no new connections, existing ones cut
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})

    started = time.monotonic()
    r = request(app.port, f"/api/initiatives/{slug}")
    assert r.status == 503 and r.headers["content-type"].startswith("application/json")
    assert "tijdelijk niet beschikbaar" in r.json()["error"]
    r = request(app.port, "/api/health")
    assert r.status == 503 and "error" in r.json()
    r = request(app.port, "/api/initiatives?q=werk")  # the index still answers searches
    assert r.status in (200, 503), r.text[:300]
    for path in pages:
        shell = request(app.port, path)
        assert shell.status in (200, 503) and "Traceback" not in shell.text, (path, shell.status)
        if shell.status == 503:
            assert "Tijdelijk niet beschikbaar" in shell.text
        status, body = page_content(app.port, path)
        assert status in (200, 503) and "Traceback" not in body, (path, status, body[:300])
        if path.startswith(("/initiatief/", "/inzichten", "/regios")):  # pages that read the database
            assert "Tijdelijk niet beschikbaar" in body, (path, body[:500])
    assert time.monotonic() - started < 30, "answers during the outage must not hang"

    with admin.connect() as conn:  # the database returns; no restart
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    wait_until(lambda: request(app.port, f"/api/initiatives/{slug}").status == 200, timeout=15,
               what="API recovered")
    assert healthy(app.port)
    status, body = page_content(app.port, f"/initiatief/{slug}")
    assert status == 200 and "Tijdelijk niet beschikbaar" not in body
    assert app.alive()
