"""Per-quarter activity: how many conferences, how many attended, how it compares."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.periods import quarter_range, shift_quarter
from dashboard.store import Tables
from dashboard.transforms.filters import apply_filters, decoded

METRICS = ("conferences", "attendees", "party_members_attending", "organizations_reached")


def quarterly_activity(tables: Tables, by: str | None = None, **filters) -> pd.DataFrame:
    """Conferences and attendance per quarter (hội nghị, lượt người dự theo quý).

    Formula, per quarter (and per ``by`` group, ``"kind"`` or ``"unit"``):

    * ``conferences`` — number of conferences held (số hội nghị);
    * ``attendees`` — person-visits (lượt người): for each conference the sum
      of its attendance rows, or its stated total when it has no rows;
    * ``party_members_attending`` — sum of the rows' Party members (lượt đảng viên);
    * ``organizations_reached`` — distinct organisations with attendees > 0;
    * ``<metric>_vs_prev`` / ``_vs_prev_pct`` — change against the previous
      quarter, absolute and relative; ``_vs_year`` / ``_vs_year_pct`` —
      against the same quarter a year before. Empty where that earlier
      quarter lies before the data start, or (relative) where it was 0.

    The data start is a unit's first quarter with a conference of any kind
    (whatever the kind or document filter): with ``by="unit"`` each row uses
    its own unit's, so a unit whose data begins later is never compared with
    the zeros before it; otherwise the earliest among the selected units
    (the whole store: the earliest unit), and totals are compared as totals,
    so a ward merged or added later counts in the change. After the start, a
    quarter without conferences is a real 0.

    With an ``org_type`` filter only rows of that type count, and a
    conference counts when that type attended it. Quarters without a
    conference appear with zeros inside the filtered range. ``period=``
    (``6 tháng đầu năm 2023``) may replace ``quarters=``.

    Raises:
        ValueError: ``by`` not ``None``, ``"kind"`` or ``"unit"``; a bad filter (see ``apply_filters``).

    Returns:
        One row per quarter (and group), sorted; columns ``quarter``, the
        group column if any, the four metrics and their changes.
    """
    if by not in (None, "kind", "unit"):
        raise ValueError(f"by must be None, 'kind' or 'unit', not {by!r}")
    f = apply_filters(tables, keep_all_quarters=True, **filters)
    group = ["quarter"] + ([by] if by else [])
    by_conference = (
        f.attendance.groupby("conf", as_index=False)
        .agg(row_attendees=("attendees", "sum"), party_members_attending=("party_members", "sum"))
    )
    conferences = f.conferences.merge(by_conference, on="conf", how="left")
    if f.org_types:
        conferences = conferences[conferences["row_attendees"].fillna(0) > 0]
        attendees = conferences["row_attendees"].fillna(0)
    else:
        attendees = conferences["row_attendees"].fillna(conferences["attendees_total"]).fillna(0)
    per_quarter = (
        conferences.assign(attendees=attendees.astype("int64"),
                           party_members_attending=conferences["party_members_attending"].fillna(0).astype("int64"))
        .groupby(group, observed=True)
        .agg(conferences=("conf", "size"), attendees=("attendees", "sum"),
             party_members_attending=("party_members_attending", "sum"))
    )
    reached = (
        f.attendance.loc[f.attendance["attendees"] > 0, list(dict.fromkeys(group + ["unit", "organization"]))]
        .drop_duplicates()
        .groupby(group, observed=True).size().rename("organizations_reached")
    )
    data_quarters = f.all_quarters.dropna()
    first, last = f.quarters
    first = first or (data_quarters.min() if len(data_quarters) else None)
    last = last or (data_quarters.max() if len(data_quarters) else None)
    if first is None or last is None:
        return _empty(by)
    start = f.starts.min() if len(f.starts) else None
    # The grid reaches back to what the comparisons of the shown quarters can use: a year, not before the data.
    span_start = first if start is None else min(first, max(start, shift_quarter(first, -4)))
    quarters = quarter_range(span_start, last)
    groups = [None] if not by else sorted(per_quarter.index.get_level_values(by).unique().astype(str))
    full_index = (pd.Index(quarters, name="quarter") if not by
                  else pd.MultiIndex.from_product([quarters, groups], names=group))
    if by:  # group labels as text, so the full grid below matches them
        per_quarter, reached = (decoded(x.reset_index()).set_index(group) for x in (per_quarter, reached))
    table = (
        per_quarter.join(reached, how="outer")
        .reindex(full_index).fillna(0).astype("int64")
        .reset_index()
    )
    # Each row's data start: its own unit's with by="unit", else the selection's.
    starts = table[by].map(f.starts) if by == "unit" else pd.Series(start, index=table.index, dtype="str")
    table = _with_changes(table, by, starts)
    return table[(table["quarter"] >= first) & (table["quarter"] <= last)].reset_index(drop=True)


def _with_changes(table: pd.DataFrame, by: str | None, starts: pd.Series) -> pd.DataFrame:
    """The ``_vs_prev`` / ``_vs_year`` columns; empty where the earlier quarter is before the row's ``starts``."""
    keys = ["quarter"] + ([by] if by else [])
    indexed = table.set_index(keys)
    out = table.copy()
    for suffix, steps in (("prev", -1), ("year", -4)):
        earlier_q = table["quarter"].map(lambda q, steps=steps: shift_quarter(q, steps))
        lookup = [earlier_q] + ([table[by]] if by else [])
        earlier_index = pd.MultiIndex.from_arrays(lookup) if by else pd.Index(earlier_q)
        comparable = (earlier_q >= starts).fillna(False).to_numpy(dtype=bool)
        for metric in ("conferences", "attendees", "party_members_attending", "organizations_reached"):
            before = indexed[metric].reindex(earlier_index).to_numpy(dtype="float64")
            before = np.where(comparable, before, np.nan)
            now = table[metric].to_numpy(dtype="float64")
            out[f"{metric}_vs_{suffix}"] = pd.array(np.where(np.isnan(before), np.nan, now - before), dtype="Float64")
            with np.errstate(divide="ignore", invalid="ignore"):
                relative = np.where(before > 0, (now - before) / before, np.nan)
            out[f"{metric}_vs_{suffix}_pct"] = pd.array(relative, dtype="Float64")
    return out


def _empty(by: str | None) -> pd.DataFrame:
    columns = ["quarter"] + ([by] if by else []) + list(METRICS)
    columns += [f"{m}_vs_{s}{p}" for s in ("prev", "year") for m in METRICS for p in ("", "_pct")]
    return pd.DataFrame(columns=columns)
