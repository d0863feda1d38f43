"""``/attendance``: attendee mix by organisation type and organisation, who was missed."""

import dash
from dash import Input, Output, callback, html, no_update

from dashboard.i18n import t
from dashboard.ui import charts, ids, views
from dashboard.ui.access import access
from dashboard.ui.answers import shared_answer
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/attendance", name="Thành phần dự", title="Thành phần dự · Công tác tuyên giáo")


def layout(**_query):
    lang = current_lang()
    return html.Div([html.H1(t("nav_attendance", lang), className="h4"), charts.cards("attendance", lang)])


@callback(*charts.outputs("attendance"), *views.view_inputs())
@shared_answer(warm=True)
@access("public")
def update_attendance(*args):
    filters, lang = views.view_args(args)
    return tuple(charts.answers("attendance", filters, lang))


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
