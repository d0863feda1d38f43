"""The upload page's preview: the conferences an upload adds or changes, as a table; blank and example templates.

The page callbacks' helpers are called directly (``preview_job``, ``commit_job``, ``result_view``,
``template_links``), as the poll callback calls them with a finished job's JSON.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.contract.examples import EXAMPLES
from dashboard.contract.schema import FILE_TABLES
from dashboard.ingest import UploadFile
from dashboard.settings import Settings
from dashboard.ui import templates

UNIT = "Đảng ủy phường An Hải"
CELL = "Chi bộ khu dân cư số 1"
ORGS = f"Tổ chức,Loại tổ chức,Trực thuộc,Số thành viên,Số đảng viên\n{UNIT},Đảng ủy,,15,15\n{CELL},Chi bộ,{UNIT},30,30\n"
CONF_HEADER = "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Tổng số người dự\n"


def conferences(*rows: tuple[str, str, str, int]) -> UploadFile:
    lines = "".join(f"{cid},{day},{title},{UNIT},Thông tin thời sự,{total}\n" for cid, day, title, total in rows)
    return UploadFile("conf.csv", (CONF_HEADER + lines).encode())


def attendance(*rows: tuple[str, int, int]) -> UploadFile:
    lines = "".join(f"{cid},{CELL},{n},{pm}\n" for cid, n, pm in rows)
    return UploadFile("att.csv", ("Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n" + lines).encode())


@pytest.fixture(autouse=True)
def app(tmp_path):
    from dashboard.app import create_app

    return create_app(Settings.load(store=tmp_path / "app", samples="", auth_db=tmp_path / "a.db"))  # pages register


@pytest.fixture
def settings(tmp_path) -> Settings:
    """A store holding HN-1 (stated 40; 25 attending, 25 Party members)."""
    from dashboard.ingest import commit_upload

    settings = Settings.load(store=tmp_path / "store", default_unit=UNIT)
    commit_upload([UploadFile("orgs.csv", ORGS.encode()), conferences(("HN-1", "27/4/2023", "Thông tin thời sự", 40)),
                   attendance(("HN-1", 25, 25))], settings=settings)
    return settings


def through_json(result: dict) -> dict:
    """A job's result as the poll reads it back (the job file is JSON)."""
    return json.loads(json.dumps(result, ensure_ascii=False))


def shown(result: dict, lang: str = "vi", committed: int | None = None) -> Component:
    from dashboard.pages.upload import result_view

    return result_view(lang, result.get("problems"), result.get("summary"), result.get("noop", False), committed,
                       result.get("duplicates"), result.get("warnings"), result.get("conferences"),
                       result.get("conference_counts"), result.get("empty"), result.get("all_empty", False))


def components(component) -> list[Component]:
    """Every component of a tree (children lists and single children)."""
    found, stack = [], [component]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, Component):
            found.append(node)
            stack.append(getattr(node, "children", None))
    return found


def changes_table(view: html.Div) -> list[list[str]]:
    """The header and rows of the table under the conferences' heading (the part after the ``H2``)."""
    parts = view.children
    heading = next(i for i, part in enumerate(parts) if isinstance(part, html.H2))
    table = parts[heading + 1].children
    assert isinstance(table, html.Table)
    head, body = table.children
    return [[th.children for th in head.children.children], *[[td.children for td in tr.children] for tr in body.children]]


def text_of(view: Component) -> str:
    return json.dumps(view.to_plotly_json(), ensure_ascii=False, default=lambda c: c.to_plotly_json())


def test_the_preview_lists_the_added_and_changed_conferences(settings):
    from dashboard.pages.upload import preview_job

    files = [conferences(("HN-1", "27/4/2023", "Thông tin thời sự", 1250), ("HN-2", "2/6/2023", "Học tập chuyên đề", 60)),
             attendance(("HN-1", 28, 26), ("HN-2", 50, 40))]
    result = through_json(preview_job(files, UNIT, None, settings))
    assert not result["problems"] and result["conference_counts"] == {"added": 1, "changed": 1, "removed": 0}
    view = shown(result)
    text = text_of(view)
    assert "Các hội nghị sẽ thay đổi: thêm 1, sửa 1, xóa 0." in text
    rows = changes_table(view)
    assert rows[0] == ["Thay đổi", "Ngày", "Mã hội nghị", "Tên hội nghị", "Đơn vị", "Tổng số người dự (ghi trong tệp)",
                       "Số người dự (cộng thành phần dự)", "Số đảng viên dự", "Nội dung thay đổi"]
    assert rows[1:] == [
        ["sửa", "27/04/2023", "HN-1", "Thông tin thời sự", UNIT, "40 → 1.250", "25 → 28", "25 → 26",
         "tổng số người dự, thành phần dự"],
        ["thêm mới", "02/06/2023", "HN-2", "Học tập chuyên đề", UNIT, "60", "50", "40", ""],
    ]
    english = changes_table(shown(result, "en"))
    assert english[0][:3] == ["Change", "Date", "Conference id"]
    assert english[1][5:8] == ["40 → 1,250", "25 → 28", "25 → 26"] and english[1][0] == "changed"
    assert "Conferences that will change: 1 added, 1 changed, 0 removed." in text_of(shown(result, "en"))


def test_after_the_commit_the_list_says_what_changed(settings):
    from types import SimpleNamespace

    from dashboard.pages.upload import commit_job

    user = SimpleNamespace(name="lan", may_upload_for=lambda: None)
    result = through_json(commit_job([conferences(("HN-2", "2/6/2023", "Học tập chuyên đề", 60))], UNIT, user, settings))
    assert result["version"] == 2
    assert "Các hội nghị đã thay đổi: thêm 1, sửa 0, xóa 0." in text_of(shown(result, committed=2))


def test_the_list_is_capped_but_counts_every_conference(settings):
    from dashboard.pages.upload import preview_job

    rows = [(f"HN-{n:03d}", f"{1 + n % 28}/5/2023", f"Hội nghị số {n}", n) for n in range(2, 62)]  # 60 new
    result = through_json(preview_job([conferences(*rows)], UNIT, None, settings))
    assert result["conference_counts"]["added"] == 60 and len(result["conferences"]) == 50
    view = shown(result)
    assert len(changes_table(view)) == 1 + 50
    text = text_of(view)
    assert "thêm 60" in text and "… và 10 hội nghị khác" in text
    assert "… and 10 more conferences" in text_of(shown(result, "en"))


def test_text_from_the_files_stays_text(settings):
    from dashboard.pages.upload import preview_job

    title = "<b>Hội nghị</b> <script>alert(1)</script>"
    result = through_json(preview_job([conferences(("HN-2", "2/6/2023", title, 60))], UNIT, None, settings))
    view = shown(result)
    assert changes_table(view)[1][3] == title  # a string child: Dash renders it as text
    kinds = {type(c) for c in components(view)}
    assert dcc.Markdown not in kinds and not any(type(c).__name__ in ("Script", "Iframe", "B") for c in components(view))


def test_nothing_to_change_lists_no_conference(settings):
    from dashboard.pages.upload import preview_job

    same = [conferences(("HN-1", "27/4/2023", "Thông tin thời sự", 40)), attendance(("HN-1", 25, 25))]
    result = through_json(preview_job(same, UNIT, None, settings))
    assert result["noop"] and result["conferences"] == []
    text = text_of(shown(result))
    assert "Không có gì thay đổi" in text and "Các hội nghị" not in text


# --- blank templates and example files ------------------------------------------------------------------------

def test_a_blank_template_uploaded_says_it_has_no_data_row(settings):
    """The blank workbook: nothing written, no crash, and a message that is not 'already stored'."""
    from dashboard.pages.upload import preview_job

    result = through_json(preview_job([UploadFile(templates.XLSX_NAME, templates.template_xlsx())], UNIT, None, settings))
    assert not result["problems"] and result["noop"] and result["all_empty"]
    assert len(result["empty"]) == len(FILE_TABLES)
    text = text_of(shown(result))
    assert "Chưa có dòng dữ liệu nào" in text and "mau-tai-len.xlsx" in text and "đã có trong kho" not in text
    assert "No data row yet" in text_of(shown(result, "en"))


def test_a_blank_csv_beside_data_is_named_and_left_out(settings):
    from dashboard.pages.upload import preview_job

    files = [conferences(("HN-2", "2/6/2023", "Học tập chuyên đề", 60)),
             UploadFile("attendance.csv", templates.template_csv("attendance"))]
    result = through_json(preview_job(files, UNIT, None, settings))
    assert not result["problems"] and not result["noop"] and result["empty"] == ["attendance.csv"]
    assert not result["all_empty"]
    text = text_of(shown(result))
    assert "bỏ qua: attendance.csv" in text and "thêm 1" in text


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("table", sorted(FILE_TABLES))
def test_a_blank_csv_template_is_its_header_alone(table):
    headers = [c.vi for c in FILE_TABLES[table].columns]
    assert csv_rows(templates.template_csv(table)) == [headers]
    assert csv_rows(templates.template_csv(table, example=True)) == [headers, EXAMPLES[table]]
    assert templates.template_frame(table).empty and len(templates.template_frame(table, example=True)) == 1


def test_the_blank_workbook_holds_headers_only_and_the_example_one_has_rows():
    from openpyxl import load_workbook

    blank = load_workbook(io.BytesIO(templates.template_xlsx()))
    example = load_workbook(io.BytesIO(templates.template_xlsx(example=True)))
    for table in FILE_TABLES.values():
        headers = [c.vi for c in table.columns]
        rows = [list(r) for r in blank[table.vi].iter_rows(values_only=True)]
        assert rows == [headers]
        rows = [list(r) for r in example[table.vi].iter_rows(values_only=True)]
        assert len(rows) == 2 and rows[0] == headers


@pytest.mark.parametrize("example", [False, True])
def test_every_template_parses_as_its_kind_of_file(example):
    from dashboard.ingest.guard import read_uploads

    uploads = [UploadFile(templates.csv_name(t, example), templates.template_csv(t, example)) for t in FILE_TABLES]
    uploads.append(UploadFile(templates.xlsx_name(example), templates.template_xlsx(example)))
    reads = read_uploads(uploads, max_bytes=1_000_000, default_unit=UNIT, timeout=30, memory_mb=512)
    rows = 1 if example else 0
    for upload, read in zip(uploads, reads):
        assert not read.problems, (upload.name, [p.line("en") for p in read.problems])
        assert [len(s.frame) for s in read.sheets] == [rows] * len(read.sheets)
    assert [[s.table for s in r.sheets] for r in reads] == [*([t] for t in FILE_TABLES), list(FILE_TABLES)]


def test_the_page_links_both_and_the_server_sends_them(app):
    from dashboard.pages.upload import template_links

    client = app.server.test_client()
    for example, lang in ((False, "vi"), (True, "en")):
        links = template_links(lang, example).children
        assert len(links) == len(FILE_TABLES) + 1 and all(isinstance(link, html.A) for link in links)
        for link in links:
            response = client.get(link.href)
            assert response.status_code == 200, link.href
            assert ("vi-du" in link.href) == example and "attachment" in response.headers["Content-Disposition"]
        names = [link.to_plotly_json()["props"]["aria-label"] for link in links]
        assert names[0] == ("Example file: Hội nghị (CSV)" if example else "Mẫu trống: Hội nghị (CSV)")
    assert client.get("/templates/conferences.csv").data == templates.template_csv("conferences")
    assert client.get("/templates/conferences-vi-du.csv").data == templates.template_csv("conferences", example=True)
    for wrong in ("nope.csv", "conferences-vi-du.xlsx", "conferences", "mau-tai-len.csv"):
        assert client.get(f"/templates/{wrong}").status_code == 404
