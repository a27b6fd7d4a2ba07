"""Helpers shared by tests (import them as `from helpers import …`)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def minimal(**overrides):
    """The smallest valid initiative, for tests to vary."""
    data = {
        "title": "Proef van werk naar werk",
        "slug": "proef-van-werk-naar-werk",
        "summary": "Met ontslag bedreigde werknemers krijgen een vaste begeleider naar nieuw werk.",
        "regions": ["noordoost-brabant"],
        "status": "published",
    }
    data.update(overrides)
    return data
