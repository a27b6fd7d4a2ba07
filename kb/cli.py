"""`python -m kb …`: init, import, export, stats, users, reindex."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm


def _progress(desc: str):
    def wrap(iterable, total=None):
        return tqdm(iterable, desc=desc, total=total, unit=" init", disable=not sys.stderr.isatty(), leave=False)
    return wrap


def cmd_init(args) -> int:
    from kb import initdb

    initdb.init()
    print("Database klaar (schema bijgewerkt, vocabulaires geladen).")
    return 0


def cmd_import(args) -> int:
    from kb import content, initdb

    initdb.init()
    report = content.import_dir(Path(args.directory), progress=_progress("importeren"))
    print(f"Nieuw: {len(report.created)}, bijgewerkt: {len(report.updated)}, ongewijzigd: {len(report.unchanged)}, "
          f"fouten: {len(report.errors)}")
    for name, fld, reason in report.errors:
        print(f"  {name}: {fld}: {reason}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_export(args) -> int:
    from kb import content, initdb

    initdb.init()
    n = content.export_dir(Path(args.directory), status=args.status, progress=_progress("exporteren"))
    print(f"{n} initiatieven geschreven naar {args.directory}")
    return 0


def cmd_stats(args) -> int:
    from kb import initdb, services

    initdb.init()
    data = services.stats()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"Initiatieven: {data['total']}  (revisies: {data['revisions']})")
    for status, n in sorted(data["by_status"].items()):
        print(f"  {status:<10} {n}")
    for kind, counts in sorted(data["by_term"].items()):
        top = ", ".join(f"{v} ({n})" for v, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5])
        print(f"  {kind:<13} {top}")
    return 0


def cmd_users_add(args) -> int:
    from kb import initdb, users

    initdb.init()
    try:
        user = users.add(args.email, role=args.role, name=args.name or "", organisation=args.organisation or "",
                         password=args.password)
    except users.UserError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(f"Gebruiker {user['email']} aangemaakt met rol {user['role']}.")
    return 0


def cmd_backup(args) -> int:
    from datetime import datetime

    from kb import backup, initdb, settings

    initdb.init()
    target = Path(args.target) if args.target else settings.load().var_dir / "backups" / datetime.now().strftime(
        "backup-%Y%m%d-%H%M%S")
    try:
        manifest = backup.backup(target)
    except backup.BackupError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(f"Back-up geschreven naar {target}: {manifest['initiatives']} initiatieven, "
          f"{manifest['revisions']} revisies, {manifest['users']} gebruikers.")
    return 0


def cmd_restore(args) -> int:
    from kb import backup

    try:
        result = backup.restore(Path(args.source))
    except backup.BackupError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(f"Hersteld: {result['restored']['initiatives']} initiatieven, {result['restored']['revisions']} revisies. "
          "Het zoekregister haalt zichzelf bij de volgende start in.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kb", description="Praktijkbank: beheer van de kennisbank")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="schema aanmaken of bijwerken en vocabulaires laden").set_defaults(func=cmd_init)
    sp = sub.add_parser("import", help="markdown-bestanden importeren (idempotent per slug)")
    sp.add_argument("directory")
    sp.set_defaults(func=cmd_import)
    sp = sub.add_parser("export", help="alle initiatieven als markdown schrijven")
    sp.add_argument("directory")
    sp.add_argument("--status", default=None, help="alleen deze status (standaard: alle)")
    sp.set_defaults(func=cmd_export)
    sp = sub.add_parser("stats", help="aantallen per status en per regio/doelgroep/thema")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_stats)
    sp = sub.add_parser("backup", help="back-up van database plus markdown-export")
    sp.add_argument("target", nargs="?", help="nieuwe map (standaard var/backups/backup-<tijd>)")
    sp.set_defaults(func=cmd_backup)
    sp = sub.add_parser("restore", help="een back-up terugzetten in een lege database")
    sp.add_argument("source")
    sp.set_defaults(func=cmd_restore)
    users_p = sub.add_parser("users", help="gebruikers beheren")
    users_sub = users_p.add_subparsers(dest="users_command", required=True)
    sp = users_sub.add_parser("add", help="een gebruiker aanmaken")
    sp.add_argument("email")
    sp.add_argument("--role", default="contributor", choices=["contributor", "editor", "admin"])
    sp.add_argument("--name")
    sp.add_argument("--organisation")
    sp.add_argument("--password", help="standaard: gevraagd op de terminal")
    sp.set_defaults(func=cmd_users_add)
    for extra in _EXTRA_COMMANDS:
        extra(sub)
    return p


_EXTRA_COMMANDS: list = []  # registered by other packages (e.g. the search index adds `reindex`)


def register(add_command) -> None:
    """Let another package add a subcommand without kb importing it (plugin-style registry)."""
    _EXTRA_COMMANDS.append(add_command)


def main(argv: list[str] | None = None) -> int:
    try:
        import index.cli  # noqa: F401  (registers `reindex` when the search package is present)
    except ImportError:
        pass
    args = build_parser().parse_args(argv)
    return args.func(args)
