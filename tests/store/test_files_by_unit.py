"""The store writes rows sorted by unit in small files, so a ward's upload touches the files of that ward only."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from deltalake import DeltaTable

from dashboard.ingest import UploadFile, commit_upload
from dashboard.settings import Settings
from dashboard.store import delta


def test_rows_are_sorted_by_unit_stably():
    rng = random.Random(7)
    units = [rng.choice(["Đảng ủy phường B", "Đảng ủy phường A", "Đảng ủy xã Ả", "Chi bộ"]) for _ in range(500)]
    table = pa.Table.from_batches(pa.table({"unit": units, "row": list(range(500))}).to_batches(max_chunksize=97))
    assert delta._sorted_by_unit(table).equals(table.sort_by([("unit", "ascending")]))


def test_a_wards_upload_rewrites_only_the_files_holding_that_ward(tmp_path, monkeypatch):
    monkeypatch.setattr(delta, "TARGET_FILE_BYTES", 4096)  # a file per batch: a few wards a file
    wards = [f"Đảng ủy phường P{n:02d}" for n in range(40)]
    lines = [f"{w},HN-{c},{c % 28 + 1:02d}/{c % 12 + 1:02d}/2024,Hội nghị số {c} của {w},{w},Khác,{c}\n"
             for w in wards for c in range(1, 131)]  # the writer cuts files between batches of ≈ 1.000 rows
    random.Random(3).shuffle(lines)  # as a merged workbook may list them: the store sorts them
    conferences = "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Tổng số người dự\n" + "".join(lines)
    store = tmp_path / "store"
    settings = Settings.load(store=store)
    registry = "Đơn vị,Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên\n" + "".join(
        f"{w},{w},Đảng ủy,,15,15\n" for w in wards)
    commit_upload([UploadFile("orgs.csv", registry.encode()), UploadFile("conf.csv", conferences.encode())], store,
                  settings=settings)
    table = DeltaTable(str(store / "conferences"))
    files = pa.table(table.get_add_actions(flatten=True)).to_pylist()
    assert len(files) > 3
    ranges = sorted((f["min.unit"], f["max.unit"]) for f in files)
    # Each file its own range of units (a ward may span the boundary of two files).
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:])), ranges
    before = {f["path"] for f in files}
    ward = wards[17]
    again = "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Tổng số người dự\n" + \
        f"{ward},HN-1,02/02/2024,Hội nghị số 1 (sửa),{ward},Khác,1\n"
    commit_upload([UploadFile("one.csv", again.encode())], store, settings=settings)
    after = {f["path"] for f in pa.table(DeltaTable(str(store / "conferences")).get_add_actions(flatten=True)).to_pylist()}
    rewritten = before - after
    assert 1 <= len(rewritten) <= 2 < len(before)  # the files that held the ward; every other file stays


@pytest.mark.parametrize("rows", [0, 1])
def test_tiny_tables_are_left_as_they_are(rows):
    table = pa.table({"unit": ["a"] * rows})
    assert delta._sorted_by_unit(table).equals(table)
