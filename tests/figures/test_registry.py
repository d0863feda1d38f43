"""The chart registry: each chart declared once; its card, outputs, answer and export follow from the entry."""

from __future__ import annotations

import importlib

import pytest

from dashboard.figures.registry import BY_ID, CHARTS, Options, charts_of
from dashboard.store import load
from dashboard.ui import ids


def test_every_chart_is_declared_once_with_both_titles():
    assert len(BY_ID) == len(CHARTS)
    for chart in CHARTS:
        assert chart.titles[0] and chart.titles[1] and chart.title("en") == chart.titles[1]
        assert chart.page in {"overview", "attendance", "topics"}
    # The ids the click callbacks and tests use are the registry's.
    assert {ids.ACTIVITY_CHART, ids.ATTENDEES_CHART, ids.MIX_CHART, ids.TREEMAP_CHART, ids.ORG_RATE_CHART,
            ids.GAPS_CHART, ids.COVERAGE_CHART, ids.STUDY_RATE_CHART} <= set(BY_ID)


@pytest.fixture(scope="module")
def app(sample_store_ro, tmp_path_factory):
    from dashboard.app import create_app
    from dashboard.settings import Settings

    return create_app(Settings(store=sample_store_ro, samples=None))


@pytest.mark.parametrize("page", ["overview", "attendance", "topics"])
def test_a_pages_callback_outputs_follow_the_registry(app, page):
    from dashboard.ui.blocks import figure_id

    """Each chart of the page gives its figure and table view to the page's one callback, in registry order."""
    module = importlib.import_module(f"dashboard.pages.{page}")
    callback = {"overview": "update_overview", "attendance": "update_attendance", "topics": "update_topics"}[page]
    # Clientside callbacks (the filter panel's) have no Python function.
    outputs = [key for key, value in app.callback_map.items()
               if getattr(value.get("callback"), "__name__", None) == callback]
    assert len(outputs) == 1 and module
    produced = outputs[0]
    for chart in charts_of(page):
        # The figure goes to the chart's store; the browser draws it when the chart is near the screen.
        assert f"{figure_id(chart.id)}.data" in produced and f"{chart.id}-table" not in produced  # tables on demand
        assert f"{chart.id}-period.children" in produced  # the period line above it


def test_a_chart_draws_and_tables_what_its_entry_says(sample_store_ro):
    tables = load(sample_store_ro)
    options = Options(target=0.95)
    for chart in CHARTS:
        frame = chart.shown(chart.compute(tables, options))
        figure = chart.draw(frame, "vi", options)
        table = chart.table(chart.table_rows(frame), "vi")
        assert figure.layout.title.text, chart.id
        assert len(table) == len(chart.table_rows(frame)), chart.id


def test_the_chi_bo_chart_shows_the_latest_campaign_against_the_target(sample_store_ro):
    """Added through the registry alone (a transform, a figure, an entry): each chi bộ of the document studied
    last, its rate, green at or above the target and orange below, the lowest at the bottom."""
    from dashboard.transforms import study_by_cell, topic_coverage

    tables = load(sample_store_ro)
    chart = BY_ID["topics-cells"]
    frame = chart.compute(tables, Options(target=0.95))
    assert frame["document"].nunique() == 1
    document = frame["document"].iloc[0]
    coverage = topic_coverage(tables, target=0.95).set_index("document").loc[document]
    counted = frame.dropna(subset=["expected"])
    assert int(counted["studied"].sum()) == int(coverage["party_members_studied"])
    assert int(counted["below"].sum()) == int(coverage["cells_below_target"])
    assert len(study_by_cell(tables, target=0.95)) >= len(frame)  # every document without latest_only
    figure = chart.draw(frame, "vi", Options(target=0.95))
    bars = figure.data[0]
    below = {name for name, below in zip(counted["organization"], counted["below"]) if below}
    assert {y for y, colour in zip(bars.y, bars.marker.color) if colour == "#D55E00"} == below
    assert figure.layout.shapes[0].x0 == 0.95


@pytest.mark.parametrize("chart_id", [chart.id for chart in CHARTS])
def test_a_table_is_drawn_only_while_open(app, chart_id, monkeypatch):
    """show_table: one click opens (the table under the current filters), a second closes (nothing drawn)."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from dashboard.settings import Settings
    from dashboard.ui import charts as ui_charts, context
    from dashboard.ui.answers import default_args

    settings = Settings(store=app.server.config["DASHBOARD_SETTINGS"].store, samples=None)
    monkeypatch.setattr(context, "settings", lambda: settings)
    context_value.set(AttributeDict(outputs_list={"id": {"type": "chart-table", "chart": chart_id}, "property": "children"},
                                    triggered_inputs=[{"prop_id": "x.n_clicks", "value": 1}]))
    opened = ui_charts.show_table(1, *default_args("vi"))
    closed = ui_charts.show_table(2, *default_args("vi"))
    assert opened is not None and closed is None
    expected = ui_charts.table(chart_id, {}, "vi")
    assert str(opened) == str(expected)
