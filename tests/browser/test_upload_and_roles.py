"""Staff upload through the page and see it on the overview; viewers and anonymous clients are refused;
data that looks like HTML or script renders as inert text."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids

pytestmark = pytest.mark.browser

LONG = 60000  # ms: a condition that waits on an upload, an undo or a busy machine
UNIT = "Đảng ủy phường Thanh Khê Tây"
XSS_ORG = "<script>window.__xss = 1</script>Hội XSS"
XSS_TITLE = '<img src=x onerror="window.__xss = 2">Hội nghị thử'


def upload_files(tmp_path):
    orgs = tmp_path / "to-chuc.csv"
    orgs.write_text(f"Tổ chức,Loại tổ chức,Số thành viên\n\"{XSS_ORG}\",Hội khác,40\n", encoding="utf-8-sig")
    conf = tmp_path / "hoi-nghi.csv"
    conf.write_text("Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản\n"
                    f"HN-2026-01,15/01/2026,\"{XSS_TITLE.replace(chr(34), chr(34) * 2)}\",{UNIT},Thông tin thời sự,57-NQ/TW\n",
                    encoding="utf-8-sig")
    att = tmp_path / "thanh-phan.csv"
    att.write_text("Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
                   f"HN-2026-01,Chi bộ khu dân cư số 1,30,30\nHN-2026-01,\"{XSS_ORG}\",12,2\n", encoding="utf-8-sig")
    return [str(orgs), str(conf), str(att)]


def test_staff_upload_appears_on_the_overview_and_data_stays_text(app_url, page, tmp_path):
    page.login(app_url, "lan")
    expect(page.page).to_have_url(re.compile(r"/upload$"))
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", upload_files(tmp_path))
    page.wait_for_text(f"#{ids.UPLOAD_RESULT}", "Tệp hợp lệ")
    page.screenshot_as("upload-preview")
    confirm = page.locator(f"#{ids.UPLOAD_CONFIRM}")
    expect(confirm).to_be_enabled(timeout=LONG)
    confirm.click()
    page.wait_for_text(f"#{ids.UPLOAD_RESULT}", "Đã ghi")
    page.goto(app_url + "/")
    expect(page.locator(f"#{ids.KPIS}")).to_contain_text("Quý I/2026", timeout=LONG)
    expect(page.locator(f"#{ids.LATEST_GRID}")).to_contain_text(XSS_TITLE, timeout=LONG)  # shown literally
    page.goto(app_url + "/attendance?from=2026-Q1")
    page.settle()
    assert page.evaluate("window.__xss") is None  # nothing in the data ran
    assert page.errors == []


def test_refused_upload_lists_every_problem(app_url, page, tmp_path):
    bad = tmp_path / "sai.csv"
    bad.write_text("Mã hội nghị,Tổ chức,Số người dự\nHN-9,Chi bộ số 99,hơn 20\n", encoding="utf-8")
    page.login(app_url, "lan")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", [str(bad)])
    result = page.locator(f"#{ids.UPLOAD_RESULT}")
    expect(result).to_contain_text("Chưa thể tải lên: 3 vấn đề", timeout=LONG)
    expect(result).to_contain_text("hơn 20")
    expect(page.locator(f"#{ids.UPLOAD_CONFIRM}")).to_be_disabled()
    with page.expect_download() as download:
        page.click(f"#{ids.UPLOAD_PROBLEMS_BUTTON}")
    assert download.value.suggested_filename == "van-de-tai-len.csv"


def test_viewer_sees_no_upload_page_and_is_refused_directly(app_url, page):
    page.login(app_url, "xem")
    page.goto(app_url + "/upload")
    page.settle()
    expect(page.locator("h1").first).to_be_visible()  # the page is drawn, so the upload control is absent, not late
    expect(page.locator(f"#{ids.UPLOAD}")).to_have_count(0)
    assert call_status(page, PROBLEMS_DOWNLOAD) == 403


# A well-formed request for a staff-only callback (the upload problems' download).
PROBLEMS_DOWNLOAD = {
    "output": "upload-problems-download.data",
    "outputs": {"id": "upload-problems-download", "property": "data"},
    "inputs": [{"id": "upload-problems-button", "property": "n_clicks", "value": 1}],
    "state": [{"id": "upload-problems-store", "property": "data", "value": None},
              {"id": "lang", "property": "data", "value": "vi"}],
    "changedPropIds": ["upload-problems-button.n_clicks"],
}


def call_status(page, body: dict) -> int:
    return page.evaluate("""async (body) => (await fetch('/_dash-update-component', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})).status""", body)


def test_logout_button_ends_the_session(app_url, page):
    page.login(app_url, "lan")
    assert call_status(page, PROBLEMS_DOWNLOAD) in (200, 204)
    page.click(f"#{ids.LOGOUT}")
    page.wait_for_url(app_url + "/")
    assert call_status(page, PROBLEMS_DOWNLOAD) == 401
    page.goto(app_url + "/upload")
    expect(page.locator("a[href='/login?next=/upload']")).to_be_visible()


def test_anonymous_is_refused(app_url):
    body = json.dumps(PROBLEMS_DOWNLOAD).encode()
    request = urllib.request.Request(app_url + "/_dash-update-component", data=body,
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 401


def test_admin_history_and_undo(app_url, page):
    page.login(app_url, "quan", "/history")
    rows = page.locator(f"#{ids.HISTORY_GRID} .ag-row")
    expect(rows.nth(1)).to_be_attached(timeout=LONG)  # at least two: the samples, then the staff upload
    page.settle()
    page.screenshot_as("history")
    rows.first.click()
    undo = page.locator(f"#{ids.HISTORY_UNDO}")
    expect(undo).to_be_enabled(timeout=LONG)  # enabled, and labelled with the version, once a row is selected
    undo.click()
    result = page.locator(f"#{ids.HISTORY_RESULT}")
    expect(result).to_contain_text("Chưa ghi gì", timeout=LONG)  # the preview first
    page.click(f"#{ids.HISTORY_UNDO_CONFIRM}")
    expect(result).to_contain_text("Đã hoàn tác", timeout=LONG)
    page.goto(app_url + "/")
    expect(page.locator(f"#{ids.KPIS}")).to_contain_text("Quý IV/2025", timeout=LONG)  # the 2026 upload is undone
