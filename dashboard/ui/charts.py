"""Charts from the registry (``dashboard.figures.registry``): their cards, callback outputs and answers.

A page lists nothing by hand: ``cards(page, lang)`` lays out its charts,
``outputs(page)`` are its callback's outputs (figure and table view of each),
``answers(page, filters, lang)`` what that callback returns for them. Each
chart's frame is computed through ``context.cached``, so charts sharing a
transform compute it once, and the page's whole answer is shared across
workers by ``ui.answers``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Output

from dashboard.figures.registry import BY_ID, Chart, Options, charts_of
from dashboard.ui import context
from dashboard.ui.blocks import chart_card, table_view


def options() -> Options:
    settings = context.settings()
    return Options(target=settings.study_target, exclude_exempt=settings.exclude_exempt)


def card(chart: Chart | str, lang: str) -> dbc.Card:
    chart = BY_ID[chart] if isinstance(chart, str) else chart
    return chart_card(chart.id, chart.id, lang, hint=chart.hint, label=chart.title(lang))


def cards(page: str, lang: str, width: int = 6) -> dbc.Row:
    """Every chart of ``page`` in a responsive grid: one column on a phone, two from a large screen."""
    return dbc.Row([dbc.Col(card(chart, lang), xs=12, lg=width) for chart in charts_of(page)])


def outputs(page: str) -> list[Output]:
    return [output for chart in charts_of(page)
            for output in (Output(chart.id, "figure"), Output(f"{chart.id}-table", "children"))]


def frame(chart: Chart | str, filters: dict, tables=None):
    """The chart's frame under ``filters`` (cached per stamp, options and filters), all rows."""
    chart = BY_ID[chart] if isinstance(chart, str) else chart
    return context.cached(chart.compute, context.tables() if tables is None else tables, options=options(), **filters)


def answers(page: str, filters: dict, lang: str) -> list:
    """Figure and table view of each of ``page``'s charts, in ``outputs`` order."""
    drawn = []
    for chart in charts_of(page):
        shown = chart.shown(frame(chart, filters))
        drawn += [chart.draw(shown, lang, options()), table_view(chart.table(chart.table_rows(shown), lang), lang)]
    return drawn
