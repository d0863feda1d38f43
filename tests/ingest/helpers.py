"""Small upload files built in code, and a byte-for-byte fingerprint of a store."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

from dashboard.ingest import UploadFile

UNIT = "Đảng ủy phường A"
CELL = "Chi bộ khu dân cư số 1"
VETERANS = "Hội Cựu chiến binh phường A"

ORGS = (
    "Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên,Số miễn sinh hoạt\n"
    f"{UNIT},Đảng ủy,,15,15,0\n"
    f"{CELL},Chi bộ,{UNIT},30,30,5\n"
    f"{VETERANS},Hội CCB,,200,120,\n"
)
CONFERENCES = (
    "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản,Tổng số người dự\n"
    f"HN-1,27/4/2023,Hội nghị thông tin thời sự Quý II năm 2023,{UNIT},Thông tin thời sự,Nghị quyết số 35-NQ/TW; 85-QĐ/TW,40\n"
)
ATTENDANCE = (
    "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
    f"HN-1,{CELL},25,25\n"
    f"HN-1,{VETERANS},6,4\n"
)


def another_conference(cid: str) -> str:
    """The conferences file of HN-1 as another conference ``cid``: the same day, its own title.

    Under the same title it would be a probable duplicate of HN-1, written only when confirmed
    (``tests/ingest/test_duplicates.py``).
    """
    return CONFERENCES.replace("HN-1", cid).replace("Quý II năm 2023,", f"Quý II năm 2023 ({cid}),")


def csv_file(name: str, text: str, encoding: str = "utf-8") -> UploadFile:
    return UploadFile(name, text.encode(encoding))


def base_files() -> list[UploadFile]:
    return [csv_file("orgs.csv", ORGS), csv_file("conf.csv", CONFERENCES), csv_file("att.csv", ATTENDANCE)]


def store_copy(template: Path, folder: Path) -> Path:
    """A private copy of the store ``template`` at ``folder / "store"``, free to write to.

    What lets a module build a store once (a module- or session-scoped fixture) and hand each test its own:
    the Delta logs name their files relative to the table, so a copy reads and writes where it lands, and
    ``load`` caches by the store's path (and stamp), so a copy never serves another copy's tables. The copy
    keeps the ledger as it is: its users, times and table id (``Store.stamp`` is the same as the template's
    until one of them writes).
    """
    copy = folder / "store"
    shutil.copytree(template, copy)
    return copy


def store_fingerprint(store: Path) -> str:
    """SHA-256 over every file name and byte in the store (the lock file aside)."""
    digest = hashlib.sha256()
    if not store.exists():
        return "absent"
    for path in sorted(p for p in store.rglob("*") if p.is_file() and p.name != ".lock"):
        digest.update(str(path.relative_to(store)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cp1258_bytes(text: str) -> bytes:
    """Text as Excel's "CSV" on a Vietnamese Windows writes it: base letters precomposed, tones combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")
