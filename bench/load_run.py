"""The load test (`make load`): 10,000 initiatives, the production server, locust headless, results.

    python -m bench.load_run                                 # both configurations, 60 s each
    python -m bench.load_run --configs sqlite --seconds 20   # a quick look
    python -m bench.load_run writer …                        # internal: the writer process (below)

Configurations, each against the synthetic corpus of bench/corpus.py (built and cached by bench/load.py):
- **sqlite**: the cached SQLite database (copied once into var/bench/load/sqlite/), gunicorn with 1 worker;
- **postgres**: a database of its own (`praktijkbank_load_<size>` on PRAKTIJKBANK_TEST_POSTGRES_URL's
  server), filled with the same records through `kb.services.bulk_create`, gunicorn with --workers
  workers sharing one index directory. Skipped (and said so) when PostgreSQL does not answer.

Both are kept between runs (with a marker), so only the first run pays for loading and indexing. Each
run first removes what the previous run's writer added, then lets `python -m kb reindex --sync` bring
the index in line before the server starts (the workers then only open it).

During each locust run a writer process creates (and every fourth time updates) an initiative through
kb.services every --write-interval seconds against the same database — there is no write API, and
Dash's submit form needs a browser session — and measures how long each one takes to show up in
/api/initiatives (publish → searchable, across processes).

Every request goes to 127.0.0.1. Results: the section "Load test" of bench/RESULTS.md (only that
section is replaced; the other sections belong to bench/run.py), and the raw locust CSVs under
var/bench/load/<config>/.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import string
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import corpus
from bench import load as corpus_load
from bench.measure import HOST, free_port, http_get, machine, percentile, wait_for_http

ROOT = Path(__file__).resolve().parent.parent
LOAD_VAR = ROOT / "var" / "bench" / "load"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Load test"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("PRAKTIJKBANK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WRITER_PREFIX = "lasttest"
MARKER = "load-marker.json"


# ---- preparing the databases ------------------------------------------------------------------------

def _marker(size: int, seed: int) -> dict[str, Any]:
    return {"size": size, "seed": seed, "corpus_version": corpus.CORPUS_VERSION}


def _remove_writer_records(url: str) -> int:
    """Delete what an earlier run's writer added (children go with them: ON DELETE CASCADE)."""
    from sqlalchemy import text

    from kb import db

    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            n = conn.execute(text("DELETE FROM initiative WHERE slug LIKE :p"), {"p": f"{WRITER_PREFIX}-%"}).rowcount
    finally:
        engine.dispose()
    return n


def prepare_sqlite(size: int, seed: int, out) -> tuple[Path, str]:
    var_dir = LOAD_VAR / "sqlite"
    marker = var_dir / MARKER
    db_file = var_dir / corpus_load.DB_NAME
    if not (marker.exists() and db_file.exists() and json.loads(marker.read_text()) == _marker(size, seed)):
        cached = corpus_load.cached(size, seed, out=out)
        shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True)
        shutil.copy(cached / corpus_load.DB_NAME, db_file)
        marker.write_text(json.dumps(_marker(size, seed)))
    url = corpus_load.database_url(var_dir)
    removed = _remove_writer_records(url)
    if removed:
        out.write(f"  removed {removed} initiatives of an earlier writer\n")
    return var_dir, url


def postgres_reason() -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection problem: no PostgreSQL here
        return f"PostgreSQL at {PG_ADMIN_URL} does not answer ({type(exc).__name__})"


def prepare_postgres(size: int, seed: int, out) -> tuple[Path, str, float | None]:
    """(var dir, database URL, seconds the bulk load took or None when reused)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from kb import db, initdb, services, vocab

    name = f"praktijkbank_load_{size}"
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    var_dir = LOAD_VAR / "postgres"
    want = json.dumps(_marker(size, seed), sort_keys=True)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    seconds = None
    try:
        with admin.connect() as conn:
            comment = conn.execute(text("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                        "WHERE datname = :n"), {"n": name}).fetchone()
        if comment is None or comment[0] != want:
            out.write(f"loading {size:,} initiatives into PostgreSQL database {name} via kb.services.bulk_create …\n")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            shutil.rmtree(var_dir, ignore_errors=True)
            engine = db.make_engine(url)
            try:
                initdb.init(engine)
                started = time.perf_counter()
                for start in range(0, size, corpus_load.BATCH):
                    n = min(corpus_load.BATCH, size - start)
                    services.bulk_create(list(corpus.generate(n, seed, start=start)), author="bench", engine=engine)
                    out.write(f"\r  loaded {start + n:>7,}/{size:,}")
                    out.flush()
                out.write("\n")
                seconds = time.perf_counter() - started
            finally:
                engine.dispose()
                vocab.invalidate()
            with admin.connect() as conn:
                conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{want}'"))
    finally:
        admin.dispose()
    var_dir.mkdir(parents=True, exist_ok=True)
    removed = _remove_writer_records(url)
    if removed:
        out.write(f"  removed {removed} initiatives of an earlier writer\n")
    return var_dir, url, seconds


def published_slugs(url: str) -> list[str]:
    from sqlalchemy import text

    from kb import db

    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT slug FROM initiative WHERE status = 'published' "
                                                    "ORDER BY id"))]
    finally:
        engine.dispose()


def child_env(var_dir: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAKTIJKBANK_") and k not in ("HOST", "PORT")}
    env.update(PRAKTIJKBANK_VAR_DIR=str(var_dir), PRAKTIJKBANK_DATABASE_URL=url, PYTHONUNBUFFERED="1")
    return env


def sync_index(var_dir: Path, url: str, out) -> float:
    """`python -m kb reindex --sync` (a full build the first time): the index in line before serving."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kb", "reindex", "--sync"], cwd=ROOT, env=child_env(var_dir, url),
                          capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"kb reindex failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    out.write(f"  {done.stdout.strip()} ({time.perf_counter() - started:.1f} s)\n")
    return time.perf_counter() - started


# ---- server, locust, writer -------------------------------------------------------------------------

@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()]
        except OSError:
            return []

    def rss_mb(self) -> float:
        total = 0.0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
            except OSError:
                pass
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_server(var_dir: Path, url: str, workers: int, threads: int) -> tuple[Server, float]:
    """gunicorn as `make serve` runs it (docs/deploy.md), on a free loopback port."""
    port = free_port()
    log = var_dir / "gunicorn.log"
    args = [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
            "--bind", f"{HOST}:{port}", "--graceful-timeout", "20", "--no-control-socket", "app:create_server()"]
    started = time.perf_counter()
    with open(log, "wb") as fh, open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(args, cwd=ROOT, env=child_env(var_dir, url), stdin=devnull, stdout=fh,
                                stderr=subprocess.STDOUT)
    server = Server(proc, port, log)
    try:
        wait_for_http(port, "/api/health", proc, timeout=600)
        deadline = time.monotonic() + 120
        while len(server.worker_pids()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise RuntimeError(f"gunicorn did not start; see {log}:\n{log.read_text()[-3000:]}") from None
    return server, time.perf_counter() - started


def _page_content(port: int, pathname: str, search: str = "") -> tuple[int, bytes, float]:
    """The page content Dash's renderer asks for after loading a page shell (as http_get answers)."""
    import http.client

    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("POST", "/_dash-update-component", json.dumps(body),
                     {"Content-Type": "application/json", "Origin": f"http://{HOST}:{port}"})
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, data, time.perf_counter() - started


def unloaded(port: int, slugs: list[str], rounds: int = 5) -> dict[str, tuple[float, int]]:
    """One request at a time, after a first warming round: median ms and response bytes per kind."""
    words = ["jobcoach", "jongeren%20mbo", "sectorplan", "UWV%20WW", "loopbaanadvies"]
    kinds = {
        "search": lambda i: http_get(port, f"/api/initiatives?q={words[i % 5]}&region=twente"),
        "record": lambda i: http_get(port, f"/api/initiatives/{slugs[i * 7]}"),
        "similar": lambda i: http_get(port, f"/api/initiatives/{slugs[i * 11]}/similar"),
        "shell": lambda i: http_get(port, f"/initiatief/{slugs[i * 13]}"),
        "initiative page content": lambda i: _page_content(port, f"/initiatief/{slugs[i * 13]}"),
        "comparison page content": lambda i: _page_content(port, "/vergelijken", f"?ids={slugs[i * 3]},{slugs[i * 5]}"),
    }
    out: dict[str, tuple[float, int]] = {}
    for kind, call in kinds.items():
        times, size = [], 0
        for i in range(1, rounds + 1):
            call(i)  # warms what this request needs
            status, body, seconds = call(i)
            assert status == 200, (kind, status)
            times.append(seconds * 1000)
            size = len(body)
        out[kind] = (percentile(times, 50), size)
    return out


def run_locust(port: int, csv_prefix: Path, slugs_file: Path, users: int, spawn_rate: float, seconds: int,
               wait: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LOAD_SLUGS=str(slugs_file), LOAD_WAIT=wait, PYTHONUNBUFFERED="1")
    args = [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "loadtest.py"), "--headless",
            "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--stop-timeout", "10",
            "--host", f"http://{HOST}:{port}", "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING"]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 180)


def _token(n: int, run: str) -> str:
    """A word found nowhere else in the corpus, unique per write."""
    letters = ""
    n += 26 ** 3
    while n:
        n, r = divmod(n, 26)
        letters = string.ascii_lowercase[r] + letters
    return f"lastq{run}{letters}"


def writer_main(argv: list[str]) -> None:
    """The writer process: creates/updates through kb.services for `--seconds`, then prints a JSON summary."""
    p = argparse.ArgumentParser(prog="python -m bench.load_run writer")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--interval", type=float, default=2.0)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    args = p.parse_args(argv)

    from kb import db, services

    engine = db.get_engine()
    run = "".join(c for c in uuid.uuid4().hex if c.isalpha())[:4] or "x"
    commits: list[float] = []
    visible: list[float] = []
    not_visible: list[str] = []
    errors: list[str] = []
    created: list[dict[str, Any]] = []
    end = time.monotonic() + args.seconds
    n = 0
    while time.monotonic() < end:
        began = time.monotonic()
        token = _token(n, run)
        try:
            t0 = time.perf_counter()
            if n % 4 == 3 and created:
                old = created.pop(0)
                raw = dict(corpus.record(args.size + int(old["slug"].rsplit("-", 1)[1]), args.seed),
                           slug=old["slug"], status="published")
                raw["title"] = f"{raw['title'][:150]} {token}"
                saved, _ = services.update(old["slug"], raw, expected_revision=old["revision"], author="loadtest",
                                           engine=engine)
            else:
                raw = dict(corpus.record(args.size + n, args.seed), slug=f"{WRITER_PREFIX}-{run}-{n}",
                           status="published")
                raw["title"] = f"{raw['title'][:150]} {token}"
                saved = services.create(raw, author="loadtest", engine=engine)
                created.append(saved)
            commits.append(time.perf_counter() - t0)
            committed = time.perf_counter()
            while True:
                status, body, _ = http_get(args.port, f"/api/initiatives?q={token}&facets=0", timeout=30)
                if status == 200 and any(r["slug"] == saved["slug"] for r in json.loads(body)["results"]):
                    visible.append(time.perf_counter() - committed)
                    break
                if time.perf_counter() - committed > 30:
                    not_visible.append(saved["slug"])
                    break
                time.sleep(0.05)
        except Exception as exc:  # reported, never hidden
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        n += 1
        time.sleep(max(0.0, args.interval - (time.monotonic() - began)))
    engine.dispose()
    print(json.dumps({"writes": len(commits), "commit_s": commits, "visible_s": visible,
                      "not_visible": not_visible, "errors": errors}))


# ---- results ------------------------------------------------------------------------------------------

@dataclass
class ConfigResult:
    name: str
    title: str
    rows: list[dict[str, str]] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    writer: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None


def read_stats(prefix: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    failures: list[dict[str, str]] = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, newline="", encoding="utf-8") as fh:
            failures = list(csv.DictReader(fh))
    return rows, failures


def _ms(value: str) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return value or "–"
    return f"{v:,.0f}" if v >= 10 else f"{v:.1f}"


def format_config(result: ConfigResult) -> list[str]:
    lines = [f"### {result.title}", ""]
    if result.skipped:
        return lines + [f"Skipped: {result.skipped}", ""]
    f = result.facts
    lines += [f"Server ready {f['server_start_s']:.1f} s after start (index brought in line beforehand in "
              f"{f['index_sync_s']:.1f} s); {f['workers']} worker(s) × {f['threads']} threads, RSS of all "
              f"gunicorn processes at the end {f['rss_mb']:.0f} MB; server log: {f['log_problems']}.", ""]
    lines += ["Unloaded, one request at a time after warming (median ms, response size): " + "; ".join(
        f"{kind} {ms:.0f} ms ({size / 1024:,.0f} KB)" for kind, (ms, size) in f["idle"].items()) + ".", ""]
    lines += ["| request | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result.rows:
        name = row["Name"]
        if name == "Aggregated":
            name = "**all requests**"
        else:
            name = f"{row['Type']} `{name}`"
        lines.append(f"| {name} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
                     f"{float(row['Requests/s']):.1f} | {_ms(row['50%'])} | {_ms(row['95%'])} | {_ms(row['99%'])} | "
                     f"{_ms(row['Max Response Time'])} |")
    lines.append("")
    if result.failures:
        lines.append("Failures:")
        for fail in result.failures[:10]:
            lines.append(f"- {fail.get('Method')} `{fail.get('Name')}` ×{fail.get('Occurrences')}: "
                         f"{fail.get('Error', '')[:200]}")
        lines.append("")
    w = result.writer
    if w:
        c = [s * 1000 for s in w.get("commit_s", [])]
        v = [s * 1000 for s in w.get("visible_s", [])]
        lines.append(f"Writes meanwhile (separate process, kb.services, every {f['write_interval']:g} s): "
                     f"{w.get('writes', 0)} committed, commit p50 {percentile(c, 50):.0f} ms / p95 "
                     f"{percentile(c, 95):.0f} ms; found through /api/initiatives after p50 "
                     f"{percentile(v, 50):.0f} ms / p95 {percentile(v, 95):.0f} ms / max "
                     f"{max(v, default=float('nan')):.0f} ms; not found within 30 s: {len(w.get('not_visible', []))}; "
                     f"writer errors: {len(w.get('errors', []))}"
                     + (f" ({'; '.join(w['errors'][:3])})" if w.get("errors") else "") + ".")
        lines.append("")
    return lines


def format_section(results: list[ConfigResult], facts: dict[str, Any], args) -> str:
    m = facts["machine"]
    lines = [SECTION, "",
             f"Measured {m['date']} on {m['cpu']}, {m['nproc']} cores, {m['memory']} memory, Python {m['python']}, "
             f"SQLite {m['sqlite']}, {facts['postgres']}, locust {facts['locust']}; load average at the start "
             f"{facts['load_start']}, at the end {facts['load_end']} (the machine is shared with other work: "
             f"numbers are noisy, and locust itself runs on the same 2 cores).", "",
             f"Command: `{' '.join(['python -m bench.load_run', *facts['argv']])}` (`make load`). Corpus: "
             f"{args.size:,} synthetic initiatives of bench/corpus.py (seed {args.seed}), "
             f"{facts['published']:,} published. Each configuration: {args.seconds} s of locust headless, "
             f"{args.users} users spawned at {args.spawn_rate:g}/s, think time {args.wait.replace(',', '–')} s "
             f"between tasks, everything on 127.0.0.1, gunicorn started as `make serve` does. Mix per user "
             "(bench/loadtest.py): 6 × search (`/api/initiatives` with a query and/or region, target group and "
             "theme filters; 30 % of them then open a result), 3 × initiative page (HTML shell, the page content "
             "Dash's renderer fetches, `/api/initiatives/<slug>` and `/similar`), 1 × comparison "
             "(`/vergelijken?ids=a,b` shell and page content). Writes: there is no write API, so a separate "
             "process creates or updates an initiative through `kb.services` against the same database meanwhile "
             "and measures when `/api/initiatives` finds it. Times from locust (its percentiles are rounded to "
             "two significant digits above 100 ms).", ""]
    for result in results:
        lines += format_config(result)
    return "\n".join(lines).rstrip() + "\n"


def write_section(text: str, path: Path = RESULTS) -> None:
    """Replace our own section of RESULTS.md (or append it); every other section stays as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = old.find(f"\n{SECTION}\n")
    if start == -1:
        new = old.rstrip() + "\n\n" + text
    else:
        nxt = re.search(r"\n## ", old[start + len(SECTION) + 2:])
        end = start + len(SECTION) + 2 + nxt.start() + 1 if nxt else len(old)
        new = old[:start + 1] + text + ("\n" + old[end:] if end < len(old) else "")
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


# ---- one configuration ----------------------------------------------------------------------------

def run_config(name: str, var_dir: Path, url: str, workers: int, threads: int, args, out) -> ConfigResult:
    title = {"sqlite": f"SQLite, gunicorn 1 worker × {threads} threads",
             "postgres": f"PostgreSQL, gunicorn {workers} workers × {threads} threads "
                         "(one shared index directory)"}[name]
    result = ConfigResult(name, title)
    index_s = sync_index(var_dir, url, out)
    slugs = published_slugs(url)
    slugs_file = var_dir / "slugs.txt"
    slugs_file.write_text("\n".join(slugs) + "\n", encoding="utf-8")
    server, start_s = start_server(var_dir, url, workers, threads)
    out.write(f"  {name}: gunicorn ready on port {server.port} after {start_s:.1f} s; locust for {args.seconds} s …\n")
    writer = None
    try:
        idle = unloaded(server.port, slugs)
        if args.write_interval > 0:
            writer = subprocess.Popen([sys.executable, "-m", "bench.load_run", "writer", "--port", str(server.port),
                                       "--seconds", str(args.seconds), "--interval", str(args.write_interval),
                                       "--size", str(args.size), "--seed", str(args.seed)],
                                      cwd=ROOT, env=child_env(var_dir, url), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
        prefix = var_dir / f"locust-{name}"
        done = run_locust(server.port, prefix, slugs_file, args.users, args.spawn_rate, args.seconds, args.wait)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no results:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        result.rows, result.failures = read_stats(prefix)
        if writer is not None:
            stdout, stderr = writer.communicate(timeout=120)
            try:
                result.writer = json.loads(stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                result.writer = {"writes": 0, "errors": [f"writer gave no summary: {stderr[-300:]}"]}
        rss = server.rss_mb()
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
            writer.wait(timeout=10)
        server.stop()
    log = server.log.read_text(errors="replace")
    problems = {k: log.count(k) for k in ("Traceback", "WORKER TIMEOUT", "onleesbaar", "catch-up skipped",
                                          "opnieuw opgebouwd", "Booting worker")}
    booted = problems.pop("Booting worker")
    described = ", ".join(f"{v} × '{k}'" for k, v in problems.items() if v) or "no errors"
    if booted != workers:
        described += f"; {booted} worker boots for {workers} workers"
    result.facts = {"idle": idle, "server_start_s": start_s, "index_sync_s": index_s, "workers": workers,
                    "threads": threads,
                    "rss_mb": rss, "log_problems": described, "write_interval": args.write_interval}
    total = next((r for r in result.rows if r["Name"] == "Aggregated"), None)
    if total:
        out.write(f"  {name}: {int(total['Request Count']):,} requests, {int(total['Failure Count'])} failures, "
                  f"{float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, p95 {total['95%']} ms\n")
    return result


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["writer"]:
        writer_main(argv[1:])
        return
    p = argparse.ArgumentParser(description="Load test with locust; writes the 'Load test' section of bench/RESULTS.md")
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    p.add_argument("--configs", default="sqlite,postgres")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--spawn-rate", type=float, default=5)
    p.add_argument("--wait", default="0.2,1.0", help="think time between a user's tasks, 'min,max' seconds")
    p.add_argument("--workers", type=int, default=int(os.environ.get("PRAKTIJKBANK_WORKERS", "4")),
                   help="gunicorn workers for PostgreSQL (SQLite always runs 1)")
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--write-interval", type=float, default=2.0, help="seconds between writes; 0: no writes")
    p.add_argument("--no-results", action="store_true", help="do not touch bench/RESULTS.md")
    args = p.parse_args(argv)
    out = sys.stderr
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    facts: dict[str, Any] = {"machine": machine(), "argv": argv, "load_start": _loadavg()}
    facts["locust"] = subprocess.run([str(VENV_BIN / "locust"), "--version"], capture_output=True,
                                     text=True).stdout.split()[1:2] or ["?"]
    facts["locust"] = facts["locust"][0]
    facts["postgres"] = "PostgreSQL not used"
    results: list[ConfigResult] = []
    for name in configs:
        if name == "sqlite":
            var_dir, url = prepare_sqlite(args.size, args.seed, out)
            results.append(run_config(name, var_dir, url, 1, args.threads, args, out))
        elif name == "postgres":
            reason = postgres_reason()
            if reason:
                results.append(ConfigResult(name, f"PostgreSQL, gunicorn {args.workers} workers", skipped=reason))
                out.write(f"  postgres skipped: {reason}\n")
                continue
            var_dir, url, _ = prepare_postgres(args.size, args.seed, out)
            facts["postgres"] = _pg_version(url)
            results.append(run_config(name, var_dir, url, args.workers, args.threads, args, out))
        else:
            raise SystemExit(f"unknown configuration {name!r} (sqlite, postgres)")
    facts["load_end"] = _loadavg()
    facts["published"] = _published_count(results, args)
    text = format_section(results, facts, args)
    if args.no_results:
        sys.stdout.write(text)
    else:
        write_section(text)
        out.write(f"wrote the '{SECTION[3:]}' section of {RESULTS}\n")


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _pg_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return "PostgreSQL " + conn.execute(text("SHOW server_version")).scalar().split()[0]
    finally:
        engine.dispose()


def _published_count(results: list[ConfigResult], args) -> int:
    var_dir = LOAD_VAR / "sqlite"
    if (var_dir / corpus_load.DB_NAME).exists():
        with sqlite3.connect(var_dir / corpus_load.DB_NAME) as conn:
            return conn.execute("SELECT count(*) FROM initiative WHERE status = 'published' AND slug NOT LIKE ?",
                                (f"{WRITER_PREFIX}-%",)).fetchone()[0]
    return sum(1 for r in corpus.generate(args.size, args.seed) if r["status"] == "published")


if __name__ == "__main__":
    main()
