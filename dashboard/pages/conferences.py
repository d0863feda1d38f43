"""``/conferences``: a sortable, filterable table of conferences and a detail view."""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html

from dashboard.ui.access import access
from dashboard.contract.vocab import kind_label, org_type_label, session_label
from dashboard.figures.tables import VIEWS
from dashboard.transforms import conference_detail, conference_list
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.ui.grids import conference_columns, grid_locale
from dashboard.ui import context, ids, views
from dashboard.ui.answers import shared_answer
from dashboard.ui.blocks import table_view
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/conferences", name="Danh sách hội nghị", title="Hội nghị · Công tác tuyên giáo")

KEY = "_key"
# Rows sent to the browser: a country holds ≈ 70.000 conferences (≈ 20 MB as grid rows), a
# leader reads the newest and narrows with the filters for the rest.
GRID_LIMIT = 2000


def layout(**_query):
    lang = current_lang()
    return html.Div([
        html.H1(t("nav_conferences", lang), className="h4"),
        html.Div(id=ids.CONFERENCE_NOTE, className="small text-muted mb-2"),
        dbc.Row([
            dbc.Col(dag.AgGrid(
                id=ids.CONFERENCE_GRID, columnSize="responsiveSizeToFit",
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": True},
                dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False},
                                 "pagination": True, "paginationPageSize": 20, "localeText": grid_locale(lang)},
                style={"height": "640px"},
            ), lg=8, className="mb-3"),
            dbc.Col(dbc.Card(dbc.CardBody(html.Div(t("detail_pick", lang), id=ids.CONFERENCE_DETAIL)),
                             className="shadow-sm"), lg=4),
        ]),
    ])


@callback(
    Output(ids.CONFERENCE_GRID, "rowData"),
    Output(ids.CONFERENCE_GRID, "columnDefs"),
    Output(ids.CONFERENCE_NOTE, "children"),
    *views.view_inputs(),
)
@shared_answer(warm=True)
@access("public")
def update_grid(*args):
    filters, lang = views.view_args(args)
    every = context.cached(conference_list, context.tables(), **filters)
    frame = every.head(GRID_LIMIT)  # newest first
    note = (t("grid_newest", lang).format(shown=fmt_number(len(frame), lang), total=fmt_number(len(every), lang))
            if len(every) > len(frame) else None)
    table = VIEWS["conferences"].table(frame, lang).assign(**{KEY: (frame["unit"] + "\x1f" + frame["conference_id"]).to_numpy()})
    columns = conference_columns([c for c in table.columns if c != KEY], lang)
    return table.to_dict("records"), columns, note


@callback(
    Output(ids.CONFERENCE_DETAIL, "children"),
    Input(ids.CONFERENCE_GRID, "selectedRows"),
    State(ids.LANG, "data"),
)
@access("public")
def show_detail(selected, lang):
    key = selected[0].get(KEY) if selected and isinstance(selected[0], dict) else None
    if not isinstance(key, str) or key.count("\x1f") != 1:
        return t("detail_pick", lang)
    unit, conference_id = key.split("\x1f")
    detail = conference_detail(context.tables(), unit, conference_id)
    if detail is None:  # removed by an upload since the list was drawn, or a hand-made request
        return t("detail_pick", lang)
    rows = detail.attendance
    types = rows["org_type"].map(lambda o: org_type_label(o, lang), na_action="ignore")
    attending = rows.assign(org_type=types).set_axis(
        [t("col_org", lang), t("col_org_type", lang), t("col_attendees", lang), t("col_party_members", lang)], axis=1)
    documents = [d.name + (f" — {d.title}" if d.title else "") for d in detail.documents]
    facts = [
        (t("col_date", lang), fmt_date(detail.date)),
        (t("col_session", lang), session_label(detail.session or "", lang) or "–"),
        (t("col_kind", lang), kind_label(detail.kind, lang)),
        (t("col_unit", lang), unit),
        (t("col_location", lang), detail.location or "–"),
        (t("col_speakers", lang), detail.speakers or "–"),
        (t("col_attendees", lang), fmt_number(detail.attendees, lang)),
    ]
    return html.Div([
        html.H2(detail.title, className="h6"),
        html.Dl([item for label, value in facts for item in (html.Dt(label), html.Dd(value))]),
        html.Div(t("col_documents", lang), className="fw-semibold"),
        html.Ul([html.Li(d) for d in documents]) if documents else html.P("–"),
        html.Div(t("detail_attending", lang), className="fw-semibold"),
        table_view(attending, lang),
    ])
