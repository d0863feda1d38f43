"""The data contract, written once: the three upload files and the stored tables.

``FILE_TABLES`` describes what staff upload (column, Vietnamese header, type,
rule); ``docs/data-contract.md`` documents the same and a test keeps the two
in step. The pandera models at the bottom declare the value rules that the
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
TEXT, DATE, COUNT, KIND, ORG_TYPE, LIST, DOCUMENTS, URL = (
    "text", "date", "count", "kind", "org_type", "list", "documents", "url",
)


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
        Column("title", "Tên hội nghị", TEXT, True, "required", ("tên",)),
        Column("organizer", "Đơn vị tổ chức", TEXT, True, "required, an organisation of the registry"),
        Column("kind", "Loại hình", KIND, True, "required: a kind code or its label", ("loại hội nghị", "hình thức")),
        Column("speakers", "Báo cáo viên", LIST, False, "optional, ;-separated"),
        Column("documents", "Văn bản", DOCUMENTS, False, "optional, ;-separated document references", ("văn bản quán triệt",)),
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
    "organizations", "Tổ chức", ("unit", "organization"),
    (
        UNIT,
        Column("organization", "Tổ chức", TEXT, True, "required, unique in the unit", ("tên tổ chức",)),
        Column("org_type", "Loại tổ chức", ORG_TYPE, True, "required: an organisation-type code or its label", ("loại",)),
        Column("parent", "Trực thuộc", TEXT, False, "optional, another organisation of the registry"),
        Column("members", "Số thành viên", COUNT, False, "optional whole number ≥ 0", ("số hội viên", "số đoàn viên")),
        Column("party_members", "Số đảng viên", COUNT, False, "optional whole number, ≤ members", ("đảng viên",)),
        Column("exempt_members", "Số miễn sinh hoạt", COUNT, False, "optional whole number, ≤ party_members", ("miễn sinh hoạt",)),
        Column("as_of", "Tính đến ngày", DATE, False, "optional date of those counts"),
    ),
    signature=("org_type",),
)

FILE_TABLES: dict[str, FileTable] = {t.name: t for t in (CONFERENCES, ATTENDANCE, ORGANIZATIONS)}
STORED_TABLES = ("conferences", "attendance", "organizations", "conference_documents")


def header_lookup(table: FileTable) -> dict[str, str]:
    """Folded header spelling → canonical column name, for one file table."""
    return {fold_key(s): c.name for c in table.columns for s in c.spellings()}


# --- Stored tables: Arrow schemas (what any Parquet reader sees) -------------

_S, _D, _I = pa_arrow.string(), pa_arrow.timestamp("us"), pa_arrow.int64()

STORED_SCHEMAS: dict[str, pa_arrow.Schema] = {
    "conferences": pa_arrow.schema([
        ("unit", _S), ("conference_id", _S), ("date", _D), ("end_date", _D), ("quarter", _S),
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
        ("party_members", _I), ("exempt_members", _I), ("as_of", _D),
    ]),
    "conference_documents": pa_arrow.schema([
        ("unit", _S), ("conference_id", _S), ("document", _S), ("raw", _S),
    ]),
}

STORED_KEYS: dict[str, tuple[str, ...]] = {
    "conferences": ("unit", "conference_id"),
    "attendance": ("unit", "conference_id", "organization"),
    "organizations": ("unit", "organization"),
    "conference_documents": ("unit", "conference_id", "document"),
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
        ],
    ),
}
