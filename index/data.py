"""The word lists the search uses, read from `index/data/` (stop words, stem fixes, synonyms).

They are data, not code, so an editor can extend them without touching Python. Each file is read
once per process; lines starting with '#' are comments.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.DictReader(_lines(path)))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Lower-case, accent-free Dutch stop words."""
    return frozenset(_lines(DATA_DIR / "stopwords_nl.txt"))


@lru_cache(maxsize=None)
def stem_overrides() -> dict[str, str]:
    """Word form -> stem, for the few forms the Snowball stemmer gets inconsistent."""
    return {row["word"].lower(): row["stem"].lower() for row in _csv_rows(DATA_DIR / "stem_overrides.csv")}


@lru_cache(maxsize=None)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Each line of synonyms.csv as a group of equivalent written forms (term first)."""
    groups = []
    for row in _csv_rows(DATA_DIR / "synonyms.csv"):
        forms = [row.get("term", "")] + row.get("equivalents", "").split("|")
        forms = tuple(f.strip() for f in forms if f.strip())
        if len(forms) > 1:
            groups.append(forms)
    return tuple(groups)
