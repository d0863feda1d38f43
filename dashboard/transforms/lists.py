"""Lists the pages show: conferences newest first, and conferences per document and quarter."""

from __future__ import annotations

import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.store import Tables, catalogue_of
from dashboard.transforms.filters import apply_filters, decoded


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
