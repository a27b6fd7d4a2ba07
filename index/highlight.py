"""Highlight fragments: the words a query matched, in <mark>, in otherwise HTML-escaped text.

The output is the only HTML the search produces and it is built here, from escaped pieces and
literal <mark> tags only, so it can be inserted into a page as is. Words are compared the way the
index compares them (folded and stemmed, index.analysis), so "begeleiders" is marked for a search
on "begeleiding" and "arbeidsmarktregio" for "markt". Only the result page shown is highlighted,
and the summary first: it is short (<= 500 characters) and what a result card shows anyway.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from index.analysis import _FOLD_TABLE, WORD_RE, _word

FRAGMENT_CHARS = 240
MAX_HITS = 200
MAX_SCAN_CHARS = 8_000


def _prefix(mark: str) -> str:
    """The part of a stem certain to begin its word: a stem differs from the word only at the
    end (bedrijven -> bedrijf), so all but its last letter (at most six) will do."""
    return mark if len(mark) <= 3 else mark[: min(len(mark) - 1, 6)]


# Like analysis._FOLD_TABLE, but every character folds to exactly one character ("ß" -> "s"),
# so offsets in the folded text are offsets in the original.
_ONE_CHAR_FOLD = {code: (v[0] if isinstance(v, str) and v else v) for code, v in _FOLD_TABLE.items()}
_ONE_CHAR_FOLD[ord(".")] = "."


@lru_cache(maxsize=512)
def _candidates(marks: frozenset[str]) -> re.Pattern:
    """A regex for folded words that start like one of the marks: scanning a long description
    with it runs in C; only its few hits are then analysed in Python."""
    prefixes = sorted({_prefix(m) for m in marks}, key=lambda p: (-len(p), p))
    return re.compile(r"(?<![^\W_])(?:%s)[^\W_]*" % "|".join(map(re.escape, prefixes)))


def _hits(text: str, marks: frozenset[str]) -> list[tuple[int, int]]:
    folded = text.lower().translate(_ONE_CHAR_FOLD)
    if len(folded) != len(text):  # a rare character whose lower case is longer ("İ"): go word by word
        found = ((m.start(), m.end()) for m in WORD_RE.finditer(text))
    else:
        found = ((m.start(), m.end()) for m in _candidates(marks).finditer(folded))
    out = []
    for start, end in found:
        folded_word, _stop, stemmed = _word(text[start:end])
        if stemmed in marks or folded_word in marks:
            out.append((start, end))
            if len(out) >= MAX_HITS:
                break
    return out


def _window(text: str, hits: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """The stretch of about `size` characters with the most hits, widened to whole words."""
    if len(text) <= size:
        return 0, len(text)
    best_start, best_count = hits[0][0], 0
    j = 0
    for i, (start, _end) in enumerate(hits):
        while j < len(hits) and hits[j][1] <= start + size:
            j += 1
        if j - i > best_count:
            best_start, best_count = start, j - i
    start = max(0, best_start - size // 5)
    end = min(len(text), start + size)
    start = max(0, end - size)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else end
    return start, end


def fragment(text: str, marks: frozenset[str], size: int = FRAGMENT_CHARS) -> str | None:
    """An escaped fragment of `text` with the matched words marked; None when nothing matches."""
    if not text or not marks:
        return None
    text = text[:MAX_SCAN_CHARS]
    hits = _hits(text, marks)
    if not hits:
        return None
    start, end = _window(text, hits, size)
    out = ["…" if start > 0 else ""]
    pos = start
    for a, b in hits:
        if a < start or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append("<mark>" + escape(text[a:b]) + "</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).replace("\n", " ")


def plain_fragment(text: str, size: int = FRAGMENT_CHARS) -> str:
    """The start of `text`, escaped, without marks."""
    if len(text) <= size:
        return escape(text)
    cut = text.rfind(" ", 0, size)
    return escape(text[: cut if cut > size // 2 else size]) + "…"


def best(summary: str, others: list[str], marks: frozenset[str]) -> str:
    """The summary if it has a match, else the first of `others` that has one, else the plain
    start of the summary."""
    for text in [summary, *others]:
        found = fragment(text or "", marks)
        if found:
            return found
    return plain_fragment(summary or "")
