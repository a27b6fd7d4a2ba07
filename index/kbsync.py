"""Wiring between kb (the database) and a SearchIndex: catch up, and follow kb's commits.

    ix = SearchIndex(settings.index_dir)
    kbsync.catch_up(ix, engine)     # at start-up: add/update/delete what changed meanwhile
    kbsync.follow(ix, engine)       # then: every committed save updates the index at once

kb knows nothing of the index (kb.events is a plain publish/subscribe registry), so this module
is the only place where the two meet. A failing index update is logged by kb.events and repaired
by the next `catch_up`, because the database stays the source of truth.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from index.searchindex import BUSY_ERRORS, IndexDamaged, SearchIndex
from index.sync import SyncReport

log = logging.getLogger(__name__)


def loader(engine=None) -> Callable[[list[int]], list[dict[str, Any]]]:
    from kb import services

    return lambda ids: services.get_many(ids, engine=engine)


def catch_up(ix: SearchIndex, engine=None, progress=None) -> SyncReport:
    """Bring `ix` in line with the published initiatives in the database."""
    from kb import services

    report = ix.apply(services.published_states(engine=engine), loader(engine), progress=progress)
    if report.changed:
        log.info("zoekindex bijgewerkt: %d nieuw, %d gewijzigd, %d verwijderd%s", report.added, report.updated,
                 report.deleted, " (opnieuw opgebouwd)" if report.rebuilt else "")
    return report


def follow(ix: SearchIndex, engine=None) -> Callable[[str, dict], None]:
    """Subscribe `ix` to kb's committed changes; returns the listener (to unsubscribe)."""
    from kb import events

    def on_change(kind: str, record: dict) -> None:
        if kind == "saved":
            ix.index_one(record)
        elif kind == "deleted":
            ix.remove(int(record["id"]))
        else:  # "bulk" and anything new: compare everything
            catch_up(ix, engine)

    events.subscribe(on_change)
    return on_change


def start(index_dir, engine=None, warm: bool = True) -> SearchIndex:
    """Open (or recreate) the index, catch up with the database and follow it from now on.

    Trouble with the index itself (another process holding its lock, damage found while warming)
    does not stop the process from starting — a gunicorn worker that fails to boot takes the
    whole server down — it is logged and left to the runtime's next catch-up. A database that
    cannot be reached does stop it: without the truth there is nothing to serve."""
    ix = SearchIndex(index_dir)
    try:
        catch_up(ix, engine)
    except (IndexDamaged, *BUSY_ERRORS) as exc:
        log.warning("zoekindex bij de start niet bijgewerkt, volgt zo: %s", exc)
    follow(ix, engine)
    if warm:
        try:
            ix.warm()
        except IndexDamaged as exc:
            log.warning("zoekindex bij het opwarmen beschadigd gevonden, wordt hersteld: %s", exc.reason)
    return ix


