"""Every text the UI shows, as (Dutch, English). Keys are stable; add new ones here, never inline."""

TEXTS: dict[str, tuple[str, str]] = {
    "product": ("Praktijkbank", "Praktijkbank"),
    "tagline": ("Wat werkt van werk naar werk — gedeeld tussen de 35 arbeidsmarktregio's",
                "What works from work to work — shared between the 35 labour-market regions"),
    "nav.search": ("Zoeken", "Search"),
    "nav.compare": ("Vergelijken", "Compare"),
    "nav.regions": ("Regio's", "Regions"),
    "nav.insights": ("Inzichten", "Insights"),
    "nav.about": ("Over deze kennisbank", "About this knowledge base"),
    "nav.main": ("Hoofdmenu", "Main menu"),
    "lang.switch": ("English", "Nederlands"),
    "lang.switch_label": ("Switch to English", "Schakel naar Nederlands"),
    "search.box_label": ("Zoek in de praktijkbank", "Search the knowledge base"),
    "search.placeholder": ("Bijv. psychische kwetsbaarheid Twente", "E.g. psychological vulnerability Twente"),
    "search.button": ("Zoeken", "Search"),
    "footer.about": ("Over deze kennisbank", "About this knowledge base"),
    "footer.text": ("Een open kennisbank van gemeenten, UWV en regionale netwerken: goede praktijken én lessen uit wat niet werkte.",
                    "An open knowledge base of municipalities, UWV and regional networks: good practice and lessons from what did not work."),
    "footer.api": ("Open data (JSON)", "Open data (JSON)"),
    "months": ("januari februari maart april mei juni juli augustus september oktober november december",
               "January February March April May June July August September October November December"),
    "list.title": ("Alle initiatieven", "All initiatives"),
    "list.count": ("{n} initiatieven", "{n} initiatives"),
    "notfound.title": ("Pagina niet gevonden", "Page not found"),
    "notfound.text": ("Deze pagina bestaat niet (meer). Zoek een initiatief via de zoekpagina.",
                      "This page does not exist (any more). Find an initiative through the search page."),
    "about.title": ("Over deze kennisbank", "About this knowledge base"),
    "about.text": (
        "Gemeenten, UWV en regionale netwerken zetten overal in Nederland initiatieven op om mensen van werk naar werk "
        "of van een uitkering naar werk te helpen. Elke arbeidsmarktregio vindt daarbij vaak opnieuw het wiel uit. "
        "De Praktijkbank brengt die initiatieven samen: wat werkte, wat niet werkte, en onder welke voorwaarden — "
        "zodat een goede aanpak in de ene regio wordt gevonden en hergebruikt in de andere.",
        "Municipalities, UWV and regional networks across the Netherlands set up initiatives that help people move "
        "from work to work or from benefits to work. Each labour-market region often reinvents the wheel. "
        "Praktijkbank brings these initiatives together: what worked, what did not, and under which conditions — "
        "so that a good approach in one region is found and reused in the others."),
    "about.evidence": ("Het bewijsniveau volgt de erkenningsladder: van praktijkvoorbeeld tot effectief met sterke aanwijzingen.",
                       "The evidence level follows the Dutch recognition ladder: from practice example to effective with strong indications."),
    "unavailable.title": ("Tijdelijk niet beschikbaar", "Temporarily unavailable"),
    "unavailable.text": ("De kennisbank is even niet bereikbaar. Probeer het over een minuut opnieuw.",
                         "The knowledge base cannot be reached right now. Please try again in a minute."),
}
