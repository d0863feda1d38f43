"""The overview's headline numbers for one quarter, with their comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.store import Tables
from dashboard.transforms import quarterly_activity, topic_coverage


@dataclass(frozen=True)
class StudyCampaign:
    """A document studied in the quarter, measured over its whole campaign (``topic_coverage``)."""

    document: str  # identity
    name: str  # ``document_name``
    rate: float | None  # over all its study sessions, of any quarter, under the other filters
    studied: int
    total: int
    sessions: int  # study sessions in the whole campaign (make-up sessions included)
    sessions_in_quarter: int
    cells_below_target: int  # chi bộ with a member count whose own rate is below the target
    cells_counted: int


@dataclass(frozen=True)
class Kpi:
    key: str  # i18n key of the label
    value: float | None
    vs_prev: float | None  # relative change against the previous quarter
    vs_year: float | None  # relative change against the same quarter last year
    is_rate: bool = False
    note: str = ""
    campaigns: tuple[StudyCampaign, ...] = ()  # the study rate's: one per document studied in the quarter
    message: str = ""  # i18n key said instead of a value (``kpi_no_study_campaign``)


def overview_kpis(tables: Tables, exclude_exempt: bool = True, activity: pd.DataFrame | None = None,
                  target: float = 0.95, **filters) -> tuple[str | None, list[Kpi]]:
    """The quarter shown (the filter's last quarter, else the latest with data) and its KPIs.

    Conferences, person-visits and organisations reached come from
    ``quarterly_activity``. The study rate is about the quarter's *study
    campaigns*: every document a conference of the quarter studied (a study
    or make-up session, not a briefing that disseminated it). Each campaign's
    rate is its ``topic_coverage`` row over all its study sessions, in any
    quarter (a campaign crosses quarter boundaries: the make-up sessions come
    later), under the other filters (unit, kind, organisation type), with the
    chi bộ below ``target``. The KPI's value is the campaign with most
    sessions in the quarter (the newest document among equals); ``campaigns`` holds them all. A quarter with no
    study session has no value and ``message="kpi_no_study_campaign"``: a
    briefing's reach is never shown as a study rate.

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
    kpis.append(study_kpi(tables, quarter, exclude_exempt, target, **filters))
    return quarter, kpis


def _newest_first(identity: str) -> int:
    """Sorts documents newest first by the issue date their key ends with (``…@2025-04-30``); others last."""
    try:
        return -date.fromisoformat(identity.rpartition("@")[2]).toordinal()
    except ValueError:
        return 0


def study_kpi(tables: Tables, quarter: str, exclude_exempt: bool = True, target: float = 0.95, **filters) -> Kpi:
    """The study-rate KPI of ``quarter``: its study campaigns, each over its whole campaign (see ``overview_kpis``)."""
    others = {k: v for k, v in filters.items() if k not in ("quarters", "period")}
    here = topic_coverage(tables, exclude_exempt=exclude_exempt, quarters=(quarter, quarter), **others)
    here = here[here["study_sessions"] > 0]
    if here.empty:
        return Kpi("kpi_study_rate", None, None, None, is_rate=True, message="kpi_no_study_campaign")
    whole = topic_coverage(tables, exclude_exempt=exclude_exempt, target=target,
                           **{**others, "document": here["document"].tolist()}).set_index("document")
    campaigns = sorted((
        StudyCampaign(
            document=doc, name=str(whole.at[doc, "document_name"]),
            rate=None if pd.isna(whole.at[doc, "study_rate"]) else float(whole.at[doc, "study_rate"]),
            studied=int(whole.at[doc, "party_members_studied"]), total=int(whole.at[doc, "party_members_total"]),
            sessions=int(whole.at[doc, "study_sessions"]), sessions_in_quarter=int(sessions),
            cells_below_target=int(whole.at[doc, "cells_below_target"]), cells_counted=int(whole.at[doc, "cells_counted"]),
        ) for doc, sessions in zip(here["document"], here["study_sessions"])
    ), key=lambda c: (-c.sessions_in_quarter, _newest_first(c.document), c.name))
    main = campaigns[0]
    return Kpi("kpi_study_rate", main.rate, None, None, is_rate=True, note=main.name, campaigns=tuple(campaigns))
