"""The comparison basket: initiatives a user picked to compare, remembered in the browser.

Any page can offer `add_button(slug)`; the top bar's "Vergelijken (n)" link opens the comparison of
what is in the basket (at most four, the oldest drops out).
"""
from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from components.i18n import add_texts, t

MAX = 4
add_texts({
    "basket.add": ("Vergelijk", "Compare"),
    "basket.add_label": ("Voeg '{slug}' toe aan de vergelijking", "Add '{slug}' to the comparison"),
})


def add_button(slug: str, lang: str, size: str = "md") -> html.Button:
    cls = "btn btn-outline-primary" + (" btn-sm" if size == "sm" else "")
    return html.Button([html.I(className="bi bi-layout-three-columns me-2", **{"aria-hidden": "true"}),
                        t("basket.add", lang)],
                       id={"type": "basket-add", "slug": slug}, className=cls, type="button",
                       **{"aria-label": t("basket.add_label", lang, slug=slug)})


def compare_href(slugs: list[str]) -> str:
    return "/vergelijken" + (f"?ids={','.join(slugs)}" if slugs else "")


@callback(
    Output("compare-basket", "data"),
    Input({"type": "basket-add", "slug": ALL}, "n_clicks"),
    State("compare-basket", "data"),
    prevent_initial_call=True,
)
def _add(clicks, basket):
    if not ctx.triggered_id or not any(clicks):
        return no_update
    slug = ctx.triggered_id["slug"]
    basket = [s for s in (basket or []) if s != slug] + [slug]
    return basket[-MAX:]


@callback(Output("nav-compare", "href"), Output("nav-compare-count", "children"), Input("compare-basket", "data"))
def _nav(basket):
    basket = basket or []
    return compare_href(basket), f" ({len(basket)})" if basket else ""
