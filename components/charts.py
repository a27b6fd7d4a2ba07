"""Shared pieces for the overview pages (compare, regions, insights): labelled dropdowns, accessible
charts (a plotly figure with a sentence that says what it shows, and the numbers as a table) and
a few colours chosen for contrast.
"""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from components.i18n import add_texts, t

add_texts({
    "dropdown.select_all": ("Alles kiezen", "Select all"),
    "dropdown.deselect_all": ("Niets kiezen", "Deselect all"),
    "dropdown.selected_count": ("{num_selected} gekozen", "{num_selected} selected"),
    "dropdown.search": ("Zoeken", "Search"),
    "dropdown.clear_search": ("Zoektekst wissen", "Clear search"),
    "dropdown.clear_selection": ("Keuze wissen", "Clear selection"),
    "dropdown.no_options_found": ("Niets gevonden", "No options found"),
    "chart.as_table": ("Toon de cijfers als tabel", "Show the figures as a table"),
})

# Okabe–Ito blue and vermillion: told apart with colour-blindness too; the second series also gets a pattern.
BLUE = "#0b5394"
ORANGE = "#b35806"
GRID = "#dee2e6"
TEXT = "#212529"
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


def dropdown_labels(lang: str) -> dict[str, str]:
    """The texts inside a dcc.Dropdown (its menu, search box and clear button) in the user's language."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
            "no_options_found")
    # selected_count keeps its {num_selected} placeholder for the dropdown itself to fill in.
    return {k: t(f"dropdown.{k}", lang) for k in keys}


def labelled_dropdown(id: str, label: str, options: list[dict], value: Any, lang: str, *, multi: bool = False,
                      placeholder: str = "", help_text: str | None = None, className: str = "mb-3",
                      **kwargs) -> html.Div:
    """A dropdown with a real <label for=…> above it (and an optional help line).

    Dash 4's dropdown names its button by the chosen value (aria-labelledby), which hides the label from
    screen readers; the wrapping group carries the label as well, so it is announced on entering.
    """
    return html.Div([
        html.Label(label, htmlFor=id, id=f"{id}-label", className="form-label fw-semibold mb-1"),
        dcc.Dropdown(id=id, options=options, value=value, multi=multi, placeholder=placeholder,
                     labels=dropdown_labels(lang), **kwargs),
        html.Div(help_text, className="form-text", id=f"{id}-help") if help_text else None,
    ], className=className, role="group", **{"aria-labelledby": f"{id}-label"})


def base_layout(lang: str, **overrides) -> dict[str, Any]:
    """Calm plotly defaults: system font, white plot, Dutch or English number separators."""
    layout = dict(
        font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=14, color=TEXT),
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=20, t=10, b=40),
        separators=",." if lang == "nl" else ".,",
        hoverlabel=dict(font_size=14),
        showlegend=False,
    )
    layout.update(overrides)
    return layout


def chart(fig: go.Figure, graph_id: str, sentence: str, *, height: int, details: list | None = None,
          table: html.Table | None = None, lang: str = "nl") -> html.Figure:
    """A figure whose chart is described by a visible sentence; the figures are also there as a table.

    The chart itself is one image to a screen reader (role="img"), named by the sentence.
    """
    fig.update_layout(height=height)
    return html.Figure([
        html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG, style={"height": f"{height}px"}),
                 role="img", **{"aria-label": sentence}),
        html.Figcaption([html.P(sentence, className="mb-1")] + list(details or []), className="figure-caption text-body"),
        html.Details([html.Summary(t("chart.as_table", lang)), table], className="mt-2") if table is not None else None,
    ], className="figure w-100 mb-4")


def simple_table(headers: list[str], rows: list[list[Any]], caption: str | None = None) -> html.Table:
    """A small data table: the first cell of each row is its row header."""
    return html.Table([
        html.Caption(caption) if caption else None,
        html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
        html.Tbody([html.Tr([html.Th(row[0], scope="row")] + [html.Td(c) for c in row[1:]]) for row in rows]),
    ], className="table table-sm w-auto mt-2")
