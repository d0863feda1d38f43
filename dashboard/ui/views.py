"""Wiring a chart callback: its inputs (filters, store version, language), its arguments as transform filters."""

from __future__ import annotations

from dash import Input, State

from dashboard.store import Tables
from dashboard.ui import context, ids, urls


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
    return request_filters(urls.filters_from(urls.filter_values(*values))), lang


def request_filters(filters: dict[str, object]) -> dict[str, object]:
    """``filters`` as this request's tables hold them (``known_filters``).

    A unit outside what the account reads (``context.reading_grants``) empties the request's tables
    (``context.show_nothing``): the view is empty, never another committee's data, and ``outside_access``
    tells the page why. Read ``context.tables()`` after calling this.
    """
    loaded = context.tables()
    if outside_access(loaded, filters.get("unit")):
        loaded = context.show_nothing()
    return known_filters(loaded, filters)


def outside_access(loaded: Tables, units) -> list[str]:
    """The units of a unit filter that ``loaded`` does not hold when it is cut down to an account's units
    (``Tables.scope``); empty for an account that reads every unit."""
    from dashboard.transforms.filters import as_list, resolve_units

    if loaded.scope is None:
        return []
    readable, outside = set(loaded.scope), []
    for unit in as_list(units) or []:
        try:
            # A committee above the account's units (its city) resolves, through the units table, but is not
            # read: its view would pass the account's wards off as the whole city.
            if not set(resolve_units(loaded, unit)) <= readable:
                outside.append(str(unit))
        except ValueError:
            outside.append(str(unit))
    return outside


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
