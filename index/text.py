"""Markdown and control characters out of text before it is indexed or shown in a highlight.

The index needs words, not markup: `[UWV](https://…)` should index "UWV", not "https". This is
deliberately a few regular expressions rather than a markdown renderer: it runs for every
initiative on a rebuild and only has to be good enough for search and for plain-text fragments.
"""
from __future__ import annotations

import re

_CODE_FENCE = re.compile(r"```.*?```", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_URL = re.compile(r"https?://\S+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t]+")


def clean(value) -> str:
    """A string without control characters (NUL and friends); None becomes ""."""
    if value is None:
        return ""
    return _CONTROL.sub(" ", str(value))


def plain(markdown: str | None) -> str:
    """Readable plain text of a markdown description: link texts kept, URLs and markup dropped."""
    text = clean(markdown)
    if not text:
        return ""
    text = _CODE_FENCE.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _RULE.sub(" ", text)
    text = _LINE_MARKUP.sub("", text)
    for _ in range(2):  # nested emphasis: ***vet en schuin***
        text = _EMPHASIS.sub(r"\2", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
