"""The app shell: header, navigation, language switch, global filters, URL sync.

Filters live in the URL (``?from=2023-Q1&kind=chuyen_de``): a shared or
bookmarked address restores the view, and back/forward work, because one
circular callback keeps the filter components and ``url.search`` in step.
The reporting period picker is a shortcut for the quarter range: choosing
"6 tháng đầu năm 2023" sets from/to, and a range that is a period shows it,
so the URL holds from/to only (``?period=…`` is read too). The predecessors
switch is in the URL only when off (``predecessors=0``).
The language is a cookie set by ``/lang/<code>``, so every request,
including Dash's own, knows it.
"""

from __future__ import annotations

import re

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from flask import request
from flask_wtf.csrf import generate_csrf

from dashboard.ui.access import access
from dashboard.store import catalogue_of
from dashboard.contract.documents import document_name
from dashboard.contract.periods import quarter_label
from dashboard.contract.text import sort_key
from dashboard.contract.vocab import CONFERENCE_KINDS, ORG_TYPES, kind_label, org_type_label
from dashboard.i18n import fmt_date, t
from dashboard.ui import context, ids, urls, views

LANG_COOKIE = "dashboard_lang"
PAGES = (("/", "nav_overview"), ("/attendance", "nav_attendance"), ("/topics", "nav_topics"),
         ("/conferences", "nav_conferences"), ("/report", "nav_report"), ("/upload", "nav_upload"),
         ("/entry", "nav_entry"), ("/history", "nav_history"))
VERSION_POLL_SECONDS = 15
UNFILTERED_PAGES = ("/upload", "/entry", "/history", "/report")  # pages with choices of their own


def current_lang() -> str:
    """The language of this request: the cookie, else the settings' default."""
    try:
        chosen = request.cookies.get(LANG_COOKIE)
    except RuntimeError:  # outside a request (layout validation at start-up)
        chosen = None
    return chosen if chosen in ("vi", "en") else context.settings().lang


FILTER_LABELS = ((ids.FILTER_FROM, "filter_from"), (ids.FILTER_TO, "filter_to"), (ids.FILTER_UNIT, "filter_unit"),
                 (ids.FILTER_KIND, "filter_kind"), (ids.FILTER_ORG_TYPE, "filter_org_type"),
                 (ids.FILTER_DOCUMENT, "filter_document"))


def _account(lang: str) -> list:
    user = context.signed_in()
    if user is None:
        return [html.A(t("login", lang), href="/login", className="small me-3")]
    # Logging out changes state on the server: a POST with the CSRF token, never a link a page could trigger.
    return [html.Span(f"{user.name} ({user.role})", className="small me-2"),
            html.Form([dbc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
                       html.Button(t("logout", lang), type="submit", id=ids.LOGOUT,
                                   className="btn btn-link btn-sm p-0 small align-baseline")],
                      action="/logout", method="POST", className="d-inline me-3")]


def _nav_id(path: str) -> str:
    return f"{ids.NAV}-{path.strip('/') or 'overview'}"


def _filter(label: str, component) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=component.id, className="small mb-0"), component],
                   xs=12, sm=6, lg=2)


def layout() -> html.Div:
    """The page shell; Dash calls it for every page load (the language may differ)."""
    lang = current_lang()
    # Options are part of the first render: a value read from the URL must
    # find its option, or the dropdown would drop it.
    loaded = context.tables()
    options = filter_options_for(loaded, lang)
    dropdown = dict(clearable=True, placeholder=t("filter_all", lang), persistence=False)
    filters = dbc.Row([
        _filter(t("filter_period", lang),
                dcc.Dropdown(id=ids.FILTER_PERIOD, options=period_options_for(loaded, lang), **dropdown)),
        *[_filter(t(label, lang),
                  dcc.Dropdown(id=component, options=choices, multi=component in urls.MULTI, **dropdown))
          for (component, label), choices in zip(FILTER_LABELS, options)],
    ], className="g-2")
    # On by default; only a unit filter gives it something to do (``switch_needs_a_unit``).
    predecessors = dbc.Switch(id=ids.FILTER_PREDECESSORS, label=t("filter_predecessors", lang), value=True,
                              persistence=False, className="small mb-0 me-3")
    # One line that scrolls sideways on a phone (``assets/10-layout.css``), wrapping from a tablet up.
    nav = html.Nav(dbc.Nav([dbc.NavItem(dbc.NavLink(t(key, lang), id=_nav_id(path), href=path, active="exact"))
                            for path, key in PAGES], pills=True, className="nav-scroll"),
                   **{"aria-label": t("nav_label", lang)})
    header = dbc.Navbar(dbc.Container([
        html.Div([html.Span(t("app_title", lang), className="h5 mb-0 me-2"),
                  html.Small(t("app_subtitle", lang), className="text-muted d-none d-md-inline")]),
        html.Div([
            *_account(lang),
            html.Span(t("language", lang) + ": ", className="small me-1 d-none d-sm-inline"),
            html.A("Tiếng Việt", href="/lang/vi", id=f"{ids.LANG_LINKS}-vi", className="small me-2",
                   **({"aria-current": "true"} if lang == "vi" else {})),
            html.A("English", href="/lang/en", id=f"{ids.LANG_LINKS}-en", className="small",
                   **({"aria-current": "true"} if lang == "en" else {})),
        ]),
    ], fluid=True), color="light", className="mb-2 border-bottom")
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.STORE_VERSION, data=context.store_version()),
        dcc.Interval(id=ids.VERSION_POLL, interval=VERSION_POLL_SECONDS * 1000),
        header,
        dbc.Container([
            nav,
            html.Div(filter_panel(filters, predecessors, lang), id=ids.FILTER_AREA),
            html.Div(id=ids.ACCESS_NOTE, role="status"),
            dash.page_container,
        ], fluid=True, className="pb-5"),
        html.Footer(access_footer(loaded, lang), id=ids.ACCESS_FOOTER,
                    className="container-fluid small text-muted border-top py-2"),
    ], lang=lang)


def access_footer(loaded, lang: str) -> str:
    """What this page's data is open to: everyone (viewing open to all), or the signed-in account's units."""
    if not context.settings().login_required:
        return t("access_public", lang)
    account = context.signed_in()
    name = getattr(account, "name", "")
    if loaded.scope is None:
        return t("access_every", lang, name=name)
    if not loaded.scope or account is None:
        return t("access_none", lang, name=name)
    return t("access_units", lang, name=name, units=", ".join(account.readable_units() or []))


@callback(
    Output(ids.ACCESS_NOTE, "children"),
    Input(ids.FILTER_UNIT, "value"),
    State(ids.LANG, "data"),
)
@access("public")
def explain_outside_access(units, lang):
    """A unit filter naming a unit this account may not read gets an empty view (``views.request_filters``);
    this says why, above the charts."""
    outside = views.outside_access(context.tables(), units)
    if not outside:
        return None
    return dbc.Alert(t("access_outside", lang, units=", ".join(outside)), color="warning", className="small py-2")


# The filter panel's classes: inline from a large screen; below it, off-canvas, shown ("show") while open.
PANEL_CLOSED = "offcanvas-lg offcanvas-end filter-panel my-lg-3 p-lg-2 bg-light rounded border"
PANEL_OPEN = "offcanvas-lg offcanvas-end filter-panel show"


def filter_panel(filters, predecessors, lang: str) -> list:
    """The filters: inline from a large screen; below it, behind a "Bộ lọc" button as a panel from the right
    (Bootstrap's ``offcanvas-lg``), with the active filters as removable chips beside the button."""
    bar = html.Div([
        html.Button([t("filter_button", lang), html.Span(id=f"{ids.FILTER_OPEN}-count")], id=ids.FILTER_OPEN,
                    type="button", className="btn btn-sm btn-outline-primary me-2 text-nowrap",
                    **{"aria-controls": ids.FILTER_PANEL, "aria-expanded": "false"}),
        html.Div(id=ids.FILTER_CHIPS, className="d-flex flex-wrap gap-1"),
    ], className="d-flex d-lg-none align-items-start my-2")
    panel = html.Div([
        html.Div([html.H2(t("filter_button", lang), className="h5 mb-0"),
                  dbc.Button(t("filter_close", lang), id=ids.FILTER_CLOSE, size="sm", color="secondary",
                             outline=True)],
                 className="offcanvas-header"),
        html.Div([
            filters,
            html.Div([predecessors,
                      html.Span(id=ids.FILTER_SUMMARY, className="small text-muted me-2"),
                      dbc.Button(t("filter_clear", lang), id=ids.FILTER_CLEAR, size="sm",
                                 color="secondary", outline=True)],
                     className="mt-2 d-flex align-items-center flex-wrap gap-2"),
            dbc.Button(t("filter_show_results", lang), id=ids.FILTER_DONE, color="primary",
                       className="d-lg-none mt-3 w-100"),
        ], className="offcanvas-body d-block"),
    ], id=ids.FILTER_PANEL, className=PANEL_CLOSED,
        role="search", tabIndex="-1", **{"aria-label": t("filter_button", lang)})
    backdrop = html.Div(id=ids.FILTER_BACKDROP, className="offcanvas-backdrop fade d-none")
    return [bar, panel, backdrop]


# Opening and closing the panel is the browser's own business: a class on two elements, no server round trip.
dash.clientside_callback(
    f"""function(_open, _close, _done, _backdrop) {{
        const opened = (dash_clientside.callback_context.triggered_id || '') === {ids.FILTER_OPEN!r};
        return [opened ? {PANEL_OPEN!r} : {PANEL_CLOSED!r},
                opened ? 'offcanvas-backdrop fade show d-lg-none' : 'offcanvas-backdrop fade d-none',
                opened ? 'true' : 'false'];
    }}""",
    Output(ids.FILTER_PANEL, "className"),
    Output(ids.FILTER_BACKDROP, "className"),
    Output(ids.FILTER_OPEN, "aria-expanded"),
    Input(ids.FILTER_OPEN, "n_clicks"),
    Input(ids.FILTER_CLOSE, "n_clicks"),
    Input(ids.FILTER_DONE, "n_clicks"),
    Input(ids.FILTER_BACKDROP, "n_clicks"),
    prevent_initial_call=True,
)

# Upload, history and the report have their own choices: the shared filters would do nothing there.
dash.clientside_callback(
    f"""function(path) {{
        const own = {list(UNFILTERED_PAGES)!r};
        return own.some(p => (path || '/') === p || (path || '/').startsWith(p + '/'));
    }}""",
    Output(ids.FILTER_AREA, "hidden"),
    Input(ids.URL, "pathname"),
)


@callback(
    Output(ids.URL, "search"),
    *[Output(f, "value") for f in ids.FILTERS],
    Output(ids.FILTER_PERIOD, "value"),
    Input(ids.URL, "search"),
    *[Input(f, "value") for f in ids.FILTERS],
    Input(ids.FILTER_PERIOD, "value"),
    State(ids.FILTER_PERIOD, "options"),
)
@access("public")
def sync_filters_and_url(search, *args):
    """URL → filters on load and on back/forward; filters → URL on every change; period ⇄ quarter range."""
    *values, period, period_options = args
    triggered = {key.rsplit(".", 1)[0] for key in ctx.triggered_prop_ids}
    known = {option["value"] for option in period_options or []}
    return urls.sync_filters(triggered, search, values, period, known)


@callback(
    *[Output(f, "value", allow_duplicate=True) for f in ids.FILTERS],
    Output(ids.FILTER_PERIOD, "value", allow_duplicate=True),
    Input(ids.FILTER_CLEAR, "n_clicks"),
    prevent_initial_call=True,
)
@access("public")
def clear_filters(_clicks):
    return [None, None, [], [], [], [], True, None]


@callback(
    Output(ids.FILTER_PREDECESSORS, "disabled"),
    Input(ids.FILTER_UNIT, "value"),
)
@access("public")
def switch_needs_a_unit(units):
    """The predecessors switch changes nothing without a unit filter: shown, but disabled."""
    return not units


@callback(
    *[Output(_nav_id(path), "href") for path, _ in PAGES],
    Input(ids.URL, "search"),
)
@access("public")
def keep_filters_in_links(search):
    query = search or ""
    return [path + query for path, _ in PAGES]


@callback(
    Output(ids.STORE_VERSION, "data"),
    Input(ids.VERSION_POLL, "n_intervals"),
    State(ids.STORE_VERSION, "data"),
    prevent_initial_call=True,
)
@access("public")
def watch_store_version(_tick, known):
    """Charts depend on the store version: when an upload lands, they recompute."""
    version = context.store_version()
    return version if version != known else no_update


@callback(
    *[Output(component, "options") for component in ids.FILTER_DROPDOWNS],
    Output(ids.FILTER_PERIOD, "options"),
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("public")
def refresh_filter_options(_version, lang):
    """After an upload, new quarters, periods, units and documents become choices."""
    tables = context.tables()
    return *filter_options_for(tables, lang), period_options_for(tables, lang)


def period_options_for(tables, lang: str) -> list[dict]:
    """The reporting periods holding data (``urls.periods_in``), most recent first, labelled in ``lang``."""
    quarters = tables.conferences["quarter"].dropna().unique()
    return [{"label": p.label(lang), "value": urls.period_value(p)} for p in urls.periods_in(quarters)]


def filter_options_for(tables, lang: str) -> list[list[dict]]:
    """Options of each filter dropdown, in ``ids.FILTER_DROPDOWNS`` order."""
    quarters = sorted(tables.conferences["quarter"].dropna().unique())
    quarter_options = [{"label": quarter_label(q, lang), "value": q} for q in quarters]
    units = sorted(tables.units, key=sort_key)
    documents = tables.conference_documents["document"].value_counts().index.tolist()
    catalogue = catalogue_of(tables)
    return [
        quarter_options,
        quarter_options,
        [{"label": u, "value": u} for u in units],
        [{"label": k.vi if lang == "vi" else k.en, "value": k.code} for k in CONFERENCE_KINDS],
        [{"label": o.vi if lang == "vi" else o.en, "value": o.code} for o in ORG_TYPES],
        [{"label": document_name(d, catalogue), "value": d} for d in documents],
    ]


@callback(
    Output(ids.FILTER_SUMMARY, "children"),
    *[Input(f, "value") for f in ids.FILTERS],
    State(ids.LANG, "data"),
)
@access("public")
def summarise_filters(*args):
    *values, lang = args
    return filter_summary(urls.filter_values(*values), lang)


def filter_chips(values: dict, lang: str, tables=None) -> list[tuple[str, str, str]]:
    """The active filters as ``(filter, value, label)`` chips: the quarter range (or its period) as one,
    each chosen unit, kind, organisation type and document as one, the predecessors switch when off."""
    first, last = urls.ordered_range(values)
    chips = []
    if first or last:
        period = urls.period_of_range(first, last)
        label = (period.label(lang) if period else
                 quarter_label(first, lang) if first == last or not last else
                 quarter_label(last, lang) if not first else
                 f"{quarter_label(first, lang)} – {quarter_label(last, lang)}")
        chips.append(("range", "", label))
    catalogue = None
    labels = {ids.FILTER_UNIT: short_unit, ids.FILTER_KIND: lambda k: kind_label(k, lang),
              ids.FILTER_ORG_TYPE: lambda o: org_type_label(o, lang)}
    for component in (ids.FILTER_UNIT, ids.FILTER_KIND, ids.FILTER_ORG_TYPE, ids.FILTER_DOCUMENT):
        items = values.get(component) or []
        for item in items if isinstance(items, list) else [items]:
            if component == ids.FILTER_DOCUMENT:
                catalogue = catalogue if catalogue is not None else catalogue_of(
                    tables if tables is not None else context.tables())
                label = document_name(str(item), catalogue)
            else:
                label = labels[component](str(item))
            chips.append((component, str(item), label))
    if values.get(ids.FILTER_PREDECESSORS) is False and values.get(ids.FILTER_UNIT):
        chips.append((ids.FILTER_PREDECESSORS, "", t("filter_without_predecessors", lang)))
    return chips


def without_chip(values: dict, chip: str, value: str) -> list:
    """The filter values (``ids.FILTERS`` order, then the period) once chip ``(chip, value)`` is removed."""
    out = {f: values.get(f) for f in ids.FILTERS}
    period = no_update
    if chip == "range":
        out[ids.FILTER_FROM] = out[ids.FILTER_TO] = None
        period = None
    elif chip == ids.FILTER_PREDECESSORS:
        out[chip] = True
    elif chip in (ids.FILTER_UNIT, ids.FILTER_KIND, ids.FILTER_ORG_TYPE, ids.FILTER_DOCUMENT):
        items = out[chip] or []
        out[chip] = [i for i in (items if isinstance(items, list) else [items]) if str(i) != value]
    else:  # a hand-made request naming no filter
        return [no_update] * (len(ids.FILTERS) + 1)
    return [*(out[f] if out[f] != values.get(f) else no_update for f in ids.FILTERS), period]


@callback(
    Output(ids.FILTER_CHIPS, "children"),
    Output(f"{ids.FILTER_OPEN}-count", "children"),
    *[Input(f, "value") for f in ids.FILTERS],
    State(ids.LANG, "data"),
)
@access("public")
def show_filter_chips(*args):
    *values, lang = args
    chips = filter_chips(urls.filter_values(*values), lang)
    buttons = [html.Button([label, html.Span(" ×", **{"aria-hidden": "true"})], type="button",
                           id={"type": ids.FILTER_CHIP, "filter": chip, "value": value},
                           className="btn btn-sm btn-light border rounded-pill py-0 px-2 filter-chip",
                           title=t("filter_remove", lang, label=label),
                           **{"aria-label": t("filter_remove", lang, label=label)})
               for chip, value, label in chips]
    return buttons, f" ({len(chips)})" if chips else ""


@callback(
    *[Output(f, "value", allow_duplicate=True) for f in ids.FILTERS],
    Output(ids.FILTER_PERIOD, "value", allow_duplicate=True),
    Input({"type": ids.FILTER_CHIP, "filter": ALL, "value": ALL}, "n_clicks"),
    *[State(f, "value") for f in ids.FILTERS],
    prevent_initial_call=True,
)
@access("public")
def remove_filter_chip(clicks, *values):
    """A chip's "×": that one filter value goes, the others stay."""
    trigger = ctx.triggered_id
    # Chips drawn anew also reach this callback, unclicked: only a real click removes.
    if not isinstance(trigger, dict) or not any(c for c in clicks or []) or not ctx.triggered[0].get("value"):
        return [no_update] * (len(ids.FILTERS) + 1)
    return without_chip(urls.filter_values(*values), str(trigger.get("filter")), str(trigger.get("value")))


def filter_summary(values: dict, lang: str, tables=None) -> str:
    """The "Đang lọc: …" line: the period (or quarters), every other filter, what the unit filter includes."""
    first, last = urls.ordered_range(values)
    period = urls.period_of_range(first, last)
    shown = [period.label(lang)] if period else [quarter_label(q, lang) for q in (first, last) if q]
    labels = {ids.FILTER_UNIT: str, ids.FILTER_KIND: lambda k: kind_label(k, lang),
              ids.FILTER_ORG_TYPE: lambda o: org_type_label(o, lang),
              ids.FILTER_DOCUMENT: lambda d: document_name(d, catalogue_of(tables if tables is not None else context.tables()))}
    for component, label in labels.items():
        if items := values.get(component):
            shown.append(", ".join(label(str(i)) for i in (items if isinstance(items, list) else [items])))
    if units := values.get(ids.FILTER_UNIT):
        merged = views.merged_predecessors(tables if tables is not None else context.tables(), units)
        if merged and values.get(ids.FILTER_PREDECESSORS) is False:
            shown.append(t("filter_without_predecessors", lang))
        elif merged:
            by_day: dict = {}
            for name, day in merged:
                by_day.setdefault(day, []).append(short_unit(name))
            shown.append("; ".join(t("filter_with_predecessors", lang, names=", ".join(names), date=fmt_date(day))
                                   for day, names in by_day.items()))
    return f"{t('filter_active', lang)}: " + " · ".join(shown) if shown else ""


_COMMITTEE = re.compile(
    r"^Đảng (?:ủy|uỷ|bộ) (?:phường |xã |thị trấn |đặc khu |quận |huyện |thị xã |thành phố |tỉnh )?", re.IGNORECASE)


def short_unit(name: str) -> str:
    """``Đảng ủy phường Thanh Khê Tây`` → ``Thanh Khê Tây``: how a sentence names a unit."""
    return _COMMITTEE.sub("", name) or name
