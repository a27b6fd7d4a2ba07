"""PostgreSQL for tests: where it is, and whether it answers (import as `from pg import …`)."""
from __future__ import annotations

import os

from sqlalchemy import text

from kb import db

PG_URL = os.environ.get("PRAKTIJKBANK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = db.make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection problem means: not here
        return f"PostgreSQL op {PG_URL} antwoordt niet ({type(exc).__name__})"


_PG_REASON = _postgres_available()
