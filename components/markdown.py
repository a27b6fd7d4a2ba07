"""Markdown to safe HTML: rendered with `markdown`, then cleaned by `nh3` (the Ammonia sanitizer).

Used by the initiative page and the form preview alike, so both show exactly the same, safe result.
"""
from __future__ import annotations

import markdown as md
import nh3

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
        "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def to_html(text: str) -> str:
    """Markdown → HTML with only harmless tags; links only http(s)/mailto, opened without referrer."""
    raw = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    # A top-level heading belongs to the page itself: demote `#` to h2 for a correct heading order.
    raw = raw.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")
