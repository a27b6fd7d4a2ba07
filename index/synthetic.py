"""Synthetic initiative records for benchmarks and load tests (deterministic per seed).

Words follow a Zipf-like distribution over a Dutch labour-market vocabulary with compounds, so
posting lists, facet spreads and highlight work resemble the real corpus at any size.
"""
from __future__ import annotations

import bisect
import random
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

_BASE = """werk werkgever werkgevers werknemer werknemers werkzoekende werkzoekenden begeleiding begeleiden
begeleider jobcoach traject trajecten scholing omscholing opleiding opleidingen arbeidsmarkt arbeidsmarktregio
regio gemeente gemeenten samenwerking netwerk ervaring praktijk stage leerwerkplek leerwerkplekken baan banen
vacature vacatures sollicitatie sollicitatietraining uitkering bijstand participatiewet ontslag ontslagdatum
mobiliteitsteam loopbaan loopbaanadvies loopbaancoach coaching gesprek gesprekken ondersteuning aanpak resultaat
resultaten jongeren statushouders taal taalles taalcursus nederlands inburgering psychische klachten
kwetsbaarheid beperking arbeidsbeperking gezondheid verzuim zorg zorgsector techniek logistiek bouw onderwijs
mbo hbo roc school leerlingen studenten vakmanschap vaardigheden competenties talent talenten ontwikkeling
inzetbaarheid duurzame vitaliteit preventie motivatie vertrouwen persoonlijke aandacht maatwerk financiering
subsidie budget pilot project evaluatie onderzoek monitor doelgroep doelgroepen klantmanager casemanager
werkplein werkgeversservicepunt vakbond sectorfonds scholingsbudget omscholingstraject carrièreswitch
arbeidsmarktinformatie krapte tekort personeel instroom uitstroom doorstroom plaatsing plaatsingen
werkervaringsplaats proefplaatsing loonkostensubsidie jobcarving jobcreatie inclusie diversiteit
leeftijd vijftigplussers ouderen herintreders vrouwen mannen ondernemers zelfstandigen mkb bedrijven
bedrijfsleven sector sectoren regionale landelijke lokale wijk buurt dienstverlening klant klanten
intake screening assessment diagnose matching bemiddeling nazorg begeleidingstraject werkfit
digitale vaardigheden laaggeletterdheid rekenen schrijven lezen""".split()
_FILLER = "de het een en van voor met op in aan door bij naar om dat die is zijn werd worden".split()
_ORG_PARTS = ["Gemeente", "UWV", "Stichting", "ROC", "Werkbedrijf", "Leerwerkloket", "FNV", "CNV",
              "Hogeschool", "Sociaal Werkbedrijf", "Regio", "Provincie", "Werkgeversservicepunt"]
_PLACES = ["Groningen", "Zwolle", "Enschede", "Arnhem", "Nijmegen", "Utrecht", "Amersfoort", "Den Haag",
           "Rotterdam", "Dordrecht", "Breda", "Tilburg", "Eindhoven", "Helmond", "Venlo", "Roermond",
           "Maastricht", "Leeuwarden", "Assen", "Emmen", "Almere", "Lelystad", "Haarlem", "Alkmaar",
           "Zaandam", "Hilversum", "Leiden", "Gouda", "Delft", "Middelburg", "Apeldoorn", "Deventer"]
REGIONS = ["achterhoek", "amersfoort", "drechtsteden", "drenthe", "flevoland", "food-valley", "friesland",
           "gooi-en-vechtstreek", "gorinchem", "groningen", "groot-amsterdam", "haaglanden", "helmond-de-peel",
           "holland-rijnland", "midden-brabant", "midden-gelderland", "midden-holland", "midden-limburg",
           "midden-utrecht", "noord-holland-noord", "noord-limburg", "noordoost-brabant", "regio-zwolle",
           "rijk-van-nijmegen", "rijnmond", "rivierenland", "stedendriehoek-en-noordwest-veluwe", "twente",
           "west-brabant", "zaanstreek-waterland", "zeeland", "zuid-holland-centraal",
           "zuid-kennemerland-en-ijmond", "zuid-limburg", "zuidoost-brabant", "landelijk"]
TARGET_GROUPS = ["ontslag-bedreigd", "ww-gerechtigden", "bijstandsgerechtigden", "jongeren",
                 "psychische-kwetsbaarheid", "arbeidsbeperking", "vijftigplussers", "statushouders", "werkenden",
                 "werkgevers", "zelfstandigen", "laaggeletterden", "werknemers-publieke-sector", "professionals"]
THEMES = ["van-werk-naar-werk", "re-integratie", "scholing-llo", "duurzame-inzetbaarheid", "diversiteit-inclusie",
          "verzuim", "regionale-samenwerking", "loopbaanadvies", "werkgeversdienstverlening",
          "arbeidsmarktonderzoek", "jeugdwerkloosheid"]
EVIDENCE = ["praktijkvoorbeeld", "goed-beschreven", "goed-onderbouwd", "effectief-eerste", "effectief-goede",
            "effectief-sterke"]


class _Zipf:
    def __init__(self, items: list, rng: random.Random, s: float = 1.0):
        self.items = items
        self.rng = rng
        weights = [1.0 / (i + 1) ** s for i in range(len(items))]
        total = sum(weights)
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def pick(self):
        return self.items[min(bisect.bisect(self.cum, self.rng.random()), len(self.items) - 1)]


def records(n: int, seed: int = 7, start_id: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    vocab = list(_BASE)
    rng.shuffle(vocab)
    # compounds made of two base words, as Dutch does
    vocab += [a + b for a, b in ((rng.choice(_BASE), rng.choice(_BASE)) for _ in range(3000))
              if len(a) < 11 and len(b) < 11]
    words = _Zipf(vocab, rng, 0.9)
    orgs = _Zipf([f"{rng.choice(_ORG_PARTS)} {rng.choice(_PLACES)} {i}" for i in range(max(50, n // 5))], rng, 0.8)
    regions, tgs, themes = _Zipf(REGIONS, rng, 0.5), _Zipf(TARGET_GROUPS, rng, 0.6), _Zipf(THEMES, rng, 0.6)
    epoch = datetime(2024, 1, 1, tzinfo=timezone.utc)

    def sentence(k: int) -> str:
        out = []
        for _ in range(k):
            out.append(words.pick() if rng.random() < 0.7 else rng.choice(_FILLER))
        return " ".join(out).capitalize() + "."

    def text(sentences: int, length: int) -> str:
        return " ".join(sentence(rng.randint(length // 2, length)) for _ in range(sentences))

    for i in range(start_id, start_id + n):
        participants = rng.choice([None, rng.randint(5, 500)])
        placed = rng.randint(0, participants) if participants and rng.random() < 0.8 else None
        year = rng.randint(2008, 2025)
        created = epoch + timedelta(minutes=i)
        yield {
            "id": i,
            "revision": 1,
            "slug": f"initiatief-{i}",
            "title": sentence(rng.randint(4, 9)).rstrip("."),
            "summary": text(3, 16)[:480],
            "description": "\n\n".join(text(4, 18) for _ in range(rng.randint(2, 5))),
            "status": "published",
            "regions": sorted({regions.pick() for _ in range(rng.randint(1, 2))}),
            "municipalities": sorted({rng.choice(_PLACES) for _ in range(rng.randint(0, 2))}),
            "organisations": sorted({orgs.pick() for _ in range(rng.randint(1, 3))}),
            "target_groups": sorted({tgs.pick() for _ in range(rng.randint(1, 3))}),
            "themes": sorted({themes.pick() for _ in range(rng.randint(1, 3))}),
            "tags": sorted({words.pick() for _ in range(rng.randint(0, 3))}),
            "approach": text(2, 14),
            "success_factors": [{"text": sentence(rng.randint(6, 14)), "category": None}
                                for _ in range(rng.randint(1, 4))],
            "failures": [{"text": sentence(rng.randint(6, 14)), "category": None} for _ in range(rng.randint(0, 3))],
            "preconditions": text(1, 14),
            "context": text(1, 14),
            "period_start": f"{year}-{rng.randint(1, 12):02d}",
            "period_end": str(year + rng.randint(0, 3)),
            "participants": participants,
            "placed": placed,
            "placed_within_months": rng.choice([None, 3, 6, 12]) if placed is not None else None,
            "outcome_note": "",
            "cost_eur": None,
            "cost_note": "",
            "evidence_level": rng.choice(EVIDENCE),
            "evidence_rated_on": None,
            "sources": [{"title": sentence(5), "url": f"https://example.org/{i}"}],
            "contact_organisation": "",
            "contact_url": "",
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "updated_at": created.isoformat().replace("+00:00", "Z"),
        }
