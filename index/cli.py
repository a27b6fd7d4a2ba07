"""`python -m kb reindex`: rebuild the search index from the database (or only catch up).

Registered with kb's command line when this package is importable (kb.cli imports index.cli).
"""
from __future__ import annotations


from kb import cli as kb_cli


def cmd_reindex(args) -> int:
    from kb import initdb, services
    from kb import settings as settings_mod

    from index import kbsync
    from index.searchindex import SearchIndex

    initdb.init()
    index_dir = args.index_dir or settings_mod.load().index_dir
    ix = SearchIndex(index_dir)
    if args.sync:
        report = kbsync.catch_up(ix, progress=kb_cli._progress("zoekindex"))
        print(f"Zoekindex bijgewerkt: {report.added} nieuw, {report.updated} gewijzigd, {report.deleted} verwijderd"
              f"{' (opnieuw opgebouwd)' if report.rebuilt else ''}.")
    else:
        total = services.count(status="published")
        n = ix.rebuild(services.iter_records(status="published"), total=total,
                       progress=kb_cli._progress("zoekindex"))
        print(f"Zoekindex opnieuw opgebouwd: {n} initiatieven in {index_dir}.")
    ix.close()
    return 0


def add_command(sub) -> None:
    sp = sub.add_parser("reindex", help="de zoekindex opnieuw opbouwen uit de database")
    sp.add_argument("--sync", action="store_true", help="alleen de verschillen bijwerken")
    sp.add_argument("--index-dir", default=None, help="standaard PRAKTIJKBANK_INDEX_DIR of var/index/")
    sp.set_defaults(func=cmd_reindex)


if add_command not in kb_cli._EXTRA_COMMANDS:
    kb_cli.register(add_command)

