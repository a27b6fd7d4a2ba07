"""Import and export of `content/*.md`: YAML front matter plus a markdown description.

Import is idempotent by slug: an unchanged file changes nothing, a changed file becomes a new
revision, and a bad file is reported (file, field, reason) without stopping the others.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from sqlalchemy.engine import Engine

from kb import services
from kb.records import content_of
from kb.schemas import CONTENT_FIELDS
from kb.validation import Problem, ValidationFailed

AUTHOR = "import"
# Written in this order, so an exported file reads like the ones we write by hand.
FRONT_MATTER_ORDER = [f for f in CONTENT_FIELDS if f != "description"]


class FrontMatterError(ValueError):
    pass


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (file, field, reason)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse(text: str) -> tuple[dict[str, Any], str]:
    """Split a markdown file into (front matter, body); raise FrontMatterError with the reason."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise FrontMatterError("het bestand begint niet met '---' gevolgd door YAML")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise FrontMatterError("het afsluitende '---' ontbreekt")
    head, body = parts[0][3:], parts[1]
    body = body.split("\n", 1)[1] if "\n" in body else ""
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark is not None else ""
        raise FrontMatterError(f"geen geldige YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise FrontMatterError("het voorwerk is geen lijst van velden (sleutel: waarde)")
    return meta, body.strip("\n")


def render(record: dict[str, Any]) -> str:
    meta = {k: record[k] for k in FRONT_MATTER_ORDER}
    meta = {k: v for k, v in meta.items() if v not in (None, "", [])}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n{record.get('description', '').strip()}\n"


def import_file(path: Path, *, engine: Engine | None = None, author: str = AUTHOR) -> tuple[str, str]:
    """Import one file; returns (outcome, slug) with outcome created|updated|unchanged."""
    meta, body = parse(path.read_text(encoding="utf-8"))
    meta = dict(meta)
    meta.setdefault("description", body)
    if not meta.get("slug"):
        meta["slug"] = path.stem
    existing = services.get(str(meta["slug"]), engine=engine)
    if existing is not None:
        # Compare with what this importer wrote last, so a re-import neither repeats itself nor
        # undoes an edit made later through the app; only a changed file makes a new revision.
        if services.last_snapshot_by(existing["slug"], author, engine=engine) == services.normalise(meta, engine=engine):
            return "unchanged", existing["slug"]
    if existing is None:
        rec = services.create(meta, author=author, message=f"import {path.name}", engine=engine)
        return "created", rec["slug"]
    rec, changed = services.update(existing["slug"], meta, expected_revision=existing["revision"],
                                   author=author, message=f"import {path.name}", engine=engine)
    return ("updated" if changed else "unchanged"), rec["slug"]


def import_dir(directory: Path, *, engine: Engine | None = None,
               progress: Callable[[Iterable], Iterable] = lambda it: it) -> ImportReport:
    report = ImportReport()
    files = sorted(p for p in Path(directory).glob("*.md") if p.name.upper() not in ("README.MD", "FORMAT.MD"))
    for path in progress(files):
        try:
            outcome, slug = import_file(path, engine=engine)
        except FrontMatterError as exc:
            report.errors.append((path.name, "front_matter", str(exc)))
            continue
        except ValidationFailed as exc:
            for fld, msg in exc.messages().items():
                report.errors.append((path.name, fld, msg))
            continue
        except OSError as exc:
            report.errors.append((path.name, "bestand", exc.strerror or str(exc)))
            continue
        getattr(report, outcome).append(slug)
    return report


def export_dir(directory: Path, *, engine: Engine | None = None, status: str | None = None,
               progress: Callable[[Iterable], Iterable] = lambda it: it) -> int:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    n = 0
    for record in progress(services.iter_records(status=status, engine=engine)):
        target = directory / f"{record['slug']}.md"
        tmp = target.with_suffix(".md.tmp")
        tmp.write_text(render(content_of(record)), encoding="utf-8")
        tmp.replace(target)
        n += 1
    return n
