"""Terms that a query word stands for besides itself, looked up in the index's own term lists:
compounds that contain it, completions of a prefix (`werk*`) and near spellings (`werk~`).

Compounds: Dutch writes "arbeidsmarktregio", "ontslagdatum", "trajectbegeleiding" as one word,
so a search for "markt", "ontslag" or "begeleiding" must look inside words. Splitting compounds
at index time needs a dictionary of Dutch words, which the project does not have; instead the
stemmed term list of each field is scanned for terms containing the query's stem (a C-speed
`str.find` over the terms joined into one string, see index.segments.Lexicon). A hit must sit on a
plausible word boundary: a prefix with at least three letters after it ("ontslag|datum"), or
after at least three letters ("arbeids|markt|regio"; two for long stems: "om|scholing"), which
keeps "zorg" out of "bezorgd". The most frequent hits are kept, and they score lower than the
word itself (schema.COMPOUND_WEIGHT), so exact matches rank first.

Everything is memoised per snapshot, so a repeated query costs nothing here.
"""
from __future__ import annotations

import bisect

from index.snapshot import Snapshot

MIN_COMPOUND_STEM = 4
MAX_HITS_SCANNED = 4000
COMPOUNDS_PER_FIELD = 8
COMPOUND_SOURCES = 12  # per query word, over all fields: each is a posting list to read
PREFIX_TERMS_PER_FIELD = 24
FUZZY_TERMS_PER_FIELD = 8


def _boundary_ok(term: str, at: int, needle: str) -> bool:
    if at == 0:
        return len(term) - len(needle) >= 3
    return at >= (2 if len(needle) >= 6 else 3)


def _top(counts: dict[str, int], limit: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def compounds(snapshot: Snapshot, field: str, needle: str, limit: int = COMPOUNDS_PER_FIELD
              ) -> list[tuple[str, int]]:
    """(term, document frequency) of terms of `field` that contain `needle` (a stem) as a
    compound part, most frequent first."""
    if len(needle) < MIN_COMPOUND_STEM or "\n" in needle:
        return []

    def compute() -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for data, sub, _offset in snapshot.leaves:  # per segment, kept by the segment across writes
            lex = data.lexicon(sub, field)
            for term, df in data.derived.get(("compounds", field, needle), lambda: _containing(lex, needle)):
                counts[term] = counts.get(term, 0) + df
        return _top(counts, limit)

    return snapshot.memo.get(("compounds", field, needle, limit), compute)


def _containing(lex, needle: str) -> list[tuple[str, int]]:
    """(term, df) of one term list's terms with `needle` on a compound boundary (_boundary_ok),
    among the first MAX_HITS_SCANNED terms containing it at all. One `str.find` per term found;
    the position found is the needle's first place in that term (the search starts at the term)."""
    blob, terms, starts, dfs = lex.blob, lex.terms, lex.starts, lex.dfs
    n = len(needle)
    after = 2 if n >= 6 else 3
    out = []
    find, locate = blob.find, bisect.bisect_right
    pos = find(needle)
    scanned = 0
    while pos != -1 and scanned < MAX_HITS_SCANNED:
        scanned += 1
        i = locate(starts, pos) - 1
        term = terms[i]
        at = pos - starts[i]
        size = len(term)
        while at != -1 and not ((size - n >= 3) if at == 0 else (at >= after)):
            at = term.find(needle, at + 1)
        if at != -1:  # a valid place also means the term is longer than the needle
            out.append((term, dfs[i]))
        pos = find(needle, starts[i] + size + 1)
    return out


def prefixed(snapshot: Snapshot, field: str, prefix: str, limit: int = PREFIX_TERMS_PER_FIELD
             ) -> list[tuple[str, int]]:
    """(term, document frequency) of terms of `field` starting with `prefix`, most frequent first."""
    if not prefix:
        return []

    def compute() -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for lex in snapshot.lexicons(field):
            for i in lex.with_prefix(prefix):
                counts[lex.terms[i]] = counts.get(lex.terms[i], 0) + lex.dfs[i]
        return _top(counts, limit)

    return snapshot.memo.get(("prefix", field, prefix, limit), compute)


def near(snapshot: Snapshot, field: str, word: str, maxdist: int, limit: int = FUZZY_TERMS_PER_FIELD
         ) -> list[tuple[str, int, int]]:
    """(term, edit distance, document frequency) of terms of `field` within `maxdist` edits of
    `word` (first letter kept), closest then most frequent first."""
    maxdist = max(1, min(2, int(maxdist)))
    if len(word) < 3 or len(word) > 40:
        return []

    def compute() -> list[tuple[str, int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for dist in range(1, maxdist + 1):
            for data, sub, _offset in snapshot.leaves:
                for term in sub.terms_within(field, word, dist, prefix=1):
                    if term == word or term in found:
                        continue
                    found[term] = (dist, 0)
        ranked = []
        for term, (dist, _) in found.items():
            ranked.append((term, dist, snapshot.doc_frequency(field, term)))
        ranked.sort(key=lambda t: (t[1], -t[2], t[0]))
        return ranked[:limit]

    return snapshot.memo.get(("near", field, word, maxdist, limit), compute)
