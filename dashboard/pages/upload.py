"""``/upload``: drop files, see every problem or the preview, confirm to commit (staff only)."""

import base64

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.auth import web as auth
from dashboard.contract.schema import FILE_TABLES
from dashboard.errors import Problem, UserError, problem_dicts, problems_frame
from dashboard.i18n import t
from dashboard.ingest import UploadFile, commit_upload, prepare_upload
from dashboard.ui import ids, state
from dashboard.ui.blocks import table_view
from dashboard.ui.export import to_csv_bytes
from dashboard.ui.shell import current_lang
from dashboard.ui.templates import XLSX_NAME

dash.register_page(__name__, path="/upload", name="Tải dữ liệu lên", title="Tải dữ liệu lên · Công tác tuyên giáo")


def layout(**_query):
    lang = current_lang()
    user = auth.current()
    settings = state.settings()
    if user is None or not user.can("staff"):
        return html.Div([
            html.H1(t("upload_title", lang), className="h4"),
            dbc.Alert([t("upload_login", lang), " ", html.A(t("login", lang), href="/login?next=/upload")],
                      color="warning"),
        ])
    units = user.may_upload_for()
    choices = sorted(set(units if units is not None else state.tables().units) | (
        {settings.default_unit} if settings.default_unit and units is None else set()))
    templates = [html.A(f"{FILE_TABLES[n].vi} (CSV)", href=f"/templates/{n}.csv", className="me-3") for n in FILE_TABLES]
    return html.Div([
        html.H1(t("upload_title", lang), className="h4"),
        dbc.Row([
            dbc.Col([dbc.Label(t("upload_unit", lang), html_for=ids.UPLOAD_UNIT),
                     dcc.Dropdown(id=ids.UPLOAD_UNIT, options=choices, value=choices[0] if len(choices) == 1 else None)],
                    md=6),
            dbc.Col([html.Div(t("upload_templates", lang), className="small text-muted"),
                     html.Div([*templates, html.A("Excel (.xlsx)", href=f"/templates/{XLSX_NAME}")])], md=6),
        ], className="mb-3"),
        dcc.Upload(id=ids.UPLOAD, multiple=True, max_size=int(settings.max_upload_mb * 1_000_000),
                   accept=".csv,.txt,.tsv,.xlsx",
                   children=html.Div(t("upload_drop", lang)),
                   className="border border-2 rounded p-4 text-center bg-light", style={"borderStyle": "dashed"}),
        dcc.Loading(html.Div(id=ids.UPLOAD_RESULT, className="mt-3")),
        dbc.Button(t("upload_confirm", lang), id=ids.UPLOAD_CONFIRM, color="primary", disabled=True, className="mt-2"),
        dbc.Button(t("upload_problems_csv", lang), id=ids.UPLOAD_PROBLEMS_BUTTON, color="link", className="mt-2"),
        dcc.Store(id=ids.UPLOAD_PROBLEMS_STORE),
        dcc.Download(id=ids.UPLOAD_PROBLEMS_DOWNLOAD),
    ])


def decode(contents: list[str] | None, names: list[str] | None) -> list[UploadFile]:
    """dcc.Upload's data URLs → UploadFile objects."""
    return [UploadFile(name, base64.b64decode(content.split(",", 1)[1] if "," in content else ""))
            for content, name in zip(contents or [], names or [])]


def result_view(plan_or_error, lang: str, committed_version: int | None = None) -> html.Div:
    if isinstance(plan_or_error, UserError):
        problems = plan_or_error.problems
        return html.Div([dbc.Alert(t("upload_refused", lang, count=len(problems)), color="danger"),
                         table_view(problems_frame(problems, lang), lang, limit=1000)])
    plan = plan_or_error
    if committed_version is not None:
        message, colour = t("upload_committed", lang, version=committed_version), "success"
    elif plan.is_noop:
        message, colour = t("upload_noop", lang), "secondary"
    else:
        message, colour = t("upload_ok", lang), "info"
    return html.Div([dbc.Alert(message, color=colour), table_view(plan.summary_frame(lang), lang)])


@callback(
    Output(ids.UPLOAD_RESULT, "children"),
    Output(ids.UPLOAD_CONFIRM, "disabled"),
    Output(ids.UPLOAD_PROBLEMS_STORE, "data"),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    Input(ids.UPLOAD_UNIT, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def preview(contents, names, unit, lang):
    if not contents:
        return no_update, True, None
    user = auth.current()
    plan = prepare_upload(decode(contents, names), state.settings().store, unit=unit,
                          allowed_units=user.may_upload_for(), settings=state.settings())
    if not plan.ok:
        return result_view(UserError(plan.problems), lang), True, problem_dicts(plan.problems)
    return result_view(plan, lang), plan.is_noop, None


@callback(
    Output(ids.UPLOAD_RESULT, "children", allow_duplicate=True),
    Output(ids.UPLOAD_CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Input(ids.UPLOAD_CONFIRM, "n_clicks"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.UPLOAD_UNIT, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def commit(_clicks, contents, names, unit, lang):
    user = auth.current()
    try:
        result = commit_upload(decode(contents, names), state.settings().store, unit=unit, user=user.name,
                               allowed_units=user.may_upload_for(), settings=state.settings())
    except UserError as error:
        return result_view(error, lang), True, no_update
    return result_view(result.plan, lang, result.version if result.committed else None), True, result.version


@callback(
    Output(ids.UPLOAD_PROBLEMS_DOWNLOAD, "data"),
    Input(ids.UPLOAD_PROBLEMS_BUTTON, "n_clicks"),
    State(ids.UPLOAD_PROBLEMS_STORE, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
def download_problems(_clicks, problems, lang):
    if not problems:
        return no_update
    frame = problems_frame([Problem(**p) for p in problems], lang)
    return dcc.send_bytes(to_csv_bytes(frame), "van-de-tai-len.csv" if lang == "vi" else "upload-problems.csv")
