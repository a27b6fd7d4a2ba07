"""Bring a database to life: schema migrations, then vocabularies from their CSV files."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from kb import db, vocab


def init(engine: Engine | None = None) -> Engine:
    engine = engine or db.get_engine()
    db.upgrade(engine)
    vocab.sync_from_files(engine)
    return engine
