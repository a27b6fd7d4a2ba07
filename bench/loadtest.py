"""The locustfile of the load test: what visitors of the Praktijkbank do, in a realistic mix.

Run by `python -m bench.load_run` (which builds the corpus, starts the server and writes the results);
by hand, against a running server on loopback:

    LOAD_SLUGS=var/bench/load/sqlite/slugs.txt .venv/bin/locust -f bench/loadtest.py --headless \\
        -u 20 -r 5 -t 60s --host http://127.0.0.1:8050

Per visitor, repeatedly, with a think time of LOAD_WAIT seconds (default "0.2,1.0") in between:
- 6×  a search: /api/initiatives with a query and/or filters on region, target group and theme
      (sometimes sorted by newest, sometimes page 2), as the search page asks it;
- 3×  an initiative page: the HTML shell of /initiatief/<slug>, the page content Dash's renderer then
      asks for (/_dash-update-component), the record from /api/initiatives/<slug> and /similar;
- 1×  a comparison: the shell of /vergelijken?ids=a,b and its page content.
Submissions are not made here (there is no write API): bench/load_run.py runs a writer process that
creates and updates initiatives through kb.services against the same database meanwhile.

Only loopback hosts are accepted.
"""
from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "kb" / "vocabularies"

QUERIES = [  # as bench/queries.py (not imported: the locustfile stays free of the app's packages)
    "werkervaringsplaats", "jobcoach", "mobiliteitsteam ontslag", "van werk naar werk", "re-integratie bijstand",
    "leerwerkloket scholing", "loopbaanadvies", "statushouders taal", "jongeren mbo", "UWV WW", "MKB werkgevers",
    "loonkostensubsidie", "praktijkleren", "omscholing zorg", "vijftigplussers", "arbeidsmarktregio Rijnmond",
    "ontslagdatum", "werkgeversservicepunt", "ervaringsdeskundigen", "proefplaatsing", "participatiewet",
    "scholingsbudget ontwikkeladvies", "banenafspraak arbeidsbeperking", "taaltraining werkvloer",
    "techniek logistiek", "sectorplan", "duurzame inzetbaarheid", '"van werk naar werk"',
    "begeleiding na plaatsing", "Amsterdam inburgering", "werkgevers", "uitzendbureau", "gemeente Utrecht",
    "netwerk", "bemiddeling nazorg", "laaggeletterdheid", "evaluatie pilot", "detachering", "zij-instromers",
]


def _codes(name: str) -> list[str]:
    with open(VOCAB / name, encoding="utf-8") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


FILTERS = {"region": _codes("regions.csv"), "target_group": _codes("target_groups.csv"),
           "theme": _codes("themes.csv")}
SLUGS_FILE = os.environ.get("LOAD_SLUGS", "")
SLUGS = Path(SLUGS_FILE).read_text(encoding="utf-8").split() if SLUGS_FILE else []
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "0.2,1.0").split(","))
PAGE_CALLBACK = ".._pages_content.children..._pages_store.data.."


@events.test_start.add_listener
def _check(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the load test only runs against loopback, not {environment.host!r}")
    if len(SLUGS) < 2:
        raise SystemExit("LOAD_SLUGS must name a file with the published slugs, one per line")


class Visitor(HttpUser):
    wait_time = between(*WAIT)

    def _ok(self, path: str, name: str, want_json: bool = False, params=None):
        with self.client.get(path, params=params, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")
            elif want_json:
                try:
                    r.json()
                except ValueError:
                    r.failure("no JSON")
            return r

    def _page_content(self, pathname: str, search: str, name: str) -> None:
        """The callback Dash's renderer makes after loading a page shell: the page itself."""
        body = {"output": PAGE_CALLBACK,
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                           {"id": "_pages_location", "property": "search", "value": search}],
                "state": [], "changedPropIds": ["_pages_location.pathname"]}
        with self.client.post("/_dash-update-component", data=json.dumps(body), name=name, catch_response=True,
                              headers={"Content-Type": "application/json", "Origin": self.host}) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")
            elif "Tijdelijk niet beschikbaar" in r.text or "Niet gevonden" in r.text[:2000]:
                r.failure("page content says unavailable / not found")

    @task(6)
    def search(self) -> None:
        params: dict[str, str] = {}
        if random.random() < 0.85:
            params["q"] = random.choice(QUERIES)
        for name, codes in FILTERS.items():
            if random.random() < 0.3:
                params[name] = random.choice(codes)
        if not params:
            params["region"] = random.choice(FILTERS["region"])
        roll = random.random()
        if roll < 0.1:
            params["sort"] = "newest"
        elif roll < 0.2:
            params["page"] = "2"
        r = self._ok("/api/initiatives", "/api/initiatives?q&filters", want_json=True, params=params)
        if r.status_code == 200 and random.random() < 0.3:
            try:
                results = r.json()["results"]
            except (ValueError, KeyError):
                return
            if results:  # a visitor opens one of the results
                self._open(random.choice(results)["slug"])

    def _open(self, slug: str) -> None:
        self._ok(f"/initiatief/{slug}", "/initiatief/[slug] (shell)")
        self._page_content(f"/initiatief/{slug}", "", "/initiatief/[slug] (page content)")
        self._ok(f"/api/initiatives/{slug}", "/api/initiatives/[slug]", want_json=True)
        self._ok(f"/api/initiatives/{slug}/similar", "/api/initiatives/[slug]/similar", want_json=True)

    @task(3)
    def initiative(self) -> None:
        self._open(random.choice(SLUGS))

    @task(1)
    def compare(self) -> None:
        a, b = random.sample(SLUGS, 2)
        self._ok(f"/vergelijken?ids={a},{b}", "/vergelijken?ids=a,b (shell)")
        self._page_content("/vergelijken", f"?ids={a},{b}", "/vergelijken?ids=a,b (page content)")
