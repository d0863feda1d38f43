"""``/report``: the committee's periodic report (báo cáo) — choose unit and period, preview, download DOCX.

The preview is the report's HTML print view (``dashboard.report.html``) in a
sandboxed ``iframe`` (no script runs in it, every text is escaped); the
download is the DOCX laid out per Hướng dẫn 36-HD/VPTW. Both come from one
``report_content`` per store version, unit and period, so what is previewed
is what is downloaded. Anyone who may view the dashboard may download.
"""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.ui.access import access
from dashboard.contract.text import sort_key
from dashboard.messages import message
from dashboard.report import file_name
from dashboard.report.content import ReportContent, ReportError, report_content
from dashboard.report.docx import render_docx
from dashboard.report.html import render_html
from dashboard.ui import context, ids, urls
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/report", name="Báo cáo", title="Báo cáo · Công tác tuyên giáo")

# Component ids of this page (defined once, here: the page owns them).
UNIT = "report-unit"
PERIOD = "report-period"
PREVIEW = "report-preview"
MESSAGE = "report-message"
DOWNLOAD_BUTTON = "report-download-button"
DOWNLOAD = "report-download"

def text(key: str, lang: str | None, **params: object) -> str:
    """The page's message ``report.<key>`` (dashboard.messages) in ``lang``."""
    return message(f"report.{key}", lang, **params)


def unit_options(tables) -> list[dict]:
    return [{"label": u, "value": u} for u in sorted(tables.units, key=sort_key)]


def period_options(tables, lang: str) -> list[dict]:
    """The reporting periods holding a conference, most recent first (values read back by ``parse_period``)."""
    quarters = tables.conferences["quarter"].dropna().unique()
    return [{"label": p.label(lang), "value": urls.period_value(p)} for p in urls.periods_in(quarters)]


def default_unit(tables, wanted: object = None) -> str | None:
    """The unit the page opens on: the one in the address (``?unit=``), the settings' default, else the busiest."""
    units = set(tables.units)
    for candidate in (wanted, context.settings().default_unit):
        if isinstance(candidate, str) and candidate in units:
            return candidate
    counts = tables.conferences["unit"].astype(str).value_counts()
    return str(counts.index[0]) if len(counts) else (sorted(units, key=sort_key)[0] if units else None)


def layout(unit=None, **_query):
    lang = current_lang()
    tables = context.tables()
    periods = period_options(tables, lang)
    return html.Div([
        html.H1(text("title", lang), className="h4"),
        html.P(text("intro", lang), className="small text-muted"),
        dbc.Row([
            dbc.Col([dbc.Label(text("unit", lang), html_for=UNIT, className="small mb-0"),
                     dcc.Dropdown(id=UNIT, options=unit_options(tables), value=default_unit(tables, unit),
                                  clearable=False)], md=5),
            dbc.Col([dbc.Label(text("period", lang), html_for=PERIOD, className="small mb-0"),
                     dcc.Dropdown(id=PERIOD, options=periods, value=periods[0]["value"] if periods else None,
                                  clearable=False)], md=4),
            dbc.Col(dbc.Button(text("download", lang), id=DOWNLOAD_BUTTON, color="primary", disabled=True),
                    md=3, className="d-flex align-items-end"),
        ], className="g-2 mb-2"),
        html.Div(id=MESSAGE, **{"aria-live": "polite"}),
        dcc.Download(id=DOWNLOAD),
        dcc.Loading(html.Iframe(id=PREVIEW, title=text("preview", lang), sandbox="",
                                style={"width": "100%", "height": "80vh", "border": "1px solid #ccc",
                                       "background": "#eee"})),
    ])


def _content(tables, unit: str, period: str, target: float, exclude_exempt: bool) -> ReportContent:
    return report_content(tables, unit, period, target=target, exclude_exempt=exclude_exempt)


def content_for(unit: object, period: object) -> ReportContent:
    """The report of the chosen unit and period (computed once per store version in this worker).

    Raises:
        ReportError: a unit or period that does not exist (a hand-made request, or a unit an undo removed).
    """
    if not isinstance(unit, str) or not isinstance(period, str):
        raise ReportError("chưa chọn đơn vị hoặc kỳ báo cáo / no unit or period chosen")
    settings = context.settings()
    return context.cached(_content, context.tables(), unit=unit, period=period, target=settings.study_target,
                        exclude_exempt=settings.exclude_exempt)


def _reason(error: Exception, lang: str | None) -> str:
    halves = str(error).split(" / ")
    return str(error) if len(halves) != 2 else halves[1 if lang == "en" else 0]


@callback(
    Output(PREVIEW, "srcDoc"),
    Output(MESSAGE, "children"),
    Output(DOWNLOAD_BUTTON, "disabled"),
    Input(UNIT, "value"),
    Input(PERIOD, "value"),
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
)
@access("public")
def show_preview(unit, period, _version, lang):
    if not unit or not period:
        return "", dbc.Alert(text("pick", lang), color="secondary"), True
    try:
        content = content_for(unit, period)
    except ReportError as error:
        return "", dbc.Alert(text("refused", lang, reason=_reason(error, lang)), color="danger"), True
    message = (dbc.Alert(text("no_conference", lang, unit=content.unit, period=content.period.label(lang)), color="info")
               if not content.conferences else None)
    return render_html(content), message, False


@callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(UNIT, "value"),
    State(PERIOD, "value"),
    prevent_initial_call=True,
)
@access("public")
def download_docx(_clicks, unit, period):
    try:
        content = content_for(unit, period)
    except ReportError:
        return no_update
    return dcc.send_bytes(render_docx(content), file_name(content, "docx"))
