"""The part of the tables an account may read: read access by unit, through the units table.

An account is granted units (``python -m dashboard users add NAME --unit UNIT``). It reads, of each granted
unit, what a unit filter on it selects (``filters.unit_scope``): the unit itself, every unit under it
through ``Trực thuộc`` for the days it was under it, and the history of the units merged into it (a ward
formed by the 2025 mergers reads its predecessors' conferences). ``readable(tables, grants)`` is those
tables, cut down: every view, export, report and conference detail computed from them holds nothing else,
whatever a request asks for. ``grants=None`` is everything (an admin with no unit, ``--all-units``, or
viewing open to all).

The cut tables carry their own ``stamp`` (the full tables' stamp and a digest of the units they hold) and
``scope`` (those units), so every cache keyed by the stamp keeps one account's answers from another's.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from dataclasses import replace
from typing import Iterable

import numpy as np
import pandas as pd

from dashboard.store import Tables
from dashboard.transforms.filters import _scoped, unit_scope
from dashboard.transforms.registry import FUTURE, PAST

# Cut tables kept per full tables: a worker serves a few committees at a time.
KEPT_PER_TABLES = 16

_CUT: "weakref.WeakKeyDictionary[Tables, OrderedDict]" = weakref.WeakKeyDictionary()
_CUT_LOCK = threading.Lock()


def readable(tables: Tables, grants: Iterable[str] | None) -> Tables:
    """``tables`` cut down to what ``grants`` may read (``grants=None``: ``tables`` itself).

    Kept per (tables, grants): the requests of one account share one cut, and its ``prepared`` joins.
    """
    if grants is None:
        return tables
    key = tuple(sorted(dict.fromkeys(str(g) for g in grants)))
    with _CUT_LOCK:
        kept = _CUT.setdefault(tables, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    cut = _cut(tables, key)
    with _CUT_LOCK:
        kept[key] = cut
        while len(kept) > KEPT_PER_TABLES:
            kept.popitem(last=False)
    return cut


def _cut(tables: Tables, grants: tuple[str, ...]) -> Tables:
    scopes = []
    for grant in grants:
        try:
            scopes.append(unit_scope(tables, grant, include_predecessors=True))
        except ValueError:  # a unit the store does not hold: it grants nothing
            continue
    scope = pd.concat(scopes, ignore_index=True) if scopes else pd.DataFrame(
        {"unit": pd.Series(dtype=object), "start": pd.Series(dtype="datetime64[us]"),
         "end": pd.Series(dtype="datetime64[us]"), "predecessor": pd.Series(dtype=object)})
    units = sorted(set(scope["unit"]))
    conferences = _scoped(tables.conferences, scope).drop(columns="predecessor")
    # Units read only for some days (a ward while it was under the granted district): their attendance and
    # document rows are checked conference by conference; every other readable unit's rows by unit alone.
    held_per_unit = conferences["unit"].astype(object).value_counts()
    every_per_unit = tables.conferences["unit"].astype(object).value_counts()
    partial = [u for u in units if held_per_unit.get(u, 0) != every_per_unit.get(u, 0)]
    held = _keys(conferences[_in(conferences["unit"], partial)]) if partial else None

    def of_conferences(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[_in(frame["unit"], units)]  # cheap on categoricals
        if held is None or not len(frame):
            return frame
        checked = _in(frame["unit"], partial)
        keep = ~checked
        keep[checked] = _keys(frame[checked]).isin(held)
        return frame[keep]

    def of_units(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[_in(frame["unit"], units)]

    # A unit read for some days only (a ward while it was under the granted district) shows the registry
    # versions and the units-table rows of those days, not where it went or what it became afterwards.
    windows = {unit: list(zip(rows["start"], rows["end"])) for unit, rows in scope.groupby("unit")}
    windowed = {unit for unit, spans in windows.items()
                if not any(start <= PAST and end >= FUTURE for start, end in spans)}

    def registry_of_days(frame: pd.DataFrame) -> pd.DataFrame:
        frame = of_units(frame)
        if not windowed or frame.empty:
            return frame
        last_day = frame["unit"].astype(object).map({u: max(e for _, e in windows[u]) for u in windowed})
        taken = pd.to_datetime(frame["as_of"]).astype("datetime64[us]")
        return frame[last_day.isna() | taken.isna() | (taken < last_day)]

    def history_of_days(frame: pd.DataFrame) -> pd.DataFrame:
        frame = of_units(frame)
        if not windowed or frame.empty:
            return frame
        starts = pd.to_datetime(frame["valid_from"]).astype("datetime64[us]").fillna(PAST)
        ends = (pd.to_datetime(frame["valid_to"]).astype("datetime64[us]") + pd.Timedelta(days=1)).fillna(FUTURE)
        keep = [unit not in windowed or any(start < end_w and begin_w < end for begin_w, end_w in windows[unit])
                for unit, start, end in zip(frame["unit"].astype(object), starts, ends)]
        return frame[np.asarray(keep, dtype=bool)]

    # The stamp names what the cut holds: each unit with the days it is read (two accounts reading the same
    # units for different days, e.g. a district's and one of its former wards', never share an answer).
    covered = sorted({(row.unit, str(row.start), str(row.end)) for row in scope.itertuples()})
    digest = hashlib.sha256(repr(covered).encode("utf-8")).hexdigest()[:12]
    wanted = set(units)
    return replace(
        tables,
        conferences=conferences,
        attendance=of_conferences(tables.attendance),
        conference_documents=of_conferences(tables.conference_documents),
        organizations=registry_of_days(tables.organizations),
        unit_history=history_of_days(tables.unit_history),
        catalogue=of_units(tables.catalogue),
        units=tuple(u for u in tables.units if u in wanted),
        stamp=f"{tables.stamp}-r{digest}" if tables.stamp else "",
        scope=tuple(units),
    )


def _in(values: pd.Series, units: list[str]) -> np.ndarray:
    return values.isin(units).to_numpy()  # on categoricals, on the categories


def _keys(frame: pd.DataFrame) -> pd.Index:
    return pd.MultiIndex.from_arrays([frame["unit"].astype(object).to_numpy(),
                                      frame["conference_id"].astype(object).to_numpy()])
