"""The app shell: header, navigation, language switch, global filters, URL sync.

Filters live in the URL (``?from=2023-Q1&kind=chuyen_de``): a shared or
bookmarked address restores the view, and back/forward work, because one
circular callback keeps the filter components and ``url.search`` in step.
The language is a cookie set by ``/lang/<code>``, so every request,
including Dash's own, knows it.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import request
from flask_wtf.csrf import generate_csrf

from dashboard.auth.access import access
from dashboard.auth import web as auth
from dashboard.contract.documents import document_name
from dashboard.contract.periods import quarter_label
from dashboard.contract.text import sort_key
from dashboard.contract.vocab import CONFERENCE_KINDS, ORG_TYPES
from dashboard.i18n import t
from dashboard.ui import ids, state

LANG_COOKIE = "dashboard_lang"
PAGES = (("/", "nav_overview"), ("/attendance", "nav_attendance"), ("/topics", "nav_topics"),
         ("/conferences", "nav_conferences"), ("/upload", "nav_upload"), ("/history", "nav_history"))
VERSION_POLL_SECONDS = 15


def current_lang() -> str:
    """The language of this request: the cookie, else the settings' default."""
    try:
        chosen = request.cookies.get(LANG_COOKIE)
    except RuntimeError:  # outside a request (layout validation at start-up)
        chosen = None
    return chosen if chosen in ("vi", "en") else state.settings().lang


FILTER_LABELS = ((ids.FILTER_FROM, "filter_from"), (ids.FILTER_TO, "filter_to"), (ids.FILTER_UNIT, "filter_unit"),
                 (ids.FILTER_KIND, "filter_kind"), (ids.FILTER_ORG_TYPE, "filter_org_type"),
                 (ids.FILTER_DOCUMENT, "filter_document"))


def _account(lang: str) -> list:
    user = auth.current()
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
    options = filter_options_for(state.tables(), lang)
    dropdown = dict(clearable=True, placeholder=t("filter_all", lang), persistence=False)
    filters = dbc.Row([
        _filter(t(label, lang), dcc.Dropdown(id=component, options=choices, multi=component in state.MULTI, **dropdown))
        for (component, label), choices in zip(FILTER_LABELS, options)
    ], className="g-2")
    nav = dbc.Nav([dbc.NavItem(dbc.NavLink(t(key, lang), id=_nav_id(path), href=path, active="exact"))
                   for path, key in PAGES], pills=True, className="flex-wrap")
    header = dbc.Navbar(dbc.Container([
        html.Div([html.Span(t("app_title", lang), className="h5 mb-0 me-2"),
                  html.Small(t("app_subtitle", lang), className="text-muted d-none d-md-inline")]),
        html.Div([
            *_account(lang),
            html.Span(t("language", lang) + ": ", className="small me-1"),
            html.A("Tiếng Việt", href="/lang/vi", id=f"{ids.LANG_LINKS}-vi", className="small me-2",
                   **({"aria-current": "true"} if lang == "vi" else {})),
            html.A("English", href="/lang/en", id=f"{ids.LANG_LINKS}-en", className="small",
                   **({"aria-current": "true"} if lang == "en" else {})),
        ]),
    ], fluid=True), color="light", className="mb-2 border-bottom")
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.LANG, data=lang),
        dcc.Store(id=ids.STORE_VERSION, data=state.store_version()),
        dcc.Interval(id=ids.VERSION_POLL, interval=VERSION_POLL_SECONDS * 1000),
        header,
        dbc.Container([
            nav,
            html.Div([filters,
                      html.Div([html.Span(id=ids.FILTER_SUMMARY, className="small text-muted me-2"),
                                dbc.Button(t("filter_clear", lang), id=ids.FILTER_CLEAR, size="sm",
                                           color="secondary", outline=True)],
                               className="mt-2 d-flex align-items-center flex-wrap")],
                     className="my-3 p-2 bg-light rounded border", role="search"),
            dash.page_container,
        ], fluid=True, className="pb-5"),
    ], lang=lang)


@callback(
    Output(ids.URL, "search"),
    *[Output(f, "value") for f in ids.FILTERS],
    Input(ids.URL, "search"),
    *[Input(f, "value") for f in ids.FILTERS],
)
@access("public")
def sync_filters_and_url(search, *values):
    """URL → filters on load and on back/forward; filters → URL on every change."""
    if ctx.triggered_id in (None, ids.URL):
        parsed = state.parse_search(search)
        return no_update, *[parsed[f] for f in ids.FILTERS]
    new_search = state.build_search(state.filter_values(*values), "vi")
    return (new_search if new_search != (search or "") else no_update), *[no_update] * len(ids.FILTERS)


@callback(
    *[Output(f, "value", allow_duplicate=True) for f in ids.FILTERS],
    Input(ids.FILTER_CLEAR, "n_clicks"),
    prevent_initial_call=True,
)
@access("public")
def clear_filters(_clicks):
    return [None, None, [], [], [], []]


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
    version = state.store_version()
    return version if version != known else no_update


@callback(
    *[Output(component, "options") for component in ids.FILTERS],
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("public")
def refresh_filter_options(_version, lang):
    """After an upload, new quarters, units and documents become choices."""
    return filter_options_for(state.tables(), lang)


def filter_options_for(tables, lang: str) -> list[list[dict]]:
    """Options of each filter, in ``ids.FILTERS`` order."""
    quarters = sorted(tables.conferences["quarter"].dropna().unique())
    quarter_options = [{"label": quarter_label(q, lang), "value": q} for q in quarters]
    units = sorted(tables.units, key=sort_key)
    documents = tables.conference_documents["document"].value_counts().index.tolist()
    return [
        quarter_options,
        quarter_options,
        [{"label": u, "value": u} for u in units],
        [{"label": k.vi if lang == "vi" else k.en, "value": k.code} for k in CONFERENCE_KINDS],
        [{"label": o.vi if lang == "vi" else o.en, "value": o.code} for o in ORG_TYPES],
        [{"label": document_name(d), "value": d} for d in documents],
    ]


@callback(
    Output(ids.FILTER_SUMMARY, "children"),
    *[Input(f, "value") for f in ids.FILTERS],
    State(ids.LANG, "data"),
)
@access("public")
def summarise_filters(*args):
    *values, lang = args
    active = [v for v in values if v]
    if not active:
        return ""
    shown = []
    for value in active:
        items = value if isinstance(value, list) else [value]
        shown.append(", ".join(quarter_label(i, lang) if i[:2] == "20" and "-Q" in i else str(i) for i in items))
    return f"{t('filter_active', lang)}: " + " · ".join(shown)
