"""The filters every analytics function takes, applied one way.

``unit``, ``kind``, ``org_type`` and ``document`` take one value or several,
in any spelling the ingest accepts: units and documents are matched to the
stored ones on their folded key (``Đảng uỷ``/``Đảng ủy``, NFD, case, spaces;
documents through ``parse_reference``), kinds and organisation types by code
or Vietnamese/English label (``dashboard.contract.vocab``). A value that
matches nothing raises ``ValueError`` naming it and its close matches, never
an empty answer. ``quarters`` takes ``(first, last)`` (either may be None),
each one quarter in any spelling ``parse_quarter`` reads; ``period`` takes a
``Period`` or its text (``6 tháng đầu năm 2023``, ``nhiệm kỳ 2020–2025``)
and filters exactly like its quarter range; giving both is an error.
Conference filters (unit, quarters/period, kind, document) select
conferences; ``org_type`` selects attendance rows and registered
organisations. Nothing here modifies the input tables.

Units over time (the stored ``unit_history``): a unit filter selects, as of
each date, every unit under the named one through ``Trực thuộc`` (a city
committee sees its districts' wards while they were under it), and, unless
``include_predecessors=False``, the units merged into it with their own
history (``Đảng ủy phường Thanh Khê`` from 1/7/2025 includes Thanh Khê Tây
before it); their rows carry a ``predecessor`` column naming the
predecessor they came from (missing for the named unit's own rows). See
``unit_scope`` and docs/metrics.md.
"""

from __future__ import annotations

import difflib
import threading
import weakref
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.contract import vocab
from dashboard.contract.documents import resolve_reference
from dashboard.contract.periods import Period, parse_period, parse_quarter
from dashboard.contract.text import clean_text, fold_key
from dashboard.store import Tables
from dashboard.contract.schema import STORED_SCHEMAS
from dashboard.transforms.registry import FUTURE, LATEST, PAST, registry_intervals

FILTER_NAMES = ("unit", "quarters", "period", "kind", "org_type", "document")


def as_list(value: str | Iterable[str] | None) -> list[str] | None:
    """``None`` → None (no filter); one value → [value]; several → list; empty or blank → None."""
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    values = [v for v in values if v is not None and clean_text(v) is not None]
    return values or None


def normalise_quarters(quarters: tuple[str | None, str | None] | None) -> tuple[str | None, str | None]:
    if not quarters:
        return (None, None)
    if isinstance(quarters, (str, Period)):
        raise ValueError(f"quarters= nhận (quý đầu, quý cuối); một kỳ thì dùng period= / quarters= takes "
                         f"(first, last); for one period use period= (got {str(quarters)!r})")
    first, last = quarters
    return (parse_quarter(first) if first else None, parse_quarter(last) if last else None)


def resolve_quarters(quarters=None, period=None) -> tuple[str | None, str | None]:
    """The ``(first, last)`` quarters selected by ``quarters=`` or ``period=`` (at most one of them).

    Raises:
        ValueError: when both are given, or either cannot be read.
    """
    has_period = period is not None and (isinstance(period, Period) or clean_text(period) is not None)
    has_quarters = bool(quarters) and (isinstance(quarters, str) or any(q for q in quarters))
    if has_period and has_quarters:
        raise ValueError(f"chọn kỳ (period={str(period)!r}) hoặc khoảng quý (quarters={quarters!r}), không chọn cả hai / "
                         f"give period= or quarters=, not both (period={str(period)!r}, quarters={quarters!r})")
    return parse_period(period).quarters if has_period else normalise_quarters(quarters)


def _unknown(what: tuple[str, str], value: object, candidates: dict[str, str]) -> ValueError:
    """A bilingual error naming ``value`` and its close matches (``candidates``: folded key → what to show).

    ``what`` holds a Vietnamese and an English template with ``{}`` where the value goes.
    """
    close = difflib.get_close_matches(fold_key(value), list(candidates), n=3, cutoff=0.6)
    shown = ", ".join(dict.fromkeys(repr(candidates[key]) for key in close))
    vi, en = (template.format(repr(str(value))) for template in what)
    return ValueError(f"không có {vi}" + (f"; gần giống: {shown}" if close else "; không có giá trị gần giống")
                      + f" / no {en}" + (f"; close matches: {shown}" if close else "; nothing close"))


def _resolve(values, lookup: dict[str, tuple[str, ...]], what: tuple[str, str],
             shown: dict[str, str] | None = None) -> list[str] | None:
    """Each value's stored spellings, found on its folded key; unknown values raise."""
    if values is None:
        return None
    found: list[str] = []
    for value in values:
        matches = lookup.get(fold_key(value))
        if not matches:
            raise _unknown(what, value, shown or {key: spellings[0] for key, spellings in lookup.items()})
        found.extend(matches)
    return list(dict.fromkeys(found))


def _vocabulary(terms: tuple[vocab.Term, ...]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Folded spelling → (code,), and folded spelling → ``code (label)`` for messages."""
    lookup, shown = {}, {}
    for term in terms:
        for spelling in (term.code, term.vi, term.en, *term.aliases):
            lookup[fold_key(spelling)] = (term.code,)
            shown[fold_key(spelling)] = f"{term.code} ({term.vi} / {term.en})"
    return lookup, shown


_KINDS = _vocabulary(vocab.CONFERENCE_KINDS)
_ORG_TYPES = _vocabulary(vocab.ORG_TYPES)


def resolve_kinds(kind) -> list[str] | None:
    """Kind codes for codes or labels in any spelling (``Thông tin thời sự``, ``briefing`` is unknown)."""
    return _resolve(as_list(kind), _KINDS[0], ("loại hội nghị {}", "conference kind {}"), _KINDS[1])


def resolve_org_types(org_type) -> list[str] | None:
    """Organisation-type codes for codes or labels in any spelling (``Đảng uỷ`` → ``dang_uy``)."""
    return _resolve(as_list(org_type), _ORG_TYPES[0], ("loại tổ chức {}", "organisation type {}"), _ORG_TYPES[1])


def resolve_units(tables: Tables, unit) -> list[str] | None:
    """The stored units meant by ``unit`` (one or several, any spelling); unknown units raise."""
    return _resolve(as_list(unit), prepared(tables).spellings["unit"], ("đơn vị {} trong dữ liệu", "unit {} in the data"))


def resolve_documents(tables: Tables, document) -> list[str] | None:
    """The stored document identities meant by ``document``, in any spelling ``resolve_reference`` reads.

    A value is, in this order: a stored identity (``35-NQ/TW@2018-10-22``, or
    a document kept as written, ``Nghị quyết Trung ương 8 khóa XIII``) on its
    folded key; a reference that names one catalogued document without a
    date (``Nghị quyết số 35-NQ/TW``, ``NQ 35``, ``35/NQ-TW``); else every
    stored document with its canonical code (``18-NQ/TW`` names both the 2017
    and the 2022 resolution).
    """
    values = as_list(document)
    if values is None:
        return None
    spellings = prepared(tables).spellings
    lookup, by_code = spellings["document"], spellings["code"]
    found: list[str] = []
    for value in values:
        matches = lookup.get(fold_key(value))
        if not matches:
            resolution = resolve_reference(value)
            if resolution is not None and resolution.key:
                matches = lookup.get(fold_key(resolution.key))
            if not matches and resolution is not None and resolution.code:
                matches = by_code.get(resolution.code)
        if not matches:
            raise _unknown(("văn bản {} trong dữ liệu", "document {} in the data"), value,
                           {key: spellings[0] for key, spellings in lookup.items()})
        found.extend(matches)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Filtered:
    """The tables after filtering, with the joins every analytics function needs.

    ``attendance`` carries the conference's ``quarter`` and ``kind`` and the
    organisation's ``org_type``; ``conferences`` carries ``listed_attendees``
    (sum of its attendance rows, NA when it has none).
    """

    conferences: pd.DataFrame
    attendance: pd.DataFrame
    organizations: pd.DataFrame
    conference_documents: pd.DataFrame
    quarters: tuple[str | None, str | None]
    all_quarters: pd.Series  # quarters of conferences before the quarter filter
    # Each selected unit's first quarter with a conference of any kind (text → text): where its
    # comparisons with earlier quarters can start (see quarterly_activity).
    starts: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))
    org_types: list[str] | None = None  # the org_type filter's codes (None: no such filter)
    documents: list[str] | None = None  # the document filter's identities (None: no such filter)
    # Every version of the selected units' organisations with the days each is in force (``start``,
    # ``end``; dashboard.transforms.registry), clipped to the days each unit is selected: what
    # ``registry_at`` takes. ``organizations`` above is the registry in force on ``on``.
    registry: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The day ``organizations`` is read on: the last day of the quarter range; without one, of the selection's
    # last quarter with a conference (the period shown); LATEST (the latest registry) when it has none.
    on: pd.Timestamp = LATEST
    # The unit filter as units and days (``unit_scope``); None without a unit filter.
    scope: pd.DataFrame | None = None
    unit_history: pd.DataFrame = field(default_factory=pd.DataFrame)  # the stored units table


@dataclass(frozen=True)
class Prepared:
    """The joins every view needs, made once per store version (see ``prepared``).

    Key columns (unit, conference_id, organization, kind, org_type, document)
    are categoricals sharing one set of categories per column across all four
    frames, so merges and group-bys run on integer codes, and ``conf`` numbers
    each conference. Every frame but attendance is sorted by unit;
    attendance has an index sorted by unit instead (``orders``). ``units``
    gives each unit's rows, so a unit filter slices instead of scanning.
    """

    conferences: pd.DataFrame  # + listed_attendees, conf
    attendance: pd.DataFrame  # + quarter, kind, org_type, conf, org
    links: pd.DataFrame  # conference_documents + quarter, conf
    # Every version with the days it is in force (``registry_intervals``: start, end, renamed_from),
    # + org: the organisation's number (one per unit and name, whichever version), as in attendance.
    organizations: pd.DataFrame
    units: dict[str, dict[str, tuple[int, int]]]  # frame name → unit → (first row, end row)
    # Frames not stored sorted by unit (attendance): the positions sorted by unit that ``units`` refers to.
    orders: dict[str, np.ndarray] = field(default_factory=dict)
    # "unit" / "document" → folded key → the stored spellings with that key (filters accept any spelling);
    # "code" → canonical code → the stored document identities with that code.
    spellings: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    starts: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))  # unit → first quarter with a conference
    # One row per organisation (unit, organization, org_type of its latest version, org), in ``org`` order.
    identities: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The units table as folded names and days (``_units_table``): what ``unit_scope`` walks.
    history: pd.DataFrame = field(default_factory=pd.DataFrame)


_PREPARED: "weakref.WeakKeyDictionary[Tables, Prepared]" = weakref.WeakKeyDictionary()
_PREPARING: "weakref.WeakKeyDictionary[Tables, threading.Lock]" = weakref.WeakKeyDictionary()
_PREPARING_LOCK = threading.Lock()
_KEY_COLUMNS = ("unit", "conference_id", "organization", "kind", "org_type", "document")


def _shared_categories(tables: Tables, registry: pd.DataFrame) -> dict[str, pd.CategoricalDtype]:
    """One sorted category set per key column, the union over every table that has the column.

    ``registry`` adds the new names of renamed organisations; the units table's ``parent`` and
    ``merged_into`` add units without data of their own (a city committee, a predecessor).
    """
    extra = {"kind": vocab.KIND_CODES, "org_type": (*vocab.ORG_TYPE_CODES, "khac")}
    # Quarters are ordered ("2023-Q2" sorts as text), so a range filter compares integer codes.
    dtypes = {"quarter": pd.CategoricalDtype(sorted(tables.conferences["quarter"].dropna().unique()), ordered=True)}
    for column in _KEY_COLUMNS:
        values = [_distinct(tables[name][column]) for name in STORED_SCHEMAS if column in tables[name]]
        values += [_distinct(registry[column])] if column in registry else []
        values += [_distinct(tables.unit_history[c]) for c in ("parent", "merged_into")] if column == "unit" else []
        values.append(np.asarray(extra.get(column, ()), dtype=object))
        union = pd.unique(np.concatenate([np.asarray(v, dtype=object) for v in values]))
        dtypes[column] = pd.CategoricalDtype(sorted(union))
    return dtypes


def _as_category(values: pd.Series, dtype: pd.CategoricalDtype) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype):  # compact tables: recode the few categories only
        return values.cat.set_categories(dtype.categories, ordered=dtype.ordered).array
    # Arrow's index_in finds the codes without turning millions of strings into Python objects
    # (astype(dtype) would, and took ~80 % of this step at national scale).
    codes = pc.index_in(pa.array(values, type=pa.large_string(), from_pandas=True),
                        value_set=pa.array(list(dtype.categories), type=pa.large_string()))
    return pd.Categorical.from_codes(codes.fill_null(-1).to_numpy(zero_copy_only=False), dtype=dtype)


def _distinct(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return np.asarray(values.cat.remove_unused_categories().cat.categories, dtype=object)
    return np.asarray(values.dropna().unique(), dtype=object)


def _encoded(frame: pd.DataFrame, dtypes: dict[str, pd.CategoricalDtype]) -> pd.DataFrame:
    return frame.assign(**{c: _as_category(frame[c], dtypes[c]) for c in _KEY_COLUMNS if c in frame})


def _unit_slices(frame: pd.DataFrame, order: np.ndarray | None = None) -> dict[str, tuple[int, int]]:
    """Each unit's (first, end) positions in ``frame`` sorted by unit, or in ``order`` when given."""
    codes = frame["unit"].cat.codes.to_numpy()
    codes = codes if order is None else codes[order]
    categories = frame["unit"].cat.categories
    present = np.unique(codes[codes >= 0])
    starts = np.searchsorted(codes, present, side="left")
    ends = np.searchsorted(codes, present, side="right")
    return {categories[c]: (int(a), int(b)) for c, a, b in zip(present, starts, ends)}


def prepared(tables: Tables) -> Prepared:
    """Attendance joined with its conference and organisation, computed once per loaded version.

    Every callback filters these frames (unit slices, then boolean masks)
    instead of joining the tables again: at a city's or the country's scale
    the joins are the expensive part, and they only change when the store
    version does.
    """
    cached = _PREPARED.get(tables)
    if cached is not None:
        return cached
    # One preparation per tables at a time (the warm-up thread and a first request would otherwise both make
    # it, twice the memory at a country's scale); other tables' preparations and cache hits never wait.
    with _PREPARING_LOCK:
        lock = _PREPARING.setdefault(tables, threading.Lock())
    with lock:
        cached = _PREPARED.get(tables)
        if cached is not None:
            return cached
        return _prepare(tables)


def _prepare(tables: Tables) -> Prepared:
    registry = registry_intervals(tables.organizations, tables.unit_history)
    dtypes = _shared_categories(tables, registry)
    keys = ["unit", "conference_id"]
    by_unit = ["unit"]

    def encode(name: str) -> pd.DataFrame:
        return _encoded(tables[name], dtypes).sort_values(by_unit, kind="stable").reset_index(drop=True)

    conferences = encode("conferences").assign(quarter=lambda df: _as_category(df["quarter"], dtypes["quarter"]))
    # Attendance is the big one (ten million rows nationally): it is neither merged nor sorted as a
    # whole. Its own columns are shared with the loaded table (pandas copies on write only), the
    # joined ones are added beside them, and an index sorted by unit stands in for a sorted copy.
    attendance = _encoded(tables["attendance"], dtypes)
    documents = encode("conference_documents")
    organizations = _encoded(registry, dtypes).sort_values(by_unit, kind="stable").reset_index(drop=True)
    # An organisation's number, whichever version or name period: (unit, organization).
    organizations = organizations.assign(org=organizations.groupby(["unit", "organization"], observed=True, sort=False,
                                                                   dropna=False).ngroup().astype("int32").to_numpy())
    identities = (organizations.sort_values("start", kind="stable").drop_duplicates("org", keep="last")
                  .sort_values("org")[["unit", "organization", "org_type", "org"]].reset_index(drop=True))
    # merge, not join: pandas 3 cannot join on an empty Arrow-backed MultiIndex.
    listed = (attendance.groupby(keys, observed=True, as_index=False)["attendees"].sum()
              .rename(columns={"attendees": "listed_attendees"}))
    conferences = conferences.merge(listed, on=keys, how="left").assign(conf=np.arange(len(conferences), dtype="int32"))
    conference_facts = conferences[[*keys, "conf", "quarter", "kind"]]
    # Left merges of the key columns only keep attendance's row order (keys are unique on the right).
    of_conference = attendance[keys].merge(conference_facts, on=keys, how="left")
    of_organization = attendance[["unit", "organization"]].merge(identities, on=["unit", "organization"], how="left")
    attendance = attendance.assign(
        conf=of_conference["conf"].fillna(-1).astype("int32").to_numpy(),
        quarter=of_conference["quarter"].array, kind=of_conference["kind"].array,
        org_type=of_organization["org_type"].array,
        org=of_organization["org"].fillna(-1).astype("int32").to_numpy(),  # -1: not registered
    )
    del of_conference, of_organization
    if (attendance["conf"] < 0).any():  # rows of no known conference (the ingest refuses them)
        attendance = attendance[attendance["conf"] >= 0].reset_index(drop=True)
    order = np.argsort(attendance["unit"].cat.codes.to_numpy(), kind="stable")
    links = (documents.merge(conference_facts.drop(columns="kind"), on=keys)
             .sort_values(by_unit, kind="stable").reset_index(drop=True))
    frames = {"conferences": conferences, "attendance": attendance, "links": links, "organizations": organizations}
    orders = {"attendance": order}
    spellings = {column: _spellings(dtypes[column].categories) for column in ("unit", "document")}
    # A canonical code → the stored identities with it (one per term: 18-NQ/TW of 2017 and of 2022).
    codes = links[["code", "document"]].dropna().drop_duplicates().astype(str)
    spellings["code"] = {code: tuple(sorted(group)) for code, group in codes.groupby("code")["document"]}
    result = Prepared(**frames, units={name: _unit_slices(frame, orders.get(name)) for name, frame in frames.items()},
                      orders=orders, spellings=spellings, starts=_unit_starts(conferences), identities=identities,
                      history=_units_table(tables.unit_history))
    _PREPARED[tables] = result
    return result


def _units_table(unit_history: pd.DataFrame) -> pd.DataFrame:
    """The units table with folded names (``_unit``, ``_parent``, ``_merged``) and days ``[start, end)``.

    ``gone`` is the day after the unit's last period (its merger), FUTURE while it goes on.
    """
    def folded(values: pd.Series) -> np.ndarray:
        return np.asarray([None if pd.isna(v) else fold_key(v) for v in values], dtype=object)

    def day(values: pd.Series) -> pd.Series:
        return pd.to_datetime(values).dt.normalize().astype("datetime64[us]")

    frame = pd.DataFrame({
        "unit": unit_history["unit"].astype(object).to_numpy(), "_unit": folded(unit_history["unit"]),
        "_parent": folded(unit_history["parent"]), "_merged": folded(unit_history["merged_into"]),
        "start": day(unit_history["valid_from"]).fillna(PAST).to_numpy(),
        "end": (day(unit_history["valid_to"]) + pd.Timedelta(days=1)).fillna(FUTURE).to_numpy(),
    })
    return frame.assign(gone=frame.groupby("_unit")["end"].transform("max"))


def _spellings(values) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for value in values:
        table.setdefault(fold_key(value), []).append(str(value))
    return {key: tuple(found) for key, found in table.items()}


def _unit_starts(conferences: pd.DataFrame) -> pd.Series:
    """Each unit's first quarter with a conference (codes compared: the quarter categories are sorted)."""
    units, quarters = conferences["unit"].cat, conferences["quarter"].cat
    unit_codes, quarter_codes = units.codes.to_numpy(), quarters.codes.to_numpy()
    known = (unit_codes >= 0) & (quarter_codes >= 0)
    first = pd.Series(quarter_codes[known]).groupby(unit_codes[known]).min()
    return pd.Series(np.asarray(quarters.categories, dtype=object)[first.to_numpy()],
                     index=pd.Index(np.asarray(units.categories, dtype=object)[first.index.to_numpy()], name="unit"),
                     name="start", dtype="str")


def _of_units(prep: Prepared, name: str, units: list[str] | None) -> pd.DataFrame:
    """The rows of ``units`` in one prepared frame (all rows when ``units`` is None): slices, no scan."""
    frame = getattr(prep, name)
    if not units:
        return frame
    spans = [prep.units[name][u] for u in dict.fromkeys(units) if u in prep.units[name]]
    order = prep.orders.get(name)
    if not spans:
        return frame.iloc[0:0]
    if len(spans) == 1 and order is None:
        return frame.iloc[spans[0][0]:spans[0][1]]
    positions = np.concatenate([np.arange(a, b) for a, b in sorted(spans)])
    return frame.iloc[positions if order is None else np.sort(order[positions])]


def _mask(frame: pd.DataFrame, kinds, first, last, conferences) -> pd.Series | None:
    """Rows of the given kinds, quarter range and conference numbers; None when nothing filters."""
    mask = None

    def both(condition):
        return condition if mask is None else mask & condition

    if kinds:
        mask = both(frame["kind"].isin(kinds).to_numpy())
    if conferences is not None:
        mask = both(frame["conf"].isin(conferences).to_numpy())
    if first or last:
        # Positions in the sorted quarters: a range is two integer comparisons on the codes.
        quarters = frame["quarter"].cat
        codes = quarters.codes.to_numpy()
        low = quarters.categories.searchsorted(first, side="left") if first else 0
        high = quarters.categories.searchsorted(last, side="right") if last else len(quarters.categories)
        mask = both((codes >= max(low, 0)) & (codes < high))
    return mask


def _select(frame: pd.DataFrame, mask) -> pd.DataFrame:
    return frame if mask is None else frame[mask]


def unit_scope(tables: Tables, unit, include_predecessors: bool = True) -> pd.DataFrame | None:
    """The units and days a unit filter selects: ``unit``, ``start``, ``end`` (exclusive), ``predecessor``.

    For each named unit: the unit itself, always; unless
    ``include_predecessors=False``, every unit merged into it (``Sáp nhập
    vào``, transitively: a predecessor's own predecessors too) up to its
    merger, labelled with that predecessor's name; then, for each of these,
    every unit under it through ``Trực thuộc`` for the days it was under it
    (transitively, period by period of the units table), labelled like the
    unit it is under. Units and days may repeat (a ward under a district and
    the city). None when ``unit`` is blank (no filter).

    Raises:
        ValueError: a unit that matches nothing stored (see ``resolve_units``).
    """
    units = resolve_units(tables, unit)
    return None if units is None else _scope(prepared(tables), units, include_predecessors)


def _scope(prep: Prepared, units: list[str], include_predecessors: bool) -> pd.DataFrame:
    records = prep.history.to_dict("records")
    by_merged: dict[str, list[dict]] = {}
    by_parent: dict[str, list[dict]] = {}
    for row in records:
        by_merged.setdefault(row["_merged"], []).append(row)
        by_parent.setdefault(row["_parent"], []).append(row)
    roots = [(fold_key(u), PAST, FUTURE, None) for u in dict.fromkeys(units)]
    seen = set(roots)
    queue = list(roots)
    while include_predecessors and queue:
        key, start, end, _ = queue.pop(0)
        for row in by_merged.get(key, ()):
            # A predecessor's own history, up to the day it merged (and no later than its successor's).
            found = (row["_unit"], start, min(end, row["gone"]), row["unit"])
            if found[1] < found[2] and found not in seen and len(seen) < 10_000:  # (a cycle stops here)
                seen.add(found)
                roots.append(found)
                queue.append(found)
    scope, queue = [], list(roots)
    seen = set(roots)
    while queue:
        key, start, end, label = queue.pop(0)
        scope.append((key, start, end, label))
        for row in by_parent.get(key, ()):
            # A unit under this one, for the days both hold (a ward moved to another district leaves it).
            found = (row["_unit"], max(start, row["start"]), min(end, row["end"]), label)
            if found[1] < found[2] and found not in seen and len(seen) < 10_000:
                seen.add(found)
                queue.append(found)
    spelled = prep.spellings["unit"]
    rows = [(unit, start, end, label) for key, start, end, label in scope for unit in spelled.get(key, ())]
    return pd.DataFrame(rows, columns=["unit", "start", "end", "predecessor"]).astype(
        {"unit": object, "predecessor": object, "start": "datetime64[us]", "end": "datetime64[us]"})


def _scoped(conferences: pd.DataFrame, scope: pd.DataFrame) -> pd.DataFrame:
    """The conferences held by a unit of ``scope`` on one of its days, with their ``predecessor`` label.

    A conference matching several rows of the scope takes the first one's label (the named units come first).
    """
    # One join on the unit, then the days: a province's scope is thousands of rows, and a mask per row over
    # a country's conferences took seconds.
    held = pd.DataFrame({"unit": conferences["unit"].astype(object).to_numpy(),
                         "day": conferences["date"].to_numpy(dtype="datetime64[us]"),
                         "position": np.arange(len(conferences))})
    rows = pd.DataFrame({"unit": scope["unit"].astype(object).to_numpy(), "order": np.arange(len(scope)),
                         "start": scope["start"].to_numpy(dtype="datetime64[us]"),
                         "end": scope["end"].to_numpy(dtype="datetime64[us]"),
                         "predecessor": scope["predecessor"].astype(object).to_numpy()})
    joined = held.merge(rows, on="unit")
    joined = joined[(joined["day"] >= joined["start"]) & (joined["day"] < joined["end"])]
    first = joined.sort_values(["position", "order"], kind="stable").drop_duplicates("position")
    return conferences.iloc[first["position"].to_numpy()].assign(predecessor=first["predecessor"].to_numpy())


def _scoped_registry(registry: pd.DataFrame, scope: pd.DataFrame) -> pd.DataFrame:
    """Registry intervals clipped to the days each unit is in ``scope``, with its ``predecessor`` label."""
    units = registry["unit"].astype(object).to_numpy()
    pieces = []
    for row in scope.itertuples():
        rows = registry[units == row.unit]
        if rows.empty:
            continue
        start = np.maximum(rows["start"].to_numpy(dtype="datetime64[us]"), row.start.to_datetime64())
        end = np.minimum(rows["end"].to_numpy(dtype="datetime64[us]"), row.end.to_datetime64())
        pieces.append(rows.assign(start=start, end=end, predecessor=row.predecessor)[start < end])
    if not pieces:
        return registry.iloc[0:0].assign(predecessor=pd.Series(dtype=object))
    return pd.concat(pieces).drop_duplicates(["org", "start"])


def _last_day(quarter: str | None) -> pd.Timestamp:
    """The last day of ``quarter`` (``2023-Q4`` → 31/12/2023); LATEST for an open range."""
    if not quarter:
        return LATEST
    year, number = int(quarter[:4]), int(quarter[-1])
    return pd.Timestamp(year + number // 4, number % 4 * 3 + 1, 1) - pd.Timedelta(days=1)


def apply_filters(tables: Tables, *, unit=None, quarters=None, period=None, kind=None, org_type=None, document=None,
                  include_predecessors: bool = True, keep_all_quarters: bool = False) -> Filtered:
    """Filter ``tables``; with ``keep_all_quarters`` the quarter range is only recorded.

    Key columns of the frames returned are categoricals (see ``Prepared``);
    ``decoded`` turns a result back into plain text columns.

    Args:
        tables: from ``dashboard.store.load()``.
        unit, quarters, period, kind, org_type, document: see the module docstring.
        include_predecessors: with a unit filter, also the units merged into
            it, before their merger (``unit_scope``); the units under it
            through ``Trực thuộc`` are always included.
        keep_all_quarters: keep conferences outside ``quarters`` (for
            comparisons with the previous quarter and the year before).

    Raises:
        ValueError: a value that matches nothing stored or known (with its
            close matches), an unreadable quarter or period, or both
            ``quarters`` and ``period``.
    """
    first, last = resolve_quarters(quarters, period)
    kinds, types = resolve_kinds(kind), resolve_org_types(org_type)
    units, documents = resolve_units(tables, unit), resolve_documents(tables, document)
    prep = prepared(tables)
    scope = None if units is None else _scope(prep, units, include_predecessors)
    if scope is not None:
        units = list(dict.fromkeys(scope["unit"]))
    conferences = _of_units(prep, "conferences", units)
    labels = kept = None
    if scope is not None:  # a unit's days in the scope, and the predecessor each conference came from
        conferences = _scoped(conferences, scope)
    shown = last or (conferences["quarter"].max() if conferences["quarter"].notna().any() else None)
    if scope is not None:
        if scope["predecessor"].notna().any():
            labels = pd.Series(conferences["predecessor"].to_numpy(), index=conferences["conf"].to_numpy())
        if ((scope["start"] > PAST) | (scope["end"] < FUTURE)).any():  # else the unit slices are exact
            kept = conferences["conf"].to_numpy()
    links = _of_units(prep, "links", units)
    if kept is not None:
        links = links[links["conf"].isin(kept)]
    chosen = None
    if documents:
        chosen = links.loc[links["document"].isin(documents), "conf"].unique()
    in_range = (None, None) if keep_all_quarters else (first, last)

    all_quarters = _select(conferences, _mask(conferences, kinds, None, None, chosen))["quarter"]
    conferences = _select(conferences, _mask(conferences, kinds, *in_range, chosen))
    attendance = _of_units(prep, "attendance", units)
    if kept is not None:
        attendance = attendance[attendance["conf"].isin(kept)]
    attendance = _select(attendance, _mask(attendance, kinds, *in_range, chosen))
    if types:
        attendance = attendance[attendance["org_type"].isin(types)]
    if kinds or documents or any(in_range):
        links = links[links["conf"].isin(conferences["conf"])]
    if labels is not None:
        attendance = attendance.assign(predecessor=attendance["conf"].map(labels).to_numpy())
        links = links.assign(predecessor=links["conf"].map(labels).to_numpy())
    elif scope is not None:
        attendance, links = attendance.assign(predecessor=None), links.assign(predecessor=None)
    registry = _of_units(prep, "organizations", units)
    if types:
        registry = registry[registry["org_type"].isin(types)]
    if scope is not None:
        registry = _scoped_registry(registry, scope)
    on = _last_day(shown)
    organizations = registry[(registry["start"] <= on) & (on < registry["end"])]
    starts = prep.starts if units is None else prep.starts[prep.starts.index.isin(units)]
    return Filtered(conferences, attendance, organizations, links, (first, last), all_quarters, starts, types, documents,
                    registry=registry, on=on, scope=scope, unit_history=tables.unit_history)


def decoded(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with categorical key columns turned back into text (what every analytics function returns)."""
    categorical = [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.CategoricalDtype)]
    if not categorical:
        return frame
    # Take from the few categories as Arrow text: astype("str") would build every value in Python.
    return frame.assign(**{
        c: pd.array(frame[c].cat.categories, dtype="str").take(frame[c].cat.codes.to_numpy(), allow_fill=True)
        for c in categorical
    })
