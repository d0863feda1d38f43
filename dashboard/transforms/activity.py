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
      against the same quarter a year before. Empty where that quarter lies
      before the first data, or (relative) where it was 0.

    With an ``org_type`` filter only rows of that type count, and a
    conference counts when that type attended it. Quarters without a
    conference appear with zeros inside the filtered range.

    Returns:
        One row per quarter (and group), sorted; columns ``quarter``, the
        group column if any, the four metrics and their changes.
    """
    f = apply_filters(tables, keep_all_quarters=True, **filters)
    group = ["quarter"] + ([by] if by else [])
    by_conference = (
        f.attendance.groupby("conf", as_index=False)
        .agg(row_attendees=("attendees", "sum"), party_members_attending=("party_members", "sum"))
    )
    conferences = f.conferences.merge(by_conference, on="conf", how="left")
    if filters.get("org_type"):
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
    span_start = min(filter(None, [data_quarters.min() if len(data_quarters) else None, first]), default=None)
    if first is None or last is None:
        return _empty(by)
    quarters = quarter_range(span_start, max(last, data_quarters.max() if len(data_quarters) else last))
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
    table = _with_changes(table, by, data_start=data_quarters.min() if len(data_quarters) else first)
    return table[(table["quarter"] >= first) & (table["quarter"] <= last)].reset_index(drop=True)


def _with_changes(table: pd.DataFrame, by: str | None, data_start: str) -> pd.DataFrame:
    keys = ["quarter"] + ([by] if by else [])
    indexed = table.set_index(keys)
    out = table.copy()
    for suffix, steps in (("prev", -1), ("year", -4)):
        earlier_q = table["quarter"].map(lambda q, steps=steps: shift_quarter(q, steps))
        lookup = [earlier_q] + ([table[by]] if by else [])
        earlier_index = pd.MultiIndex.from_arrays(lookup) if by else pd.Index(earlier_q)
        comparable = (earlier_q >= data_start).to_numpy()
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
