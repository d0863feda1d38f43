"""Who was missed: registered organisations with no attendance, per quarter or per document."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.periods import quarter_range
from dashboard.contract.text import fold_series
from dashboard.store import Tables
from dashboard.transforms.coverage import _links
from dashboard.transforms.filters import apply_filters, decoded, prepared


def coverage_gaps(tables: Tables, per: str = "quarter", **filters) -> pd.DataFrame:
    """Every registered organisation against every quarter or document (tổ chức chưa được tiếp cận).

    Formula:

    * ``per="quarter"`` — one row per registered organisation and quarter of
      the filtered range: ``quarter``, ``unit``, ``organization``,
      ``org_type``, ``attendees`` (sum of its attendance rows that quarter, 0
      when it attended nothing), ``conferences`` attended,
      ``unit_conferences`` (conferences its unit held that quarter, under the
      filters), ``committee`` and ``missed``: attendees == 0 in a quarter
      in which its unit held at least one conference — a quarter without a
      conference misses nobody — and never the organising committee;
    * ``per="document"`` — one row per registered organisation and document
      disseminated in the filtered period: ``document``, ..., ``attendees``
      at conferences on it, ``unit_conferences`` (its unit's conferences on
      the document) and ``missed``: has not yet studied it (also when its
      unit has not held the document yet: ``unit_conferences`` is then 0),
      never the organising committee.

    The organising committee (``committee``) is a unit's organisation of
    type ``dang_uy``, or the one named like the unit (folded spelling): it
    holds the conferences, it is not their audience. Organisations are
    matched to conferences of their own unit only.
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
        held = f.conferences[["unit", "quarter"]]
    else:
        links = _links(f, "document")
        items = pd.Index(sorted(links["document"].astype(str).unique()), dtype="str")
        rows = f.attendance[["org", "attendees", "conf"]].merge(links[["conf", "document"]], on="conf")
        held = f.conference_documents[["unit", "conf", "document"]].drop_duplicates()
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
    unit_conferences = _held(held, per, items, registry)
    every = decoded(registry[["unit", "organization", "org_type"]].reset_index(drop=True))
    committee = ((every["org_type"] == "dang_uy")
                 | (fold_series(every["organization"]) == fold_series(every["unit"]))).to_numpy(dtype=bool, na_value=False)
    out = every.take(np.tile(np.arange(len(registry)), len(items))).reset_index(drop=True)
    out.insert(0, per, pd.array(np.repeat(items.to_numpy(dtype=object), len(registry)), dtype="str"))
    committee = np.tile(committee, len(items))
    could_miss = unit_conferences > 0 if per == "quarter" else True
    return out.assign(attendees=attendees.astype("int64"), conferences=conferences.astype("int64"),
                      unit_conferences=unit_conferences, committee=committee,
                      missed=(attendees == 0) & could_miss & ~committee)


def _held(held: pd.DataFrame, per: str, items: pd.Index, registry: pd.DataFrame) -> np.ndarray:
    """For each grid cell (item-major, as in ``coverage_gaps``), the conferences its organisation's unit held on the item."""
    units = registry["unit"].cat
    if not len(items) or not len(registry):
        return np.zeros(len(items) * len(registry), dtype="int64")
    # Units and items as positions: the unit codes are shared by every prepared frame.
    unit_code = held["unit"].cat.codes.to_numpy()
    item_of_category = items.get_indexer(held[per].cat.categories)
    codes = held[per].cat.codes.to_numpy()
    item = np.where(codes >= 0, item_of_category[codes], -1)
    inside = (item >= 0) & (unit_code >= 0)
    n_units = len(units.categories)
    per_unit = np.bincount(item[inside] * n_units + unit_code[inside], minlength=len(items) * n_units)
    registry_units = units.codes.to_numpy()
    return per_unit.reshape(len(items), n_units)[:, registry_units].reshape(-1).astype("int64")
