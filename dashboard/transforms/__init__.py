"""Transforms: stored tables in, analytics DataFrames out (no files, no Dash).

Each function takes the tables from ``dashboard.store.load()`` and the same
keyword filters (``unit``, ``quarters`` or ``period``, ``kind``,
``org_type``, ``document``; any spelling, see ``filters``) and
``include_predecessors`` (a unit's merged predecessors, on by default);
formulas are in their docstrings and ``docs/metrics.md``. The registry in
force on a date: ``dashboard.transforms.registry.registry_at``.
"""

from dashboard.transforms.activity import quarterly_activity
from dashboard.transforms.cells import study_by_cell
from dashboard.transforms.coverage import topic_coverage
from dashboard.transforms.filters import FILTER_NAMES, apply_filters, decoded
from dashboard.transforms.gaps import coverage_gaps
from dashboard.transforms.lists import ConferenceDetail, conference_detail, conference_list, document_quarters
from dashboard.transforms.mix import attendee_mix

__all__ = ["FILTER_NAMES", "ConferenceDetail", "apply_filters", "decoded", "attendee_mix", "conference_detail",
           "conference_list", "coverage_gaps", "document_quarters", "quarterly_activity", "study_by_cell",
           "topic_coverage"]
