"""Labels of vocabulary codes in the user's language, for pages and charts."""
from __future__ import annotations

from components.i18n import current_lang
from kb import vocab


def label(vocabulary: str, code: str, lang: str | None = None) -> str:
    return vocab.load().label(vocabulary, code, lang or current_lang())


def labels(vocabulary: str, lang: str | None = None) -> dict[str, str]:
    return vocab.load().labels(vocabulary, lang or current_lang())


def options(vocabulary: str, lang: str | None = None) -> list[dict[str, str]]:
    """Options for a dropdown or checklist, in vocabulary order."""
    return [{"label": text, "value": code} for code, text in labels(vocabulary, lang).items()]
