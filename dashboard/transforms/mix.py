"""Attendee mix: who came, by organisation type or by organisation."""

from __future__ import annotations

import pandas as pd

from dashboard.store import Tables
from dashboard.transforms.filters import apply_filters, decoded


def attendee_mix(tables: Tables, by: str = "org_type", **filters) -> pd.DataFrame:
    """Attendees per quarter and group (cơ cấu thành phần dự).

    Formula, per quarter and group (``by="org_type"`` or ``"organization"``):

    * ``attendees`` — sum of attendance rows (lượt người);
    * ``share`` — the group's attendees ÷ all attendees of the quarter
      (in the filtered rows), so shares of a quarter sum to 1;
    * per organisation also ``org_type``, ``members`` (registered: the
      organisation's version in force at the quarter's end, or its last one
      begun by then, ``dashboard.transforms.registry``) and
      ``attendance_rate`` = attendees ÷ members — person-visits per member,
      which can exceed 1 when the organisation came to several conferences;
      empty when the registry has no member count.

    Conferences with a total but no attendance rows have no known mix and
    are left out here (they count in ``quarterly_activity``).

    Raises:
        ValueError: when ``by`` is neither ``org_type`` nor ``organization``.
    """
    if by not in ("org_type", "organization"):
        raise ValueError(f"by must be 'org_type' or 'organization', not {by!r}")
    f = apply_filters(tables, **filters)
    keys = ["quarter", "unit", "organization", "org_type"] if by == "organization" else ["quarter", "org_type"]
    rows = f.attendance[[*keys, "attendees"]]
    rows = rows.assign(org_type=rows["org_type"].fillna("khac"))
    mix = rows.groupby(keys, observed=True, as_index=False)["attendees"].sum()
    quarter_total = mix.groupby("quarter")["attendees"].transform("sum")
    mix = mix.assign(share=(mix["attendees"] / quarter_total.where(quarter_total > 0)).astype("Float64"))
    if by == "organization":
        mix = mix.assign(members=_members(mix, f.registry))
        mix = mix.assign(attendance_rate=(mix["attendees"] / mix["members"].where(mix["members"] > 0)).astype("Float64"))
    return decoded(mix.sort_values(["quarter", "attendees"], ascending=[True, False], kind="stable").reset_index(drop=True))


def _members(mix: pd.DataFrame, registry: pd.DataFrame) -> pd.Series:
    """Each row's registered members in its quarter: the last version of the organisation begun by the quarter's
    last day (a 2018 quarter keeps the 2018 registry after a 2024 one is uploaded)."""
    rows = mix[["quarter", "unit", "organization"]].reset_index(drop=True)
    quarters = pd.PeriodIndex(rows["quarter"].astype(str).str.replace("-Q", "Q", regex=False), freq="Q")
    day = (quarters.end_time.normalize()).to_numpy(dtype="datetime64[us]")
    versions = registry[["unit", "organization", "start", "members"]]
    found = rows.assign(_row=range(len(rows)), _day=day).merge(versions, on=["unit", "organization"])
    found = found[found["start"].to_numpy(dtype="datetime64[us]") <= found["_day"].to_numpy()]
    last = found.sort_values("start", kind="stable").drop_duplicates("_row", keep="last").set_index("_row")["members"]
    return pd.Series(last.reindex(range(len(rows))).to_numpy(), index=mix.index, dtype="Int64")
