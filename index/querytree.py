"""The search's own query tree: what to match (as bitsets) and what to score (as BM25F concepts).

A parsed query (index.query) becomes a small tree of these nodes. The leaves are `Concept`s: one
thing the user asked for (a word, a phrase, `regio:twente`), with every way it can appear in the
index (`Source`s): the word's stem in each searched field with that field's weight, its synonyms
and abbreviations, the compounds that contain it. Matching unions the sources' bitsets; scoring
combines them into one BM25F score per concept (index.scoring), so a word found in the title and
in the summary is not counted as two different words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from index import bitsets


@dataclass(frozen=True)
class Source:
    """Where a concept can be found: a term (`text` is a str) or a phrase (`text` is a tuple)."""

    field: str
    text: Union[str, tuple[str, ...]]
    weight: float

    @property
    def is_phrase(self) -> bool:
        return isinstance(self.text, tuple)


@dataclass(frozen=True)
class Concept:
    sources: tuple[Source, ...]
    word: str = ""  # the word as typed, for spelling suggestions ("" when not a plain word)
    marks: frozenset[str] = frozenset()  # stems and folded words to highlight


@dataclass(frozen=True)
class All:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Any:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class AtLeast:
    """The default between words: most of them must match (see `needed_for`)."""

    children: tuple["Node", ...]
    needed: int


@dataclass(frozen=True)
class Not:
    child: "Node"


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


Node = Union[Concept, All, Any, AtLeast, Not, Everything, Nothing]


def needed_for(n: int) -> int:
    """How many of n words a document needs: all of one or two, then about three quarters.

    Strict AND finds nothing for questions like "wat werkt voor mensen met psychische klachten"
    (a description rarely says "werkt"); plain OR floods the facets. This is the usual middle way
    ("minimum should match 75%"); ranking still puts documents with every word first.
    """
    if n <= 2:
        return n
    return max(2, (3 * n) // 4)


PHRASE_SLOP = 1  # as whoosh's Phrase: the words right after one another (stop words left out)


def source_bits(snapshot, source: Source) -> int:
    if source.is_phrase:
        return snapshot.phrase_bits(source.field, source.text, PHRASE_SLOP)
    return snapshot.term_bits(source.field, source.text)


def matches(node: Node, snapshot) -> int:
    """The live documents matching `node`, as a bitset."""
    if isinstance(node, Concept):
        return bitsets.union(source_bits(snapshot, s) for s in node.sources)
    if isinstance(node, Everything):
        return snapshot.live
    if isinstance(node, Nothing):
        return 0
    if isinstance(node, Not):
        return snapshot.live & ~matches(node.child, snapshot)
    if isinstance(node, Any):
        return bitsets.union(matches(c, snapshot) for c in node.children)
    if isinstance(node, AtLeast):
        sets = [matches(c, snapshot) for c in node.children]
        return bitsets.at_least(sets, node.needed) & snapshot.live
    if isinstance(node, All):
        positives = [c for c in node.children if not isinstance(c, Not)]
        bits = snapshot.live
        for child in positives:
            bits &= matches(child, snapshot)
            if not bits:
                return 0
        for child in node.children:
            if isinstance(child, Not):
                bits &= ~matches(child.child, snapshot)
        return bits
    raise TypeError(f"unknown query node {node!r}")


def concepts(node: Node) -> Iterator[Concept]:
    """The concepts that count towards the score (not those under a NOT)."""
    if isinstance(node, Concept):
        yield node
    elif isinstance(node, (All, Any, AtLeast)):
        for child in node.children:
            yield from concepts(child)


def plain_words(node: Node) -> list[str]:
    """The plain words of the query, in order (candidates for a spelling suggestion)."""
    return [c.word for c in concepts(node) if c.word]


def marks(node: Node) -> frozenset[str]:
    out: set[str] = set()
    for c in concepts(node):
        out |= c.marks
    return frozenset(out)


@dataclass
class ParsedQuery:
    """A query ready to run: the tree, plus what the caller needs to explain the results."""

    tree: Node
    text: str
    words: list[str] = field(default_factory=list)
    degraded: bool = False  # True when the expert syntax could not be used as typed
