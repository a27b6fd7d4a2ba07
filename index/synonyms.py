"""Abbreviations and synonyms (data/synonyms.csv), applied to queries, not to the index.

Expanding at query time keeps the index independent of the list: an editor adds "WSP =
werkgeversservicepunt" and the next search uses it, without a reindex. Forms are compared after
analysis, so a line matches whatever inflection the user types ("regionale mobiliteitsteams").
"""
from __future__ import annotations

from functools import lru_cache

from index import data
from index.analysis import stems

Form = tuple[str, ...]


class Synonyms:
    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self._alternatives: dict[Form, set[Form]] = {}
        for group in groups:
            forms = [f for f in (tuple(stems(text)) for text in group) if f]
            for form in forms:
                self._alternatives.setdefault(form, set()).update(f for f in forms if f != form)
        self.longest = max((len(f) for f in self._alternatives), default=0)

    def alternatives(self, form: Form) -> list[Form]:
        """The other forms of `form` (a tuple of stems), shortest first; [] when it has none."""
        return sorted(self._alternatives.get(tuple(form), ()), key=lambda f: (len(f), f))

    def phrases(self) -> list[Form]:
        """Every form of more than one word: each becomes a phrase in the searched fields of any
        query that uses one of its group (index.searchindex.warm matches them in advance)."""
        return sorted(f for f in self._alternatives if len(f) > 1)

    def find(self, words: list[str]) -> list[tuple[int, int, list[Form]]]:
        """Spans (start, end, alternatives) of `words` (stems) that are a known form.

        Longest match first, left to right, without overlaps: "regionaal mobiliteitsteam" is one
        span, not two.
        """
        spans = []
        i = 0
        while i < len(words):
            for length in range(min(self.longest, len(words) - i), 0, -1):
                alts = self.alternatives(tuple(words[i:i + length]))
                if alts:
                    spans.append((i, i + length, alts))
                    i += length
                    break
            else:
                i += 1
        return spans


@lru_cache(maxsize=1)
def default() -> Synonyms:
    return Synonyms(data.synonym_groups())
