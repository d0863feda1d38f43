"""``/attendance``: attendee mix by organisation type and organisation, who was missed."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard.ui.access import access
from dashboard.figures import charts
from dashboard.figures.tables import VIEWS
from dashboard.i18n import t
from dashboard.ui import context, ids, views
from dashboard.ui.answers import shared_answer
from dashboard.ui.blocks import chart_card, table_view
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/attendance", name="Thành phần dự", title="Thành phần dự · Công tác tuyên giáo")


def layout(**_query):
    lang = current_lang()
    return html.Div([
        html.H1(t("nav_attendance", lang), className="h4"),
        dbc.Row([
            dbc.Col(chart_card(ids.MIX_CHART, "mix", lang, hint=True), lg=7),
            dbc.Col(chart_card(ids.TREEMAP_CHART, "mix_org", lang), lg=5),
        ]),
        chart_card(ids.ORG_RATE_CHART, "mix_org", lang),
        chart_card(ids.GAPS_CHART, "gaps", lang, hint=True),
    ])


@callback(
    Output(ids.MIX_CHART, "figure"),
    Output(f"{ids.MIX_CHART}-table", "children"),
    Output(ids.TREEMAP_CHART, "figure"),
    Output(f"{ids.TREEMAP_CHART}-table", "children"),
    Output(ids.ORG_RATE_CHART, "figure"),
    Output(f"{ids.ORG_RATE_CHART}-table", "children"),
    Output(ids.GAPS_CHART, "figure"),
    Output(f"{ids.GAPS_CHART}-table", "children"),
    *views.view_inputs(),
)
@shared_answer(warm=True)
@access("public")
def update_attendance(*args):
    filters, lang = views.view_args(args)
    tables = context.tables()
    mix = context.cached(VIEWS["mix"].compute, tables, **filters)
    by_org = context.cached(VIEWS["mix_org"].compute, tables, **filters)
    last = by_org["quarter"].max() if len(by_org) else None
    one_quarter = by_org[by_org["quarter"] == last]
    gaps = context.cached(VIEWS["gaps"].compute, tables, **filters)
    return (
        charts.mix_over_quarters(mix, lang), table_view(VIEWS["mix"].table(mix, lang), lang),
        charts.mix_treemap(one_quarter, lang), table_view(VIEWS["mix_org"].table(one_quarter, lang), lang),
        charts.org_attendance_rate(by_org, lang), table_view(VIEWS["mix_org"].table(by_org, lang), lang),
        charts.gaps_heatmap(gaps, lang), table_view(VIEWS["gaps"].table(gaps[gaps["missed"]], lang), lang),
    )


@callback(
    Output(ids.FILTER_ORG_TYPE, "value", allow_duplicate=True),
    Input(ids.MIX_CHART, "clickData"),
    prevent_initial_call=True,
)
@access("public")
def drill_into_org_type(click):
    if not click:
        return no_update
    return [click["points"][0]["customdata"][1]]


@callback(
    Output(ids.FILTER_FROM, "value", allow_duplicate=True),
    Output(ids.FILTER_TO, "value", allow_duplicate=True),
    Input(ids.GAPS_CHART, "clickData"),
    prevent_initial_call=True,
)
@access("public")
def drill_into_quarter(click):
    if not click:
        return no_update, no_update
    quarter = click["points"][0]["customdata"]
    return quarter, quarter
