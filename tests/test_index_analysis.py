"""Dutch analysis: folding, stop words, stemming, compounds, synonyms and markdown stripping."""
from __future__ import annotations

import pytest

from index import data
from index.analysis import PLAIN, STEMMED, SURFACE, fold, stem, stems
from index.synonyms import default as synonyms
from index.text import plain
from test_index_helpers import ix, slugs  # noqa: F401  (fixture)


@pytest.mark.parametrize("a, b", [
    ("werkzoekende", "werkzoekenden"),
    ("begeleiden", "begeleiding"),
    ("begeleidt", "begeleiden"),
    ("kans", "kansen"),
    ("mens", "mensen"),
    ("organisatie", "organisaties"),
    ("bedrijf", "bedrijven"),
    ("initiatief", "initiatieven"),
    ("proces", "processen"),
    ("grens", "grenzen"),
    ("jongere", "jongeren"),
    ("statushouder", "statushouders"),
    ("mobiliteitsteam", "mobiliteitsteams"),
])
def test_forms_of_a_word_share_a_stem(a, b):
    assert stem(fold(a)) == stem(fold(b))


def test_different_words_keep_different_stems():
    assert stem("beleid") != stem("begeleiding")
    assert stem("werkgever") != stem("werknemer")


def test_fold_lowercases_and_drops_accents_and_abbreviation_dots():
    assert fold("Coördinatie") == "coordinatie"
    assert fold("ÉÉN") == "een"
    assert stems("m.b.o.-studenten") == ["mbo", "student"]


def test_stop_words_are_dutch_and_dropped():
    words = data.stopwords()
    assert {"de", "het", "een", "van", "voor", "met", "wat"} <= words
    assert not {"the", "and", "werk", "mensen", "geen-baan"} & words
    assert stems("wat werkt voor mensen met psychische klachten") == ["werkt", "mens", "psychisch", "klacht"]


def test_tokenizers_record_positions_and_offsets():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in STEMMED("De Werkzoekenden in Twente", positions=True, chars=True)]
    assert tokens == [("werkzoek", 0, 3, 16), ("twent", 1, 20, 26)]
    assert [t.text for t in SURFACE("De Werkzoekenden")] == ["werkzoekenden"]
    assert [t.text for t in PLAIN("de regio")] == ["de", "regio"]


def test_synonym_forms_are_matched_after_analysis():
    syn = synonyms()
    assert ("mobiliteitsteam",) in syn.alternatives(("rmt",))
    spans = syn.find(stems("regionale mobiliteitsteams in twente"))
    assert spans and spans[0][:2] == (0, 2) and ("rmt",) in spans[0][2]


def test_markdown_is_reduced_to_words():
    text = plain("## Aanpak\n\n**Vet** en [UWV](https://www.uwv.nl) <b>html</b>\n- punt\x00 een")
    assert "https" not in text and "**" not in text and "<b>" not in text
    assert "UWV" in text and "Vet" in text and "\x00" not in text


# the same behaviour through the search ---------------------------------------------------------

@pytest.mark.parametrize("query, slug", [
    ("werkzoekende", "mobiliteitsteam-twente"),          # plural in the text
    ("begeleiden", "ontslagdatum-aanpak"),               # begeleiding in the title
    ("coordinatie", "leven-lang-ontwikkelen-zorg"),      # coördinatie in the text
    ("Coördinatie", "leven-lang-ontwikkelen-zorg"),
])
def test_analysis_through_search(ix, query, slug):  # noqa: F811
    assert slug in slugs(ix.search(q=query))


@pytest.mark.parametrize("query, slug", [
    ("ontslag", "ontslagdatum-aanpak"),                  # only "ontslagdatum" in that initiative
    ("markt", "arbeidsmarktregio-dashboard"),            # only "arbeidsmarktregio"
    ("begeleider", "psychische-kwetsbaarheid-ips"),      # only "trajectbegeleider"
])
def test_compound_parts_are_found(ix, query, slug):  # noqa: F811
    assert slug in slugs(ix.search(q=query))


def test_exact_word_ranks_above_compound(ix):  # noqa: F811
    result = slugs(ix.search(q="markt"))
    assert result[0] == "markt-voor-vakmensen"
    assert "arbeidsmarktregio-dashboard" in result


def test_compound_boundaries_keep_unrelated_words_out(tmp_path):
    from test_index_helpers import build, rec

    index = build(tmp_path / "ix", [rec(1, "bezorgd", "Bezorgde ouders", "Ouders zijn bezorgd over werk."),
                                     rec(2, "zorg", "Zorgverleners gezocht", "De zorgsector zoekt mensen.")])
    assert slugs(index.search(q="zorg")) == ["zorg"]
    index.close()
