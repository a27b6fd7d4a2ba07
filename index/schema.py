"""The Whoosh schema: which parts of an initiative are searched, filtered, sorted and shown.

Three kinds of field:
- searched text, stemmed, one field per weight class (`SEARCH_FIELDS`: title > summary > success
  factors and failures > description and the rest), plus `words`, the same text unstemmed, used
  for compound parts ("markt" in "arbeidsmarktregio") and for spelling suggestions;
- fields only the expert syntax reaches (`regio:twente`, `organisatie:uwv`), see `FIELD_ALIASES`;
- facet fields (`f_*`) holding exact codes, one term per value, read as doc-id bitsets;
plus stored fields for the result cards and sortable columns for "newest" and "outcome".

`SCHEMA_VERSION` is written next to the index: change it whenever analysis or fields change, and
every existing index is rebuilt from the database on its next open (see index.store).
"""
from __future__ import annotations

from whoosh import columns, fields, formats

from index.analysis import EXACT, PLAIN, STEMMED, SURFACE

SCHEMA_VERSION = "praktijkbank-index-1"

# field -> weight of a match there. The description is the yardstick (1.0).
SEARCH_FIELDS: dict[str, float] = {
    "title": 6.0,
    "summary": 3.0,
    "factors": 2.0,
    "labels": 1.5,
    "names": 1.5,
    "body": 1.0,
}
# Matches on a compound part (in `words`) count for less than any whole-word match.
COMPOUND_WEIGHT = 0.4
# Matches on an expanded synonym or abbreviation count a little less than on the word typed.
SYNONYM_WEIGHT = 0.8

# facet name (the API's filter names) -> facet field
FACET_FIELDS: dict[str, str] = {
    "region": "f_region",
    "target_group": "f_target_group",
    "theme": "f_theme",
    "evidence": "f_evidence",
    "organisation": "f_organisation",
    "year": "f_year",
}

# Names a user may put before a colon (Dutch and English) -> field searched.
FIELD_ALIASES: dict[str, str] = {
    "titel": "title", "title": "title",
    "samenvatting": "summary", "summary": "summary",
    "beschrijving": "body", "tekst": "body", "description": "body", "body": "body",
    "factoren": "factors", "succesfactoren": "factors", "lessen": "factors", "factors": "factors",
    "organisatie": "organisation", "organisation": "organisation",
    "gemeente": "municipality", "plaats": "municipality", "municipality": "municipality",
    "tag": "tag", "tags": "tag", "trefwoord": "tag",
    "regio": "region", "region": "region",
    "doelgroep": "target_group", "target_group": "target_group",
    "thema": "theme", "theme": "theme",
    "bewijs": "evidence", "niveau": "evidence", "evidence": "evidence",
    "jaar": "year", "year": "year",
    "slug": "slug",
}
# Alias fields whose text is stemmed (the others are folded only: names and codes).
STEMMED_ALIAS_FIELDS = {"title", "summary", "body", "factors", "tag", "target_group", "theme"}


def _facet_field() -> fields.FieldType:
    """Exact values, one per line; only existence is stored (no frequencies, no positions)."""
    return fields.FieldType(format=formats.Existence(), analyzer=EXACT, scorable=True)


def _text(analyzer, phrase: bool = True) -> fields.TEXT:
    return fields.TEXT(analyzer=analyzer, phrase=phrase)


def _column(typecode: str, stored: bool = False) -> fields.COLUMN:
    """A number kept per document for sorting and bulk reads, not indexed.

    (whoosh's NUMERIC would also index 8 to 16 trie terms per value for range queries we never
    run, which made up a third of all postings.)
    """
    field = fields.COLUMN(columns.NumericColumn(typecode, default=0))
    field.stored = stored
    return field


def build_schema() -> fields.Schema:
    return fields.Schema(
        # identity and sync: `id` is the database id as text (the unique key for updates);
        # `id_col` and `revision` are read in bulk when comparing the index with the database
        id=fields.ID(stored=True, unique=True),
        id_col=_column("Q"),
        revision=_column("Q", stored=True),
        slug=fields.ID(stored=True),
        # what a result card and a highlight need, without a database round trip
        card=fields.STORED(),
        hl_text=fields.STORED(),
        # searched by default
        title=_text(STEMMED),
        summary=_text(STEMMED),
        factors=_text(STEMMED),
        labels=_text(STEMMED),
        names=_text(STEMMED),
        body=_text(STEMMED),
        words=_text(SURFACE, phrase=False),
        # expert syntax only
        organisation=_text(PLAIN),
        municipality=_text(PLAIN),
        tag=_text(STEMMED),
        region=_text(PLAIN),
        target_group=_text(STEMMED),
        theme=_text(STEMMED),
        evidence=_text(PLAIN),
        # facets
        **{name: _facet_field() for name in FACET_FIELDS.values()},
        # sorting: created (seconds since 1970), period start (yyyymmdd), outcome share (1/10000,
        # -1 without outcome) and number placed (-1 unknown)
        created=_column("Q"),
        period=_column("I"),
        share=_column("i"),
        placed=_column("i"),
    )


SCHEMA = build_schema()
