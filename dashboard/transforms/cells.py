"""The study rate of each document, chi bộ by chi bộ: the report's appendix and the chart of chi bộ below target.

``topic_coverage`` sums over chi bộ; the appendix lists them. This module
computes the per-chi-bộ terms of exactly that sum, with the building blocks
``topic_coverage`` itself uses (the same links, the registry in force on the
document's day, the same carrying-over of a predecessor's cells, the same
cap), so that for every document

* Σ ``studied`` over the counted chi bộ = ``party_members_studied``,
* Σ ``expected`` = ``party_members_total``,
* the chi bộ with ``below`` = ``cells_below_target``.

``tests/report/test_content.py`` checks the three equalities on the sample.
"""

from __future__ import annotations

import pandas as pd

from dashboard.store import Tables
from dashboard.transforms.coverage import _cell_capacity, _links, _registries_in_force
from dashboard.transforms.filters import apply_filters
from dashboard.transforms.registry import carried_over

COLUMNS = ["document", "unit", "organization", "expected", "studied", "rate", "below"]


def study_by_cell(tables: Tables, target: float | None = None, exclude_exempt: bool = True,
                  latest_only: bool = False, **filters) -> pd.DataFrame:
    """One row per document studied under ``filters`` and chi bộ of the registry in force on its day.

    Columns: ``document`` (identity), ``unit`` and ``organization`` of the chi
    bộ, ``expected`` (its Party members less the exempt when
    ``exclude_exempt``; missing when the registry has no count, such a chi
    bộ is not counted), ``studied`` (Party members it sent to the study
    sessions, its attendees where a row has no Party-member count, capped at
    ``expected``), ``rate`` = studied ÷ expected, ``below`` (only with
    ``target``: a counted chi bộ whose rate is below it, also one that came
    to no session). Sorted by document, then unit and chi bộ as stored.

    With ``latest_only`` and no ``document`` filter, only the document whose
    latest study session is the most recent (the campaign leaders follow now;
    on a tie, the one with more study sessions, then by identity).

    Raises:
        ValueError: a filter value that matches nothing (``apply_filters``).
    """
    f = apply_filters(tables, **filters)
    links = _links(f, "document")
    if f.documents:
        links = links[links["document"].isin(f.documents)]
    studied_documents = links.loc[links["studied"], "document"].astype(str).unique()
    if len(studied_documents) == 0:
        return pd.DataFrame(columns=COLUMNS)
    dated = links[["conf", "document", "studied"]].merge(f.conferences[["conf", "date"]], on="conf")
    dated = dated.assign(document=dated["document"].astype(str))
    latest = dated.groupby("document")["date"].max()
    latest_study = dated[dated["studied"]].groupby("document")["date"].max()
    day = latest_study.reindex(latest.index).fillna(latest).dt.normalize().astype("datetime64[us]")
    if latest_only and not f.documents:
        sessions = dated[dated["studied"]].groupby("document").size()
        ranked = pd.DataFrame({"day": latest_study, "sessions": sessions}).reset_index(names="document")
        newest = ranked.sort_values(["day", "sessions", "document"], ascending=[False, False, True]).iloc[0]["document"]
        studied_documents = [newest]
    epochs, in_force = _registries_in_force(f.registry, day)
    rows = f.attendance[["conf", "unit", "organization", "org_type", "attendees", "party_members"]].merge(
        links[["conf", "document", "studied"]].assign(document=lambda df: df["document"].astype(str)), on="conf")
    rows = rows.assign(_epoch=rows["document"].map(epochs).to_numpy(dtype="int64"))
    rows = carried_over(rows, in_force, f.unit_history, on=["_epoch"]).drop(columns="carried_from")
    sent = rows[(rows["attendees"] > 0) & (rows["org_type"] == "chi_bo") & rows["studied"]]
    sent = (sent.assign(pm=sent["party_members"].fillna(sent["attendees"]),
                        unit=sent["unit"].astype(str), organization=sent["organization"].astype(str))
            .groupby(["document", "unit", "organization"], as_index=False)["pm"].sum())
    cells = _cell_capacity(in_force, exclude_exempt)
    cells = cells.assign(unit=cells["unit"].astype(str), organization=cells["organization"].astype(str))
    frames = []
    for document in studied_documents:
        own = cells[cells["_epoch"] == epochs[document]].drop(columns="_epoch").assign(document=document)
        frames.append(own.merge(sent[sent["document"] == document], on=["document", "unit", "organization"],
                                how="left"))
    out = pd.concat(frames, ignore_index=True)
    expected = out["capacity"].astype("Int64")
    studied = pd.Series(out["pm"].fillna(0).to_numpy(dtype="int64"), index=out.index)
    studied = studied.where(expected.isna(), studied.clip(upper=expected.fillna(0).astype("int64")))
    out = out.assign(expected=expected, studied=studied.astype("Int64"))
    out = out.assign(rate=(out["studied"] / out["expected"].where(out["expected"] > 0)).astype("Float64"))
    below = pd.Series(pd.NA, index=out.index, dtype="boolean")
    if target is not None:
        counted = out["expected"].notna()
        # As topic_coverage counts it: a counted chi bộ is at target only when it came and reached it.
        came = out["pm"].notna()
        at_target = came & (out["studied"] >= target * out["expected"]).fillna(False)
        below = (counted & ~at_target).astype("boolean").where(counted)
    out = out.assign(below=below)
    return out[COLUMNS].reset_index(drop=True)
