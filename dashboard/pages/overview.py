"""``/``: KPIs of the quarter with comparisons, activity by kind, latest conferences."""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard.ui.access import access
from dashboard.transforms.kpis import overview_kpis
from dashboard.figures.tables import VIEWS
from dashboard.transforms import conference_list
from dashboard.i18n import fmt_number, fmt_percent, fmt_quarter, fmt_signed_percent, t
from dashboard.ui.grids import conference_columns, grid_locale
from dashboard.ui import charts, context, ids, views
from dashboard.ui.answers import shared_answer
from dashboard.ui.blocks import kpi_card
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/", name="Tổng quan", title="Tổng quan · Công tác tuyên giáo")

LATEST = 10


def layout(**_query):
    lang = current_lang()
    return html.Div([
        html.H1(t("nav_overview", lang), className="h4"),
        html.Div(id=ids.KPIS),
        charts.cards("overview", lang),
        html.H2(t("latest_conferences", lang), className="h5"),
        dag.AgGrid(id=ids.LATEST_GRID, columnSize="responsiveSizeToFit",
                   dashGridOptions={"domLayout": "autoHeight", "localeText": grid_locale(lang)},
                   defaultColDef={"sortable": True, "resizable": True}),
    ])


@callback(
    Output(ids.KPIS, "children"),
    *charts.outputs("overview"),
    Output(ids.LATEST_GRID, "rowData"),
    Output(ids.LATEST_GRID, "columnDefs"),
    *views.view_inputs(),
)
@shared_answer(warm=True)
@access("public")
def update_overview(*args):
    filters, lang = views.view_args(args)
    tables = context.tables()
    activity = charts.frame("overview-attendees", filters, tables)
    latest = context.cached(conference_list, tables, **filters).head(LATEST)
    table = VIEWS["conferences"].table(latest, lang).iloc[:, :6]
    return (
        kpi_row(tables, filters, activity, lang),
        *charts.answers("overview", filters, lang),
        table.to_dict("records"), conference_columns(list(table.columns), lang),
    )


def kpi_row(tables, filters, activity, lang):
    # The activity of this very answer is passed on, not computed a second time.
    settings = context.settings()
    quarter, kpis = overview_kpis(tables, exclude_exempt=settings.exclude_exempt, activity=activity,
                                  target=settings.study_target, **filters)
    if quarter is None:
        return dbc.Alert(t("empty_store" if tables.conferences.empty and tables.scope is None else "empty", lang), color="info")
    cards = []
    for kpi in kpis:
        value = fmt_percent(kpi.value, lang) if kpi.is_rate else fmt_number(kpi.value, lang)
        changes = [(fmt_signed_percent(delta, lang) or "–", t(key, lang) if delta is not None else t("kpi_no_compare", lang))
                   for delta, key in ((kpi.vs_prev, "kpi_vs_prev"), (kpi.vs_year, "kpi_vs_year")) if not kpi.is_rate]
        note = f"{t('kpi_main_document', lang)}: {kpi.note}" if kpi.note else ""
        if kpi.message or kpi.campaigns:
            note = study_note(kpi, settings.study_target, lang)
        cards.append(kpi_card(f"kpi-{kpi.key}", t(kpi.key, lang), value or "–", changes, note))
    return html.Div([html.P(f"{t('quarter_selected', lang)}: {fmt_quarter(quarter, lang)}", className="fw-semibold mb-2"),
                     dbc.Row(cards)])


def study_note(kpi, target: float, lang: str) -> list:
    """The study card's lines: each study campaign of the quarter and why it may differ from /topics, or why none."""
    if kpi.message:
        return [html.Div(t(kpi.message, lang))]
    lines = [html.Div(t("kpi_campaign", lang, name=c.name, rate=fmt_percent(c.rate, lang) or "–",
                        studied=fmt_number(c.studied, lang), total=fmt_number(c.total, lang), sessions=c.sessions,
                        in_quarter=c.sessions_in_quarter, below=c.cells_below_target, counted=c.cells_counted,
                        target=fmt_percent(target, lang, 0))) for c in kpi.campaigns]
    return [*lines, html.Div(t("kpi_campaign_scope", lang), className="fst-italic mt-1")]


@callback(
    Output(ids.FILTER_KIND, "value", allow_duplicate=True),
    Output(ids.FILTER_FROM, "value", allow_duplicate=True),
    Output(ids.FILTER_TO, "value", allow_duplicate=True),
    Input(ids.ACTIVITY_CHART, "clickData"),
    prevent_initial_call=True,
)
@access("public")
def drill_into_kind_and_quarter(click):
    """Clicking a bar narrows every chart to that kind and quarter."""
    if not click:
        return no_update, no_update, no_update
    quarter, kind = click["points"][0]["customdata"]
    return [kind], quarter, quarter
