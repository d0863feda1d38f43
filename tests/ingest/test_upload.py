"""Preview, upsert, idempotence, undo and the ledger."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.errors import UserError
from dashboard.ingest import commit_upload, prepare_upload, rollback
from dashboard.settings import Settings
from dashboard.store import Store, load

from tests.ingest.helpers import (ATTENDANCE, CELL, CONFERENCES, UNIT, VETERANS, another_conference, base_files, csv_file,
                                  store_fingerprint)


@pytest.fixture
def settings(tmp_path):
    return Settings.load(store=tmp_path / "store", default_unit=UNIT)


def test_preview_writes_nothing_and_counts(settings):
    plan = prepare_upload(base_files(), settings=settings)
    assert plan.ok
    assert plan.summary["conferences"] == {"added": 1, "changed": 0, "unchanged": 0, "removed": 0}
    assert plan.summary["attendance"]["added"] == 2
    assert plan.summary["organizations"]["added"] == 3
    assert plan.summary["conference_documents"]["added"] == 2
    assert store_fingerprint(settings.store) == "absent"
    assert list(plan.summary_frame("en").columns) == ["Table", "Added", "Changed", "Unchanged", "Removed"]


def test_same_files_again_change_nothing(based):
    first = Store(based.store).ledger()[0]  # base_files(), committed as version 1 (base_store_ro)
    before = store_fingerprint(based.store)
    again = commit_upload(base_files(), settings=based)
    assert (first.version, again.version, again.committed) == (1, 1, False)
    assert again.plan.summary["attendance"] == {"added": 0, "changed": 0, "unchanged": 2, "removed": 0}
    assert store_fingerprint(based.store) == before
    assert len(Store(based.store).ledger()) == 1


def test_upsert_replaces_conference_and_its_attendance(based):
    changed = CONFERENCES.replace("Quý II năm 2023,", "Quý II năm 2023 (sửa),")
    only_cell = "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n" f"HN-1,{CELL},27,27\n"
    result = commit_upload([csv_file("conf.csv", changed), csv_file("att.csv", only_cell)], settings=based)
    assert result.plan.summary["conferences"] == {"added": 0, "changed": 1, "unchanged": 0, "removed": 0}
    assert result.plan.summary["attendance"] == {"added": 0, "changed": 1, "unchanged": 0, "removed": 1}
    tables = load(based.store)
    assert tables.conferences["title"].tolist() == ["Hội nghị thông tin thời sự Quý II năm 2023 (sửa)"]
    assert tables.attendance[["organization", "attendees"]].values.tolist() == [[CELL, 27]]


def test_conference_reuploaded_without_attendance_keeps_rows(based):
    commit_upload([csv_file("conf.csv", CONFERENCES.replace(",40\n", ",45\n"))], settings=based)
    tables = load(based.store)
    assert len(tables.attendance) == 2
    assert tables.conferences["attendees_total"].tolist() == [45]


def test_units_are_kept_apart(based):
    other = Settings.load(store=based.store, default_unit="Đảng ủy phường B")
    files = [csv_file(f.name, f.content.decode().replace("phường A", "phường B")) for f in base_files()]
    commit_upload(files, settings=other)
    tables = load(based.store)
    assert sorted(tables.units) == ["Đảng ủy phường A", "Đảng ủy phường B"]
    assert tables.conferences.groupby("unit").size().tolist() == [1, 1]
    assert len(tables.attendance) == 4


def test_permissions_limit_units(settings):
    plan = prepare_upload(base_files(), settings=settings, allowed_units=["Đảng ủy phường B"])
    assert {p.code for p in plan.problems} == {"unit_not_allowed"}
    assert prepare_upload(base_files(), settings=settings, allowed_units=["Đảng uỷ phường A"]).ok


@pytest.mark.parametrize("written, stored", [("chiều", "chieu"), ("Chiều", "chieu"), ("chieu", "chieu"),
                                              ("Buổi sáng", "sang"), ("SANG", "sang"), ("tối", "toi"), ("toi", "toi"),
                                              ("Morning", "sang"), ("afternoon", "chieu"), ("evening", "toi"), ("", None)])
def test_session_column(settings, written, stored):
    text = ("Mã hội nghị,Ngày,Buổi,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
            f"HN-9,27/4/2023,{written},Hội nghị thông tin thời sự,{UNIT},Thông tin thời sự\n")
    commit_upload([csv_file("orgs.csv", base_files()[0].content.decode()), csv_file("c.csv", text)], settings=settings)
    session = load(settings.store).conferences["session"].iloc[0]
    assert session == stored if stored else session is None or pd.isna(session)


def test_rollback_is_a_new_version_and_ledgered(settings):
    commit_upload(base_files(), settings=settings, user="lan")
    commit_upload([csv_file("conf.csv", another_conference("HN-2"))], settings=settings, user="minh")
    assert len(load(settings.store).conferences) == 2
    version = rollback(settings.store, 1, user="admin")
    assert version == 3
    assert load(settings.store).conferences["conference_id"].tolist() == ["HN-1"]
    assert len(load(settings.store, version=2).conferences) == 2  # nothing is deleted
    undo_all = rollback(settings.store, 0, user="admin")
    assert load(settings.store).conferences.empty and undo_all == 4
    ledger = Store(settings.store).ledger()
    assert [(e.version, e.user, e.action, e.target_version) for e in ledger] == [
        (1, "lan", "upload", None), (2, "minh", "upload", None), (3, "admin", "rollback", 1), (4, "admin", "rollback", 0)]


def test_ledger_records_files_hashes_and_counts(base_store):
    files = base_files()  # what base_store_ro committed
    entry = Store(base_store).ledger()[0]
    assert entry.units == [UNIT]
    assert [(f["name"], f["sha256"]) for f in entry.files] == [(f.name, f.sha256) for f in files]
    assert entry.counts["attendance"]["added"] == 2
    assert set(entry.table_versions) == {"conferences", "attendance", "organizations", "conference_documents",
                                         "unit_history", "catalogue"}
    assert entry.at.endswith("+00:00")


def test_rollback_to_unknown_version(based):
    with pytest.raises(UserError) as refused:
        rollback(based.store, 7)
    assert refused.value.problems[0].code == "unknown_version"


def test_busy_store_says_try_again(based):
    before = store_fingerprint(based.store)
    store = Store(based.store, lock_timeout=0.1)
    with store.lock():
        with pytest.raises(UserError) as refused:
            commit_upload([csv_file("conf.csv", another_conference("HN-2"))], store, settings=based)
    assert refused.value.problems[0].code == "store_busy"
    assert "thử lại" in refused.value.problems[0].message("vi")
    assert store_fingerprint(based.store) == before


def test_stale_plan_is_refused(based):
    store = Store(based.store)
    plan = prepare_upload([csv_file("conf.csv", another_conference("HN-2"))], store, settings=based)
    commit_upload([csv_file("conf.csv", another_conference("HN-3"))], store, settings=based)
    with pytest.raises(UserError) as refused:
        store.commit(plan.changes, user="", action="upload", units=plan.units, files=[], counts={},
                     base_version=plan.base_version)
    assert refused.value.problems[0].code == "store_changed"
    assert VETERANS and ATTENDANCE
