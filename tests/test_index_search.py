"""The search API over a small real index: synonyms, facets, sorting, pages, suggestions,
highlights and the expert syntax."""
from __future__ import annotations

import re

import pytest

from index import QueryError, search
from test_index_helpers import build, corpus, ix, rec, slugs  # noqa: F401  (ix is a fixture)


def test_result_shape_follows_the_api(ix):  # noqa: F811
    result = search(ix, q="werk")
    assert set(result) >= {"total", "page", "results", "facets", "suggestion"}
    assert set(result["facets"]) == {"region", "target_group", "theme", "evidence", "organisation", "year"}
    first = result["results"][0]
    for key in ("slug", "title", "summary", "regions", "target_groups", "score", "highlight", "themes",
                "evidence_level", "organisations", "participants", "placed", "placed_within_months",
                "outcome_note", "period_start"):
        assert key in first
    assert isinstance(first["score"], float)


def test_drafts_are_not_searchable(ix):  # noqa: F811
    assert "concept-niet-zichtbaar" not in slugs(ix.search(q="mobiliteitsteam voorbereiding"))
    assert ix.search()["total"] == 9


# synonyms and abbreviations -------------------------------------------------------------------

@pytest.mark.parametrize("query, slug", [
    ("RMT", "mobiliteitsteam-twente"),                       # written out in the text
    ("rmt twente", "mobiliteitsteam-twente"),
    ("LLO", "leven-lang-ontwikkelen-zorg"),
    ("WW", "werkloosheidswet-jongeren"),
    ("MKB", "mkb-werkplekken"),
    ("midden- en kleinbedrijf", "mkb-werkplekken"),
    ("IPS", "psychische-kwetsbaarheid-ips"),
])
def test_abbreviations_and_synonyms(ix, query, slug):  # noqa: F811
    assert slug in slugs(ix.search(q=query))[:3]


def test_written_out_form_finds_the_abbreviation(tmp_path):
    index = build(tmp_path / "ix", [rec(1, "rmt", "Het RMT helpt", "Het RMT in Twente."),
                                     rec(2, "ander", "Iets anders", "Over scholing.")])
    assert slugs(index.search(q="regionaal mobiliteitsteam")) == ["rmt"]
    index.close()


# facets ---------------------------------------------------------------------------------------

def test_filter_or_within_a_facet(ix):  # noqa: F811
    result = ix.search(filters={"region": ["groningen", "drenthe"]})
    assert set(slugs(result)) == {"ontslagdatum-aanpak", "mkb-werkplekken", "arbeidsmarktregio-dashboard",
                                  "markt-voor-vakmensen"}


def test_filter_and_across_facets(ix):  # noqa: F811
    result = ix.search(filters={"region": ["groningen", "drenthe"], "theme": ["van-werk-naar-werk"]})
    assert slugs(result) == ["ontslagdatum-aanpak"]


def test_facet_counts_are_disjunctive(ix):  # noqa: F811
    result = ix.search(filters={"region": ["groningen"], "target_group": ["ontslag-bedreigd"]})
    assert result["total"] == 1
    # region counts ignore the region choice but apply the target group
    assert result["facets"]["region"] == {"groningen": 1, "twente": 1}
    # target group counts ignore the target group choice but apply the region
    assert result["facets"]["target_group"] == {"ontslag-bedreigd": 1, "statushouders": 1}
    # other facets see both filters
    assert result["facets"]["theme"] == {"van-werk-naar-werk": 1}


def test_facet_counts_without_filters(ix):  # noqa: F811
    facets = ix.search()["facets"]
    assert facets["region"]["twente"] == 2 and facets["region"]["rijnmond"] == 2
    assert facets["organisation"]["UWV"] == 3
    assert facets["year"]["2021"] == 2
    assert facets["evidence"] == {"praktijkvoorbeeld": 9}


def test_chosen_value_without_results_is_still_listed(ix):  # noqa: F811
    result = ix.search(q="markt", filters={"region": ["zeeland"]})
    assert result["total"] == 0
    assert result["facets"]["region"]["zeeland"] == 0


def test_facets_follow_the_query(ix):  # noqa: F811
    facets = ix.search(q="jongeren")["facets"]
    assert facets["target_group"].get("jongeren") == 1
    assert "statushouders" not in facets["target_group"]


def test_year_and_organisation_filters(ix):  # noqa: F811
    assert slugs(ix.search(filters={"year": ["2020"]})) == ["ontslagdatum-aanpak"]
    assert set(slugs(ix.search(filters={"organisation": ["Gemeente Assen"]}))) == {
        "arbeidsmarktregio-dashboard", "markt-voor-vakmensen"}


def test_unknown_filter_is_a_clear_error(ix):  # noqa: F811
    with pytest.raises(QueryError, match="Onbekend filter"):
        ix.search(filters={"kleur": ["rood"]})
    with pytest.raises(QueryError, match="sortering"):
        ix.search(sort="willekeurig")


# sorting and pages ----------------------------------------------------------------------------

def test_empty_query_lists_newest_first(ix):  # noqa: F811
    result = ix.search(per_page=20)
    assert slugs(result)[:3] == ["html-in-tekst", "psychische-kwetsbaarheid-ips", "mkb-werkplekken"]
    assert result["total"] == 9


def test_sort_by_outcome_puts_missing_outcomes_last(ix):  # noqa: F811
    result = slugs(ix.search(sort="outcome", per_page=20))
    assert result[0] == "leven-lang-ontwikkelen-zorg"     # 80 of 80
    assert result[1] == "ontslagdatum-aanpak"             # 21 of 30
    assert result[2] == "mobiliteitsteam-twente"          # 120 of 200
    no_outcome = {"arbeidsmarktregio-dashboard", "mkb-werkplekken", "html-in-tekst"}
    assert set(result[-3:]) == no_outcome


def test_sort_newest_with_a_query(ix):  # noqa: F811
    result = ix.search(q="werk", sort="newest", per_page=20)
    days = [next(r for r in corpus() if r["slug"] == s)["created_at"] for s in slugs(result)]
    assert days == sorted(days, reverse=True)


def test_pagination(ix):  # noqa: F811
    everything = slugs(ix.search(per_page=20))
    pages = [slugs(ix.search(page=p, per_page=4)) for p in (1, 2, 3)]
    assert pages[0] + pages[1] + pages[2] == everything
    beyond = ix.search(page=9, per_page=4)
    assert beyond["results"] == [] and beyond["total"] == 9 and beyond["page"] == 9


def test_page_and_per_page_are_clamped(ix):  # noqa: F811
    result = ix.search(page=0, per_page=10_000)
    assert result["page"] == 1 and len(result["results"]) == 9


def test_title_match_outranks_description_match(tmp_path):
    index = build(tmp_path / "ix", [
        rec(1, "in-tekst", "Iets over werk", "Algemene samenvatting.", description="Hier staat jobcoaching."),
        rec(2, "in-titel", "Jobcoaching voor iedereen", "Algemene samenvatting."),
        rec(3, "in-samenvatting", "Iets anders", "Met jobcoaching erbij."),
    ])
    assert slugs(index.search(q="jobcoaching")) == ["in-titel", "in-samenvatting", "in-tekst"]
    index.close()


def test_more_matching_words_rank_higher(ix):  # noqa: F811
    assert slugs(ix.search(q="jongeren werkloosheidswet uitkering"))[0] == "werkloosheidswet-jongeren"


# suggestions ----------------------------------------------------------------------------------

def test_spelling_suggestion_and_correction(ix):  # noqa: F811
    result = ix.search(q="mobiliteitstaem")
    assert result["suggestion"] == "mobiliteitsteam"
    assert result["corrected"] is True
    assert slugs(result)[0] == "mobiliteitsteam-twente"


def test_suggestion_keeps_the_rest_of_the_query(ix):  # noqa: F811
    assert ix.search(q="Mobiliteitstaem twente")["suggestion"] == "mobiliteitsteam twente"


def test_no_suggestion_for_known_words(ix):  # noqa: F811
    assert ix.search(q="mobiliteitsteam")["suggestion"] is None


# highlights -----------------------------------------------------------------------------------

def test_highlight_marks_matches_in_the_summary(ix):  # noqa: F811
    first = ix.search(q="werkzoekende")["results"][0]
    assert "<mark>werkzoekenden</mark>" in first["highlight"]


def test_highlight_escapes_everything_but_mark(ix):  # noqa: F811
    hit = next(r for r in ix.search(q="begeleiding")["results"] if r["slug"] == "html-in-tekst")
    html = hit["highlight"]
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert re.sub(r"</?mark>", "", html).count("<") == 0
    assert "<mark>begeleiding</mark>" in html


def test_highlight_falls_back_to_the_description(ix):  # noqa: F811
    hit = ix.search(q="ontslagdatum")["results"][0]
    assert "<mark>ontslagdatum</mark>" in hit["highlight"]


def test_empty_query_highlight_is_the_escaped_summary(ix):  # noqa: F811
    hit = next(r for r in ix.search(per_page=20)["results"] if r["slug"] == "html-in-tekst")
    assert hit["highlight"].startswith("Een samenvatting met &lt;script&gt;")


# expert syntax --------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ('"persoonlijke begeleiding"', ["mobiliteitsteam-twente"]),
    ("regio:drenthe", ["markt-voor-vakmensen", "arbeidsmarktregio-dashboard"]),
    ("region:drenthe markt", ["markt-voor-vakmensen", "arbeidsmarktregio-dashboard"]),
    ("organisatie:fnv", ["ontslagdatum-aanpak"]),
    ("titel:markt", ["markt-voor-vakmensen"]),
    ("doelgroep:statushouders", ["mkb-werkplekken"]),
    ("jaar:2022", ["markt-voor-vakmensen"]),
    ("jaar:[2022 TO 2023]", ["leven-lang-ontwikkelen-zorg", "markt-voor-vakmensen"]),
    ("regio:zuid-limburg", ["psychische-kwetsbaarheid-ips"]),
    ("regio:limburg", ["psychische-kwetsbaarheid-ips"]),         # the province
])
def test_field_syntax(ix, query, expected):  # noqa: F811
    assert slugs(ix.search(q=query)) == expected


def test_exclusion_and_operators(ix):  # noqa: F811
    with_uwv = set(slugs(ix.search(q="organisatie:uwv")))
    assert with_uwv == {"mobiliteitsteam-twente", "werkloosheidswet-jongeren", "psychische-kwetsbaarheid-ips"}
    assert set(slugs(ix.search(q="organisatie:uwv -jongeren"))) == with_uwv - {"werkloosheidswet-jongeren"}
    assert set(slugs(ix.search(q="organisatie:uwv NOT jongeren"))) == with_uwv - {"werkloosheidswet-jongeren"}
    assert set(slugs(ix.search(q="markt OR jongeren"))) >= {"markt-voor-vakmensen", "werkloosheidswet-jongeren"}
    assert slugs(ix.search(q="werkgevers AND vakmensen")) == ["markt-voor-vakmensen"]


def test_prefix_and_fuzzy(ix):  # noqa: F811
    assert "werkloosheidswet-jongeren" in slugs(ix.search(q="werkloos*"))
    assert "mobiliteitsteam-twente" in slugs(ix.search(q="mobiliteitstem~2"))


def test_hyphenated_words_are_not_exclusions(ix):  # noqa: F811
    assert "mkb-werkplekken" in slugs(ix.search(q="midden- en kleinbedrijf"))
    assert ix.search(q="re-integratie")["total"] >= 0


def test_facets_can_be_left_out(ix):  # noqa: F811
    result = ix.search(q="werk", facets=False)
    assert result["facets"] == {} and result["total"] >= 1
