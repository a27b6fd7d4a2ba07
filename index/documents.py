"""From an initiative record (the plain dict of kb.records) to the fields of one index document.

Vocabulary fields hold codes; the index also gets their Dutch labels (and a region's province), so
"jongeren" or "Limburg" in a query finds initiatives tagged with those codes. The labels are read
from kb/vocabularies/*.csv once per process (`Labels`), or passed in by the caller.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable

from index.text import clean, plain

# The fields of a result card, stored as JSON so a page of results needs no database query.
CARD_FIELDS = ("slug", "title", "summary", "regions", "target_groups", "themes", "evidence_level",
               "organisations", "municipalities", "participants", "placed", "placed_within_months",
               "outcome_note", "period_start", "period_end", "updated_at")
_YEAR = re.compile(r"^\s*(\d{4})")
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True)
class Labels:
    """Dutch labels per vocabulary: {"region": {code: label}, …}; `extra` holds e.g. provinces."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: dict[str, dict[str, str]] = field(default_factory=dict)

    def of(self, vocab: str, code: str) -> str:
        return self.labels.get(vocab, {}).get(code, "")


@lru_cache(maxsize=1)
def default_labels() -> Labels:
    """The labels in kb/vocabularies/*.csv (the same files kb loads into the database)."""
    try:
        from kb.vocab import read_files
    except ImportError:  # the index used on its own, without kb
        return Labels()
    labels: dict[str, dict[str, str]] = {}
    extra: dict[str, dict[str, str]] = {}
    for vocab, rows in read_files().items():
        labels[vocab] = {r["code"]: r.get("label_nl") or r["code"] for r in rows}
        if vocab == "region":
            extra["province"] = {r["code"]: r.get("province") or "" for r in rows}
    return Labels(labels, extra)


def _strings(values: Any) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    return [s for s in (clean(v).strip() for v in values) if s]


def _factor_texts(items: Any) -> list[str]:
    out = []
    for item in items or []:
        text = item.get("text") if isinstance(item, dict) else item
        if text:
            out.append(clean(text))
    return out


def _lines(values: Iterable[str]) -> str:
    """Several values as one field text, one per line (a line break also stops phrase matches)."""
    return "\n".join(v.replace("\n", " ") for v in values if v)


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def _timestamp(value: Any) -> int:
    """Seconds since 1970 of an ISO 8601 string (0 when missing or unreadable)."""
    if not value:
        return 0
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return 0
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return max(0, int(dt.timestamp()))


def period_number(value: Any) -> int:
    """"2020-07" -> 20200700, "2021" -> 20210000: sortable; 0 when missing."""
    m = _DATE.match(str(value or ""))
    if not m:
        return 0
    year, month, day = m.group(1), m.group(2) or 0, m.group(3) or 0
    return int(year) * 10000 + int(month) * 100 + int(day)


def year_of(value: Any) -> str | None:
    m = _YEAR.match(str(value or ""))
    return m.group(1) if m else None


def outcome_share(record: dict[str, Any]) -> float | None:
    """Share placed in work (0..1), or None when the record has no usable outcome."""
    participants, placed = _int_or_none(record.get("participants")), _int_or_none(record.get("placed"))
    if not participants or participants <= 0 or placed is None or placed < 0:
        return None
    return min(1.0, placed / participants)


def card(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name in CARD_FIELDS:
        value = record.get(name)
        if name in ("participants", "placed", "placed_within_months"):
            value = _int_or_none(value)
        elif name in ("regions", "target_groups", "themes", "organisations", "municipalities"):
            value = _strings(value)
        elif value is not None:
            value = clean(value)
        out[name] = value
    out["title"] = out["title"] or ""
    out["summary"] = out["summary"] or ""
    return out


def to_document(record: dict[str, Any], labels: Labels | None = None) -> dict[str, Any]:
    """The whoosh fields of one published initiative."""
    labels = labels or default_labels()
    regions = _strings(record.get("regions"))
    target_groups = _strings(record.get("target_groups"))
    themes = _strings(record.get("themes"))
    organisations = _strings(record.get("organisations"))
    municipalities = _strings(record.get("municipalities"))
    tags = _strings(record.get("tags"))
    evidence = clean(record.get("evidence_level") or "").strip()
    successes = _factor_texts(record.get("success_factors"))
    failures = _factor_texts(record.get("failures"))
    categories = {item.get("category") for item in (record.get("success_factors") or []) + (record.get("failures") or [])
                  if isinstance(item, dict) and item.get("category")}
    description = plain(record.get("description"))
    contact = clean(record.get("contact_organisation") or "").strip()

    title = clean(record.get("title") or "")
    summary = clean(record.get("summary") or "")
    factors = _lines(successes + failures)
    region_text = [f"{c} {labels.of('region', c)} {labels.extra.get('province', {}).get(c, '')}" for c in regions]
    tg_text = [f"{c.replace('-', ' ')} {labels.of('target_group', c)}" for c in target_groups]
    theme_text = [f"{c.replace('-', ' ')} {labels.of('theme', c)}" for c in themes]
    evidence_text = f"{evidence.replace('-', ' ')} {labels.of('evidence', evidence)}" if evidence else ""
    label_text = _lines([labels.of("region", c) or c for c in regions]
                        + [labels.of("target_group", c) or c for c in target_groups]
                        + [labels.of("theme", c) or c for c in themes]
                        + [labels.of("factor_category", c) for c in sorted(categories)]
                        + ([labels.of("evidence", evidence)] if evidence else []))
    names = _lines(organisations + municipalities + tags + ([contact] if contact else []))
    body = _lines([description] + [clean(record.get(k) or "") for k in
                                   ("approach", "context", "preconditions", "outcome_note", "cost_note")]
                  + [clean(s.get("title") or "") for s in (record.get("sources") or []) if isinstance(s, dict)])
    share = outcome_share(record)
    placed = _int_or_none(record.get("placed"))
    year = year_of(record.get("period_start"))

    return {
        "id": str(int(record["id"])),
        "id_col": int(record["id"]),
        "revision": int(record.get("revision") or 0),
        "slug": clean(record.get("slug") or ""),
        "card": json.dumps(card(record), ensure_ascii=False, separators=(",", ":")),
        "hl_text": description,
        "title": title,
        "summary": summary,
        "factors": factors,
        "labels": label_text,
        "names": names,
        "body": body,
        "words": _lines([title, summary, factors, label_text, names]),
        "organisation": _lines(organisations + ([contact] if contact else [])),
        "municipality": _lines(municipalities),
        "tag": _lines(tags),
        "region": _lines(region_text),
        "target_group": _lines(tg_text),
        "theme": _lines(theme_text),
        "evidence": evidence_text,
        "f_region": _lines(regions),
        "f_target_group": _lines(target_groups),
        "f_theme": _lines(themes),
        "f_evidence": evidence,
        "f_organisation": _lines(organisations),
        "f_year": year or "",
        "created": _timestamp(record.get("created_at")),
        "period": period_number(record.get("period_start")),
        "share": -1 if share is None else int(round(share * 10000)),
        "placed": -1 if placed is None else placed,
    }
