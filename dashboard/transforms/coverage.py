"""Topic coverage: which documents and themes reached whom, and the study rate."""

from __future__ import annotations

import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.store import Tables
from dashboard.transforms.filters import Filtered, apply_filters, decoded


def topic_coverage(tables: Tables, by: str = "document", exclude_exempt: bool = True, **filters) -> pd.DataFrame:
    """Reach and study rate per document or theme (tỷ lệ đảng viên học tập, quán triệt).

    Formula, per document (normalised code) or, with ``by="topic"``, per theme,
    over the filtered conferences that disseminated it:

    * ``conferences``; ``attendees`` (person-visits, as in ``quarterly_activity``);
    * ``organizations_reached`` — distinct organisations with attendees > 0;
      ``organizations_registered`` — organisations in the filtered registry;
      ``cells_reached`` / ``cells_registered`` — the same for chi bộ;
    * ``party_members_total`` — the unit's Party members: the sum over its
      chi bộ (every Party member belongs to exactly one), less those exempt
      from meetings (miễn sinh hoạt) when ``exclude_exempt``. Party members
      counted inside unions or the Front are the same people and never added;
    * ``party_members_studied`` — for each chi bộ, the Party members it sent
      to those conferences (its attendees when the row gives no Party-member
      count), capped at that chi bộ's Party members, summed over chi bộ:
      coming twice never counts twice;
    * ``study_rate`` = studied ÷ total, never above 1; empty when no chi bộ
      has a member count;
    * ``party_members_other_orgs`` — Party members who came with another
      organisation (the committee, a union): reported beside, not added.
    """
    if by not in ("document", "topic"):
        raise ValueError(f"by must be 'document' or 'topic', not {by!r}")
    f = apply_filters(tables, **filters)
    links = _links(f, by)
    per_conference = f.conferences.assign(
        attendees=f.conferences["listed_attendees"].fillna(f.conferences["attendees_total"]).fillna(0)
    )[["conf", "attendees"]]
    if f.org_types:
        per_conference = f.attendance.groupby("conf", as_index=False)["attendees"].sum()
    key = [by]
    summary = (
        links.merge(per_conference, on="conf", how="left")
        .groupby(key).agg(conferences=("conf", "size"), attendees=("attendees", "sum"))
    )
    # Only the columns used below: at a country's scale this frame has over ten million rows.
    rows = f.attendance[["conf", "unit", "organization", "org_type", "attendees", "party_members"]].merge(
        links[["conf", by]], on="conf")
    reached = rows[rows["attendees"] > 0]
    cells = _cell_capacity(f.organizations, exclude_exempt)
    studied = (
        reached[reached["org_type"] == "chi_bo"]
        .assign(pm=lambda df: df["party_members"].fillna(df["attendees"]))
        .groupby(key + ["unit", "organization"], as_index=False)["pm"].sum()
        .merge(cells, on=["unit", "organization"])
        .assign(pm=lambda df: df["pm"].clip(upper=df["capacity"]))
        .groupby(key).agg(party_members_studied=("pm", "sum"), cells_reached=("organization", "size"))
    )
    other = (
        reached[reached["org_type"] != "chi_bo"].groupby(key)["party_members"].sum()
        .rename("party_members_other_orgs")
    )
    organizations = (
        reached.drop_duplicates(key + ["unit", "organization"]).groupby(key).size().rename("organizations_reached")
    )
    total = int(cells["capacity"].sum())
    out = (
        summary.join([organizations, studied, other])
        .fillna({"organizations_reached": 0, "party_members_studied": 0, "cells_reached": 0,
                 "party_members_other_orgs": 0})
        .astype({"attendees": "int64", "organizations_reached": "int64", "party_members_studied": "int64",
                 "cells_reached": "int64", "party_members_other_orgs": "int64"})
        .assign(
            organizations_registered=len(f.organizations),
            cells_registered=len(cells),
            party_members_total=total,
        )
        .reset_index()
        .pipe(decoded)
    )
    out = out.assign(study_rate=(out["party_members_studied"] / total if total else pd.NA)).astype({"study_rate": "Float64"})
    if by == "document":
        out.insert(1, "document_name", out["document"].map(document_name))
    return out.sort_values(["conferences", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def _links(f: Filtered, by: str) -> pd.DataFrame:
    """(conf, unit, document|topic) for the filtered conferences (``conf`` numbers conferences)."""
    if by == "document":
        return f.conference_documents[["conf", "unit", "document"]].drop_duplicates()
    return (
        f.conferences[["conf", "unit", "topics"]].dropna(subset=["topics"])
        .assign(topic=lambda df: df["topics"].str.split("; "))
        .explode("topic")[["conf", "unit", "topic"]]
        .drop_duplicates()
    )


def _cell_capacity(organizations: pd.DataFrame, exclude_exempt: bool) -> pd.DataFrame:
    """Each chi bộ's Party members who are expected to study (the denominator's parts)."""
    cells = organizations[organizations["org_type"] == "chi_bo"].dropna(subset=["party_members"])
    exempt = cells["exempt_members"].fillna(0) if exclude_exempt else 0
    return cells.assign(capacity=(cells["party_members"] - exempt).clip(lower=0).astype("int64"))[
        ["unit", "organization", "capacity"]]
