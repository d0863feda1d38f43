"""Lists the pages show: conferences newest first, conferences per document and quarter, one conference's detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard.contract.documents import CATALOGUE_BY_CODE, document_name
from dashboard.store import Tables, catalogue_of
from dashboard.transforms.filters import _of_units, apply_filters, decoded, prepared


def document_quarters(tables: Tables, **filters) -> pd.DataFrame:
    """Conferences per document and quarter (for the coverage heat map)."""
    f = apply_filters(tables, **filters)
    out = decoded(f.conference_documents.groupby(["document", "quarter"], as_index=False)
                             .agg(conferences=("conf", "nunique")))
    catalogue = catalogue_of(tables)
    return out.assign(document_name=out["document"].map(lambda d: document_name(d, catalogue)))


def conference_list(tables: Tables, **filters) -> pd.DataFrame:
    """Filtered conferences, newest first, with their counted attendees."""
    f = apply_filters(tables, **filters)
    attendees = f.conferences["listed_attendees"].fillna(f.conferences["attendees_total"])
    return decoded(f.conferences.assign(attendees=attendees).drop(columns="conf")
                              .sort_values(["date", "conference_id"], ascending=[False, False]).reset_index(drop=True))


class ConferenceDocument(NamedTuple):
    """A document a conference names: its stored identity, its name and its catalogued title (None if none)."""

    document: str
    name: str
    title: str | None


@dataclass(frozen=True)
class ConferenceDetail:
    """One conference's facts, attendance and documents, as plain data (the page formats them).

    Texts that are missing (no session, place or speakers) are None. ``attendees`` is the sum of its attendance
    rows, or the total written on the conference when it has none (missing when neither is).
    """

    unit: str
    conference_id: str
    title: str
    date: pd.Timestamp
    kind: str  # code (dashboard.contract.vocab)
    session: str | None  # code
    location: str | None
    speakers: str | None
    attendees: int | None
    # One row per organisation that attended, in stored order: organization, org_type (code, missing when the
    # registry does not hold the organisation), attendees, party_members.
    attendance: pd.DataFrame
    documents: tuple[ConferenceDocument, ...]  # in the order the conference lists them


def conference_detail(tables: Tables, unit: str, conference_id: str) -> ConferenceDetail | None:
    """One conference of ``unit`` (its stored name, exactly), or None when the store holds no such conference.

    Reads the unit's slices of ``prepared(tables)``, never the rest of the country. An organisation's type is
    that of its latest registry version (``Prepared.identities``), as everywhere else.
    """
    prep = prepared(tables)
    conferences = _of_units(prep, "conferences", [unit])
    found = conferences[(conferences["conference_id"] == conference_id).to_numpy()]
    if found.empty:  # removed by an upload since the list was drawn, or a hand-made request
        return None
    conference = found.iloc[0]
    attendance = _of_units(prep, "attendance", [unit])
    rows = attendance[(attendance["conf"] == conference["conf"]).to_numpy()]
    rows = decoded(rows[["organization", "org_type", "attendees", "party_members"]]).reset_index(drop=True)
    catalogue = catalogue_of(tables)
    documents = tuple(
        ConferenceDocument(d, document_name(d, catalogue),
                           doc.title if (doc := catalogue.get(d) or CATALOGUE_BY_CODE.get(d)) and doc.title else None)
        for d in (_text(conference["documents"]) or "").split("; ") if d)
    return ConferenceDetail(
        unit=str(conference["unit"]), conference_id=str(conference["conference_id"]), title=str(conference["title"]),
        date=conference["date"], kind=str(conference["kind"]), session=_text(conference.get("session")),
        location=_text(conference["location"]), speakers=_text(conference["speakers"]),
        attendees=_number(rows["attendees"].sum() if len(rows) else conference["attendees_total"]),
        attendance=rows, documents=documents,
    )


def _text(value) -> str | None:
    """A stored text cell: missing (None, NA, NaN) or empty is None."""
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


def _number(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
