"""Schema changes go through migrations: an existing database is upgraded, never dropped."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import kb.models  # noqa: F401
from kb import db, initdb, vocab


def _config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def test_models_and_migrations_agree(engine):
    """Forgetting a migration for a model change fails here (autogenerate finds nothing to do)."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_from_first_revision_keeps_data(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0001")
        conn.execute(text(
            "INSERT INTO initiative (slug, title, summary, description, approach, preconditions, context, "
            "outcome_note, cost_note, contact_organisation, contact_url, status, status_reason, revision, "
            "created_at, updated_at) VALUES ('oud', 'Een oud initiatief', 'Bestond al vóór de upgrade.', '', '', '',"
            " '', '', '', '', '', 'published', '', 3, '2021-01-01 00:00:00', '2021-01-01 00:00:00')"))
    initdb.init(engine)  # what every start does: upgrade to head
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title, revision FROM initiative")).one() == ("Een oud initiatief", 3)
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    scripts = sorted(p.name for p in (db.MIGRATIONS / "versions").glob("0*.py"))
    assert head == scripts[-1].split("_")[0]
    initdb.init(engine)  # a second start changes nothing
    vocab.invalidate()
