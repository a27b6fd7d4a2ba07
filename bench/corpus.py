"""A synthetic but realistic Dutch corpus of labour-market initiatives, at any size, from a seed.

Why synthetic: the real knowledge base holds tens of initiatives, the benchmarks need 1,000 to 100,000.
Why "realistic": search speed depends on the shape of the text, not on its truth. So the words follow a
Zipf-like law (a few very frequent function words, a long tail of rare compounds, as real Dutch does),
the domain vocabulary and its compounds are those of this field (werkervaringsplaats, arbeidsmarktregio,
loopbaanadvies, ...), every field of an initiative is filled, and the controlled values come from
`kb/vocabularies/*.csv` so the records pass kb validation like real ones.

Record `i` depends only on (seed, i): the 1,000 corpus is a prefix of the 10,000 one, and a record can be
regenerated on its own. Slugs end in the record number, so they are unique by construction.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date
from functools import lru_cache
from itertools import accumulate
from typing import Any, Iterator

from kb.validation import slugify
from kb.vocab import read_files

CORPUS_VERSION = 2  # bump when the output changes, so cached databases are rebuilt
DEFAULT_SEED = 20240601
TODAY_CAP = date(2025, 6, 30)  # evidence_rated_on must not lie in the future

# --- vocabulary -------------------------------------------------------------------------------------

FUNCTION_WORDS = (
    "de en van het een in voor met op te is die dat aan door bij om naar zijn ook als er worden wordt of "
    "niet tot uit deze meer over heeft hebben zo nog kan na dan al wel onder samen hun hij zij we ze wij"
).split()

GENERAL_WORDS = (
    "deelnemers ondersteuning vinden krijgen maken goed nieuwe eerste mensen jaar werk tijd vaak direct "
    "samenwerking gemeente gemeenten partijen afspraken resultaat resultaten doel doelen ervaring kansen "
    "stap stappen gesprek gesprekken vragen praktijk aanpak project pilot proef regio landelijk lokaal "
    "begeleider begeleiders werkgever werkgevers werknemer werknemers uitkering kandidaat kandidaten "
    "vacature vacatures functie functies sector sectoren bedrijf bedrijven organisatie organisaties "
    "opleiding opleidingen cursus training diploma certificaat vakmanschap vaardigheden talent talenten "
    "motivatie zelfvertrouwen netwerk netwerken contact contacten afstand drempel drempels maatwerk "
    "persoonlijk intensief snel langdurig duurzaam structureel tijdelijk financiering subsidie budget "
    "evaluatie onderzoek monitor cijfers uitstroom instroom doorstroom behoud plaatsing plaatsingen "
    "bemiddeling matching match vervolg nazorg terugval uitval succes lessen knelpunten ervaringen "
    "wethouder bestuur beleid uitvoering professionals klantmanagers consulenten casemanagers "
    "taal digitaal vaardig zelfstandig sterk kwetsbaar jong oud ouder oudere jongere zorgen helpen "
    "leren werken zoeken kiezen starten stoppen groeien bieden delen brengen houden gaan komen zien "
    "belangrijk mogelijk nodig extra beter groot klein hele gezamenlijk regionaal passend betaald "
    "onbetaald vrijwillig verplicht gericht tevreden positief kritisch open eerlijk helder concreet"
).split()

DOMAIN_WORDS = (
    "werkzoekenden re-integratie begeleiding arbeidsmarktregio mobiliteitsteam ontslagdatum "
    "werkervaringsplaats werkervaringsplaatsen leerwerkloket scholing bijstand WW UWV MKB jobcoach "
    "jobcoaches participatiewet loonkostensubsidie proefplaatsing banenafspraak praktijkleren sectorplan "
    "omscholing bijscholing vakbond loopbaanadvies loopbaanadviseur casemanager klantmanager "
    "ervaringsdeskundige ervaringsdeskundigen statushouders inburgering taalcoach werkgeversservicepunt "
    "arbeidsmarkt arbeidsbeperking doelgroepregister beschut werkfit werkcoach mbo hbo bbl bol "
    "leerbaan leerbanen zij-instromers zij-instroom vakopleiding ontslag boventallig boventalligen "
    "outplacement transitievergoeding ww-uitkering bijstandsuitkering uitkeringsgerechtigden "
    "nuggers herintreders vijftigplussers laaggeletterdheid basisvaardigheden taalniveau "
    "werkgeversdienstverlening matchmaker accountmanager sroi social return inclusief inclusieve "
    "banenplan werkleerbedrijf sociale werkvoorziening sw-bedrijf detachering jobcarving jobcrafting "
    "verzuim duurzame inzetbaarheid ontwikkeladvies stap-budget loopbaancheck talentenscan "
    "competentietest ervaringscertificaat evc praktijkverklaring mkb-werkgevers uitzendbureau "
    "uitzendbureaus vakkrachten personeelstekort krapte tekortsectoren zorg techniek logistiek bouw"
).split()

PREFIXES = (
    "arbeids werk loopbaan leer baan personeels bijstands opleidings ontwikkel talent vakkrachten zorg "
    "techniek scholings mobiliteits re-integratie werkgevers werknemers praktijk taal ervarings "
    "begeleidings participatie inburgerings loonkosten ontslag jongeren sector instroom uitstroom wijk "
    "netwerk vaardigheden transitie omscholings matchings banen stage competentie job"
).split()
MIDDLES = "markt ervarings werk service zoek advies ontwikkel leer begeleidings scholings plaatsings fit".split()
HEADS = (
    "regio plaats loket team traject punt budget check programma coach advies centrum aanpak subsidie "
    "akkoord plan gesprek route tafel fonds netwerk pool portaal dag week beurs scan training cursus "
    "begeleiding bemiddeling garantie afspraak datum kansen vraag aanbod onderzoek informatie ruimte "
    "bedrijf school kaart test monitor"
).split()

# Compounds the templates rely on (they must exist whatever the sampling does).
KEY_COMPOUNDS = [
    "werkervaringsplaats", "arbeidsmarktregio", "loopbaanadvies", "leerwerkloket", "mobiliteitsteam",
    "werkgeversservicepunt", "re-integratietraject", "ontwikkeladvies", "leerwerktraject", "werkfitprogramma",
    "scholingsbudget", "talentenscan", "baangarantie", "loopbaancoach", "taaltraining", "praktijkroute",
    "matchingsgesprek", "banenbeurs", "werkgeversnetwerk", "ontslagdatum", "transitieplan",
]


@lru_cache(maxsize=1)
def zipf_vocabulary() -> tuple[list[str], list[float]]:
    """Words and cumulative weights: function words ranked first, then field words, then compounds.

    Weights follow Zipf–Mandelbrot, 1 / (rank + 2.7)^1.1: frequent words dominate the text as in real
    Dutch, and thousands of compounds make a long tail that gives the index realistic term counts.
    """
    rng = random.Random(12345)  # the vocabulary is fixed; only the records depend on the seed
    compounds = {p + h for p in PREFIXES for h in HEADS}
    three = [p + m + h for p in PREFIXES for m in MIDDLES for h in HEADS]
    compounds.update(rng.sample(three, 4000))
    compounds.difference_update(KEY_COMPOUNDS)
    middle = GENERAL_WORDS + DOMAIN_WORDS + KEY_COMPOUNDS
    rng.shuffle(middle)
    tail = sorted(compounds)
    rng.shuffle(tail)
    words = FUNCTION_WORDS + middle + tail
    weights = [1.0 / (rank + 2.7) ** 1.1 for rank in range(len(words))]
    return words, list(accumulate(weights))


# --- places, organisations and labels -------------------------------------------------------------

MUNICIPALITIES = {
    "achterhoek": ["Doetinchem", "Winterswijk", "Oost Gelre", "Aalten"],
    "amersfoort": ["Amersfoort", "Leusden", "Nijkerk", "Soest"],
    "drechtsteden": ["Dordrecht", "Zwijndrecht", "Papendrecht", "Sliedrecht"],
    "drenthe": ["Assen", "Emmen", "Hoogeveen", "Meppel"],
    "flevoland": ["Almere", "Lelystad", "Dronten"],
    "food-valley": ["Ede", "Wageningen", "Barneveld", "Veenendaal"],
    "friesland": ["Leeuwarden", "Súdwest-Fryslân", "Heerenveen", "Smallingerland"],
    "gooi-en-vechtstreek": ["Hilversum", "Huizen", "Gooise Meren", "Wijdemeren"],
    "gorinchem": ["Gorinchem", "Molenlanden", "Vijfheerenlanden"],
    "groningen": ["Groningen", "Midden-Groningen", "Eemsdelta", "Westerkwartier"],
    "groot-amsterdam": ["Amsterdam", "Amstelveen", "Diemen", "Haarlemmermeer"],
    "haaglanden": ["Den Haag", "Delft", "Zoetermeer", "Westland", "Rijswijk"],
    "helmond-de-peel": ["Helmond", "Deurne", "Gemert-Bakel", "Someren"],
    "holland-rijnland": ["Leiden", "Katwijk", "Alphen aan den Rijn", "Teylingen"],
    "midden-brabant": ["Tilburg", "Waalwijk", "Oisterwijk", "Dongen"],
    "midden-gelderland": ["Arnhem", "Renkum", "Overbetuwe", "Zevenaar"],
    "midden-holland": ["Gouda", "Waddinxveen", "Bodegraven-Reeuwijk", "Zuidplas"],
    "midden-limburg": ["Roermond", "Weert", "Roerdalen", "Leudal"],
    "midden-utrecht": ["Utrecht", "Nieuwegein", "Zeist", "Houten"],
    "noord-holland-noord": ["Alkmaar", "Den Helder", "Hoorn", "Dijk en Waard"],
    "noord-limburg": ["Venlo", "Venray", "Horst aan de Maas", "Peel en Maas"],
    "noordoost-brabant": ["'s-Hertogenbosch", "Oss", "Meierijstad", "Maashorst"],
    "regio-zwolle": ["Zwolle", "Kampen", "Hardenberg", "Steenwijkerland"],
    "rijk-van-nijmegen": ["Nijmegen", "Wijchen", "Berg en Dal", "Heumen"],
    "rijnmond": ["Rotterdam", "Schiedam", "Vlaardingen", "Capelle aan den IJssel", "Nissewaard"],
    "rivierenland": ["Tiel", "Culemborg", "West Betuwe", "Zaltbommel"],
    "stedendriehoek-en-noordwest-veluwe": ["Apeldoorn", "Deventer", "Zutphen", "Harderwijk"],
    "twente": ["Enschede", "Hengelo", "Almelo", "Oldenzaal"],
    "west-brabant": ["Breda", "Roosendaal", "Bergen op Zoom", "Etten-Leur"],
    "zaanstreek-waterland": ["Zaanstad", "Purmerend", "Edam-Volendam", "Wormerland"],
    "zeeland": ["Middelburg", "Vlissingen", "Goes", "Terneuzen"],
    "zuid-holland-centraal": ["Leidschendam-Voorburg", "Pijnacker-Nootdorp", "Lansingerland", "Wassenaar"],
    "zuid-kennemerland-en-ijmond": ["Haarlem", "Velsen", "Beverwijk", "Heemstede"],
    "zuid-limburg": ["Maastricht", "Heerlen", "Sittard-Geleen", "Kerkrade"],
    "zuidoost-brabant": ["Eindhoven", "Veldhoven", "Best", "Valkenswaard"],
    "landelijk": ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag"],
}
# Regions from large to small (roughly by working population): a Zipf pick then favours the big ones.
REGIONS_BY_SIZE = [
    "groot-amsterdam", "rijnmond", "haaglanden", "midden-utrecht", "zuidoost-brabant", "twente",
    "west-brabant", "midden-gelderland", "groningen", "friesland", "noord-holland-noord", "zuid-limburg",
    "noordoost-brabant", "holland-rijnland", "midden-brabant", "stedendriehoek-en-noordwest-veluwe",
    "regio-zwolle", "drenthe", "flevoland", "rijk-van-nijmegen", "zuid-kennemerland-en-ijmond", "amersfoort",
    "food-valley", "zeeland", "drechtsteden", "achterhoek", "noord-limburg", "midden-holland",
    "zaanstreek-waterland", "gooi-en-vechtstreek", "midden-limburg", "helmond-de-peel", "rivierenland",
    "zuid-holland-centraal", "gorinchem",
]
NATIONAL_ORGS = ["UWV", "FNV", "CNV", "MKB-Nederland", "VNO-NCW", "SBB", "Divosa", "Cedris", "Werk.nl",
                 "Stichting Samen Sterk", "Randstad", "Start People", "Tempo-Team", "Leger des Heils",
                 "Vluchtelingenwerk Nederland", "Stichting Lezen en Schrijven", "Movisie", "Kennisplatform Werk en Inkomen"]
LOCAL_ORG_PATTERNS = ["Gemeente {m}", "Werkgeversservicepunt {r}", "{r} Werkt", "ROC {m}", "Leerwerkloket {r}",
                      "Werkbedrijf {m}", "Hogeschool {m}", "Stichting Werk en Talent {m}", "Bibliotheek {m}",
                      "Ondernemersvereniging {m}", "Sociaal Wijkteam {m}", "Mobiliteitscentrum {r}"]
PROJECT_NAMES = ["WerkFit", "Kansrijk", "Talentmatch", "Samen Sterk", "Op Eigen Kracht", "Doorstart",
                 "Nieuwe Route", "Baanbreker", "Stap Verder", "Perspectief op Werk", "Werkcentrale", "Vakkracht",
                 "Kansenroute", "Matchpoint", "Startblok", "Werkwinkel", "Leerwerkakkoord", "Switch",
                 "Van Werk naar Werk", "Nieuw Talent", "Werkroute", "Aan de Slag", "Ontdek je Talent"]
TAGS = ["sociaal akkoord", "vakbond", "jobcoaching", "praktijkleren", "mbo", "banenafspraak", "SROI",
        "taalcoach", "ervaringsdeskundigheid", "maatwerk", "sectorplan", "techniek", "zorg", "logistiek",
        "bouw", "horeca", "schoonmaak", "detailhandel", "ICT", "groen", "kinderopvang", "onderwijs",
        "beschut werk", "leerwerkbaan", "proefplaatsing", "loonkostensubsidie", "netwerkaanpak", "wijkaanpak",
        "digitale vaardigheden", "gezondheid", "schulden", "energietransitie", "defensie", "overheid"]
DOC_TYPES = ["Evaluatierapport", "Projectplan", "Nieuwsbericht", "Factsheet", "Kamerbrief", "Eindrapportage",
             "Tussenevaluatie", "Raadsinformatiebrief", "Praktijkbeschrijving", "Jaarverslag"]
EVIDENCE_WEIGHTS = {"praktijkvoorbeeld": 40, "goed-beschreven": 25, "goed-onderbouwd": 15,
                    "effectief-eerste": 10, "effectief-goede": 6, "effectief-sterke": 4}

FACTOR_TEXTS = {
    "persoonlijke-begeleiding": ["Een vaste jobcoach die de deelnemer ook na plaatsing blijft begeleiden.",
                                 "Persoonlijke begeleiding met de wensen van de werkzoekende centraal.",
                                 "Korte lijnen tussen casemanager en werkgever."],
    "samenwerking": ["UWV en gemeente werken vanuit één werkgeversservicepunt.",
                     "Vaste afspraken tussen de partijen in de arbeidsmarktregio.",
                     "Een gezamenlijk mobiliteitsteam van werkgevers, vakbonden en UWV."],
    "werkgeversbetrokkenheid": ["Werkgevers uit het MKB stellen werkervaringsplaatsen beschikbaar.",
                                "Werkgevers denken mee over het opleidingsprogramma.",
                                "Een accountmanager die de vraag van werkgevers goed kent."],
    "motivatie-leervermogen": ["Deelnemers kiezen zelf hun scholing.", "Intrinsieke motivatie van de deelnemers.",
                               "Kleine stappen die snel succes laten zien."],
    "scholing": ["Scholing op de werkvloer met een erkend praktijkverklaring.",
                 "Een scholingsbudget dat de deelnemer zelf inzet.", "Bbl-trajecten in tekortsectoren."],
    "duidelijkheid-timing": ["Het mobiliteitsteam begint ruim vóór de ontslagdatum.",
                             "Heldere afspraken over de duur van het traject."],
    "bestuurlijk-draagvlak": ["Een wethouder die het project trekt.", "Bestuurlijke afspraken in het regionaal werkbedrijf."],
    "capaciteit-financiering": ["Meerjarige financiering uit het sectorplan.",
                                "Voldoende caseload-ruimte voor de klantmanagers."],
    "bereik-bekendheid": ["Werving via wijkteams en bibliotheken.", "Een laagdrempelig leerwerkloket in de wijk."],
    "werkervaring": ["Werkervaring opdoen in een echte baan met loonkostensubsidie.",
                     "Een proefplaatsing van twee maanden met behoud van uitkering."],
    "peer-support": ["Ervaringsdeskundigen die de groep begeleiden.", "Deelnemers steunen elkaar in vaste groepen."],
    "leiderschap": ["Leidinggevenden voeren het loopbaangesprek zelf.", "Open gesprek over duurzame inzetbaarheid."],
    "landelijke-regie": ["Landelijke kaders van UWV en SBB.", "Een landelijk netwerk dat kennis deelt."],
}
FAILURE_TEXTS = {
    "motivatie-leervermogen": ["Een deel van de deelnemers haakte af tijdens de scholing.",
                               "Niet iedereen was klaar voor een werkervaringsplaats."],
    "capaciteit-financiering": ["De financiering stopte na de pilot.", "Te weinig jobcoaches voor de caseload."],
    "werkgeversbetrokkenheid": ["Werkgevers haakten af toen de krapte afnam.",
                                "Te weinig MKB-werkgevers bereikt buiten de stad."],
    "samenwerking": ["Gescheiden systemen van UWV en gemeente maakten gegevensdeling lastig.",
                     "Afstemming tussen de gemeenten in de regio kostte veel tijd."],
    "bereik-bekendheid": ["Werknemers kenden het mobiliteitsteam niet.", "De doelgroep was moeilijk te bereiken."],
    "duidelijkheid-timing": ["De begeleiding begon pas na de ontslagdatum.", "Lange wachttijden voor scholing."],
    "scholing": ["Taalniveau bleek een drempel voor de vakopleiding.", "Scholing sloot niet aan op de vacatures."],
}

SENTENCES = [
    "{org} begeleidt {tg} naar werk in de arbeidsmarktregio {region}.",
    "Deelnemers krijgen een vaste jobcoach en een {cmp} bij een werkgever in {muni}.",
    "In {year} startte {org} samen met {org2} een {cmp} voor {tg}.",
    "Van de {participants} deelnemers vonden er {placed} binnen {months} maanden werk.",
    "De aanpak combineert {cmp} met {cmp2} en scholing op de werkvloer.",
    "Werkgevers uit het MKB bieden werkervaringsplaatsen en proefplaatsingen aan.",
    "Het UWV en de gemeente {muni} werken samen in één {cmp}.",
    "Voor {tg} met een WW- of bijstandsuitkering is de drempel laag.",
    "Het mobiliteitsteam start al vóór de ontslagdatum met loopbaanadvies.",
    "Het leerwerkloket {region} helpt bij het kiezen van scholing en het aanvragen van een {cmp}.",
    "Een werkervaringsplaats duurt meestal {months} maanden en eindigt waar mogelijk in een betaalde baan.",
    "Klantmanagers van {muni} verwijzen werkzoekenden door naar de {cmp}.",
    "Re-integratie lukt beter wanneer de jobcoach ook na de plaatsing beschikbaar blijft.",
    "De {theme} staat centraal: {cmp} en {cmp2} sluiten op elkaar aan.",
    "Met ontslag bedreigde werknemers kregen een ontwikkeladvies en een scholingsbudget.",
    "Statushouders volgen naast de inburgering een taaltraining op de werkplek.",
    "De regio {region} kampt met krapte in zorg, techniek en logistiek.",
    "{org} zet ervaringsdeskundigen in om {tg} te bereiken.",
    "Werkgevers krijgen loonkostensubsidie en begeleiding door een werkcoach.",
    "Na afloop ontvangen deelnemers een praktijkverklaring of een mbo-certificaat.",
    "Tijdens de pilot in {muni} bleek dat {tg} vooral baat hebben bij een {cmp}.",
    "De gemeente {muni} financiert de {cmp} uit het re-integratiebudget.",
    "In de regio {region} werken {participants} werkgevers mee aan de {cmp}.",
    "{org} evalueerde het project na {months} maanden.",
    "Het project liep van {year} tot en met het einde van de subsidieperiode.",
    "Zij-instromers in de zorg combineren leren en werken in een bbl-traject.",
    "Vijftigplussers krijgen een loopbaancheck en een persoonlijk ontwikkelplan.",
    "Jongeren zonder startkwalificatie volgen een praktijkroute naar een mbo-diploma.",
    "De samenwerking tussen {org} en {org2} is vastgelegd in een convenant.",
    "Laaggeletterde werknemers oefenen basisvaardigheden op het werk.",
    "Werkgevers in de techniek zoeken vakkrachten en leiden zelf op.",
    "Deelnemers met een arbeidsbeperking vallen onder de banenafspraak en krijgen een jobcoach.",
    "De klantmanager stelt samen met de deelnemer een {cmp} op.",
    "Het sectorplan bood budget voor omscholing naar tekortberoepen.",
    "{tg} worden via het wijkteam en de bibliotheek in {muni} bereikt.",
    "De participatiewet biedt ruimte voor maatwerk en proefplaatsingen.",
    "Het regionaal werkbedrijf {region} stuurt op plaatsingen en behoud van werk.",
    "Ervaringsdeskundigen van {org} delen hun verhaal in groepsbijeenkomsten.",
    "Na de ontslagaankondiging volgt binnen twee weken een intakegesprek.",
    "Statushouders in {muni} leren de taal op een werkervaringsplaats.",
]
BULLETS = ["Intake en talentenscan", "Loopbaanadvies door een erkende loopbaanadviseur",
           "Werkervaringsplaats bij een MKB-werkgever", "Scholing via het leerwerkloket",
           "Begeleiding door een jobcoach", "Matchingsgesprek met werkgevers", "Nazorg na plaatsing",
           "Taaltraining op de werkvloer", "Proefplaatsing met behoud van uitkering",
           "Sollicitatietraining in groepen", "Inzet van loonkostensubsidie", "Ontwikkeladvies voor werkenden"]


@lru_cache(maxsize=1)
def vocab_codes() -> dict[str, list[tuple[str, str]]]:
    """(code, Dutch label) per vocabulary, read from kb/vocabularies/*.csv like kb itself does."""
    return {name: [(row["code"], row["label_nl"]) for row in rows] for name, rows in read_files().items()}


@lru_cache(maxsize=64)
def _zipf_cum(n: int, s: float) -> list[float]:
    return list(accumulate(1.0 / (rank + 1) ** s for rank in range(n)))


def _zipf_pick(rng: random.Random, items: list, s: float = 1.0):
    """An item with a Zipf-like preference for the front of the list."""
    return rng.choices(items, cum_weights=_zipf_cum(len(items), s), k=1)[0]


def _filler(rng: random.Random, lo: int = 7, hi: int = 16) -> str:
    words, cum = zipf_vocabulary()
    picked = rng.choices(words, cum_weights=cum, k=rng.randint(lo, hi))
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


@lru_cache(maxsize=1)
def _tail() -> list[str]:
    """The compounds of the long tail, in their Zipf order."""
    words, _ = zipf_vocabulary()
    return words[len(FUNCTION_WORDS) + len(GENERAL_WORDS) + len(DOMAIN_WORDS) + len(KEY_COMPOUNDS):]


def _compound(rng: random.Random) -> str:
    """A compound noun for a template: mostly the well-known ones, sometimes one from the tail."""
    if rng.random() < 0.4:
        return rng.choice(KEY_COMPOUNDS)
    tail = _tail()
    return tail[min(int(rng.paretovariate(0.8)) - 1, len(tail) - 1)]


class _Record:
    """The random choices of one initiative, shared by all its text fields so they agree."""

    def __init__(self, i: int, seed: int):
        self.i = i
        self.rng = rng = random.Random(f"{seed}:{i}")
        codes = vocab_codes()
        known = [c for c, _ in codes["region"] if c != "landelijk"]
        region_codes = [c for c in REGIONS_BY_SIZE if c in known] + [c for c in known if c not in REGIONS_BY_SIZE]
        self.labels = {name: dict(pairs) for name, pairs in codes.items()}
        if rng.random() < 0.1:
            self.regions = ["landelijk"]
        else:
            self.regions = list(dict.fromkeys(_zipf_pick(rng, region_codes, 0.6) for _ in range(rng.choice([1, 1, 1, 2, 3]))))
        self.municipalities = list(dict.fromkeys(
            rng.choice(MUNICIPALITIES[r]) for r in self.regions for _ in range(rng.randint(1, 2))))
        self.target_groups = rng.sample([c for c, _ in codes["target_group"]], rng.randint(1, 3))
        self.themes = rng.sample([c for c, _ in codes["theme"]], rng.randint(1, 3))
        region_label = self.labels["region"][self.regions[0]]
        local = [p.format(m=rng.choice(self.municipalities), r=region_label)
                 for p in rng.sample(LOCAL_ORG_PATTERNS, rng.randint(1, 3))]
        self.organisations = list(dict.fromkeys(local + [_zipf_pick(rng, NATIONAL_ORGS)]))
        self.year = rng.randint(2008, 2024)
        self.participants = int(rng.lognormvariate(3.8, 1.0)) + 5
        self.placed = int(self.participants * rng.uniform(0.15, 0.85))
        self.months = rng.choice([3, 6, 6, 9, 12, 12, 18, 24])

    def slots(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "org": rng.choice(self.organisations), "org2": rng.choice(self.organisations),
            "tg": self.labels["target_group"][rng.choice(self.target_groups)].lower(),
            "region": self.labels["region"][rng.choice(self.regions)],
            "muni": rng.choice(self.municipalities), "cmp": _compound(rng), "cmp2": _compound(rng),
            "theme": self.labels["theme"][rng.choice(self.themes)].lower(), "year": self.year,
            "participants": self.participants, "placed": self.placed, "months": self.months,
        }

    def sentence(self) -> str:
        text = self.rng.choice(SENTENCES).format(**self.slots())
        return text[0].upper() + text[1:]

    def paragraph(self, n_template: int, n_filler: int) -> str:
        parts = [self.sentence() for _ in range(n_template)] + [_filler(self.rng) for _ in range(n_filler)]
        self.rng.shuffle(parts)
        return " ".join(parts)

    def factors(self, table: dict[str, list[str]], lo: int, hi: int) -> list[dict[str, str]]:
        cats = self.rng.sample(sorted(table), self.rng.randint(lo, hi))
        return [{"text": self.rng.choice(table[c]), "category": c} for c in cats]


def _title(r: _Record) -> str:
    rng = r.rng
    s = r.slots()
    pattern = rng.choice([
        "{name} {region}",
        "{name}: {tg} aan het werk in {muni}",
        "{name} – {theme} voor {tg}",
        "{Cmp} in {muni}",
        "Van {cmp} naar werk: {name} {region}",
        "{Cmp} voor {tg} in de regio {region}",
    ])
    cmp = s["cmp"]
    return pattern.format(name=rng.choice(PROJECT_NAMES), Cmp=cmp[0].upper() + cmp[1:], **s)[:200]


def _summary(r: _Record) -> str:
    """Two or three sentences, cut at a sentence boundary under the 500-character limit."""
    out = ""
    for sentence in [r.sentence(), r.sentence(), _filler(r.rng, 8, 14)][: r.rng.randint(2, 3)]:
        if len(out) + len(sentence) + 1 > 480:
            break
        out = f"{out} {sentence}".strip()
    return out or r.sentence()[:480]


def _description(r: _Record) -> str:
    rng = r.rng
    bullets = "\n".join(f"- {b}" for b in rng.sample(BULLETS, rng.randint(3, 5)))
    blocks = [r.paragraph(2, rng.randint(2, 4)), r.paragraph(1, rng.randint(1, 3)), "## Aanpak",
              r.paragraph(1, rng.randint(2, 3)), bullets, "## Resultaten", r.paragraph(1, rng.randint(2, 3))]
    if rng.random() < 0.6:
        blocks += ["## Lessen", f"**Wat werkte:** {r.paragraph(1, 1)}"]
    return "\n\n".join(blocks)


def record(i: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Initiative number `i` (0-based) of the corpus with this seed, as raw input for kb.services."""
    r = _Record(i, seed)
    rng = r.rng
    title = _title(r)
    start_month = rng.randint(1, 12)
    end_year = r.year + rng.randint(0, 4)
    rated = min(date(min(end_year, 2025), rng.randint(1, 12), rng.randint(1, 28)), TODAY_CAP)
    evidence = rng.choices(list(EVIDENCE_WEIGHTS), weights=list(EVIDENCE_WEIGHTS.values()))[0]
    slug = f"{slugify(title, 70)}-{i + 1:06d}"
    contact = r.organisations[0]
    return {
        "title": title,
        "slug": slug,
        "summary": _summary(r),
        "description": _description(r),
        "status": "published" if rng.random() < 0.97 else rng.choice(["draft", "submitted", "archived"]),
        "regions": r.regions,
        "municipalities": r.municipalities,
        "organisations": r.organisations,
        "target_groups": r.target_groups,
        "themes": r.themes,
        "tags": list(dict.fromkeys(_zipf_pick(rng, TAGS) for _ in range(rng.randint(1, 4)))),
        "approach": f"{r.sentence()} {r.sentence()}",
        "success_factors": r.factors(FACTOR_TEXTS, 2, 4),
        "failures": r.factors(FAILURE_TEXTS, 1, 3),
        "preconditions": f"{r.sentence()} {_filler(rng)}",
        "context": f"{r.sentence()} {_filler(rng)}",
        "period_start": f"{r.year}-{start_month:02d}",
        "period_end": str(end_year),
        "participants": r.participants,
        "placed": r.placed,
        "placed_within_months": r.months,
        "outcome_note": f"{round(100 * r.placed / r.participants)}% vond binnen {r.months} maanden werk.",
        "cost_eur": rng.randrange(20_000, 2_000_000, 1000),
        "cost_note": rng.choice(["Inclusief scholing en begeleiding.", "Exclusief loonkostensubsidie.",
                                 "Gefinancierd uit het sectorplan.", "Cofinanciering door de gemeenten."]),
        "evidence_level": evidence,
        "evidence_rated_on": rated.isoformat(),
        "sources": [{"title": f"{rng.choice(DOC_TYPES)} {title[:120]}",
                     "url": f"https://example.org/{slugify(contact, 40)}/{slug}/{k + 1}"}
                    for k in range(rng.randint(1, 3))],
        "contact_organisation": contact,
        "contact_url": f"https://example.org/{slugify(contact, 40)}",
    }


def generate(n: int, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[dict[str, Any]]:
    """Records start .. start+n-1."""
    for i in range(start, start + n):
        yield record(i, seed)


def main(argv: list[str] | None = None) -> None:
    """Print records as JSON lines (to look at the corpus): `python -m bench.corpus -n 3`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("-n", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for rec in generate(args.n, args.seed):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
