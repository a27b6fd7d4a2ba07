"""From the text a user typed to a query tree (index.querytree), whatever the text is.

Whoosh's query parser reads the expert syntax: "exacte zin", `regio:twente` (Dutch or English
field names, see schema.FIELD_ALIASES), AND / OR / NOT, -uitsluiten, +verplicht, werk*, werk~,
jaar:[2019 TO 2021], woord^2. Its result is then rewritten word by word into concepts with the
Dutch analysis, synonyms and compound parts. Words without an operator between them need
"most of them" (querytree.needed_for), not all.

Any input gives a tree or None (nothing to search for: list everything): control characters and
NUL bytes become spaces, the text is cut to MAX_QUERY_CHARS and MAX_WORDS, a lone operator or
unbalanced quote is read as text, a leading wildcard is dropped ("*werk" searches "werk", which
already finds compounds), a trailing "?" is a question mark, not a wildcard. When the parser fails
on something (deep nesting, a bug in a plugin), the query degrades to its plain words.
`QueryError` remains for what a caller should reject outright; `parse` does not raise it for
user text, callers may (e.g. for a query that is not a string).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Optional

from whoosh import fields as wf
from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import syntax

from index import expand
from index.analysis import PLAIN, WORD_RE, fold, is_stopword, stem
from index.querytree import (All, Any, AtLeast, Concept, Everything, Node, Not, Nothing, ParsedQuery, Source,
                             matches, needed_for, plain_words)
from index.schema import (COMPOUND_WEIGHT, FIELD_ALIASES, SEARCH_FIELDS, STEMMED_ALIAS_FIELDS, SYNONYM_WEIGHT)
from index.snapshot import Snapshot
from index.synonyms import Synonyms
from index.text import clean

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
DEFAULT_FIELD = "anytext"
OPERATOR_WORDS = frozenset({"and", "or", "not", "andnot", "andmaybe", "to"})
FUZZY_WEIGHT = 0.8
MIN_PART = 4  # shortest part of a compound split at query time
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_WILDCARDS = re.compile(r"[*?]+")
# "-woord" and "+woord" as operators: only before a word, never inside one (re-integratie).
# Whoosh's PlusMinusPlugin would also restructure the default group, so they are rewritten
# to NOT (and nothing) before parsing.
_MINUS = re.compile(r"(?<![^\s(])-(?=[^\s\-)])")
_PLUS = re.compile(r"(?<![^\s(])\+(?=[^\s+)])")


class QueryError(ValueError):
    """A query the search refuses; `str(error)` is a Dutch message fit for the user."""


class _SoftAnd(wq.And):
    """Words side by side, without an operator: the rewriter makes this an AtLeast."""


class _DefaultGroup(syntax.AndGroup):
    qclass = _SoftAnd


@lru_cache(maxsize=1)
def _parser() -> qparser.QueryParser:
    names = {DEFAULT_FIELD} | set(FIELD_ALIASES.values())
    # A word that analyses into several ("re-integratie", "zuid-limburg") is searched as a phrase.
    schema = wf.Schema(**{name: (wf.ID() if name in ("year", "slug")
                                 else wf.TEXT(analyzer=PLAIN, multitoken_query="phrase"))
                          for name in names})
    parser = qparser.QueryParser(DEFAULT_FIELD, schema, group=_DefaultGroup)
    parser.remove_plugin_class(qparser.SingleQuotePlugin)  # apostrophes are Dutch: regio's, zzp'er
    parser.add_plugin(qparser.FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, target in FIELD_ALIASES.items():
        if alias != target:
            aliases.setdefault(target, []).append(alias)
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    return parser


def sanitize(text) -> str:
    """Printable, single-spaced, at most MAX_QUERY_CHARS characters and MAX_WORDS words."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise QueryError("De zoekvraag moet tekst zijn.")
    text = _SURROGATES.sub(" ", clean(text))
    words = text.split()[:MAX_WORDS]
    text = " ".join(words)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_CHARS] else text[:MAX_QUERY_CHARS]
    return text.strip()


class Rewriter:
    """Turns a whoosh query (over the parser's virtual fields) into a query tree."""

    def __init__(self, snapshot: Snapshot, synonyms: Synonyms):
        self.snapshot = snapshot
        self.synonyms = synonyms

    # concepts -------------------------------------------------------------------------------

    def _form_sources(self, form: tuple[str, ...], weight: float) -> list[Source]:
        if len(form) == 1:
            return [Source(f, form[0], w * weight) for f, w in SEARCH_FIELDS.items()]
        return [Source(f, tuple(form), w * weight) for f, w in SEARCH_FIELDS.items()]

    def word(self, word: str, boost: float = 1.0, compounds: bool = True) -> Optional[Node]:
        """A word in the default fields, with its synonyms and the compounds that contain it."""
        folded = fold(word)
        if is_stopword(folded) or folded in OPERATOR_WORDS:
            return None
        s = stem(folded)
        sources = self._form_sources((s,), boost)
        marks = {s, folded}
        for alt in self.synonyms.alternatives((s,)):
            sources += self._form_sources(alt, SYNONYM_WEIGHT * boost)
            marks.update(alt)
        if compounds:
            # Both the stem and the word as typed: Snowball shortens "loopbaan" to "loopban",
            # which is not inside "loopbaanadvies".
            found: dict[tuple[str, str], int] = {}
            for needle in dict.fromkeys((s, folded)):
                for f in SEARCH_FIELDS:
                    for term, df in expand.compounds(self.snapshot, f, needle):
                        if term != s:
                            found[(f, term)] = df
            best = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:expand.COMPOUND_SOURCES]
            for (f, term), _df in best:
                sources.append(Source(f, term, SEARCH_FIELDS[f] * COMPOUND_WEIGHT * boost))
                marks.add(term)
        concept = Concept(tuple(dict.fromkeys(sources)), word=folded, marks=frozenset(marks))
        if compounds and len(folded) >= 2 * MIN_PART and not matches(concept, self.snapshot):
            return self._split(folded, boost) or concept
        return concept

    def _known(self, word: str) -> bool:
        s = stem(word)
        return any(self.snapshot.term_bits(f, s) for f in SEARCH_FIELDS)

    def _split(self, folded: str, boost: float) -> Optional[Node]:
        """An unknown compound as its known parts: "loopbaanadviseur" -> loopbaan + adviseur.

        The other direction of compound matching: the user wrote one word where the texts use its
        parts (or other compounds of them). Tried only for words that match nothing; the longest
        known first part wins, with a linking s/e/en dropped ("arbeids|markt").
        """
        for i in range(len(folded) - MIN_PART, MIN_PART - 1, -1):
            head, tail = folded[:i], folded[i:]
            if not self._known(tail):
                continue
            for h in dict.fromkeys([head] + [head[: -len(link)] for link in ("s", "en", "e") if head.endswith(link)]):
                if len(h) >= MIN_PART and self._known(h):
                    return self._combine(All, [self.word(h, boost), self.word(tail, boost)])
        return None

    def alternatives(self, forms: list[tuple[str, ...]]) -> Concept:
        sources: list[Source] = []
        marks: set[str] = set()
        for form in forms:
            sources += self._form_sources(form, SYNONYM_WEIGHT)
            marks.update(form)
        return Concept(tuple(dict.fromkeys(sources)), marks=frozenset(marks))

    def phrase(self, words: list[str], field: Optional[str] = None, boost: float = 1.0) -> Optional[Node]:
        if field is None or field == DEFAULT_FIELD:
            kept = [w for w in (fold(x) for x in words) if not is_stopword(w)]
            stems = [stem(w) for w in kept]
            if not stems:
                return None
            if len(stems) == 1:
                return self.word(kept[0], boost, compounds=False)
            sources = self._form_sources(tuple(stems), boost)
            for alt in self.synonyms.alternatives(tuple(stems)):
                sources += self._form_sources(alt, SYNONYM_WEIGHT * boost)
            return Concept(tuple(sources), marks=frozenset(stems))
        tokens = [t for t in (self._field_token(field, w) for w in words) if t]
        if not tokens:
            return None
        target, weight = self._field_target(field)
        text = tokens[0] if len(tokens) == 1 else tuple(tokens)
        return Concept((Source(target, text, weight * boost),), marks=frozenset(tokens))

    def _field_target(self, field: str) -> tuple[str, float]:
        if field == "year":
            return "f_year", 1.0
        return field, SEARCH_FIELDS.get(field, 1.0)

    def _field_token(self, field: str, word: str) -> str:
        folded = fold(word).strip()
        if field in ("year", "slug"):
            return folded
        if field in STEMMED_ALIAS_FIELDS:
            return "" if is_stopword(folded) else stem(folded)
        return folded

    def fielded(self, field: str, word: str, boost: float = 1.0) -> Optional[Concept]:
        token = self._field_token(field, word)
        if not token:
            return None
        target, weight = self._field_target(field)
        return Concept((Source(target, token, weight * boost),), marks=frozenset({token}))

    def prefix(self, field: str, prefix: str, boost: float = 1.0) -> Optional[Node]:
        p = fold(prefix)
        if len(p) < 3:  # "w*" would expand to half the dictionary: search the letters as typed
            return self.word(p, boost) if field == DEFAULT_FIELD else self.fielded(field, p, boost)
        targets = SEARCH_FIELDS if field == DEFAULT_FIELD else dict([self._field_target(field)])
        sources, marks = [], set()
        for f, w in targets.items():
            pf = p
            if f in SEARCH_FIELDS or f in STEMMED_ALIAS_FIELDS:
                s = stem(p)
                pf = s if p.startswith(s) else p
            for term, _df in expand.prefixed(self.snapshot, f, pf):
                sources.append(Source(f, term, w * boost))
                marks.add(term)
        return Concept(tuple(sources), marks=frozenset(marks))

    def fuzzy(self, field: str, word: str, maxdist: int, boost: float = 1.0) -> Optional[Node]:
        base = self.word(word, boost, compounds=False) if field == DEFAULT_FIELD else self.fielded(field, word, boost)
        if base is None:
            return None
        targets = SEARCH_FIELDS if field == DEFAULT_FIELD else dict([self._field_target(field)])
        sources, marks = list(base.sources), set(base.marks)
        for f, w in targets.items():
            token = stem(fold(word)) if (f in SEARCH_FIELDS or f in STEMMED_ALIAS_FIELDS) else fold(word)
            for term, _dist, _df in expand.near(self.snapshot, f, token, maxdist):
                sources.append(Source(f, term, w * FUZZY_WEIGHT * boost))
                marks.add(term)
        return Concept(tuple(dict.fromkeys(sources)), word=base.word, marks=frozenset(marks))

    # tree -----------------------------------------------------------------------------------

    def node(self, q) -> Optional[Node]:
        boost = getattr(q, "boost", 1.0) or 1.0
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return None
        if isinstance(q, wq.Every):
            return Everything()
        if isinstance(q, wq.Term):
            field, text = q.fieldname, str(q.text)
            if field == DEFAULT_FIELD:
                return self.word(text, boost)
            return self.fielded(field, text, boost)
        if isinstance(q, wq.Phrase):
            return self.phrase([str(w) for w in q.words], q.fieldname, boost)
        if isinstance(q, wq.FuzzyTerm):
            return self.fuzzy(q.fieldname, str(q.text), q.maxdist, boost)
        if isinstance(q, wq.Prefix):
            return self.prefix(q.fieldname, str(q.text), boost)
        if isinstance(q, wq.Wildcard):
            return self.wildcard(q.fieldname, str(q.text), boost)
        if isinstance(q, wq.TermRange):
            return self.term_range(q)
        if isinstance(q, wq.Not):
            child = self.node(q.query)
            return Not(child) if child is not None else None
        if isinstance(q, wq.AndNot):
            positive, negative = self.node(q.a), self.node(q.b)
            if positive is None:
                return Not(negative) if negative is not None else None
            return All((positive, Not(negative))) if negative is not None else positive
        if isinstance(q, wq.AndMaybe):
            return self.node(q.a) or self.node(q.b)
        if isinstance(q, wq.Require):
            return self._combine(All, [self.node(q.a), self.node(q.b)])
        if isinstance(q, _SoftAnd):
            return self.soft_and(list(q.subqueries))
        if isinstance(q, wq.And):
            return self._combine(All, self._children(list(q.subqueries)))
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return self._combine(Any, [self.node(s) for s in q.subqueries])
        # Anything else the parser may produce: its plain words
        words = [str(text) for _field, text in q.iter_all_terms()] if hasattr(q, "iter_all_terms") else []
        return self.plain(words)

    def wildcard(self, field: str, pattern: str, boost: float) -> Optional[Node]:
        stripped = pattern.rstrip("?").lstrip("*?")  # "werkt?" is a question; "*werk" a substring
        if not stripped:
            return Everything() if "*" in pattern else None
        if stripped.endswith("*") and not _WILDCARDS.search(stripped[:-1].rstrip("*")):
            return self.prefix(field, stripped.rstrip("*"), boost)
        parts = [p for p in _WILDCARDS.split(stripped) if p]
        if field == DEFAULT_FIELD:
            return self._combine(All, [self.word(p, boost) for p in parts])
        return self._combine(All, [self.fielded(field, p, boost) for p in parts])

    def term_range(self, q) -> Optional[Node]:
        if q.fieldname != "year":
            return None
        try:
            start = int(str(q.start)[:4]) if q.start else 1900
            end = int(str(q.end)[:4]) if q.end else 2100
        except ValueError:
            return None
        start, end = max(start, 1900), min(end, 2100)
        years = [str(y) for y in range(start, end + 1)]
        return Concept(tuple(Source("f_year", y, 1.0) for y in years), marks=frozenset()) if years else Nothing()

    def _children(self, subqueries: list) -> list[Optional[Node]]:
        """Nodes for a run of siblings; multi-word synonyms ("regionaal mobiliteitsteam") become
        one node: (all those words) OR (their alternatives, e.g. RMT)."""
        nodes: list[Optional[Node]] = []
        i = 0
        while i < len(subqueries):
            run = []
            while (i + len(run) < len(subqueries) and isinstance(subqueries[i + len(run)], wq.Term)
                   and type(subqueries[i + len(run)]) is wq.Term
                   and subqueries[i + len(run)].fieldname == DEFAULT_FIELD):
                run.append(subqueries[i + len(run)])
            if len(run) < 2:
                nodes.append(self.node(subqueries[i]))
                i += 1
                continue
            nodes.extend(self._run(run))
            i += len(run)
        return nodes

    def _run(self, terms: list) -> list[Optional[Node]]:
        words = [str(t.text) for t in terms]
        kept = [(j, stem(fold(w))) for j, w in enumerate(words) if not is_stopword(fold(w))]
        spans = {kept[a][0]: (kept[b - 1][0], alts) for a, b, alts in self.synonyms.find([s for _, s in kept])
                 if b - a > 1}
        out: list[Optional[Node]] = []
        j = 0
        while j < len(terms):
            if j in spans:
                last, alts = spans[j]
                literal = self._combine(All, [self.node(t) for t in terms[j:last + 1]])
                out.append(self._combine(Any, [literal, self.alternatives(alts)]))
                j = last + 1
            else:
                out.append(self.node(terms[j]))
                j += 1
        return out

    def soft_and(self, subqueries: list) -> Optional[Node]:
        nodes = [n for n in self._children(subqueries) if n is not None]
        negatives = [n for n in nodes if isinstance(n, Not)]
        positives = [n for n in nodes if not isinstance(n, Not)]
        if not positives:
            return self._combine(All, negatives) if negatives else None
        core = positives[0] if len(positives) == 1 else AtLeast(tuple(positives), needed_for(len(positives)))
        return All((core, *negatives)) if negatives else core

    def plain(self, words: list[str]) -> Optional[Node]:
        return self.soft_and([wq.Term(DEFAULT_FIELD, w) for w in words[:MAX_WORDS]])

    @staticmethod
    def _combine(kind, nodes: list[Optional[Node]]) -> Optional[Node]:
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return None
        if len(nodes) == 1 and not isinstance(nodes[0], Not):
            return nodes[0]
        return kind(tuple(nodes))


def parse(text, snapshot: Snapshot, synonyms: Synonyms) -> Optional[ParsedQuery]:
    """The query tree for `text`, or None when there is nothing to search for."""
    text = sanitize(text)
    if not text:
        return None
    rewriter = Rewriter(snapshot, synonyms)
    degraded = False
    try:
        expert = _PLUS.sub("", _MINUS.sub("NOT ", text))
        tree = rewriter.node(_parser().parse(expert, normalize=False))
    except Exception:  # the parser's failure is ours to absorb: fall back to the words
        log.debug("query %r degraded to plain words", text, exc_info=True)
        degraded = True
        tree = rewriter.plain(WORD_RE.findall(text))
    if tree is None:
        return None
    return ParsedQuery(tree=tree, text=text, words=plain_words(tree), degraded=degraded)
