"""Who was missed: registered organisations with no attendance, per quarter or per document."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.periods import quarter_range
from dashboard.contract.text import fold_key, fold_series
from dashboard.store import Tables
from dashboard.transforms.coverage import _links
from dashboard.transforms.filters import Filtered, Prepared, apply_filters, decoded, prepared


def coverage_gaps(tables: Tables, per: str = "quarter", **filters) -> pd.DataFrame:
    """Every registered organisation against every quarter or document (tổ chức chưa được tiếp cận).

    Formula:

    * ``per="quarter"`` — one row per organisation and quarter of the
      filtered range in which it existed (``registry_at``: on the quarter's
      last day, or on the day of one of its unit's conferences that
      quarter): ``quarter``, ``unit``, ``organization``, ``org_type``,
      ``attendees`` (sum of its attendance rows that quarter, 0 when it
      attended nothing), ``conferences`` attended, ``unit_conferences``
      (conferences its unit held that quarter while it existed, under the
      filters), ``committee`` and ``missed``: attendees == 0 and
      unit_conferences > 0 — a quarter without a conference misses nobody,
      nor does a conference held before the organisation existed or after
      it was retired, renamed or its unit merged — and never the organising
      committee;
    * ``per="document"`` — one row per organisation existing on the last
      day of the range (the latest registry without one: ``Filtered.on``)
      and document disseminated in the filtered period: ``document``, ...,
      ``attendees`` at conferences on it, ``unit_conferences`` (its unit's
      conferences on the document) and ``missed``: has not yet studied it
      (also when its unit has not held the document yet: ``unit_conferences``
      is then 0), never the organising committee. A successor's organisation
      is credited with what the same-named organisation of a predecessor (in
      the filter's scope) attended before the merger, and the predecessor's
      conferences count as its unit's.

    With a unit filter, ``predecessor`` names the predecessor unit a row's
    organisation belongs to (missing for the named unit's own, see
    ``apply_filters``).

    The organising committee (``committee``) is a unit's organisation of
    type ``dang_uy``, or the one named like the unit (folded spelling): it
    holds the conferences, it is not their audience. Organisations are
    matched to conferences of their own unit only.
    """
    if per not in ("quarter", "document"):
        raise ValueError(f"per must be 'quarter' or 'document', not {per!r}")
    f = apply_filters(tables, **filters)
    prep = prepared(tables)
    existed = None
    if per == "quarter":
        registry = _organisations(prep, f.registry)
        first, last = f.quarters
        present = f.conferences["quarter"].dropna()
        first = first or (present.min() if len(present) else None)
        last = last or (present.max() if len(present) else None)
        items = pd.Index(quarter_range(first, last) if first and last else [], dtype="str")
        rows = f.attendance[["org", "attendees", "quarter"]]
        existed, unit_conferences = _in_force(f, items, registry)
    else:
        registry = _organisations(prep, f.organizations)
        links = _links(f, "document")
        if f.documents:  # the conferences on the document also cite others: not what was asked
            links = links[links["document"].isin(f.documents)]
        items = pd.Index(sorted(links["document"].astype(str).unique()), dtype="str")
        rows = f.attendance[["org", "attendees", "conf"]].merge(links[["conf", "document"]], on="conf")
        held = f.conference_documents[["unit", "conf", "document"]].drop_duplicates()
        successors = _successors(prep, registry)
        if successors is not None:  # a predecessor's organisations and conferences go on in its successor's
            rows = rows.assign(org=_continued(prep, registry, successors, rows["org"].to_numpy()))
        unit_conferences = _held(held, per, items, registry, successors)
    attended = rows[rows["attendees"] > 0]
    # The grid (items × registered organisations) is dense, so each attendance row adds into one
    # cell: cell = item position × organisations + organisation position. Rows of organisations
    # outside the filtered registry (another unit, an org_type filtered out, unregistered) fall away.
    item_of_category = items.get_indexer(attended[per].cat.categories)
    item = np.where(attended[per].cat.codes.to_numpy() >= 0,
                    item_of_category[attended[per].cat.codes.to_numpy()], -1)
    position = np.full(len(prep.identities), -1)
    position[registry["org"].to_numpy()] = np.arange(len(registry))
    organization = np.where(attended["org"].to_numpy() >= 0, position[attended["org"].to_numpy()], -1)
    inside = (item >= 0) & (organization >= 0)
    cell = item[inside] * len(registry) + organization[inside]
    cells = len(items) * len(registry)
    attendees = np.bincount(cell, weights=attended["attendees"].to_numpy(dtype="float64")[inside], minlength=cells)
    # One attendance row per (conference, organisation) by contract: counting rows counts conferences.
    conferences = np.bincount(cell, minlength=cells)
    every = decoded(registry[["unit", "organization", "org_type"]].reset_index(drop=True))
    committee = ((every["org_type"] == "dang_uy")
                 | (fold_series(every["organization"]) == fold_series(every["unit"]))).to_numpy(dtype=bool, na_value=False)
    out = every.take(np.tile(np.arange(len(registry)), len(items))).reset_index(drop=True)
    out.insert(0, per, pd.array(np.repeat(items.to_numpy(dtype=object), len(registry)), dtype="str"))
    committee = np.tile(committee, len(items))
    could_miss = unit_conferences > 0 if per == "quarter" else True
    out = out.assign(attendees=attendees.astype("int64"), conferences=conferences.astype("int64"),
                     unit_conferences=unit_conferences, committee=committee,
                     missed=(attendees == 0) & could_miss & ~committee)
    if "predecessor" in registry:
        out = out.assign(predecessor=np.tile(registry["predecessor"].to_numpy(dtype=object), len(items)))
    return out if existed is None else out[existed].reset_index(drop=True)


def _organisations(prep: Prepared, versions: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation of ``versions`` (unit, organization, org_type of its latest version, org),
    sorted by unit, type and name; with ``predecessor`` when ``versions`` has it."""
    found = prep.identities[prep.identities["org"].isin(versions["org"].unique())]
    if "predecessor" in versions:
        label = versions.drop_duplicates("org").set_index("org")["predecessor"]
        found = found.assign(predecessor=found["org"].map(label).to_numpy(dtype=object))
    return found.sort_values(["unit", "org_type", "organization"], kind="stable")


_SPAN, _OFFSET = 1_000_000, 500_000  # a unit's days as one sortable integer: unit × span + offset + day


def _days(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]").astype("int64") + _OFFSET


def _in_force(f: Filtered, items: pd.Index, registry: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per grid cell (quarter-major): did the organisation exist that quarter, and how many of its unit's
    conferences (under the filters) fell on days it existed.

    It existed in a quarter when one of its versions (``f.registry``, clipped to the unit filter's days) is
    in force on the quarter's last day or on the day of one of those conferences.
    """
    cells = len(items) * len(registry)
    if not cells:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype="int64")
    position = pd.Series(np.arange(len(registry)), index=registry["org"].to_numpy())
    versions = f.registry[f.registry["org"].isin(position.index)]
    where = position.reindex(versions["org"].to_numpy()).to_numpy()
    unit = versions["unit"].cat.codes.to_numpy().astype("int64")
    start, end = _days(versions["start"]), _days(versions["end"])
    quarters = pd.PeriodIndex([q.replace("-Q", "Q") for q in items], freq="Q")
    q_start = _days(quarters.start_time.normalize())[:, None]
    q_end = _days((quarters.end_time.normalize() + pd.Timedelta(days=1)))[:, None]  # exclusive
    held = f.conferences
    keys = np.sort(held["unit"].cat.codes.to_numpy().astype("int64") * _SPAN + _days(held["date"]))
    low, high = np.maximum(start, q_start), np.minimum(end, q_end)
    count = np.searchsorted(keys, unit * _SPAN + high) - np.searchsorted(keys, unit * _SPAN + low)
    count = np.where(low < high, count, 0)
    at_end = (start <= q_end - 1) & (q_end - 1 < end)
    cell = (np.arange(len(items))[:, None] * len(registry) + where).ravel()
    unit_conferences = np.bincount(cell, weights=count.ravel(), minlength=cells).astype("int64")
    existed = np.bincount(cell, weights=(at_end | (count > 0)).ravel(), minlength=cells) > 0
    return existed, unit_conferences


def _successors(prep: Prepared, registry: pd.DataFrame) -> np.ndarray | None:
    """Unit code → the code of the unit it goes on in (following ``Sáp nhập vào`` to the first unit with
    organisations in ``registry``), itself otherwise; None when no unit merged."""
    history = prep.history
    if history.empty or history["_merged"].isna().all():
        return None
    categories = prep.identities["unit"].cat.categories
    code = {fold_key(u): i for i, u in enumerate(categories)}
    merged = dict(history.dropna(subset=["_merged"])[["_unit", "_merged"]].itertuples(index=False, name=None))
    present = set(registry["unit"].cat.codes.to_numpy().tolist())
    mapping = np.arange(len(categories))
    for i, name in enumerate(categories):
        key, steps = fold_key(name), 0
        while key in merged and steps < 16:
            key, steps = merged[key], steps + 1
            if code.get(key) in present:
                mapping[i] = code[key]
                break
    return mapping


def _continued(prep: Prepared, registry: pd.DataFrame, successors: np.ndarray, orgs: np.ndarray) -> np.ndarray:
    """Attendance organisation numbers, a predecessor's organisation replaced by its successor's of the same
    (folded) name when the successor has one in ``registry`` and the predecessor's is not there itself."""
    identities = prep.identities  # row i is organisation number i
    unit_codes, org_names = identities["unit"].cat.codes.to_numpy(), identities["organization"].astype(object).to_numpy()
    listed = set(registry["org"].tolist())
    names = {(int(u), fold_key(o)): int(c) for u, o, c in zip(registry["unit"].cat.codes, registry["organization"],
                                                             registry["org"])}
    swap = {}
    for number in np.unique(orgs[orgs >= 0]).tolist():
        unit = int(unit_codes[number])
        if number in listed or unit < 0 or successors[unit] == unit:
            continue
        target = names.get((int(successors[unit]), fold_key(org_names[number])))
        if target is not None:
            swap[number] = target
    if not swap:
        return orgs
    return pd.Series(orgs).replace(swap).to_numpy()


def _held(held: pd.DataFrame, per: str, items: pd.Index, registry: pd.DataFrame,
          successors: np.ndarray | None = None) -> np.ndarray:
    """For each grid cell (item-major, as in ``coverage_gaps``), the conferences its organisation's unit held on
    the item (with ``successors``, a predecessor's conferences count as its successor's)."""
    units = registry["unit"].cat
    if not len(items) or not len(registry):
        return np.zeros(len(items) * len(registry), dtype="int64")
    # Units and items as positions: the unit codes are shared by every prepared frame.
    unit_code = held["unit"].cat.codes.to_numpy()
    if successors is not None:
        unit_code = np.where(unit_code >= 0, successors[np.maximum(unit_code, 0)], -1)
    item_of_category = items.get_indexer(held[per].cat.categories)
    codes = held[per].cat.codes.to_numpy()
    item = np.where(codes >= 0, item_of_category[codes], -1)
    inside = (item >= 0) & (unit_code >= 0)
    n_units = len(units.categories)
    per_unit = np.bincount(item[inside] * n_units + unit_code[inside], minlength=len(items) * n_units)
    registry_units = units.codes.to_numpy()
    return per_unit.reshape(len(items), n_units)[:, registry_units].reshape(-1).astype("int64")
