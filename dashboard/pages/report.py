"""``/report``: the committee's periodic report (báo cáo) — choose unit and period, preview, download DOCX or PDF.

The preview is the report's HTML print view (``dashboard.report.html``) in a
sandboxed ``iframe`` (no script runs in it, every text is escaped); the
downloads are the DOCX laid out per Hướng dẫn 36-HD/VPTW and, where the
server has a Chromium (``dashboard.report.pdf``), the print view as PDF.
All come from one ``report_content`` per store version, unit and period, so
what is previewed is what is downloaded. Anyone who may view the dashboard
may download.

The PDF takes Chromium a few seconds. It runs in the request (no background
callback manager is set up) but never holds a worker for long: while it runs
the button shows that it is working and cannot be clicked again; each worker
prints one PDF at a time and answers a second request at once with "busy,
try again" instead of queueing it behind the first (so the worker's other
thread stays free for other users); Chromium is stopped after
``PDF_TIMEOUT_SECONDS``; and the last few PDFs are kept per store version,
so asking again costs nothing.
"""

import threading
from collections import OrderedDict

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
from dashboard.report.pdf import find_chromium, render_pdf
from dashboard.ui import context, ids, urls, views
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/report", name="Báo cáo", title="Báo cáo · Công tác tuyên giáo")

# Component ids of this page (defined once, here: the page owns them).
UNIT = "report-unit"
PERIOD = "report-period"
PREVIEW = "report-preview"
MESSAGE = "report-message"
DOWNLOAD_BUTTON = "report-download-button"
DOWNLOAD = "report-download"
PDF_BUTTON = "report-pdf-button"
PDF_IDLE = "report-pdf-idle"  # the PDF button's label, hidden while the PDF is made
PDF_BUSY = "report-pdf-busy"  # its "making the PDF" label, shown meanwhile
PDF_NOTE = "report-pdf-note"  # why there is no PDF, on a server without Chromium
PDF_DOWNLOAD = "report-pdf-download"

# Chromium prints the sample ward's quarter in 6–9 s on a busy two-core machine; past this it is stopped
# (below the 60 s of gunicorn's ``timeout`` and of common proxies).
PDF_TIMEOUT_SECONDS = 45
# PDFs kept in each worker, per store version (a ward's quarter is ≈ 300 kB, a city's year ≈ 500 kB).
PDF_CACHE_SIZE = 4
_PDF_SLOT = threading.Lock()  # one Chromium at a time in each worker
_PDFS: "OrderedDict[tuple, bytes]" = OrderedDict()
_PDFS_LOCK = threading.Lock()


class PdfBusy(Exception):
    """This worker is printing another PDF: asked again in a few seconds, it answers."""


def text(key: str, lang: str | None, **params: object) -> str:
    """The page's message ``report.<key>`` (dashboard.messages) in ``lang``."""
    return message(f"report.{key}", lang, **params)


def unit_options(tables) -> list[dict]:
    return [{"label": u, "value": u} for u in sorted(tables.units, key=sort_key)]


def period_options(tables, lang: str) -> list[dict]:
    """The reporting periods holding a conference, most recent first (values read back by ``parse_period``)."""
    quarters = tables.conferences["quarter"].dropna().unique()
    return [{"label": p.label(lang), "value": urls.period_value(p)} for p in urls.periods_in(quarters)]


def default_period(tables) -> str | None:
    """The period the page opens on: the latest one that has ended by the last quarter holding data (a report is
    written when its period closes; the current term, years from its end, would open on an empty report)."""
    quarters = tables.conferences["quarter"].dropna().unique()
    periods = urls.periods_in(quarters)
    if not periods:
        return None
    latest = max(quarters)
    closed = [p for p in periods if p.last <= latest]
    return urls.period_value((closed or periods)[0])


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
                     dcc.Dropdown(id=PERIOD, options=periods, value=default_period(tables),
                                  clearable=False)], md=4),
            dbc.Col(html.Div([
                dbc.Button(text("download", lang), id=DOWNLOAD_BUTTON, color="primary", disabled=True),
                dbc.Button([html.Span(text("download_pdf", lang), id=PDF_IDLE),
                            html.Span([dbc.Spinner(size="sm", spinner_class_name="me-1"), text("pdf_working", lang)],
                                      id=PDF_BUSY, hidden=True, role="status")],
                           id=PDF_BUTTON, color="primary", outline=True, disabled=True),
            ], className="d-flex flex-wrap gap-2"), md=3, className="d-flex align-items-end"),
        ], className="g-2 mb-2"),
        html.P(text("pdf_unavailable", lang), id=PDF_NOTE, className="small text-muted mb-2",
               hidden=pdf_available()),
        html.Div(id=MESSAGE, **{"aria-live": "polite"}),
        dcc.Download(id=DOWNLOAD),
        dcc.Download(id=PDF_DOWNLOAD),
        dcc.Loading(html.Iframe(id=PREVIEW, title=text("preview", lang), sandbox="",
                                style={"width": "100%", "height": "80vh", "border": "1px solid #ccc",
                                       "background": "#eee"})),
    ])


def _content(tables, unit: str, period: str, target: float, exclude_exempt: bool) -> ReportContent:
    return report_content(tables, unit, period, target=target, exclude_exempt=exclude_exempt)


def content_for(unit: object, period: object) -> ReportContent:
    """The report of the chosen unit and period (computed once per store version in this worker).

    Raises:
        ReportError: a unit or period that does not exist (a hand-made request, or a unit an undo removed), or a
            unit outside what the account reads (``context.reading_grants``).
    """
    if not isinstance(unit, str) or not isinstance(period, str):
        raise ReportError("chưa chọn đơn vị hoặc kỳ báo cáo / no unit or period chosen")
    settings = context.settings()
    if views.outside_access(context.tables(), unit):  # a committee above the account's units, or another one
        raise ReportError(f"tài khoản này không được xem {unit} / this account may not read {unit}")
    return context.cached(_content, context.tables(), unit=unit, period=period, target=settings.study_target,
                        exclude_exempt=settings.exclude_exempt)


def pdf_available() -> bool:
    """Whether this server can print a PDF (a Chromium is found: ``dashboard.report.pdf.find_chromium``)."""
    return find_chromium() is not None


def pdf_for(content: ReportContent) -> bytes:
    """``content``'s print view as PDF: kept per store version, printed by one Chromium at a time per worker.

    Raises:
        PdfBusy: this worker is printing another PDF.
        ReportError: no Chromium, or it failed or took longer than ``PDF_TIMEOUT_SECONDS``.
    """
    stamp = context.results_stamp(context.tables())
    key = (stamp, content.unit, content.period.first, content.period.last, content.target)
    with _PDFS_LOCK:
        if stamp is not None and key in _PDFS:
            _PDFS.move_to_end(key)
            return _PDFS[key]
    if not _PDF_SLOT.acquire(blocking=False):
        raise PdfBusy()
    try:
        data = render_pdf(render_html(content), timeout=PDF_TIMEOUT_SECONDS)
    finally:
        _PDF_SLOT.release()
    if stamp is not None:
        with _PDFS_LOCK:
            _PDFS[key] = data
            while len(_PDFS) > PDF_CACHE_SIZE:
                _PDFS.popitem(last=False)
    return data


def _reason(error: Exception, lang: str | None) -> str:
    halves = str(error).split(" / ")
    return str(error) if len(halves) != 2 else halves[1 if lang == "en" else 0]


@callback(
    Output(PREVIEW, "srcDoc"),
    Output(MESSAGE, "children"),
    Output(DOWNLOAD_BUTTON, "disabled"),
    Output(PDF_BUTTON, "disabled"),
    Input(UNIT, "value"),
    Input(PERIOD, "value"),
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
)
@access("public")
def show_preview(unit, period, _version, lang):
    if not unit or not period:
        return "", dbc.Alert(text("pick", lang), color="secondary"), True, True
    try:
        content = content_for(unit, period)
    except ReportError as error:
        return "", dbc.Alert(text("refused", lang, reason=_reason(error, lang)), color="danger"), True, True
    message = (dbc.Alert(text("no_conference", lang, unit=content.unit, period=content.period.label(lang)), color="info")
               if not content.conferences else None)
    return render_html(content), message, False, not pdf_available()


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


@callback(
    Output(PDF_DOWNLOAD, "data"),
    Output(MESSAGE, "children", allow_duplicate=True),
    Input(PDF_BUTTON, "n_clicks"),
    State(UNIT, "value"),
    State(PERIOD, "value"),
    State(ids.LANG, "data"),
    # While Chromium prints: the button cannot be clicked again and says that it is working.
    running=[(Output(PDF_BUTTON, "disabled"), True, False),
             (Output(PDF_IDLE, "hidden"), True, False),
             (Output(PDF_BUSY, "hidden"), False, True)],
    prevent_initial_call=True,
)
@access("public")
def download_pdf(_clicks, unit, period, lang):
    try:
        content = content_for(unit, period)
        data = pdf_for(content)
    except PdfBusy:
        return no_update, dbc.Alert(text("pdf_busy", lang), color="warning", dismissable=True)
    except ReportError as error:
        return no_update, dbc.Alert(text("pdf_failed", lang, reason=_reason(error, lang)), color="danger",
                                    dismissable=True)
    return dcc.send_bytes(data, file_name(content, "pdf")), no_update
