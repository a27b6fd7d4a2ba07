"""Dutch text analysis, shared by indexing, querying and highlighting.

A word goes through: tokenising (letters and digits; "m.b.o." stays one word), lower case, accent
folding ("coördinatie" = "coordinatie"), stop-word removal (data/stopwords_nl.txt) and Dutch
stemming, so "werkzoekenden" and "werkzoekende" meet in "werkzoek" and "begeleiden" and
"begeleiding" in "begeleid".

Stemming is the classic Snowball Dutch algorithm (whoosh.lang.snowball, the one Lucene and
Elasticsearch ship as "dutch") with repairs in the spirit of Kraaij & Pohlmann that it lacks: a
final double consonant is undoubled (processen -> proces), a final v/z becomes f/s (bedrijven ->
bedrijf, initiatieven -> initiatief, grenzen -> grens), "-ies" loses its s (organisaties ->
organisatie), a verb's "-dt" its t (begeleidt -> begeleid), and a final "-ts" keeps its s
(werkervaringsplaats is a singular; its plural has the same stem). The newer Snowball 3 Dutch
stemmer (package `snowballstemmer`) was tried and left out: it strips "ge-" (begeleiding ->
beleid, colliding with "beleid"), turns "werkgever" into "werkver" and is twice as slow. The few
forms both get wrong are fixed in data/stem_overrides.csv.

Everything happens in one tokenizer class rather than whoosh's chain of filters: a chain passes
each token through a generator per filter, and indexing 100,000 initiatives is dominated by that.
The results are cached per word, so a stem is computed once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.snowball.dutch import DutchStemmer
from whoosh.support.charset import accent_map

from index import data

# "m.b.o." and "z.s.m." are one word (their dots are dropped by fold); otherwise runs of word
# characters. Hyphens and apostrophes split: "re-integratie" -> re, integratie; "regio's" -> regio, s.
WORD_RE = re.compile(r"(?:[^\W_]\.){2,}[^\W_]?|[^\W_]+")
MIN_SIZE = 2
_VOWELS = frozenset("aeiouy")
_FOLD_TABLE = dict(accent_map)
_FOLD_TABLE[ord(".")] = None
_snowball = DutchStemmer().stem


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case without accents or dots: the form every comparison uses."""
    return word.lower().translate(_FOLD_TABLE)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Dutch stem of a folded word (see the module docstring for the repairs)."""
    override = data.stem_overrides().get(word)
    if override is not None:
        return override
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-1]
    # "plaats" is a singular, not a plural in -s: stem it as its plural "plaatsen" is stemmed
    s = _snowball(word + "en" if word.endswith("ts") else word)
    if s.endswith("dt") and len(s) > 4:  # begeleidt -> begeleid
        s = s[:-1]
    if len(s) > 3 and s[-1] == s[-2] and s[-1] not in _VOWELS:
        s = s[:-1]
    if s.endswith("v"):
        s = s[:-1] + "f"
    elif s.endswith("z"):
        s = s[:-1] + "s"
    return s


@lru_cache(maxsize=200_000)
def _word(raw: str) -> tuple[str, bool, str]:
    """(folded, is a stop word, stem) of a word as written: one cache lookup per token."""
    folded = fold(raw)
    is_stop = is_stopword(folded)
    return folded, is_stop, (folded if is_stop else stem(folded))


def is_stopword(folded: str) -> bool:
    return len(folded) < MIN_SIZE or folded in data.stopwords()


def iter_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded word, start, end) for every word of `text`, stop words included."""
    for m in WORD_RE.finditer(text):
        yield fold(m.group()), m.start(), m.end()


def stems(text: str) -> list[str]:
    """The stems of the content words of `text`, in order (what a stemmed field indexes)."""
    return [stem(w) for w, _, _ in iter_words(text) if not is_stopword(w)]


def surface_words(text: str) -> list[str]:
    """The folded content words of `text`, unstemmed (what the `words` field indexes)."""
    return [w for w, _, _ in iter_words(text) if not is_stopword(w)]


class DutchTokenizer(Tokenizer):
    """A whoosh tokenizer that also folds, drops stop words and (optionally) stems.

    `stemming=False` gives the surface words (for spelling suggestions and compound matching);
    `stopwords=False` keeps every word (for short label fields like region names).
    """

    def __init__(self, stemming: bool = True, stopwords: bool = True):
        self.stemming = stemming
        self.stopwords = stopwords

    def __eq__(self, other):
        return (other.__class__ is self.__class__ and other.stemming == self.stemming
                and other.stopwords == self.stopwords)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            matches = iter([(value, 0, len(value))])
        elif chars:
            matches = ((m.group(), m.start(), m.end()) for m in WORD_RE.finditer(value))
        else:  # findall is much faster than match objects, and offsets are not wanted
            matches = ((raw, 0, 0) for raw in WORD_RE.findall(value))
        stemming, stopwords = self.stemming, self.stopwords
        pos = start_pos
        for raw, start, end in matches:
            folded, is_stop, stemmed = _word(raw)
            stopped = len(folded) < MIN_SIZE or (stopwords and is_stop)
            if stopped and removestops:
                continue
            t.text = stemmed if (stemming and not stopped) else folded
            t.stopped = stopped
            t.boost = 1.0
            if keeporiginal:
                t.original = raw
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            pos += 1
            yield t


class ExactValuesTokenizer(Tokenizer):
    """One token per line, unchanged: facet values (codes, organisation names) are kept exactly."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        parts = value.split("\n") if tokenize else [value]
        offset = 0
        for pos, part in enumerate(parts):
            if part:
                t.text = part
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = part
                if positions:
                    t.pos = start_pos + pos
                if chars:
                    t.startchar = start_char + offset
                    t.endchar = start_char + offset + len(part)
                yield t
            offset += len(part) + 1


STEMMED = DutchTokenizer()
SURFACE = DutchTokenizer(stemming=False)
PLAIN = DutchTokenizer(stemming=False, stopwords=False)
EXACT = ExactValuesTokenizer()
