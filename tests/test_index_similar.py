"""Similar initiatives and duplicate warnings."""
from __future__ import annotations

from index import duplicates, similar
from test_index_helpers import build, ix, rec  # noqa: F401  (ix is a fixture)


def test_similar_prefers_shared_target_groups_themes_and_words(tmp_path):
    index = build(tmp_path / "ix", [
        rec(1, "bron", "Jongeren naar werk in de zorg", "Jongeren zonder startkwalificatie krijgen een baan in de zorg.",
            target_groups=["jongeren"], themes=["jeugdwerkloosheid"], regions=["twente"]),
        rec(2, "tweeling", "Jongeren aan de slag in de zorg", "Jongeren zonder diploma vinden een baan in de zorg.",
            target_groups=["jongeren"], themes=["jeugdwerkloosheid"], regions=["drenthe"]),
        rec(3, "zelfde-doelgroep", "Sportclubs helpen jongeren", "Sportverenigingen bieden stages.",
            target_groups=["jongeren"], themes=["jeugdwerkloosheid"], regions=["zeeland"]),
        rec(4, "alleen-woorden", "Baan in de zorg voor zij-instromers", "Zij-instromers krijgen een baan in de zorg.",
            target_groups=["werkenden"], themes=["scholing-llo"], regions=["zeeland"]),
        rec(5, "niets-gemeen", "Dashboard arbeidsmarkt", "Cijfers voor beleidsmakers.",
            target_groups=["professionals"], themes=["arbeidsmarktonderzoek"], regions=["zeeland"]),
    ])
    result = similar(index, "bron", limit=5)
    order = [r["slug"] for r in result]
    assert order == ["tweeling", "zelfde-doelgroep", "alleen-woorden"]
    assert all(0 < r["score"] <= 1 for r in result)
    assert result == sorted(result, key=lambda r: -r["score"])
    index.close()


def test_similar_unknown_slug_is_none(ix):  # noqa: F811
    assert similar(ix, "bestaat-niet") is None


def test_similar_respects_the_limit(ix):  # noqa: F811
    assert len(similar(ix, "mobiliteitsteam-twente", limit=2)) <= 2


def test_duplicates_scores_a_near_copy_high(ix):  # noqa: F811
    result = duplicates(ix, "Regionaal mobiliteitsteam in Twente",
                        "Het regionale mobiliteitsteam begeleidt werkzoekenden naar nieuw werk.")
    assert result[0]["slug"] == "mobiliteitsteam-twente"
    assert result[0]["score"] >= 0.7
    assert all(0 <= r["score"] <= 1 for r in result)


def test_duplicates_scores_an_unrelated_text_low(ix):  # noqa: F811
    result = duplicates(ix, "Fietsenmakers zoeken leerlingen", "Een opleiding tot fietstechnicus in Zeeland.")
    assert not result or result[0]["score"] < 0.3


def test_duplicates_identical_title_is_at_least_ninety_percent(ix):  # noqa: F811
    result = duplicates(ix, "Werkplekken in het midden- en kleinbedrijf", "Iets heel anders.")
    assert result[0]["slug"] == "mkb-werkplekken" and result[0]["score"] >= 0.9


def test_duplicates_can_leave_out_the_record_being_edited(ix):  # noqa: F811
    result = ix.duplicates("Werkplekken in het midden- en kleinbedrijf", "", exclude_slug="mkb-werkplekken")
    assert "mkb-werkplekken" not in [r["slug"] for r in result]


def test_duplicates_of_nothing(ix):  # noqa: F811
    assert duplicates(ix, "", "") == []
    assert duplicates(ix, "de het een", "") == []
