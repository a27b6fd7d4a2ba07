"""Controlled vocabularies (regions, target groups, themes, evidence levels, factor categories).

They are data: `kb/vocabularies/*.csv` is loaded into the `vocabulary_term` table at init, and a new
line there (or a row added to the table) extends a vocabulary without code changes.
"""
from __future__ import annotations

import csv
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from kb.models import VocabularyTerm

VOCAB_DIR = Path(__file__).resolve().parent / "vocabularies"
FILES = {
    "region": "regions.csv",
    "target_group": "target_groups.csv",
    "theme": "themes.csv",
    "evidence": "evidence_levels.csv",
    "factor_category": "factor_categories.csv",
}


def read_files(directory: Path = VOCAB_DIR) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for vocab, name in FILES.items():
        with open(directory / name, newline="", encoding="utf-8") as fh:
            out[vocab] = list(csv.DictReader(fh))
    return out


def sync_from_files(engine: Engine, directory: Path = VOCAB_DIR) -> int:
    """Insert or update every term from the CSV files; terms only in the database are kept."""
    from kb.db import session_scope

    changed = 0
    with session_scope(engine) as s:
        existing = {(t.vocabulary, t.code): t for t in s.exec(select(VocabularyTerm))}
        for vocab, rows in read_files(directory).items():
            for pos, row in enumerate(rows):
                extra = {k: v for k, v in row.items() if k not in ("code", "label_nl", "label_en") and v}
                term = existing.get((vocab, row["code"]))
                values = dict(label_nl=row["label_nl"], label_en=row["label_en"], position=pos, extra=extra)
                if term is None:
                    s.add(VocabularyTerm(vocabulary=vocab, code=row["code"], **values))
                    changed += 1
                elif any(getattr(term, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(term, k, v)
                    changed += 1
    invalidate()
    return changed


@dataclass
class Vocabularies:
    terms: dict[str, list[VocabularyTerm]] = field(default_factory=dict)

    def codes(self, vocab: str) -> list[str]:
        return [t.code for t in self.terms.get(vocab, [])]

    def label(self, vocab: str, code: str, lang: str = "nl") -> str:
        for t in self.terms.get(vocab, []):
            if t.code == code:
                return t.label_en if lang == "en" else t.label_nl
        return code

    def labels(self, vocab: str, lang: str = "nl") -> dict[str, str]:
        return {t.code: (t.label_en if lang == "en" else t.label_nl) for t in self.terms.get(vocab, [])}

    def extra(self, vocab: str, code: str) -> dict:
        for t in self.terms.get(vocab, []):
            if t.code == code:
                return dict(t.extra or {})
        return {}

    def normalize(self, vocab: str, value: str) -> str | None:
        """A code, or a Dutch/English label in any case, to its code; None when unknown."""
        wanted = str(value).strip().casefold()
        for t in self.terms.get(vocab, []):
            if wanted in (t.code.casefold(), t.label_nl.casefold(), t.label_en.casefold()):
                return t.code
        return None


_cache: dict[str, Vocabularies] = {}
_lock = threading.Lock()


def invalidate() -> None:
    with _lock:
        _cache.clear()


def load(engine: Engine | None = None) -> Vocabularies:
    """The vocabularies as the database holds them, cached per database until `invalidate()`."""
    from kb.db import get_engine, session_scope

    engine = engine or get_engine()
    key = str(engine.url)
    with _lock:
        if key in _cache:
            return _cache[key]
    with session_scope(engine) as s:
        rows = s.exec(select(VocabularyTerm).order_by(VocabularyTerm.vocabulary, VocabularyTerm.position)).all()
    vocabs = Vocabularies()
    for row in rows:
        vocabs.terms.setdefault(row.vocabulary, []).append(row)
    with _lock:
        _cache[key] = vocabs
    return vocabs
