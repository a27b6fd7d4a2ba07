"""Parsing the query parameters of /api/initiatives (and its Atom twin).

A bad parameter raises `BadParameter` naming it, which the routes answer with 400 and a JSON error.
The search text itself is never refused here: the index makes sense of any text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from kb.vocab import Vocabularies

SORTS = ("relevance", "newest", "outcome")
FACETS = {  # API parameter -> vocabulary (None: free values)
    "region": "region",
    "target_group": "target_group",
    "theme": "theme",
    "evidence": "evidence",
    "organisation": None,
    "year": None,
}
MAX_PER_PAGE = 100
MAX_PAGE = 10_000


class BadParameter(ValueError):
    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(message)


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    def as_query(self) -> list[tuple[str, str]]:
        """Back to URL parameters (for feed links and CSV downloads)."""
        out = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            out.extend((name, v) for v in values)
        if self.sort != ("relevance" if self.q.strip() else "newest"):
            out.append(("sort", self.sort))
        if self.page > 1:
            out.append(("page", str(self.page)))
        return out


def _int(args: MultiDict, name: str, default: int, low: int, high: int, lenient: bool = False) -> int:
    raw = args.get(name, "")
    if raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        if lenient:
            return default
        raise BadParameter(name, f"Parameter '{name}' moet een heel getal zijn, niet '{raw[:40]}'.") from None
    if not low <= value <= high:
        if lenient:
            return min(max(value, low), high)
        raise BadParameter(name, f"Parameter '{name}' moet tussen {low} en {high} liggen.")
    return value


def parse(args: MultiDict, vocab: Vocabularies, *, lenient: bool = False) -> SearchParams:
    """Parse URL parameters. `lenient` (for pages) drops what it cannot use instead of refusing it."""
    q = args.get("q", "")
    sort = args.get("sort", "") or ("relevance" if q.strip() else "newest")
    if sort not in SORTS:
        if not lenient:
            raise BadParameter("sort", f"Parameter 'sort' moet een van {', '.join(SORTS)} zijn.")
        sort = "relevance" if q.strip() else "newest"
    filters: dict[str, list[str]] = {}
    for name, vocabulary in FACETS.items():
        values: list[str] = []
        for raw in args.getlist(name):
            for part in raw.split(","):
                part = part.strip()
                if not part:
                    continue
                if vocabulary:
                    code = vocab.normalize(vocabulary, part)
                    if code is None:
                        if lenient:
                            continue
                        raise BadParameter(name, f"Onbekende waarde '{part[:60]}' voor parameter '{name}'.")
                    part = code
                elif name == "year" and not (part.isdigit() and len(part) == 4):
                    if lenient:
                        continue
                    raise BadParameter(name, f"Parameter 'year' moet een jaartal zijn, niet '{part[:20]}'.")
                if part not in values:
                    values.append(part)
        if values:
            filters[name] = values
    per_page = _int(args, "per_page", 10, 1, MAX_PER_PAGE, lenient)
    page = _int(args, "page", 1, 1, MAX_PAGE, lenient)
    return SearchParams(q=q, filters=filters, sort=sort, page=page, per_page=per_page)
