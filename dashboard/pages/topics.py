"""``/topics``: documents × quarters, study rate against the target, drill into a document."""

import html as html_text

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.ui.access import access
from dashboard.store import catalogue_of
from dashboard.contract.documents import document_name
from dashboard.figures.tables import VIEWS
from dashboard.transforms import conference_list
from dashboard.i18n import fmt_percent, t
from dashboard.transforms import coverage_gaps
from dashboard.ui import charts, context, ids, urls, views
from dashboard.ui.answers import shared_answer
from dashboard.ui.blocks import table_view
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/topics", name="Văn bản, chủ đề", title="Văn bản, chủ đề · Công tác tuyên giáo")


def layout(**_query):
    lang = current_lang()
    return html.Div([
        html.H1(t("nav_topics", lang), className="h4"),
        charts.cards("topics", lang),
        dbc.Card(dbc.CardBody([
            dbc.Label(t("document_pick", lang), html_for=ids.DOCUMENT_PICK),
            dcc.Dropdown(id=ids.DOCUMENT_PICK, clearable=True),
            dcc.Loading(html.Div(id=ids.DOCUMENT_DETAIL, className="mt-3")),
        ]), className="mb-3 shadow-sm"),
    ])


@callback(
    *charts.outputs("topics"),
    Output(ids.DOCUMENT_PICK, "options"),
    *views.view_inputs(),
)
@shared_answer(warm=True)
@access("public")
def update_topics(*args):
    filters, lang = views.view_args(args)
    coverage = charts.frame("topics-study-rate", filters)
    options = [document_option(d, name, r, lang)
               for d, name, r in zip(coverage["document"], coverage["document_name"], coverage["study_rate"])]
    return (*charts.answers("topics", filters, lang), options)


def document_option(document: str, name: str, rate, lang: str) -> dict:
    """A document for the drop-down: its name and study rate, when it has one (no study session: none; ``pd.NA``)."""
    return {"label": f"{name} — {fmt_percent(rate, lang)}" if pd.notna(rate) else name, "value": document}


@callback(
    Output(ids.DOCUMENT_PICK, "value"),
    Input(ids.STUDY_RATE_CHART, "clickData"),
    prevent_initial_call=True,
)
@access("public")
def pick_clicked_document(click):
    return clicked_document(click, lambda data: data[0]) or no_update


@callback(
    Output(ids.FILTER_DOCUMENT, "value", allow_duplicate=True),
    Input(ids.COVERAGE_CHART, "clickData"),
    prevent_initial_call=True,
)
@access("public")
def filter_by_clicked_document(click):
    document = clicked_document(click, lambda data: data)
    return [document] if document else no_update


def clicked_document(click, identity_of) -> str | None:
    """The identity a click on a document chart carries in ``customdata`` (the axis shows a short label).

    Figures draw text escaped (text is text); the filter wants the identity itself.
    """
    try:
        identity = identity_of(click["points"][0]["customdata"])
    except (TypeError, KeyError, IndexError):
        return None
    return html_text.unescape(identity) if isinstance(identity, str) and identity else None


@callback(
    Output(ids.DOCUMENT_DETAIL, "children"),
    Input(ids.DOCUMENT_PICK, "value"),
    *[State(f, "value") for f in ids.FILTERS],
    State(ids.LANG, "data"),
)
@access("public")
def document_detail(document, *args):
    *values, lang = args
    if not document:
        return None
    filters = views.request_filters({**urls.filters_from(urls.filter_values(*values)), "document": [document]})
    tables = context.tables()  # (after request_filters: empty when a unit outside the account's access was asked)
    if not filters["document"]:  # a document no longer in the store (a stale address)
        return None
    conferences = VIEWS["conferences"].table(conference_list(tables, **filters), lang)
    gaps = coverage_gaps(tables, per="document", **filters)
    missed = VIEWS["gaps"].table(gaps[gaps["missed"]].assign(quarter=""), lang).drop(columns=[t("col_quarter", lang)])
    return html.Div([
        html.H3(document_name(document, catalogue_of(tables)), className="h6"),
        table_view(conferences, lang),
        html.H4(t("chart_not_reached", lang), className="h6 mt-3"),
        table_view(missed, lang),
    ])
