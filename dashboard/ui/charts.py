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
from dash import MATCH, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from dashboard.figures.registry import BY_ID, CHARTS, Chart, Options, charts_of
from dashboard.contract.periods import quarter_label
from dashboard.i18n import t
from dashboard.ui import context, urls, views
from dashboard.ui.access import access
from dashboard.ui.blocks import chart_card, figure_id, period_id, table_id, table_toggle_id, table_view


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
    """The page's chart figures (into each chart's figure store, drawn by ``draw_when_near``) and the period line
    under each (their tables are drawn on demand by ``show_table``)."""
    return [output for chart in charts_of(page)
            for output in (Output(figure_id(chart.id), "data"), Output(period_id(chart.id), "children"))]


def frame(chart: Chart | str, filters: dict, tables=None):
    """The chart's frame under ``filters`` (cached per stamp, options and filters), all rows."""
    chart = BY_ID[chart] if isinstance(chart, str) else chart
    return context.cached(chart.compute, context.tables() if tables is None else tables, options=options(), **filters)


def answers(page: str, filters: dict, lang: str) -> list:
    """What ``outputs`` receive for ``page``'s charts: each one's figure and the period it shows."""
    out = []
    for chart in charts_of(page):
        shown = chart.shown(frame(chart, filters))
        out += [chart.draw(shown, lang, options()), period_line(shown, filters, lang) if not shown.empty else ""]
    return out


def period_line(shown, filters: dict, lang: str) -> str:
    """The period a chart shows: the quarters of its rows where it has them ("Quý II/2023", "Năm 2023",
    "Quý I/2021 – Quý IV/2025"), else the filter's range, else everything the store holds."""
    if "quarter" in shown and shown["quarter"].notna().any():
        first, last = str(shown["quarter"].min()), str(shown["quarter"].max())
    else:
        held = sorted(context.tables().conferences["quarter"].dropna().unique())
        chosen = filters.get("quarters") or (None, None)
        first = chosen[0] or (held[0] if held else None)
        last = chosen[1] or (held[-1] if held else None)
    if not (first and last):
        return ""
    period = urls.period_of_range(first, last)
    shown_period = (period.label(lang) if period is not None else
                    f"{quarter_label(first, lang)} – {quarter_label(last, lang)}")
    return t("chart_period", lang, period=shown_period)


def table(chart: Chart | str, filters: dict, lang: str):
    """The table view under ``chart``: the rows its entry says, localised."""
    chart = BY_ID[chart] if isinstance(chart, str) else chart
    return table_view(chart.table(chart.table_rows(chart.shown(frame(chart, filters))), lang), lang)


@callback(
    Output(table_id(MATCH), "children"),
    Input(table_toggle_id(MATCH), "n_clicks"),
    *views.view_inputs(),
    prevent_initial_call=True,
)
@access("public")
def show_table(clicks, *args):
    """A chart's table while its "Xem bảng số liệu" is open (an odd number of clicks), under the current filters;
    nothing while closed, so a page's hidden tables cost neither the server nor the browser."""
    # The output names the chart: a filter change (not a click) triggers every open table, each its own call.
    target = ctx.outputs_list.get("id") if isinstance(ctx.outputs_list, dict) else None
    chart = BY_ID.get(target.get("chart")) if isinstance(target, dict) and isinstance(target.get("chart"), str) else None
    if chart is None:  # a hand-made request naming no chart of the registry
        return no_update
    if not clicks or clicks % 2 == 0:
        return None
    filters, lang = views.view_args(args)
    return table(chart, filters, lang)


# Each chart's figure goes from its store to its graph in the browser: at once when the chart is on or near the
# screen, else when it is scrolled near (``dashboardCharts.show`` in ``assets/20-lazy-charts.js``).
for _chart in CHARTS:
    clientside_callback(ClientsideFunction(namespace="dashboardCharts", function_name="show"),
                        Output(_chart.id, "figure"), Input(figure_id(_chart.id), "data"), State(_chart.id, "id"))
