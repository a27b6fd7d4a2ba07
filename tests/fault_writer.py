"""A stream of writes through kb, for the fault tests: `python tests/fault_writer.py PREFIX [COUNT]`.

Uses the database of the environment (PRAKTIJKBANK_VAR_DIR / PRAKTIJKBANK_DATABASE_URL), like any
second process or host would. After each committed write it prints `<kind> <slug> <revision>` and
flushes, so the parent knows exactly what was committed before it killed this process. Every third
creation also updates an earlier initiative (new revision, children replaced), so a kill can land
in either kind of transaction.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb import initdb, services  # noqa: E402

REGIONS = ["twente", "noordoost-brabant", "groot-amsterdam", "zuid-limburg", "rijnmond"]
THEMES = ["scholing", "begeleiding", "matching"]


def record(prefix: str, i: int) -> dict:
    return {
        "title": f"Schrijftest {prefix} nummer {i}",
        "slug": f"{prefix}-{i}",
        "summary": f"Een initiatief uit de schrijfstroom {prefix}, nummer {i}, over kaasmakers en hun leerlingen.",
        "description": "Werkzoekenden leren het vak in de praktijk. " * (1 + i % 5),
        "regions": [REGIONS[i % len(REGIONS)], REGIONS[(i + 2) % len(REGIONS)]],
        "tags": [f"stroom-{prefix}", f"t{i % 7}"],
        "success_factors": [{"text": f"Vaste begeleider {i}"}, {"text": "Korte lijnen met werkgevers"}],
        "failures": [{"text": f"Te weinig plekken {i}"}],
        "sources": [{"title": f"Rapport {i}", "url": f"https://example.org/rapport/{i}"}],
        "status": "published",
    }


def main() -> None:
    prefix = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    engine = initdb.init()
    for i in range(count):
        data = record(prefix, i)
        saved = services.create(data, author="schrijfstroom", engine=engine)
        print(f"created {saved['slug']} {saved['revision']}", flush=True)
        if i % 3 == 2:
            old = services.get(f"{prefix}-{i - 2}", engine=engine)
            changed = dict(record(prefix, i - 2), title=f"Schrijftest {prefix} nummer {i - 2} herzien",
                           regions=[REGIONS[(i + 1) % len(REGIONS)]], tags=[f"stroom-{prefix}", "herzien"])
            saved, _ = services.update(old["slug"], changed, expected_revision=old["revision"],
                                       author="schrijfstroom", engine=engine)
            print(f"updated {saved['slug']} {saved['revision']}", flush=True)


if __name__ == "__main__":
    main()
