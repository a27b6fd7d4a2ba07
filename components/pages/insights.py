"""Inzichten: which success factors and which failures recur most, and which ones go with a better
outcome — counted over the published initiatives, each chart with a sentence that says what it shows.
"""
from __future__ import annotations

import textwrap

import dash
import plotly.graph_objects as go
from dash import html

from components.charts import BLUE, GRID, ORANGE, base_layout, chart, simple_table
from components.i18n import add_texts, current_lang, fmt_int, fmt_pct, t
from components.vocab_labels import label
from kb import insights, services

dash.register_page(__name__, path="/inzichten", title="Inzichten – Praktijkbank", order=3)

THIN = 30  # below this many initiatives (with outcome figures) the page says the data are thin
MIN_GROUP = 3  # a "more often in the better group" headline needs at least this many in each group

add_texts({
    "insights.title": ("Inzichten: wat werkt en wat niet", "Insights: what works and what does not"),
    "insights.intro": ("Welke succesfactoren en welke knelpunten komen in de gedeelde initiatieven steeds terug, en "
                       "welke gaan samen met een beter resultaat? Geteld over alle gepubliceerde initiatieven; elke "
                       "factor telt één keer per initiatief.",
                       "Which success factors and which failures keep coming back in the shared initiatives, and "
                       "which go with a better result? Counted over all published initiatives; each factor counts "
                       "once per initiative."),
    "insights.thin": ("Let op: de kennisbank bevat nog maar {n} gepubliceerde initiatieven, waarvan {m} met "
                      "uitkomstcijfers. Lees deze grafieken als een eerste indruk, niet als bewijs; elk nieuw "
                      "initiatief kan het beeld veranderen.",
                      "Note: the knowledge base holds only {n} published initiatives so far, {m} of them with "
                      "outcome figures. Read these charts as a first impression, not as evidence; every new "
                      "initiative may change the picture."),
    "insights.success_heading": ("Succesfactoren die terugkomen", "Success factors that recur"),
    "insights.failure_heading": ("Knelpunten en lessen die terugkomen", "Failures and lessons that recur"),
    "insights.initiatives": ("Initiatieven", "Initiatives"),
    "insights.regions": ("Regio's", "Regions"),
    "insights.category": ("Soort factor", "Kind of factor"),
    "insights.count_axis": ("Aantal", "Number"),
    "insights.freq_aria": ("Staafdiagram: per soort {what} het aantal initiatieven en regio's waarin die voorkomt. "
                           "De uitleg staat eronder.",
                           "Bar chart: for each kind of {what} the number of initiatives and regions in which it "
                           "occurs. The explanation is below."),
    "insights.what_success": ("succesfactor", "success factor"),
    "insights.what_failure": ("knelpunt", "failure"),
    "insights.freq_sentence": ("Het vaakst genoemd: ‘{top}’, bij {n} initiatieven in {r} regio's. Daarna {next}.",
                               "Named most often: ‘{top}’, in {n} initiatives across {r} regions. Then {next}."),
    "insights.freq_sentence_only": ("Het vaakst genoemd: ‘{top}’, bij {n} initiatieven in {r} regio's.",
                                    "Named most often: ‘{top}’, in {n} initiatives across {r} regions."),
    "insights.freq_next": ("‘{label}’ ({n})", "‘{label}’ ({n})"),
    "insights.and": ("en", "and"),
    "insights.freq_how": ("Donkere staaf: in hoeveel initiatieven de factor voorkomt. Gestreepte staaf: in hoeveel van de "
                          "35 regio's (landelijke initiatieven tellen niet als regio). Factoren zonder soort zijn niet "
                          "meegeteld.",
                          "Dark bar: in how many initiatives the factor occurs. Hatched bar: in how many of the 35 "
                          "regions (national initiatives do not count as a region). Factors without a kind are not "
                          "counted."),
    "insights.none": ("Nog geen {what} met een soort vastgelegd.", "No {what} with a kind recorded yet."),
    "insights.split_heading": ("Beter en minder goed resultaat", "Better and weaker results"),
    "insights.split_intro": ("{n} initiatieven melden hoeveel deelnemers werk vonden. Het middelste aandeel (de mediaan) "
                             "is {median}. Boven de mediaan: {above}; op of onder de mediaan: {below}. Per soort factor "
                             "ziet u bij hoeveel initiatieven uit elke groep die voorkomt.",
                             "{n} initiatives report how many participants found work. The middle share (the median) "
                             "is {median}. Above the median: {above}; at or below the median: {below}. For each kind "
                             "of factor you see in how many initiatives of each group it occurs."),
    "insights.split_thin": ("Deze vergelijking rust op maar {n} initiatieven: elk verschil hieronder kan toeval zijn, tot "
                            "er meer initiatieven met uitkomstcijfers zijn.",
                            "This comparison rests on only {n} initiatives: any difference below may be chance, until "
                            "more initiatives with outcome figures are shared."),
    "insights.split_too_few": ("Te weinig initiatieven per groep om een verschil te benoemen.",
                               "Too few initiatives per group to name a difference."),
    "insights.split_none": ("Nog te weinig initiatieven met cijfers over deelnemers en plaatsingen om een betere en een "
                            "minder goede groep te maken.",
                            "Too few initiatives with figures on participants and placements yet to form a better and "
                            "a weaker group."),
    "insights.split_caution": ("Samenhang is geen oorzaak: initiatieven verschillen ook in doelgroep, regio en meetwijze.",
                               "Association is not cause: initiatives also differ in target group, region and how they "
                               "measured."),
    "insights.above": ("Boven de mediaan ({n})", "Above the median ({n})"),
    "insights.below": ("Op of onder de mediaan ({n})", "At or below the median ({n})"),
    "insights.split_success": ("Succesfactoren", "Success factors"),
    "insights.split_failure": ("Knelpunten", "Failures"),
    "insights.split_aria": ("Staafdiagram: per soort {what} het aantal initiatieven boven en op of onder de mediaan "
                            "waarin die voorkomt. De uitleg staat eronder.",
                            "Bar chart: for each kind of {what} the number of initiatives above and at or below the "
                            "median in which it occurs. The explanation is below."),
    "insights.split_sentence": ("Naar verhouding vaker in de betere groep: ‘{label}’ ({a} van {na} tegen {b} van {nb}).",
                                "Relatively more often in the better group: ‘{label}’ ({a} of {na} against {b} of {nb})."),
    "insights.split_sentence_low": ("Naar verhouding vaker in de minder goede groep: ‘{label}’ ({b} van {nb} tegen "
                                    "{a} van {na}).",
                                    "Relatively more often in the weaker group: ‘{label}’ ({b} of {nb} against {a} of "
                                    "{na})."),
    "insights.split_even": ("Geen soort factor komt duidelijk vaker in één van beide groepen voor.",
                            "No kind of factor occurs clearly more often in one of the two groups."),
    "insights.split_how": ("Donkere staaf: initiatieven boven de mediaan. Gestreepte staaf: op of onder de mediaan. "
                           "De groepen zijn niet even groot; vergelijk daarom ‘x van n’.",
                           "Dark bar: initiatives above the median. Hatched bar: at or below the median. The groups "
                           "are not the same size; compare ‘x of n’ therefore."),
})


def _cat(code: str, lang: str) -> str:
    return label("factor_category", code, lang)


def _wrap(text: str, width: int = 22) -> str:
    """An axis label over several lines (plotly's <br>), so long names do not squeeze the bars on a phone."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _bar_height(n_categories: int) -> int:
    return 90 + 46 * max(1, n_categories)


def _grouped_bars(labels_: list[str], first: list[int], second: list[int], names: tuple[str, str], axis: str,
                  lang: str) -> go.Figure:
    """Two horizontal bar series per category; the second one hatched, so colour is not the only cue."""
    fig = go.Figure([
        go.Bar(y=labels_, x=first, name=names[0], orientation="h", marker=dict(color=BLUE),
               text=[fmt_int(v, lang) for v in first], textposition="outside", cliponaxis=False,
               hovertemplate="%{y}: %{x}<extra>" + names[0] + "</extra>"),
        go.Bar(y=labels_, x=second, name=names[1], orientation="h",
               marker=dict(color="white", line=dict(color=ORANGE, width=1.5),
                           pattern=dict(shape="/", fgcolor=ORANGE, size=6, solidity=0.35)),
               text=[fmt_int(v, lang) for v in second], textposition="outside", cliponaxis=False,
               hovertemplate="%{y}: %{x}<extra>" + names[1] + "</extra>"),
    ])
    top = max(first + second + [1])
    fig.update_layout(**base_layout(lang, barmode="group", bargap=0.25, bargroupgap=0.05, showlegend=True,
                                    legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", traceorder="normal"),
                                    margin=dict(l=10, r=30, t=40, b=50)))
    fig.update_xaxes(title=dict(text=axis, standoff=8), gridcolor=GRID, zeroline=False, dtick=1 if top <= 10 else None,
                     range=[0, top * 1.12 + 0.5], fixedrange=True, rangemode="tozero")
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True, ticklabelstandoff=6)
    return fig


def frequency_section(kind: str, lang: str) -> html.Section:
    rows = insights.factor_frequencies(kind)
    what = t(f"insights.what_{kind}", lang)
    heading = html.H2(t(f"insights.{kind}_heading", lang), className="h4 mt-4")
    if not rows:
        return html.Section([heading, html.P(t("insights.none", lang, what=what))], id=f"insights-{kind}")
    names = [_wrap(_cat(c, lang)) for c, _, _ in rows]
    fig = _grouped_bars(names, [n for _, n, _ in rows], [r for _, _, r in rows],
                        (t("insights.initiatives", lang), t("insights.regions", lang)), t("insights.count_axis", lang),
                        lang)
    top_c, top_n, top_r = rows[0]
    following = [t("insights.freq_next", lang, label=_cat(c, lang), n=fmt_int(n, lang)) for c, n, _ in rows[1:3]]
    if following:
        sentence = t("insights.freq_sentence", lang, top=_cat(top_c, lang), n=fmt_int(top_n, lang), r=fmt_int(top_r, lang),
                     next=f" {t('insights.and', lang)} ".join(following))
    else:
        sentence = t("insights.freq_sentence_only", lang, top=_cat(top_c, lang), n=fmt_int(top_n, lang),
                     r=fmt_int(top_r, lang))
    table = simple_table([t("insights.category", lang), t("insights.initiatives", lang), t("insights.regions", lang)],
                         [[_cat(c, lang), fmt_int(n, lang), fmt_int(r, lang)] for c, n, r in rows])
    return html.Section([
        heading,
        html.P(sentence, className="fw-semibold", id=f"insights-{kind}-sentence"),
        chart(fig, f"insights-{kind}-chart", t("insights.freq_aria", lang, what=what), height=_bar_height(len(rows)),
              details=[html.P(t("insights.freq_how", lang), className="small mb-0")], table=table, lang=lang),
    ], id=f"insights-{kind}")


def _split_sentence(cats: dict, n_above: int, n_below: int, lang: str) -> str:
    if n_above < MIN_GROUP or n_below < MIN_GROUP:
        return t("insights.split_too_few", lang)
    if not cats:
        return t("insights.split_even", lang)
    diffs = sorted(((a / n_above - b / n_below, c, a, b) for c, (a, b) in cats.items()), key=lambda x: (-abs(x[0]), x[1]))
    diff, c, a, b = diffs[0]
    if abs(diff) < 0.2:  # less than 20 percentage points apart: not worth a headline
        return t("insights.split_even", lang)
    key = "insights.split_sentence" if diff > 0 else "insights.split_sentence_low"
    return t(key, lang, label=_cat(c, lang), a=fmt_int(a, lang), na=fmt_int(n_above, lang), b=fmt_int(b, lang),
             nb=fmt_int(n_below, lang))


def split_chart(kind: str, split: dict, lang: str) -> html.Div:
    cats = split["categories"]
    what = t(f"insights.what_{kind}", lang)
    heading = html.H3(t(f"insights.split_{kind}", lang), className="h5 mt-3")
    if not cats:
        return html.Div([heading, html.P(t("insights.none", lang, what=what))])
    names = [_wrap(_cat(c, lang)) for c in cats]
    above_name = t("insights.above", lang, n=fmt_int(split["n_above"], lang))
    below_name = t("insights.below", lang, n=fmt_int(split["n_below"], lang))
    fig = _grouped_bars(names, [a for a, _ in cats.values()], [b for _, b in cats.values()], (above_name, below_name),
                        t("insights.initiatives", lang), lang)
    table = simple_table([t("insights.category", lang), above_name, below_name],
                         [[_cat(c, lang), fmt_int(a, lang), fmt_int(b, lang)] for c, (a, b) in cats.items()])
    sentence = _split_sentence(cats, split["n_above"], split["n_below"], lang)
    return html.Div([
        heading,
        html.P(sentence, className="fw-semibold", id=f"insights-split-{kind}-sentence"),
        chart(fig, f"insights-split-{kind}-chart", t("insights.split_aria", lang, what=what),
              height=_bar_height(len(cats)), details=[html.P(t("insights.split_how", lang), className="small mb-0")],
              table=table, lang=lang),
    ])


def split_section(lang: str) -> html.Section:
    success = insights.factor_split_by_outcome("success")
    failure = insights.factor_split_by_outcome("failure")
    parts: list = [html.H2(t("insights.split_heading", lang), className="h4 mt-4")]
    n = success["n_above"] + success["n_below"]
    if n < 2 or not success["n_above"]:
        parts.append(html.P(t("insights.split_none", lang)))
        return html.Section(parts, id="insights-split")
    parts += [
        html.P(t("insights.split_intro", lang, n=fmt_int(n, lang), median=fmt_pct(success["median"], lang),
                 above=fmt_int(success["n_above"], lang), below=fmt_int(success["n_below"], lang))),
        html.P(t("insights.split_thin", lang, n=fmt_int(n, lang)), className="thin-data small", id="insights-split-thin")
        if n < THIN else None,
        html.P(t("insights.split_caution", lang), className="small text-body-secondary"),
        split_chart("success", success, lang),
        split_chart("failure", failure, lang),
    ]
    return html.Section(parts, id="insights-split")


def layout(**_query):
    lang = current_lang()
    n_published = services.count(status="published")
    n_outcome = len(insights.outcome_shares())
    thin = n_published < THIN or n_outcome < THIN
    return html.Div([
        html.H1(t("insights.title", lang), className="h2"),
        html.P(t("insights.intro", lang), className="lead fs-6"),
        html.P(t("insights.thin", lang, n=fmt_int(n_published, lang), m=fmt_int(n_outcome, lang)),
               className="thin-data small", id="insights-thin") if thin else None,
        frequency_section("success", lang),
        frequency_section("failure", lang),
        split_section(lang),
    ], className="overview-page insights-page")
