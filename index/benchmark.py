"""Timing of the search on synthetic initiatives: build, queries with facets and highlights, and
publish-to-searchable. Not a test; run it by hand and compare with the targets in DESIGN.md:

    python -m index.benchmark --docs 10000 [--dir /tmp/pb-bench] [--queries 400] [--reuse]

Queries are drawn from the synthetic vocabulary: one to four words, some with facet filters,
some sorted by newest or outcome, pages 1-3. Each is run once on fresh caches ("cold": the first
user to ask it) and again afterwards ("warm"); every run returns all six facets and highlights.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from index import synthetic
from index.searchindex import SearchIndex


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def _summary(name: str, ms: list[float]) -> str:
    return (f"{name:<28} n={len(ms):<5} p50={statistics.median(ms):7.2f} ms  p95={_percentile(ms, 95):7.2f} ms  "
            f"max={max(ms):7.2f} ms")


def workload(n: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    words = [w for w in synthetic._BASE if len(w) > 3]
    out = []
    for _ in range(n):
        kind = rng.random()
        q = " ".join(rng.sample(words, rng.choice([1, 1, 1, 2, 2, 3, 4]))) if kind > 0.08 else ""
        filters = {}
        if rng.random() < 0.3:
            filters["region"] = rng.sample(synthetic.REGIONS, rng.choice([1, 2]))
        if rng.random() < 0.2:
            filters["target_group"] = [rng.choice(synthetic.TARGET_GROUPS)]
        if rng.random() < 0.1:
            filters["theme"] = [rng.choice(synthetic.THEMES)]
        sort = rng.choice(["relevance"] * 8 + ["newest", "outcome"])
        out.append({"q": q, "filters": filters, "sort": sort, "page": rng.choice([1, 1, 1, 2, 3])})
    return out


def run(docs: int, directory: Path, queries: int, reuse: bool) -> None:
    ix = SearchIndex(directory)
    if not reuse or ix.count() != docs:
        started = time.perf_counter()
        ix.rebuild(synthetic.records(docs), total=docs)
        print(f"build {docs} docs: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    ix.warm()
    print(f"warm-up (facets, columns, lengths, term lists): {time.perf_counter() - started:.2f} s")

    jobs = workload(queries)
    cold, warm = [], []
    for job in jobs:
        t = time.perf_counter()
        ix.search(**job)
        cold.append((time.perf_counter() - t) * 1000)
    for _ in range(2):
        for job in jobs:
            t = time.perf_counter()
            ix.search(**job)
            warm.append((time.perf_counter() - t) * 1000)
    print(_summary("query, first time (cold)", cold))
    print(_summary("query, repeated (warm)", warm))
    print(_summary("query, all runs", cold + warm))

    writes, visible = [], []
    marker = "".join(random.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))  # a word no run used
    for i, record in enumerate(synthetic.records(50, seed=99, start_id=10 * docs + 1)):
        record["title"] = f"Nieuw gepubliceerd initiatief {marker}{i}"
        t = time.perf_counter()
        ix.index_one(record)
        t_written = time.perf_counter()
        result = ix.search(q=f"{marker}{i}")
        t_found = time.perf_counter()
        assert result["total"] == 1, result["total"]
        writes.append((t_written - t) * 1000)
        visible.append((t_found - t) * 1000)
    ix.merge_now()
    print(_summary("index_one", writes))
    print(_summary("publish -> searchable", visible))
    after = []
    for job in jobs[:100]:
        t = time.perf_counter()
        ix.search(**job)
        after.append((time.perf_counter() - t) * 1000)
    print(_summary("query after 50 writes", after))
    ix.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m index.benchmark")
    p.add_argument("--docs", type=int, default=10_000)
    p.add_argument("--dir", type=Path, default=None)
    p.add_argument("--queries", type=int, default=400)
    p.add_argument("--reuse", action="store_true", help="reuse an index of the same size in --dir")
    args = p.parse_args(argv)
    directory = args.dir or Path(tempfile.mkdtemp(prefix="pb-bench-")) / "index"
    run(args.docs, directory, args.queries, args.reuse)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
