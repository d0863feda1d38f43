"""Registry versions (as_of), retirements and renames, and the units file: what an upload stores and refuses."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.errors import UserError
from dashboard.ingest import commit_upload, prepare_upload
from dashboard.store import load
from dashboard.transforms.registry import registry_at
from tests.ingest.helpers import CELL, UNIT, csv_file

ORGS_2018 = ("Tổ chức,Loại tổ chức,Số đảng viên,Số miễn sinh hoạt,Tính đến ngày\n"
             f"{UNIT},Đảng ủy,15,0,01/01/2018\n{CELL},Chi bộ,35,5,01/01/2018\nChi bộ 2,Chi bộ,33,0,01/01/2018\n")
ORGS_2024 = ("Tổ chức,Loại tổ chức,Số đảng viên,Số miễn sinh hoạt,Tính đến ngày\n"
             f"{UNIT},Đảng ủy,17,0,01/01/2024\n{CELL},Chi bộ,40,4,01/01/2024\nChi bộ 2,Chi bộ,34,0,01/01/2024\n"
             "Chi bộ 3,Chi bộ,28,0,01/01/2024\n")
STUDY_2018 = ("Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản\n"
              f"K1,15/11/2018,Hội nghị học tập Nghị quyết 35,{UNIT},Học tập quán triệt,Nghị quyết số 35-NQ/TW\n")
ATT_2018 = f"Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\nK1,{CELL},28,28\nK1,Chi bộ 2,23,23\n"


def expected_on(store, day: str) -> int:
    cells = registry_at(load(store).organizations, day)
    cells = cells[cells["org_type"] == "chi_bo"]
    return int((cells["party_members"] - cells["exempt_members"].fillna(0)).sum())


def test_a_newer_registry_adds_a_version_and_keeps_the_past(settings):
    commit_upload([csv_file("o.csv", ORGS_2018), csv_file("c.csv", STUDY_2018), csv_file("a.csv", ATT_2018)],
                  settings=settings)
    assert expected_on(settings.store, "2018-11-15") == 63
    result = commit_upload([csv_file("o2024.csv", ORGS_2024)], settings=settings)
    assert result.plan.summary["organizations"] == {"added": 4, "changed": 0, "unchanged": 0, "removed": 0}
    orgs = load(settings.store).organizations
    assert len(orgs) == 7 and sorted(orgs.loc[orgs["organization"] == CELL, "party_members"]) == [35, 40]
    # The 2018 conference still reads the 2018 registry: 30 + 33 = 63 (81,0 % for 51 studied); 2024 on: 98.
    assert expected_on(settings.store, "2018-11-15") == 63 and expected_on(settings.store, "2024-06-01") == 98
    # The same 2018 file again changes nothing; a corrected 2018 row replaces only the 2018 version.
    assert commit_upload([csv_file("o.csv", ORGS_2018)], settings=settings).committed is False
    fixed = ORGS_2018.replace(f"{CELL},Chi bộ,35,5", f"{CELL},Chi bộ,36,5")
    plan = prepare_upload([csv_file("o.csv", fixed)], settings=settings)
    assert plan.summary["organizations"] == {"added": 0, "changed": 1, "unchanged": 2, "removed": 0}


def test_a_registry_without_a_date_holds_since_the_beginning(based):
    assert load(based.store).organizations["as_of"].isna().all()
    commit_upload([csv_file("o.csv", f"Tổ chức,Loại tổ chức,Số đảng viên,Tính đến ngày\n{CELL},Chi bộ,31,01/01/2025\n")],
                  settings=based)
    cell = lambda day: registry_at(load(based.store).organizations, day).set_index("organization").loc[CELL]
    assert cell("2001-01-01")["party_members"] == 30 and cell("2025-02-01")["party_members"] == 31


def test_the_same_organisation_twice_on_one_date_is_refused(settings):
    twice = ORGS_2018 + f"{CELL},Chi bộ,36,5,01/01/2018\n"
    plan = prepare_upload([csv_file("o.csv", twice)], settings=settings)
    assert [(p.code, p.row, p.column, p.value) for p in plan.problems] == [("duplicate_key", 5, "Tổ chức", CELL)]
    assert prepare_upload([csv_file("o.csv", ORGS_2018 + f"{CELL},Chi bộ,36,5,01/06/2018\n")], settings=settings).ok


def test_retired_and_renamed_organisations(settings):
    orgs = ("Tổ chức,Loại tổ chức,Số đảng viên,Tính đến ngày,Ngừng hoạt động từ ngày,Đổi tên thành,Ngày đổi tên\n"
            f"{UNIT},Đảng ủy,15,01/01/2020,,,\n{CELL},Chi bộ,30,01/01/2020,,Chi bộ khu phố 1,01/01/2024\n"
            "Chi bộ 2,Chi bộ,20,01/01/2020,01/03/2023,,\n")
    conf = ("Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
            f"HN-9,10/5/2024,Thông tin thời sự quý II,{UNIT},Thông tin thời sự\n")
    # After the rename the cell attends under its new name, not registered as a row of its own.
    att = "Mã hội nghị,Tổ chức,Số người dự\nHN-9,Chi bộ khu phố 1,25\n"
    commit_upload([csv_file("o.csv", orgs), csv_file("c.csv", conf), csv_file("a.csv", att)], settings=settings)
    stored = load(settings.store).organizations.set_index("organization")
    assert stored.loc[CELL, "renamed_to"] == "Chi bộ khu phố 1"
    assert stored.loc["Chi bộ 2", "retired_from"] == pd.Timestamp("2023-03-01")
    in_force = registry_at(load(settings.store).organizations, "2024-05-10").set_index("organization")
    assert sorted(in_force.index) == ["Chi bộ khu phố 1", UNIT]
    assert in_force.loc["Chi bộ khu phố 1", ["party_members", "renamed_from"]].tolist() == [30, CELL]


@pytest.mark.parametrize("name, day, code, column", [
    ("Chi bộ mới", "", "rename_without_date", "Đổi tên thành"), ("", "01/01/2024", "rename_without_name", "Ngày đổi tên"),
])
def test_a_rename_needs_its_name_and_day(settings, name, day, code, column):
    orgs = f"Tổ chức,Loại tổ chức,Đổi tên thành,Ngày đổi tên\n{CELL},Chi bộ,{name},{day}\n"
    plan = prepare_upload([csv_file("o.csv", orgs)], settings=settings)
    assert [(p.code, p.row, p.column, p.value) for p in plan.problems] == [(code, 2, column, name or "01/01/2024")]
    assert "Ngày đổi tên" in plan.problems[0].message("vi")


UNITS = ("Đơn vị,Trực thuộc,Từ ngày,Đến ngày,Sáp nhập vào\n"
         "Đảng ủy phường Thanh Khê Tây,Đảng bộ quận Thanh Khê,,30/06/2025,Đảng ủy phường Thanh Khê\n"
         "Đảng ủy phường Thanh Khê,Đảng bộ thành phố Đà Nẵng,01/07/2025,,\n")


@pytest.mark.parametrize("header", [
    "Đơn vị,Trực thuộc,Từ ngày,Đến ngày,Sáp nhập vào",
    "unit,parent,valid from,valid to,merged into",
    "ĐƠN VỊ,trực thuộc,Từ  Ngày,Đến ngày,Sáp nhập vào",  # any case and spacing
])
def test_the_units_file_is_recognised_by_its_headers(settings, header):
    text = header + "\n" + UNITS.split("\n", 1)[1]
    commit_upload([csv_file("don-vi.csv", text)], settings=settings)
    tables = load(settings.store)
    history = tables.unit_history.set_index("unit")
    assert history.loc["Đảng ủy phường Thanh Khê Tây", ["parent", "valid_to", "merged_into"]].tolist() == [
        "Đảng bộ quận Thanh Khê", pd.Timestamp("2025-06-30"), "Đảng ủy phường Thanh Khê"]
    assert pd.isna(history.loc["Đảng ủy phường Thanh Khê Tây", "valid_from"])
    # The units named only as the committee above, or as a successor, are known units too.
    assert {"Đảng bộ thành phố Đà Nẵng", "Đảng bộ quận Thanh Khê", "Đảng ủy phường Thanh Khê"} <= set(tables.units)


def test_a_units_rows_replace_its_stored_periods(settings):
    commit_upload([csv_file("u.csv", UNITS)], settings=settings)
    moved = ("Đơn vị,Trực thuộc,Từ ngày,Đến ngày\n"
             "Đảng ủy phường Thanh Khê Tây,Đảng bộ quận Thanh Khê,,30/06/2025\n")
    result = commit_upload([csv_file("u.csv", moved)], settings=settings)
    assert result.plan.summary["unit_history"] == {"added": 0, "changed": 1, "unchanged": 0, "removed": 0}
    history = load(settings.store).unit_history
    assert len(history) == 2 and history["merged_into"].notna().sum() == 0


def test_a_period_ending_before_it_starts_is_refused(settings):
    bad = "Đơn vị,Từ ngày,Đến ngày\nĐảng ủy phường X,01/07/2025,30/06/2025\n"
    with pytest.raises(UserError) as error:
        commit_upload([csv_file("u.csv", bad)], settings=settings)
    assert [(p.code, p.row, p.column) for p in error.value.problems] == [("unit_end_before_start", 2, "Đến ngày")]


def test_units_are_spelled_as_the_store_spells_them(based):
    text = "Đơn vị,Trực thuộc,Đến ngày,Sáp nhập vào\nĐảng uỷ phường B,Đảng bộ quận Q,30/06/2025,Đảng uỷ phường A\n"
    commit_upload([csv_file("u.csv", text)], settings=based)
    assert load(based.store).unit_history["merged_into"].tolist() == [UNIT]
