"""The chart registry: every chart of the dashboard declared once.

A ``Chart`` names its component id, the page it is on, the transform that
computes its frame, the figure that draws it, the table view under it (also
what its CSV/XLSX export holds) and its titles. ``dashboard.ui.charts`` turns
an entry into its card, its callback outputs, its share of the page's
cached answer and its export, so adding a chart the leaders need is: a
transform, a figure, and an entry here (the chi bộ chart below was added so).

No Dash here: the registry is plain data the interface layer reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import transforms
from dashboard.figures import charts
from dashboard.figures.tables import (activity_table, cells_table, coverage_table, document_quarters_table, gaps_table,
                                      mix_table)
from dashboard.store import Tables


@dataclass(frozen=True)
class Options:
    """The settings a chart's numbers and drawing depend on (part of every cache key through ``results_stamp``)."""

    target: float = 0.95  # the study-rate target
    exclude_exempt: bool = True  # members exempt from meetings left out of the study-rate denominator


def _all(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


@dataclass(frozen=True)
class Chart:
    """One chart: where it is, what computes it, what draws it, what its table shows."""

    id: str  # the dcc.Graph id; its table view is ``<id>-table``
    page: str  # the page module's name (``overview``, ``attendance``, ``topics``)
    titles: tuple[str, str]  # (Vietnamese, English): the card's accessible name and the export's sheet
    compute: Callable[..., pd.DataFrame]  # (tables, options, **filters) → frame; module level, so caches key on it
    draw: Callable[[pd.DataFrame, str, Options], go.Figure]  # (frame, lang, options) → figure
    table: Callable[[pd.DataFrame, str], pd.DataFrame]  # frame → the localised table under the chart
    shown: Callable[[pd.DataFrame], pd.DataFrame] = _all  # the rows the figure and the table show
    table_rows: Callable[[pd.DataFrame], pd.DataFrame] = _all  # of those, the rows the table lists
    hint: bool = False  # a click on it filters ("Bấm vào … để lọc")

    def title(self, lang: str) -> str:
        return self.titles[1] if lang == "en" else self.titles[0]


# Transforms as charts call them: module-level functions, so every chart sharing one computes it once.
def activity(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.quarterly_activity(tables, **filters)


def activity_by_kind(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.quarterly_activity(tables, by="kind", **filters)


def mix(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.attendee_mix(tables, **filters)


def mix_by_organization(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.attendee_mix(tables, by="organization", **filters)


def gaps(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.coverage_gaps(tables, **filters)


def coverage(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.topic_coverage(tables, exclude_exempt=options.exclude_exempt, **filters)


def document_quarters(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.document_quarters(tables, **filters)


def cells(tables: Tables, options: Options, **filters) -> pd.DataFrame:
    return transforms.study_by_cell(tables, target=options.target, exclude_exempt=options.exclude_exempt,
                                    latest_only=True, **filters)


def latest_quarter(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["quarter"] == frame["quarter"].max()] if len(frame) else frame


def missed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["missed"]]


CHARTS: tuple[Chart, ...] = (
    Chart("overview-activity", "overview", ("Hội nghị theo loại", "Conferences by kind"), activity_by_kind,
          lambda f, lang, o: charts.activity_by_kind(f, lang), activity_table, hint=True),
    Chart("overview-attendees", "overview", ("Lượt người dự", "Attendees"), activity,
          lambda f, lang, o: charts.attendees_trend(f, lang), activity_table),
    Chart("attendance-mix", "attendance", ("Thành phần dự theo loại tổ chức", "Attendance by organisation type"), mix,
          lambda f, lang, o: charts.mix_over_quarters(f, lang), mix_table, hint=True),
    Chart("attendance-treemap", "attendance", ("Thành phần dự quý gần nhất", "Attendance, latest quarter"),
          mix_by_organization, lambda f, lang, o: charts.mix_treemap(f, lang), mix_table, shown=latest_quarter),
    Chart("attendance-org-rate", "attendance", ("Lượt dự theo tổ chức", "Attendance per organisation"),
          mix_by_organization, lambda f, lang, o: charts.org_attendance_rate(f, lang), mix_table),
    Chart("attendance-gaps", "attendance", ("Tổ chức bị bỏ sót", "Organisations missed"), gaps,
          lambda f, lang, o: charts.gaps_heatmap(f, lang), gaps_table, table_rows=missed, hint=True),
    Chart("topics-coverage", "topics", ("Văn bản theo quý", "Documents by quarter"), document_quarters,
          lambda f, lang, o: charts.coverage_heatmap(f, lang), document_quarters_table, hint=True),
    Chart("topics-study-rate", "topics", ("Tỷ lệ đảng viên học tập", "Party members' study rate"), coverage,
          lambda f, lang, o: charts.study_rate_bars(f, o.target, lang), coverage_table, hint=True),
    Chart("topics-cells", "topics", ("Tỷ lệ học tập theo chi bộ", "Study rate per Party cell"), cells,
          lambda f, lang, o: charts.cell_study_bars(f, o.target, lang), cells_table),
)
BY_ID: dict[str, Chart] = {chart.id: chart for chart in CHARTS}


def charts_of(page: str) -> tuple[Chart, ...]:
    """The page's charts, in the order the registry lists them."""
    return tuple(chart for chart in CHARTS if chart.page == page)
