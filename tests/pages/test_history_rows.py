"""The history grid speaks the interface's language and Viet Nam time (issue 15: UTC shown as is, English words)."""

import importlib
from types import SimpleNamespace

import pytest

from dashboard.i18n import fmt_moment


@pytest.fixture(scope="module")
def ledger_rows(tmp_path_factory):
    from dashboard.app import create_app
    from dashboard.settings import Settings

    create_app(Settings(store=tmp_path_factory.mktemp("store") / "store", samples=None))  # pages register with an app
    return importlib.import_module("dashboard.pages.history").ledger_rows


def _store(*entries):
    return SimpleNamespace(ledger=lambda: list(entries))


UPLOAD = SimpleNamespace(version=3, at="2023-06-30T17:30:05+00:00", user="lan", action="upload", target_version=None,
                         units=["Đảng ủy phường Thanh Khê Tây"], files=[{"name": "quy2.xlsx"}],
                         counts={"conferences": {"added": 3, "changed": 0, "removed": 0},
                                 "attendance": {"added": 40, "changed": 2, "removed": 1},
                                 "organizations": {"added": 0, "changed": 0, "removed": 0}})
ROLLBACK = SimpleNamespace(version=4, at="2023-07-01T01:00:00+00:00", user="admin", action="rollback", target_version=2,
                           units=[], files=[], counts={})


def test_rows_in_vietnamese_with_viet_nam_time(ledger_rows):
    newest, upload = ledger_rows(_store(UPLOAD, ROLLBACK), "vi")
    # 17:30 UTC on 30/6 is 00:30 on 1/7 in Viet Nam.
    assert upload["Thời điểm (giờ Việt Nam)"] == "01/07/2023 00:30"
    assert "tải lên" in upload.values() and "khôi phục toàn bộ → 2" in newest.values()
    changes = [v for v in upload.values() if isinstance(v, str) and "Hội nghị" in v][0]
    assert changes == "Hội nghị: thêm 3, sửa 0, xóa 0; Thành phần dự: thêm 40, sửa 2, xóa 1"
    assert "upload" not in " ".join(str(v) for v in upload.values())


def test_rows_in_english(ledger_rows):
    _, upload = ledger_rows(_store(UPLOAD, ROLLBACK), "en")
    assert upload["When (Viet Nam time, UTC+7)"] == "01/07/2023 00:30"
    assert "upload" in upload.values()
    assert "Conferences: added 3, changed 0, removed 0; Attendance: added 40, changed 2, removed 1" in upload.values()


def test_moments_without_zone_are_utc_and_missing_is_blank():
    assert fmt_moment("2024-12-31T20:00:00") == "01/01/2025 03:00"
    assert fmt_moment(None) == "" and fmt_moment(float("nan")) == ""


def test_the_undo_preview_names_the_entry_in_viet_nam_time():
    from dashboard.ingest.undo import entry_label

    assert entry_label(UPLOAD, "vi") == "#3 · lan · 01/07/2023 00:30 (tải lên)"
    assert entry_label(UPLOAD, "en") == "#3 · lan · 01/07/2023 00:30 (upload)"
