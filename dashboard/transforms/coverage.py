"""Topic coverage: which documents and themes reached whom, and the study rate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.contract.roles import STUDIED, default_role
from dashboard.store import Tables, catalogue_of
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
      of the registry in force on the item's day (the date of its latest
      study session, else of its latest linked conference; the organisation
      and cell counts are of that registry too) of Party members, less those exempt from meetings (miễn sinh hoạt)
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
    # Each item is counted against the registry in force on its day: the date of its latest study session in
    # the selection, or of its latest linked conference when it had none (docs/metrics.md, "Registry history"). Items whose days fall between the same registry
    # changes share one registry (an "epoch"), so the registry is read once per epoch, not once per item.
    dated = links[["conf", by, "studied"]].merge(f.conferences[["conf", "date"]], on="conf")
    latest = dated.groupby(by, observed=True)["date"].max()
    latest_study = dated[dated["studied"]].groupby(by, observed=True)["date"].max()
    day = latest_study.reindex(latest.index).fillna(latest).dt.normalize().astype("datetime64[us]")
    epochs, in_force = _registries_in_force(f.registry, day)
    # Only the columns used below: at a country's scale this frame has over ten million rows.
    rows = f.attendance[["conf", "unit", "organization", "org_type", "attendees", "party_members"]].merge(
        links[["conf", by, "studied"]], on="conf")
    rows = rows.assign(_epoch=rows[by].map(epochs).to_numpy(dtype="int64"))
    # A predecessor's cells are read as its successor's of the same name: across a 2025 merger the
    # successor's registry (the one in force on the item's day) is the denominator, and the former
    # ward's sessions count for the cells that carried on (docs/metrics.md, "Units over time").
    rows = carried_over(rows, in_force, f.unit_history, on=["_epoch"]).drop(columns="carried_from")
    reached = rows[rows["attendees"] > 0]
    cells = _cell_capacity(in_force, exclude_exempt)
    counted = cells.dropna(subset=["capacity"])
    in_cells = reached[reached["org_type"] == "chi_bo"]
    per_cell = (
        in_cells[in_cells["studied"]]
        .assign(pm=lambda df: df["party_members"].fillna(df["attendees"]))
        .groupby(key + ["_epoch", "unit", "organization"], as_index=False, observed=True)["pm"].sum()
        .merge(counted, on=["_epoch", "unit", "organization"])
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
    # The denominators of each epoch's registry, then of each item.
    per_epoch = pd.DataFrame({
        "organizations_registered": in_force.groupby("_epoch").size(),
        "cells_registered": cells.groupby("_epoch").size(),
        "cells_counted": counted.groupby("_epoch").size(),
        "party_members_total": counted.groupby("_epoch")["capacity"].sum().astype("int64"),
    }).reindex(range(len(epochs.unique()) if len(epochs) else 0)).fillna(0).astype("int64")
    denominators = per_epoch.reindex(epochs.to_numpy()).set_axis(epochs.index)
    extra = [organizations, cells_reached.rename("cells_reached"), cells_studied.rename("cells_studied"), studied, other]
    if target is not None:
        at_target = per_cell[per_cell["pm"] >= target * per_cell["capacity"]].groupby(key, observed=True).size()
        extra.append((denominators["cells_counted"] - at_target.reindex(denominators.index).fillna(0))
                     .astype("int64").rename("cells_below_target"))
    out = summary.join(extra + [denominators]).reset_index()
    out = out.assign(**{c: out[c].fillna(0).astype("int64") for c in _COUNTS})
    out = decoded(out)
    total = out["party_members_total"]
    rate = (out["party_members_studied"] / total.where(total > 0)).astype("float64")
    out = out.assign(study_rate=pd.array(rate.where(out["study_sessions"] > 0), dtype="Float64"))
    if by == "document":
        catalogue = catalogue_of(tables)  # the shipped documents and those the units uploaded
        out.insert(1, "document_name", out["document"].map(lambda d: document_name(d, catalogue)))
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
    """Every chi bộ with the Party members expected to study (``capacity``; missing without a count), per epoch."""
    cells = organizations[organizations["org_type"] == "chi_bo"]
    exempt = cells["exempt_members"].fillna(0) if exclude_exempt else 0
    return cells.assign(capacity=(cells["party_members"] - exempt).clip(lower=0).astype("Int64"))[
        ["_epoch", "unit", "organization", "capacity"]]


def _registries_in_force(registry: pd.DataFrame, day: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """The registry in force on each item's ``day``, read once per epoch.

    Args:
        registry: versions with the days each is in force (``Filtered.registry``: ``start``, ``end``).
        day: item → the day its registry is read on.

    Returns:
        ``(epochs, in_force)``: item → epoch number (0, 1, …), and the organisations in force in each epoch
        with an ``_epoch`` column. An epoch is a span of days between two changes of the registry (a
        version's start or end), so every day in it reads the same organisations and counts.
    """
    if day.empty:
        return day.astype("int64"), registry.iloc[0:0].assign(_epoch=pd.Series(dtype="int64"))
    changes = np.unique(np.concatenate([registry["start"].to_numpy(dtype="datetime64[us]"),
                                        registry["end"].to_numpy(dtype="datetime64[us]")]))
    slot = np.searchsorted(changes, day.to_numpy(dtype="datetime64[us]"), side="right")
    slots, epoch = np.unique(slot, return_inverse=True)
    # One day of each epoch (any is the same): the first item's.
    first_item = np.unique(epoch, return_index=True)[1]
    days = day.to_numpy(dtype="datetime64[us]")[first_item]
    start, end = registry["start"].to_numpy(dtype="datetime64[us]"), registry["end"].to_numpy(dtype="datetime64[us]")
    frames = [registry[(start <= on) & (on < end)].assign(_epoch=number) for number, on in enumerate(days)]
    return pd.Series(epoch.astype("int64"), index=day.index), pd.concat(frames, ignore_index=True)
