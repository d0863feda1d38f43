"""The filters every analytics function takes, applied one way.

``unit``, ``kind``, ``org_type`` and ``document`` take one value or several;
``quarters`` takes ``(first, last)`` (either may be None), in ``2023-Q2`` or
``Quý II/2023`` form. Conference filters (unit, quarters, kind, document)
select conferences; ``org_type`` selects attendance rows and registered
organisations. Nothing here modifies the input tables.
"""

from __future__ import annotations

import weakref
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


@dataclass(frozen=True)
class Prepared:
    """The joins every view needs, made once per store version (see ``prepared``)."""

    conferences: pd.DataFrame  # + listed_attendees, _key
    attendance: pd.DataFrame  # + quarter, kind, org_type, _key
    links: pd.DataFrame  # conference_documents + quarter, _key


_PREPARED: "weakref.WeakKeyDictionary[Tables, Prepared]" = weakref.WeakKeyDictionary()


def _conference_key(frame: pd.DataFrame) -> pd.Series:
    return frame["unit"] + "\x1f" + frame["conference_id"]


def prepared(tables: Tables) -> Prepared:
    """Attendance joined with its conference and organisation, computed once per loaded version.

    Every callback filters these frames with boolean masks instead of joining
    the tables again: at a city's or the country's scale the joins are the
    expensive part, and they only change when the store version does.
    """
    cached = _PREPARED.get(tables)
    if cached is not None:
        return cached
    keys = ["unit", "conference_id"]
    # merge, not join: pandas 3 cannot join on an empty Arrow-backed MultiIndex.
    listed = (tables.attendance.groupby(keys, observed=True, as_index=False)["attendees"].sum()
              .rename(columns={"attendees": "listed_attendees"}))
    conferences = tables.conferences.merge(listed, on=keys, how="left")
    conferences = conferences.assign(_key=_conference_key(conferences))
    attendance = (
        tables.attendance
        .merge(tables.conferences[[*keys, "quarter", "kind"]], on=keys)
        .merge(tables.organizations[["unit", "organization", "org_type"]], on=["unit", "organization"], how="left")
    )
    attendance = attendance.assign(_key=_conference_key(attendance))
    links = tables.conference_documents.merge(tables.conferences[[*keys, "quarter"]], on=keys)
    links = links.assign(_key=_conference_key(links))
    result = Prepared(conferences, attendance, links)
    _PREPARED[tables] = result
    return result


def _mask(frame: pd.DataFrame, units, kinds, first, last, document_keys) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    if units:
        mask &= frame["unit"].isin(units)
    if kinds:
        mask &= frame["kind"].isin(kinds)
    if document_keys is not None:
        mask &= frame["_key"].isin(document_keys)
    if first:
        mask &= frame["quarter"] >= first
    if last:
        mask &= frame["quarter"] <= last
    return mask.fillna(False).astype(bool)


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
    prep = prepared(tables)
    document_keys = None
    if documents:
        document_keys = prep.links.loc[prep.links["document"].isin(documents), "_key"].unique()
    in_range = (None, None) if keep_all_quarters else (first, last)

    conferences = prep.conferences
    all_quarters = conferences.loc[_mask(conferences, units, kinds, None, None, document_keys), "quarter"]
    conferences = conferences[_mask(conferences, units, kinds, *in_range, document_keys)]
    attendance = prep.attendance[_mask(prep.attendance, units, kinds, *in_range, document_keys)]
    if types:
        attendance = attendance[attendance["org_type"].isin(types)]
    links = prep.links
    links = links[links["_key"].isin(conferences["_key"])] if (units or kinds or documents or any(in_range)) else links
    organizations = tables.organizations
    if units:
        organizations = organizations[organizations["unit"].isin(units)]
    if types:
        organizations = organizations[organizations["org_type"].isin(types)]
    return Filtered(conferences, attendance, organizations, links, (first, last), all_quarters)
