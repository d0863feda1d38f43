"""What a callback needs from outside itself: settings, current tables, filters.

No process-global mutable state: settings live on the Flask app, tables come
from ``dashboard.store.load`` (cached per store version, so every worker sees
an upload as soon as the ledger moves), filters come from the URL.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from collections import OrderedDict
from urllib.parse import parse_qs, urlencode

from dash import Input, State
from flask import current_app, has_app_context

from dashboard.settings import Settings
from dashboard.store import Store, Tables, load
from dashboard.ui import ids

# URL parameter for each filter component; lists repeat the key (?kind=a&kind=b).
URL_KEYS = {
    ids.FILTER_FROM: "from", ids.FILTER_TO: "to", ids.FILTER_UNIT: "unit", ids.FILTER_KIND: "kind",
    ids.FILTER_ORG_TYPE: "org_type", ids.FILTER_DOCUMENT: "document",
}
MULTI = {ids.FILTER_UNIT, ids.FILTER_KIND, ids.FILTER_ORG_TYPE, ids.FILTER_DOCUMENT}


def settings() -> Settings:
    if has_app_context() and "DASHBOARD_SETTINGS" in current_app.config:
        return current_app.config["DASHBOARD_SETTINGS"]
    return Settings.load()


def store_version() -> int:
    return Store(settings().store).version()


def tables() -> Tables:
    """The newest stored tables (cached per store version), attendance keys as categoricals.

    Workers hold the compact form (``load(compact=True)``): a country's
    attendance takes ≈ 0,2 GB instead of ≈ 1,3 GB.
    """
    return load(settings().store, compact=True)


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
    """``function(tables, **kwargs)``, remembered per (store, version, function, arguments).

    Leaders move between a handful of views; each is computed once per store
    version in each worker. A new upload changes the version, so stale
    results are never served. Callers must not modify what they get back.
    """
    # The function object itself is in the key: two lambdas may share a name.
    key = (str(settings().store), tables.version, function, frozen(kwargs))
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
    """URL query string → filter component values (and ``lang``)."""
    query = parse_qs((search or "").lstrip("?"))
    values: dict[str, object] = {}
    for component, key in URL_KEYS.items():
        given = query.get(key, [])
        values[component] = given if component in MULTI else (given[0] if given else None)
    values["lang"] = "en" if query.get("lang", ["vi"])[0] == "en" else "vi"
    return values


def build_search(values: dict[str, object], lang: str) -> str:
    """Filter component values → URL query string (empty filters left out)."""
    pairs: list[tuple[str, str]] = []
    for component, key in URL_KEYS.items():
        value = values.get(component)
        for item in (value or []) if component in MULTI else ([value] if value else []):
            pairs.append((key, str(item)))
    if lang == "en":
        pairs.append(("lang", "en"))
    return "?" + urlencode(pairs) if pairs else ""


def filters_from(values: dict[str, object]) -> dict[str, object]:
    """Filter component values → keyword filters of ``dashboard.transforms``."""
    first, last = values.get(ids.FILTER_FROM), values.get(ids.FILTER_TO)
    if first and last and first > last:
        first, last = last, first
    return {
        "unit": values.get(ids.FILTER_UNIT) or None,
        "quarters": (first, last) if (first or last) else None,
        "kind": values.get(ids.FILTER_KIND) or None,
        "org_type": values.get(ids.FILTER_ORG_TYPE) or None,
        "document": values.get(ids.FILTER_DOCUMENT) or None,
    }


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
