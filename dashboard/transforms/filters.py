"""The filters every analytics function takes, applied one way.

``unit``, ``kind``, ``org_type`` and ``document`` take one value or several;
``quarters`` takes ``(first, last)`` (either may be None), in ``2023-Q2`` or
``Quý II/2023`` form. Conference filters (unit, quarters, kind, document)
select conferences; ``org_type`` selects attendance rows and registered
organisations. Nothing here modifies the input tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from dashboard.contract.documents import parse_reference
from dashboard.contract.periods import parse_quarter
from dashboard.store import Tables

FILTER_NAMES = ("unit", "quarters", "kind", "org_type", "document")


def as_list(value: str | Iterable[str] | None) -> list[str] | None:
    """``None`` → None (no filter); one value → [value]; several → list; empty → None."""
    if value is None:
        return None
    values = [value] if isinstance(value, str) else [v for v in value if v is not None]
    return values or None


def normalise_quarters(quarters: tuple[str | None, str | None] | None) -> tuple[str | None, str | None]:
    if not quarters:
        return (None, None)
    first, last = quarters
    return (parse_quarter(first) if first else None, parse_quarter(last) if last else None)


def normalise_documents(document) -> list[str] | None:
    values = as_list(document)
    return None if values is None else [parse_reference(v).code for v in values]


@dataclass(frozen=True)
class Filtered:
    """The tables after filtering, with the joins every analytics function needs.

    ``attendance`` carries the conference's ``quarter`` and ``kind`` and the
    organisation's ``org_type``; ``conferences`` carries ``listed_attendees``
    (sum of its attendance rows, NA when it has none).
    """

    conferences: pd.DataFrame
    attendance: pd.DataFrame
    organizations: pd.DataFrame
    conference_documents: pd.DataFrame
    quarters: tuple[str | None, str | None]
    all_quarters: pd.Series  # quarters of conferences before the quarter filter


def apply_filters(tables: Tables, *, unit=None, quarters=None, kind=None, org_type=None, document=None,
                  keep_all_quarters: bool = False) -> Filtered:
    """Filter ``tables``; with ``keep_all_quarters`` the quarter range is only recorded.

    Args:
        tables: from ``dashboard.store.load()``.
        unit, quarters, kind, org_type, document: see the module docstring.
        keep_all_quarters: keep conferences outside ``quarters`` (for
            comparisons with the previous quarter and the year before).
    """
    units, kinds, types, documents = as_list(unit), as_list(kind), as_list(org_type), normalise_documents(document)
    first, last = normalise_quarters(quarters)

    conferences = tables.conferences
    organizations = tables.organizations
    if units:
        conferences = conferences[conferences["unit"].isin(units)]
        organizations = organizations[organizations["unit"].isin(units)]
    if kinds:
        conferences = conferences[conferences["kind"].isin(kinds)]
    links = tables.conference_documents
    if documents:
        linked = links[links["document"].isin(documents)][["unit", "conference_id"]].drop_duplicates()
        conferences = conferences.merge(linked, on=["unit", "conference_id"])
    all_quarters = conferences["quarter"]
    if not keep_all_quarters:
        if first:
            conferences = conferences[conferences["quarter"] >= first]
        if last:
            conferences = conferences[conferences["quarter"] <= last]
    if types:
        organizations = organizations[organizations["org_type"].isin(types)]

    attendance = (
        tables.attendance
        .merge(conferences[["unit", "conference_id", "quarter", "kind"]], on=["unit", "conference_id"])
        .merge(tables.organizations[["unit", "organization", "org_type"]], on=["unit", "organization"], how="left")
    )
    if types:
        attendance = attendance[attendance["org_type"].isin(types)]
    # merge, not join: pandas 3 cannot join on an empty Arrow-backed MultiIndex.
    listed = (tables.attendance.groupby(["unit", "conference_id"], observed=True, as_index=False)["attendees"].sum()
              .rename(columns={"attendees": "listed_attendees"}))
    conferences = conferences.merge(listed, on=["unit", "conference_id"], how="left")
    links = links.merge(conferences[["unit", "conference_id", "quarter"]], on=["unit", "conference_id"])
    return Filtered(conferences, attendance, organizations, links, (first, last), all_quarters)
