"""Building blocks of pages: a chart card with its table view and exports, a KPI card.

Every chart has a table of its numbers (keyboard-reachable ``<details>``),
CSV and XLSX downloads of that table, and Plotly's own PNG download in the
mode bar. Data is rendered as text components only, never as HTML.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.ui.access import access
from dashboard.figures.registry import BY_ID, Options
from dashboard.figures.tables import VIEWS, percent_columns
from dashboard.i18n import fmt_number, fmt_percent, t
from dashboard.ui import context, ids, urls, views
from dashboard.ui.export import to_csv_bytes, to_xlsx_bytes

TABLE_ROWS = 100  # the table view shows the first rows; the CSV/XLSX export has them all


def graph_config(lang: str, filename: str) -> dict:
    return {
        "locale": lang,
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def chart_card(graph_id: str, view: str, lang: str, hint: bool = False, label: str | None = None) -> dbc.Card:
    """A chart, a loading indicator, its table view and its exports (``label``: a heading for screen readers)."""
    return dbc.Card(dbc.CardBody([
        html.H2(label, className="visually-hidden") if label else None,
        # The page's callback fills the store; the browser draws the figure when the chart is near the screen
        # (``ui.charts`` and ``assets/20-lazy-charts.js``): a phone shows one chart at a time, and drawing the
        # others first kept it busy for seconds before the one in view appeared.
        dcc.Loading([dcc.Store(id=figure_id(graph_id)), dcc.Graph(id=graph_id, config=graph_config(lang, graph_id))],
                    type="default", overlay_style={"visibility": "visible", "opacity": 0.5}),
        # The period the chart shows ("Số liệu: Quý II/2023"), filled with the figure.
        html.Div(id=period_id(graph_id), className="small text-muted chart-period"),
        html.Small(t("click_hint", lang), className="text-muted d-block") if hint else None,
        # Drawn only while open (``ui.charts.show_table``): a page's tables are thousands of cells, and
        # React building them hidden kept a phone's main thread busy for seconds after the charts had arrived.
        html.Details([
            html.Summary(t("show_table", lang), id=table_toggle_id(graph_id)),
            html.Div(id=table_id(graph_id), className="table-responsive mt-2"),
        ], className="mt-2"),
        html.Div([
            dbc.Button(t("download_csv", lang), id={"type": "export-csv", "view": view, "graph": graph_id},
                       size="sm", color="link"),
            dbc.Button(t("download_xlsx", lang), id={"type": "export-xlsx", "view": view, "graph": graph_id},
                       size="sm", color="link"),
            dcc.Download(id={"type": "download", "view": view, "graph": graph_id}),
        ]),
    ]), className="mb-3 shadow-sm")


def figure_id(graph_id: str) -> str:
    """The id of the store holding a chart's figure until the chart is drawn."""
    return f"{graph_id}-figure"


def period_id(graph_id: str) -> str:
    """The id of the line above a chart naming the period it shows."""
    return f"{graph_id}-period"


def table_toggle_id(graph_id: str) -> dict:
    """The id of a chart's "Xem bảng số liệu" summary (its clicks open and close the table)."""
    return {"type": "chart-table-toggle", "chart": graph_id}


def table_id(graph_id: str) -> dict:
    """The id of the element a chart's table is drawn into."""
    return {"type": "chart-table", "chart": graph_id}


def table_view(frame: pd.DataFrame, lang: str, limit: int = TABLE_ROWS) -> html.Table | html.P:
    """A plain, accessible HTML table of ``frame`` (numbers localised, shares as percentages, text as text)."""
    if frame.empty:
        return html.P(t("empty", lang), className="text-muted")
    shown = frame.head(limit)
    percent = set(percent_columns(frame))
    as_percent = [c in percent for c in shown.columns]
    head = html.Thead(html.Tr([html.Th(str(c), scope="col") for c in shown.columns]))
    body = html.Tbody([html.Tr([html.Td(_percent(v, lang) if p else _cell(v, lang)) for v, p in zip(row, as_percent)])
                       for row in shown.itertuples(index=False)])
    return html.Table([head, body], className="table table-sm table-striped small")


def _cell(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int) or (hasattr(value, "is_integer") and float(value).is_integer() and abs(value) >= 1):
        return fmt_number(value, lang)
    if isinstance(value, float):
        return fmt_number(value, lang, 4 if abs(value) < 10 else 1)
    return str(value)


def _percent(value: object, lang: str) -> str:
    """0,8101 → ``81,0%`` (vi) or ``81.0%`` (en); a fall keeps a true minus sign: ``−28,3%``."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = fmt_percent(value, lang)
    return "\u2212" + text[1:] if text.startswith("-") else text


def kpi_card(card_id: str, label: str, value: str, changes: list[tuple[str, str]], note: str = "") -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(label, className="small text-muted"),
        html.Div(value, className="fs-3 fw-semibold kpi-value", id=card_id),
        html.Div(note, className="small text-muted") if note else None,
        html.Ul([html.Li(f"{delta} {text}", className="small") for delta, text in changes],
                className="list-unstyled mb-0"),
    ]), className="h-100 shadow-sm"), xs=6, lg=3, className="mb-3")  # two a row on a phone


@callback(
    Output({"type": "download", "view": MATCH, "graph": MATCH}, "data"),
    Input({"type": "export-csv", "view": MATCH, "graph": MATCH}, "n_clicks"),
    Input({"type": "export-xlsx", "view": MATCH, "graph": MATCH}, "n_clicks"),
    *[State(f, "value") for f in ids.FILTERS],
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("public")
def export_view(_csv, _xlsx, *args):
    """The table behind a chart, under the current filters, as CSV or XLSX."""
    *values, lang = args
    trigger = ctx.triggered_id
    name = trigger.get("view") if isinstance(trigger, dict) else None
    chart, view = BY_ID.get(name) if isinstance(name, str) else None, VIEWS.get(name) if isinstance(name, str) else None
    if chart is None and view is None:  # no click, or a view that does not exist (a hand-made request)
        return no_update
    filters = views.request_filters(urls.filters_from(urls.filter_values(*values)))
    tables = context.tables()  # (after request_filters: empty when a unit outside the account's access was asked)
    if chart is not None:  # the chart's own rows, as its table view shows them (all of them)
        settings = context.settings()
        options = Options(target=settings.study_target, exclude_exempt=settings.exclude_exempt)
        frame = chart.table(chart.table_rows(chart.shown(chart.compute(tables, options, **filters))), lang)
    else:
        frame = view.table(view.compute(tables, **filters), lang)
    name = trigger["view"]
    if trigger["type"] == "export-csv":
        return dcc.send_bytes(to_csv_bytes(frame), f"{name}.csv")  # shares stay fractions, their header says so
    return dcc.send_bytes(to_xlsx_bytes({name: frame}), f"{name}.xlsx")
