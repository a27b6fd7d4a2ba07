"""Load a synthetic corpus into a fresh SQLite database, through kb like real data, and cache it per size.

Why through `kb.services.bulk_create`: the records are validated and stored with their terms, factors,
sources and first revision exactly as an import would store them, so the index and the API see the
real shape of the data. Why cached: loading 100,000 records takes minutes, and the benchmarks only read
the database (the run works on a copy), so `var/bench/<size>/` is built once per size, seed and corpus
version and then reused.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench import corpus
from kb import db, initdb, services, vocab

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
DB_NAME = "praktijkbank.db"
MARKER = "loaded.json"
BATCH = 1000


def database_url(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / DB_NAME}"


def load(var_dir: Path, size: int, seed: int = corpus.DEFAULT_SEED, batch: int = BATCH,
         out=sys.stderr) -> float:
    """Create the schema in `var_dir` and store `size` records in batches; returns the seconds taken."""
    var_dir.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(database_url(var_dir))
    try:
        initdb.init(engine)
        started = time.perf_counter()
        done = 0
        while done < size:
            n = min(batch, size - done)
            services.bulk_create(list(corpus.generate(n, seed, start=done)), author="bench", engine=engine)
            done += n
            rate = done / (time.perf_counter() - started)
            out.write(f"\r  loaded {done:>7,}/{size:,} ({rate:,.0f}/s)")
            out.flush()
        out.write("\n")
        elapsed = time.perf_counter() - started
    finally:
        engine.dispose()
        vocab.invalidate()
    # Fold the WAL into the main file, so the database is a single file that can be copied.
    with sqlite3.connect(var_dir / DB_NAME) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return elapsed


def cached(size: int, seed: int = corpus.DEFAULT_SEED, root: Path = BENCH_VAR, out=sys.stderr) -> Path:
    """The var dir holding a loaded database of `size` records; built (atomically) when missing or stale."""
    var_dir = root / str(size)
    wanted = {"size": size, "seed": seed, "corpus_version": corpus.CORPUS_VERSION}
    marker = var_dir / MARKER
    if marker.exists() and (var_dir / DB_NAME).exists():
        found = json.loads(marker.read_text())
        if {k: found.get(k) for k in wanted} == wanted:
            return var_dir
    out.write(f"building a database of {size:,} initiatives in {var_dir} …\n")
    tmp = root / f"{size}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    seconds = load(tmp, size, seed, out=out)
    (tmp / MARKER).write_text(json.dumps({**wanted, "load_seconds": round(seconds, 1)}))
    shutil.rmtree(var_dir, ignore_errors=True)
    tmp.rename(var_dir)
    return var_dir


def load_seconds(var_dir: Path) -> float | None:
    """How long the cached load took when it was built (for the results table)."""
    try:
        return json.loads((var_dir / MARKER).read_text()).get("load_seconds")
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> None:
    """Build (or find) the cached databases: `python -m bench.load 1000 10000`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    args = parser.parse_args(argv)
    for size in args.sizes:
        print(cached(size, args.seed))


if __name__ == "__main__":
    main()
