"""Read access by unit: each account reads its units and every unit under them, and nothing else.

Two cities, each with wards; every ward's attendance has its own order of magnitude (city A's wards tens and
hundreds, city B's ward thousands), so a number of another ward in an answer is seen at once. The attacks:
a viewer of one ward asking, through the page and through callback bodies it writes itself, for another
ward, for the whole city, for an export, a conference's detail and a report.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from dashboard.auth.users import UserStore
from dashboard.ingest import UploadFile, commit_upload
from dashboard.settings import Settings
from dashboard.store import load
from dashboard.transforms.access import readable
from dashboard.transforms.filters import apply_filters
from dashboard.ui import ids
from dashboard.ui.requests import callback_request
from tests.security.helpers import login, secure_app

CITY_A, CITY_B = "Đảng bộ thành phố A", "Đảng bộ thành phố B"
A1, A2, B1 = "Đảng ủy phường A1", "Đảng ủy phường A2", "Đảng ủy phường B1"
PASSWORD = "unit-pass-1"
# Each ward's two conferences and the attendees its one Party cell sent (A1: 11 + 22, A2: 130 + 240, B1: 3500 + 4600).
VISITS = {A1: (11, 22), A2: (130, 240), B1: (3500, 4600)}


def ward_files(moved: bool = False) -> list[UploadFile]:
    """The two cities' files; ``moved``: ward A2 passes from city A to city B on 1/4/2024, between its two
    conferences."""
    units = "Đơn vị,Trực thuộc,Từ ngày,Đến ngày,Sáp nhập vào\n" + "".join(
        f"{ward},{CITY_A if 'A' in ward[-2:] else CITY_B},,,\n" for ward in VISITS if not (moved and ward == A2)) \
        + f"{CITY_A},,,,\n{CITY_B},,,,\n" \
        + (f"{A2},{CITY_A},,31/03/2024,\n{A2},{CITY_B},01/04/2024,,\n" if moved else "")
    orgs = "Đơn vị,Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên\n" + "".join(
        f"{ward},{ward},Đảng ủy,,15,15\n{ward},Chi bộ khu dân cư số 1 ({ward[-2:]}),Chi bộ,{ward},9000,9000\n"
        for ward in VISITS)
    conferences = "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản,Tổng số người dự\n"
    attendance = "Đơn vị,Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
    for ward, counts in VISITS.items():
        for number, (day, count) in enumerate(zip(("15/02/2024", "20/05/2024"), counts), start=1):
            conferences += (f"{ward},HN-{number},{day},Hội nghị thông tin thời sự số {number} ({ward[-2:]}),{ward},"
                            f"Thông tin thời sự,Nghị quyết số 35-NQ/TW,{count}\n")
            attendance += f"{ward},HN-{number},Chi bộ khu dân cư số 1 ({ward[-2:]}),{count},{count}\n"
    return [UploadFile(name, text.encode()) for name, text in (("units.csv", units), ("orgs.csv", orgs),
                                                                ("conf.csv", conferences), ("att.csv", attendance))]


@pytest.fixture(scope="module")
def wards_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("wards") / "store"
    commit_upload(ward_files(), store, user="test", settings=Settings.load(store=store))
    return store


def visits(tables) -> int:
    return int(tables.attendance["attendees"].sum())


# --- the tables an account reads ------------------------------------------------------------------------


def test_a_ward_reads_its_own_rows_only(wards_store):
    every = load(wards_store)
    own = readable(every, [A1])
    for name in ("conferences", "attendance", "organizations", "conference_documents", "unit_history"):
        assert set(own[name]["unit"].astype(str)) == {A1}, name
    assert own.units == (A1,) and own.scope == (A1,)
    assert visits(own) == sum(VISITS[A1])
    assert readable(every, [A1]) is own  # one cut per account's units, shared by its requests
    assert own.stamp != every.stamp and own.stamp.startswith(every.stamp)


def test_a_city_reads_its_wards_rolled_up_and_nothing_of_another_city(wards_store):
    every = load(wards_store)
    city = readable(every, [CITY_A])
    assert set(city.conferences["unit"].astype(str)) == {A1, A2}
    assert visits(city) == sum(VISITS[A1]) + sum(VISITS[A2])
    assert B1 not in city.units and not (city.attendance["unit"].astype(str) == B1).any()
    # The city's roll-up through the filters equals its wards' sum, the other city's ward absent.
    assert int(apply_filters(city, unit=CITY_A).attendance["attendees"].sum()) == visits(city)
    with pytest.raises(ValueError):
        apply_filters(city, unit=B1)  # not a unit these tables hold: no way to name it
    assert readable(every, [CITY_A, B1]).stamp not in (city.stamp, readable(every, [B1]).stamp)


def test_a_ward_that_moved_is_read_by_each_city_for_its_own_days(tmp_path):
    store = tmp_path / "store"
    commit_upload(ward_files(moved=True), store, user="test", settings=Settings.load(store=store))
    # A2's registry as of June 2024, once under city B: 9.999 members.
    newer = (f"Đơn vị,Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên,Tính đến ngày\n"
             f"{A2},{A2},Đảng ủy,,15,15,01/06/2024\n"
             f"{A2},Chi bộ khu dân cư số 1 (A2),Chi bộ,{A2},9999,9999,01/06/2024\n")
    commit_upload([UploadFile("orgs-2024-06.csv", newer.encode())], store, user="test", settings=Settings.load(store=store))
    every = load(store)
    city_a, city_b = readable(every, [CITY_A]), readable(every, [CITY_B])
    a2_members = city_a.organizations.loc[city_a.organizations["unit"] == A2, "members"]
    assert len(a2_members) and 9999 not in set(a2_members)  # the version of its days under city A only
    assert 9999 in set(readable(every, [A2]).organizations["members"])
    assert visits(city_a) == sum(VISITS[A1]) + VISITS[A2][0]  # A2's February conference, under city A
    assert visits(city_b) == sum(VISITS[B1]) + VISITS[A2][1]  # A2's May conference, under city B
    assert set(city_a.conference_documents["conference_id"][city_a.conference_documents["unit"] == A2]) == {"HN-1"}
    assert visits(readable(every, [A2])) == sum(VISITS[A2])  # the ward itself reads both
    # City A reads A2's units-table row of its days under city A, not where it went.
    history = city_a.unit_history[city_a.unit_history["unit"] == A2]
    assert list(history["parent"]) == [CITY_A]
    assert list(readable(every, [A2]).unit_history["parent"]) == [CITY_A, CITY_B]


def test_spellings_unknown_units_and_everything(wards_store):
    every = load(wards_store)
    assert readable(every, ["đảng uỷ phường a1"]).units == (A1,)  # any spelling the filters accept
    nothing = readable(every, ["Đảng ủy phường Không Có"])  # a unit the store does not hold grants nothing
    assert nothing.conferences.empty and nothing.attendance.empty and nothing.units == () and nothing.scope == ()
    assert readable(every, []).attendance.empty
    assert readable(every, None) is every


def test_a_successor_reads_its_predecessors_history_and_a_district_its_days(sample_store_ro):
    every = load(sample_store_ro)
    successor = readable(every, ["Đảng ủy phường Thanh Khê"])  # formed 1/7/2025 from five wards
    assert set(successor.conferences["unit"].astype(str)) == {"Đảng ủy phường Thanh Khê Tây", "Đảng ủy phường Thanh Khê"}
    assert len(successor.conferences) == len(every.conferences)
    predecessor = readable(every, ["Đảng ủy phường Thanh Khê Tây"])
    assert set(predecessor.conferences["unit"].astype(str)) == {"Đảng ủy phường Thanh Khê Tây"}
    district = readable(every, ["Đảng bộ quận Thanh Khê"])  # its wards until they merged (30/6/2025)
    assert len(district.conferences) == len(predecessor.conferences) > 0
    assert district.conferences["date"].max() < every.conferences["date"].max()


# --- through the web app, as the accounts would -----------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory, wards_store):
    import shutil

    folder = tmp_path_factory.mktemp("access")
    shutil.copytree(wards_store, folder / "store")
    # A second upload, of ward B1 alone: the ledger entry only B1's readers and the admin see.
    extra = [UploadFile("b1-them-hoi-nghi.csv", (
        "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Tổng số người dự\n"
        f"{B1},HN-3,20/08/2024,Hội nghị thông tin thời sự số 3 (B1),{B1},Thông tin thời sự,5700\n").encode())]
    commit_upload(extra, folder / "store", user="b1staff", settings=Settings.load(store=folder / "store"))
    users = UserStore(folder / "auth.sqlite3")
    users.add("a1", "viewer", PASSWORD, [A1])
    users.add("b1", "viewer", PASSWORD, [B1])
    users.add("citya", "viewer", PASSWORD, [CITY_A])
    users.add("staffa1", "staff", PASSWORD, [A1])
    users.add("quan", "admin", PASSWORD)
    return secure_app(folder, wards_store, {}, login_required=True)


def client_as(app, name: str):
    client = app.server.test_client()
    assert login(client, name, PASSWORD, next_path="/").status_code == 302
    client.get("/")  # the first page registers the pages' callbacks
    return client


def run(client, app, output_id: str, values: dict | None = None, name: str | None = None,
        lang: str = "vi") -> tuple[int, str]:
    key = None
    if name is not None:
        key = next(k for k, spec in app.callback_map.items() if getattr(spec.get("callback"), "__name__", "") == name)
    body = callback_request(app, output_id, {ids.LANG: lang, **(values or {})}, key=key)
    response = client.post("/_dash-update-component", json=body)
    text = response.get_data(as_text=True)
    # As readable text: Dash's JSON writes every Vietnamese letter as \\uXXXX, which a name search would miss.
    return response.status_code, json.dumps(json.loads(text), ensure_ascii=False) if text else text


def numbers_in(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"(?<![\d.])\d{2,5}(?![\d.])", text)}


OTHER_WARDS = {A1: (B1, A2), B1: (A1, A2)}


@pytest.mark.parametrize("who, ward", [("a1", A1), ("b1", B1)])
def test_a_ward_viewer_gets_nothing_of_another_ward(app, who, ward):
    client = client_as(app, who)
    foreign = {n for other in OTHER_WARDS[ward] for n in VISITS[other]}
    for asked in (None, [OTHER_WARDS[ward][0]], [CITY_A], [CITY_B]):
        values = {ids.FILTER_UNIT: asked}
        for output_id, name in ((ids.KPIS, "update_overview"), ("attendance-mix-figure", "update_attendance"),
                                (ids.CONFERENCE_GRID, "update_grid")):
            status, text = run(client, app, output_id, values, name)
            assert status == 200, (output_id, asked)
            assert not numbers_in(text) & foreign, (who, output_id, asked)
            for other in OTHER_WARDS[ward]:
                assert other not in text, (who, output_id, asked)
    # Its own ward, unfiltered: its numbers are there (the check above is not blind).
    status, text = run(client, app, ids.CONFERENCE_GRID, {}, "update_grid")
    assert status == 200 and ward in text and "thông tin thời sự số 2" in text


def test_a_unit_outside_access_gives_an_empty_view_and_says_why(app):
    client = client_as(app, "a1")
    status, text = run(client, app, ids.ACCESS_NOTE, {ids.FILTER_UNIT: [B1]})
    assert status == 200 and "không được xem" in text and B1 in text
    status, own = run(client, app, ids.ACCESS_NOTE, {ids.FILTER_UNIT: [A1]})
    assert status == 200 and "không được xem" not in own
    # Another ward, and the city above its own (which would pass its one ward off as the city): empty views.
    for asked in ([B1], [CITY_A], [A1, B1]):
        status, text = run(client, app, ids.ACCESS_NOTE, {ids.FILTER_UNIT: asked})
        assert status == 200 and "không được xem" in text and asked[-1] in text, asked
        status, grid = run(client, app, ids.CONFERENCE_GRID, {ids.FILTER_UNIT: asked}, "update_grid")
        assert status == 200 and json.loads(grid)["response"][ids.CONFERENCE_GRID]["rowData"] == [], asked
    status, grid = run(client, app, ids.CONFERENCE_GRID, {ids.FILTER_UNIT: [A1]}, "update_grid")
    assert len(json.loads(grid)["response"][ids.CONFERENCE_GRID]["rowData"]) == 2
    status, text = run(client_as(app, "a1"), app, ids.ACCESS_NOTE, {ids.FILTER_UNIT: [B1]}, lang="en")
    assert "This account may not read Đảng ủy phường B1" in text


def test_the_filter_offers_only_readable_units_and_the_footer_says_what_is_read(app):
    client = client_as(app, "citya")
    page = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)  # the shell and its filters
    assert A1 in page and A2 in page and B1 not in page
    assert "xem được: Đảng bộ thành phố A và các đơn vị trực thuộc" in page
    status, options = run(client, app, ids.FILTER_UNIT, {ids.STORE_VERSION: 1}, "refresh_filter_options")
    assert status == 200 and A1 in options and B1 not in options


def export(client, app, units) -> str:
    """The CSV export of the attendance mix chart's table under a unit filter, as a forged request asks it."""
    graph = {"graph": "attendance-mix", "view": "attendance-mix"}
    key = next(k for k in app.callback_map if k.startswith('{"graph"'))
    body = callback_request(app, "", {ids.LANG: "vi", ids.FILTER_UNIT: units}, key=key)
    download = {**graph, "type": "download"}
    body["outputs"] = {"id": download, "property": "data"}
    body["inputs"] = [{"id": {**graph, "type": kind}, "property": "n_clicks", "value": 1}
                      for kind in ("export-csv", "export-xlsx")]
    body["changedPropIds"] = [json.dumps({**graph, "type": "export-csv"}, sort_keys=True, separators=(",", ":"))
                              + ".n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, units
    sent = next(iter(json.loads(response.get_data(as_text=True))["response"].values()))["data"]
    return base64.b64decode(sent["content"]).decode("utf-8-sig")


def test_exports_details_and_reports_hold_nothing_of_another_ward(app):
    client = client_as(app, "a1")
    own = export(client, app, None)
    assert {*VISITS[A1]} <= numbers_in(own)  # its own rows are exported (one per quarter)
    for asked in ([B1], [CITY_B], [CITY_A]):
        exported = export(client, app, asked)
        assert not numbers_in(exported) & {*VISITS[B1], sum(VISITS[B1]), *VISITS[A2], sum(VISITS[A2])}, asked
    # A conference's detail, named by a request written by hand: another ward's is not shown.
    status, text = run(client, app, ids.CONFERENCE_DETAIL, {ids.CONFERENCE_GRID: [{"_key": f"{B1}\x1fHN-1"}]},
                       "show_detail")
    assert status == 200 and "3500" not in text and "(B1)" not in text
    status, text = run(client, app, ids.CONFERENCE_DETAIL, {ids.CONFERENCE_GRID: [{"_key": f"{A1}\x1fHN-1"}]},
                       "show_detail")
    assert status == 200 and "(A1)" in text  # the same request for its own ward's conference shows it
    # The report: another ward's, and the city's, are refused; its own is written.
    for unit in (B1, CITY_A):
        status, text = run(client, app, "report-preview", {"report-unit": unit, "report-period": "Năm 2024"},
                           "show_preview")
        assert status == 200 and "3500" not in text and "(B1)" not in text and "240" not in text, unit
        assert "không" in text.lower()  # refused, with the reason
        status, sent = run(client, app, "report-download", {"report-unit": unit, "report-period": "Năm 2024",
                                                             "report-download-button": 1}, "download_docx")
        assert status == 200 and json.loads(sent)["response"] == {}, unit  # no file sent
    status, text = run(client, app, "report-preview", {"report-unit": A1, "report-period": "Năm 2024"}, "show_preview")
    assert status == 200 and "PHƯỜNG A1" in text.upper() and str(sum(VISITS[A1])) in text


def test_answers_are_never_shared_across_access_sets(app):
    """The same request, from three accounts: each its own answer, although the answers cache keys on the
    request (the stamp of the tables read holds the readable units)."""
    answers = {}
    for who in ("a1", "b1", "citya", "quan"):
        status, text = run(client_as(app, who), app, ids.CONFERENCE_GRID, {}, "update_grid")
        assert status == 200
        answers[who] = {row["Đơn vị"] if "Đơn vị" in row else next(iter(row.values()))
                        for row in json.loads(text)["response"][ids.CONFERENCE_GRID]["rowData"]}
    assert A1 in str(answers["a1"]) and B1 not in str(answers["a1"])
    assert B1 in str(answers["b1"]) and A1 not in str(answers["b1"])
    assert A2 in str(answers["citya"]) and B1 not in str(answers["citya"])
    assert B1 in str(answers["quan"]) and A1 in str(answers["quan"])


def test_a_change_of_units_takes_effect_at_the_next_request(app):
    client = client_as(app, "staffa1")
    status, before = run(client, app, ids.CONFERENCE_GRID, {}, "update_grid")
    assert status == 200 and "(A1)" in before and "(B1)" not in before
    users = UserStore(app.server.config["DASHBOARD_SETTINGS"].auth_db)
    users.set_units("staffa1", [B1])
    try:
        status, after = run(client, app, ids.CONFERENCE_GRID, {}, "update_grid")  # same session
        assert status == 200 and "(B1)" in after and "(A1)" not in after
    finally:
        users.set_units("staffa1", [A1])


def test_the_upload_history_shows_staff_their_units_entries_only(app):
    entries = {}
    for who in ("staffa1", "quan"):
        status, text = run(client_as(app, who), app, ids.HISTORY_GRID, {ids.STORE_VERSION: 2}, "show_ledger")
        assert status == 200
        entries[who] = text
    assert "b1-them-hoi-nghi.csv" not in entries["staffa1"] and "orgs.csv" in entries["staffa1"]
    assert "b1-them-hoi-nghi.csv" in entries["quan"]  # an admin sees every entry (it may undo any)


def test_notebooks_compute_on_an_accounts_behalf_with_tables_for(app):
    from dashboard.auth import tables_for
    from dashboard.auth.users import UsersError

    settings = app.server.config["DASHBOARD_SETTINGS"]
    assert set(tables_for("citya", settings).conferences["unit"].astype(str)) == {A1, A2}
    assert tables_for("quan", settings).scope is None  # an admin with no unit: every unit
    with pytest.raises(UsersError):
        tables_for("nobody", settings)


def test_accounts_made_before_read_access_by_unit_keep_what_they_read(tmp_path):
    """A database from before the ``all_units`` column: accounts without a unit (viewers, admins) read every
    unit as they did; staff read their units from now on."""
    import sqlite3

    path = tmp_path / "auth.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, units TEXT NOT NULL DEFAULT '[]', "
                   "password_hash TEXT NOT NULL, created REAL NOT NULL)")
        db.executemany("INSERT INTO users VALUES (?, ?, ?, 'x', 0)",
                       [("xem", "viewer", "[]"), ("lan", "staff", json.dumps([A1])), ("quan", "admin", "[]")])
    users = UserStore(path)
    assert users.get("xem").readable_units() is None and users.get("xem").all_units
    assert users.get("lan").readable_units() == [A1]
    assert users.get("quan").readable_units() is None
    users.add("moi", "viewer", PASSWORD, [B1])  # the migrated database takes new accounts
    assert UserStore(path).get("moi").readable_units() == [B1]


def test_open_viewing_says_in_every_page_footer_that_all_data_is_public(tmp_path, wards_store):
    app = secure_app(tmp_path, wards_store, {"a1": ("viewer", PASSWORD, [A1])})  # login not required (default)
    client = app.server.test_client()
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert "Chế độ xem công khai" in layout and B1 in layout  # every unit, to anyone
    login(client, "a1", PASSWORD, next_path="/")
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert "Chế độ xem công khai" in layout and B1 in layout  # signed in or not: the data is public


def test_the_same_units_read_for_other_days_are_another_cut(tmp_path):
    """City A reads ward A2 until it moved; city A with A2 granted too reads A2 whole: the same unit names,
    other rows, so never one stamp (every cache keys on it)."""
    store = tmp_path / "store"
    commit_upload(ward_files(moved=True), store, user="test", settings=Settings.load(store=store))
    every = load(store)
    city, city_and_ward = readable(every, [CITY_A]), readable(every, [CITY_A, A2])
    assert set(city.units) == set(city_and_ward.units) and visits(city) != visits(city_and_ward)
    assert city.stamp != city_and_ward.stamp


def test_an_upgraded_admin_demoted_with_units_reads_those_units(tmp_path):
    import sqlite3

    path = tmp_path / "auth.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, units TEXT NOT NULL DEFAULT '[]', "
                   "password_hash TEXT NOT NULL, created REAL NOT NULL)")
        db.execute("INSERT INTO users VALUES ('quan', 'admin', '[]', 'x', 0)")
    users = UserStore(path)
    assert users.get("quan").readable_units() is None and not users.get("quan").all_units
    users.set_role("quan", "staff", [A1])
    assert users.get("quan").readable_units() == [A1]


def test_rights_given_as_an_iterator_are_read_whole(wards_store, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(wards_store, copy)
    settings = Settings.load(store=copy)
    files = [UploadFile("c.csv", ("Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                                  f"{A1},HN-9,01/09/2024,Hội nghị mới,{A1},Khác\n").encode())]
    from dashboard.ingest import prepare_upload

    assert prepare_upload(files, copy, allowed_units=iter([A1]), settings=settings).ok
    assert commit_upload(files, copy, allowed_units=iter([A1]), settings=settings).committed


def test_an_admin_reading_some_units_still_uploads_for_any(app):
    """An admin may upload for any unit: the unit choices of /upload and /entry list every unit, whatever the
    admin reads."""
    import sys

    from dashboard.auth.users import User

    entry = sys.modules["dashboard.pages.entry"]
    with app.server.test_request_context("/"):
        assert {A1, A2, B1} <= set(entry.unit_choices(User("quan", "admin", [A1])))
        assert entry.unit_choices(User("staffa1", "staff", [A1])) == [A1]
