"""UI language: Dutch by default, English by a remembered switch (a cookie), and number formats.

Shared texts live in `components/texts.py`, page texts beside each page (`add_texts`); the language itself is picked in
kb/language.py (the API needs it too); this module holds the texts and formats numbers the way
each language writes them (1.234 and 70% in Dutch, 1,234 and 70% in English).
"""
from __future__ import annotations

from components.texts import TEXTS
from kb.language import COOKIE, LANGS, current_lang  # noqa: F401  (re-exported for the pages)


def add_texts(texts: dict[str, tuple[str, str]]) -> None:
    """Let a page module bring its own texts (Dutch, English); a key may be defined once only."""
    for key, pair in texts.items():
        if key in TEXTS and TEXTS[key] != pair:
            raise KeyError(f"text key {key!r} defined twice")
        TEXTS[key] = pair


def t(key: str, lang: str | None = None, **params) -> str:
    lang = lang or current_lang()
    nl, en = TEXTS[key]
    text = en if lang == "en" else nl
    return text.format(**params) if params else text


def fmt_int(n: int | float | None, lang: str | None = None) -> str:
    if n is None:
        return "–"
    lang = lang or current_lang()
    s = f"{int(round(n)):,}"
    return s.replace(",", ".") if lang == "nl" else s


def fmt_pct(share: float | None, lang: str | None = None, digits: int = 0) -> str:
    """A share 0..1 as a percentage: '70%' (nl and en alike; decimals with a comma in Dutch)."""
    if share is None:
        return "–"
    lang = lang or current_lang()
    s = f"{share * 100:.{digits}f}"
    return (s.replace(".", ",") if lang == "nl" else s) + "%"


def fmt_date(iso: str | None, lang: str | None = None) -> str:
    """'2020-07' → 'juli 2020' / 'July 2020'; '2021-06-01' → '1 juni 2021'."""
    if not iso:
        return "–"
    lang = lang or current_lang()
    months = t("months", lang).split()
    parts = iso[:10].split("-")
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}" if lang == "nl" else f"{month} {int(parts[2])}, {parts[0]}"
