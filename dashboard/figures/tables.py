"""The numbers behind each chart, as tables people read: localised headers and labels.

Each view pairs the analytics call that computes its frame with a function
that turns that frame into a display table. The page shows the table under
its chart ("Xem bảng số liệu") and exports it as CSV or XLSX, so what is
downloaded is exactly what is shown. Numbers stay numbers (Excel can sum
them); labels, quarters and dates are localised. Shares, rates and changes
are fractions (0,81) and are named in the frame's ``attrs`` (see
``percent_columns``): the table view shows them as ``81,0%``, the XLSX export
formats them as percentages, the CSV header says ``(1 = 100%)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.contract.vocab import kind_label, org_type_label
from dashboard.i18n import fmt_date, fmt_quarter, t
from dashboard import transforms


PERCENT = "percent_columns"


def percent_columns(frame: pd.DataFrame) -> list[str]:
    """The headers of ``frame``'s columns that hold a fraction to be read as a percentage (0,81 = 81%)."""
    return [c for c in dict.fromkeys(frame.attrs.get(PERCENT, ())) if c in frame.columns]


def _as_percent(out: pd.DataFrame, lang: str, *keys: str) -> pd.DataFrame:
    out.attrs = {**out.attrs, PERCENT: [t(key, lang) for key in keys]}  # a new dict: never shared with a cached frame
    return out


def _labels(frame: pd.DataFrame, lang: str, columns: dict[str, str]) -> pd.DataFrame:
    out = frame[list(columns)].copy()
    labellers = {"quarter": lambda q: fmt_quarter(q, lang), "kind": lambda k: kind_label(k, lang),
                 "org_type": lambda o: org_type_label(o, lang), "date": fmt_date}
    for column, labeller in labellers.items():
        if column in out:
            # A country's table repeats a few quarters and types over 10⁵ rows: label each value once.
            distinct = out[column].dropna().unique()
            out[column] = out[column].map(dict(zip(distinct, map(labeller, distinct))))
    return out.rename(columns={c: t(key, lang) for c, key in columns.items()})


def activity_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {"quarter": "col_quarter", "conferences": "col_conferences", "attendees": "col_attendees",
               "party_members_attending": "col_party_members", "organizations_reached": "col_orgs_reached"}
    if "kind" in frame:
        columns = {"quarter": "col_quarter", "kind": "col_kind", **{k: v for k, v in columns.items() if k != "quarter"}}
    out = _labels(frame, lang, columns)
    if "attendees_vs_prev_pct" in frame:
        out[t("kpi_vs_prev", lang)] = frame["attendees_vs_prev_pct"].round(4).to_numpy()
        out[t("kpi_vs_year", lang)] = frame["attendees_vs_year_pct"].round(4).to_numpy()
    return _as_percent(out, lang, "kpi_vs_prev", "kpi_vs_year")


def mix_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {"quarter": "col_quarter", "org_type": "col_org_type", "attendees": "col_attendees", "share": "col_share"}
    if "organization" in frame:
        columns = {"quarter": "col_quarter", "organization": "col_org", "org_type": "col_org_type",
                   "attendees": "col_attendees", "members": "col_members", "attendance_rate": "col_rate",
                   "share": "col_share"}
    return _as_percent(_labels(frame.assign(share=frame["share"].round(4)), lang, columns), lang, "col_share", "col_rate")


def gaps_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _labels(frame, lang, {"quarter": "col_quarter", "organization": "col_org", "org_type": "col_org_type",
                                 "attendees": "col_attendees", "conferences": "col_conferences"})


def coverage_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _as_percent(_labels(frame.assign(study_rate=frame["study_rate"].round(4)), lang, {
        "document": "col_document", "document_name": "col_document_name", "conferences": "col_conferences",
        "study_sessions": "col_study_sessions", "dissemination_links": "col_dissemination_links",
        "attendees": "col_attendees", "organizations_reached": "col_orgs_reached",
        "cells_studied": "col_cells_studied", "cells_registered": "col_cells_registered",
        "party_members_studied": "col_studied", "party_members_total": "col_total_pm", "study_rate": "col_study_rate"}),
        lang, "col_study_rate")


def cells_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each chi bộ of the document's registry: members expected to study, who studied, rate, below target."""
    return _as_percent(_labels(frame.assign(rate=frame["rate"].round(4)), lang, {
        "document": "col_document", "unit": "col_unit", "organization": "col_org", "expected": "col_expected",
        "studied": "col_studied", "rate": "col_study_rate", "below": "col_below_target"}), lang, "col_study_rate")


def document_quarters_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = frame["document_name"] if "document_name" in frame else frame["document"].map(document_name)
    return _labels(frame.assign(name=names), lang,
                   {"name": "col_document_name", "document": "col_document", "quarter": "col_quarter",
                    "conferences": "col_conferences"})


def conference_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _labels(frame, lang, {
        "date": "col_date", "title": "col_title", "kind": "col_kind", "unit": "col_unit", "attendees": "col_attendees",
        "documents": "col_documents", "speakers": "col_speakers", "topics": "col_topics", "location": "col_location"})


@dataclass(frozen=True)
class View:
    compute: Callable[..., pd.DataFrame]
    table: Callable[[pd.DataFrame, str], pd.DataFrame]


VIEWS: dict[str, View] = {
    "activity": View(transforms.quarterly_activity, activity_table),
    "activity_kind": View(lambda tables, **f: transforms.quarterly_activity(tables, by="kind", **f), activity_table),
    "mix": View(transforms.attendee_mix, mix_table),
    "mix_org": View(lambda tables, **f: transforms.attendee_mix(tables, by="organization", **f), mix_table),
    "gaps": View(transforms.coverage_gaps, gaps_table),
    "coverage": View(transforms.topic_coverage, coverage_table),
    "document_quarters": View(transforms.document_quarters, document_quarters_table),
    "conferences": View(transforms.conference_list, conference_table),
}
