"""Counts across published initiatives (kb.insights), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from helpers import minimal

from kb import insights, services


def _add(engine, slug, **fields):
    return services.create(minimal(slug=slug, title=f"Initiatief {slug}", **fields), author="test", engine=engine)


def sf(category, text=None):
    return {"text": text or f"Factor {category}", "category": category}


@pytest.fixture
def corpus(engine):
    """Six published initiatives, one draft, one national; outcome shares 0.2, 0.5, 0.7, 0.9 and two without."""
    _add(engine, "twente-a", regions=["twente"], themes=["van-werk-naar-werk"], target_groups=["ontslag-bedreigd"],
         participants=10, placed=2,
         success_factors=[sf("persoonlijke-begeleiding"), sf("persoonlijke-begeleiding", "Nog een begeleider")],
         failures=[sf("bereik-bekendheid")])
    _add(engine, "twente-b", regions=["twente", "achterhoek"], themes=["re-integratie"],
         target_groups=["bijstandsgerechtigden", "jongeren"], participants=10, placed=5,
         success_factors=[sf("werkgeversbetrokkenheid"), {"text": "Korte lijnen"}],
         failures=[sf("capaciteit-financiering")])
    _add(engine, "groningen-a", regions=["groningen"], themes=["van-werk-naar-werk", "loopbaanadvies"],
         target_groups=["ww-gerechtigden"], participants=30, placed=21,
         success_factors=[sf("persoonlijke-begeleiding"), sf("samenwerking")],
         failures=[sf("bereik-bekendheid")])
    _add(engine, "zeeland-a", regions=["zeeland"], themes=["re-integratie"], target_groups=["ontslag-bedreigd"],
         participants=10, placed=9, success_factors=[sf("persoonlijke-begeleiding")])
    _add(engine, "zeeland-b", regions=["zeeland"], themes=["scholing-llo"], target_groups=["jongeren"],
         success_factors=[sf("scholing")])
    _add(engine, "heel-nederland", regions=["landelijk"], themes=["van-werk-naar-werk"],
         target_groups=["ontslag-bedreigd"], participants=0, placed=0,
         success_factors=[sf("persoonlijke-begeleiding"), sf("landelijke-regie")])
    _add(engine, "concept-twente", regions=["twente"], status="draft", themes=["van-werk-naar-werk"],
         target_groups=["ontslag-bedreigd"], participants=10, placed=10,
         success_factors=[sf("persoonlijke-begeleiding")], failures=[sf("bereik-bekendheid")])
    return engine


def test_region_counts_cover_every_region_and_count_published_only(corpus):
    counts = insights.region_counts(engine=corpus)
    assert len(counts) == 36 and set(counts) >= {"twente", "groningen", "landelijk", "friesland"}
    assert counts["twente"] == 2  # the draft does not count
    assert counts["achterhoek"] == 1 and counts["groningen"] == 1 and counts["zeeland"] == 2
    assert counts["landelijk"] == 1 and counts["friesland"] == 0
    assert sum(counts.values()) == 7  # twente-b counts in two regions


def test_region_counts_filters_or_within_and_across(corpus):
    by_theme = insights.region_counts(theme=["van-werk-naar-werk"], engine=corpus)
    assert by_theme["twente"] == 1 and by_theme["groningen"] == 1 and by_theme["zeeland"] == 0
    either = insights.region_counts(theme=["van-werk-naar-werk", "re-integratie"], engine=corpus)
    assert either["twente"] == 2 and either["zeeland"] == 1 and either["achterhoek"] == 1
    both = insights.region_counts(theme=["van-werk-naar-werk", "re-integratie"], target_group=["ontslag-bedreigd"],
                                  engine=corpus)
    assert both["twente"] == 1 and both["zeeland"] == 1 and both["achterhoek"] == 0 and both["landelijk"] == 1
    assert insights.region_counts(theme=[], target_group=None, engine=corpus) == insights.region_counts(engine=corpus)
    assert sum(insights.region_counts(target_group=["statushouders"], engine=corpus).values()) == 0


def test_region_profile_lists_initiatives_and_what_they_share(corpus):
    p = insights.region_profile("twente", engine=corpus)
    assert [i["slug"] for i in p["initiatives"]] == ["twente-a", "twente-b"]
    assert set(p["initiatives"][0]) == {"slug", "title", "summary"}
    assert p["target_groups"] == {"bijstandsgerechtigden": 1, "jongeren": 1, "ontslag-bedreigd": 1}
    assert p["themes"] == {"re-integratie": 1, "van-werk-naar-werk": 1}
    # a category counts once per initiative; a factor without category is counted by its text
    assert ("persoonlijke-begeleiding", 1) in p["top_success_factors"]
    assert ("Korte lijnen", 1) in p["top_success_factors"]
    assert sorted(p["top_failures"]) == [("bereik-bekendheid", 1), ("capaciteit-financiering", 1)]
    assert p["national_count"] == 1


def test_region_profile_keeps_national_initiatives_apart(corpus):
    zeeland = insights.region_profile("zeeland", engine=corpus)
    assert "heel-nederland" not in [i["slug"] for i in zeeland["initiatives"]]
    assert zeeland["national_count"] == 1
    assert zeeland["top_success_factors"][0] == ("persoonlijke-begeleiding", 1)
    national = insights.region_profile("landelijk", engine=corpus)
    assert [i["slug"] for i in national["initiatives"]] == ["heel-nederland"]
    assert national["national_count"] == 0


def test_region_profile_of_an_empty_region(corpus):
    p = insights.region_profile("friesland", engine=corpus)
    assert p["initiatives"] == [] and p["themes"] == {} and p["top_success_factors"] == [] and p["top_failures"] == []


def test_region_profile_orders_factors_by_frequency(engine):
    for n in range(3):
        _add(engine, f"rijnmond-{n}", regions=["rijnmond"],
             success_factors=[sf("samenwerking")] + ([sf("scholing")] if n else []))
    p = insights.region_profile("rijnmond", top=1, engine=engine)
    assert p["top_success_factors"] == [("samenwerking", 3)]


def test_factor_frequencies_count_initiatives_and_regions(corpus):
    success = insights.factor_frequencies("success", engine=corpus)
    assert success[0] == ("persoonlijke-begeleiding", 4, 3)  # twente-a, groningen-a, zeeland-a, national
    as_dict = {c: (n_i, n_r) for c, n_i, n_r in success}
    assert as_dict["werkgeversbetrokkenheid"] == (1, 2)  # twente-b lies in two regions
    assert as_dict["landelijke-regie"] == (1, 0)  # national: an initiative, but no region
    assert "Korte lijnen" not in as_dict and None not in as_dict
    failures = insights.factor_frequencies("failure", engine=corpus)
    assert failures[0] == ("bereik-bekendheid", 2, 2)  # the draft in Twente does not count
    counts = [n for _, n, _ in success]
    assert counts == sorted(counts, reverse=True)


def test_factor_frequencies_refuses_an_unknown_kind(engine):
    with pytest.raises(ValueError):
        insights.factor_frequencies("lesson", engine=engine)


def test_factor_split_by_outcome_uses_the_median_share(corpus):
    split = insights.factor_split_by_outcome("success", engine=corpus)
    # shares 0.2, 0.5, 0.7, 0.9 (participants 0 and no figures are left out): median 0.6
    assert split["median"] == pytest.approx(0.6)
    assert (split["n_above"], split["n_below"]) == (2, 2)
    assert split["n_without_outcome"] == 2
    cats = split["categories"]
    assert cats["persoonlijke-begeleiding"] == (2, 1)  # groningen 0.7, zeeland 0.9 above; twente-a 0.2 below
    assert cats["werkgeversbetrokkenheid"] == (0, 1)
    assert cats["samenwerking"] == (1, 0)
    assert "scholing" not in cats and "landelijke-regie" not in cats
    assert list(cats)[0] == "persoonlijke-begeleiding"
    failures = insights.factor_split_by_outcome("failure", engine=corpus)
    assert failures["categories"] == {"bereik-bekendheid": (1, 1), "capaciteit-financiering": (0, 1)}


def test_factor_split_puts_ties_at_the_median_below(engine):
    for n, placed in enumerate([5, 5, 5, 8]):
        _add(engine, f"gelijk-{n}", participants=10, placed=placed, success_factors=[sf("samenwerking")])
    split = insights.factor_split_by_outcome("success", engine=engine)
    assert split["median"] == pytest.approx(0.5)
    assert (split["n_above"], split["n_below"]) == (1, 3)
    assert split["categories"] == {"samenwerking": (1, 3)}


def test_factor_split_without_outcomes(engine):
    _add(engine, "zonder-cijfers", success_factors=[sf("samenwerking")])
    split = insights.factor_split_by_outcome("success", engine=engine)
    assert split == {"median": None, "n_above": 0, "n_below": 0, "n_without_outcome": 1, "categories": {}}


def test_unpublishing_removes_an_initiative_from_every_count(corpus):
    rec = services.get("groningen-a", engine=corpus)
    body = {k: rec[k] for k in ("title", "slug", "summary", "regions", "themes", "target_groups", "participants",
                                "placed", "success_factors", "failures")}
    services.update("groningen-a", {**body, "status": "archived"}, expected_revision=1, author="t", engine=corpus)
    assert insights.region_counts(engine=corpus)["groningen"] == 0
    assert "samenwerking" not in {c for c, _, _ in insights.factor_frequencies("success", engine=corpus)}
    assert insights.region_profile("groningen", engine=corpus)["initiatives"] == []


def test_published_titles_are_sorted_by_title_and_leave_drafts_out(corpus):
    titles = insights.published_titles(engine=corpus)
    assert [slug for slug, _ in titles] == sorted([slug for slug, _ in titles], key=lambda s: f"initiatief {s}")
    assert "concept-twente" not in dict(titles) and len(titles) == 6


def test_overlapping_ranks_shared_target_groups_above_shared_themes(corpus):
    # twente-a: ontslag-bedreigd + van-werk-naar-werk. zeeland-a and heel-nederland share the target group (2);
    # heel-nederland and groningen-a share the theme (1); the draft shares both but is not published.
    found = insights.overlapping("twente-a", engine=corpus)
    assert [f["slug"] for f in found] == ["heel-nederland", "zeeland-a", "groningen-a"]
    assert [f["score"] for f in found] == [3, 2, 1]
    assert insights.overlapping("twente-a", limit=1, engine=corpus)[0]["title"] == "Initiatief heel-nederland"
    assert insights.overlapping("bestaat-niet", engine=corpus) == []
