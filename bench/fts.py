"""The yardstick: SQLite FTS5 over the same corpus, queried in-process, and served by Datasette.

Why a separate, compact copy: Datasette facets only on columns of the table it shows, and the kb
database keeps regions, themes, … in a child table. So the copy holds one row per *published*
initiative with its list fields as JSON arrays (for Datasette's `_facet_array`), the `initiative_term`
rows (for the in-process GROUP BY facet counts), and an external-content FTS5 table
`initiatives_fts(title, summary, description)` that Datasette detects by its name and `content=`.

FTS5 uses its default unicode61 tokenizer (no Dutch stemming, no synonyms), so it does less work
per query than our index; the ratios say what our extra features cost, not which is "better".
"""
from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from bench.queries import fts5_match

FACET_KINDS = ("region", "target_group", "theme", "organisation")
BM25_WEIGHTS = "10.0, 3.0, 1.0"  # title, summary, description

SCHEMA = """
CREATE TABLE initiatives (
    id INTEGER PRIMARY KEY, slug TEXT, title TEXT, summary TEXT, description TEXT,
    regions TEXT, target_groups TEXT, themes TEXT, organisations TEXT,
    evidence_level TEXT, year TEXT, updated_at TEXT
);
CREATE TABLE initiative_term (initiative_id INTEGER, kind TEXT, value TEXT);
CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    title, summary, description, content="initiatives", content_rowid="id"
);
"""


def _list(kind: str) -> str:
    return (f"(SELECT json_group_array(value) FROM (SELECT value FROM src.initiative_term t "
            f"WHERE t.initiative_id = i.id AND t.kind = '{kind}' ORDER BY t.position))")


def build(src: Path, dst: Path) -> None:
    """Write the FTS-enabled copy of the published initiatives of `src` to `dst` (replaced)."""
    tmp = dst.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(SCHEMA)
        conn.execute("ATTACH DATABASE ? AS src", (str(src),))
        conn.execute(f"""
            INSERT INTO initiatives
            SELECT i.id, i.slug, i.title, i.summary, i.description,
                   {_list('region')}, {_list('target_group')}, {_list('theme')}, {_list('organisation')},
                   i.evidence_level, substr(i.period_start, 1, 4), i.updated_at
            FROM src.initiative i WHERE i.status = 'published'""")
        conn.execute("""
            INSERT INTO initiative_term SELECT t.initiative_id, t.kind, t.value FROM src.initiative_term t
            JOIN initiatives i ON i.id = t.initiative_id""")
        conn.execute("CREATE INDEX ix_term_initiative ON initiative_term(initiative_id, kind, value)")
        conn.execute("INSERT INTO initiatives_fts(initiatives_fts) VALUES ('rebuild')")
        conn.commit()
        conn.execute("DETACH DATABASE src")
        conn.execute("VACUUM")
    finally:
        conn.close()
    tmp.replace(dst)


def count_published(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM initiative WHERE status = 'published'").fetchone()[0]


class FtsSearch:
    """The in-process FTS5 counterpart of one /api/initiatives call."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def close(self) -> None:
        self.conn.close()

    def search(self, q: str, facets: str = "region", limit: int = 10) -> dict:
        """Ranked page with highlights and the total; then facet counts as GROUP BY joins.

        `facets`: "region" (one count by region, the yardstick), "all" (the six facets of our API)
        or "none".
        """
        match = fts5_match(q)
        c = self.conn
        rows = c.execute(f"""
            SELECT i.slug, i.title, i.summary,
                   snippet(initiatives_fts, 2, '<mark>', '</mark>', '…', 12),
                   bm25(initiatives_fts, {BM25_WEIGHTS}) AS score
            FROM initiatives_fts JOIN initiatives i ON i.id = initiatives_fts.rowid
            WHERE initiatives_fts MATCH ? ORDER BY score LIMIT ?""", (match, limit)).fetchall()
        total = c.execute("SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH ?", (match,)).fetchone()[0]
        out = {"total": total, "results": [{"slug": r[0], "title": r[1], "highlight": r[3]} for r in rows]}
        if facets == "none":
            return out
        kinds = ("region",) if facets == "region" else FACET_KINDS
        counts: dict[str, dict[str, int]] = {}
        for kind, value, n in c.execute(f"""
                SELECT t.kind, t.value, count(*) FROM initiatives_fts f
                JOIN initiative_term t ON t.initiative_id = f.rowid
                WHERE initiatives_fts MATCH ? AND t.kind IN ({",".join("?" * len(kinds))})
                GROUP BY t.kind, t.value""", (match, *kinds)):
            counts.setdefault(kind, {})[value] = n
        if facets == "all":
            for column, name in (("evidence_level", "evidence"), ("year", "year")):
                counts[name] = dict(c.execute(f"""
                    SELECT i.{column}, count(*) FROM initiatives_fts f JOIN initiatives i ON i.id = f.rowid
                    WHERE initiatives_fts MATCH ? GROUP BY i.{column}""", (match,)).fetchall())
        out["facets"] = counts
        return out


def datasette_path(q: str, facets: bool, db_name: str = "fts") -> str:
    """The Datasette table-view URL of the same search: `_search`, with or without the region facet.

    `_facet_array=regions` counts an initiative under each of its regions, as our region facet does.
    Datasette's table view filters with FTS but does not rank (rows come in primary-key order).
    """
    from urllib.parse import urlencode

    params = [("_search", q), ("_size", "10")] + ([("_facet_array", "regions")] if facets else [])
    return f"/{db_name}/initiatives.json?{urlencode(params)}"


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.fts SRC.db DST.db`: build the copy (run as a child, so its peak memory is its own)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    build(args.src, args.dst)
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
