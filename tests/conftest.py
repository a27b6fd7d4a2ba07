"""Shared fixtures: real databases (a SQLite file; PostgreSQL when the machine runs one)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from kb import db, initdb, vocab

from pg import _PG_REASON, PG_URL  # noqa: E402



def _sqlite_engine(tmp_path: Path):
    return db.make_engine(f"sqlite:///{tmp_path / 'kb.db'}")


def _postgres_engine():
    """A fresh schema of our own in the shared `test` database, dropped afterwards."""
    if _PG_REASON:
        if os.environ.get("PRAKTIJKBANK_REQUIRE_POSTGRES"):
            pytest.fail(_PG_REASON)
        pytest.skip(_PG_REASON)
    schema = f"pb_{uuid.uuid4().hex[:12]}"
    admin = db.make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    engine = db.make_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    return engine, admin, schema


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An initialised, empty database: each test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        eng = _sqlite_engine(tmp_path)
        initdb.init(eng)
        yield eng
        eng.dispose()
    else:
        eng, admin, schema = _postgres_engine()
        initdb.init(eng)
        yield eng
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    vocab.invalidate()


@pytest.fixture
def sqlite_engine(tmp_path):
    eng = _sqlite_engine(tmp_path)
    initdb.init(eng)
    yield eng
    eng.dispose()
    vocab.invalidate()
