"""The data contract, written once: the upload files and the stored tables.

``FILE_TABLES`` describes the four data files staff upload (column,
Vietnamese header, type, rule), each with a blank template;
``UPLOAD_TABLES`` adds the document catalogue (``CATALOGUE``), the extra
documents a unit cites. ``docs/data-contract.md`` documents the same and a
test keeps the two in step. The pandera models at the bottom declare the value rules that the
ingest checks lazily (every failure at once), and ``STORED_SCHEMAS`` the
Arrow schema of each stored Parquet table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from dashboard.contract.text import fold_key

# Column types a cell is parsed as.
TEXT, DATE, COUNT, KIND, ORG_TYPE, LIST, DOCUMENTS, URL, SESSION = (
    "text", "date", "count", "kind", "org_type", "list", "documents", "url", "session",
)
ROLE = "role"  # studied / disseminated (dashboard.contract.roles)

MAX_COUNT = 100_000
"""Ceiling of every head count or member count (``COUNT`` columns).

A ward conference does not have a million attendees, nor a ward's
organisation a million members; a larger value is a typing slip and is
refused with its row and column. It also keeps every sum far inside int64:
100.000 × 10¹³ rows would still fit.
"""


@dataclass(frozen=True)
class Column:
    name: str
    vi: str
    type: str
    required: bool
    rule: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.name, self.vi, self.name.replace("_", " "), *self.aliases)


@dataclass(frozen=True)
class FileTable:
    name: str
    vi: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    # Columns whose presence tells this kind of file apart from the others.
    signature: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


UNIT = Column("unit", "Đơn vị", TEXT, False,
              "optional; the Party committee the row belongs to, else the upload's unit",
              ("đơn vị", "unit name"))

CONFERENCES = FileTable(
    "conferences", "Hội nghị", ("unit", "conference_id"),
    (
        UNIT,
        Column("conference_id", "Mã hội nghị", TEXT, True, "required, unique in the unit", ("mã hn", "id")),
        Column("date", "Ngày", DATE, True, "required; 2023-04-27 or day-first 27/4/2023", ("ngày tổ chức", "ngày bắt đầu")),
        Column("end_date", "Ngày kết thúc", DATE, False, "optional, not before date"),
        Column("session", "Buổi", SESSION, False, "optional: sáng, chiều or tối (sang, chieu, toi; morning, afternoon, evening)",
               ("buổi tổ chức",)),
        Column("title", "Tên hội nghị", TEXT, True, "required", ("tên",)),
        Column("organizer", "Đơn vị tổ chức", TEXT, True, "required, an organisation of the registry"),
        Column("kind", "Loại hình", KIND, True, "required: a kind code or its label", ("loại hội nghị", "hình thức")),
        Column("speakers", "Báo cáo viên", LIST, False, "optional, ;-separated"),
        Column("documents", "Văn bản", DOCUMENTS, False, "optional, ;-separated document references, each may start with its verb (quán triệt …, tuyên truyền …)", ("văn bản quán triệt",)),
        Column("document_role", "Vai trò văn bản", ROLE, False, "optional: học tập, quán triệt… (studied) or tuyên truyền, thông tin, giới thiệu (disseminated); for the row's references with no verb of their own", ("vai trò", "document role")),
        Column("topics", "Chủ đề", LIST, False, "optional, ;-separated theme labels"),
        Column("location", "Địa điểm", TEXT, False, "optional"),
        Column("attendees_total", "Tổng số người dự", COUNT, False, "optional whole number ≥ 0, not below the sum of its attendance rows", ("tổng số", "số người dự hội nghị")),
        Column("source_url", "Nguồn", URL, False, "optional; an http(s) address", ("link", "url")),
    ),
    signature=("date", "title", "kind"),
)

ATTENDANCE = FileTable(
    "attendance", "Thành phần dự", ("unit", "conference_id", "organization"),
    (
        UNIT,
        Column("conference_id", "Mã hội nghị", TEXT, True, "required; the conference is in the same upload or already stored", ("mã hn", "id")),
        Column("organization", "Tổ chức", TEXT, True, "required; in the registry or in the same upload", ("tên tổ chức", "đơn vị dự")),
        Column("attendees", "Số người dự", COUNT, True, "required whole number ≥ 0", ("số lượng", "số người")),
        Column("party_members", "Số đảng viên", COUNT, False, "optional whole number, ≤ attendees", ("đảng viên",)),
    ),
    signature=("attendees",),
)

ORGANIZATIONS = FileTable(
    "organizations", "Tổ chức", ("unit", "organization", "as_of"),
    (
        UNIT,
        Column("organization", "Tổ chức", TEXT, True, "required, unique in the unit and as_of", ("tên tổ chức",)),
        Column("org_type", "Loại tổ chức", ORG_TYPE, True, "required: an organisation-type code or its label", ("loại",)),
        Column("parent", "Trực thuộc", TEXT, False, "optional, another organisation of the registry"),
        Column("members", "Số thành viên", COUNT, False, "optional whole number ≥ 0", ("số hội viên", "số đoàn viên")),
        Column("party_members", "Số đảng viên", COUNT, False, "optional whole number, ≤ members", ("đảng viên",)),
        Column("exempt_members", "Số miễn sinh hoạt", COUNT, False, "optional whole number, ≤ party_members", ("miễn sinh hoạt",)),
        Column("as_of", "Tính đến ngày", DATE, False,
               "optional: the counts hold from this date on; a later date adds a version and keeps the earlier ones "
               "(blank: since the beginning)", ("as of", "ngày số liệu")),
        Column("retired_from", "Ngừng hoạt động từ ngày", DATE, False,
               "optional: the organisation no longer exists from this date", ("retired from", "ngừng hoạt động")),
        Column("renamed_to", "Đổi tên thành", TEXT, False,
               "optional, with renamed_on: the organisation's name from renamed_on on", ("new name", "tên mới")),
        Column("renamed_on", "Ngày đổi tên", DATE, False, "optional, with renamed_to: the day the new name applies",
               ("renamed on", "đổi tên từ ngày")),
    ),
    signature=("org_type",),
)

# Units over time (mergers of 1/7/2025, the committee above each unit): one row per unit and period.
UNIT_HISTORY = FileTable(
    "unit_history", "Đơn vị", ("unit", "valid_from"),
    (
        Column("unit", "Đơn vị", TEXT, True, "required; the Party committee the row describes", ("unit name", "tên đơn vị")),
        Column("parent", "Trực thuộc", TEXT, False,
               "optional; the committee directly above in that period (Đảng bộ quận Thanh Khê; from 1/7/2025 "
               "Đảng bộ thành phố Đà Nẵng)", ("parent unit", "cấp trên")),
        Column("valid_from", "Từ ngày", DATE, False, "optional; the period's first day (blank: since the beginning)",
               ("valid from", "since")),
        Column("valid_to", "Đến ngày", DATE, False, "optional, not before valid_from; the period's last day (blank: still so)",
               ("valid to", "until")),
        Column("merged_into", "Sáp nhập vào", TEXT, False,
               "optional; the unit it merged into or was renamed to after valid_to", ("merged into", "successor",
                                                                                       "đơn vị kế thừa")),
    ),
    signature=("valid_from", "valid_to", "merged_into"),
)

# The documents a unit adds to the shipped catalogue (dashboard/contract/catalogue.csv): a district
# committee's Kế hoạch, a central resolution issued after the release. Values are checked by
# ``dashboard.contract.documents.extend_catalogue``; the headers are the ones it reads.
CATALOGUE = FileTable(
    "catalogue", "Danh mục văn bản", ("unit", "type_word", "code", "issued"),
    (
        UNIT,
        Column("type_word", "Loại văn bản", TEXT, True,
               "required: Nghị quyết, Quy định, Quyết định, Chỉ thị, Kết luận, Hướng dẫn, Thông báo, Kế hoạch, "
               "Chương trình, Đề án, Báo cáo or Quy chế; agrees with the code"),
        Column("code", "Số, ký hiệu", TEXT, False,
               "optional: the Party code (58-KH/ĐU, 18 – NQ/TW); required unless plenum and term name the occasion",
               ("số ký hiệu", "ký hiệu", "số hiệu")),
        Column("issued", "Ngày ban hành", DATE, True, "required; the issue date, 2025-01-15 or 15/1/2025",
               ("ngày ký",)),
        Column("body", "Cơ quan ban hành", TEXT, False, "optional: Bộ Chính trị, Ban Thường vụ Quận ủy…", ("cơ quan",)),
        Column("term", "Khóa", TEXT, False, "optional: the committee term, XIII or 13"),
        Column("plenum", "Hội nghị", TEXT, False,
               "optional: the Central Committee plenum (8), or Đại hội for a Congress"),
        Column("title", "Trích yếu", TEXT, False, "optional: the summary line", ("tên văn bản",)),
        Column("source", "Nguồn", TEXT, False, "optional: where the facts come from"),
    ),
    signature=("type_word", "code"),
)

FILE_TABLES: dict[str, FileTable] = {t.name: t for t in (CONFERENCES, ATTENDANCE, ORGANIZATIONS, UNIT_HISTORY)}
# Every kind of file an upload may hold: the data files, and the catalogue rows.
UPLOAD_TABLES: dict[str, FileTable] = FILE_TABLES | {CATALOGUE.name: CATALOGUE}
STORED_TABLES = ("conferences", "attendance", "organizations", "conference_documents", "unit_history", "catalogue")


def header_lookup(table: FileTable) -> dict[str, str]:
    """Folded header spelling → canonical column name, for one file table."""
    return {fold_key(s): c.name for c in table.columns for s in c.spellings()}


# --- Stored tables: Arrow schemas (what any Parquet reader sees) -------------

_S, _D, _I = pa_arrow.string(), pa_arrow.timestamp("us"), pa_arrow.int64()

STORED_SCHEMAS: dict[str, pa_arrow.Schema] = {
    "conferences": pa_arrow.schema([
        ("unit", _S), ("conference_id", _S), ("date", _D), ("end_date", _D), ("session", _S), ("quarter", _S),
        ("title", _S), ("organizer", _S), ("kind", _S), ("speakers", _S), ("documents", _S),
        ("documents_raw", _S), ("topics", _S), ("location", _S), ("attendees_total", _I),
        ("source_url", _S),
    ]),
    "attendance": pa_arrow.schema([
        ("unit", _S), ("conference_id", _S), ("organization", _S), ("attendees", _I),
        ("party_members", _I),
    ]),
    "organizations": pa_arrow.schema([
        ("unit", _S), ("organization", _S), ("org_type", _S), ("parent", _S), ("members", _I),
        ("party_members", _I), ("exempt_members", _I), ("as_of", _D), ("retired_from", _D), ("renamed_to", _S),
        ("renamed_on", _D),
    ]),
    # One row per conference and document identity (dashboard.contract.links); a store written
    # before code, status and role existed is read with them filled in (dashboard.store.delta).
    "conference_documents": pa_arrow.schema([
        ("unit", _S), ("conference_id", _S), ("document", _S), ("raw", _S), ("code", _S), ("status", _S),
        ("role", _S),
    ]),
    # Added with registry history; a store written before it reads as an empty table (dashboard.store.delta).
    "unit_history": pa_arrow.schema([
        ("unit", _S), ("parent", _S), ("valid_from", _D), ("valid_to", _D), ("merged_into", _S),
    ]),
    # Documents a unit added to the shipped catalogue (one row per unit and document key); added with
    # catalogue uploads, a store written before it reads as an empty table (dashboard.store.delta).
    "catalogue": pa_arrow.schema([
        ("unit", _S), ("document", _S), ("type_word", _S), ("code", _S), ("issued", _D), ("body", _S),
        ("term", _S), ("plenum", _S), ("title", _S), ("source", _S),
    ]),
}

STORED_KEYS: dict[str, tuple[str, ...]] = {
    "conferences": ("unit", "conference_id"),
    "attendance": ("unit", "conference_id", "organization"),
    # One row per organisation and version (as_of: missing = since the beginning, dashboard.transforms.registry).
    "organizations": ("unit", "organization", "as_of"),
    "conference_documents": ("unit", "conference_id", "document"),
    "unit_history": ("unit", "valid_from"),
    "catalogue": ("unit", "document"),
}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the stored columns and dtypes of ``table``."""
    return STORED_SCHEMAS[table].empty_table().to_pandas(types_mapper=_types_mapper)


def _types_mapper(arrow_type: pa_arrow.DataType):
    if pa_arrow.types.is_int64(arrow_type):
        return pd.Int64Dtype()
    return None


def to_stored(table: str, frame: pd.DataFrame) -> pa_arrow.Table:
    """Convert a canonical frame to the stored Arrow table (column order, types)."""
    schema = STORED_SCHEMAS[table]
    return pa_arrow.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


def from_stored(table: pa_arrow.Table, release: bool = False) -> pd.DataFrame:
    """Stored Arrow table → pandas with nullable integers (counts may be missing).

    With ``release``, the Arrow buffers are freed as pandas takes them (lower
    peak memory); ``table`` is unusable afterwards.
    """
    if release:
        return table.to_pandas(types_mapper=_types_mapper, self_destruct=True, split_blocks=True)
    return table.to_pandas(types_mapper=_types_mapper)


# --- Value rules, checked lazily on the parsed upload frames ------------------
# Parsing (dates, counts, codes) happens first and reports what cannot be
# read; these schemas then state the rules on the parsed values. Types are
# not re-checked here (parsing fixed them); check names are the message codes
# shown to users (see dashboard.errors).


def _required() -> pa.Column:
    return pa.Column(None, nullable=False, required=True)


def _count(required: bool = False) -> pa.Column:
    return pa.Column(None, pa.Check.ge(0, name="negative_count"), nullable=not required)


def _within(small: str, large: str, name: str) -> pa.Check:
    """Row check: ``small <= large`` wherever both are given."""
    return pa.Check(
        lambda df: (df[small].isna() | df[large].isna() | (df[small] <= df[large])).fillna(True),
        name=name,
    )


RULES: dict[str, pa.DataFrameSchema] = {
    "conferences": pa.DataFrameSchema(
        {
            "conference_id": _required(),
            "date": _required(),
            "title": _required(),
            "organizer": _required(),
            "kind": _required(),
            "attendees_total": _count(),
        },
        checks=[_within("date", "end_date", "end_before_start")],
    ),
    "attendance": pa.DataFrameSchema(
        {
            "conference_id": _required(),
            "organization": _required(),
            "attendees": _count(required=True),
            "party_members": _count(),
        },
        checks=[_within("party_members", "attendees", "party_members_above_attendees")],
    ),
    "organizations": pa.DataFrameSchema(
        {
            "organization": _required(),
            "org_type": _required(),
            "members": _count(),
            "party_members": _count(),
            "exempt_members": _count(),
        },
        checks=[
            _within("party_members", "members", "party_members_above_members"),
            _within("exempt_members", "party_members", "exempt_above_party_members"),
            # A rename says both the new name and its day (either alone cannot be placed in time); each
            # failure is reported on the cell that is filled in.
            pa.Check(lambda df: ~(df["renamed_to"].notna() & df["renamed_on"].isna()), name="rename_without_date"),
            pa.Check(lambda df: ~(df["renamed_on"].notna() & df["renamed_to"].isna()), name="rename_without_name"),
        ],
    ),
    "unit_history": pa.DataFrameSchema(
        {"unit": _required()},
        checks=[_within("valid_from", "valid_to", "unit_end_before_start")],
    ),
}
