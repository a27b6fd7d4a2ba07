"""The benchmark harness: `python -m bench.run --sizes 1000,10000,100000` (quick: `--sizes 1000`).

For each size, in one run and side by side: build time, size and peak memory of our index and of the
FTS5 copy; latency of the same 30 queries through our /api/initiatives (with and without facets), our
index in-process, FTS5 in-process and Datasette; publish → searchable latency; the serving processes'
peak memory. Results are printed and written to bench/RESULTS.md.

Why side by side: a machine's speed drifts between runs, so ratios are only fair when the systems are
measured in the same rounds, query by query, in rotating order, after the same warm-up.

Why "first ask" and "repeated" apart: our index memoises parsed queries, rankings and facet counts per
index snapshot (until the next write), FTS5 and Datasette recompute every time. Warm-up therefore uses
other queries (bench.queries.WARMUP_QUERIES); the first timed round asks each query for the first time
since the last write, later rounds repeat it. Systems that share such a cache (our API with and without
facets) get their first round in separate passes, with a publish in between to start a fresh snapshot.

Every loop is bounded in count and in time, and all traffic goes to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from bench import fts, load, measure, ours, servers
from bench.queries import QUERIES, WARMUP_QUERIES

HERE = Path(__file__).resolve().parent
RUN_VAR = load.BENCH_VAR / "run"


@dataclass
class System:
    name: str
    call: Callable[[str], int]  # query -> total hits
    cache: str | None = None  # systems with the same cache share memoised per-query results


@dataclass
class SizeResult:
    size: int
    published: int = 0
    numbers: dict[str, float | str] = field(default_factory=dict)
    first: dict[str, list[float]] = field(default_factory=dict)  # system -> seconds, first ask
    repeated: dict[str, list[float]] = field(default_factory=dict)  # system -> seconds, later rounds
    totals: dict[str, list[int]] = field(default_factory=dict)  # system -> hits per query
    publish: dict[str, list[float]] = field(default_factory=dict)  # "in-process" / "API" -> seconds
    notes: list[str] = field(default_factory=list)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- systems under test ----------------------------------------------------------------------------------

def http_call(port: int, path_for: Callable[[str], str], total_key: str) -> Callable[[str], int]:
    def call(q: str) -> int:
        status, body, _ = measure.http_get(port, path_for(q))
        if status != 200:
            raise RuntimeError(f"HTTP {status} for {path_for(q)}: {body[:300]!r}")
        return int(json.loads(body)[total_key])
    return call


def api_path(q: str, facets: bool) -> str:
    return "/api/initiatives?" + urlencode([("q", q)] + ([] if facets else [("facets", "0")]))


def passes(systems: list[System]) -> list[list[System]]:
    """Split the systems so that no two of one cache share a pass (the others go in the first)."""
    out: list[list[System]] = [[]]
    used: dict[str, int] = {}
    for s in systems:
        k = used.get(s.cache, 0) if s.cache else 0
        if s.cache:
            used[s.cache] = k + 1
        while len(out) <= k:
            out.append([])
        out[k].append(s)
    return out


def _rotated(items: list, n: int) -> list:
    n %= max(len(items), 1)
    return items[n:] + items[:n]  # no system always runs right after the same other one


def time_queries(systems: list[System], result: SizeResult, args, bust: Callable[[], None] | None) -> None:
    for s in systems:
        result.first[s.name], result.repeated[s.name], result.totals[s.name] = [], [], []

    def warm(_n: int) -> None:
        for q in WARMUP_QUERIES:
            for s in systems:
                s.call(q)

    measure.bounded_rounds(args.warmup, args.budget / 4, warm)

    def timed(s: System, q: str, into: dict[str, list[float]]) -> int:
        started = time.perf_counter()
        total = s.call(q)
        into[s.name].append(time.perf_counter() - started)
        return total

    for p, group in enumerate(passes(systems)):
        if p and bust is not None:
            bust()  # a write: our caches start again from a fresh snapshot
        for i, q in enumerate(QUERIES):
            for s in _rotated(group, i):
                result.totals[s.name].append(timed(s, q, result.first))

    def repeat(n: int) -> None:
        for i, q in enumerate(QUERIES):
            for s in _rotated(systems, n + i):
                timed(s, q, result.repeated)

    done = measure.bounded_rounds(max(args.rounds - 1, 0), args.budget, repeat)
    result.numbers["repeated rounds"] = done
    if done < args.rounds - 1:
        result.notes.append(f"{result.size:,}: the time budget of {args.budget:.0f} s allowed {done} of "
                            f"{args.rounds - 1} repeated rounds.")


# --- one size ----------------------------------------------------------------------------------------------

def prepare(size: int, result: SizeResult) -> Path:
    """A fresh working var dir with a copy of the cached database (the runs write to it)."""
    cache = load.cached(size, out=sys.stderr)
    result.numbers["corpus load s (once, cached)"] = load.load_seconds(cache) or float("nan")
    work = RUN_VAR / str(size)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy2(cache / load.DB_NAME, work / load.DB_NAME)
    result.published = fts.count_published(work / load.DB_NAME)
    result.numbers["database MB"] = (work / load.DB_NAME).stat().st_size / 2**20
    return work


def build_fts(work: Path, result: SizeResult) -> Path:
    log(f"[{result.size:,}] building the FTS5 copy …")
    fts_db = work / "fts.db"
    child = measure.run_child([sys.executable, "-m", "bench.fts", str(work / load.DB_NAME), str(fts_db)])
    if child.returncode != 0:
        raise RuntimeError(f"FTS build failed: {child.stderr[-2000:]}")
    result.numbers["fts5 build s"] = child.seconds
    result.numbers["fts5 size MB"] = fts_db.stat().st_size / 2**20
    result.numbers["fts5 build peak MB"] = child.peak_rss_mb
    return fts_db


def build_ours(work: Path, result: SizeResult, args) -> bool:
    reason = ours.unavailable()
    if reason:
        result.notes.append(f"Our index and API were skipped: {reason}")
        return False
    log(f"[{result.size:,}] building our index …")
    child = measure.run_child([sys.executable, "-m", "bench.ours", "build", str(work)], timeout=args.build_timeout)
    if child.returncode != 0:
        result.notes.append(f"Building our index failed (code {child.returncode}): {child.stderr[-800:]}")
        return False
    result.numbers["index build s"] = child.seconds
    result.numbers["index size MB"] = measure.dir_size_mb(ours.index_dir(work))
    result.numbers["index build peak MB"] = child.peak_rss_mb
    return True


def run_size(size: int, args) -> SizeResult:
    result = SizeResult(size)
    work = prepare(size, result)
    fts_db = build_fts(work, result)
    have_ours = build_ours(work, result, args)

    systems: list[System] = []
    started: list[servers.Server] = []
    fts_search = fts.FtsSearch(fts_db)
    follower = app = ds = None
    try:
        if have_ours:
            log(f"[{size:,}] starting the app …")
            t0 = time.perf_counter()
            app = servers.start_app(work, work / "app.log")
            result.numbers["app start s"] = time.perf_counter() - t0
            started.append(app)
            problem = ours.probe_api(app.port)
            if problem:
                result.notes.append(f"/api/initiatives was skipped: {problem}")
                app = None
        if app is not None:
            port = app.port
            systems.append(System("ours", http_call(port, lambda q: api_path(q, True), "total"), "app"))
            if ours.facets_off_supported(port):
                systems.append(System("ours-nofacets", http_call(port, lambda q: api_path(q, False), "total"), "app"))
            else:
                result.notes.append("The API does not honour `facets=0`: the variant without facets was skipped.")
            follower = ours.Follower(work)
            systems.append(System("ours-inproc", lambda q: follower.search(q)["total"], "inproc"))
            if follower.facets_param:
                systems.append(System("ours-inproc-nofacets", lambda q: follower.search(q, False)["total"], "inproc"))
        systems += [System("fts5", lambda q: fts_search.search(q, facets="region")["total"]),
                    System("fts5-6facets", lambda q: fts_search.search(q, facets="all")["total"]),
                    System("fts5-nofacets", lambda q: fts_search.search(q, facets="none")["total"])]
        if servers.datasette_binary():
            log(f"[{size:,}] starting Datasette …")
            ds = servers.start_datasette(fts_db, work / "datasette.log")
            started.append(ds)
            systems += [System("datasette", http_call(ds.port, lambda q: fts.datasette_path(q, True),
                                                      "filtered_table_rows_count")),
                        System("datasette-nofacets", http_call(ds.port, lambda q: fts.datasette_path(q, False),
                                                               "filtered_table_rows_count"))]
        else:
            result.notes.append("Datasette is not installed (pip install -r bench/requirements.txt): skipped.")

        def publish_once(via: str = "worker") -> None:
            local, remote = follower.publish(app.port, args.publish_timeout, via=via)
            if via == "worker":
                result.publish.setdefault("same process (kb event → index_one)", []).append(local)
            result.publish.setdefault(f"app API, written {PUBLISH_PATHS[via]}", []).append(remote)
            if remote != remote:
                result.notes.append(f"{size:,}: an initiative published via {via} was not found by the API "
                                    f"within {args.publish_timeout:.0f} s.")

        log(f"[{size:,}] {len(QUERIES)} queries × {args.rounds} rounds on {', '.join(s.name for s in systems)} …")
        time_queries(systems, result, args, publish_once if follower else None)

        # The cost of a request that does no search: how much of a latency is HTTP and the framework.
        floors = [("ours: HTTP floor (404 JSON)", app, "/api/initiatives/bench-no-such-initiative", 404),
                  ("datasette: HTTP floor (/-/versions.json)", ds, "/-/versions.json", 200)]
        for name, server, path, expected in floors:
            if server is not None:
                result.repeated[name] = [t for status, _, t in (measure.http_get(server.port, path)
                                                                 for _ in range(len(QUERIES))) if status == expected]

        if follower is not None:
            log(f"[{size:,}] publish → searchable …")
            measure.bounded_rounds(2 * args.publish, 2 * args.publish * (args.publish_timeout + 5),
                                   lambda n: publish_once("worker" if n % 2 else "database"))
        for server in started:
            peak, current = server.memory_mb()
            result.numbers[f"{server.name} server peak MB (VmHWM)"] = peak
            result.numbers[f"{server.name} server RSS MB at end"] = current
    finally:
        fts_search.close()
        if follower is not None:
            follower.close()
        for server in started:
            server.stop()
    return result


# --- reporting ------------------------------------------------------------------------------------------

PUBLISH_PATHS = {"worker": "by a second worker on the same index directory",
                 "database": "to the database only (the app's own catch-up)"}
PAIRS = [("ours", "fts5"), ("ours", "fts5-6facets"), ("ours", "datasette"),
         ("ours-nofacets", "fts5-nofacets"), ("ours-nofacets", "datasette-nofacets"),
         ("ours-inproc", "fts5-6facets"), ("ours-inproc-nofacets", "fts5-nofacets")]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds == seconds else "–"


def fmt(value) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(out + ["| " + " | ".join(row) + " |" for row in rows])


def _names(results: list[SizeResult], attr: str) -> list[str]:
    names: list[str] = []
    for r in results:
        names += [n for n, v in getattr(r, attr).items() if v and n not in names]
    return names


def latency_table(results: list[SizeResult], attr: str) -> str:
    rows = []
    for name in _names(results, attr):
        row = [name]
        for r in results:
            lat = [x for x in getattr(r, attr).get(name, []) if x == x]
            row.append(f"{ms(measure.percentile(lat, 50))} / {ms(measure.percentile(lat, 95))} (n={len(lat)})"
                       if lat else "–")
        rows.append(row)
    return table(["system"] + [f"{r.size:,}" for r in results], rows) if rows else "(not measured)"


def ratio_table(results: list[SizeResult], attr: str) -> str:
    rows = []
    for a, b in PAIRS:
        row = [f"{a} / {b}"]
        for r in results:
            la, lb = getattr(r, attr).get(a), getattr(r, attr).get(b)
            row.append(f"{measure.percentile(la, 50) / measure.percentile(lb, 50):.2f} / "
                       f"{measure.percentile(la, 95) / measure.percentile(lb, 95):.2f}" if la and lb else "–")
        rows.append(row)
    return table(["pair"] + [f"{r.size:,}" for r in results], rows)


def report(results: list[SizeResult], info: dict[str, str], args) -> str:
    sizes = [f"{r.size:,}" for r in results]
    keys: list[str] = []
    for r in results:
        keys += [k for k in r.numbers if k not in keys]
    hits = [[n] + [fmt(int(measure.percentile(r.totals[n], 50))) if r.totals.get(n) else "–" for r in results]
            for n in _names(results, "totals")]
    notes = list(dict.fromkeys(n for r in results for n in r.notes))
    return "\n".join([
        "# Benchmark results", "",
        f"Measured {info['date']} on {info['cpu']}, {info['nproc']} cores, {info['memory']} memory, "
        f"Python {info['python']}, SQLite {info['sqlite']} ({info['platform']}); load average at the start "
        f"{info['load']}, at the end {measure.machine()['load']} (other work on the machine makes numbers noisy).",
        "",
        f"Command: `python -m bench.run --sizes {','.join(str(r.size) for r in results)} --rounds {args.rounds}` "
        f"({len(QUERIES)} queries; warm-up on {len(WARMUP_QUERIES)} other queries; 1 first-ask round, then up "
        f"to {args.rounds - 1} repeated rounds). Times in milliseconds, p50 / p95 over all queries and rounds. "
        "Ratio = ours / theirs: below 1 we are faster.", "",
        "Systems: **ours** = `GET /api/initiatives?q=…` as the pages call it (ranked, highlights, six facets, "
        "suggestion); **ours-nofacets** = the same with `facets=0`; **ours-inproc** = `SearchIndex.search` in "
        "the benchmark process (no HTTP); **fts5** = SQLite FTS5 in-process: bm25 top 10 with snippet, the "
        "total, and one region facet count (GROUP BY join); **fts5-6facets** = the same with all six facets; "
        "**fts5-nofacets** = without facets; **datasette** = `/fts/initiatives.json?_search=…&_facet_array="
        "regions` over HTTP; **datasette-nofacets** = without the facet.", "",
        "## Build, size and memory", "",
        table(["measure"] + sizes, [["published initiatives"] + [f"{r.published:,}" for r in results]]
              + [[k] + [fmt(r.numbers.get(k, "–")) for r in results] for k in keys]), "",
        "## Latency, first ask (ms, p50 / p95)", "",
        "Each query asked for the first time since the last write to the index (no memoised answer).", "",
        latency_table(results, "first"), "",
        "## Latency, repeated (ms, p50 / p95)", "",
        "The same queries again: our index answers from its per-snapshot memo; FTS5 and Datasette recompute.", "",
        latency_table(results, "repeated"), "",
        "## Ratios ours / theirs, first ask (p50 / p95)", "", ratio_table(results, "first"), "",
        "## Ratios ours / theirs, repeated (p50 / p95)", "", ratio_table(results, "repeated"), "",
        "## Publish → searchable (ms, p50 / p95)", "",
        "`kb.services.create` of a published initiative in the benchmark process until it is found by a word "
        "that occurs nowhere else: by the benchmark process's own SearchIndex, which follows kb's commits; by "
        "the app's `/api/initiatives` (another process) when that index wrote it (like a second worker on the "
        "same index directory); and by the app's API when nothing but the database was written (like a script "
        "or another host), so the app has to notice by itself.", "",
        latency_table(results, "publish"), "",
        "## Hits per query (median)", "",
        "A sanity check that the systems do comparable work (our index stems Dutch and expands synonyms and "
        "compounds; FTS5 and Datasette match exact tokens).", "",
        table(["system"] + sizes, hits), "",
        "## Notes", "",
        *[f"- {n}" for n in notes],
        "- 'First ask' of ours-nofacets (and ours-inproc-nofacets) runs in a second pass, after a publish that "
        "starts a fresh index snapshot; caches kept per index segment survive that publish, so those numbers are "
        "partly warm and lower than a truly first ask. The six facets themselves cost little once a query has "
        "been matched (a few ms to ~20 ms at 100,000); the first-ask cost is matching and scoring.",
        "- FTS5 and ours-inproc run inside the benchmark process; Datasette and our app are child processes "
        "queried over HTTP on 127.0.0.1, each request on a new connection.",
        "- Datasette's table view filters with FTS but does not rank (primary-key order) and makes no "
        "highlighted snippets; in-process FTS5 does both (bm25 with title/summary/description weights 10/3/1).",
        "- The FTS5 copy holds the published initiatives only, with the list fields as JSON arrays (for "
        "Datasette's `_facet_array`) and a copy of `initiative_term` (for the GROUP BY facet counts).",
        "- Build peak memory: ru_maxrss of exactly that child process (os.wait4). Servers: VmHWM from "
        "/proc/<pid>/status after all query rounds.", "",
    ])


def _sections(text: str) -> dict[str, str]:
    """'## Title' -> the section's text (heading included), in order."""
    parts = re.split(r"(?m)^(?=## )", text)
    return {part.splitlines()[0]: part.rstrip() + "\n" for part in parts if part.startswith("## ")}


def write_results(path: Path, text: str) -> None:
    """Write our report, keeping the sections other tools own (e.g. "## Load test" of bench.load_run)."""
    ours_titles = set(_sections(text))
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = [body for title, body in _sections(old).items() if title not in ours_titles]
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text("\n".join([text.rstrip() + "\n"] + kept), encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> None:
    # A plain `kill` of the harness must still stop the servers it started (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated, e.g. 1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds: 1 first ask + repeated ones")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds of the warm-up queries")
    parser.add_argument("--budget", type=float, default=900, help="seconds of repeated rounds per size, at most")
    parser.add_argument("--publish", type=int, default=10, help="initiatives to publish and wait for, per write path")
    parser.add_argument("--publish-timeout", type=float, default=30, help="seconds to wait for each")
    parser.add_argument("--build-timeout", type=float, default=3 * 3600)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    info = measure.machine()
    results = []
    for size in sizes:
        results.append(run_size(size, args))
        write_results(args.output, report(results, info, args))  # after every size: a long run keeps what it got
    print(report(results, info, args))
    log(f"written: {args.output}")


if __name__ == "__main__":
    main()
