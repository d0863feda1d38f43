"""The /entry page's callbacks called directly: refused for viewers, preview writes nothing, a problem under its
field, a commit that ``load()`` then holds, and the form filled from the founding post."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from dash import no_update
from dash.development.base_component import Component

from dashboard.auth.users import User
from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import Store, load
from dashboard.ui.access import declared
from tests.ingest.helpers import CELL, UNIT, VETERANS, base_files, store_fingerprint

FOUNDING_POST = Path(__file__).resolve().parents[1] / "extract" / "cases" / "00-thanh-khe-tay-2023-04-27.txt"
STAFF = User("lan", "staff", [UNIT])
OTHER_STAFF = User("khac", "staff", ["Đảng ủy phường Không Có"])
VIEWER = User("xem", "viewer", [])


@pytest.fixture(scope="module")
def entry(tmp_path_factory):
    """The page module (registered with an app once)."""
    if "dashboard.pages.entry" not in sys.modules:
        from dashboard.app import create_app

        folder = tmp_path_factory.mktemp("entry-app")
        create_app(Settings.load(store=folder / "store", auth_db=folder / "auth.sqlite3",
                                 users_file=folder / "none.json", samples=""))
    return sys.modules["dashboard.pages.entry"]


@pytest.fixture
def store(tmp_path) -> Path:
    settings = Settings.load(store=tmp_path / "store", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    return tmp_path / "store"


@pytest.fixture
def page(entry, store, monkeypatch):
    settings = Settings.load(store=store, default_unit=UNIT)
    monkeypatch.setattr(entry.context, "settings", lambda: settings)
    monkeypatch.setattr(entry.auth, "current", lambda: STAFF)
    return entry


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json() if isinstance(component, Component) else component,
                      ensure_ascii=False, default=lambda c: c.to_plotly_json())


def form(**values) -> dict:
    base = {"conference_id": "HN-20240315-AB12", "date": "2024-03-15", "end_date": None, "session": "sang",
            "title": "Hội nghị học tập chuyên đề năm 2024", "kind": "chuyen_de", "organizer": UNIT,
            "location": "Hội trường phường", "documents_studied": ["Nghị quyết số 35-NQ/TW ngày 22/10/2018"],
            "documents_disseminated": ["Quy định số 85-QĐ/TW ngày 07/10/2022"], "speakers": "Nguyễn Văn A",
            "attendees_total": 40}
    return {**base, **values}


ROWS = [{"organization": CELL, "attendees": 25, "party_members": 20},
        {"organization": VETERANS, "attendees": 6, "party_members": None},
        {"organization": UNIT, "attendees": None, "party_members": None}]


def run_preview(page, values: dict, rows=ROWS, lang="vi"):
    return page.preview(1, UNIT, *[values[name] for name in page.NAMES], rows, lang)


def notes_of(page, result) -> dict:
    return dict(zip(page.NOTES, result[3:]))


def test_every_callback_is_for_staff_with_the_upload_limits(entry):
    assert declared(entry.preview) == ("staff", "preview")
    assert declared(entry.confirm) == ("staff", "commit")
    assert declared(entry.fill_from_post) == ("staff", "preview")
    for name in ("choose_unit", "open_conference", "form_changed"):
        assert declared(getattr(entry, name))[0] == "staff"


@pytest.mark.parametrize("who", [None, VIEWER, OTHER_STAFF])
def test_refused_for_viewers_anonymous_and_other_units(page, store, monkeypatch, who):
    monkeypatch.setattr(page.auth, "current", lambda: who)
    before = store_fingerprint(store)
    view, disabled, pending, *_ = run_preview(page, form())
    assert disabled is True and pending is None and "Chỉ cán bộ" in text_of(view)
    pending = {"unit": UNIT, "files": [["hoi-nghi.csv", "Mã hội nghị\nX\n"]]}
    view, disabled, cleared, version, _ = page.confirm(1, pending, "en")
    assert "Only staff" in text_of(view) and version is no_update
    if who is None or who.role == "viewer":  # the page itself refuses them as /upload does, with a login link
        monkeypatch.setattr(page, "current_lang", lambda: "vi")
        assert "Chỉ cán bộ" in text_of(page.layout()) and "/login?next=/entry" in text_of(page.layout())
    assert store_fingerprint(store) == before


def test_preview_shows_the_change_and_writes_nothing(page, store):
    before = store_fingerprint(store)
    view, disabled, pending, *notes = run_preview(page, form())
    text = text_of(view)
    assert disabled is False and "HN-20240315-AB12" in text and "Hội nghị học tập chuyên đề năm 2024" in text
    assert [name for name, _ in pending["files"]] == ["hoi-nghi.csv", "thanh-phan-du.csv"]
    conferences, attendance = (content for _, content in pending["files"])
    assert conferences.splitlines()[0].startswith("Đơn vị,Mã hội nghị,Ngày,Ngày kết thúc,Buổi,Tên hội nghị")
    assert "quán triệt Nghị quyết số 35-NQ/TW ngày 22/10/2018; tuyên truyền Quy định số 85-QĐ/TW" in conferences
    assert attendance.splitlines() == ["Đơn vị,Mã hội nghị,Tổ chức,Số người dự,Số đảng viên",
                                       f"{UNIT},HN-20240315-AB12,{CELL},25,20",
                                       f"{UNIT},HN-20240315-AB12,{VETERANS},6,"]
    assert not any(notes)
    assert store_fingerprint(store) == before


def test_a_problem_is_shown_under_its_field(page, store):
    before = store_fingerprint(store)
    result = run_preview(page, form(title="", end_date="2024-03-01"),
                         [{"organization": CELL, "attendees": 10, "party_members": 12}])
    view, disabled, pending = result[:3]
    notes = notes_of(page, result)
    assert disabled is True and pending is None
    assert "Tên hội nghị" not in text_of(notes["date"])
    assert notes["title"] and "text-danger" in text_of(notes["title"])
    assert notes["end_date"] and "text-danger" in text_of(notes["end_date"])
    assert CELL in text_of(notes["attendance"])  # the attendance row's problem, on its organisation
    assert notes["location"] is None and "vấn đề" in text_of(view)
    assert store_fingerprint(store) == before


def test_commit_writes_one_conference_that_load_holds(page, store):
    version = Store(store).version()
    _, _, pending, *_ = run_preview(page, form())
    view, disabled, cleared, new_version, options = page.confirm(1, pending, "vi")
    assert new_version == version + 1 and disabled is True and cleared is None
    tables = load(store)
    row = tables.conferences[tables.conferences["conference_id"] == "HN-20240315-AB12"]
    assert len(row) == 1 and row.iloc[0]["title"] == "Hội nghị học tập chuyên đề năm 2024"
    assert row.iloc[0]["session"] == "sang" and row.iloc[0]["attendees_total"] == 40
    attendance = tables.attendance[tables.attendance["conference_id"] == "HN-20240315-AB12"]
    assert sorted(attendance["attendees"]) == [6, 25]
    links = tables.conference_documents[tables.conference_documents["conference_id"] == "HN-20240315-AB12"]
    assert dict(zip(links["code"], links["role"])) == {"35-NQ/TW": "studied", "85-QĐ/TW": "disseminated"}
    assert Store(store).ledger()[-1].user == "lan"
    assert any(o["value"] == "HN-20240315-AB12" for o in options)
    # Opened again from the store, the form is what was saved (same id: saving replaces it).
    opened = page.open_conference("HN-20240315-AB12", UNIT)
    values = dict(zip(page.NAMES, opened))
    assert values["title"] == "Hội nghị học tập chuyên đề năm 2024" and values["date"] == "2024-03-15"
    assert values["documents_studied"] == ["Nghị quyết số 35-NQ/TW ngày 22/10/2018"]
    rows = opened[len(page.NAMES) + len(page.NOTES)]
    assert {r["organization"]: r["attendees"] for r in rows}[CELL] == 25
    _, _, again, *_ = run_preview(page, {**values, "title": "Hội nghị học tập chuyên đề năm 2024 (sửa)"}, rows)
    page.confirm(1, again, "vi")
    tables = load(store)
    assert list(tables.conferences.loc[tables.conferences["conference_id"] == "HN-20240315-AB12", "title"]) == [
        "Hội nghị học tập chuyên đề năm 2024 (sửa)"]


def test_a_change_after_the_preview_asks_for_a_new_one(page):
    values = form()
    _, _, pending, *_ = run_preview(page, values)
    same = page.form_changed(UNIT, *[values[n] for n in page.NAMES], ROWS, pending)
    assert same == (no_update, no_update)
    changed = page.form_changed(UNIT, *[{**values, "title": "Khác"}[n] for n in page.NAMES], ROWS, pending)
    assert changed == (True, None)


def test_filling_from_the_founding_post(page):
    text = FOUNDING_POST.read_text(encoding="utf-8")
    result = page.fill_from_post(1, text, UNIT, "", "vi")
    values = dict(zip(page.NAMES, result))
    notes = dict(zip(page.NOTES, result[len(page.NAMES):]))
    assert values["date"] == "2023-04-27" and values["session"] == "chieu"
    assert values["title"] == "Hội nghị thông tin thời sự Quý II năm 2023" and values["kind"] == "thong_tin_thoi_su"
    assert values["conference_id"].startswith("HN-20230427-")
    assert values["documents_studied"] == ["Quy định số 85-QĐ/TW ngày 07/10/2022",
                                           "Hướng dẫn số 99-HD/BTGTW ngày 20/03/2023"]
    assert values["documents_disseminated"] == ["Nghị quyết số 35-NQ/TW ngày 22/10/2018"]
    assert "Võ Tiến Trung" in values["speakers"]
    assert "chiều ngày 27/4/2023" in text_of(notes["date"])  # the sentence it came from
    assert "Không tìm thấy" in text_of(notes["attendees_total"])  # not found: marked
    assert values["attendees_total"] is None and values["location"] is None
    options = result[len(page.NAMES) + len(page.NOTES)]
    assert {"Hướng dẫn số 99-HD/BTGTW ngày 20/03/2023"} <= {o["value"] for o in options}
    # Filled, then previewed: the founding conference as one row, nothing written by the fill.
    view, disabled, pending, *_ = run_preview(page, {**values, "organizer": UNIT}, [])
    assert disabled is False and "Hội nghị thông tin thời sự Quý II năm 2023" in text_of(view)


def test_an_empty_post_or_no_unit_fills_nothing(page):
    result = page.fill_from_post(1, "  ", UNIT, "", "vi")
    assert result[0] is no_update and "Chưa có nội dung" in text_of(result[-1])
    result = page.fill_from_post(1, "Chiều ngày 27/4/2023 …", None, "", "en")
    assert result[0] is no_update and "Choose the unit" in text_of(result[-1])


def test_the_form_for_staff_lists_the_units_registry_and_a_fresh_id(page, monkeypatch):
    monkeypatch.setattr(page, "current_lang", lambda: "vi")
    tables = load(page.context.settings().store)
    monkeypatch.setattr(page.context, "tables", lambda: tables)
    text = text_of(page.layout())
    assert "Từ bài viết" in text and "Xác nhận ghi" in text and CELL in text and VETERANS in text
    assert page._AUTO_ID.match(page.fresh_id("2023-04-27")) and page.fresh_id("2023-04-27").startswith("HN-20230427-")


def test_a_saved_post_file_fills_the_text_box(page):
    import base64

    text = FOUNDING_POST.read_text(encoding="utf-8")
    encoded = "data:text/plain;base64," + base64.b64encode(text.encode("utf-8")).decode()
    value, status = page.read_post_file(encoded, "bai-viet.txt", "vi")
    assert "chiều ngày 27/4/2023" in value and status is None
    lead = next(line for line in text.splitlines() if "chiều ngày" in line)
    html_post = f"<html><body><article><p>{lead}</p></article></body></html>"
    encoded = "data:text/html;base64," + base64.b64encode(html_post.encode("utf-8")).decode()
    value, _ = page.read_post_file(encoded, "bai-viet.html", "vi")
    assert "Hội nghị thông tin thời sự Quý II năm 2023" in value
    value, status = page.read_post_file("data:;base64,AAAA", "bang.xlsx", "en")
    assert value is no_update and "bang.xlsx" in text_of(status)


def test_the_form_reads_in_english(page, monkeypatch):
    monkeypatch.setattr(page, "current_lang", lambda: "en")
    tables = load(page.context.settings().store)
    monkeypatch.setattr(page.context, "tables", lambda: tables)
    text = text_of(page.layout())
    assert "From a news post" in text and "Confirm and save" in text and "Documents studied" in text
