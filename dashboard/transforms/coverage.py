"""Topic coverage: which documents and themes reached whom, and the study rate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.contract.roles import STUDIED, default_role
from dashboard.store import Tables
from dashboard.transforms.registry import carried_over
from dashboard.transforms.filters import Filtered, apply_filters, decoded

_COUNTS = ("attendees", "study_sessions", "dissemination_links", "organizations_reached", "cells_reached",
           "cells_studied", "party_members_studied", "party_members_other_orgs")


def topic_coverage(tables: Tables, by: str = "document", exclude_exempt: bool = True, target: float | None = None,
                   **filters) -> pd.DataFrame:
    """Reach and study rate per document or theme (tỷ lệ đảng viên học tập, quán triệt).

    Formula, per document (its identity: the catalogue key ``35-NQ/TW@2018-10-22``
    or the reference kept as written) or, with ``by="topic"``, per theme, over
    the filtered conferences linked to it. Each link has a role
    (``conference_documents.role``): the conference *studied* the document
    (a study session: the main one or a make-up one, học bù) or only
    *disseminated* it. A theme's link is a study session when its conference
    studied one of its documents, or, citing none, when its kind studies by
    default (``hoc_tap_quan_triet``, ``chuyen_de``).

    * ``conferences`` — linked conferences; ``study_sessions`` and
      ``dissemination_links`` — of which studied it / only disseminated it;
    * ``attendees`` — person-visits at every linked conference, study or not
      (as in ``quarterly_activity``);
    * ``organizations_reached`` — distinct organisations with attendees > 0
      at a linked conference; ``organizations_registered`` — organisations
      in the filtered registry;
    * ``cells_reached`` / ``cells_studied`` — chi bộ with attendees > 0 at
      any linked conference / at a study session; ``cells_registered`` —
      every chi bộ in the filtered registry, with or without a member count;
      ``cells_counted`` — those with one (only they enter the rate);
    * ``party_members_total`` — the denominator: Σ over the counted chi bộ
      of Party members, less those exempt from meetings (miễn sinh hoạt)
      when ``exclude_exempt``. Every Party member belongs to exactly one
      chi bộ, so members counted inside unions or the Front are never added;
    * ``party_members_studied`` — for each counted chi bộ, the Party members
      it sent to the study sessions (its attendees where a row gives no
      Party-member count), summed over the sessions and capped at that chi
      bộ's members, summed over chi bộ. Sessions are taken as different
      people, so this is an upper bound (we hold counts, not names);
    * ``study_rate`` = studied ÷ total, never above 1; empty when the
      document had no study session, or no chi bộ has a member count;
    * ``party_members_other_orgs`` — Party members who came to a linked
      conference with another organisation (the committee, a union): beside,
      never added;
    * ``cells_below_target`` (only with ``target``) — counted chi bộ whose own
      rate (studied ÷ its members) is below ``target``; a chi bộ that came to
      no study session is below it.

    With a ``document=`` filter, only the documents it names are returned, and
    each row equals that document's row without the filter.

    Raises:
        ValueError: ``by`` is neither ``document`` nor ``topic``; a filter
            value matches nothing.
    """
    if by not in ("document", "topic"):
        raise ValueError(f"by must be 'document' or 'topic', not {by!r}")
    f = apply_filters(tables, **filters)
    links = _links(f, by)
    if by == "document" and f.documents:
        # Conferences were selected by the document; their other documents are not what was asked.
        links = links[links["document"].isin(f.documents)]
    per_conference = f.conferences.assign(
        attendees=f.conferences["listed_attendees"].fillna(f.conferences["attendees_total"]).fillna(0)
    )[["conf", "attendees"]]
    if f.org_types:
        per_conference = f.attendance.groupby("conf", as_index=False)["attendees"].sum()
    key = [by]
    summary = (
        links.merge(per_conference, on="conf", how="left")
        .assign(disseminated=lambda df: ~df["studied"])
        .groupby(key, observed=True).agg(conferences=("conf", "size"), attendees=("attendees", "sum"),
                                         study_sessions=("studied", "sum"),
                                         dissemination_links=("disseminated", "sum"))
    )
    # Only the columns used below: at a country's scale this frame has over ten million rows.
    rows = f.attendance[["conf", "unit", "organization", "org_type", "attendees", "party_members"]].merge(
        links[["conf", by, "studied"]], on="conf")
    # A predecessor's cells are read as its successor's of the same name: across a 2025 merger the
    # successor's registry (the one in force at the end of the period) is the denominator, and the
    # former ward's sessions count for the cells that carried on (docs/metrics.md, "Units over time").
    rows = carried_over(rows, f.organizations, f.unit_history).drop(columns="carried_from")
    reached = rows[rows["attendees"] > 0]
    cells = _cell_capacity(f.organizations, exclude_exempt)
    counted = cells.dropna(subset=["capacity"])
    in_cells = reached[reached["org_type"] == "chi_bo"]
    per_cell = (
        in_cells[in_cells["studied"]]
        .assign(pm=lambda df: df["party_members"].fillna(df["attendees"]))
        .groupby(key + ["unit", "organization"], as_index=False, observed=True)["pm"].sum()
        .merge(counted, on=["unit", "organization"])
        .assign(pm=lambda df: df["pm"].clip(upper=df["capacity"]))
    )
    studied = per_cell.groupby(key, observed=True)["pm"].sum().rename("party_members_studied")
    distinct_cells = in_cells.drop_duplicates(key + ["unit", "organization", "studied"])
    cells_reached = distinct_cells.drop_duplicates(key + ["unit", "organization"]).groupby(key, observed=True).size()
    cells_studied = distinct_cells[distinct_cells["studied"]].groupby(key, observed=True).size()
    other = (
        reached[reached["org_type"] != "chi_bo"].groupby(key, observed=True)["party_members"].sum()
        .rename("party_members_other_orgs")
    )
    organizations = (
        reached.drop_duplicates(key + ["unit", "organization"]).groupby(key, observed=True).size()
        .rename("organizations_reached")
    )
    extra = [organizations, cells_reached.rename("cells_reached"), cells_studied.rename("cells_studied"), studied, other]
    if target is not None:
        at_target = per_cell[per_cell["pm"] >= target * per_cell["capacity"]].groupby(key, observed=True).size()
        extra.append((len(counted) - at_target).rename("cells_below_target"))
    total = int(counted["capacity"].sum())
    out = summary.join(extra).reset_index()
    out = out.assign(**{c: out[c].fillna(0).astype("int64") for c in _COUNTS})
    if target is not None:
        out = out.assign(cells_below_target=out["cells_below_target"].fillna(len(counted)).astype("int64"))
    out = (
        out.assign(organizations_registered=len(f.organizations), cells_registered=len(cells),
                   cells_counted=len(counted), party_members_total=total)
        .pipe(decoded)
    )
    rate = out["party_members_studied"] / total if total else pd.Series(np.nan, index=out.index)
    out = out.assign(study_rate=pd.array(rate.where(out["study_sessions"] > 0), dtype="Float64"))
    if by == "document":
        out.insert(1, "document_name", out["document"].map(document_name))
    return out.sort_values(["conferences", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def _links(f: Filtered, by: str) -> pd.DataFrame:
    """(conf, unit, document|topic, studied) for the filtered conferences (``conf`` numbers conferences).

    ``studied``: the link is a study session (see ``topic_coverage``).
    """
    documents = f.conference_documents[["conf", "unit", "document", "role"]]
    if by == "document":
        # One row per conference and document already (the stored key).
        return documents.assign(studied=(documents["role"] == STUDIED).to_numpy(dtype=bool, na_value=False))[
            ["conf", "unit", "document", "studied"]]
    studied_conf = documents.loc[(documents["role"] == STUDIED).to_numpy(dtype=bool, na_value=False), "conf"].unique()
    cited = documents["conf"].unique()
    by_kind = {kind for kind in f.conferences["kind"].dropna().unique() if default_role(str(kind)) == STUDIED}
    conferences = f.conferences[["conf", "unit", "topics", "kind"]].dropna(subset=["topics"])
    studied = conferences["conf"].isin(studied_conf) | (~conferences["conf"].isin(cited)
                                                         & conferences["kind"].isin(list(by_kind)))
    return (
        conferences.assign(studied=studied.to_numpy(dtype=bool), topic=conferences["topics"].str.split("; "))
        .explode("topic")[["conf", "unit", "topic", "studied"]]
        .drop_duplicates(["conf", "topic"])
    )


def _cell_capacity(organizations: pd.DataFrame, exclude_exempt: bool) -> pd.DataFrame:
    """Every chi bộ with the Party members expected to study (``capacity``; missing without a count)."""
    cells = organizations[organizations["org_type"] == "chi_bo"]
    exempt = cells["exempt_members"].fillna(0) if exclude_exempt else 0
    return cells.assign(capacity=(cells["party_members"] - exempt).clip(lower=0).astype("Int64"))[
        ["unit", "organization", "capacity"]]
