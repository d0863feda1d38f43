"""One upload: validate every file, preview the change, commit it atomically.

The same three functions serve the command line, the upload page and the
notebooks:

* ``prepare_upload`` reads and checks every file and returns an
  ``UploadPlan``: all problems at once, or what would be added, changed,
  removed and left as it is, per table. It never writes.
* ``commit_upload`` prepares, refuses (``UserError``) if anything is wrong,
  and otherwise writes every table in one store commit with a ledger entry.
  Uploading the same files again changes nothing.
* ``rollback`` returns the store to an earlier version, as a new version.
"""

from __future__ import annotations

import difflib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.contract.periods import quarter_of
from dashboard.contract.schema import (
    DATE, RULES, STORED_KEYS, UPLOAD_TABLES, empty_frame, from_stored, to_stored,
)
from dashboard.contract import names
from dashboard.contract.catalogue import (
    CATALOGUE_COLUMNS, TYPE_WORDS, WORD_OF_TYPE, Catalogue, KnownDocument, catalogue_with, stored_rows,
)
from dashboard.contract.documents import (
    DEFAULT_CATALOGUE, CatalogueError, canonical_code, extend_catalogue, suggestion_names,
)
from dashboard.contract.vocab import kind_label
from dashboard.contract.text import fold_key, fold_series
from dashboard.errors import Problem, UserError
from dashboard.ingest.guard import read_uploads
from dashboard.ingest.parse import ParsedSheet, conference_document_links, document_codes, documents_long
from dashboard.ingest.read import UploadFile
from dashboard.i18n import fmt_date, fmt_number
from dashboard.messages import MESSAGES, localised, message
from dashboard.settings import Settings, code_fingerprint
from dashboard.store import Store, Tables
from dashboard.store.delta import stored_units

CHANGE_KINDS = ("added", "changed", "unchanged", "removed")
# Columns that hold names (and titles): none may hide a character (dashboard.contract.names).
_NAME_COLUMNS = {"conferences": ("unit", "title", "organizer"), "attendance": ("unit", "organization"),
                 "organizations": ("unit", "organization", "parent", "renamed_to"),
                 "unit_history": ("unit", "parent", "merged_into"), "catalogue": ("unit",)}
# Row checks spanning columns: the column a failure is reported on.
_CHECK_COLUMNS = {
    "end_before_start": "end_date",
    "party_members_above_attendees": "party_members",
    "party_members_above_members": "party_members",
    "exempt_above_party_members": "exempt_members",
    "rename_without_date": "renamed_to",
    "rename_without_name": "renamed_on",
    "unit_end_before_start": "valid_to",
}


@dataclass
class UploadPlan:
    """What an upload would do; ``problems`` empty means it may be committed."""

    base_version: int
    files: list[dict]
    problems: list[Problem]
    units: list[str] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: dict[str, tuple[list[str], pd.DataFrame]] = field(default_factory=dict)
    # Probable duplicate conferences (``_probable_duplicates``): committed only when confirmed.
    duplicates: list[Problem] = field(default_factory=list)
    # Shown in the preview, never blocking: document references not written in full (``_document_warnings``).
    warnings: list[Problem] = field(default_factory=list)
    # The stored rows the change replaces, of the units whose conferences change (``conference_changes``).
    before: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def is_noop(self) -> bool:
        return all(c["added"] == c["changed"] == c["removed"] == 0 for c in self.summary.values())

    def summary_frame(self, lang: str = "vi") -> pd.DataFrame:
        """Per table: rows added, changed, unchanged, removed (localised headers)."""
        headers = [message(f"upload.summary_{column}", lang) for column in ("table", *CHANGE_KINDS)]
        rows = [[_table_label(t, lang), *(s[k] for k in CHANGE_KINDS)] for t, s in self.summary.items()]
        return pd.DataFrame(rows, columns=headers)

    def conference_changes(self) -> pd.DataFrame:
        """Every conference the upload adds, changes or removes; unchanged ones are left out.

        A conference changes when its row does, or its attendance rows, or its
        document links (``fields`` names what, in ``CONFERENCE_FIELDS`` order).
        Its totals are the stated total (``attendees_total``) and, summed over
        its attendance rows, the attendees counted (``attendees``) and the Party
        members (``party_members``). The columns without ``_before`` describe
        the conference as the upload leaves it (as it was, for a removed one);
        the ``_before`` columns, as it is stored now (missing for an added one).

        Returns:
            One row per conference, in the columns of ``CONFERENCE_CHANGE_COLUMNS``:
            removed and changed ones first, then added ones; within each, by unit,
            date and id. Empty when nothing changes.
        """
        return _conference_changes(self.changes, self.before)


def _table_label(name: str, lang: str) -> str:
    """A table's label (``ui.table_<name>`` in dashboard.messages), else its name."""
    code = f"ui.table_{name}"
    return message(code, lang) if code in MESSAGES else name


@dataclass(frozen=True)
class CommitResult:
    plan: UploadPlan
    version: int  # the store version after the upload (unchanged for a no-op)
    committed: bool


def as_uploads(files: Iterable[UploadFile | str | Path]) -> list[UploadFile]:
    return [f if isinstance(f, UploadFile) else UploadFile.from_path(f) for f in files]


def prepare_upload(
    files: Iterable[UploadFile | str | Path],
    store: Store | str | Path | None = None,
    *,
    unit: str | None = None,
    allowed_units: Iterable[str] | None = None,
    settings: Settings | None = None,
) -> UploadPlan:
    """Validate an upload against the stored data and plan its change (writes nothing).

    Args:
        files: uploaded files (or paths); each CSV or each sheet of an .xlsx.
        store: the store (default from settings).
        unit: the unit for rows of files without a unit column.
        allowed_units: units the uploader may write; None means any.
        settings: size limit and default unit; loaded from the environment if None.

    Returns:
        An ``UploadPlan``: every problem found, or the per-table change.
    """
    settings = settings or Settings.load()
    store = _as_store(store, settings)
    uploads = as_uploads(files)
    allowed_units = None if allowed_units is None else list(allowed_units)  # read twice: never an iterator
    if not uploads:
        return UploadPlan(store.version(), [], [Problem("no_files")])
    # The registry is read whole, and the units that held a conference (units and their spellings); the
    # other tables only for the units the upload touches, once those are known (below).
    version = store.version()
    registry = store.read_table("organizations", version)
    conference_units = pd.DataFrame({"unit": store.read_column("conferences", version, "unit")})
    unit_history = store.read_table("unit_history", version)  # a few rows per unit
    problems: list[Problem] = []
    sheets: list[ParsedSheet] = []
    file_info: list[dict] = []
    # Read and parsed where a hostile file costs bounded time and memory (see dashboard.ingest.guard).
    reads = read_uploads(uploads, max_bytes=int(settings.max_upload_mb * 1_000_000),
                         default_unit=unit or settings.default_unit or None,
                         timeout=settings.read_timeout, memory_mb=settings.read_memory_mb)
    for upload, read in zip(uploads, reads):
        problems += read.problems
        info = {"name": upload.name, "sha256": upload.sha256, "bytes": len(upload.content), "sheets": []}
        for parsed in read.sheets:
            sheets.append(parsed)
            info["sheets"].append({"label": parsed.label, "table": parsed.table, "rows": len(parsed.frame)})
        file_info.append(info)

    frames = {name: _combine([s for s in sheets if s.table == name], name) for name in UPLOAD_TABLES}
    headers = {(s.label, col): written for s in sheets for col, written in s.headers.items()}
    known_units = stored_units(registry, conference_units, unit_history)
    frames = _canonical_units(frames, known_units)
    touched = _units_of(frames)
    stored = Tables(conferences=store.read_units("conferences", version, touched), organizations=registry,
                    attendance=store.read_units("attendance", version, touched),
                    conference_documents=store.read_units("conference_documents", version, touched),
                    version=version, units=tuple(known_units), unit_history=unit_history,
                    catalogue=store.read_units("catalogue", version, touched))
    problems += _check_permissions(frames, allowed_units)
    problems += _check_rules(frames, headers, problems)
    problems += _check_duplicates(frames, headers)
    catalogue_problems, added = _check_catalogue(frames["catalogue"], headers, problems)
    problems += catalogue_problems
    name_problems = _check_names(frames, stored, headers)
    problems += name_problems
    frames, reference_problems = _check_references(frames, stored, headers,
                                                   refused={(p.file, p.row, p.column) for p in name_problems})
    problems += reference_problems
    problems += _check_totals(frames, stored, headers)
    plan = UploadPlan(stored.version, file_info, _unique(problems))
    if plan.ok:
        plan.duplicates = _probable_duplicates(frames, stored, headers)
        # Each unit's references resolve against the shipped catalogue, the documents the unit stored and
        # those this upload adds (one workbook may add a document and cite it).
        catalogues = _unit_catalogues(stored.catalogue, added, _units_of(frames))
        links = conference_document_links(frames["conferences"].assign(documents_raw=frames["conferences"]["documents"]),
                                          catalogues)
        plan.warnings = _document_warnings(frames["conferences"], links, headers, catalogues)
        _plan_changes(plan, frames, stored, links, added)
        _remember(_plan_key(store, uploads, unit, allowed_units, settings), plan, store.stamp_of(plan.base_version))
    return plan


# The last plans this process made, by what they were made from: a commit of the files just previewed (the
# upload page's "Xác nhận ghi", /entry's) reuses its preview's plan instead of checking everything again, when
# the store is still at the plan's version. Plans with more changed rows than this are not kept (memory).
REMEMBERED_PLANS = 4
REMEMBERED_ROWS = 200_000
_PLANS: "OrderedDict[tuple, tuple[str, UploadPlan]]" = OrderedDict()
_PLANS_LOCK = threading.Lock()


def _plan_key(store: Store, uploads: list[UploadFile], unit, allowed_units, settings: Settings) -> tuple:
    """Everything a plan depends on besides the store's version: the store, the files' names and bytes, the
    unit for files without one, who may write what, the settings, and the code."""
    allowed = None if allowed_units is None else tuple(sorted(allowed_units))
    return (str(store.path.resolve()), tuple((u.name, u.sha256) for u in uploads), unit, allowed, repr(settings),
            code_fingerprint())


def _remember(key: tuple, plan: UploadPlan, stamp: str) -> None:
    if sum(len(frame) for _, frame in plan.changes.values()) > REMEMBERED_ROWS:
        return
    with _PLANS_LOCK:
        _PLANS[key] = (stamp, plan)
        _PLANS.move_to_end(key)
        while len(_PLANS) > REMEMBERED_PLANS:
            _PLANS.popitem(last=False)


def _remembered(key: tuple, store: Store) -> UploadPlan | None:
    """The plan made from exactly these inputs at the store's newest version (its stamp: a store deleted and
    made again at the same path is another store), if this process still has it."""
    with _PLANS_LOCK:
        found = _PLANS.get(key)
    return found[1] if found is not None and found[0] == store.stamp()[1] else None


def commit_upload(
    files: Iterable[UploadFile | str | Path],
    store: Store | str | Path | None = None,
    *,
    user: str = "",
    unit: str | None = None,
    allowed_units: Iterable[str] | None = None,
    settings: Settings | None = None,
    retries: int = 3,
    confirm_duplicates: bool = False,
) -> CommitResult:
    """Validate and commit an upload in one atomic store commit.

    Args:
        confirm_duplicates: write conferences that look like another one
            (``UploadPlan.duplicates``); without it such an upload is refused.

    Raises:
        UserError: with every problem of every file when the upload is refused
            (nothing is written), with the probable duplicates when they are
            not confirmed, or ``store_busy`` when another upload holds the
            store for longer than the lock timeout.
    """
    settings = settings or Settings.load()
    store = _as_store(store, settings)
    uploads = as_uploads(files)
    allowed_units = None if allowed_units is None else list(allowed_units)  # read twice: never an iterator
    key = _plan_key(store, uploads, unit, allowed_units, settings)
    for attempt in range(retries):
        # The preview's plan when nothing changed since (same files, rights and settings, same store version);
        # a commit that finds the store moved on meanwhile fails with store_changed and plans again below.
        plan = (_remembered(key, store) if attempt == 0 else None) or prepare_upload(
            uploads, store, unit=unit, allowed_units=allowed_units, settings=settings)
        if not plan.ok:
            raise UserError(plan.problems)
        if plan.is_noop:
            return CommitResult(plan, plan.base_version, committed=False)
        if plan.duplicates and not confirm_duplicates:
            raise UserError(plan.duplicates)
        try:
            version = store.commit(
                plan.changes, user=user, action="upload", units=plan.units, files=plan.files,
                counts=plan.summary, base_version=plan.base_version,
            )
            return CommitResult(plan, version, committed=True)
        except UserError as error:
            # Another upload landed between our check and our commit: check again.
            if error.problems[0].code != "store_changed" or attempt == retries - 1:
                raise
    raise AssertionError("unreachable")


def rollback(store: Store | str | Path | None, version: int, *, user: str = "") -> int:
    """Restore the tables of store ``version`` as a new version; returns that version."""
    return _as_store(store, Settings.load()).rollback(version, user=user)


# --- checks ---------------------------------------------------------------------

def _as_store(store: Store | str | Path | None, settings: Settings) -> Store:
    if isinstance(store, Store):
        return store
    return Store(store if store is not None else settings.store, lock_timeout=settings.lock_timeout)


def _combine(sheets: list[ParsedSheet], table: str) -> pd.DataFrame:
    columns = [*UPLOAD_TABLES[table].names, "_file", "_row"]
    if not sheets:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat([s.frame for s in sheets], ignore_index=True)[columns]


def _canonical_units(frames: dict[str, pd.DataFrame], stored_units: list[str]) -> dict[str, pd.DataFrame]:
    """Spell each unit as the store does (``Đảng uỷ`` → ``Đảng ủy`` if stored so).

    The units file names units in ``parent`` and ``merged_into`` too: spelled the same way.
    """
    spelling = {fold_key(u): u for u in stored_units}
    columns = {name: [c for c in ("unit", "parent", "merged_into") if c in f and (c == "unit" or name == "unit_history")]
               for name, f in frames.items()}
    for name, frame in frames.items():
        for column in columns[name]:
            for unit in frame[column].dropna().unique():
                spelling.setdefault(fold_key(unit), unit)
    return {name: f.assign(**{c: fold_series(f[c]).map(spelling).fillna(f[c]) for c in columns[name]})
            for name, f in frames.items()}


def _check_permissions(frames, allowed_units) -> list[Problem]:
    if allowed_units is None:
        return []
    allowed = {fold_key(u) for u in allowed_units}
    problems = []
    for frame in frames.values():
        outside = frame[frame["unit"].notna() & ~fold_series(frame["unit"]).isin(allowed)]
        for (label, unit), rows in outside.groupby(["_file", "unit"]):
            problems.append(Problem("unit_not_allowed", label, int(rows["_row"].min()), "Đơn vị", unit))
    return problems


def _check_rules(frames, headers, earlier: list[Problem]) -> list[Problem]:
    """The contract's value rules (pandera, lazily: every failure at once)."""
    import pandera.errors

    already = {(p.file, p.row, p.column) for p in earlier}
    problems = []
    for name, frame in frames.items():
        if frame.empty or name not in RULES:  # the catalogue's rows are checked by _check_catalogue
            continue
        try:
            RULES[name].validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as error:
            cases = error.failure_cases.dropna(subset=["index"])
            for case in cases.to_dict("records"):
                check = str(case["check"])
                column = _CHECK_COLUMNS.get(check, case["column"])
                if check in _CHECK_COLUMNS and case["column"] != column:
                    continue  # a row check reports once, on its own column
                row = frame.loc[int(case["index"])]
                label, number = row["_file"], int(row["_row"])
                header = headers.get((label, column), UPLOAD_TABLES[name].column(column).vi)
                if (label, number, header) in already:
                    continue  # the cell could not be parsed: reported already
                code = "missing_value" if check == "not_nullable" else (
                    "negative_count" if check.startswith("greater_than_or_equal_to") else check)
                value = row[column]
                text = None if pd.isna(value) else (value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value))
                problems.append(Problem(code, label, number, header, text))
    return problems


def _check_duplicates(frames, headers) -> list[Problem]:
    problems = []
    what = {"conferences": ("hội nghị", "conference"), "attendance": ("tổ chức trong một hội nghị", "organisation per conference"),
            "organizations": ("tổ chức (cùng ngày «Tính đến ngày»)", "organisation (same as-of date)"),
            "unit_history": ("đơn vị (cùng «Từ ngày»)", "unit (same start date)")}
    for name, frame in frames.items():
        if name not in what:  # the catalogue: a document's key is computed (_check_catalogue)
            continue
        key = list(UPLOAD_TABLES[name].key)
        # A blank date in a key (as_of, valid_from: "since the beginning") is a value like any other.
        dates = {c.name for c in UPLOAD_TABLES[name].columns if c.type == DATE}
        folded = frame[key].apply(lambda c: pd.to_datetime(c).dt.strftime("%Y-%m-%d").fillna("").astype(object)
                                  if c.name in dates else fold_series(c))
        dup = folded.duplicated(keep=False) & folded.notna().all(axis=1)
        if not dup.any():
            continue
        first = frame[dup].assign(_k=folded[dup].apply(tuple, axis=1)).groupby("_k").head(1).set_index("_k")
        for index in frame.index[dup & folded.duplicated(keep="first")]:
            k = tuple(folded.loc[index])
            row = frame.loc[index]
            column = [c for c in key if c not in dates][-1]  # the name, not its date
            header = headers.get((row["_file"], column), UPLOAD_TABLES[name].column(column).vi)
            problems.append(Problem("duplicate_key", row["_file"], int(row["_row"]), header, str(row[column]),
                                    params={"first_row": int(first.loc[[k], "_row"].iloc[0]),
                                            "first_file": first.loc[[k], "_file"].iloc[0], "what": localised(*what[name])}))
    return problems


# CatalogueError codes (dashboard.contract.catalogue) → message codes (dashboard.errors), per column where they differ.
_CATALOGUE_CODES = {
    ("bad_code", "term"): "catalogue_bad_term",
    "bad_code": "catalogue_bad_code",
    "type_mismatch": "catalogue_type_mismatch",
    "no_identity": "catalogue_no_identity",
    "conflicts_catalogue": "catalogue_conflict",
    "duplicate_key": "catalogue_duplicate",
}


def _check_catalogue(frame: pd.DataFrame, headers, earlier: list[Problem]
                     ) -> tuple[list[Problem], dict[str, list[KnownDocument]]]:
    """The documents each unit's catalogue rows add, checked by ``extend_catalogue``; every problem, located.

    Each unit's rows are checked together (two rows with one key are
    refused, even in two files) against the shipped catalogue: a row
    identical to a shipped document is accepted and not stored, one that
    contradicts it is refused. A unit's stored documents are not compared:
    a row with a stored document's key replaces it (a correction), as a
    registry row does. Cells the parser reported already (a date it could
    not read, in ``earlier``) are not reported again.

    Returns:
        (problems, unit → the documents its rows add, in row order).
    """
    problems: list[Problem] = []
    added: dict[str, list[KnownDocument]] = {}
    if frame.empty:
        return problems, added
    already = {(p.file, p.row, p.column) for p in earlier}
    table = UPLOAD_TABLES["catalogue"]
    for unit, rows in frame.dropna(subset=["unit"]).groupby("unit", sort=True):
        rows = rows.reset_index(drop=True)
        # extend_catalogue reads text; dates the parser read are given as ISO (an unreadable one, reported, as blank).
        sheet = pd.DataFrame({c: rows[c].astype(object).where(rows[c].notna(), "") for c in CATALOGUE_COLUMNS
                              if c != "issued"})
        sheet["issued"] = pd.to_datetime(rows["issued"]).dt.strftime("%Y-%m-%d").fillna("").astype(object)
        try:
            extended = extend_catalogue(sheet, DEFAULT_CATALOGUE, first_row=0)
        except CatalogueError as error:
            for found in error.problems:
                row = rows.iloc[found["row"]]
                column = found["column"]
                header = headers.get((row["_file"], column), table.column(column).vi)
                where = (row["_file"], int(row["_row"]), header)
                if where in already:
                    continue
                code = _CATALOGUE_CODES.get((found["code"], column), _CATALOGUE_CODES.get(found["code"], found["code"]))
                problems.append(Problem(code, *where, found["value"] or None,
                                        params=_catalogue_params(found, rows, row)))
            continue
        added[unit] = [doc for doc in extended if doc.key not in DEFAULT_CATALOGUE]
    return problems, added


def _catalogue_params(found: dict, rows: pd.DataFrame, row: pd.Series) -> dict:
    code = found["code"]
    if code == "unknown_type_word":
        return {"choices": ", ".join(TYPE_WORDS)}
    if code == "type_mismatch":
        written = canonical_code(found["value"]) or found["value"]
        kind = written.split("-", 1)[-1].split("/", 1)[0]
        expected = WORD_OF_TYPE.get(kind) or " / ".join(w for w, codes in TYPE_WORDS.items() if kind in codes)
        return {"expected": expected or kind, "word": row["type_word"]}
    if code == "duplicate_key":
        first = rows.iloc[found["first_row"]]
        day = pd.Timestamp(found["key"].rpartition("@")[2])
        return {"first_row": int(first["_row"]), "first_file": first["_file"], "date": f"{day.day}/{day.month}/{day.year}"}
    if code == "conflicts_catalogue":
        known = DEFAULT_CATALOGUE.get(found["key"])
        day = known.issued
        return {"date": f"{day.day}/{day.month}/{day.year}", "name": known.full_name, "title": known.title}
    return {}


def _unit_catalogues(stored: pd.DataFrame, added: dict[str, list[KnownDocument]], units) -> dict[str, Catalogue]:
    """Each unit's catalogue: shipped, plus the documents this upload adds, plus those it stored before.

    An uploaded row wins over a stored one of the same key (it replaces it);
    a unit adding nothing has the shipped catalogue itself.
    """
    out: dict[str, Catalogue] = {}
    for unit in units:
        base = DEFAULT_CATALOGUE.extended(added[unit]) if added.get(unit) else DEFAULT_CATALOGUE
        out[unit] = catalogue_with(stored, base, units=[unit])
    return out


def _check_names(frames, stored: Tables, headers) -> list[Problem]:
    """Names hide no characters; a new organisation or unit neither looks like another nor mixes scripts.

    Rules and reasons in ``dashboard.contract.names``. Only names an upload
    registers (organisations of the organizations file, units not stored yet)
    are held to the look-alike and script rules: a stored name is the one
    others are compared with. A unit, repeated on every row, is reported once
    per file.
    """
    problems: list[Problem] = []
    units = _units_of(frames)
    registered = _in_units(stored.organizations, units)[["unit", "organization"]].dropna()
    uploaded = frames["organizations"][["unit", "organization"]].dropna()
    # Indexes are built when first needed: an upload that registers nothing new builds none.
    stored_units = _Lookalikes(stored.units)
    registries: dict[str, _Lookalikes] = {}  # per unit: stored names, then the upload's new ones
    plain_registries: dict[str, _Lookalikes] = {}  # per unit: stored and uploaded names hiding nothing

    @cache
    def by_unit(with_upload: bool) -> dict[str, list[str]]:
        both = pd.concat([registered, uploaded]) if with_upload else registered
        return both.groupby("unit")["organization"].agg(list).to_dict()

    def suggestion(value: str, column: str, unit: str) -> list[str]:
        """The name ``value`` means once its hidden characters are gone, if there is one."""
        if column == "title":
            return []
        if column == "unit":
            index = stored_units
        else:
            index = plain_registries.setdefault(unit, _Lookalikes(
                n for n in by_unit(True).get(unit, []) if not names.hidden_characters(n)))
        meant = index.same_or_alike(names.without_hidden(value))
        return [meant] if meant else []

    def header(row, column: str, table: str) -> str:
        return headers.get((row["_file"], column), UPLOAD_TABLES[table].column(column).vi)

    hidden: dict[str, list[str]] = {}  # value → its hidden characters, for every name column
    for table, columns in _NAME_COLUMNS.items():
        frame = frames[table]
        for column in columns:
            values = frame[column].dropna().unique().tolist()
            found = {v: chars for v in values if (chars := names.hidden_characters(v))}
            if not found:
                continue
            hidden.update(found)
            rows = frame[frame[column].isin(list(found))]
            for row in (rows.drop_duplicates(["_file", "unit"]) if column == "unit" else rows).to_dict("records"):
                value = row[column]
                problems.append(Problem(
                    "hidden_character", row["_file"], int(row["_row"]), header(row, column, table),
                    names.visible(value), params={"chars": ", ".join(map(names.describe, hidden[value])),
                            "suggestions": suggestion(value, column, row["unit"])}))

    def check_new(code: str, name: str, index: _Lookalikes, row: dict, column: str, table: str) -> None:
        """Refuse ``name`` if it looks like a name of ``index`` or mixes scripts; else add it there."""
        params = None
        if alike := index.find(name):
            params = {"existing": alike, "chars": ", ".join(map(names.describe, _differing(name, alike)))}
        elif foreign := names.foreign_letters(name):
            code = "mixed_script"
            params = {"scripts": ", ".join(dict.fromkeys(["Latin", *map(names.script_name, foreign)])),
                      "chars": ", ".join(map(names.describe, foreign))}
        if params is None:
            index.add(name)
        else:
            problems.append(Problem(code, row["_file"], int(row["_row"]), header(row, column, table), name,
                                    params=params))

    # Only new names cost a look-up: a registry uploaded again each quarter has none.
    orgs = frames["organizations"][["_file", "_row", "unit", "organization"]].dropna(subset=["unit", "organization"])
    # (Python lists: iterating Arrow-backed columns value by value is slow.)
    stored_folds = set(zip(registered["unit"].tolist(), fold_series(registered["organization"]).tolist()))
    new_orgs = [(u, f) not in stored_folds
                for u, f in zip(orgs["unit"].tolist(), fold_series(orgs["organization"]).tolist())]
    for row in orgs[new_orgs].to_dict("records") if len(orgs) else []:
        if row["organization"] not in hidden:
            registry = registries.setdefault(row["unit"], _Lookalikes(by_unit(False).get(row["unit"], [])))
            check_new("lookalike_organization", row["organization"], registry, row, "organization", "organizations")
    known = {fold_key(u) for u in stored.units}
    new_units = [u for u in sorted(units) if u not in hidden and fold_key(u) not in known]
    for table in frames if new_units else ():
        frame = frames[table][["_file", "_row", "unit"]]
        for row in frame[frame["unit"].isin(new_units)].drop_duplicates(["_file", "unit"]).to_dict("records"):
            check_new("lookalike_unit", row["unit"], stored_units, row, "unit", table)
    return problems


class _Lookalikes:
    """Names indexed by their look-alike keys (on first use): which one does a new name look like?"""

    def __init__(self, among: Iterable[str] = ()):
        self._among: Iterable[str] | None = among
        self._by_key: dict[tuple[int, str], str] = {}
        self._by_fold: dict[str, str] = {}

    def _indexed(self) -> _Lookalikes:
        if self._among is not None:
            among, self._among = self._among, None
            for name in among:
                self.add(name)
        return self

    def add(self, name: str) -> None:
        self._indexed()._by_fold.setdefault(fold_key(name), name)
        for index, key in enumerate(names.lookalike_keys(name)):
            self._by_key.setdefault((index, key), name)

    def same_or_alike(self, name: str) -> str | None:
        """The name that is ``name`` (same ``fold_key``) or else looks like it, if any."""
        return self._indexed()._by_fold.get(fold_key(name)) or self.find(name)

    def find(self, name: str) -> str | None:
        """A name that looks identical to ``name`` but is another name (another ``fold_key``), if any."""
        folded = fold_key(name)
        for index, key in enumerate(names.lookalike_keys(name)):
            other = self._indexed()._by_key.get((index, key))
            if other is not None and fold_key(other) != folded:
                return other
        return None


def _differing(name: str, other: str) -> list[str]:
    """The characters of ``name`` that ``other`` does not have in their place."""
    matcher = difflib.SequenceMatcher(None, name, other, autojunk=False)
    return list(dict.fromkeys(c for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal" for c in name[i1:i2]))


def _check_references(frames, stored: Tables, headers, refused: set = frozenset()):
    """Organisations must be registered and conferences known; spell names as the registry does.

    Cells in ``refused`` (file, row, header) were reported already (a hidden character): not again.
    """
    problems: list[Problem] = []
    units = _units_of(frames)
    # A renamed organisation is registered under its new name too (rows after the rename use it).
    registered = [_in_units(stored.organizations, units), frames["organizations"]]
    orgs = pd.concat([frame[["unit", column]].set_axis(["unit", "organization"], axis=1)
                      for column in ("organization", "renamed_to") for frame in registered if column in frame]).dropna()
    orgs = orgs.drop_duplicates()
    # The registry's spelling of each (unit, folded name); the first registered spelling wins.
    registry = (orgs.assign(_fold=fold_series(orgs["organization"]))
                .drop_duplicates(["unit", "_fold"]).rename(columns={"organization": "_registered"})
                .astype({"unit": object, "_fold": object}))
    by_unit = orgs.groupby("unit")["organization"].agg(list).to_dict()

    def resolve(frame: pd.DataFrame, column: str, table: str) -> pd.DataFrame:
        looked_up = (frame[["unit"]].assign(_fold=fold_series(frame[column]))
                     .astype({"unit": object, "_fold": object}).merge(registry, on=["unit", "_fold"], how="left"))
        resolved = pd.Series(looked_up["_registered"].to_numpy(), index=frame.index, dtype=object)
        unknown = frame[column].notna() & frame["unit"].notna() & resolved.isna()
        for index in frame.index[unknown]:
            row = frame.loc[index]
            header = headers.get((row["_file"], column), UPLOAD_TABLES[table].column(column).vi)
            if (row["_file"], int(row["_row"]), header) in refused:
                continue
            problems.append(Problem("unknown_organization", row["_file"], int(row["_row"]), header, row[column],
                                    params={"suggestions": _suggest(row[column], by_unit.get(row["unit"], []))}))
        return frame.assign(**{column: resolved.where(~unknown, frame[column]).astype("string")})

    frames = dict(frames)
    frames["conferences"] = resolve(frames["conferences"], "organizer", "conferences")
    frames["attendance"] = resolve(frames["attendance"], "organization", "attendance")
    frames["organizations"] = resolve(frames["organizations"], "parent", "organizations")

    key = ["unit", "conference_id"]
    known = pd.concat([_in_units(stored.conferences, units)[key], frames["conferences"][key]])
    attendance = frames["attendance"]
    missing = attendance[attendance[key].notna().all(axis=1) & ~_keys_in(attendance, key, known)]
    for row in missing.to_dict("records"):
        header = headers.get((row["_file"], "conference_id"), "Mã hội nghị")
        problems.append(Problem("unknown_conference", row["_file"], int(row["_row"]), header, row["conference_id"]))
    return frames, problems


def _units_of(frames: dict[str, pd.DataFrame]) -> set[str]:
    return {u for f in frames.values() for u in f["unit"].dropna().unique()}


def _in_units(frame: pd.DataFrame, units: set[str]) -> pd.DataFrame:
    """The stored rows of the units an upload touches: checks never need the rest of the country."""
    return frame[frame["unit"].isin(list(units))]


def _keys_in(frame: pd.DataFrame, key: list[str], other: pd.DataFrame) -> pd.Series:
    """Whether each row's ``key`` occurs among ``other``'s rows (vectorised, in Arrow).

    Rows are first narrowed by the last key column alone (one cheap ``is_in``
    over, say, a country's two million stored rows); only those candidates
    have their whole key compared.
    """
    found = pd.Series(False, index=frame.index, dtype=bool)
    if frame.empty or other.empty:
        return found

    def arrow(values: pd.Series) -> pa.Array:
        return pa.array(values.astype("string"), type=pa.large_string())

    def joined(f: pd.DataFrame) -> pa.Array:
        # One string per key (unit separator between parts): no Python tuples.
        return pc.binary_join_element_wise(*[arrow(f[c]) for c in key], pa.scalar("\x1f", pa.large_string()))

    last = pc.is_in(arrow(frame[key[-1]]), value_set=pa.array(other[key[-1]].dropna().astype("string").unique(),
                                                               type=pa.large_string()))
    candidates = frame[last.fill_null(False).to_numpy(zero_copy_only=False)]
    if candidates.empty:
        return found
    whole = pc.is_in(joined(candidates), value_set=joined(other.dropna(subset=key)))
    found[candidates.index] = whole.fill_null(False).to_numpy(zero_copy_only=False)
    return found


def _suggest(name: str, registered: list[str]) -> list[str]:
    """Up to three registered names closest to ``name``: look-alikes first, then by folded keys."""
    keys = {fold_key(r): r for r in registered}
    close = [keys[c] for c in difflib.get_close_matches(fold_key(name), list(keys), n=3, cutoff=0.6)]
    alike = _Lookalikes(registered).find(name)
    return list(dict.fromkeys([*([alike] if alike else []), *close]))[:3]


def _check_totals(frames, stored: Tables, headers) -> list[Problem]:
    """A conference's total may exceed its rows (not every group is listed), never fall below."""
    conferences = frames["conferences"].dropna(subset=["attendees_total"])
    if conferences.empty:
        return []
    uploaded = frames["attendance"].dropna(subset=["attendees"])
    stored_rows = _in_units(stored.attendance, set(conferences["unit"].dropna()))
    kept = stored_rows[~_keys_in(stored_rows, ["unit", "conference_id"], uploaded)]
    rows = pd.concat([kept[["unit", "conference_id", "attendees"]], uploaded[["unit", "conference_id", "attendees"]]])
    sums = (rows.astype({"attendees": "Int64"}).groupby(["unit", "conference_id"], as_index=False)["attendees"].sum()
            .rename(columns={"attendees": "rows_sum"}))
    merged = conferences.merge(sums, on=["unit", "conference_id"], how="left")
    bad = merged[merged["rows_sum"].notna() & (merged["attendees_total"] < merged["rows_sum"])]
    return [
        Problem("total_below_rows", r["_file"], int(r["_row"]),
                headers.get((r["_file"], "attendees_total"), "Tổng số người dự"), str(r["attendees_total"]),
                params={"rows_sum": int(r["rows_sum"])})
        for r in bad.to_dict("records")
    ]


def _probable_duplicates(frames, stored: Tables, headers) -> list[Problem]:
    """Uploaded conferences that look like a stored one, or an earlier one of the upload, under another id.

    Same unit, same date and the same title once folded (``fold_key``: case,
    tone placement, spacing) is most likely one conference typed twice with
    two ids, which would count its attendance twice. It is not an error (two
    sessions of one conference may share a title), so it is listed, and
    ``commit_upload`` writes it only when confirmed. Not listed: a pair whose
    sessions are both given and differ, and a pair already stored together
    (an earlier upload confirmed it). Re-uploading a conference under its own
    id replaces it and is no duplicate.

    Returns:
        One ``probable_duplicate_stored`` or ``probable_duplicate_upload``
        problem per pair, on the uploaded row's id cell.
    """
    key = ["unit", "date", "_title"]

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.dropna(subset=["unit", "conference_id", "date", "title"])
        return frame.assign(unit=frame["unit"].astype(object), conference_id=frame["conference_id"].astype(object),
                            date=pd.to_datetime(frame["date"]).dt.floor("D").astype("datetime64[ns]"),
                            _title=fold_series(frame["title"]).astype(object),
                            session=frame["session"].astype(object).where(frame["session"].notna(), None))

    uploaded = keyed(frames["conferences"])
    if uploaded.empty:
        return []
    uploaded = uploaded.assign(_order=range(len(uploaded)))
    old = keyed(_in_units(stored.conferences, set(uploaded["unit"]))
                .reindex(columns=["unit", "conference_id", "date", "title", "session"]))
    ids = ["unit", "conference_id"]
    replaced = old.merge(uploaded[ids].drop_duplicates(), on=ids, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    # An uploaded conference already stored with this date and title: its pairs with stored ones are not new.
    same = ["unit", "conference_id", "date", "_title"]
    before = old[replaced][same].drop_duplicates().assign(_was=True)
    uploaded = uploaded.merge(before, on=same, how="left").assign(_was=lambda f: f["_was"].fillna(False).astype(bool))

    with_stored = uploaded.merge(old[~replaced], on=key, suffixes=("", "_other"))
    with_stored = with_stored[~with_stored["_was"]].assign(_code="probable_duplicate_stored")
    within = uploaded.merge(uploaded, on=key, suffixes=("", "_other"))
    within = within[(within["_order_other"] < within["_order"]) & (within["conference_id"] != within["conference_id_other"])
                    & ~(within["_was"] & within["_was_other"])].assign(_code="probable_duplicate_upload")
    pairs = pd.concat([with_stored, within], ignore_index=True)
    if pairs.empty:
        return []
    other_session = pairs["session"].notna() & pairs["session_other"].notna() & (pairs["session"] != pairs["session_other"])
    pairs = pairs[~other_session].sort_values(["_order", "conference_id_other"])
    problems = []
    for row in pairs.to_dict("records"):
        params = {"other": row["conference_id_other"], "date": row["date"].strftime("%d/%m/%Y"),
                  "title": row["title_other"]}
        if row["_code"] == "probable_duplicate_upload":
            params.update(first_row=int(row["_row_other"]), first_file=row["_file_other"])
        problems.append(Problem(row["_code"], row["_file"], int(row["_row"]),
                                headers.get((row["_file"], "conference_id"), "Mã hội nghị"), row["conference_id"],
                                params=params))
    return problems


def _document_warnings(conferences: pd.DataFrame, links: dict, headers,
                       catalogues: dict[str, Catalogue] | None = None) -> list[Problem]:
    """One warning per document reference not written in full, or whose role nothing says (never a refusal).

    Nothing is merged or split silently (``dashboard.contract.documents``):
    a short form or undated code read as a catalogued document says which
    one (and, when the number names several, that the latest before the
    conference was taken); a reference kept as written (unknown, ambiguous,
    unrecognised, a State document) says so with the closest catalogue
    entries; a document issued after the conference is flagged even when
    written in full; a reference of a ``truc_tuyen`` or ``khac`` conference
    with no verb and no ``Vai trò văn bản`` counts as disseminated and says
    so. Located on the row's "Văn bản" cell. ``catalogues``: each unit's
    catalogue (``_unit_catalogues``), for the names shown.
    """
    catalogues = catalogues or {}
    warnings: list[Problem] = []
    for index, found in links.items():
        if all(link.resolution.reason == "code_and_date" and link.role_from != "none" for link in found):
            continue  # every reference written in full, each with its role: nothing to say
        row = conferences.loc[index]
        header = headers.get((row["_file"], "documents"), UPLOAD_TABLES["conferences"].column("documents").vi)
        day = pd.Timestamp(row["date"])
        when = f"{day.day}/{day.month}/{day.year}"

        def warn(code: str, link, **params) -> None:
            warnings.append(Problem(code, row["_file"], int(row["_row"]), header, link.raw, params=params))

        catalogue = catalogues.get(row["unit"], DEFAULT_CATALOGUE)
        for link in found:
            res = link.resolution
            shown = suggestion_names(res, catalogue)
            if res.reason in ("code_and_date_after_conference", "issued_after_conference"):
                chosen = catalogue.get(res.key) if res.key else None
                warn("document_after_conference", link, date=when,
                     name=chosen.full_name if chosen else (" / ".join(shown) or link.raw))
            elif res.status == "resolved" and res.reason in ("latest_before", "short_form_latest_before"):
                warn("document_resolved_latest", link, name=shown[0], date=when, others="; ".join(shown[1:]))
            elif res.status == "resolved":
                warn("document_resolved", link, name=shown[0] if shown else res.key)
            elif res.status == "unknown":
                if res.reason == "state_document":
                    warn("document_state", link)
                else:
                    warn("document_unknown", link, suggestions=shown)
            elif res.status in ("ambiguous", "unrecognised"):
                warn(f"document_{res.status}", link, suggestions=shown)
            if link.role_from == "none":
                warn("document_role_unknown", link,
                     kind=localised(kind_label(row["kind"], "vi"), kind_label(row["kind"], "en")))
    return _unique(warnings)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.code, p.file, p.row, p.column, p.value)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# --- the change -------------------------------------------------------------------

def _stored_form(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    return from_stored(to_stored(table, frame))


def _row_hash(frame: pd.DataFrame) -> pd.Series:
    return pd.util.hash_pandas_object(frame, index=False)


@dataclass(frozen=True)
class _Upload:
    """An accepted upload as each table's planner reads it."""

    frames: dict[str, pd.DataFrame]  # the checked upload frames, per table (with ``_file``, ``_row``)
    conferences: pd.DataFrame  # the uploaded conferences as stored: quarter, documents_raw, canonical documents
    links: dict  # each conference's document references, resolved (``conference_document_links``)
    added: dict[str, list[KnownDocument]]  # per unit, the documents a catalogue file adds

    def rows(self, table: str) -> pd.DataFrame:
        return self.frames[table].drop(columns=["_file", "_row"])


@dataclass(frozen=True)
class _Replacement:
    """One table's uploaded rows and the stored groups they replace.

    Every stored row whose ``group`` columns match a row of ``source`` (``groups``, else ``rows``) goes and
    ``rows`` take their place; the units of ``source`` are the units the table's change touches.
    """

    rows: pd.DataFrame
    group: tuple[str, ...]
    groups: pd.DataFrame | None = None  # None: ``rows`` themselves

    @property
    def source(self) -> pd.DataFrame:
        return self.rows if self.groups is None else self.groups


def _conferences(upload: _Upload) -> _Replacement:
    """A conference replaces the stored one of the same key."""
    return _Replacement(upload.conferences, STORED_KEYS["conferences"])


def _attendance(upload: _Upload) -> _Replacement:
    """Every attendance row of an uploaded conference goes; the upload's rows take its place."""
    return _Replacement(upload.rows("attendance"), ("unit", "conference_id"))


def _organizations(upload: _Upload) -> _Replacement:
    """An organisation's row replaces only its version of the same ``as_of``."""
    return _Replacement(upload.rows("organizations"), STORED_KEYS["organizations"])


def _conference_documents(upload: _Upload) -> _Replacement:
    """Every document link of an uploaded conference goes, even when it now names none."""
    return _Replacement(documents_long(upload.conferences, upload.links), ("unit", "conference_id"),
                        groups=upload.conferences)


def _unit_history(upload: _Upload) -> _Replacement | None:
    """A unit's rows in a units file replace all its stored periods; listed only when a units file came."""
    if upload.frames["unit_history"].empty:
        return None
    return _Replacement(upload.rows("unit_history"), ("unit",))


def _catalogue(upload: _Upload) -> _Replacement | None:
    """The documents a catalogue file adds (shipped ones are not stored), each replacing the unit's document of
    the same key; listed only when a catalogue file came."""
    if upload.frames["catalogue"].empty:
        return None
    rows = pd.concat([stored_rows(unit, docs) for unit, docs in sorted(upload.added.items())]
                     or [stored_rows("", [])], ignore_index=True)
    return _Replacement(rows, STORED_KEYS["catalogue"])


# Each stored table's planner, in the order of the upload summary.
_PLANNERS = {
    "conferences": _conferences,
    "attendance": _attendance,
    "organizations": _organizations,
    "conference_documents": _conference_documents,
    "unit_history": _unit_history,
    "catalogue": _catalogue,
}


def _plan_changes(plan: UploadPlan, frames: dict[str, pd.DataFrame], stored: Tables, links: dict | None = None,
                  added: dict[str, list[KnownDocument]] | None = None) -> None:
    """Fill ``plan``'s summary, changes and units: per table, what its planner's replacement does to the store."""
    conferences = frames["conferences"].drop(columns=["_file", "_row"])
    conferences = conferences.assign(quarter=quarter_of(conferences["date"]), documents_raw=conferences["documents"])
    links = conference_document_links(conferences) if links is None else links
    upload = _Upload(frames, conferences.assign(documents=document_codes(conferences, links)), links, added or {})
    units: set[str] = set()
    for name, planner in _PLANNERS.items():
        replacement = planner(upload)
        if replacement is None:
            continue
        if replacement.rows.empty and replacement.source.empty:
            plan.summary[name] = dict.fromkeys(CHANGE_KINDS, 0)
            continue
        plan.summary[name], plan.changes[name] = _replace(name, replacement, stored[name])
        units.update(plan.changes[name][0])
    plan.units = sorted(units)
    if plan.is_noop:
        plan.changes = {}
    else:
        changed = {n for n, s in plan.summary.items() if s["added"] or s["changed"] or s["removed"]}
        plan.changes = {n: c for n, c in plan.changes.items() if n in changed}
    # What conference_changes compares with: attendance and document links were read for the upload's units only.
    of_conferences = {u for n in _CONFERENCE_TABLES if n in plan.changes for u in plan.changes[n][0]}
    if of_conferences:
        plan.before = {n: _in_units(stored[n], of_conferences) if n == "conferences" else stored[n]
                       for n in _CONFERENCE_TABLES}


def _replace(name: str, replacement: _Replacement, stored: pd.DataFrame
             ) -> tuple[dict[str, int], tuple[list[str], pd.DataFrame]]:
    """One table's counts (added, changed, unchanged, removed: by key and row hash) and its change: the units the
    replacement touches, and their stored rows outside the replaced groups plus the uploaded rows."""
    source = replacement.source
    touched = sorted(source["unit"].dropna().unique())
    new = _stored_form(name, replacement.rows)
    old = stored[stored["unit"].isin(touched)]
    group = list(replacement.group)
    replaced_groups = pd.MultiIndex.from_frame(source[group].drop_duplicates())
    in_group = pd.MultiIndex.from_frame(old[group]).isin(replaced_groups) if not old.empty else []
    old_replaced = old[in_group] if not old.empty else old
    key = list(STORED_KEYS[name])
    old_hash = (pd.Series(_row_hash(old_replaced).values, index=pd.MultiIndex.from_frame(old_replaced[key]))
                if not old_replaced.empty else pd.Series(dtype="uint64"))
    new_index = pd.MultiIndex.from_frame(new[key]) if not new.empty else pd.MultiIndex.from_tuples([], names=key)
    new_hash = pd.Series(_row_hash(new).values, index=new_index) if not new.empty else pd.Series(dtype="uint64")
    present = new_index.isin(old_hash.index)
    same = present & (new_hash.values == old_hash.reindex(new_index).fillna(0).values)
    removed = int((~old_hash.index.isin(new_index)).sum()) if len(old_hash) else 0
    counts = {"added": int((~present).sum()), "changed": int((present & ~same).sum()),
              "unchanged": int(same.sum()), "removed": removed}
    kept = old[~in_group] if not old.empty else old
    return counts, (touched, pd.concat([kept, new], ignore_index=True) if not kept.empty else new)


# --- the conferences a change adds, changes or removes ---------------------------------

# The stored tables that describe a conference (keyed by unit and conference id first).
_CONFERENCE_TABLES = ("conferences", "attendance", "conference_documents")
# What may change in a conference, in the order a preview names it: its stored columns (``documents``: as written or
# as read), then its attendance rows (``attendance``).
CONFERENCE_FIELDS = ("date", "end_date", "session", "title", "organizer", "kind", "speakers", "documents", "topics",
                     "location", "attendees_total", "source_url", "attendance")
_FIELD_COLUMNS = {"documents": ("documents", "documents_raw")}
CONFERENCE_TOTALS = ("attendees_total", "attendees", "party_members")
CONFERENCE_CHANGE_COLUMNS = ("change", "unit", "conference_id", "date", "title", *CONFERENCE_TOTALS,
                             "date_before", "title_before", *(f"{c}_before" for c in CONFERENCE_TOTALS), "fields")
# The order of a preview: what alters stored conferences comes first.
_CHANGE_ORDER = ("removed", "changed", "added")
CONFERENCE_CHANGES_SHOWN = 50


def _conference_changes(changes: dict[str, tuple[list[str], pd.DataFrame]],
                        before: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``UploadPlan.conference_changes``: ``changes`` (per table, the units it touches and their rows after) against
    ``before`` (the stored rows of those units)."""
    units = {u for n in _CONFERENCE_TABLES if n in changes for u in changes[n][0]}
    if not units:
        return pd.DataFrame(columns=list(CONFERENCE_CHANGE_COLUMNS))
    old = {n: _in_units(before[n] if n in before else empty_frame(n), units) for n in _CONFERENCE_TABLES}
    new = {n: _after(old[n], changes.get(n)) for n in _CONFERENCE_TABLES}
    key = ["unit", "conference_id"]

    def described(conferences: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
        totals = (attendance.astype({"attendees": "Int64", "party_members": "Int64"})
                  .groupby(key, as_index=False)[["attendees", "party_members"]].sum(min_count=1))
        rows = conferences.astype({"unit": object, "conference_id": object})
        return rows.merge(totals.astype({"unit": object, "conference_id": object}), on=key, how="left")

    was, now = described(old["conferences"], old["attendance"]), described(new["conferences"], new["attendance"])
    both = now.merge(was, on=key, how="outer", suffixes=("", "_before"), indicator=True)
    common = both["_merge"].eq("both").to_numpy()
    differs = {}
    for name in CONFERENCE_FIELDS:
        if name == "attendance":
            found = _keys_differ(both, old["attendance"], new["attendance"])
        else:
            found = pd.Series(False, index=both.index)
            for column in _FIELD_COLUMNS.get(name, (name,)):
                found |= _values_differ(both[column], both[f"{column}_before"])
            if name == "documents":
                found |= _keys_differ(both, old["conference_documents"], new["conference_documents"])
        differs[name] = found.to_numpy() & common
    fields = [tuple(name for name in CONFERENCE_FIELDS if differs[name][i]) for i in range(len(both))]
    kinds = both["_merge"].map({"left_only": "added", "right_only": "removed", "both": "unchanged"}).astype(object)
    change = ["changed" if found else kind for kind, found in zip(kinds, fields)]
    out = both.assign(change=change, fields=pd.Series(fields, index=both.index, dtype=object))
    out = out[out["change"] != "unchanged"].copy()
    removed = out["change"].eq("removed")
    for column in ("date", "title", *CONFERENCE_TOTALS):  # a removed conference, as it was
        out[column] = out[column].astype(object).where(~removed, out[f"{column}_before"].astype(object))
    out["_order"] = out["change"].map(_CHANGE_ORDER.index)
    out = out.sort_values(["_order", "unit", "date", "conference_id"], kind="stable")
    return out[list(CONFERENCE_CHANGE_COLUMNS)].reset_index(drop=True)


def _after(stored: pd.DataFrame, change: tuple[list[str], pd.DataFrame] | None) -> pd.DataFrame:
    """A table's rows of the changed units after the change: its rows of the units it touches replace theirs."""
    if change is None:
        return stored
    touched, rows = change
    kept = stored[~stored["unit"].isin(list(touched))]
    return pd.concat([kept, rows], ignore_index=True) if not kept.empty else rows


def _values_differ(now: pd.Series, was: pd.Series) -> pd.Series:
    """Cell by cell, whether two columns hold different values (two missing values are the same)."""
    missing = now.isna() & was.isna()
    same = (now.astype(object) == was.astype(object)).fillna(False).astype(bool)
    return ~(missing | same)


def _keys_differ(conferences: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> pd.Series:
    """Per row of ``conferences``, whether the rows of ``old`` and ``new`` with its unit and id differ."""
    key = ["unit", "conference_id"]

    def hashed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[key].astype(object).assign(_hash=_row_hash(frame).to_numpy())

    rows = hashed(old).merge(hashed(new), on=[*key, "_hash"], how="outer", indicator=True)
    changed = rows.loc[rows["_merge"] != "both", key].drop_duplicates().assign(_differs=True)
    found = conferences[key].astype(object).merge(changed, on=key, how="left")["_differs"]
    return pd.Series(found.fillna(False).astype(bool).to_numpy(), index=conferences.index)


def conference_changes_frame(changes: pd.DataFrame | list[dict], lang: str = "vi") -> pd.DataFrame:
    """``UploadPlan.conference_changes`` as shown: localised headers and values, every cell text.

    Dates are ``dd/mm/yyyy``, numbers ``1.234`` (``1,234`` in English); for a
    changed conference a changed date, title or total reads ``old → new``,
    and the last column names what changes. ``changes`` may be the records
    of ``conference_change_records`` back from JSON (dates as ISO text,
    fields as lists).
    """
    names = ("change", "date", "conference_id", "title", "unit", "attendees_total", "attendees", "party_members",
             "fields")
    headers = [message(f"upload.changes_{name}", lang) for name in names]
    rows = []
    for row in (changes.to_dict("records") if isinstance(changes, pd.DataFrame) else changes):
        changed = row["change"] == "changed"

        def shown(column: str, render) -> str:
            value = render(row[column])
            was = render(row.get(f"{column}_before"))
            return f"{was or '—'} → {value or '—'}" if changed and was != value else value

        rows.append([
            message(f"upload.change_{row['change']}", lang),
            shown("date", _day),
            _text(row["conference_id"]),
            shown("title", _text),
            _text(row["unit"]),
            *(shown(column, lambda v: fmt_number(None if _missing(v) else v, lang)) for column in CONFERENCE_TOTALS),
            ", ".join(message(f"upload.field_{name}", lang) for name in (row.get("fields") or ())),
        ])
    return pd.DataFrame(rows, columns=headers, dtype=object)


def conference_change_records(changes: pd.DataFrame, limit: int | None = None) -> list[dict]:
    """The first ``limit`` rows of ``UploadPlan.conference_changes`` as JSON-safe dicts (a page's job result)."""
    shown = changes if limit is None else changes.head(limit)
    records = []
    for row in shown.to_dict("records"):
        record = {}
        for column, value in row.items():
            if column == "fields":
                record[column] = list(value or ())
            elif _missing(value):
                record[column] = None
            elif column.startswith("date"):
                record[column] = pd.Timestamp(value).date().isoformat()
            elif column in CONFERENCE_TOTALS or column.removesuffix("_before") in CONFERENCE_TOTALS:
                record[column] = int(value)
            else:
                record[column] = str(value)
        records.append(record)
    return records


def conference_changes_lines(changes: pd.DataFrame, lang: str = "vi", limit: int = CONFERENCE_CHANGES_SHOWN
                             ) -> list[str]:
    """``UploadPlan.conference_changes`` as text lines (the command line's preview): how many conferences are
    added, changed and removed, the first ``limit`` as a table, and how many more there are; none if nothing
    changes."""
    if changes.empty:
        return []
    lines = [message("ui.upload_changes", lang, **conference_change_counts(changes)),
             conference_changes_frame(changes.head(limit), lang).to_string(index=False)]
    if len(changes) > limit:
        lines.append(message("ui.upload_more_conferences", lang, count=len(changes) - limit))
    return lines


def conference_change_counts(changes: pd.DataFrame) -> dict[str, int]:
    """How many conferences are added, changed and removed."""
    return {kind: int(changes["change"].eq(kind).sum()) for kind in ("added", "changed", "removed")}


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value)))


def _day(value: object) -> str:
    return "" if _missing(value) else fmt_date(pd.Timestamp(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)

