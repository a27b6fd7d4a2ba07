"""Validation of an initiative: raw input (a form, a front matter, JSON) to an `InitiativeCreate`.

Every problem is collected, not just the first, and named by field in the user's language, so a
form can show each message beside its field.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from kb import messages
from kb.schemas import CONTENT_FIELDS, STATUSES, InitiativeCreate
from kb.vocab import Vocabularies

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_LEN = {
    "title": 200, "slug": 120, "summary": 500, "description": 50_000, "approach": 10_000,
    "preconditions": 10_000, "context": 10_000, "outcome_note": 1000, "cost_note": 1000,
    "contact_organisation": 200, "contact_url": 500,
}
MIN_LEN = {"title": 5, "summary": 20}
MAX_ITEMS = 50
VOCAB_FIELDS = {"regions": "region", "target_groups": "target_group", "themes": "theme"}
INT_FIELDS = ("participants", "placed", "placed_within_months", "cost_eur")


@dataclass
class Problem:
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "nl") -> str:
        return messages.render(self.code, self.field, lang, **self.params)


class ValidationFailed(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems))

    def messages(self, lang: str = "nl") -> dict[str, str]:
        """One message per field (the first problem of each), for showing at the field."""
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field, p.message(lang))
        return out


def slugify(text: str, max_len: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_len].rstrip("-") or "initiatief"


def _text(raw: Any, name: str, problems: list[Problem], multiline: bool) -> str:
    if raw is None:
        return ""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        problems.append(Problem(name, "not_text"))
        return ""
    value = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").strip()
    if not multiline:
        value = re.sub(r"\s+", " ", value)
    if CONTROL_RE.search(value):
        problems.append(Problem(name, "control_chars"))
        value = CONTROL_RE.sub("", value)
    if name in MAX_LEN and len(value) > MAX_LEN[name]:
        problems.append(Problem(name, "max_length", {"max": MAX_LEN[name], "n": len(value)}))
    if name in MIN_LEN and value and len(value) < MIN_LEN[name]:
        problems.append(Problem(name, "min_length", {"min": MIN_LEN[name]}))
    return value


def _str_list(raw: Any, name: str, problems: list[Problem]) -> list[str]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[;\n]", raw)]
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(name, "not_list"))
        return []
    out: list[str] = []
    for item in raw:
        text = _text(item, name, problems, multiline=False)
        if text and text not in out:
            out.append(text[:200])
    if len(out) > MAX_ITEMS:
        problems.append(Problem(name, "too_many", {"max": MAX_ITEMS}))
    return out


def _vocab_list(values: Iterable[str], name: str, vocab: Vocabularies, problems: list[Problem]) -> list[str]:
    out: list[str] = []
    for value in values:
        code = vocab.normalize(VOCAB_FIELDS[name], value)
        if code is None:
            problems.append(Problem(name, "unknown_term", {"value": value}))
        elif code not in out:
            out.append(code)
    return out


def _factors(raw: Any, name: str, vocab: Vocabularies, problems: list[Problem]) -> list[dict]:
    if raw is None or raw == "":
        return []
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(name, "not_list"))
        return []
    out = []
    for n, item in enumerate(raw, 1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            problems.append(Problem(name, "item_text_required", {"n": n}))
            continue
        text = _text(item.get("text"), name, problems, multiline=False)
        category = item.get("category") or None
        if not text:
            if category:
                problems.append(Problem(name, "item_text_required", {"n": n}))
            continue
        if len(text) > 1000:
            problems.append(Problem(name, "max_length", {"max": 1000, "n": len(text)}))
        if category is not None:
            code = vocab.normalize("factor_category", str(category))
            if code is None:
                problems.append(Problem(name, "unknown_term", {"value": category}))
            category = code
        out.append({"text": text, "category": category})
    if len(out) > MAX_ITEMS:
        problems.append(Problem(name, "too_many", {"max": MAX_ITEMS}))
    return out


def _int(raw: Any, name: str, problems: list[Problem]) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        problems.append(Problem(name, "not_integer"))
        return None
    try:
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValueError
            value = int(raw)
        else:
            value = int(str(raw).strip().replace(".", "").replace(" ", ""))
    except (ValueError, OverflowError):
        problems.append(Problem(name, "not_integer"))
        return None
    if value < 0:
        problems.append(Problem(name, "not_integer"))
        return None
    limit = 10**12 if name == "cost_eur" else (600 if name == "placed_within_months" else 10**7)
    if value > limit:
        problems.append(Problem(name, "too_large", {"value": value}))
        return None
    return value


def _period(raw: Any, name: str, problems: list[Problem]) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    m = PERIOD_RE.match(text)
    if not m:
        problems.append(Problem(name, "bad_period"))
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        problems.append(Problem(name, "bad_period"))
        return None
    if not 1900 <= year <= 2100:
        problems.append(Problem(name, "bad_period"))
        return None
    return text


def _date(raw: Any, name: str, problems: list[Problem]) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        value = raw
    else:
        try:
            value = date.fromisoformat(str(raw).strip())
        except ValueError:
            problems.append(Problem(name, "bad_date"))
            return None
    if value > date.today():
        problems.append(Problem(name, "future_date"))
    return value


def safe_url(url: str, allow_mailto: bool = False) -> bool:
    """Only http(s) (and optionally mailto) links: no javascript:, data: or relative tricks."""
    if not url or len(url) > 1000 or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    lower = url.lower()
    if lower.startswith(("http://", "https://")):
        return len(url.split("://", 1)[1].split("/", 1)[0]) > 0 and "." in url.split("://", 1)[1].split("/", 1)[0]
    return allow_mailto and bool(re.match(r"^mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}$", lower))


def _sources(raw: Any, problems: list[Problem]) -> list[dict]:
    if raw is None or raw == "":
        return []
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem("sources", "not_list"))
        return []
    out = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            problems.append(Problem("sources", "source_title_required", {"n": n}))
            continue
        title = _text(item.get("title"), "sources", problems, multiline=False)
        url = _text(item.get("url"), "sources", problems, multiline=False)
        if not title and not url:
            continue
        if not title:
            problems.append(Problem("sources", "source_title_required", {"n": n}))
        if url and not safe_url(url):
            problems.append(Problem("sources", "bad_url", {"value": url[:80]}))
        out.append({"title": title[:300], "url": url})
    if len(out) > MAX_ITEMS:
        problems.append(Problem("sources", "too_many", {"max": MAX_ITEMS}))
    return out


def validate(raw: dict[str, Any], vocab: Vocabularies, *, strict_fields: bool = False) -> InitiativeCreate:
    """Check and normalise raw input; raise ValidationFailed listing every problem."""
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        raise ValidationFailed([Problem("front_matter", "not_list")])
    if strict_fields:
        for key in raw:
            if key not in CONTENT_FIELDS:
                problems.append(Problem(str(key), "unknown_field", {"value": key}))

    data: dict[str, Any] = {}
    for name in ("title", "summary", "outcome_note", "cost_note", "contact_organisation"):
        data[name] = _text(raw.get(name), name, problems, multiline=False)
    for name in ("description", "approach", "preconditions", "context"):
        data[name] = _text(raw.get(name), name, problems, multiline=True)
    for name in ("title", "summary"):
        if not data[name]:
            problems.append(Problem(name, "min_length", {"min": MIN_LEN[name]}))

    slug = _text(raw.get("slug"), "slug", problems, multiline=False) or slugify(data["title"])
    if not SLUG_RE.match(slug) or len(slug) > MAX_LEN["slug"]:
        problems.append(Problem("slug", "slug_format"))
    data["slug"] = slug

    status = str(raw.get("status") or "draft").strip().lower()
    if status not in STATUSES:
        problems.append(Problem("status", "bad_status", {"value": status[:40]}))
    data["status"] = status

    for name in ("regions", "municipalities", "organisations", "target_groups", "themes", "tags"):
        values = _str_list(raw.get(name), name, problems)
        data[name] = _vocab_list(values, name, vocab, problems) if name in VOCAB_FIELDS else values
    if not data["regions"] and not any(p.field == "regions" for p in problems):
        problems.append(Problem("regions", "need_one"))

    data["success_factors"] = _factors(raw.get("success_factors"), "success_factors", vocab, problems)
    data["failures"] = _factors(raw.get("failures"), "failures", vocab, problems)

    data["period_start"] = _period(raw.get("period_start"), "period_start", problems)
    data["period_end"] = _period(raw.get("period_end"), "period_end", problems)
    if data["period_start"] and data["period_end"] and data["period_end"] < data["period_start"][: len(data["period_end"])]:
        problems.append(Problem("period_end", "end_before_start"))

    for name in INT_FIELDS:
        data[name] = _int(raw.get(name), name, problems)
    if data["placed"] is not None and data["participants"] is not None and data["placed"] > data["participants"]:
        problems.append(Problem("placed", "placed_gt_participants",
                                {"placed": data["placed"], "participants": data["participants"]}))

    level = raw.get("evidence_level")
    data["evidence_level"] = None
    if level not in (None, ""):
        code = vocab.normalize("evidence", str(level))
        if code is None:
            problems.append(Problem("evidence_level", "unknown_term", {"value": str(level)[:80]}))
        data["evidence_level"] = code
    data["evidence_rated_on"] = _date(raw.get("evidence_rated_on"), "evidence_rated_on", problems)

    data["sources"] = _sources(raw.get("sources"), problems)
    contact_url = _text(raw.get("contact_url"), "contact_url", problems, multiline=False)
    if contact_url and not safe_url(contact_url, allow_mailto=True):
        problems.append(Problem("contact_url", "bad_contact_url"))
    data["contact_url"] = contact_url

    if problems:
        raise ValidationFailed(problems)
    return InitiativeCreate(**data)
