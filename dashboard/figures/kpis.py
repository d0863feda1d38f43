"""The overview's headline numbers for one quarter, with their comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.store import Tables
from dashboard.transforms import quarterly_activity, topic_coverage


@dataclass(frozen=True)
class Kpi:
    key: str  # i18n key of the label
    value: float | None
    vs_prev: float | None  # relative change against the previous quarter
    vs_year: float | None  # relative change against the same quarter last year
    is_rate: bool = False
    note: str = ""


def overview_kpis(tables: Tables, exclude_exempt: bool = True, activity: pd.DataFrame | None = None,
                  **filters) -> tuple[str | None, list[Kpi]]:
    """The quarter shown (the filter's last quarter, else the latest with data) and its KPIs.

    Conferences, person-visits and organisations reached come from
    ``quarterly_activity``; the study rate is that of the quarter's main
    document (the one most conferences disseminated), from ``topic_coverage``.
    Pass ``activity`` (``quarterly_activity`` under the same filters) when the
    caller has it already, so it is not computed twice.
    """
    activity = quarterly_activity(tables, **filters) if activity is None else activity
    if activity.empty:
        return None, []
    held = activity[activity["conferences"] > 0]
    quarter = (filters.get("quarters") or (None, None))[1] or (held["quarter"].max() if len(held) else activity["quarter"].max())
    quarter = str(quarter)
    rows = activity[activity["quarter"] == quarter]
    if rows.empty:
        return quarter, []
    row = rows.iloc[0]

    def change(metric: str, suffix: str) -> float | None:
        value = row[f"{metric}_vs_{suffix}_pct"]
        return None if pd.isna(value) else float(value)

    kpis = [
        Kpi(key, float(row[metric]), change(metric, "prev"), change(metric, "year"))
        for key, metric in (("kpi_conferences", "conferences"), ("kpi_attendees", "attendees"),
                            ("kpi_orgs", "organizations_reached"))
    ]
    quarter_filters = {**filters, "quarters": (quarter, quarter)}
    coverage = topic_coverage(tables, exclude_exempt=exclude_exempt, **quarter_filters)
    coverage = coverage.dropna(subset=["study_rate"])
    if coverage.empty:
        kpis.append(Kpi("kpi_study_rate", None, None, None, is_rate=True))
    else:
        main = coverage.iloc[0]
        kpis.append(Kpi("kpi_study_rate", float(main["study_rate"]), None, None, is_rate=True,
                        note=str(main["document_name"])))
    return quarter, kpis
