"""A spelling suggestion ("Bedoelde u: mobiliteitsteam?") from the words in the index itself.

Only words that match nothing are corrected, each by the nearest word (Damerau-Levenshtein, first
letter kept: one edit for short words, two for longer ones) in the `words` field, which holds the
unstemmed words of titles, summaries, factors, names and labels; among equally near words the most
frequent wins. The suggestion keeps the rest of what the user typed (operators, field names).
"""
from __future__ import annotations

import re
from typing import Optional

from index import expand
from index.analysis import WORD_RE, fold
from index.querytree import ParsedQuery, concepts, matches
from index.snapshot import Snapshot

SPELLING_FIELD = "words"


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def unknown_words(snapshot: Snapshot, parsed: ParsedQuery) -> list[str]:
    return [c.word for c in concepts(parsed.tree) if c.word and not matches(c, snapshot)]


def correction(snapshot: Snapshot, word: str) -> Optional[str]:
    near = expand.near(snapshot, SPELLING_FIELD, word, _max_edits(word), limit=3)
    return near[0][0] if near else None


def suggest(snapshot: Snapshot, parsed: ParsedQuery) -> Optional[str]:
    """The query with its unknown words corrected, or None when there is nothing to correct."""
    fixes = {}
    for word in unknown_words(snapshot, parsed):
        better = correction(snapshot, word)
        if better:
            fixes[word] = better
    if not fixes:
        return None

    def replace(m: re.Match) -> str:
        return fixes.get(fold(m.group()), m.group())

    return WORD_RE.sub(replace, parsed.text)
