"""Atom feed of a search, so a network can follow "nieuw in Twente voor jongeren" in any feed reader."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


def _title(p) -> str:
    parts = []
    if p.q:
        parts.append(f"“{p.q[:80]}”")
    for name, values in p.filters.items():
        parts.append(f"{name}: {', '.join(values)}")
    return "Praktijkbank – nieuwe initiatieven" + (" – " + "; ".join(parts) if parts else "")


def atom(results: list[dict], p, *, base_url: str, self_url: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _title(p)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    query = urlencode(p.as_query())
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=f"{base_url}/" + (f"?{query}" if query else ""))
    newest = max((r.get("updated_at") or "" for r in results), default="")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest or datetime.now(timezone.utc).isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Praktijkbank"
    for r in results:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = f"{base_url}/initiatief/{r['slug']}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = r["title"]
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = r.get("updated_at") or newest
        if r.get("created_at"):
            ET.SubElement(entry, f"{{{ATOM}}}published").text = r["created_at"]
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = r.get("summary", "")
        for region in r.get("regions", []):
            ET.SubElement(entry, f"{{{ATOM}}}category", term=region)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
