"""Readable differences between two versions of an initiative, field by field.

Short values are shown as before/after; long texts get a word-level diff (difflib), lists show what
was added and removed. The result is plain data: the history page decides how to draw it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from kb.schemas import CONTENT_FIELDS, TEXT_FIELDS

LONG = 120  # texts longer than this (or multi-line) get a word diff
TOKEN_RE = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldDiff:
    field: str
    kind: str  # "text" (word diff in `chunks`), "list" (added/removed), "value" (old → new)
    old: Any = None
    new: Any = None
    chunks: list[tuple[str, str]] = field(default_factory=list)  # ("equal" | "delete" | "insert", text)
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        if "url" in item:
            return f"{item.get('title', '')} <{item.get('url', '')}>" if item.get("url") else item.get("title", "")
        return item.get("text", "") + (f" [{item['category']}]" if item.get("category") else "")
    return str(item)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", "".join(b[j1:j2])))
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The fields that differ between two snapshots, in the order of the form."""
    out: list[FieldDiff] = []
    for name in CONTENT_FIELDS:
        a, b = old.get(name), new.get(name)
        if a == b or (a in (None, "", []) and b in (None, "", [])):
            continue
        if isinstance(a, list) or isinstance(b, list):
            a_items, b_items = [_item_text(x) for x in a or []], [_item_text(x) for x in b or []]
            out.append(FieldDiff(name, "list", a, b, added=[x for x in b_items if x not in a_items],
                                 removed=[x for x in a_items if x not in b_items]))
        elif isinstance(a, str) and isinstance(b, str) and (
                name in TEXT_FIELDS or len(a) > LONG or len(b) > LONG or "\n" in a + b):
            out.append(FieldDiff(name, "text", a, b, chunks=word_diff(a, b)))
        else:
            out.append(FieldDiff(name, "value", a, b))
    return out
