"""CSV of a search, for Excel: UTF-8 with a byte-order mark and semicolons (the Dutch Excel default),
so 'Noordoost-Brabant' and 'één' arrive intact and columns split without an import wizard."""
from __future__ import annotations

import csv
import io

from kb import vocab

COLUMNS = {
    "nl": ["Titel", "Samenvatting", "Regio's", "Doelgroepen", "Thema's", "Bewijsniveau", "Deelnemers",
           "Aan het werk", "Binnen maanden", "Uitkomst", "Start", "Link"],
    "en": ["Title", "Summary", "Regions", "Target groups", "Themes", "Evidence level", "Participants",
           "Placed in work", "Within months", "Outcome", "Start", "Link"],
}
MAX_ROWS = 5000


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell never starts with = + - @."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(results: list[dict], *, base_url: str, lang: str = "nl") -> bytes:
    v = vocab.load()
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS["en" if lang == "en" else "nl"])

    def labels(vocabulary: str, codes: list[str]) -> str:
        return ", ".join(v.label(vocabulary, c, lang) for c in codes)

    for r in results:
        writer.writerow([_safe(str(x)) if isinstance(x, str) else ("" if x is None else x) for x in [
            r["title"], r.get("summary", ""), labels("region", r.get("regions", [])),
            labels("target_group", r.get("target_groups", [])), labels("theme", r.get("themes", [])),
            v.label("evidence", r["evidence_level"], lang) if r.get("evidence_level") else "",
            r.get("participants"), r.get("placed"), r.get("placed_within_months"), r.get("outcome_note") or "",
            r.get("period_start") or "", f"{base_url}/initiatief/{r['slug']}",
        ]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
