"""Who was missed: registered organisations with no attendance, per quarter or per document."""

from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import quarter_range
from dashboard.store import Tables
from dashboard.transforms.coverage import _links
from dashboard.transforms.filters import apply_filters, decoded


def coverage_gaps(tables: Tables, per: str = "quarter", **filters) -> pd.DataFrame:
    """Every registered organisation against every quarter or document (tổ chức chưa được tiếp cận).

    Formula:

    * ``per="quarter"`` — one row per registered organisation and quarter of
      the filtered range: ``quarter``, ``unit``, ``organization``,
      ``org_type``, ``attendees`` (sum of its attendance rows that quarter, 0
      when it attended nothing), ``conferences`` attended and ``missed``
      (attendees == 0);
    * ``per="document"`` — one row per registered organisation and document
      disseminated in the filtered period: ``document``, ..., ``attendees``
      at conferences on it, and ``missed`` (has not yet studied it).

    Organisations are matched to conferences of their own unit only.
    """
    if per not in ("quarter", "document"):
        raise ValueError(f"per must be 'quarter' or 'document', not {per!r}")
    f = apply_filters(tables, **filters)
    registry = f.organizations[["unit", "organization", "org_type"]]
    if per == "quarter":
        first, last = f.quarters
        present = f.conferences["quarter"].dropna()
        first = first or (present.min() if len(present) else None)
        last = last or (present.max() if len(present) else None)
        items = pd.DataFrame({"quarter": pd.Series(quarter_range(first, last) if first and last else [], dtype="str")})
        rows = f.attendance[["unit", "organization", "conference_id", "attendees", "quarter"]]
    else:
        links = _links(f, "document")
        items = links[["document"]].drop_duplicates()
        rows = f.attendance[["unit", "organization", "conference_id", "attendees", "conf"]].merge(
            links[["conf", "document"]], on="conf")
    key = per
    attended = (
        rows[rows["attendees"] > 0]
        .groupby([key, "unit", "organization"], as_index=False)
        # One attendance row per (conference, organisation) by contract: counting rows counts conferences.
        .agg(attendees=("attendees", "sum"), conferences=("conference_id", "size"))
    )
    grid = items.merge(registry, how="cross")
    out = (
        grid.merge(attended, on=[key, "unit", "organization"], how="left")
        .fillna({"attendees": 0, "conferences": 0})
        .astype({"attendees": "int64", "conferences": "int64"})
    )
    return (
        out.assign(missed=out["attendees"] == 0)
        .sort_values([key, "unit", "org_type", "organization"], kind="stable")
        .reset_index(drop=True)
        .pipe(decoded)
    )
