"""Backup and restore of the whole knowledge base.

A backup is a folder holding the database itself — SQLite's online backup (consistent while the app
keeps running) or `pg_dump` in custom format for PostgreSQL — plus a markdown export of every
initiative (readable without any software) and a manifest with counts to check a restore against.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine, make_url

from kb import content, db
from kb.models import Initiative, Revision, User

SQLITE_FILE = "praktijkbank.db"
PG_FILE = "praktijkbank.pgdump"
MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    pass


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            "initiatives": conn.execute(select(func.count()).select_from(Initiative)).scalar_one(),
            "revisions": conn.execute(select(func.count()).select_from(Revision)).scalar_one(),
            "users": conn.execute(select(func.count()).select_from(User)).scalar_one(),
        }


def _pg_args(engine: Engine) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from the engine's URL (password via env only)."""
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres",
            "-d", url.database or "postgres"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    options = url.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else options[0]
    return args, env


def _schema(engine: Engine) -> str | None:
    options = engine.url.query.get("options") or ""
    options = options if isinstance(options, str) else options[0]
    if "search_path=" in options:
        return options.split("search_path=", 1)[1].split()[0].split(",")[0]
    return None


def backup(target: Path, *, engine: Engine | None = None) -> dict[str, Any]:
    """Write a backup folder at `target` (must not exist yet); returns the manifest."""
    engine = engine or db.get_engine()
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} bestaat al; kies een nieuwe map voor de back-up")
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            dest = sqlite3.connect(tmp / SQLITE_FILE)
            with dest:
                raw.driver_connection.backup(dest)
            dest.close()
        finally:
            raw.close()
        kind = "sqlite"
    else:
        args, env = _pg_args(engine)
        schema = _schema(engine)
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(tmp / PG_FILE), *args]
        if schema:
            cmd += ["-n", schema]
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            raise BackupError(f"pg_dump mislukte: {res.stderr.strip()[:500]}")
        kind = "postgresql"
    n_exported = content.export_dir(tmp / "content", engine=engine)
    manifest = {"kind": kind, "created_at": datetime.now(timezone.utc).isoformat(), **_counts(engine),
                "markdown_files": n_exported}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    tmp.rename(target)  # a backup folder either is complete or does not exist
    return manifest


def restore(source: Path, *, engine: Engine | None = None) -> dict[str, Any]:
    """Restore a backup folder into an EMPTY database (refuses to overwrite existing initiatives)."""
    engine = engine or db.get_engine()
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is geen volledige back-up ({exc})") from None
    try:
        existing = _counts(engine)["initiatives"]
    except Exception:
        existing = 0  # no schema yet: empty
    if existing:
        raise BackupError(f"de database bevat al {existing} initiatieven; herstel alleen in een lege database")
    if manifest["kind"] == "sqlite":
        if engine.dialect.name != "sqlite":
            raise BackupError("een SQLite-back-up kan alleen in SQLite hersteld worden (gebruik dan import van content/)")
        src = sqlite3.connect(source / SQLITE_FILE)
        raw = engine.raw_connection()
        try:
            with src:
                src.backup(raw.driver_connection)
        finally:
            raw.close()
            src.close()
        engine.dispose()
    else:
        if engine.dialect.name != "postgresql":
            raise BackupError("een PostgreSQL-back-up kan alleen in PostgreSQL hersteld worden")
        args, env = _pg_args(engine)
        env.pop("PGOPTIONS", None)
        schema = _schema(engine)
        if schema:
            with engine.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        else:
            with engine.begin() as conn:  # empty database: drop the bare schema init may have created
                for table in ("alembic_version", "source", "factor", "initiative_term", "revision", "initiative",
                              "vocabulary_term", "user"):
                    conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        res = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                              *args, str(source / PG_FILE)], env=env, capture_output=True, text=True)
        if res.returncode != 0:
            raise BackupError(f"pg_restore mislukte: {res.stderr.strip()[:500]}")
        engine.dispose()
    db.upgrade(engine)  # a backup from an older version is brought up to date
    got = _counts(engine)
    for key in ("initiatives", "revisions", "users"):
        if got[key] != manifest[key]:
            raise BackupError(f"herstel onvolledig: {key} {got[key]} in plaats van {manifest[key]}")
    return {**manifest, "restored": got}
