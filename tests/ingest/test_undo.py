"""Undo one upload (later uploads kept, conflicts listed, confirmed or refused) and restore a whole version."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.contract.schema import STORED_KEYS, STORED_TABLES
from dashboard.errors import UserError
from dashboard.i18n import t
from dashboard.ingest import commit_upload, plan_restore, plan_undo, restore_store, undo_upload
from dashboard.settings import Settings
from dashboard.store import Store

from tests.ingest.helpers import CELL, ORGS, UNIT, VETERANS, csv_file, store_copy, store_fingerprint

OTHER = "Đảng ủy phường B"
CONFERENCES_AB = (
    "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản,Tổng số người dự\n"
    f"HN-1,27/4/2023,Hội nghị thông tin thời sự Quý II năm 2023,{UNIT},Thông tin thời sự,Nghị quyết số 35-NQ/TW; 85-QĐ/TW,40\n"
    f"HN-2,12/5/2023,Hội nghị học tập Nghị quyết 57,{UNIT},Khác,Nghị quyết số 57-NQ/TW,20\n"
)
ATTENDANCE_AB = (
    "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
    f"HN-1,{CELL},25,25\n"
    f"HN-1,{VETERANS},6,4\n"
    f"HN-2,{CELL},10,10\n"
    f"HN-2,{VETERANS},5,3\n"
)
# A later upload for ward A: HN-1 retitled, its attendance now the cell alone (27).
CONFERENCE_C = CONFERENCES_AB.splitlines()[0] + "\n" + CONFERENCES_AB.splitlines()[1].replace(
    "Quý II năm 2023,", "Quý II năm 2023 (sửa),") + "\n"
ATTENDANCE_C = f"Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\nHN-1,{CELL},27,27\n"


def ward(text: str, unit: str = UNIT) -> str:
    return text.replace("phường A", unit.removeprefix("Đảng ủy "))


def upload(store, user: str, files: dict[str, str], unit: str = UNIT) -> int:
    settings = Settings.load(store=store, default_unit=unit)
    result = commit_upload([csv_file(name, text) for name, text in files.items()], store, user=user, settings=settings)
    assert result.committed
    return result.version


def files_a(unit: str = UNIT) -> dict[str, str]:
    return {"orgs.csv": ward(ORGS, unit), "conf.csv": ward(CONFERENCES_AB, unit), "att.csv": ward(ATTENDANCE_AB, unit)}


def rows(store, version: int, unit: str) -> dict[str, pd.DataFrame]:
    """Every table's rows of ``unit`` at ``version``, sorted by key (comparable with ``assert_frame_equal``)."""
    return {name: store.read_units(name, version, [unit]).sort_values(list(STORED_KEYS[name])).reset_index(drop=True)
            for name in STORED_TABLES}


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in STORED_TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.fixture(scope="module")
def abc_ro(tmp_path_factory):
    """1: ward A's upload (lan); 2: ward B's (minh); 3: ward A again, changing HN-1 (hoa). Shared: never write
    to it, take ``abc``."""
    store = Store(tmp_path_factory.mktemp("abc") / "store")
    assert upload(store, "lan", files_a()) == 1
    assert upload(store, "minh", files_a(OTHER), OTHER) == 2
    assert upload(store, "hoa", {"conf.csv": CONFERENCE_C, "att.csv": ATTENDANCE_C}) == 3
    return store.path


@pytest.fixture
def abc(tmp_path, abc_ro):
    """A private copy of ``abc_ro`` (its ledger as written: users, times)."""
    return Store(store_copy(abc_ro, tmp_path))


def test_undo_preview_lists_reverts_and_conflicts_and_writes_nothing(abc):
    before = store_fingerprint(abc.path)
    plan = plan_undo(abc, 1)
    assert (plan.version, plan.base_version, plan.units) == (1, 3, [UNIT])
    # HN-2 (untouched later) goes with its rows and links; so does the organisation nothing uses any more.
    assert plan.remove["conferences"]["conference_id"].tolist() == ["HN-2"]
    assert sorted(plan.remove["attendance"]["organization"]) == [CELL, VETERANS]
    assert plan.remove["conference_documents"]["document"].tolist() == ["57-NQ/TW"]
    assert plan.remove["organizations"]["organization"].tolist() == [VETERANS]
    assert plan.restore == {}
    conflicts = {(c.table, c.key[1:], c.reason, c.later) for c in plan.conflicts}
    assert conflicts == {
        ("conferences", ("HN-1",), "changed_later", (3,)),
        ("attendance", ("HN-1", CELL), "changed_later", (3,)),
        ("attendance", ("HN-1", VETERANS), "removed_later", (3,)),
        ("conference_documents", ("HN-1", "35-NQ/TW@2018-10-22"), "with_conference", (3,)),
        ("conference_documents", ("HN-1", "85-QĐ/TW@2022-10-07"), "with_conference", (3,)),
        # An organisation's key holds its version's as_of (none here: since the beginning).
        ("organizations", (UNIT, pd.NaT), "still_used", (3,)),
        ("organizations", (CELL, pd.NaT), "still_used", (3,)),
    }
    assert (plan.later[3].user, plan.later[3].action) == ("hoa", "upload")
    assert plan.conferences[["unit", "conference_id"]].values.tolist() == [[UNIT, "HN-1"], [UNIT, "HN-2"]]
    assert plan.conferences["title"].tolist()[1] == "Hội nghị học tập Nghị quyết 57"
    assert all(c.key[0] == UNIT for c in plan.conflicts), "ward B is never touched"
    frame = plan.conflicts_frame("en")
    assert list(frame.columns) == ["Table", "Unit", "Row", "Reason", "Later uploads"]
    assert frame["Later uploads"].str.startswith("#3 · hoa · ").all()
    assert f"HN-2 · {VETERANS}" in plan.rows_frame("vi")["Dòng"].tolist()
    text = plan.describe("vi")
    assert "Xung đột: 7 dòng" in text and "giữ nguyên giá trị hiện tại" in text
    assert store_fingerprint(abc.path) == before


def test_undo_with_conflicts_is_refused_without_confirmation(abc):
    before = store_fingerprint(abc.path)
    with pytest.raises(UserError) as refused:
        undo_upload(abc, 1, user="quan")
    problem = refused.value.problems[0]
    assert problem.code == "undo_conflicts"
    assert "7 row(s)" in problem.message("en") and "#3" in problem.message("en")
    assert "Tôi hiểu" in problem.message("vi")
    assert store_fingerprint(abc.path) == before


def test_confirmed_undo_keeps_later_rows_and_every_other_ward(abc):
    ward_b, ward_a = rows(abc, 3, OTHER), rows(abc, 3, UNIT)
    version = undo_upload(abc, 1, user="quan", confirm_conflicts=True)
    assert version == 4
    assert_same(rows(abc, 4, OTHER), ward_b)  # B kept entirely
    now = rows(abc, 4, UNIT)
    assert now["conferences"][["conference_id", "title"]].values.tolist() == [
        ["HN-1", "Hội nghị thông tin thời sự Quý II năm 2023 (sửa)"]]  # the later upload's value
    assert now["attendance"][["conference_id", "organization", "attendees"]].values.tolist() == [["HN-1", CELL, 27]]
    assert sorted(now["organizations"]["organization"]) == [CELL, UNIT]
    assert now["conference_documents"]["document"].tolist() == ["35-NQ/TW@2018-10-22", "85-QĐ/TW@2022-10-07"]
    entry = abc.ledger()[-1]
    assert (entry.action, entry.target_version, entry.user, entry.units) == ("undo", 1, "quan", [UNIT])
    assert entry.counts["conferences"] == {"added": 0, "changed": 0, "unchanged": 1, "removed": 1}
    assert_same(rows(abc, 3, UNIT), ward_a)  # nothing is rewritten in place: version 3 reads as before


def test_undo_without_later_change_gives_back_exactly_the_version_before(abc):
    upload(abc, "minh", {"att.csv": ward(ATTENDANCE_AB, OTHER).replace(",25,25", ",26,26")}, OTHER)  # 4: ward B again
    plan = plan_undo(abc, 3)
    assert plan.conflicts == [] and plan.units == [UNIT]
    assert plan.restore["conferences"]["title"].tolist() == ["Hội nghị thông tin thời sự Quý II năm 2023"]
    version = undo_upload(abc, 3, user="quan")
    assert_same(rows(abc, version, UNIT), rows(abc, 2, UNIT))
    assert_same(rows(abc, version, OTHER), rows(abc, 4, OTHER))


def test_undoing_an_undo_redoes_it(abc):
    undo_upload(abc, 3, user="quan")  # 4
    again = undo_upload(abc, 4, user="quan")  # 5: upload 3's rows are back
    assert_same(rows(abc, again, UNIT), rows(abc, 3, UNIT))
    with pytest.raises(UserError) as refused:
        plan_undo(abc, 4)
    assert (refused.value.problems[0].code, refused.value.problems[0].params["by"]) == ("already_undone", 5)
    assert plan_undo(abc, 3).conflicts == []  # undone, then redone: it may be undone again


def test_undo_refuses_a_stale_preview(abc):
    plan = plan_undo(abc, 2)
    upload(abc, "minh", {"att.csv": ward(ATTENDANCE_AB, OTHER).replace(",25,25", ",26,26")}, OTHER)
    before = store_fingerprint(abc.path)
    with pytest.raises(UserError) as refused:
        undo_upload(abc, 2, user="quan", base_version=plan.base_version)
    assert refused.value.problems[0].code == "store_changed"
    assert store_fingerprint(abc.path) == before


def test_restore_preview_lists_exactly_the_discarded_uploads(abc):
    before = store_fingerprint(abc.path)
    plan = plan_restore(abc, 1)
    assert [(e.version, e.user, e.action, e.units) for e in plan.discarded] == [
        (3, "hoa", "upload", [UNIT]), (2, "minh", "upload", [OTHER])]
    assert plan.reinstated == [] and plan.units == [UNIT, OTHER]
    assert plan.summary["conferences"] == {"added": 0, "changed": 1, "unchanged": 0, "removed": 2}
    assert plan.summary["attendance"] == {"added": 1, "changed": 1, "unchanged": 0, "removed": 4}
    assert list(plan.entries_frame(plan.discarded, "en").columns) == [
        "Version", t("col_at", "en"), "By", "Action", "Unit"]
    assert "hoa" in plan.describe("vi") and "minh" in plan.describe("en")
    assert store_fingerprint(abc.path) == before


@pytest.mark.parametrize("typed", [None, "", "2", "một", " 0"])
def test_restore_needs_the_version_typed(abc, typed):
    before = store_fingerprint(abc.path)
    with pytest.raises(UserError) as refused:
        restore_store(abc, 1, user="quan", confirm=typed)
    assert refused.value.problems[0].code == "restore_not_confirmed"
    assert store_fingerprint(abc.path) == before


def test_restore_confirmed_brings_back_the_version_and_is_ledgered(abc):
    version = restore_store(abc, 1, user="quan", confirm=" 1 ")
    assert version == 4
    for unit in (UNIT, OTHER):
        assert_same(rows(abc, 4, unit), rows(abc, 1, unit))
    entry = abc.ledger()[-1]
    assert (entry.action, entry.target_version, entry.user, entry.units) == ("rollback", 1, "quan", [UNIT, OTHER])
    assert entry.counts["conferences"]["removed"] == 2
    # Restoring past the restore brings the discarded uploads back, and says so.
    plan = plan_restore(abc, 3)
    assert [e.version for e in plan.reinstated] == [3, 2] and plan.discarded == []
    # An upload a restore discarded has nothing left to undo.
    with pytest.raises(UserError) as refused:
        plan_undo(abc, 2)
    assert (refused.value.problems[0].code, refused.value.problems[0].params["by"]) == ("version_discarded", 4)


def test_old_ledgers_stay_readable(abc):
    # Entries written before undo existed (no target, action upload/rollback) plan as before.
    old = Store(abc.path).rollback(2, user="admin")  # the engine, as the old rollback wrote it
    assert abc.ledger()[-1].units == [OTHER] and old == 4
    assert [e.version for e in plan_restore(abc, 3).reinstated] == [3]
