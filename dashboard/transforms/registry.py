"""Registry history: which organisations existed on a date, with the counts then in force.

The stored registry keeps every version of an organisation's counts
(key: unit, organization, ``as_of``). Rules (docs/metrics.md, "Registry
history"):

* a version is in force from its ``as_of`` until the organisation's next
  version; a missing ``as_of`` (stores and files from before the column)
  means "since the beginning";
* before a unit's first ``as_of``, its earliest registry is in force: the
  versions dated that first day count from the beginning. An organisation
  first listed in a later registry did not exist before that date;
* ``retired_from``: the organisation no longer exists from that day;
* ``renamed_to`` + ``renamed_on``: from that day it is the organisation of
  the new name (``renamed_from`` says which), with the counts of its last
  version until the new name has a version of its own;
* a unit's organisations exist only while the unit does (the units table:
  first ``valid_from`` to last ``valid_to``): after a merger they belong to
  the successor's registry, before it to the predecessor's, never to both.

``registry_intervals`` turns the versions into the days each is in force,
``[start, end)``; ``registry_at`` answers "which organisations, with which
counts, on this date" for dates or for conferences (each on its own date).
Both are pure: frames in, frames out, inputs untouched.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from dashboard.contract.text import fold_series

# Open ends of an interval: before and after any date the data can hold.
PAST = pd.Timestamp("1900-01-01")
FUTURE = pd.Timestamp("2200-01-01")
_DAY = pd.Timedelta(days=1)
LATEST = FUTURE - _DAY  # "today and on": the day the latest registry is read on


def _text(values: pd.Series) -> pd.Series:
    """Plain text keys (categoricals decoded), for grouping and merging."""
    return values.astype(object) if isinstance(values.dtype, pd.CategoricalDtype) else values


def _day(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values)).dt.normalize().astype("datetime64[us]")


def _folded(values: pd.Series) -> pd.Series:
    return fold_series(_text(values).astype("string")).astype(object)


def unit_lifetimes(unit_history: pd.DataFrame | None) -> pd.DataFrame:
    """Each unit of the units table (folded name ``_unit``) with the days it exists: ``[born, gone)``.

    A unit exists from its earliest ``valid_from`` (missing: since the
    beginning) to the day after its latest ``valid_to`` (missing: still).
    Units the table does not list exist always.
    """
    if unit_history is None or unit_history.empty:
        return pd.DataFrame({"_unit": pd.Series(dtype=object), "born": pd.Series(dtype="datetime64[us]"),
                             "gone": pd.Series(dtype="datetime64[us]")})
    rows = pd.DataFrame({
        "_unit": _folded(unit_history["unit"]).to_numpy(),
        "born": _day(unit_history["valid_from"]).fillna(PAST).to_numpy(),
        "gone": (_day(unit_history["valid_to"]) + _DAY).fillna(FUTURE).to_numpy(),
    }).dropna(subset=["_unit"])
    return rows.groupby("_unit", as_index=False).agg(born=("born", "min"), gone=("gone", "max"))


def registry_intervals(organizations: pd.DataFrame, unit_history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every organisation version with the days it is in force: ``start`` (inclusive) to ``end`` (exclusive).

    Args:
        organizations: the stored registry, every version (columns of
            ``STORED_SCHEMAS["organizations"]``; ``retired_from``,
            ``renamed_to``, ``renamed_on`` may be absent).
        unit_history: the stored units table, or None (units exist always).

    Returns:
        The organisations' columns plus ``start``, ``end`` and
        ``renamed_from``: one row per version, and per version carried over
        to a new name (``organization`` is then the new name,
        ``renamed_from`` the old one). Versions never in force (an
        organisation retired before its version's date, a unit gone) are
        left out. An organisation's rows never overlap.
    """
    orgs = organizations.reset_index(drop=True)
    for column in ("as_of", "retired_from", "renamed_on"):
        if column not in orgs:
            orgs = orgs.assign(**{column: pd.Series(pd.NaT, index=orgs.index, dtype="datetime64[us]")})
    if "renamed_to" not in orgs:
        orgs = orgs.assign(renamed_to=pd.Series(pd.NA, index=orgs.index, dtype=object))
    unit, name = _folded(orgs["unit"]), _folded(orgs["organization"])
    as_of = _day(orgs["as_of"]).fillna(PAST)
    # Before a unit's first registry, its earliest one is in force.
    first = as_of.groupby(unit.to_numpy()).transform("min")
    start = as_of.where(as_of > first, PAST)

    # Facts of the organisation, whichever version states them: the first retirement, the first rename.
    facts = pd.DataFrame({"_unit": unit, "_name": name, "retired": _day(orgs["retired_from"]),
                          "renamed_on": _day(orgs["renamed_on"]), "renamed_to": _text(orgs["renamed_to"])})
    retired = facts.groupby(["_unit", "_name"])["retired"].min()
    renames = (facts.dropna(subset=["renamed_on", "renamed_to"]).sort_values("renamed_on", kind="stable")
               .drop_duplicates(["_unit", "_name"]))
    renames = renames.assign(_new=_folded(renames["renamed_to"]))

    rows = orgs.assign(_unit=unit.to_numpy(), _name=name.to_numpy(), start=start.to_numpy(),
                       renamed_from=pd.Series(pd.NA, index=orgs.index, dtype=object))
    # A new name's own versions count from the rename on, not before.
    since = renames[["_unit", "_new", "renamed_on"]].rename(columns={"_new": "_name", "renamed_on": "_since"})
    since = since.groupby(["_unit", "_name"], as_index=False)["_since"].min()
    rows = rows.merge(since, on=["_unit", "_name"], how="left")
    rows = rows.assign(start=rows["start"].where(rows["_since"].isna() | (rows["start"] >= rows["_since"]),
                                                 rows["_since"]))
    rows = rows.sort_values(["_unit", "_name", "start"], kind="stable").reset_index(drop=True)
    same = (rows["_unit"] == rows["_unit"].shift(-1)) & (rows["_name"] == rows["_name"].shift(-1))
    following = rows["start"].shift(-1).where(same, FUTURE)
    rows = rows.assign(end=following.fillna(FUTURE).astype("datetime64[us]"))
    # Clip to the unit's life.
    life = rows[["_unit"]].merge(unit_lifetimes(unit_history), on="_unit", how="left")
    born, gone = life["born"].fillna(PAST).to_numpy(), life["gone"].fillna(FUTURE).to_numpy()
    rows = rows.assign(start=np.maximum(rows["start"].to_numpy(), born), end=np.minimum(rows["end"].to_numpy(), gone))

    out = [_ended(rows, retired, renames)]
    pending = rows
    for _ in range(16):  # renames chained at most this deep (A → B → C …)
        carried = _carried(pending, renames, out)
        if carried.empty:
            break
        out.append(_ended(carried, retired, renames))
        pending = carried
    result = pd.concat(out, ignore_index=True)
    result = result[result["start"] < result["end"]]
    return result.drop(columns=["_unit", "_name", "_since"], errors="ignore").reset_index(drop=True)


def _ended(rows: pd.DataFrame, retired: pd.Series, renames: pd.DataFrame) -> pd.DataFrame:
    """``rows`` ending at their organisation's retirement or rename, when earlier."""
    keys = pd.MultiIndex.from_frame(rows[["_unit", "_name"]])
    stop = retired.reindex(keys).to_numpy()
    renamed = renames.set_index(["_unit", "_name"])["renamed_on"].reindex(keys).to_numpy()
    end = rows["end"].to_numpy()
    for limit in (stop, renamed):
        limit = pd.Series(limit).fillna(FUTURE).astype("datetime64[us]").to_numpy()
        end = np.minimum(end, limit)
    return rows.assign(end=end)


def _carried(rows: pd.DataFrame, renames: pd.DataFrame, done: list[pd.DataFrame]) -> pd.DataFrame:
    """The versions of renamed organisations still in force on their rename day, under the new name.

    They hold until the new name's first own version (or its own retirement or rename, applied by the caller).
    """
    if renames.empty or rows.empty:
        return rows.iloc[0:0]
    moved = rows.merge(renames[["_unit", "_name", "renamed_to", "_new", "renamed_on"]].rename(
        columns={"renamed_to": "_to", "renamed_on": "_on"}), on=["_unit", "_name"])
    moved = moved[moved["end"] > moved["_on"]]
    if moved.empty:
        return rows.iloc[0:0]
    own = pd.concat(done, ignore_index=True)
    own = own[own["renamed_from"].isna()].groupby(["_unit", "_name"])["start"].min()
    first_own = own.reindex(pd.MultiIndex.from_frame(moved[["_unit", "_new"]])).fillna(FUTURE).to_numpy()
    carried = moved.assign(
        renamed_from=_text(moved["organization"]).to_numpy(), organization=moved["_to"].to_numpy(),
        _name=moved["_new"].to_numpy(), start=np.maximum(moved["start"].to_numpy(), moved["_on"].to_numpy()),
        end=np.minimum(moved["end"].to_numpy(), first_own.astype("datetime64[us]")),
    )
    # Further renames are read from the new name's own rows; the carried ones state none themselves.
    carried = carried.assign(renamed_to=pd.NA, renamed_on=pd.NaT)
    return carried.drop(columns=["_to", "_on", "_new"])[rows.columns]


def registry_at(organizations: pd.DataFrame, when, unit_history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The organisations that existed on each date of ``when``, with the counts then in force.

    Args:
        organizations: the stored registry (every version), or its
            ``registry_intervals`` (columns ``start`` and ``end``: used as
            they are, e.g. ``Filtered.registry``).
        when: a date, or several (list, Series, Index): every unit's
            registry on each; or a DataFrame with a ``date`` column, one
            registry per row: its ``unit``'s when it has a ``unit`` column
            (conferences: each on its own date), else every unit's. Its other
            columns are kept (``conference_id``, ``document``, ``quarter`` …).
        unit_history: the stored units table (only used when
            ``organizations`` are versions, not intervals).

    Returns:
        One row per row (or date) of ``when`` and organisation existing on
        that date: ``when``'s columns (``date`` for bare dates), then the
        organisation's version (``organization``, ``org_type``, ``members``,
        ``party_members``, ``exempt_members``, ``as_of`` of the version in
        force, ``renamed_from`` …), in ``when``'s order.
    """
    intervals = (organizations if {"start", "end"} <= set(organizations.columns)
                 else registry_intervals(organizations, unit_history))
    if isinstance(when, pd.DataFrame):
        frame = when.reset_index(drop=True)
    else:
        dates = [when] if isinstance(when, (str, pd.Timestamp)) or not isinstance(when, Iterable) else list(when)
        frame = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates, dtype=object))})
    if "date" not in frame:
        raise ValueError("registry_at: when= needs a date column (or dates)")
    left = frame.assign(_row=np.arange(len(frame)), _day=_day(frame["date"]).to_numpy())
    right = intervals.drop(columns=[c for c in intervals.columns if c in frame.columns and c != "unit"])
    if "unit" in frame:
        if left["unit"].dtype != right["unit"].dtype:
            left, right = left.assign(unit=_text(left["unit"])), right.assign(unit=_text(right["unit"]))
        merged = left.merge(right, on="unit")
    else:
        merged = left.merge(right, how="cross")
    day = merged["_day"].to_numpy()
    merged = merged[(merged["start"].to_numpy() <= day) & (day < merged["end"].to_numpy())]
    merged = merged.sort_values("_row", kind="stable").drop_duplicates(["_row", "unit", "organization"], keep="last")
    return merged.drop(columns=["_row", "_day", "start", "end"]).reset_index(drop=True)


def carried_over(rows: pd.DataFrame, in_force: pd.DataFrame, unit_history: pd.DataFrame | None,
                 on: Iterable[str] = ()) -> pd.DataFrame:
    """``rows`` (attendance-like: ``unit``, ``organization``, …) with a predecessor's organisation read as its
    successor's of the same name.

    After a merger the former ward's cells belong to the successor's registry (docs/metrics.md, "Units over
    time"). A row whose (``on`` columns, unit, organization) is not in ``in_force`` (a ``registry_at``
    result) and whose unit merged (``merged_into``, followed transitively) into a unit that has, in
    ``in_force`` for the same ``on`` values, an organisation of the same folded name, takes that unit and
    organisation. ``carried_from`` keeps the unit the row was written for (missing for rows unchanged).

    Args:
        rows: the rows to read (text or categorical keys; categoricals must already hold the successor's names).
        in_force: the registry in force, e.g. ``registry_at(f.registry, on_dates)``.
        unit_history: the stored units table (``Filtered.unit_history``); None or empty: rows unchanged.
        on: columns of both frames the registry was read per (``document`` when each has its own date).
    """
    on = list(on)
    out = rows.assign(carried_from=pd.Series(pd.NA, index=rows.index, dtype=object))
    if unit_history is None or unit_history.empty or rows.empty or in_force.empty:
        return out
    successor = {u: m for u, m in zip(_folded(unit_history["unit"]), _folded(unit_history["merged_into"]))
                 if isinstance(m, str)}
    if not successor:
        return out
    registered = in_force[[*on, "unit", "organization"]].drop_duplicates()
    spelled = {(*key, fu, fo): (u, o) for *key, u, o, fu, fo in zip(
        *(registered[c].tolist() for c in [*on, "unit", "organization"]),
        _folded(registered["unit"]).tolist(), _folded(registered["organization"]).tolist())}
    combos = rows[[*on, "unit", "organization"]].drop_duplicates()
    moves = []
    for *key, unit, name, folded_unit, folded_name in zip(
            *(combos[c].tolist() for c in [*on, "unit", "organization"]),
            _folded(combos["unit"]).tolist(), _folded(combos["organization"]).tolist()):
        if (*key, folded_unit, folded_name) in spelled:
            continue
        step, seen = folded_unit, set()
        while step in successor and step not in seen:
            seen.add(step)
            step = successor[step]
            target = spelled.get((*key, step, folded_name))
            if target is not None:
                moves.append((*key, unit, name, *target))
                break
    if not moves:
        return out
    moved = pd.DataFrame(moves, columns=[*on, "unit", "organization", "_unit", "_organization"])
    keys = [*on, "unit", "organization"]
    found = out[keys].astype(object).merge(moved.astype(object), on=keys, how="left")
    hit = found["_unit"].notna().to_numpy()
    return out.assign(
        carried_from=np.where(hit, out["unit"].astype(object).to_numpy(), out["carried_from"].to_numpy()),
        unit=np.where(hit, found["_unit"].to_numpy(), out["unit"].astype(object).to_numpy()),
        organization=np.where(hit, found["_organization"].to_numpy(), out["organization"].astype(object).to_numpy()),
    ).astype({"unit": rows["unit"].dtype, "organization": rows["organization"].dtype})
