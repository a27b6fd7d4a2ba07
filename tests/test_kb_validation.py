"""Validation and vocabularies: every problem named by field, in Dutch (and English)."""
from __future__ import annotations

import pytest
from helpers import minimal

from kb import vocab
from kb.validation import ValidationFailed, safe_url, slugify, validate


@pytest.fixture
def vocabs(sqlite_engine):
    return vocab.load(sqlite_engine)


def test_vocabularies_hold_35_regions_plus_landelijk(vocabs):
    regions = vocabs.codes("region")
    assert len(regions) == 36 and "landelijk" in regions and "twente" in regions
    assert vocabs.extra("region", "twente") == {"province": "Overijssel"}
    assert vocabs.label("region", "zaanstreek-waterland") == "Zaanstreek/Waterland"
    assert len(vocabs.codes("evidence")) == 6
    assert vocabs.label("evidence", "effectief-sterke") == "Effectief – sterke aanwijzingen"
    for code in ("ontslag-bedreigd", "ww-gerechtigden", "bijstandsgerechtigden", "jongeren",
                 "psychische-kwetsbaarheid", "arbeidsbeperking", "vijftigplussers", "statushouders"):
        assert code in vocabs.codes("target_group")


def test_vocabulary_is_extendable_without_code(sqlite_engine, tmp_path):
    src = vocab.VOCAB_DIR
    for name in vocab.FILES.values():
        (tmp_path / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "themes.csv", "a", encoding="utf-8") as fh:
        fh.write("techniek,Techniek en ICT,Engineering and IT\n")
    vocab.sync_from_files(sqlite_engine, tmp_path)
    vocabs = vocab.load(sqlite_engine)
    assert vocabs.normalize("theme", "Techniek en ICT") == "techniek"
    data = validate(minimal(themes=["techniek"]), vocabs)
    assert data.themes == ["techniek"]


def test_normalize_accepts_codes_and_labels_in_any_case(vocabs):
    assert vocabs.normalize("region", "TWENTE") == "twente"
    assert vocabs.normalize("target_group", "WW-gerechtigden") == "ww-gerechtigden"
    assert vocabs.normalize("region", "Atlantis") is None


def test_valid_minimal_and_slug_from_title(vocabs):
    data = validate({k: v for k, v in minimal().items() if k != "slug"}, vocabs)
    assert data.slug == "proef-van-werk-naar-werk"
    assert slugify("Één  Kansen op werk!") == "een-kansen-op-werk"


@pytest.mark.parametrize("field, value, expected", [
    ("title", "", "Vul een titel in van minstens 5 tekens"),
    ("title", "abc", "Vul een titel in van minstens 5 tekens"),
    ("title", "x" * 201, "hoogstens 200 tekens"),
    ("summary", "s" * 501, "Samenvatting mag hoogstens 500 tekens"),
    ("summary", "kort", "minstens 20 tekens"),
    ("slug", "Met Spaties", "kleine letters, cijfers en streepjes"),
    ("regions", [], "Kies minstens één waarde bij regio's"),
    ("regions", ["Atlantis"], "'Atlantis' is geen bekende keuze voor regio's"),
    ("target_groups", ["marsmannetjes"], "geen bekende keuze voor doelgroepen"),
    ("participants", "veel", "Aantal deelnemers moet een heel getal zijn"),
    ("participants", -1, "heel getal"),
    ("period_start", "juli 2020", "jaar, jaar-maand of datum"),
    ("period_start", "2020-13", "jaar, jaar-maand of datum"),
    ("evidence_level", "heel goed", "geen bekende keuze voor bewijsniveau"),
    ("evidence_rated_on", "gisteren", "moet een datum zijn"),
    ("evidence_rated_on", "2999-01-01", "in de toekomst"),
    ("contact_url", "javascript:alert(1)", "webadres"),
    ("title", "Titel met \x00 nul", "stuurtekens"),
    ("status", "geheim", "geen geldige status"),
    ("success_factors", "geen lijst", "moet een lijst zijn"),
    ("success_factors", [{"text": "", "category": "samenwerking"}], "heeft tekst nodig"),
    ("success_factors", [{"text": "Goed", "category": "onzin"}], "geen bekende keuze voor succesfactoren"),
])
def test_each_problem_is_named_at_its_field_in_dutch(vocabs, field, value, expected):
    with pytest.raises(ValidationFailed) as err:
        validate(minimal(**{field: value}), vocabs)
    assert expected in err.value.messages()[field]


def test_all_problems_reported_at_once_and_in_english(vocabs):
    with pytest.raises(ValidationFailed) as err:
        validate({"title": "", "summary": "", "regions": ["x"]}, vocabs)
    assert {"title", "summary", "regions"} <= set(err.value.messages())
    assert err.value.messages("en")["title"] == "The title needs at least 5 characters."


def test_placed_cannot_exceed_participants(vocabs):
    with pytest.raises(ValidationFailed) as err:
        validate(minimal(participants=10, placed=11), vocabs)
    assert "kan niet groter zijn" in err.value.messages()["placed"]


def test_end_before_start(vocabs):
    with pytest.raises(ValidationFailed) as err:
        validate(minimal(period_start="2021-05", period_end="2020"), vocabs)
    assert "vóór de startdatum" in err.value.messages()["period_end"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example",
                                 "https://", "http://localhost", "https://ex ample.org", "ftp://example.org"])
def test_unsafe_source_urls_are_refused(vocabs, url):
    assert not safe_url(url)
    with pytest.raises(ValidationFailed) as err:
        validate(minimal(sources=[{"title": "Bron", "url": url}]), vocabs)
    assert "sources" in err.value.messages()


def test_lists_are_trimmed_and_deduplicated(vocabs):
    data = validate(minimal(organisations=[" UWV ", "UWV", "", "FNV"], municipalities="Oss; Uden\nOss"), vocabs)
    assert data.organisations == ["UWV", "FNV"]
    assert data.municipalities == ["Oss", "Uden"]


def test_numbers_from_form_strings(vocabs):
    data = validate(minimal(participants="1.234", placed=" 20 ", cost_eur=""), vocabs)
    assert (data.participants, data.placed, data.cost_eur) == (1234, 20, None)
