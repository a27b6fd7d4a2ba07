"""The overview pages in a real browser: compare (/vergelijken), regions (/regios) and insights (/inzichten).

Each page loads without console errors; the comparison follows its URL; region tiles lead to the search
page; filters change the counts; every chart has a sentence that says what it shows.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from shots import screenshot

from kb.content import parse

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _published() -> list[dict]:
    out = []
    for path in sorted(CONTENT.glob("*.md")):
        if path.name == "FORMAT.md":
            continue
        meta, _ = parse(path.read_text(encoding="utf-8"))
        if meta.get("status", "published") == "published":
            out.append(meta)
    return out


def _two_with_outcome() -> list[dict]:
    """Two real seed initiatives with participants and placed (for the table and the chart)."""
    metas = [m for m in _published() if m.get("participants") and m.get("placed") is not None]
    if len(metas) < 2:
        pytest.skip("content/ holds fewer than two published initiatives with outcome figures")
    return metas[:2]


def _tile_total(page) -> int:
    return sum(int(x) for x in page.locator(".tile-map .tile-count").all_inner_texts())


def _choose(page, dropdown_id: str, option_text: str) -> None:
    """Open a dash dropdown, type to filter, pick the option with this text."""
    page.click(f"#{dropdown_id}")
    page.keyboard.type(option_text[:25])
    page.locator("[role=option]", has_text=option_text[:25]).first.click()


@pytest.mark.parametrize("path, name", [("/vergelijken", "vergelijken-leeg"), ("/regios", "regios"),
                                        ("/inzichten", "inzichten")])
def test_overview_pages_load_without_console_errors(page, live_server, console_errors, path, name):
    page.goto(live_server.url + path)
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "nl"
    assert page.locator("h1").count() == 1
    screenshot(page, name)
    assert console_errors == []


def test_compare_shows_two_initiatives_in_aligned_rows_and_a_chart(page, live_server, console_errors):
    a, b = _two_with_outcome()
    page.goto(f"{live_server.url}/vergelijken?ids={a['slug']},{b['slug']}")
    page.wait_for_selector("#compare-table")
    heads = page.locator("#compare-table thead th[scope=col]").all_inner_texts()
    assert len(heads) == 3 and a["title"] in heads[1] and b["title"] in heads[2]
    row_heads = page.locator("#compare-table tbody th[scope=row]").all_inner_texts()
    assert row_heads == ["Doelgroepen", "Aanpak", "Regio's", "Looptijd", "Deelnemers", "Uitkomst", "Bewijsniveau",
                         "Wat werkte", "Wat niet werkte"]
    for row in page.locator("#compare-table tbody tr").all():
        assert row.locator("td").count() == 2  # every feature has a cell for each initiative: aligned
    outcome = page.locator("#compare-row-outcome").inner_text()
    assert f"van {a['participants']} aan het werk" in outcome
    page.wait_for_selector("#compare-chart .main-svg")
    assert page.locator("#compare-chart .scatterlayer .point").count() == 2
    lines = page.locator("#compare-chart-lines").inner_text()
    assert re.search(r"\d+% van \d+ deelnemers.*waarschijnlijk tussen \d+% en \d+%", lines)
    screenshot(page, "vergelijken")
    assert console_errors == []


def test_compare_marks_factor_categories_shared_by_the_initiatives(page, live_server):
    metas = _published()
    cats = [{f.get("category") for f in m.get("success_factors") or [] if isinstance(f, dict) and f.get("category")}
            for m in metas]
    pair = next(((metas[i], metas[j], cats[i] & cats[j]) for i in range(len(metas)) for j in range(i + 1, len(metas))
                 if cats[i] & cats[j]), None)
    if pair is None:
        pytest.skip("no two seed initiatives share a success-factor category")
    a, b, _shared = pair
    page.goto(f"{live_server.url}/vergelijken?ids={a['slug']},{b['slug']}")
    page.wait_for_selector("#compare-table")
    shared = page.locator("#compare-row-success .factor-shared")
    assert shared.count() >= 2
    assert "gedeeld" in shared.first.inner_text()


def test_compare_add_and_remove_rewrite_the_url_and_back_works(page, live_server, console_errors):
    a, b = _two_with_outcome()
    page.goto(f"{live_server.url}/vergelijken?ids={a['slug']}")
    page.wait_for_selector("#compare-one")
    assert "Kies nog minstens één initiatief" in page.inner_text("#compare-one")
    page.evaluate("window.__sameDocument = true")
    _choose(page, "compare-add", b["title"])
    page.wait_for_selector("#compare-table")
    assert page.url.endswith(f"/vergelijken?ids={a['slug']},{b['slug']}")
    assert page.evaluate("window.__sameDocument === true")  # no reload: the URL changed in place
    page.locator(f"#compare-chosen button[aria-label*='{a['title'][:20]}']").click()
    page.wait_for_selector("#compare-one")
    assert page.url.endswith(f"/vergelijken?ids={b['slug']}")
    page.go_back()
    page.wait_for_selector("#compare-table")
    assert page.locator("#compare-table thead th[scope=col]").count() == 3
    assert console_errors == []


def test_compare_unknown_slug_gets_a_clear_message(page, live_server, console_errors):
    a, _b = _two_with_outcome()
    page.goto(f"{live_server.url}/vergelijken?ids={a['slug']},bestaat-niet-xyz")
    page.wait_for_selector("#compare-unknown")
    assert "bestaat-niet-xyz" in page.inner_text("#compare-unknown")
    assert page.locator("#compare-one").count() == 1  # the known one stays, with help to add another
    assert console_errors == []


def test_compare_without_ids_explains_what_to_do(page, live_server):
    page.goto(live_server.url + "/vergelijken")
    page.wait_for_selector("#compare-empty")
    assert "Kies minstens twee initiatieven" in page.inner_text("#compare-empty")
    assert page.locator("#compare-table").count() == 0


def test_region_tile_opens_the_regions_initiatives_in_search(page, live_server, console_errors):
    page.goto(live_server.url + "/regios")
    page.wait_for_selector(".tile-map")
    assert page.locator(".tile-map .region-tile").count() == 35
    assert page.locator("#tile-landelijk").count() == 1 and page.locator(".tile-map #tile-landelijk").count() == 0
    filled = page.locator(".tile-map .region-tile:not(.tile-0)").first
    code = filled.get_attribute("id").removeprefix("tile-")
    assert console_errors == []  # (what the search page does with it is the search page's own test)
    filled.click()
    page.wait_for_url(re.compile(rf"/\?region={re.escape(code)}$"))


def _partial_target_group() -> tuple[str, str]:
    """(code, Dutch label) of a target group that some, but not all, regional seed initiatives have."""
    from kb.vocab import read_files

    regional = [m for m in _published() if set(m.get("regions") or []) - {"landelijk"}]
    labels = {row["code"]: row["label_nl"] for row in read_files()["target_group"]}
    counts: dict[str, int] = {}
    for m in regional:
        for code in set(m.get("target_groups") or []):
            counts[code] = counts.get(code, 0) + 1
    partial = sorted((n, code) for code, n in counts.items() if 0 < n < len(regional) and code in labels)
    code = partial[-1][1] if partial else "statushouders"
    return code, labels[code]


def test_region_filters_change_the_counts_and_the_url(page, live_server, console_errors):
    code, label = _partial_target_group()
    page.goto(live_server.url + "/regios")
    page.wait_for_selector(".tile-map")
    before, summary_before = _tile_total(page), page.inner_text("#regions-summary")
    assert before > 0
    _choose(page, "regions-target-group", label)
    page.keyboard.press("Escape")
    page.wait_for_function("(s) => document.querySelector('#regions-summary').innerText !== s", arg=summary_before)
    assert "Met deze filters" in page.inner_text("#regions-summary")
    assert _tile_total(page) < before
    assert f"target_group={code}" in page.url
    page.reload()  # the filter is in the URL: it survives a reload
    page.wait_for_selector(".tile-map")
    assert "Met deze filters" in page.inner_text("#regions-summary")
    screenshot(page, "regios-gefilterd")
    assert console_errors == []


def test_two_regions_side_by_side_follow_the_url(page, live_server, console_errors):
    page.goto(live_server.url + "/regios?a=groningen&b=noordoost-brabant")
    page.wait_for_selector("#regions-table")
    heads = page.locator("#regions-table thead th[scope=col]").all_inner_texts()
    assert "Groningen" in heads[1] and "Noordoost-Brabant" in heads[2]
    assert page.locator("#regions-table tbody th[scope=row]").count() == 5
    _choose(page, "regions-b", "Twente")
    page.wait_for_function("() => location.search.includes('b=twente')")
    page.wait_for_function("() => document.querySelector('#regions-table thead').innerText.includes('Twente')")
    screenshot(page, "regios-vergelijken")
    assert console_errors == []


def test_insights_charts_have_sentences_and_a_thin_data_note(page, live_server, console_errors):
    page.goto(live_server.url + "/inzichten")
    page.wait_for_selector("#insights-success-chart .main-svg")
    assert "Het vaakst genoemd" in page.inner_text("#insights-success-sentence")
    assert page.locator("#insights-failure-chart .main-svg").count() >= 1
    assert page.locator("#insights-thin").count() == 1  # the seed content is small: the page says so
    for fig in page.locator("figure").all():
        assert fig.locator("figcaption").inner_text().strip()  # every chart says what it shows
    assert console_errors == []


@pytest.mark.parametrize("path", ["/vergelijken", "/regios?a=groningen&b=twente", "/inzichten"])
def test_overview_pages_have_no_serious_accessibility_problems(page, live_server, path):
    a, b = _two_with_outcome()
    page.goto(live_server.url + (f"/vergelijken?ids={a['slug']},{b['slug']}" if path == "/vergelijken" else path))
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    result = Axe().run(page, context={"include": [["#_pages_content"]]})
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]
                if v["impact"] in ("serious", "critical")
                # Dash 4's own dropdown keeps a hidden, focusable input to take keyboard focus: not ours to fix.
                and not (v["id"] == "aria-hidden-focus"
                         and all("dash-dropdown-focus-target" in str(n["target"]) for n in v["nodes"]))]
    assert problems == []
