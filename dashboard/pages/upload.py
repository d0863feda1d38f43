"""``/upload``: drop files, see every problem or the preview, confirm to commit (staff only).

The preview lists, under the rows per table, every conference the upload
adds, changes or removes (date, title, unit, totals; old → new for a
changed one), the first ``CONFERENCE_CHANGES_SHOWN`` of them, all counted.
A file holding only its header row (a blank template) is named as such.
Probable duplicate conferences (same unit, date and title, another id) are
listed under the preview; the confirm button then waits for their box to be
ticked, and the tick is passed to the commit (``confirm_duplicates``).

Checking and committing run as background jobs (``dashboard.ui.jobs``): no
request waits for a large file; the page polls every second.
"""

import base64

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.auth import web as auth
from dashboard.ui.access import access
from dashboard.contract.schema import FILE_TABLES
from dashboard.errors import Problem, UserError, problem_dicts, problems_frame
from dashboard.i18n import t
from dashboard.ingest import UploadFile, UploadPlan, commit_upload, prepare_upload
from dashboard.ingest.upload import (
    CONFERENCE_CHANGES_SHOWN, conference_change_counts, conference_change_records, conference_changes_frame,
)
from dashboard.ui import context, ids, jobs
from dashboard.ui.blocks import table_view
from dashboard.ui.export import to_csv_bytes
from dashboard.ui.shell import current_lang
from dashboard.ui.templates import csv_name, xlsx_name

dash.register_page(__name__, path="/upload", name="Tải dữ liệu lên", title="Tải dữ liệu lên · Công tác tuyên giáo")


def layout(**_query):
    lang = current_lang()
    user = auth.current()
    settings = context.settings()
    if user is None or not user.can("staff"):
        return html.Div([
            html.H1(t("upload_title", lang), className="h4"),
            dbc.Alert([t("upload_login", lang), " ", html.A(t("login", lang), href="/login?next=/upload")],
                      color="warning"),
        ])
    units = user.may_upload_for()
    choices = sorted(set(units if units is not None else context.every_unit()) | (
        {settings.default_unit} if settings.default_unit and units is None else set()))
    return html.Div([
        html.H1(t("upload_title", lang), className="h4"),
        dbc.Row([
            dbc.Col([dbc.Label(t("upload_unit", lang), html_for=ids.UPLOAD_UNIT),
                     dcc.Dropdown(id=ids.UPLOAD_UNIT, options=choices, value=choices[0] if len(choices) == 1 else None)],
                    md=6),
            dbc.Col([html.Div(f"{t('upload_templates', lang)} ({t('upload_templates_hint', lang)})",
                              className="small text-muted"),
                     template_links(lang, example=False),
                     html.Div(f"{t('upload_examples', lang)} ({t('upload_examples_hint', lang)})",
                              className="small text-muted mt-2"),
                     template_links(lang, example=True)], md=6),
        ], className="mb-3"),
        dcc.Upload(id=ids.UPLOAD, multiple=True, max_size=int(settings.max_upload_mb * 1_000_000),
                   accept=".csv,.txt,.tsv,.xlsx",
                   children=html.Div(t("upload_drop", lang)),
                   className="border border-2 rounded p-4 text-center bg-light", style={"borderStyle": "dashed"}),
        html.Div(id=ids.UPLOAD_RESULT, className="mt-3"),
        html.Div(dbc.Checkbox(id=ids.UPLOAD_CONFIRM_DUPLICATES, value=False, label=t("upload_confirm_duplicates", lang)),
                 id=ids.UPLOAD_DUPLICATES_BOX, hidden=True, className="mt-2"),
        dbc.Button(t("upload_confirm", lang), id=ids.UPLOAD_CONFIRM, color="primary", disabled=True, className="mt-2"),
        dbc.Button(t("upload_problems_csv", lang), id=ids.UPLOAD_PROBLEMS_BUTTON, color="link", className="mt-2"),
        dcc.Store(id=ids.UPLOAD_PROBLEMS_STORE),
        dcc.Store(id=ids.UPLOAD_JOB),
        dcc.Interval(id=ids.UPLOAD_POLL, interval=1000, disabled=True),
        dcc.Download(id=ids.UPLOAD_PROBLEMS_DOWNLOAD),
    ])


def template_links(lang: str, example: bool) -> html.Div:
    """The blank templates (header row only), or the example files: one CSV per kind of file, and the workbook.

    Each link's accessible name says which of the two it is (both lists show the same file kinds).
    """
    files = [(f"{FILE_TABLES[n].vi} (CSV)", csv_name(n, example)) for n in FILE_TABLES]
    files.append(("Excel (.xlsx)", xlsx_name(example)))
    what = "upload_example_link" if example else "upload_template_link"
    return html.Div([html.A(text, href=f"/templates/{name}", className="me-3", title=t(what, lang, name=text),
                            **{"aria-label": t(what, lang, name=text)})
                     for text, name in files])


def decode(contents: list[str] | None, names: list[str] | None) -> list[UploadFile]:
    """dcc.Upload's data URLs → UploadFile objects."""
    return [UploadFile(name, base64.b64decode(content.split(",", 1)[1] if "," in content else ""))
            for content, name in zip(contents or [], names or [])]


def result_view(lang: str, problems: list[dict] | None = None, summary: dict | None = None, noop: bool = False,
                committed_version: int | None = None, duplicates: list[dict] | None = None,
                warnings: list[dict] | None = None, conferences: list[dict] | None = None,
                conference_counts: dict | None = None, empty: list[str] | None = None,
                all_empty: bool = False) -> html.Div:
    """Every problem as a table, or the per-table change (and the new version once committed).

    Under the change, the conferences added, changed and removed (``conferences``: the first
    records of ``conference_change_records``; ``conference_counts``: how many of each in all).
    Probable duplicate conferences of a preview are listed under those, to be confirmed;
    warnings (documents not written in full) under that, never blocking. ``empty``: the files
    (or sheets) holding only their header row; ``all_empty``: every one does (a blank template).
    """
    if problems:
        listed = [Problem(**p) for p in problems]
        return html.Div([dbc.Alert(t("upload_refused", lang, count=len(listed)), color="danger"),
                         table_view(problems_frame(listed, lang), lang, limit=1000)])
    if all_empty and noop:
        return html.Div(dbc.Alert(t("upload_empty_files", lang, files=", ".join(empty or ())), color="warning"))
    if committed_version is not None:
        message, colour = t("upload_committed", lang, version=committed_version), "success"
    elif noop:
        message, colour = t("upload_noop", lang), "secondary"
    else:
        message, colour = t("upload_ok", lang), "info"
    frame = UploadPlan(0, [], [], summary=summary or {}).summary_frame(lang)
    parts = [dbc.Alert(message, color=colour), table_view(frame, lang)]
    if empty:
        parts.append(dbc.Alert(t("upload_some_empty", lang, files=", ".join(empty)), color="light"))
    if not noop:
        parts += conference_changes_view(lang, conferences or [], conference_counts or {},
                                         done=committed_version is not None)
    if duplicates and committed_version is None and not noop:
        listed = [Problem(**p) for p in duplicates]
        parts += [dbc.Alert(t("upload_duplicates", lang, count=len(listed)), color="warning"),
                  table_view(problems_frame(listed, lang), lang, limit=1000)]
    if warnings and not noop:
        listed = [Problem(**p) for p in warnings]
        parts += [dbc.Alert(t("upload_warnings", lang, count=len(listed)), color="light"),
                  table_view(problems_frame(listed, lang), lang, limit=1000)]
    return html.Div(parts)


def conference_changes_view(lang: str, conferences: list[dict], counts: dict, done: bool = False) -> list:
    """The conferences added, changed and removed, as a table: a heading counting all of them, the rows given
    (the first ``CONFERENCE_CHANGES_SHOWN``), and how many more there are."""
    counts = {kind: int(counts.get(kind, 0)) for kind in ("added", "changed", "removed")}
    total = sum(counts.values())
    if not total:
        return []
    shown = conferences[:CONFERENCE_CHANGES_SHOWN]
    parts = [html.H2(t("upload_changes_done" if done else "upload_changes", lang, **counts), className="h6 mt-3"),
             html.Div(table_view(conference_changes_frame(shown, lang), lang, limit=CONFERENCE_CHANGES_SHOWN),
                      className="table-responsive")]
    if total > len(shown):
        parts.append(html.P(t("upload_more_conferences", lang, count=total - len(shown)), className="small text-muted"))
    return parts


def changes_result(plan: UploadPlan) -> dict:
    """What a job keeps of a plan for the page: the first conferences changed, how many in all, the empty files."""
    changes = plan.conference_changes()
    sheets = [sheet for info in plan.files for sheet in info["sheets"]]
    empty = [sheet["label"] for sheet in sheets if sheet["rows"] == 0]
    return {"conferences": conference_change_records(changes, CONFERENCE_CHANGES_SHOWN),
            "conference_counts": conference_change_counts(changes),
            "empty": empty, "all_empty": bool(sheets) and len(empty) == len(sheets)}


def working(lang: str) -> html.Div:
    return html.Div([html.Div(t("loading", lang), className="small text-muted mb-1"),
                     dbc.Progress(value=100, striped=True, animated=True, style={"height": "8px"})],
                    role="status", **{"aria-live": "polite"})


def preview_job(files: list[UploadFile], unit: str | None, allowed: list[str] | None, settings) -> dict:
    plan = prepare_upload(files, settings.store, unit=unit, allowed_units=allowed, settings=settings)
    return {"problems": problem_dicts(plan.problems), "summary": plan.summary, "noop": plan.is_noop,
            "duplicates": problem_dicts(plan.duplicates), "warnings": problem_dicts(plan.warnings),
            **changes_result(plan)}


def commit_job(files: list[UploadFile], unit: str | None, user, settings, confirm_duplicates: bool = False) -> dict:
    try:
        result = commit_upload(files, settings.store, unit=unit, user=user.name,
                               allowed_units=user.may_upload_for(), settings=settings,
                               confirm_duplicates=confirm_duplicates)
    except UserError as error:
        return {"problems": problem_dicts(error.problems)}
    return {"summary": result.plan.summary, "noop": not result.committed,
            "version": result.version if result.committed else None, "warnings": problem_dicts(result.plan.warnings),
            **changes_result(result.plan)}


def _jobs():
    return jobs.jobs_dir(context.settings().store)


@callback(
    Output(ids.UPLOAD_JOB, "data"),
    Output(ids.UPLOAD_POLL, "disabled"),
    Output(ids.UPLOAD_RESULT, "children"),
    Output(ids.UPLOAD_CONFIRM, "disabled"),
    Output(ids.UPLOAD_DUPLICATES_BOX, "hidden", allow_duplicate=True),
    Input(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    Input(ids.UPLOAD_UNIT, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff", limit="preview")
def start_preview(contents, names, unit, lang):
    """Receive the files and check them in the background; the page polls for the result."""
    if not contents:
        return no_update, True, no_update, True, True
    user, settings, files = auth.current(), context.settings(), decode(contents, names)
    job = jobs.submit(_jobs(), user.name, "preview",
                      lambda: preview_job(files, unit, user.may_upload_for(), settings))
    return job, False, working(lang), True, True


@callback(
    Output(ids.UPLOAD_JOB, "data", allow_duplicate=True),
    Output(ids.UPLOAD_POLL, "disabled", allow_duplicate=True),
    Output(ids.UPLOAD_RESULT, "children", allow_duplicate=True),
    Output(ids.UPLOAD_CONFIRM, "disabled", allow_duplicate=True),
    Input(ids.UPLOAD_CONFIRM, "n_clicks"),
    State(ids.UPLOAD, "contents"),
    State(ids.UPLOAD, "filename"),
    State(ids.UPLOAD_UNIT, "value"),
    State(ids.LANG, "data"),
    State(ids.UPLOAD_CONFIRM_DUPLICATES, "value"),
    prevent_initial_call=True,
)
@access("staff", limit="commit")
def start_commit(_clicks, contents, names, unit, lang, confirm_duplicates=False):
    user, settings, files = auth.current(), context.settings(), decode(contents, names)
    confirmed = confirm_duplicates is True
    job = jobs.submit(_jobs(), user.name, "commit", lambda: commit_job(files, unit, user, settings, confirmed))
    return job, False, working(lang), True


@callback(
    Output(ids.UPLOAD_RESULT, "children", allow_duplicate=True),
    Output(ids.UPLOAD_CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.UPLOAD_PROBLEMS_STORE, "data"),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Output(ids.UPLOAD_POLL, "disabled", allow_duplicate=True),
    Output(ids.UPLOAD_DUPLICATES_BOX, "hidden"),
    Output(ids.UPLOAD_CONFIRM_DUPLICATES, "value"),
    Input(ids.UPLOAD_POLL, "n_intervals"),
    State(ids.UPLOAD_JOB, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff")
def poll(_tick, job_id, lang):
    record = jobs.read(_jobs(), job_id, auth.current().name)
    if record is None or record["state"] == "running":
        return no_update, no_update, no_update, no_update, no_update, no_update, no_update
    if record["state"] == "failed":
        return dbc.Alert(jobs.failure_message(record, lang), color="danger"), True, None, no_update, True, True, False
    result = record["result"]
    version = result.get("version")
    duplicates = result.get("duplicates") if record["kind"] == "preview" else None
    view = result_view(lang, result.get("problems"), result.get("summary"), result.get("noop", False), version,
                       duplicates, result.get("warnings"), result.get("conferences"), result.get("conference_counts"),
                       result.get("empty"), result.get("all_empty", False))
    can_commit = record["kind"] == "preview" and not result.get("problems") and not result.get("noop")
    # Probable duplicates: the box to tick shows, and the confirm button waits for the tick.
    asks = bool(can_commit and duplicates)
    return (view, not can_commit or asks, result.get("problems") or None,
            version if version is not None else no_update, True, not asks, False)


@callback(
    Output(ids.UPLOAD_CONFIRM, "disabled", allow_duplicate=True),
    Input(ids.UPLOAD_CONFIRM_DUPLICATES, "value"),
    State(ids.UPLOAD_DUPLICATES_BOX, "hidden"),
    prevent_initial_call=True,
)
@access("staff")
def tick_duplicates(ticked, hidden):
    """Probable duplicates are committed only once the box is ticked."""
    return no_update if hidden else ticked is not True


@callback(
    Output(ids.UPLOAD_PROBLEMS_DOWNLOAD, "data"),
    Input(ids.UPLOAD_PROBLEMS_BUTTON, "n_clicks"),
    State(ids.UPLOAD_PROBLEMS_STORE, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff")
def download_problems(_clicks, problems, lang):
    if not problems:
        return no_update
    frame = problems_frame([Problem(**p) for p in problems], lang)
    return dcc.send_bytes(to_csv_bytes(frame), "van-de-tai-len.csv" if lang == "vi" else "upload-problems.csv")
