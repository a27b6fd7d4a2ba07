"""The fixed list of search queries every system answers, and their translation to FTS5 syntax.

Thirty queries such as a regional adviser, a municipality or UWV would type: single field words,
compounds, abbreviations (UWV, WW, MKB), a place, two-word combinations and one quoted phrase.
"""
from __future__ import annotations

import re

QUERIES = [
    "werkervaringsplaats",
    "jobcoach",
    "mobiliteitsteam ontslag",
    "van werk naar werk",
    "re-integratie bijstand",
    "leerwerkloket scholing",
    "loopbaanadvies",
    "statushouders taal",
    "jongeren mbo",
    "UWV WW",
    "MKB werkgevers",
    "loonkostensubsidie",
    "praktijkleren",
    "omscholing zorg",
    "vijftigplussers",
    "arbeidsmarktregio Rijnmond",
    "ontslagdatum",
    "werkgeversservicepunt",
    "ervaringsdeskundigen",
    "proefplaatsing",
    "participatiewet",
    "scholingsbudget ontwikkeladvies",
    "banenafspraak arbeidsbeperking",
    "taaltraining werkvloer",
    "techniek logistiek",
    "sectorplan",
    "duurzame inzetbaarheid",
    '"van werk naar werk"',
    "begeleiding na plaatsing",
    "Amsterdam inburgering",
]

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')


def fts5_match(query: str) -> str:
    """A MATCH expression: every word quoted (so '-' or ':' are no operators), all of them required.

    The same meaning as Datasette's own escaping of `_search` (each bit quoted, implicit AND), and a
    quoted phrase in the query stays a phrase.
    """
    parts = []
    for phrase, word in _PHRASE_OR_WORD.findall(query):
        text = (phrase or word).replace('"', "").strip()
        if text:
            parts.append(f'"{text}"')
    return " ".join(parts) or '""'

# Warm-up only: other words than QUERIES, so warming fills no per-query cache of the timed queries.
WARMUP_QUERIES = [
    "werkgevers",
    "sollicitatietraining",
    "uitzendbureau",
    "gemeente Utrecht",
    "netwerk",
    "bemiddeling nazorg",
    "laaggeletterdheid",
    "evaluatie pilot",
    "detachering",
    "zij-instromers",
]
