"""The real app in headless Chromium: filters live in the URL, clicks cross-filter, details open, the language switches.

A file of its own so that, with whole files per worker, the browser tests spread over both workers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids

pytestmark = pytest.mark.browser


def test_filter_change_updates_charts_and_url(app_url, page):
    page.goto(app_url + "/")
    page.settle()
    bars = f"#{ids.ACTIVITY_CHART} .bars path"
    expect(page.locator(bars).first).to_be_attached()
    before = page.locator(bars).count()
    page.locator(f"#{ids.FILTER_KIND}").click()
    page.get_by_role("option", name="Chuyên đề").click()
    page.keyboard.press("Escape")
    expect(page.page).to_have_url(re.compile(r"kind=chuyen_de"))
    # Wait for the condition itself (the chart redrawn with fewer bars), not for a time: a busy machine is slow.
    page.wait_for_function("([s, n]) => { const c = document.querySelectorAll(s).length; return c > 0 && c < n; }",
                           arg=[bars, before], timeout=60000)


def test_shared_url_restores_the_view_and_back_works(app_url, page):
    page.goto(app_url + "/?from=2023-Q1&to=2023-Q2&kind=hoc_tap_quan_triet")
    page.settle()
    expect(page.locator(f"#{ids.KPIS}")).to_contain_text("Quý II/2023")
    expect(page.locator(f"#{ids.FILTER_KIND}")).to_contain_text("Học tập, quán triệt")
    page.locator(f"#{ids.FILTER_CLEAR}").click()
    expect(page.page).not_to_have_url(re.compile(r"kind="))
    page.go_back()
    expect(page.page).to_have_url(re.compile(r"kind=hoc_tap_quan_triet"))
    expect(page.locator(f"#{ids.FILTER_KIND}")).to_contain_text("Học tập, quán triệt")


def test_click_on_a_bar_cross_filters(app_url, page):
    page.goto(app_url + "/attendance")
    page.settle()
    bar = page.locator(f"#{ids.MIX_CHART} .bars path").first
    expect(bar).to_be_attached()
    bar.click(force=True)
    expect(page.page).to_have_url(re.compile(r"org_type=\w+"), timeout=60000)
    expect(page.locator(f"#{ids.FILTER_SUMMARY}")).to_have_text(re.compile(r"^Đang lọc"), timeout=60000)


def test_language_switch(app_url, page):
    page.goto(app_url + "/attendance")
    page.settle()
    expect(page.get_by_role("heading", name="Thành phần dự", exact=True)).to_have_count(1)
    page.locator(f"#{ids.LANG_LINKS}-en").click()
    expect(page.page).to_have_url(re.compile(r"/attendance$"))
    expect(page.get_by_role("heading", name="Attendance", exact=True)).to_have_count(1)
    expect(page.locator(f"#{ids.MIX_CHART}")).to_contain_text("Attendee mix by organisation type", timeout=60000)
    page.locator(f"#{ids.LANG_LINKS}-vi").click()
    expect(page.get_by_role("heading", name="Thành phần dự", exact=True)).to_have_count(1)


def test_conference_detail(app_url, page):
    page.goto(app_url + "/conferences?from=2023-Q2&to=2023-Q2&kind=thong_tin_thoi_su")
    page.settle()
    page.locator(f"#{ids.CONFERENCE_GRID} .ag-row").first.click()
    detail = page.locator(f"#{ids.CONFERENCE_DETAIL}")
    expect(detail).to_contain_text("Hội nghị thông tin thời sự Quý II năm 2023", timeout=60000)
    expect(detail).to_contain_text("27/04/2023")
    expect(detail).to_contain_text(
        "Quy định số 85-QĐ/TW — Về việc cán bộ, đảng viên thiết lập và sử dụng trang thông tin điện tử")
    expect(detail).to_contain_text("Chi bộ khu dân cư số 1")


def test_topics_drill_into_a_document(app_url, page):
    page.goto(app_url + "/topics")
    page.settle()
    page.locator(f"#{ids.DOCUMENT_PICK}").click()
    page.keyboard.type("85-QĐ/TW")
    page.keyboard.press("Enter")
    detail = page.locator(f"#{ids.DOCUMENT_DETAIL}")
    expect(detail).to_contain_text("Quy định số 85-QĐ/TW", timeout=60000)
    expect(detail).to_contain_text("Hội nghị")


def test_period_picker_and_predecessors_switch(app_url, page):
    from urllib.parse import quote

    period, switch, summary = (page.locator(f"#{ids.FILTER_PERIOD}"), page.locator(f"#{ids.FILTER_PREDECESSORS}"),
                               page.locator(f"#{ids.FILTER_SUMMARY}"))
    page.goto(app_url + "/?unit=" + quote("Đảng ủy phường Thanh Khê"))
    # The new ward includes the five it absorbed, and says so.
    expect(summary).to_contain_text("gồm Chính Gián, Thanh Khê Tây", timeout=60000)
    expect(summary).to_contain_text("trước 01/07/2025")
    expect(switch).to_be_checked()
    expect(switch).to_be_enabled()
    period.click()
    page.get_by_role("option", name="6 tháng đầu năm 2024", exact=True).click()
    expect(page.page).to_have_url(re.compile(r"from=2024-Q1&to=2024-Q2"), timeout=60000)
    expect(page.locator(f"#{ids.FILTER_FROM}")).to_contain_text("Quý I/2024")
    expect(page.locator(f"#{ids.FILTER_TO}")).to_contain_text("Quý II/2024")
    expect(summary).to_contain_text("Đang lọc: 6 tháng đầu năm 2024")
    conferences = page.locator("#kpi-kpi_conferences")
    expect(page.locator(f"#{ids.KPIS}")).to_contain_text("Quý đang xem: Quý II/2024", timeout=60000)
    expect(conferences).to_have_text("2", timeout=60000)  # Q2/2024 of the wards it absorbed
    switch.uncheck()
    expect(page.page).to_have_url(re.compile(r"predecessors=0"), timeout=60000)
    expect(summary).to_contain_text("không gồm đơn vị trước sáp nhập")
    # Without its predecessors the new ward has nothing before 1/7/2025.
    expect(conferences).to_have_text("0", timeout=60000)
    # The address reproduces the view: the period, the range and the switch.
    page.goto(page.url)
    expect(period).to_contain_text("6 tháng đầu năm 2024", timeout=60000)
    expect(switch).not_to_be_checked()
    page.locator(f"#{ids.FILTER_CLEAR}").click()
    expect(page.page).not_to_have_url(re.compile(r"from=|predecessors=|unit="), timeout=60000)
    expect(period).not_to_contain_text("6 tháng đầu năm 2024")
    expect(switch).to_be_checked()
    expect(switch).to_be_disabled()  # no unit: nothing to include
    assert page.errors == []
