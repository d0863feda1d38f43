"""What every callback reads from outside itself: the settings, the tables of this request, and results
remembered per ``results_stamp`` (the one identity every cache is keyed by)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

from flask import current_app, g, has_app_context, has_request_context

from dashboard.settings import Settings
from dashboard.store import Store, Tables, load
from dashboard.transforms.access import readable


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

    In a request, only what the account may read (``reading_grants``,
    ``dashboard.transforms.access``): every callback, export, report and
    conference detail reads these tables, so none can hand out another
    committee's rows, whatever the request asks for.
    """
    if (held := _HELD.get()) is not None:
        return held
    if has_request_context():
        pinned = getattr(g, "dashboard_tables", None)
        if pinned is None or pinned[0] != settings().store:
            pinned = (settings().store, readable(load(settings().store, compact=True), reading_grants()))
            g.dashboard_tables = pinned
        return pinned[1]
    return load(settings().store, compact=True)


def every_unit() -> tuple[str, ...]:
    """Every unit the store holds, whatever the account reads: what an admin may upload for."""
    return load(settings().store, compact=True).units


def reading_grants() -> list[str] | None:
    """The units this request's account reads, each with every unit under it; None: every unit.

    Viewing open to all (``DASHBOARD_LOGIN_REQUIRED=false``): every unit, signed in or not (the data is
    public). Otherwise the signed-in account's ``readable_units()``, read afresh at each request (a change
    of its units takes effect at the next one); nobody signed in reads nothing.
    """
    if not settings().login_required:
        return None
    account = signed_in()
    return [] if account is None else account.readable_units()


def show_nothing() -> Tables:
    """From here to the end of the request, ``tables()`` holds nothing (the request asked for a unit outside
    its account's access: it gets an empty view, never the data); returns those empty tables."""
    empty = readable(load(settings().store, compact=True), [])
    g.dashboard_tables = (settings().store, empty)
    return empty


_HELD: ContextVar[Tables | None] = ContextVar("dashboard_held_tables", default=None)


@contextmanager
def holding(loaded: Tables):
    """Within the block, ``tables()`` answers ``loaded`` (the warm-up computes every answer of one version)."""
    token = _HELD.set(loaded)
    try:
        yield loaded
    finally:
        _HELD.reset(token)


def _nobody() -> None:
    return None


_account_lookup: Callable[[], object | None] = _nobody


def install_account_lookup(lookup: Callable[[], object | None]) -> None:
    """Tell the interface how to find the signed-in account. ``dashboard.auth`` installs it (it sits above
    this layer: the interface shows who is signed in without importing the code that signs people in)."""
    global _account_lookup
    _account_lookup = lookup


def signed_in() -> object | None:
    """The signed-in account (``name``, ``role``, ``can(level)``), or None (nobody, or auth not installed)."""
    return _account_lookup()


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
