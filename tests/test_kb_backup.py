"""Backup and restore: into an empty database, every record and revision comes back."""
from __future__ import annotations

import uuid

import pytest
from helpers import minimal
from sqlalchemy import text

from kb import backup, db, services, users
from kb.backup import BackupError


def _fill(engine):
    rec = services.create(minimal(success_factors=["Vaste begeleider"]), author="a", engine=engine)
    services.update(rec["slug"], {**minimal(), "participants": 30, "placed": 21}, expected_revision=1, author="b",
                    engine=engine)
    services.create(minimal(slug="tweede", title="Tweede initiatief", status="draft"), author="a", engine=engine)
    users.add("redacteur@example.org", role="editor", password="lang-genoeg-123", engine=engine)


def _snapshot(engine):
    return ({r["slug"]: r for r in services.list_records(engine=engine)},
            {s: services.revisions(s, engine=engine) for s in ("proef-van-werk-naar-werk", "tweede")})


def test_sqlite_backup_restores_every_record_and_revision(sqlite_engine, tmp_path):
    _fill(sqlite_engine)
    before = _snapshot(sqlite_engine)
    manifest = backup.backup(tmp_path / "bk", engine=sqlite_engine)
    assert manifest["initiatives"] == 2 and manifest["revisions"] == 3 and manifest["markdown_files"] == 2
    assert (tmp_path / "bk" / "content" / "tweede.md").exists()
    empty = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    result = backup.restore(tmp_path / "bk", engine=empty)
    assert result["restored"]["initiatives"] == 2
    assert _snapshot(empty) == before
    assert users.authenticate("redacteur@example.org", "lang-genoeg-123", engine=empty)["role"] == "editor"
    with pytest.raises(BackupError, match="bevat al 2 initiatieven"):
        backup.restore(tmp_path / "bk", engine=empty)
    with pytest.raises(BackupError, match="bestaat al"):
        backup.backup(tmp_path / "bk", engine=sqlite_engine)


def test_postgres_backup_restores_into_an_empty_database(engine, tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("this test is about pg_dump; SQLite has its own")
    _fill(engine)
    before = _snapshot(engine)
    backup.backup(tmp_path / "bk", engine=engine)
    name = f"pb_restore_{uuid.uuid4().hex[:8]}"
    admin = db.make_engine(engine.url.set(query={}).render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    target = db.make_engine(engine.url.set(database=name).render_as_string(hide_password=False))
    try:
        backup.restore(tmp_path / "bk", engine=target)
        assert _snapshot(target) == before
    finally:
        target.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_restore_refuses_a_folder_that_is_no_backup(sqlite_engine, tmp_path):
    with pytest.raises(BackupError, match="geen volledige back-up"):
        backup.restore(tmp_path, engine=sqlite_engine)
