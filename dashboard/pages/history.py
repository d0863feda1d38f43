"""``/history``: the upload ledger (staff); undo one upload or restore a version, previewed first (admins).

Select a ledger row, then:

* **Hoàn tác lần tải lên #N** previews what undoing that upload reverts and
  any conflicts with later uploads; with conflicts, "Tôi hiểu …" must be
  ticked before the confirm button works.
* **Khôi phục toàn bộ về phiên bản #N** previews every upload it discards;
  the confirm button works once the admin has typed the version number
  (checked again on the server).

The logic lives in ``dashboard.ingest.undo``; these callbacks only call it
and show its plans.
"""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.auth import web as auth
from dashboard.ui.access import access
from dashboard.errors import Problem, UserError
from dashboard.i18n import TEXT, fmt_moment, t
from dashboard.ingest import RestorePlan, UndoPlan, plan_restore, plan_undo, restore_store, undo_upload
from dashboard.ingest.undo import entry_label
from dashboard.store import Store
from dashboard.ui.grids import grid_locale
from dashboard.ui import context, ids
from dashboard.ui.blocks import table_view
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/history", name="Lịch sử", title="Lịch sử · Công tác tuyên giáo")

ROWS_SHOWN = 1000


def layout(**_query):
    lang = current_lang()
    user = auth.current()
    if user is None or not user.can("staff"):
        return html.Div([html.H1(t("history_title", lang), className="h4"),
                         dbc.Alert([t("upload_login", lang), " ",
                                    html.A(t("login", lang), href="/login?next=/history")], color="warning")])
    actions = [
        html.P(t("history_pick", lang), className="small text-muted mt-2 mb-1"),
        dbc.Button(t("history_undo", lang), id=ids.HISTORY_UNDO, color="warning", outline=True, disabled=True,
                   className="me-2"),
        dbc.Button(t("history_restore", lang), id=ids.HISTORY_RESTORE, color="danger", outline=True, disabled=True),
        dcc.Store(id=ids.HISTORY_PENDING),
    ] if user.can("admin") else []
    return html.Div([
        html.H1(t("history_title", lang), className="h4"),
        dag.AgGrid(id=ids.HISTORY_GRID, columnSize="responsiveSizeToFit", style={"height": "420px"},
                   defaultColDef={"sortable": True, "resizable": True, "wrapText": True, "autoHeight": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True},
                                    "localeText": grid_locale(lang)}),
        *actions,
        html.Div(id=ids.HISTORY_RESULT, className="mt-3", **{"aria-live": "polite"}),
    ])


def ledger_rows(store: Store, lang: str, units: tuple[str, ...] | None = None) -> list[dict]:
    """The ledger, newest first; with ``units`` (what the account reads: ``Tables.scope``), only the entries
    that touched one of them, and those of no unit (a restore of the whole store)."""
    rows = []
    for entry in reversed(store.ledger()):
        if units is not None and entry.units and not set(entry.units) & set(units):
            continue  # another committee's upload: its files and counts are its own
        changes = "; ".join(f"{_table_name(table, lang)}: " + t("change_counts", lang, **c)
                            for table, c in entry.counts.items() if c["added"] or c["changed"] or c["removed"])
        action = t(f"action_{entry.action}", lang) if f"action_{entry.action}" in TEXT else entry.action
        if entry.target_version is not None:
            action = f"{action} → {entry.target_version}"
        rows.append({
            t("col_version", lang): entry.version, t("col_at", lang): fmt_moment(entry.at),
            t("col_user", lang): entry.user, t("col_action", lang): action,
            t("col_unit", lang): ", ".join(entry.units), t("col_files", lang): ", ".join(f["name"] for f in entry.files),
            t("col_changes", lang): changes,
        })
    return rows


def _table_name(table: str, lang: str) -> str:
    """A stored table as staff call it (``Hội nghị``), the stored name when the catalogue has none."""
    return t(f"table_{table}", lang) if f"table_{table}" in TEXT else table


def selected_version(selected: object, lang: str | None) -> object:
    """The version of the selected grid row as the client sent it (checked later), or None."""
    if not isinstance(selected, list) or not selected or not isinstance(selected[0], dict):
        return None
    row = selected[0]
    for key in (t("col_version", lang), t("col_version", "vi"), t("col_version", "en")):
        if key in row:
            return row[key]
    return None


def refusal(error: UserError, lang: str | None) -> dbc.Alert:
    return dbc.Alert([html.Div(p.message(lang or "vi")) for p in error.problems], color="danger")


def undo_preview(plan: UndoPlan, lang: str | None) -> html.Div:
    """What undoing ``plan.version`` reverts, the conferences it affects, its conflicts, and the confirm controls."""
    parts = [
        dbc.Alert([html.Strong(t("undo_preview_title", lang, version=plan.version, entry=entry_label(plan.entry, lang or "vi"))),
                   html.Div(t("undo_preview_keeps", lang))], color="info"),
        html.P(t("undo_units", lang, units=", ".join(plan.units) or "—")),
        table_view(plan.summary_frame(lang), lang),
    ]
    if not plan.conferences.empty:
        parts += [html.H2(t("undo_conferences", lang), className="h6"), table_view(plan.conferences_frame(lang), lang)]
    rows = plan.rows_frame(lang)
    if not rows.empty:
        parts.append(html.Details([html.Summary(t("undo_rows", lang)), table_view(rows, lang, limit=ROWS_SHOWN)]))
    if plan.conflicts:
        parts += [dbc.Alert(t("undo_conflicts_title", lang, count=len(plan.conflicts)), color="warning"),
                  table_view(plan.conflicts_frame(lang), lang, limit=ROWS_SHOWN)]
    if plan.is_noop:
        return html.Div([*parts, dbc.Alert(Problem("undo_nothing_left", value=str(plan.version)).message(lang or "vi"),
                                           color="secondary")])
    parts += [
        # Always present (hidden without conflicts): the confirm callback reads it.
        dbc.Checkbox(id=ids.HISTORY_UNDO_ACK, label=t("undo_ack", lang), value=False, className="my-2",
                     **({} if plan.conflicts else {"style": {"display": "none"}})),
        dbc.Button(t("undo_confirm", lang), id=ids.HISTORY_UNDO_CONFIRM, color="danger", disabled=bool(plan.conflicts)),
    ]
    return html.Div(parts)


def restore_preview(plan: RestorePlan, lang: str | None) -> html.Div:
    """What restoring the whole store to ``plan.version`` discards, and the typed confirmation."""
    parts = [dbc.Alert(html.Strong(t("restore_preview_title", lang, version=plan.version, head=plan.base_version)),
                       color="danger")]
    if plan.discarded:
        parts += [html.P(t("restore_discarded", lang)), table_view(plan.entries_frame(plan.discarded, lang), lang,
                                                                  limit=ROWS_SHOWN)]
    else:
        parts.append(html.P(t("restore_none_discarded", lang)))
    if plan.reinstated:
        parts += [html.P(t("restore_reinstated", lang)), table_view(plan.entries_frame(plan.reinstated, lang), lang,
                                                                   limit=ROWS_SHOWN)]
    parts += [
        html.P(t("restore_units", lang, units=", ".join(plan.units) or "—")),
        table_view(plan.summary_frame(lang), lang),
        dbc.Label(t("restore_type", lang, version=plan.version), html_for=ids.HISTORY_RESTORE_TYPED),
        dbc.Input(id=ids.HISTORY_RESTORE_TYPED, type="text", autocomplete="off", className="mb-2",
                  style={"maxWidth": "12rem"}),
        dbc.Button(t("restore_confirm", lang), id=ids.HISTORY_RESTORE_CONFIRM, color="danger", disabled=True),
    ]
    return html.Div(parts)


def _store() -> Store:
    settings = context.settings()
    return Store(settings.store, lock_timeout=settings.lock_timeout)


def _admin():
    """The signed-in admin; refused otherwise (checked here too, not only by the request guard)."""
    user = auth.current()
    if user is None or not user.can("admin"):
        raise UserError(Problem("admin_only"))
    return user


def _pending(pending: object, kind: str) -> dict | None:
    return pending if isinstance(pending, dict) and pending.get("kind") == kind else None


@callback(
    Output(ids.HISTORY_GRID, "rowData"),
    Output(ids.HISTORY_GRID, "columnDefs"),
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
)
@access("staff")
def show_ledger(_version, lang):
    user = context.signed_in()
    # An admin sees every entry (it may undo any); staff those of the units they read.
    scope = None if user is not None and user.can("admin") else context.tables().scope
    rows = ledger_rows(Store(context.settings().store), lang, scope)
    columns = [t(k, lang) for k in ("col_version", "col_at", "col_user", "col_action", "col_unit", "col_files", "col_changes")]
    return rows, [{"field": c, "headerName": c} for c in columns]


@callback(
    Output(ids.HISTORY_UNDO, "children"),
    Output(ids.HISTORY_UNDO, "disabled"),
    Output(ids.HISTORY_RESTORE, "children"),
    Output(ids.HISTORY_RESTORE, "disabled"),
    Input(ids.HISTORY_GRID, "selectedRows"),
    State(ids.LANG, "data"),
)
@access("admin")
def label_actions(selected, lang):
    version = selected_version(selected, lang)
    if version is None:
        return t("history_undo", lang), True, t("history_restore", lang), True
    return t("history_undo_n", lang, version=version), False, t("history_restore_n", lang, version=version), False


@callback(
    Output(ids.HISTORY_RESULT, "children"),
    Output(ids.HISTORY_PENDING, "data"),
    Input(ids.HISTORY_UNDO, "n_clicks"),
    State(ids.HISTORY_GRID, "selectedRows"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("admin", limit="undo")
def preview_undo(clicks, selected, lang):
    if not clicks:
        return no_update, no_update
    version = selected_version(selected, lang)
    if version is None:
        return dbc.Alert(t("history_pick", lang), color="secondary"), None
    try:
        _admin()
        plan = plan_undo(_store(), version)
    except UserError as error:
        return refusal(error, lang), None
    return undo_preview(plan, lang), {"kind": "undo", "version": plan.version, "base": plan.base_version,
                                      "conflicts": len(plan.conflicts)}


@callback(
    Output(ids.HISTORY_RESULT, "children", allow_duplicate=True),
    Output(ids.HISTORY_PENDING, "data", allow_duplicate=True),
    Input(ids.HISTORY_RESTORE, "n_clicks"),
    State(ids.HISTORY_GRID, "selectedRows"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("admin", limit="undo")
def preview_restore(clicks, selected, lang):
    if not clicks:
        return no_update, no_update
    version = selected_version(selected, lang)
    if version is None:
        return dbc.Alert(t("history_pick", lang), color="secondary"), None
    try:
        _admin()
        plan = plan_restore(_store(), version)
    except UserError as error:
        return refusal(error, lang), None
    return restore_preview(plan, lang), {"kind": "restore", "version": plan.version, "base": plan.base_version}


@callback(
    Output(ids.HISTORY_UNDO_CONFIRM, "disabled"),
    Input(ids.HISTORY_UNDO_ACK, "value"),
    State(ids.HISTORY_PENDING, "data"),
    prevent_initial_call=True,
)
@access("admin")
def enable_undo(acknowledged, pending):
    pending = _pending(pending, "undo")
    return pending is None or (bool(pending.get("conflicts")) and not acknowledged)


@callback(
    Output(ids.HISTORY_RESTORE_CONFIRM, "disabled"),
    Input(ids.HISTORY_RESTORE_TYPED, "value"),
    State(ids.HISTORY_PENDING, "data"),
    prevent_initial_call=True,
)
@access("admin")
def enable_restore(typed, pending):
    pending = _pending(pending, "restore")
    return pending is None or str(typed or "").strip().lstrip("#").strip() != str(pending.get("version"))


@callback(
    Output(ids.HISTORY_RESULT, "children", allow_duplicate=True),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Output(ids.HISTORY_PENDING, "data", allow_duplicate=True),
    Input(ids.HISTORY_UNDO_CONFIRM, "n_clicks"),
    State(ids.HISTORY_UNDO_ACK, "value"),
    State(ids.HISTORY_PENDING, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("admin", limit="undo")
def perform_undo(clicks, acknowledged, pending, lang):
    pending = _pending(pending, "undo")
    if not clicks or pending is None:
        return no_update, no_update, no_update
    try:
        user = _admin()
        version = undo_upload(_store(), pending.get("version"), user=user.name, confirm_conflicts=bool(acknowledged),
                              base_version=pending.get("base"))
    except UserError as error:
        return refusal(error, lang), no_update, no_update
    return (dbc.Alert(t("undo_done", lang, target=pending.get("version"), version=version), color="success"),
            version, None)


@callback(
    Output(ids.HISTORY_RESULT, "children", allow_duplicate=True),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Output(ids.HISTORY_PENDING, "data", allow_duplicate=True),
    Input(ids.HISTORY_RESTORE_CONFIRM, "n_clicks"),
    State(ids.HISTORY_RESTORE_TYPED, "value"),
    State(ids.HISTORY_PENDING, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("admin", limit="undo")
def perform_restore(clicks, typed, pending, lang):
    pending = _pending(pending, "restore")
    if not clicks or pending is None:
        return no_update, no_update, no_update
    try:
        user = _admin()
        version = restore_store(_store(), pending.get("version"), user=user.name, confirm=typed,
                                base_version=pending.get("base"))
    except UserError as error:
        return refusal(error, lang), no_update, no_update
    return (dbc.Alert(t("history_undone", lang, target=pending.get("version"), version=version), color="success"),
            version, None)
