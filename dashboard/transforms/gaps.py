"""Who was missed: registered organisations with no attendance, per quarter or per document."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.periods import quarter_range
from dashboard.store import Tables
from dashboard.transforms.coverage import _links
from dashboard.transforms.filters import apply_filters, decoded, prepared


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
    registry = f.organizations.sort_values(["unit", "org_type", "organization"], kind="stable")
    if per == "quarter":
        first, last = f.quarters
        present = f.conferences["quarter"].dropna()
        first = first or (present.min() if len(present) else None)
        last = last or (present.max() if len(present) else None)
        items = pd.Index(quarter_range(first, last) if first and last else [], dtype="str")
        rows = f.attendance[["org", "attendees", "quarter"]]
    else:
        links = _links(f, "document")
        items = pd.Index(sorted(links["document"].astype(str).unique()), dtype="str")
        rows = f.attendance[["org", "attendees", "conf"]].merge(links[["conf", "document"]], on="conf")
    attended = rows[rows["attendees"] > 0]
    # The grid (items × registered organisations) is dense, so each attendance row adds into one
    # cell: cell = item position × organisations + organisation position. Rows of organisations
    # outside the filtered registry (another unit, an org_type filtered out, unregistered) fall away.
    item_of_category = items.get_indexer(attended[per].cat.categories)
    item = np.where(attended[per].cat.codes.to_numpy() >= 0,
                    item_of_category[attended[per].cat.codes.to_numpy()], -1)
    position = np.full(len(prepared(tables).organizations), -1)
    position[registry["org"].to_numpy()] = np.arange(len(registry))
    organization = np.where(attended["org"].to_numpy() >= 0, position[attended["org"].to_numpy()], -1)
    inside = (item >= 0) & (organization >= 0)
    cell = item[inside] * len(registry) + organization[inside]
    cells = len(items) * len(registry)
    attendees = np.bincount(cell, weights=attended["attendees"].to_numpy(dtype="float64")[inside], minlength=cells)
    # One attendance row per (conference, organisation) by contract: counting rows counts conferences.
    conferences = np.bincount(cell, minlength=cells)
    every = decoded(registry[["unit", "organization", "org_type"]].reset_index(drop=True))
    out = every.take(np.tile(np.arange(len(registry)), len(items))).reset_index(drop=True)
    out.insert(0, per, pd.array(np.repeat(items.to_numpy(dtype=object), len(registry)), dtype="str"))
    return out.assign(attendees=attendees.astype("int64"), conferences=conferences.astype("int64"),
                      missed=attendees == 0)
