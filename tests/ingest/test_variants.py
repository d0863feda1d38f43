"""Every accepted variant of a good upload stores exactly the same data."""

from __future__ import annotations

import io
import unicodedata

import pandas as pd
import pytest
from openpyxl import Workbook

from dashboard.contract.schema import FILE_TABLES
from dashboard.ingest import UploadFile, commit_upload
from dashboard.settings import Settings
from dashboard.store import load

from tests.ingest.helpers import ATTENDANCE, CONFERENCES, ORGS, UNIT, base_files, cp1258_bytes

TEXTS = {"orgs": ORGS, "conf": CONFERENCES, "att": ATTENDANCE}


def _rows(text: str) -> list[list[str]]:
    import csv
    return list(csv.reader(io.StringIO(text)))


def _delimited(text: str, delimiter: str) -> str:
    import csv
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(_rows(text))
    return out.getvalue()


def _english_headers(text: str) -> str:
    rows = _rows(text)
    by_vi = {c.vi: c.name for table in FILE_TABLES.values() for c in table.columns}
    rows[0] = [by_vi[h] for h in rows[0]]
    return _delimited("\n".join(",".join(f'"{c}"' for c in r) for r in rows), ",")


def _xlsx(texts: dict[str, str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, text in texts.items():
        sheet = book.create_sheet(name)
        for row in _rows(text):
            sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (undefined bytes kept as C1 controls, as Windows does)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


VARIANTS = {
    "utf-8": lambda: [UploadFile(f"{n}.csv", t.encode("utf-8")) for n, t in TEXTS.items()],
    "utf-8 BOM, CRLF": lambda: [UploadFile(f"{n}.csv", _delimited(t, ",").encode("utf-8-sig")) for n, t in TEXTS.items()],
    "utf-16 tab (Unicode Text)": lambda: [UploadFile(f"{n}.csv", _delimited(t, "\t").encode("utf-16")) for n, t in TEXTS.items()],
    "windows-1258": lambda: [UploadFile(f"{n}.csv", cp1258_bytes(_delimited(t, ","))) for n, t in TEXTS.items()],
    "semicolon": lambda: [UploadFile(f"{n}.csv", _delimited(t, ";").encode("utf-8")) for n, t in TEXTS.items()],
    "NFD text": lambda: [UploadFile(f"{n}.csv", unicodedata.normalize("NFD", t).encode("utf-8")) for n, t in TEXTS.items()],
    "english headers": lambda: [UploadFile(f"{n}.csv", _english_headers(t).encode("utf-8")) for n, t in TEXTS.items()],
    # Names typed with the old tone placement match the registry and are stored in its spelling.
    "old tone placement": lambda: [UploadFile(f"{n}.csv", (t if n == "orgs" else t.replace("Đảng ủy", "Đảng uỷ"))
                                              .encode("utf-8")) for n, t in TEXTS.items()],
    "mojibake": lambda: [UploadFile(f"{n}.csv", _mojibake(t).encode("utf-8")) for n, t in TEXTS.items()],
    "xlsx, one sheet each": lambda: [UploadFile("quarter.xlsx", _xlsx(TEXTS))],
}


def _stored(store) -> dict[str, pd.DataFrame]:
    tables = load(store)
    return {name: tables[name].sort_values(list(tables[name].columns[:3])).reset_index(drop=True)
            for name in ("conferences", "attendance", "organizations", "conference_documents")}


def _is_base(files: list[UploadFile]) -> bool:
    """Whether ``files`` are ``base_files()``, name for name and byte for byte: what ``base_store_ro`` holds."""
    return [(f.name, f.content) for f in files] == [(f.name, f.content) for f in base_files()]


@pytest.fixture(scope="module")
def reference(base_store_ro):
    """What the plain UTF-8 files store (``base_store_ro`` is those files, committed)."""
    assert _is_base(VARIANTS["utf-8"]())
    return _stored(base_store_ro)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant_round_trip(tmp_path, reference, variant):
    files = VARIANTS[variant]()
    store = tmp_path / "store"
    result = commit_upload(files, store, settings=Settings.load(store=store, default_unit=UNIT))
    assert result.committed
    stored = _stored(store)
    for name, frame in reference.items():
        pd.testing.assert_frame_equal(stored[name], frame, check_dtype=True)


def test_vietnamese_thousands_in_counts(tmp_path):
    orgs = ORGS.replace("200,120", '"2.104","1.251"')
    store = tmp_path / "store"
    commit_upload([UploadFile("o.csv", orgs.encode())], store, settings=Settings.load(store=store, default_unit=UNIT))
    veterans = load(store).organizations.set_index("organization").loc["Hội Cựu chiến binh phường A"]
    assert (veterans["members"], veterans["party_members"]) == (2104, 1251)


@pytest.mark.parametrize("written", ["1500", "1.500", "1 500", "1\u202f500", 1500, 1500.0])
def test_unambiguous_thousands_are_read(tmp_path, written):
    """``1,500`` is refused (tests/ingest/test_refusals.py); these all mean one thousand five hundred."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Tổ chức", "Loại tổ chức", "Số thành viên"])
    sheet.append(["Hội Người cao tuổi phường A", "Hội khác", written])
    buffer = io.BytesIO()
    book.save(buffer)
    store = tmp_path / "store"
    commit_upload([UploadFile("o.xlsx", buffer.getvalue())], store, settings=Settings.load(store=store, default_unit=UNIT))
    assert load(store).organizations["members"].tolist() == [1500]


def test_names_stored_in_registry_spelling(base_store):
    assert _is_base(VARIANTS["utf-8"]())  # base_store: the UTF-8 files, committed
    store = base_store
    settings = Settings.load(store=store, default_unit=UNIT)
    attendance = ATTENDANCE.replace("Chi bộ khu dân cư số 1", "CHI BỘ  khu dân cư   số 1")
    commit_upload([UploadFile("a.csv", attendance.encode())], store, settings=settings)
    assert "Chi bộ khu dân cư số 1" in set(load(store).attendance["organization"])
    assert "CHI BỘ khu dân cư số 1" not in set(load(store).attendance["organization"])


def test_documents_normalised_and_raw_kept(base_store_ro):
    assert _is_base(VARIANTS["utf-8"]())  # base_store_ro: the UTF-8 files, committed (only read here)
    tables = load(base_store_ro)
    assert tables.conferences.iloc[0]["documents"] == "35-NQ/TW; 85-QĐ/TW"
    assert tables.conferences.iloc[0]["documents_raw"] == "Nghị quyết số 35-NQ/TW; 85-QĐ/TW"
    assert list(tables.conference_documents["raw"]) == ["Nghị quyết số 35-NQ/TW", "85-QĐ/TW"]
    assert tables.conferences.iloc[0]["quarter"] == "2023-Q2"
