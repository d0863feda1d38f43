"""The URL codec: filter component values ⇄ the address a leader shares, and the period picker ⇄ quarter range."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from dash import no_update

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


def filter_values(*values: object) -> dict[str, object]:
    """Positional callback arguments in ``ids.FILTERS`` order → a dict."""
    return dict(zip(ids.FILTERS, values))
