"""``/history``: the upload ledger, and undo (admins)."""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.auth import web as auth
from dashboard.errors import UserError
from dashboard.i18n import t
from dashboard.ingest import rollback
from dashboard.store import Store
from dashboard.ui import ids, state
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/history", name="Lịch sử", title="Lịch sử · Công tác tuyên giáo")

CONFIRM = "history-confirm"


def layout(**_query):
    lang = current_lang()
    user = auth.current()
    if user is None or not user.can("staff"):
        return html.Div([html.H1(t("history_title", lang), className="h4"),
                         dbc.Alert([t("upload_login", lang), " ",
                                    html.A(t("login", lang), href="/login?next=/history")], color="warning")])
    undo = [dbc.Button(t("history_undo", lang), id=ids.HISTORY_UNDO, color="danger", outline=True, className="mt-2"),
            dcc.ConfirmDialog(id=CONFIRM)] if user.can("admin") else []
    return html.Div([
        html.H1(t("history_title", lang), className="h4"),
        dag.AgGrid(id=ids.HISTORY_GRID, columnSize="responsiveSizeToFit", style={"height": "420px"},
                   defaultColDef={"sortable": True, "resizable": True, "wrapText": True, "autoHeight": True},
                   dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True}}),
        *undo,
        html.Div(id=ids.HISTORY_RESULT, className="mt-2"),
    ])


def ledger_rows(store: Store, lang: str) -> list[dict]:
    rows = []
    for entry in reversed(store.ledger()):
        changes = "; ".join(f"{table}: +{c['added']} ~{c['changed']} −{c['removed']}" for table, c in entry.counts.items()
                            if c["added"] or c["changed"] or c["removed"])
        action = entry.action if entry.target_version is None else f"{entry.action} → {entry.target_version}"
        rows.append({
            t("col_version", lang): entry.version, t("col_at", lang): entry.at.replace("T", " ")[:16],
            t("col_user", lang): entry.user, t("col_action", lang): action,
            t("col_unit", lang): ", ".join(entry.units), t("col_files", lang): ", ".join(f["name"] for f in entry.files),
            t("col_changes", lang): changes,
        })
    return rows


@callback(
    Output(ids.HISTORY_GRID, "rowData"),
    Output(ids.HISTORY_GRID, "columnDefs"),
    Input(ids.STORE_VERSION, "data"),
    State(ids.LANG, "data"),
)
def show_ledger(_version, lang):
    rows = ledger_rows(Store(state.settings().store), lang)
    columns = [t(k, lang) for k in ("col_version", "col_at", "col_user", "col_action", "col_unit", "col_files", "col_changes")]
    return rows, [{"field": c, "headerName": c} for c in columns]


@callback(
    Output(CONFIRM, "displayed"),
    Output(CONFIRM, "message"),
    Input(ids.HISTORY_UNDO, "n_clicks"),
    State(ids.HISTORY_GRID, "selectedRows"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def ask_to_undo(_clicks, selected, lang):
    if not selected:
        return False, no_update
    version = selected[0][t("col_version", lang)]
    return True, t("history_undo", lang) + f" #{version}?"


@callback(
    Output(ids.HISTORY_RESULT, "children"),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Input(CONFIRM, "submit_n_clicks"),
    State(ids.HISTORY_GRID, "selectedRows"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def undo(_submitted, selected, lang):
    if not selected:
        return no_update, no_update
    target = int(selected[0][t("col_version", lang)]) - 1
    try:
        version = rollback(state.settings().store, target, user=auth.current().name)
    except UserError as error:
        return dbc.Alert(error.render(lang), color="danger"), no_update
    return dbc.Alert(t("history_undone", lang, target=target, version=version), color="success"), version
