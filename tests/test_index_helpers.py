"""A small Dutch corpus and index builders shared by the tests of the search index (test_index_*).

Each record is made to test one thing: a compound only inside a longer word, an abbreviation only
written out, an accent, a plural, an outcome or none. Real Whoosh indexes on disk, no mocks.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from index import SearchIndex

BASE = {
    "status": "published",
    "regions": ["twente"],
    "municipalities": [],
    "organisations": [],
    "target_groups": [],
    "themes": [],
    "tags": [],
    "description": "",
    "approach": "",
    "success_factors": [],
    "failures": [],
    "preconditions": "",
    "context": "",
    "period_start": None,
    "period_end": None,
    "participants": None,
    "placed": None,
    "placed_within_months": None,
    "outcome_note": "",
    "cost_eur": None,
    "cost_note": "",
    "evidence_level": "praktijkvoorbeeld",
    "evidence_rated_on": None,
    "sources": [],
    "contact_organisation": "",
    "contact_url": "",
    "revision": 1,
}


def rec(id: int, slug: str, title: str, summary: str, day: int = 1, **fields) -> dict:
    data = dict(BASE)
    data.update(id=id, slug=slug, title=title, summary=summary,
                created_at=f"2024-01-{day:02d}T10:00:00Z", updated_at=f"2024-01-{day:02d}T10:00:00Z")
    data.update(fields)
    return data


def corpus() -> list[dict]:
    return [
        rec(1, "mobiliteitsteam-twente", "Regionaal mobiliteitsteam Twente",
            "Het regionaal mobiliteitsteam begeleidt werkzoekenden en werknemers met ontslag in zicht naar nieuw werk.",
            day=1, regions=["twente"], target_groups=["ww-gerechtigden", "ontslag-bedreigd"],
            themes=["van-werk-naar-werk"], organisations=["UWV", "Gemeente Enschede"], participants=200, placed=120,
            placed_within_months=6, period_start="2021-03",
            success_factors=[{"text": "Snelle persoonlijke begeleiding door één vaste coach.", "category": None}],
            description="Het team werkt met werkgevers in de hele regio."),
        rec(2, "ontslagdatum-aanpak", "Begeleiding voor de opzegtermijn",
            "Werknemers krijgen hulp zodra hun opzegging bekend is.",
            day=2, regions=["groningen"], target_groups=["ontslag-bedreigd"], themes=["van-werk-naar-werk"],
            organisations=["FNV"], participants=30, placed=21, period_start="2020-07",
            description="Ruim voor de ontslagdatum start een traject met een loopbaanadviseur."),
        rec(3, "arbeidsmarktregio-dashboard", "Dashboard voor de regio",
            "Cijfers over vraag en aanbod helpen gemeenten kiezen.",
            day=3, regions=["drenthe"], themes=["arbeidsmarktonderzoek"], target_groups=["professionals"],
            organisations=["Gemeente Assen"], period_start="2019",
            description="Elke arbeidsmarktregio krijgt een eigen overzicht van tekorten."),
        rec(4, "markt-voor-vakmensen", "Markt voor vakmensen",
            "Een jaarlijkse markt brengt werkgevers en vakmensen samen.",
            day=4, regions=["drenthe"], themes=["werkgeversdienstverlening"], target_groups=["werkgevers"],
            organisations=["Gemeente Assen", "ROC Drenthe College"], participants=50, placed=10, period_start="2022"),
        rec(5, "leven-lang-ontwikkelen-zorg", "Scholing in de zorg",
            "Zorgmedewerkers volgen modules in het kader van leven lang ontwikkelen.",
            day=5, regions=["rijnmond"], themes=["scholing-llo"], target_groups=["werkenden"],
            organisations=["ROC Albeda"], participants=80, placed=80, period_start="2023-01",
            description="De coördinatie ligt bij het ROC; deelnemers behouden hun baan."),
        rec(6, "werkloosheidswet-jongeren", "Jongeren uit de werkloosheidswet aan de slag",
            "Jongeren met een uitkering op grond van de werkloosheidswet krijgen een werkervaringsplaats.",
            day=6, regions=["rijnmond", "twente"], target_groups=["jongeren", "ww-gerechtigden"],
            themes=["jeugdwerkloosheid", "re-integratie"], organisations=["UWV"], participants=40, placed=12,
            period_start="2018-05"),
        rec(7, "mkb-werkplekken", "Werkplekken in het midden- en kleinbedrijf",
            "Kleine ondernemers bieden leerwerkplekken aan statushouders.",
            day=7, regions=["groningen"], target_groups=["statushouders"], themes=["diversiteit-inclusie"],
            organisations=["MKB Noord"], period_start="2021"),
        rec(8, "psychische-kwetsbaarheid-ips", "Werk als medicijn",
            "Mensen met psychische klachten vinden betaald werk met individuele plaatsing en steun.",
            day=8, regions=["zuid-limburg"], target_groups=["psychische-kwetsbaarheid"], themes=["re-integratie"],
            organisations=["Mondriaan", "UWV"], participants=60, placed=27, period_start="2017",
            description="Een trajectbegeleider en een ervaringsdeskundige begeleiden de deelnemers."),
        rec(9, "concept-niet-zichtbaar", "Mobiliteitsteam in voorbereiding",
            "Dit concept is nog niet gepubliceerd.", day=9, status="draft"),
        rec(10, "html-in-tekst", "Veilig <b>weergeven</b> van tekst",
            "Een samenvatting met <script>alert('x')</script> & andere tekens over begeleiding.",
            day=10, regions=["landelijk"], themes=["loopbaanadvies"]),
    ]


def build(path: Path, records=None) -> SearchIndex:
    """A SearchIndex in `path` holding the published records of `records` (default: corpus())."""
    ix = SearchIndex(path)
    ix.rebuild(records if records is not None else corpus())
    return ix


def slugs(result: dict) -> list[str]:
    return [r["slug"] for r in result["results"]]


@pytest.fixture
def ix(tmp_path):
    index = build(tmp_path / "index")
    yield index
    index.close()


def test_corpus_builds(ix):
    assert ix.count() == 9  # the draft is left out
