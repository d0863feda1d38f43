"""What a callback needs from outside itself: settings, current tables, filters.

No process-global mutable state: settings live on the Flask app, tables come
from ``dashboard.store.load`` (cached per store version, so every worker sees
an upload as soon as the ledger moves), filters come from the URL.
"""

from __future__ import annotations

import atexit
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from collections import OrderedDict
from urllib.parse import parse_qs, urlencode

from dash import Input, State, no_update
from flask import current_app, g, has_app_context, has_request_context

from dashboard.settings import Settings
from dashboard.store import Store, Tables, load
from dashboard.ui import ids

# URL parameter for each filter component; lists repeat the key (?kind=a&kind=b).
URL_KEYS = {
    ids.FILTER_FROM: "from", ids.FILTER_TO: "to", ids.FILTER_UNIT: "unit", ids.FILTER_KIND: "kind",
    ids.FILTER_ORG_TYPE: "org_type", ids.FILTER_DOCUMENT: "document", ids.FILTER_PREDECESSORS: "predecessors",
}
MULTI = {ids.FILTER_UNIT, ids.FILTER_KIND, ids.FILTER_ORG_TYPE, ids.FILTER_DOCUMENT}
# Switches: on unless the URL says ``=0``, and written to the URL only when off.
SWITCHES = {ids.FILTER_PREDECESSORS}
# A readable alias a hand-written link may use (?period=6 tháng đầu năm 2023); the URL the
# dashboard writes holds the quarter range it implies (from/to), so every view has one address.
PERIOD_KEY = "period"
_OFF = {"0", "false", "off", "no", "khong", "không"}


def settings() -> Settings:
    if has_app_context() and "DASHBOARD_SETTINGS" in current_app.config:
        return current_app.config["DASHBOARD_SETTINGS"]
    return Settings.load()


def store_version() -> int:
    return Store(settings().store).version()


def tables() -> Tables:
    """The newest stored tables (cached per store stamp), attendance keys as categoricals.

    Within one request, always the same tables: an upload landing halfway
    through a callback never mixes two versions in one answer (nor files an
    answer computed from the new version under the old one's stamp).
    Workers hold the compact form (``load(compact=True)``): a country's
    attendance takes ≈ 0,2 GB instead of ≈ 1,3 GB.
    """
    if (held := _HELD.get()) is not None:
        return held
    if has_request_context():
        pinned = getattr(g, "dashboard_tables", None)
        if pinned is None or pinned[0] != settings().store:
            pinned = (settings().store, load(settings().store, compact=True))
            g.dashboard_tables = pinned
        return pinned[1]
    return load(settings().store, compact=True)


_HELD: ContextVar[Tables | None] = ContextVar("dashboard_held_tables", default=None)


@contextmanager
def holding(loaded: Tables):
    """Within the block, ``tables()`` answers ``loaded`` (the warm-up computes every answer of one version)."""
    token = _HELD.set(loaded)
    try:
        yield loaded
    finally:
        _HELD.reset(token)


def results_stamp(loaded: Tables) -> str | None:
    """The one identity every cache of answers is keyed by: the tables' stamp (ledger id and version) and the
    fingerprint of the settings and code that compute answers (``Settings.results_fingerprint``). None for
    tables built in memory (no stamp): their answers are not cached."""
    return f"{loaded.stamp}-{settings().results_fingerprint()}" if loaded.stamp else None


_RESULTS: "OrderedDict[tuple, object]" = OrderedDict()
_RESULTS_LOCK = threading.Lock()
# Analytics frames of the views this worker computed; finished answers are kept by ui.answers,
# so a few suffice (a national gaps or conference list frame alone is 60–150 MB).
RESULT_CACHE_SIZE = 4


def frozen(value: object) -> object:
    """``value`` made hashable (lists → tuples, dicts → sorted item tuples), for cache keys."""
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, frozen(v)) for k, v in value.items()))
    return value


def cached(function, tables: Tables, **kwargs):
    """``function(tables, **kwargs)``, remembered per (``results_stamp``, function, arguments).

    Leaders move between a handful of views; each is computed once per store
    version in each worker. A new upload, another store, other settings or
    other code change the stamp, so stale results are never served. Callers
    must not modify what they get back.
    """
    stamp = results_stamp(tables)
    if stamp is None:
        return function(tables, **kwargs)
    # The function object itself is in the key: two lambdas may share a name.
    key = (stamp, function, frozen(kwargs))
    with _RESULTS_LOCK:
        if key in _RESULTS:
            _RESULTS.move_to_end(key)
            return _RESULTS[key]
    result = function(tables, **kwargs)
    with _RESULTS_LOCK:
        _RESULTS[key] = result
        while len(_RESULTS) > RESULT_CACHE_SIZE:
            _RESULTS.popitem(last=False)
    return result


def warm(store, answers: bool = False) -> int:
    """Load the newest tables and make the per-version joins now; returns the version warmed.

    With ``answers``, also compute each page's unfiltered answer into the
    folder every worker shares (``dashboard.ui.answers``; one worker does it).
    """
    from dashboard.transforms.filters import prepared
    from dashboard.ui.answers import warm_answers

    tables = load(store, compact=True)
    prepared(tables)
    if answers:
        warm_answers(Path(store))
    return tables.version


class Warmer:
    """A background thread that warms each new store version as soon as the ledger shows it.

    A worker then has the tables and joins ready before the first visitor
    after a start or an upload asks for them (nationally ≈ 1–1,5 s saved),
    and one of the workers computes every page's unfiltered answer.
    It stops cleanly at interpreter exit: a thread killed inside the Delta
    Lake runtime crashes the process on its way out.
    """

    def __init__(self, store, every: float = 5.0, answers: bool = True):
        self.store, self.every, self.answers = store, every, answers
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="warm-store", daemon=True)
        self.thread.start()
        atexit.register(self.stop)

    def _loop(self) -> None:
        seen = None
        while not self._stop.is_set():
            try:
                version = Store(self.store).version()
                if version != seen:
                    seen = warm(self.store, answers=self.answers)
            except Exception:  # noqa: BLE001 - warming is an optimisation; requests still work cold
                pass
            self._stop.wait(self.every)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout)


def keep_warm(store, every: float = 5.0, answers: bool = True) -> Warmer:
    """Start a ``Warmer`` for ``store`` (``answers``: also warm the pages' answers, see ``ui.answers``)."""
    return Warmer(store, every, answers)


def parse_search(search: str | None) -> dict[str, object]:
    """URL query string → filter component values (and ``lang``).

    ``period=`` (any spelling ``parse_period`` reads) stands for the quarter
    range it covers when the address names no ``from``/``to``; a period that
    cannot be read is ignored, like any unknown value.
    """
    from dashboard.contract.periods import parse_period

    query = parse_qs((search or "").lstrip("?"))
    values: dict[str, object] = {}
    for component, key in URL_KEYS.items():
        given = query.get(key, [])
        if component in SWITCHES:
            values[component] = not (given and given[0].strip().casefold() in _OFF)
        else:
            values[component] = given if component in MULTI else (given[0] if given else None)
    if query.get(PERIOD_KEY) and not (values[ids.FILTER_FROM] or values[ids.FILTER_TO]):
        try:
            values[ids.FILTER_FROM], values[ids.FILTER_TO] = parse_period(query[PERIOD_KEY][0]).quarters
        except ValueError:
            pass
    values["lang"] = "en" if query.get("lang", ["vi"])[0] == "en" else "vi"
    return values


def build_search(values: dict[str, object], lang: str) -> str:
    """Filter component values → URL query string (empty filters and switches left on left out)."""
    pairs: list[tuple[str, str]] = []
    for component, key in URL_KEYS.items():
        value = values.get(component)
        if component in SWITCHES:
            if value is False:
                pairs.append((key, "0"))
            continue
        for item in (value or []) if component in MULTI else ([value] if value else []):
            pairs.append((key, str(item)))
    if lang == "en":
        pairs.append(("lang", "en"))
    return "?" + urlencode(pairs) if pairs else ""


def ordered_range(values: dict[str, object]) -> tuple[str | None, str | None]:
    """The (from, to) quarters of the filter values, earliest first."""
    first, last = values.get(ids.FILTER_FROM), values.get(ids.FILTER_TO)
    if first and last and first > last:
        first, last = last, first
    return first or None, last or None


def filters_from(values: dict[str, object]) -> dict[str, object]:
    """Filter component values → keyword filters of ``dashboard.transforms``.

    ``include_predecessors`` is always passed; it only matters with a unit
    filter, so without one it is the default (True) and every cache sees one view.
    """
    first, last = ordered_range(values)
    unit = values.get(ids.FILTER_UNIT) or None
    return {
        "unit": unit,
        "quarters": (first, last) if (first or last) else None,
        "kind": values.get(ids.FILTER_KIND) or None,
        "org_type": values.get(ids.FILTER_ORG_TYPE) or None,
        "document": values.get(ids.FILTER_DOCUMENT) or None,
        "include_predecessors": not (unit and values.get(ids.FILTER_PREDECESSORS) is False),
    }


def normal_values(values: list | tuple) -> tuple:
    """Filter component values (``ids.FILTERS`` order) with every way of saying "no filter" as None.

    An empty dropdown is ``None`` or ``[]``; the predecessors switch says
    nothing when on (its default) or when no unit is chosen. Answers and
    caches keyed by these values are therefore shared by every equivalent view.
    """
    named = {f: None for f in ids.FILTERS} | filter_values(*values)
    normal = {f: None if v in (None, "", []) else v for f, v in named.items()}
    if normal.get(ids.FILTER_PREDECESSORS) is not False or not normal.get(ids.FILTER_UNIT):
        normal[ids.FILTER_PREDECESSORS] = None
    return tuple(normal[f] for f in ids.FILTERS)


def periods_in(quarters) -> list:
    """Every reporting period holding at least one of ``quarters`` (``2023-Q2``…), most recent first.

    Each quarter, 6 tháng đầu năm, 9 tháng, năm and nhiệm kỳ it falls in;
    ordered by last quarter (a report appears when its period closes), then
    the shorter first: Quý IV/2025, Năm 2025, Quý III/2025, 9 tháng năm 2025,
    Nhiệm kỳ 2020–2025, …
    """
    from dashboard.contract.periods import Period, term_of

    found: set = set()
    for quarter in quarters:
        year, number = int(quarter[:4]), int(quarter[-1])
        found.add(Period.of_quarter(quarter))
        found.update(Period.of(kind, year) for kind, upto in (("half", 2), ("nine_months", 3), ("year", 4))
                     if number <= upto)
        found.add(term_of(quarter))
    return sorted(found, key=lambda p: (p.last, p.first), reverse=True)


def period_value(period) -> str:
    """The period picker's value for ``period``: its English label, which ``parse_period`` reads back."""
    return period.label("en")


def period_of_range(first: str | None, last: str | None):
    """The reporting period exactly covering quarters ``first``–``last``, or None.

    No two kinds of period share a quarter range, so at most one matches.
    """
    from dashboard.contract.periods import PERIOD_KINDS, Period

    if not (first and last):
        return None
    for kind in PERIOD_KINDS:
        try:
            return Period(kind, first, last)
        except ValueError:
            continue
    return None


def sync_filters(triggered: set[str], search: str | None, values: list, period: str | None,
                 known_periods: set[str]) -> tuple:
    """What the URL ⇄ filter bar callback returns: ``(search, *values, period)``, ``no_update`` where unchanged.

    Args:
        triggered: the component ids that changed (empty on the first call).
        search: the address's query string.
        values: the filter component values, ``ids.FILTERS`` order.
        period: the period picker's value.
        known_periods: the picker's option values (a period not offered is never shown).
    """
    from dashboard.contract.periods import parse_period

    unchanged = [no_update] * len(ids.FILTERS)

    def offered(first, last):
        found = period_of_range(first, last)
        return period_value(found) if found and period_value(found) in known_periods else None

    if not triggered or ids.URL in triggered:  # a page load, back/forward or a pasted address
        parsed = parse_search(search)
        return no_update, *[parsed[f] for f in ids.FILTERS], offered(*ordered_range(parsed))
    named = filter_values(*values)
    new_values, new_period = list(unchanged), no_update
    if ids.FILTER_PERIOD in triggered and not {ids.FILTER_FROM, ids.FILTER_TO} & triggered:
        try:  # choosing a period sets the quarter range; clearing it clears the range
            first, last = parse_period(period).quarters if period else (None, None)
        except ValueError:  # a value no option has (a hand-made request)
            return no_update, *unchanged, no_update
        named[ids.FILTER_FROM], named[ids.FILTER_TO] = first, last
        new_values[ids.FILTERS.index(ids.FILTER_FROM)] = first
        new_values[ids.FILTERS.index(ids.FILTER_TO)] = last
    else:  # a filter changed: the picker shows the period the range is, if it is one
        shown = offered(*ordered_range(named))
        new_period = shown if shown != period else no_update
    new_search = build_search(named, "vi")
    return (new_search if new_search != (search or "") else no_update), *new_values, new_period


def merged_predecessors(loaded: Tables, unit) -> list[tuple[str, object]]:
    """The units merged into ``unit`` (the unit filter's value) and the day each stopped, oldest first.

    What ``include_predecessors`` adds to a unit filter (``unit_scope``):
    ``[("Đảng ủy phường Thanh Khê Tây", Timestamp("2025-07-01")), …]``, the
    day being the first one counted as the successor's. Empty without a unit,
    for an unknown one, or for a unit nothing merged into.
    """
    from dashboard.transforms.filters import unit_scope

    known = known_filters(loaded, {"unit": unit}).get("unit")
    scope = unit_scope(loaded, known, include_predecessors=True) if known else None
    if scope is None or not scope["predecessor"].notna().any():
        return []
    ends = scope.dropna(subset=["predecessor"]).groupby("predecessor")["end"].max()
    return sorted(ends.items(), key=lambda item: (item[1], item[0]))


def view_inputs() -> list:
    """What every chart callback listens to: the global filters and the store version (and the language)."""
    return [*[Input(f, "value") for f in ids.FILTERS], Input(ids.STORE_VERSION, "data"), State(ids.LANG, "data")]


def view_args(args: tuple) -> tuple[dict[str, object], str]:
    """A chart callback's arguments (``view_inputs`` order) → transform filters and language."""
    *values, _version, lang = args
    return known_filters(tables(), filters_from(filter_values(*values))), lang


def known_filters(loaded: Tables, filters: dict[str, object]) -> dict[str, object]:
    """``filters`` less the values the store does not hold.

    The transforms refuse an unknown unit, kind, type or document (an empty
    answer must never pass for a real one). On a page the values come from
    the dropdowns, but a bookmarked or shared address can name a unit an undo
    has since removed: the dropdown drops that value, and so does this, so
    the charts show what the filter bar shows.
    """
    from dashboard.transforms.filters import as_list, resolve_documents, resolve_kinds, resolve_org_types, resolve_units

    resolvers = {"unit": lambda v: resolve_units(loaded, v), "document": lambda v: resolve_documents(loaded, v),
                 "kind": resolve_kinds, "org_type": resolve_org_types}
    kept = dict(filters)
    for name, resolve in resolvers.items():
        values = as_list(filters.get(name))
        if not values:
            continue
        known = []
        for value in values:
            try:
                resolve(value)
            except ValueError:
                continue
            known.append(value)
        kept[name] = known or None
    return kept


def filter_values(*values: object) -> dict[str, object]:
    """Positional callback arguments in ``ids.FILTERS`` order → a dict."""
    return dict(zip(ids.FILTERS, values))
