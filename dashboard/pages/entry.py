"""``/entry``: one conference entered by hand, or filled from a news post, saved as an upload (staff only).

The form holds one conference (unit, id, dates, session, title, kind,
organiser, location, documents studied or only disseminated, speakers, the
stated total) and its attendance per organisation of the unit's registry.
"Điền từ bài viết" fills it from a post's text (``dashboard.ingest.extract``,
the unit's registry and the chosen unit as defaults): each filled field
shows the sentence it came from, each field not found is marked; nothing is
saved. "Mở hội nghị" fills it from the store, with the same id, so saving
replaces that conference.

Saving builds the same two files a spreadsheet upload would give
(``form_files``: the conferences and attendance CSVs with the contract's
Vietnamese headers) and goes through ``prepare_upload``: the preview is the
upload page's (``dashboard.pages.upload.result_view``), each problem on a
column of the conferences file is shown under its field, the others in the
list on top. "Xác nhận ghi" commits the previewed files with
``commit_upload`` (ledgered, undoable on ``/history`` like any upload); a
change to the form after the preview asks for a new preview. Probable
duplicates are listed in the preview, and the confirm button confirms them.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import secrets
import tempfile
from datetime import date
from pathlib import Path

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.auth import web as auth
from dashboard.contract.schema import ATTENDANCE, CONFERENCES
from dashboard.contract.vocab import CONFERENCE_KINDS, SESSIONS, parse_session, session_label
from dashboard.errors import Problem, UserError, problem_dicts
from dashboard.i18n import t
from dashboard.ingest import UploadFile, commit_upload, prepare_upload
from dashboard.ingest.extract import ExtractError, extract, read_post
from dashboard.pages.upload import changes_result, result_view
from dashboard.store import load
from dashboard.store.delta import catalogue_of
from dashboard.ui import context, ids
from dashboard.ui.access import access
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/entry", name="Nhập hội nghị", title="Nhập hội nghị · Công tác tuyên giáo")

CONFERENCES_FILE, ATTENDANCE_FILE = "hoi-nghi.csv", "thanh-phan-du.csv"
STUDY_VERB, DISSEMINATE_VERB = "quán triệt", "tuyên truyền"
_AUTO_ID = re.compile(r"^HN-\d{8}-[0-9A-F]{4}$")

# The form's fields: (field, component id, property, conferences column it is written to).
FIELDS = (
    ("conference_id", ids.ENTRY_ID, "value", "conference_id"),
    ("date", ids.ENTRY_DATE, "value", "date"),
    ("end_date", ids.ENTRY_END_DATE, "value", "end_date"),
    ("session", ids.ENTRY_SESSION, "value", "session"),
    ("title", ids.ENTRY_TITLE, "value", "title"),
    ("kind", ids.ENTRY_KIND, "value", "kind"),
    ("organizer", ids.ENTRY_ORGANIZER, "value", "organizer"),
    ("location", ids.ENTRY_LOCATION, "value", "location"),
    ("documents_studied", ids.ENTRY_DOCS_STUDIED, "value", "documents"),
    ("documents_disseminated", ids.ENTRY_DOCS_DISSEMINATED, "value", "document_role"),
    ("speakers", ids.ENTRY_SPEAKERS, "value", "speakers"),
    ("attendees_total", ids.ENTRY_TOTAL, "value", "attendees_total"),
)
NAMES = tuple(f[0] for f in FIELDS)
NOTES = (*NAMES, "attendance")  # every field with a note under it (the attendance grid too)
# A problem's column (the conferences file's Vietnamese header) → the field it is shown under.
COLUMN_FIELDS = {CONFERENCES.column(column).vi: field for field, _, _, column in FIELDS
                 if column not in ("document_role",)}


def note_id(field: str) -> str:
    return f"{ids.ENTRY_NOTE}-{field}"


def _form_outputs(duplicate: bool = True) -> list[Output]:
    return [Output(component, prop, allow_duplicate=duplicate) for _, component, prop, _ in FIELDS]


def _note_outputs(duplicate: bool = True) -> list[Output]:
    return [Output(note_id(field), "children", allow_duplicate=duplicate) for field in NOTES]


def _form_states() -> list[State]:
    return [State(component, prop) for _, component, prop, _ in FIELDS]


# --- who may write which unit ---------------------------------------------------------------------------------


def may_write(user, unit: str | None) -> bool:
    """Staff of ``unit`` or an admin (any unit)."""
    if user is None or not user.can("staff") or not unit:
        return False
    units = user.may_upload_for()
    return units is None or unit in units


def unit_choices(user) -> list[str]:
    settings = context.settings()
    units = user.may_upload_for()
    return sorted(set(units if units is not None else context.every_unit()) | (
        {settings.default_unit} if settings.default_unit and units is None else set()))


# --- what the store knows of a unit --------------------------------------------------------------------------


def registry(tables, unit: str | None) -> list[tuple[str, str]]:
    """The unit's organisations (latest version of each, not retired), ``(organization, org_type)``, sorted."""
    orgs = tables.organizations
    if not unit or orgs.empty:
        return []
    rows = orgs[orgs["unit"].astype(str) == unit]
    if "retired_from" in rows:
        rows = rows[rows["retired_from"].isna()]
    rows = rows.sort_values("as_of", na_position="first").drop_duplicates("organization", keep="last")
    return sorted((str(r.organization), str(r.org_type)) for r in rows.itertuples())


def attendance_rows(tables, unit: str | None, counts: dict[str, tuple] | None = None) -> list[dict]:
    counts = counts or {}
    return [{"organization": name, "attendees": counts.get(name, (None, None))[0],
             "party_members": counts.get(name, (None, None))[1]} for name, _ in registry(tables, unit)]


def document_value(document) -> str:
    """How a catalogued document is written in the ``Văn bản`` cell: its name and issue date (resolves exactly)."""
    issued = document.issued
    return f"{document.name} ngày {issued.day:02d}/{issued.month:02d}/{issued.year}"


def document_options(tables, unit: str | None, extra: list[str] = ()) -> list[dict]:
    catalogue = catalogue_of(tables, units=[unit] if unit else [])
    options = [{"label": f"{document_value(d)}{' – ' + d.title if d.title else ''}", "value": document_value(d)}
               for d in sorted(catalogue, key=lambda d: (d.issued, d.code), reverse=True)]
    known = {o["value"] for o in options}
    return [{"label": value, "value": value} for value in dict.fromkeys(extra) if value and value not in known] + options


def conference_options(tables, unit: str | None) -> list[dict]:
    conferences = tables.conferences
    if not unit or conferences.empty:
        return []
    rows = conferences[conferences["unit"].astype(str) == unit].sort_values("date", ascending=False)
    return [{"label": f"{pd.Timestamp(r.date):%d/%m/%Y} · {r.title} ({r.conference_id})", "value": str(r.conference_id)}
            for r in rows.itertuples()]


def fresh_id(day: str | None = None) -> str:
    """A new conference id, ``HN-YYYYMMDD-XXXX`` (the conference's date, else today)."""
    try:
        stamp = date.fromisoformat(day).strftime("%Y%m%d") if day else date.today().strftime("%Y%m%d")
    except ValueError:
        stamp = date.today().strftime("%Y%m%d")
    return f"HN-{stamp}-{secrets.token_hex(2).upper()}"


# --- the page ---------------------------------------------------------------------------------------------------


def _field(label: str, control, field: str, width: int = 6) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=getattr(control, "id", None)), control,
                    html.Div(id=note_id(field), className="small")], md=width, className="mb-3")


def layout(**_query):
    lang = current_lang()
    user = auth.current()
    if user is None or not user.can("staff"):
        return html.Div([
            html.H1(t("entry_title", lang), className="h4"),
            dbc.Alert([t("entry_login", lang), " ", html.A(t("login", lang), href="/login?next=/entry")],
                      color="warning"),
        ])
    choices = unit_choices(user)
    unit = choices[0] if len(choices) == 1 else None
    tables = context.tables()
    kinds = [{"label": term.vi if lang != "en" else term.en, "value": term.code} for term in CONFERENCE_KINDS]
    sessions = [{"label": session_label(term.code, lang), "value": term.code} for term in SESSIONS]
    organizations = [name for name, _ in registry(tables, unit)]
    docs = document_options(tables, unit)
    grid = dag.AgGrid(
        id=ids.ENTRY_ATTENDANCE, rowData=attendance_rows(tables, unit),
        columnDefs=[{"field": "organization", "headerName": t("entry_col_organization", lang), "flex": 3},
                    {"field": "attendees", "headerName": t("entry_col_attendees", lang), "editable": True,
                     "cellDataType": "number", "flex": 1},
                    {"field": "party_members", "headerName": t("entry_col_party_members", lang), "editable": True,
                     "cellDataType": "number", "flex": 1}],
        dashGridOptions={"singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True, "domLayout": "autoHeight"},
        style={"height": None}, className="ag-theme-alpine")
    return html.Div([
        html.H1(t("entry_title", lang), className="h4"),
        html.P(t("entry_intro", lang), className="text-muted"),
        dbc.Row([
            dbc.Col([dbc.Label(t("entry_unit", lang), html_for=ids.ENTRY_UNIT),
                     dcc.Dropdown(id=ids.ENTRY_UNIT, options=choices, value=unit, clearable=False)], md=6),
            dbc.Col([dbc.Label(t("entry_open", lang), html_for=ids.ENTRY_OPEN),
                     dcc.Dropdown(id=ids.ENTRY_OPEN, options=conference_options(tables, unit))], md=6),
        ], className="mb-3"),
        dbc.Card(dbc.CardBody([
            html.H2(dbc.Label(t("entry_from_post", lang), html_for=ids.ENTRY_POST, className="mb-0"), className="h6"),
            html.P(t("entry_post_hint", lang), className="small text-muted"),
            dbc.Textarea(id=ids.ENTRY_POST, rows=5),
            dcc.Upload(id=ids.ENTRY_POST_FILE, accept=".html,.htm,.txt,.docx", max_size=5_000_000,
                       children=html.Div(t("entry_post_file", lang)),
                       className="border rounded p-2 text-center small text-muted mt-2"),
            dbc.Button(t("entry_fill", lang), id=ids.ENTRY_FILL, color="secondary", className="mt-2"),
            html.Div(id=ids.ENTRY_FILL_STATUS, className="mt-2"),
        ]), className="mb-3"),
        dbc.Row([
            _field(t("entry_id", lang), dbc.Input(id=ids.ENTRY_ID, value=fresh_id(), type="text"), "conference_id", 4),
            _field(t("entry_date", lang), dbc.Input(id=ids.ENTRY_DATE, type="date"), "date", 3),
            _field(t("entry_end_date", lang), dbc.Input(id=ids.ENTRY_END_DATE, type="date"), "end_date", 3),
            _field(t("entry_session", lang), dcc.Dropdown(id=ids.ENTRY_SESSION, options=sessions), "session", 2),
            _field(t("entry_conference_title", lang), dbc.Input(id=ids.ENTRY_TITLE, type="text"), "title", 8),
            _field(t("entry_kind", lang), dcc.Dropdown(id=ids.ENTRY_KIND, options=kinds), "kind", 4),
            _field(t("entry_organizer", lang),
                   dcc.Dropdown(id=ids.ENTRY_ORGANIZER, options=organizations,
                                value=unit if unit in organizations else None), "organizer", 6),
            _field(t("entry_location", lang), dbc.Input(id=ids.ENTRY_LOCATION, type="text"), "location", 6),
            _field(t("entry_docs_studied", lang),
                   dcc.Dropdown(id=ids.ENTRY_DOCS_STUDIED, options=docs, multi=True, searchable=True),
                   "documents_studied", 6),
            _field(t("entry_docs_disseminated", lang),
                   dcc.Dropdown(id=ids.ENTRY_DOCS_DISSEMINATED, options=docs, multi=True, searchable=True),
                   "documents_disseminated", 6),
            dbc.Col(html.Div(t("entry_docs_hint", lang), className="small text-muted"), md=12, className="mb-3"),
            _field(t("entry_speakers", lang), dbc.Input(id=ids.ENTRY_SPEAKERS, type="text"), "speakers", 8),
            _field(t("entry_total", lang), dbc.Input(id=ids.ENTRY_TOTAL, type="number", min=0, step=1),
                   "attendees_total", 4),
        ]),
        html.H2(t("entry_attendance", lang), className="h6"),
        html.P(t("entry_attendance_hint", lang) if organizations or unit is None else t("entry_no_registry", lang),
               className="small text-muted"),
        grid,
        html.Div(id=note_id("attendance"), className="small mb-3"),
        dbc.Button(t("entry_preview", lang), id=ids.ENTRY_PREVIEW, color="primary", className="me-2"),
        dbc.Button(t("entry_confirm", lang), id=ids.ENTRY_CONFIRM, color="success", disabled=True),
        html.Div(id=ids.ENTRY_RESULT, className="mt-3"),
        dcc.Store(id=ids.ENTRY_PENDING),
    ])


# --- the form as upload files -------------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _count(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def documents_cell(studied: list[str] | None, disseminated: list[str] | None) -> str:
    """Each reference with its verb, so the role is read per document (``quán triệt A; tuyên truyền B``)."""
    return "; ".join([f"{STUDY_VERB} {_text(d)}" for d in studied or () if _text(d)]
                     + [f"{DISSEMINATE_VERB} {_text(d)}" for d in disseminated or () if _text(d)])


def form_files(unit: str, form: dict, attendance: list[dict] | None) -> tuple[list[UploadFile], list[str]]:
    """The conferences file (one row) and, when any organisation attended, the attendance file; and the
    organisation of each attendance row (row 2 is the first), to put a problem on its organisation."""
    columns = ("unit", "conference_id", "date", "end_date", "session", "title", "organizer", "kind", "speakers",
               "documents", "location", "attendees_total")
    values = {"unit": unit, **{name: _text(form.get(name)) for name in
                               ("conference_id", "date", "end_date", "session", "title", "organizer", "kind",
                                "speakers", "location")},
              "documents": documents_cell(form.get("documents_studied"), form.get("documents_disseminated")),
              "attendees_total": _count(form.get("attendees_total"))}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([CONFERENCES.column(c).vi for c in columns])
    writer.writerow([values[c] for c in columns])
    files = [UploadFile(CONFERENCES_FILE, out.getvalue().encode("utf-8"))]
    rows = [r for r in attendance or () if _count(r.get("attendees")) or _count(r.get("party_members"))]
    if rows:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([ATTENDANCE.column(c).vi for c in ATTENDANCE.names])
        for r in rows:
            writer.writerow([unit, values["conference_id"], _text(r.get("organization")), _count(r.get("attendees")),
                             _count(r.get("party_members"))])
        files.append(UploadFile(ATTENDANCE_FILE, out.getvalue().encode("utf-8")))
    return files, [_text(r.get("organization")) for r in rows]


def _form(values) -> dict:
    return dict(zip(NAMES, values))


def _pending(unit: str, files: list[UploadFile], organizations: list[str]) -> dict:
    return {"unit": unit, "files": [[f.name, f.content.decode("utf-8")] for f in files], "organizations": organizations}


def _files_of(pending: dict) -> list[UploadFile]:
    return [UploadFile(str(name), str(text).encode("utf-8")) for name, text in pending.get("files") or ()]


# --- notes under the fields ------------------------------------------------------------------------------------


def _evidence(sentence: str, lang: str) -> html.Div:
    return html.Div(t("entry_evidence", lang, sentence=sentence), className="text-muted fst-italic")


def _not_found(lang: str) -> html.Div:
    return html.Div(t("entry_not_found", lang), className="text-warning-emphasis")


def placed_problems(problems: list[dict], organizations: list[str], lang: str) -> tuple[dict[str, list], list[dict]]:
    """Problems under their fields (a conferences column, or an attendance row's organisation), and the others."""
    notes: dict[str, list] = {}
    rest = []
    for record in problems:
        problem = Problem(**record)
        field = COLUMN_FIELDS.get(problem.column or "") if problem.file == CONFERENCES_FILE else None
        if field is None and problem.file == ATTENDANCE_FILE and problem.row and 2 <= problem.row < 2 + len(
                organizations):
            field = "attendance"
            text = t("entry_row_problem", lang, organization=organizations[problem.row - 2],
                     message=problem.message(lang))
        else:
            text = problem.message(lang)
        if field is None:
            rest.append(record)
        else:
            notes.setdefault(field, []).append(html.Div(text, className="text-danger"))
    return notes, rest


def _notes(notes: dict[str, list | html.Div | None]) -> list:
    return [notes.get(field) for field in NOTES]


# --- callbacks -----------------------------------------------------------------------------------------------


@callback(
    Output(ids.ENTRY_OPEN, "options"),
    Output(ids.ENTRY_ORGANIZER, "options"),
    Output(ids.ENTRY_ORGANIZER, "value", allow_duplicate=True),
    Output(ids.ENTRY_ATTENDANCE, "rowData", allow_duplicate=True),
    Output(ids.ENTRY_DOCS_STUDIED, "options", allow_duplicate=True),
    Output(ids.ENTRY_DOCS_DISSEMINATED, "options", allow_duplicate=True),
    Input(ids.ENTRY_UNIT, "value"),
    prevent_initial_call=True,
)
@access("staff")
def choose_unit(unit):
    """The unit's conferences, organisations and documents."""
    if not may_write(auth.current(), unit):
        return [], [], None, [], no_update, no_update
    tables = context.tables()
    organizations = [name for name, _ in registry(tables, unit)]
    docs = document_options(tables, unit)
    return (conference_options(tables, unit), organizations, unit if unit in organizations else None,
            attendance_rows(tables, unit), docs, docs)


@callback(
    Output(ids.ENTRY_POST, "value"),
    Output(ids.ENTRY_FILL_STATUS, "children", allow_duplicate=True),
    Input(ids.ENTRY_POST_FILE, "contents"),
    State(ids.ENTRY_POST_FILE, "filename"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff", limit="preview")
def read_post_file(contents, filename, lang):
    """A saved post (.html, .txt, .docx) → its text in the box (read as ``dashboard extract`` reads it)."""
    if not contents:
        return no_update, no_update
    name = Path(str(filename or "bai-viet.txt")).name
    data = base64.b64decode(contents.split(",", 1)[1] if "," in contents else "")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("post" + Path(name).suffix.lower())
        path.write_bytes(data)
        try:
            text, _published = read_post(path)
        except ExtractError:
            return no_update, dbc.Alert(t("entry_post_unreadable", lang, name=name), color="warning")
    return text, None


def filled_from_post(text: str, unit: str, current_id: str | None, lang: str, tables=None) -> dict:
    """The form's values, notes and document options from a post (``extract``), the unit's registry as default."""
    tables = tables if tables is not None else context.tables()
    orgs = registry(tables, unit)
    found = extract(text, unit=unit, units=list(tables.units), registry=orgs or None)
    evidence = found.get("evidence") or {}
    catalogue = catalogue_of(tables, units=[unit])
    studied, disseminated = [], []
    for doc in found.get("documents") or ():
        known = [d for d in catalogue.with_code(doc.get("code") or "")
                 if doc.get("date") is None or d.issued.isoformat() == doc.get("date")]
        if len(known) == 1:
            value = document_value(known[0])
        else:
            value = doc.get("text") or doc.get("code") or ""
            if doc.get("date") and "ngày" not in value:
                day = date.fromisoformat(doc["date"])
                value = f"{value} ngày {day.day:02d}/{day.month:02d}/{day.year}"
        (studied if doc.get("role") == "studied" else disseminated).append(value)
    session = parse_session(found["session"]) if found.get("session") else None
    names = {name for name, _ in orgs}
    organizer = found.get("unit") if found.get("unit") in names else (unit if unit in names else None)
    stored = set(tables.conferences.loc[tables.conferences["unit"].astype(str) == unit, "conference_id"].astype(str)) \
        if not tables.conferences.empty else set()
    conference_id = current_id
    if not _text(current_id) or (_AUTO_ID.match(_text(current_id)) and current_id not in stored):
        conference_id = fresh_id(found.get("date"))
    speakers = "; ".join(s["name"] for s in found.get("speakers") or ())
    form = {"conference_id": conference_id, "date": found.get("date"), "end_date": found.get("end_date"),
            "session": session, "title": found.get("title"), "kind": found.get("kind"), "organizer": organizer,
            "location": None, "documents_studied": studied, "documents_disseminated": disseminated,
            "speakers": speakers or None, "attendees_total": None}
    notes: dict[str, object] = {}
    sources = {"date": "date", "end_date": "date", "session": "session", "title": "title", "kind": "kind",
               "organizer": "unit", "documents_studied": "documents", "documents_disseminated": "documents",
               "speakers": "speakers"}
    filled = 0
    for field, key in sources.items():
        if form.get(field):
            filled += 1
            notes[field] = _evidence(evidence[key], lang) if evidence.get(key) else None
        elif field in ("date", "session", "title", "kind", "documents_studied", "speakers"):
            notes[field] = _not_found(lang)
    if found.get("attendees_min"):
        notes["attendees_total"] = html.Div(t("entry_at_least", lang, count=found["attendees_min"]),
                                            className="text-muted fst-italic")
    else:
        notes["attendees_total"] = _not_found(lang)
    groups = [g["text"] for g in found.get("groups") or ()]
    notes["attendance"] = (html.Div(t("entry_groups", lang, groups="; ".join(groups)), className="text-muted fst-italic")
                           if groups else _not_found(lang))
    return {"form": form, "notes": notes, "filled": filled, "documents": studied + disseminated}


@callback(
    *_form_outputs(),
    *_note_outputs(),
    Output(ids.ENTRY_DOCS_STUDIED, "options", allow_duplicate=True),
    Output(ids.ENTRY_DOCS_DISSEMINATED, "options", allow_duplicate=True),
    Output(ids.ENTRY_FILL_STATUS, "children", allow_duplicate=True),
    Input(ids.ENTRY_FILL, "n_clicks"),
    State(ids.ENTRY_POST, "value"),
    State(ids.ENTRY_UNIT, "value"),
    State(ids.ENTRY_ID, "value"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff", limit="preview")
def fill_from_post(_clicks, text, unit, current_id, lang):
    """Fill the form from the post; nothing is saved."""
    unchanged = [no_update] * (len(FIELDS) + len(NOTES) + 2)
    if not may_write(auth.current(), unit):
        return *unchanged, dbc.Alert(t("entry_pick_unit" if not unit else "entry_refused", lang), color="warning")
    if not _text(text):
        return *unchanged, dbc.Alert(t("entry_no_post", lang), color="warning")
    tables = context.tables()
    result = filled_from_post(text, unit, current_id, lang, tables)
    options = document_options(tables, unit, result["documents"])
    status = dbc.Alert(t("entry_filled", lang, count=result["filled"]), color="info")
    return (*[result["form"][name] for name in NAMES], *_notes(result["notes"]), options, options, status)


def stored_form(tables, unit: str, conference_id: str) -> tuple[dict, list[dict], list[str]] | None:
    """A stored conference as the form: its values, its attendance rows, its documents (for the options)."""
    conferences = tables.conferences
    match = conferences[(conferences["unit"].astype(str) == unit)
                        & (conferences["conference_id"].astype(str) == conference_id)]
    if match.empty:
        return None
    row = match.iloc[0]

    def value(column):
        item = row.get(column)
        return None if item is None or pd.isna(item) else item

    def day(column):
        item = value(column)
        return pd.Timestamp(item).date().isoformat() if item is not None else None

    links = tables.conference_documents
    links = links[(links["unit"].astype(str) == unit) & (links["conference_id"].astype(str) == conference_id)]
    catalogue = catalogue_of(tables, units=[unit])
    studied, disseminated = [], []
    for link in links.itertuples():
        known = catalogue.get(str(link.document))
        text = document_value(known) if known is not None else re.sub(
            r"^\s*(học tập|học bù|quán triệt|nghiên cứu|triển khai thực hiện|triển khai|tuyên truyền|thông tin|"
            r"giới thiệu|phổ biến)[\s,]+", "", str(link.raw), flags=re.IGNORECASE)
        (studied if getattr(link, "role", "studied") == "studied" else disseminated).append(text)
    attendance = tables.attendance
    attendance = attendance[(attendance["unit"].astype(str) == unit)
                            & (attendance["conference_id"].astype(str) == conference_id)]
    counts = {str(r.organization): (None if pd.isna(r.attendees) else int(r.attendees),
                                    None if pd.isna(r.party_members) else int(r.party_members))
              for r in attendance.itertuples()}
    rows = attendance_rows(tables, unit, counts)
    listed = {r["organization"] for r in rows}
    rows += [{"organization": name, "attendees": n, "party_members": pm}
             for name, (n, pm) in counts.items() if name not in listed]
    total = value("attendees_total")
    form = {"conference_id": conference_id, "date": day("date"), "end_date": day("end_date"),
            "session": value("session"), "title": value("title"), "kind": value("kind"),
            "organizer": value("organizer"), "location": value("location"), "documents_studied": studied,
            "documents_disseminated": disseminated, "speakers": value("speakers"),
            "attendees_total": None if total is None else int(total)}
    return form, rows, studied + disseminated


@callback(
    *_form_outputs(),
    *_note_outputs(),
    Output(ids.ENTRY_ATTENDANCE, "rowData", allow_duplicate=True),
    Output(ids.ENTRY_DOCS_STUDIED, "options", allow_duplicate=True),
    Output(ids.ENTRY_DOCS_DISSEMINATED, "options", allow_duplicate=True),
    Input(ids.ENTRY_OPEN, "value"),
    State(ids.ENTRY_UNIT, "value"),
    prevent_initial_call=True,
)
@access("staff")
def open_conference(conference_id, unit):
    """Fill the form from a stored conference (same id: saving replaces it)."""
    if not conference_id or not may_write(auth.current(), unit):
        return (no_update,) * (len(FIELDS) + len(NOTES) + 3)
    tables = context.tables()
    found = stored_form(tables, unit, str(conference_id))
    if found is None:
        return (no_update,) * (len(FIELDS) + len(NOTES) + 3)
    form, rows, documents = found
    options = document_options(tables, unit, documents)
    return (*[form[name] for name in NAMES], *([None] * len(NOTES)), rows, options, options)


@callback(
    Output(ids.ENTRY_RESULT, "children", allow_duplicate=True),
    Output(ids.ENTRY_CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.ENTRY_PENDING, "data", allow_duplicate=True),
    *_note_outputs(),
    Input(ids.ENTRY_PREVIEW, "n_clicks"),
    State(ids.ENTRY_UNIT, "value"),
    *_form_states(),
    State(ids.ENTRY_ATTENDANCE, "rowData"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff", limit="preview")
def preview(_clicks, unit, *rest):
    """The form as upload files, checked against the store: the upload page's preview; nothing is written."""
    *values, rows, lang = rest
    user = auth.current()
    blank = [None] * len(NOTES)
    if not may_write(user, unit):
        message = t("entry_pick_unit" if not unit else "entry_refused", lang)
        return dbc.Alert(message, color="warning"), True, None, *blank
    form = _form(values)
    files, organizations = form_files(unit, form, rows)
    settings = context.settings()
    plan = prepare_upload(files, settings.store, unit=unit, allowed_units=user.may_upload_for(), settings=settings)
    problems = problem_dicts(plan.problems)
    if problems:
        notes, rest_problems = placed_problems(problems, organizations, lang)
        parts = [dbc.Alert(t("entry_field_problems", lang, count=len(problems) - len(rest_problems)),
                           color="danger")] if len(rest_problems) < len(problems) else []
        if rest_problems:
            parts.append(result_view(lang, rest_problems))
        return html.Div(parts), True, None, *_notes(notes)
    view = result_view(lang, None, plan.summary, plan.is_noop, None, problem_dicts(plan.duplicates),
                       problem_dicts(plan.warnings), **changes_result(plan))
    pending = None if plan.is_noop else {**_pending(unit, files, organizations),
                                         "duplicates": bool(plan.duplicates)}
    return view, pending is None, pending, *blank


@callback(
    Output(ids.ENTRY_RESULT, "children", allow_duplicate=True),
    Output(ids.ENTRY_CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.ENTRY_PENDING, "data", allow_duplicate=True),
    Output(ids.STORE_VERSION, "data", allow_duplicate=True),
    Output(ids.ENTRY_OPEN, "options", allow_duplicate=True),
    Input(ids.ENTRY_CONFIRM, "n_clicks"),
    State(ids.ENTRY_PENDING, "data"),
    State(ids.LANG, "data"),
    prevent_initial_call=True,
)
@access("staff", limit="commit")
def confirm(_clicks, pending, lang):
    """Commit the previewed files, as an upload (ledgered, undoable on /history)."""
    user = auth.current()
    if not isinstance(pending, dict) or not pending.get("files"):
        return no_update, True, no_update, no_update, no_update
    unit = str(pending.get("unit") or "")
    if not may_write(user, unit):
        return dbc.Alert(t("entry_refused", lang), color="warning"), True, None, no_update, no_update
    settings = context.settings()
    try:
        result = commit_upload(_files_of(pending), settings.store, unit=unit, user=user.name,
                               allowed_units=user.may_upload_for(), settings=settings,
                               confirm_duplicates=pending.get("duplicates") is True)
    except UserError as error:
        return result_view(lang, problem_dicts(error.problems)), True, None, no_update, no_update
    version = result.version if result.committed else None
    view = result_view(lang, None, result.plan.summary, not result.committed, version,
                       warnings=problem_dicts(result.plan.warnings), **changes_result(result.plan))
    options = conference_options(load(settings.store), unit) if result.committed else no_update
    return view, True, None, version if version is not None else no_update, options


@callback(
    Output(ids.ENTRY_CONFIRM, "disabled", allow_duplicate=True),
    Output(ids.ENTRY_PENDING, "data", allow_duplicate=True),
    Input(ids.ENTRY_UNIT, "value"),
    *[Input(component, prop) for _, component, prop, _ in FIELDS],
    Input(ids.ENTRY_ATTENDANCE, "rowData"),
    State(ids.ENTRY_PENDING, "data"),
    prevent_initial_call=True,
)
@access("staff")
def form_changed(unit, *rest):
    """A change after the preview: the previewed files are no longer the form, so preview again."""
    *values, rows, pending = rest
    if not pending:
        return no_update, no_update
    if unit and pending.get("unit") == unit:
        files, _ = form_files(unit, _form(values), rows)
        if [[f.name, f.content.decode("utf-8")] for f in files] == pending.get("files"):
            return no_update, no_update
    return True, None
