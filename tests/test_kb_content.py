"""Import and export of content/: idempotent, reports bad files, round-trips exactly."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import CONTENT, ROOT, minimal

from kb import content, services
from kb.records import content_of

GOOD = """---
title: Proef van werk naar werk
slug: proef
summary: Met ontslag bedreigde werknemers krijgen een vaste begeleider naar nieuw werk.
status: published
regions: [Noordoost-Brabant]
success_factors:
  - text: "Persoonlijke begeleiding: wensen centraal"
    category: persoonlijke-begeleiding
participants: 30
placed: 21
period_start: "2020-07"
evidence_rated_on: 2021-06-01
---
Tekst met **vet** en een lijst:

- een
- twee
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_is_idempotent_and_a_changed_file_is_a_new_revision(engine, tmp_path):
    write(tmp_path, "proef.md", GOOD)
    first = content.import_dir(tmp_path, engine=engine)
    assert first.created == ["proef"] and first.ok
    second = content.import_dir(tmp_path, engine=engine)
    assert second.unchanged == ["proef"] and not second.created and not second.updated
    assert services.get("proef", engine=engine)["revision"] == 1
    write(tmp_path, "proef.md", GOOD.replace("placed: 21", "placed: 22"))
    third = content.import_dir(tmp_path, engine=engine)
    assert third.updated == ["proef"]
    rec = services.get("proef", engine=engine)
    assert rec["revision"] == 2 and rec["placed"] == 22
    assert rec["description"].startswith("Tekst met **vet**")


def test_reimport_does_not_undo_a_later_edit_in_the_app(engine, tmp_path):
    write(tmp_path, "proef.md", GOOD)
    content.import_dir(tmp_path, engine=engine)
    rec = services.get("proef", engine=engine)
    edited = {**content_of(rec), "placed": 25}
    services.update("proef", edited, expected_revision=1, author="redacteur", engine=engine)
    report = content.import_dir(tmp_path, engine=engine)
    assert report.unchanged == ["proef"]
    assert services.get("proef", engine=engine)["placed"] == 25


def test_bad_files_are_reported_by_name_field_and_reason_others_still_imported(engine, tmp_path):
    write(tmp_path, "a-goed.md", GOOD)
    write(tmp_path, "b-yaml.md", "---\ntitle: [niet gesloten\n---\ntekst\n")
    write(tmp_path, "c-geen-voorwerk.md", "Alleen tekst, geen voorwerk.\n")
    write(tmp_path, "d-velden.md", "---\ntitle: Goed genoeg\nsummary: kort\nregions: [Atlantis]\n---\n")
    write(tmp_path, "e-lijst.md", "---\n- een\n- twee\n---\n")
    report = content.import_dir(tmp_path, engine=engine)
    assert report.created == ["proef"]
    errors = {(name, fld) for name, fld, _ in report.errors}
    assert ("b-yaml.md", "front_matter") in errors
    assert ("c-geen-voorwerk.md", "front_matter") in errors
    assert ("d-velden.md", "summary") in errors and ("d-velden.md", "regions") in errors
    assert ("e-lijst.md", "front_matter") in errors
    reasons = {(name, fld): reason for name, fld, reason in report.errors}
    assert "regel 2" in reasons[("b-yaml.md", "front_matter")]
    assert "Atlantis" in reasons[("d-velden.md", "regions")]
    assert services.count(engine=engine) == 1


def _import_all(engine, directory):
    report = content.import_dir(directory, engine=engine)
    assert report.ok, report.errors
    return {r["slug"]: content_of(r) for r in services.list_records(engine=engine)}


def test_export_then_import_into_empty_database_gives_identical_records(engine, sqlite_engine, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "proef.md", GOOD)
    write(src, "tweede.md", GOOD.replace("slug: proef", "slug: tweede").replace("Proef", "Tweede proef"))
    if any(CONTENT.glob("*.md")):
        for path in CONTENT.glob("*.md"):
            if path.name != "FORMAT.md":
                write(src, path.name, path.read_text(encoding="utf-8"))
    original = _import_all(engine, src)
    out = tmp_path / "export"
    assert content.export_dir(out, engine=engine) == len(original)
    roundtrip = _import_all(sqlite_engine, out)
    assert roundtrip == original


def test_shipped_content_imports_cleanly(sqlite_engine):
    report = content.import_dir(CONTENT, engine=sqlite_engine)
    assert report.ok, report.errors
    assert len(report.created) >= 12
    records = services.list_records(engine=sqlite_engine)
    slugs = {r["slug"] for r in records}
    assert any("werkenaanwerk" in s for s in slugs)
    assert all(r["summary"] and r["regions"] for r in records)
    assert sum(1 for r in records if r["success_factors"]) >= 8
    assert sum(1 for r in records if r["failures"]) >= 5
    assert sum(1 for r in records if r["participants"]) >= 3


def test_cli_import_export_stats(tmp_path):
    env = {"PRAKTIJKBANK_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    src = tmp_path / "src"
    src.mkdir()
    write(src, "proef.md", GOOD)
    write(src, "kapot.md", "---\ntitle: [\n---\n")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "kb", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    res = run("import", str(src))
    assert res.returncode == 1
    assert "Nieuw: 1" in res.stdout and "kapot.md: front_matter" in res.stderr
    res = run("import", str(src))
    assert "ongewijzigd: 1" in res.stdout
    res = run("export", str(tmp_path / "out"))
    assert res.returncode == 0 and (tmp_path / "out" / "proef.md").exists()
    res = run("stats")
    assert res.returncode == 0 and "published  1" in res.stdout
    res = run("users", "add", "Redacteur@Example.org", "--role", "editor", "--password", "lang-genoeg-123")
    assert res.returncode == 0 and "redacteur@example.org" in res.stdout
    res = run("users", "add", "redacteur@example.org", "--password", "lang-genoeg-123")
    assert res.returncode == 2 and "bestaat al" in res.stderr
    res = run("users", "add", "geen-mail", "--password", "lang-genoeg-123")
    assert res.returncode == 2 and "geen geldig e-mailadres" in res.stderr
