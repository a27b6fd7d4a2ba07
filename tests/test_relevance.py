"""Relevance over the real seed content: Dutch queries whose answer a person would expect on top.

The content files are read with a small local loader (YAML front matter + markdown body, as
content/FORMAT.md describes); the index is built from them once for the module. Each case names
the initiative that must be among the first three results, and what the case exercises.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index import SearchIndex

CONTENT = Path(__file__).resolve().parent.parent / "content"
SKIP = {"FORMAT.md", "README.md"}


def load_content(directory: Path = CONTENT) -> list[dict]:
    records = []
    for number, path in enumerate(sorted(p for p in directory.glob("*.md") if p.name not in SKIP), start=1):
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
        head, body = text[3:].split("\n---", 1)
        meta = yaml.safe_load(head) or {}
        record = {k: (str(v) if k in ("period_start", "period_end", "evidence_rated_on") and v is not None else v)
                  for k, v in meta.items()}
        record.setdefault("description", body.split("\n", 1)[1] if "\n" in body else "")
        record.setdefault("slug", path.stem)
        record.update(id=number, revision=1, created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z")
        records.append(record)
    return records


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    records = load_content()
    if not records:
        pytest.skip("content/ holds no initiatives yet")
    index = SearchIndex(tmp_path_factory.mktemp("relevance") / "index")
    index.rebuild(records)
    yield index
    index.close()


CASES = [
    # (query, expected slug in the top 3, what it exercises)
    ("ontslag", "van-werk-naar-werk-noordoost-brabant-contractcatering", "compound: ontslagdatum"),
    ("catering", "van-werk-naar-werk-noordoost-brabant-contractcatering", "compound: contractcatering"),
    ("loopbaan", "werkenaanwerk-fnv-groningen", "compound: loopbaanadvies"),
    ("verzuim", "samen-beter-ziekteverzuim-gemeenten", "compound: ziekteverzuim"),
    ("regiomobiliteitsteam", "waaier-van-initiatieven-regionale-mobiliteitsteams", "compound split at query time"),
    ("werkervaringsplaatsen", "kansen-op-werk-psychische-kwetsbaarheid", "plural"),
    ("leerwerkloket", "leerwerkloketten-plus-pilot", "singular of leerwerkloketten"),
    ("mobiliteitsteams", "waaier-van-initiatieven-regionale-mobiliteitsteams", "plural"),
    ("verpleegkundige", "samen-beslissen-opleidingen-zorgprofessionals", "singular of verpleegkundigen"),
    ("RMT", "waaier-van-initiatieven-regionale-mobiliteitsteams", "abbreviation"),
    ("LLO", "evaluatie-leerwerkloketten", "abbreviation"),
    ("DI gemeenten", "duurzame-inzetbaarheid-gemeentelijke-sector", "abbreviation + word"),
    ("HRM", "werkenaanwerk-fnv-groningen", "abbreviation"),
    ("zzp", "waaier-van-initiatieven-regionale-mobiliteitsteams", "abbreviation for zelfstandigen"),
    ("mobiliteitstaem", "waaier-van-initiatieven-regionale-mobiliteitsteams", "typo"),
    ("leerwerklokettn", "leerwerkloketten-plus-pilot", "typo"),
    ("diversitiet", "charter-diversiteit-monitor-2020", "typo"),
    ("wat werkt voor mensen met psychische klachten", "kansen-op-werk-psychische-kwetsbaarheid", "question"),
    ("hoe voorkom je ziekteverzuim bij gemeenten", "samen-beter-ziekteverzuim-gemeenten", "question"),
    ("onafhankelijk advies voor wie zijn baan dreigt te verliezen", "werkenaanwerk-fnv-groningen", "question"),
    ("kwetsbare jongeren aan het werk", "platform-jongeren-en-werk", "several words"),
    ("personeelstekort bij woningcorporaties", "arbeidsmarktonderzoek-woningcorporaties-flow", "several words"),
    ("patient samen beslissen", "samen-beslissen-opleidingen-zorgprofessionals", "accent: patiënt"),
    ("charter diversiteit", "charter-diversiteit-monitor-2020", "title words"),
    ("regio:noordoost-brabant", "van-werk-naar-werk-noordoost-brabant-contractcatering", "field syntax"),
    ('"leven lang ontwikkelen"', "evaluatie-leerwerkloketten", "phrase"),
]


@pytest.mark.parametrize("query, slug, why", CASES, ids=[c[0] for c in CASES])
def test_expected_initiative_in_top_three(ix, query, slug, why):
    if not (CONTENT / f"{slug}.md").exists():
        pytest.skip(f"{slug}.md is not in content/")
    top = [r["slug"] for r in ix.search(q=query)["results"][:3]]
    assert slug in top, f"{query!r} ({why}): top 3 is {top}"


def test_every_content_file_is_found_by_its_own_title(ix):
    for record in load_content():
        top = [r["slug"] for r in ix.search(q=record["title"])["results"][:3]]
        assert record["slug"] in top, record["title"]
