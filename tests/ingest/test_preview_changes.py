"""The upload preview lists the conferences it adds, changes and removes (``UploadPlan.conference_changes``).

Each listed conference has its date, title, unit and totals (stated total,
attendees counted over its attendance rows, Party members); a changed one has
its values before, and names what changes. A conference the upload leaves as
it is is not listed. The files are built here (not shared with other ingest
tests) so that each expectation can be read next to its data.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.ingest import UploadFile, UploadPlan, commit_upload, prepare_upload
from dashboard.ingest.upload import (
    CONFERENCE_CHANGE_COLUMNS, conference_change_counts, conference_change_records, conference_changes_frame,
    conference_changes_lines,
)
from dashboard.settings import Settings
from dashboard.store import load

A = "Đảng ủy phường An Hải"
B = "Đảng ủy phường Bình Hiên"
CELL = "Chi bộ khu dân cư số 1"
VETERANS = "Hội Cựu chiến binh"

ORGS = (
    "Đơn vị,Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên\n"
    + "".join(f"{u},{u},Đảng ủy,,15,15\n{u},{CELL},Chi bộ,{u},30,30\n{u},{VETERANS},Hội CCB,,200,120\n" for u in (A, B))
)
CONF_HEADER = "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản,Tổng số người dự\n"
ATT_HEADER = "Đơn vị,Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"


def conference(unit: str, cid: str, day: str, title: str, total: int | str = "", documents: str = "") -> str:
    return f"{unit},{cid},{day},{title},{unit},Thông tin thời sự,{documents},{total}\n"


def attendance(unit: str, cid: str, cell: int, veterans: int, cell_pm: int | str = "", veterans_pm: int | str = "") -> str:
    return f"{unit},{cid},{CELL},{cell},{cell_pm}\n{unit},{cid},{VETERANS},{veterans},{veterans_pm}\n"


def files(conferences: str = "", attendances: str = "", orgs: bool = False) -> list[UploadFile]:
    out = [UploadFile("orgs.csv", ORGS.encode())] if orgs else []
    if conferences:
        out.append(UploadFile("conf.csv", (CONF_HEADER + conferences).encode()))
    if attendances:
        out.append(UploadFile("att.csv", (ATT_HEADER + attendances).encode()))
    return out


BASE_CONFERENCES = (conference(A, "HN-1", "27/4/2023", "Thông tin thời sự Quý II", 40, "Nghị quyết số 35-NQ/TW")
                    + conference(A, "HN-2", "15/5/2023", "Học tập chuyên đề năm 2023", 60))
BASE_ATTENDANCE = attendance(A, "HN-1", 25, 6, 25, 4) + attendance(A, "HN-2", 30, 20, 30, 10)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """A store holding unit A's two conferences (HN-1: 40 stated, 31 counted, 29 Party members)."""
    settings = Settings.load(store=tmp_path / "store", default_unit=A)
    commit_upload(files(BASE_CONFERENCES, BASE_ATTENDANCE, orgs=True), settings=settings)
    return settings


def plan_of(settings: Settings, *uploads: UploadFile) -> UploadPlan:
    plan = prepare_upload(list(uploads), settings.store, settings=settings)
    assert plan.ok, [p.line("en") for p in plan.problems]
    return plan


def by_id(changes: pd.DataFrame) -> dict[str, dict]:
    return {row["conference_id"]: row for row in changes.to_dict("records")}


def test_a_first_upload_lists_every_conference_as_added_with_its_totals(tmp_path):
    settings = Settings.load(store=tmp_path / "store", default_unit=A)
    changes = plan_of(settings, *files(BASE_CONFERENCES, BASE_ATTENDANCE, orgs=True)).conference_changes()
    assert list(changes.columns) == list(CONFERENCE_CHANGE_COLUMNS)
    assert list(changes["change"]) == ["added", "added"] and list(changes["conference_id"]) == ["HN-1", "HN-2"]
    first = by_id(changes)["HN-1"]
    assert (first["unit"], first["title"], pd.Timestamp(first["date"])) == (
        A, "Thông tin thời sự Quý II", pd.Timestamp("2023-04-27"))
    assert (first["attendees_total"], first["attendees"], first["party_members"]) == (40, 31, 29)
    assert all(pd.isna(first[c]) for c in ("date_before", "title_before", "attendees_total_before",
                                            "attendees_before", "party_members_before"))
    assert first["fields"] == ()
    assert conference_change_counts(changes) == {"added": 2, "changed": 0, "removed": 0}


def test_the_same_files_again_list_nothing(settings):
    plan = plan_of(settings, *files(BASE_CONFERENCES, BASE_ATTENDANCE, orgs=True))
    assert plan.is_noop and plan.conference_changes().empty
    assert list(plan.conference_changes().columns) == list(CONFERENCE_CHANGE_COLUMNS)


def test_only_what_changes_is_listed_and_unchanged_conferences_are_not(settings):
    """HN-1 uploaded again as it is, HN-2 not uploaded, HN-3 new: only HN-3 is listed."""
    upload = files(conference(A, "HN-1", "27/4/2023", "Thông tin thời sự Quý II", 40, "Nghị quyết số 35-NQ/TW")
                   + conference(A, "HN-3", "2/6/2023", "Hội nghị báo cáo viên tháng 6", 1500),
                   attendance(A, "HN-1", 25, 6, 25, 4))
    changes = plan_of(settings, *upload).conference_changes()
    assert changes[["change", "conference_id"]].values.tolist() == [["added", "HN-3"]]
    added = by_id(changes)["HN-3"]
    assert added["attendees_total"] == 1500 and pd.isna(added["attendees"]) and pd.isna(added["party_members"])


def test_a_changed_conference_has_its_totals_old_and_new(settings):
    """The stated total 40 → 45; the cell's row 25 → 27 (Party members 25 → 26): counted 31 → 33, Party members 29 → 30."""
    upload = files(conference(A, "HN-1", "27/4/2023", "Thông tin thời sự Quý II", 45, "Nghị quyết số 35-NQ/TW"),
                   attendance(A, "HN-1", 27, 6, 26, 4))
    changes = plan_of(settings, *upload).conference_changes()
    assert list(changes["conference_id"]) == ["HN-1"]
    row = by_id(changes)["HN-1"]
    assert row["change"] == "changed"
    assert (row["attendees_total_before"], row["attendees_total"]) == (40, 45)
    assert (row["attendees_before"], row["attendees"]) == (31, 33)
    assert (row["party_members_before"], row["party_members"]) == (29, 30)
    assert row["fields"] == ("attendees_total", "attendance")
    assert row["title_before"] == row["title"] and pd.Timestamp(row["date_before"]) == pd.Timestamp(row["date"])


def test_attendance_alone_changes_its_conference(settings):
    """An attendance file without its conference: the conference's stored date and title, its counts old → new."""
    changes = plan_of(settings, *files(attendances=attendance(A, "HN-2", 30, 25, 30, 10))).conference_changes()
    row = by_id(changes)["HN-2"]
    assert list(changes["conference_id"]) == ["HN-2"] and row["change"] == "changed"
    assert row["title"] == "Học tập chuyên đề năm 2023" and pd.Timestamp(row["date"]) == pd.Timestamp("2023-05-15")
    assert (row["attendees_before"], row["attendees"]) == (50, 55)
    assert (row["attendees_total_before"], row["attendees_total"]) == (60, 60)
    assert row["fields"] == ("attendance",)


def test_an_organisation_swapped_for_the_same_count_is_still_a_change(settings):
    """Same totals, another organisation: the attendance changed, so the conference is listed."""
    swapped = f"{A},HN-2,{CELL},20,10\n{A},HN-2,{VETERANS},30,30\n"  # the two rows' counts exchanged
    row = by_id(plan_of(settings, *files(attendances=swapped)).conference_changes())["HN-2"]
    assert (row["attendees_before"], row["attendees"]) == (50, 50) and row["fields"] == ("attendance",)


def test_a_new_title_date_or_document_is_named(settings):
    upload = files(conference(A, "HN-1", "28/4/2023", "Thông tin thời sự Quý II năm 2023", 40,
                              "Nghị quyết số 35-NQ/TW; 85-QĐ/TW"))
    row = by_id(plan_of(settings, *upload).conference_changes())["HN-1"]
    assert row["fields"] == ("date", "title", "documents")
    assert row["title_before"] == "Thông tin thời sự Quý II" and row["title"] == "Thông tin thời sự Quý II năm 2023"
    assert pd.Timestamp(row["date_before"]) == pd.Timestamp("2023-04-27")
    assert pd.Timestamp(row["date"]) == pd.Timestamp("2023-04-28")


def test_several_units_in_one_upload(settings):
    """Unit B's first conferences are added; unit A's changed one is listed, its unchanged one is not."""
    upload = files(conference(B, "HN-1", "3/5/2023", "Thông tin thời sự Quý II", 80)
                   + conference(A, "HN-1", "27/4/2023", "Thông tin thời sự Quý II", 41, "Nghị quyết số 35-NQ/TW")
                   + conference(A, "HN-2", "15/5/2023", "Học tập chuyên đề năm 2023", 60),
                   attendance(B, "HN-1", 40, 35, 40, 20))
    changes = plan_of(settings, *upload).conference_changes()
    assert changes[["change", "unit", "conference_id"]].values.tolist() == [["changed", A, "HN-1"],
                                                                           ["added", B, "HN-1"]]
    b = changes[changes["unit"] == B].iloc[0]
    assert (b["attendees_total"], b["attendees"], b["party_members"]) == (80, 75, 60)
    a = changes[changes["unit"] == A].iloc[0]
    assert (a["attendees_total_before"], a["attendees_total"], a["attendees"]) == (40, 41, 31)
    assert conference_change_counts(changes) == {"added": 1, "changed": 1, "removed": 0}


def test_a_removed_conference_is_listed_as_it_was_first(settings):
    """No upload removes a conference today, but a plan that does lists it first, with its stored totals."""
    stored = load(settings.store)
    kept = {name: (lambda f: f[f["conference_id"] != "HN-2"].reset_index(drop=True))(getattr(stored, name))
            for name in ("conferences", "attendance", "conference_documents")}
    kept["conferences"] = kept["conferences"].assign(
        attendees_total=kept["conferences"]["attendees_total"].where(kept["conferences"]["conference_id"] != "HN-1", 42))
    plan = UploadPlan(stored.version, [], [], units=[A],
                      changes={name: ([A], frame) for name, frame in kept.items()},
                      before={name: getattr(stored, name) for name in kept})
    changes = plan.conference_changes()
    assert changes[["change", "conference_id"]].values.tolist() == [["removed", "HN-2"], ["changed", "HN-1"]]
    removed = by_id(changes)["HN-2"]
    assert removed["title"] == "Học tập chuyên đề năm 2023" and pd.Timestamp(removed["date"]) == pd.Timestamp("2023-05-15")
    assert (removed["attendees_total"], removed["attendees"], removed["party_members"]) == (60, 50, 40)
    assert removed["fields"] == ()
    assert by_id(changes)["HN-1"]["fields"] == ("attendees_total",)


def test_a_plan_without_changes_lists_nothing():
    assert UploadPlan(0, [], []).conference_changes().empty


# --- shown: localised, and through a job's JSON ---------------------------------------------------------------

@pytest.fixture
def changed_and_added(settings) -> pd.DataFrame:
    upload = files(conference(A, "HN-1", "27/4/2023", "Thông tin thời sự Quý II", 1234, "Nghị quyết số 35-NQ/TW")
                   + conference(A, "HN-9", "2/6/2023", "Hội nghị báo cáo viên tháng 6", 2500))
    return plan_of(settings, *upload).conference_changes()


def test_the_frame_shown_is_localised(changed_and_added):
    vi = conference_changes_frame(changed_and_added, "vi")
    assert list(vi.columns) == ["Thay đổi", "Ngày", "Mã hội nghị", "Tên hội nghị", "Đơn vị",
                                "Tổng số người dự (ghi trong tệp)", "Số người dự (cộng thành phần dự)",
                                "Số đảng viên dự", "Nội dung thay đổi"]
    assert vi.values.tolist() == [
        ["sửa", "27/04/2023", "HN-1", "Thông tin thời sự Quý II", A, "40 → 1.234", "31", "29", "tổng số người dự"],
        ["thêm mới", "02/06/2023", "HN-9", "Hội nghị báo cáo viên tháng 6", A, "2.500", "", "", ""],
    ]
    en = conference_changes_frame(changed_and_added, "en")
    assert list(en.columns)[:2] == ["Change", "Date"] and "Stated total" in en.columns
    assert en.values.tolist()[0][0] == "changed" and en.values.tolist()[0][5] == "40 → 1,234"
    assert en.values.tolist()[0][-1] == "stated total" and en.values.tolist()[1][5] == "2,500"


def test_the_records_survive_json_and_show_the_same(changed_and_added):
    records = json.loads(json.dumps(conference_change_records(changed_and_added)))
    assert records[0]["date"] == "2023-04-27" and records[0]["fields"] == ["attendees_total"]
    assert records[1]["attendees"] is None
    for lang in ("vi", "en"):
        assert conference_changes_frame(records, lang).equals(conference_changes_frame(changed_and_added, lang))
    assert len(conference_change_records(changed_and_added, limit=1)) == 1


def test_a_value_left_blank_reads_as_a_dash(settings):
    """HN-2's stated total (60) left blank in the new file: shown as '60 → —', never as an empty cell."""
    upload = files(conference(A, "HN-2", "15/5/2023", "Học tập chuyên đề năm 2023", ""))
    row = conference_changes_frame(plan_of(settings, *upload).conference_changes(), "vi").iloc[0]
    assert row["Tổng số người dự (ghi trong tệp)"] == "60 → —"


def test_the_text_lines_count_all_and_show_the_first(changed_and_added):
    """What the command line's dry run can print: the counts, the first rows, how many more."""
    lines = conference_changes_lines(changed_and_added, "vi", limit=1)
    assert lines[0] == "Các hội nghị sẽ thay đổi: thêm 1, sửa 1, xóa 0."
    assert "40 → 1.234" in lines[1] and "HN-9" not in lines[1]
    assert lines[2] == "… và 1 hội nghị khác"
    english = conference_changes_lines(changed_and_added, "en")
    assert len(english) == 2 and "HN-9" in english[1] and "2,500" in english[1]
    assert conference_changes_lines(changed_and_added.iloc[0:0], "vi") == []
