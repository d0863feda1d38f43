"""The real app in headless Chromium: every page loads cleanly, the overview, chart tables, phone width, keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids

pytestmark = pytest.mark.browser

def test_an_unknown_page_says_so_without_console_errors(app_url, page):
    """(Every page of the app loads without a console error and with a heading: ``test_layout.py``, at both
    widths.)"""
    page.goto(app_url + "/no-such-page")
    page.settle()
    page.screenshot_as("no-such-page")
    assert page.errors == []
    assert page.locator("h1").count() >= 1


def test_overview_shows_the_quarter_and_kpis(app_url, page):
    page.goto(app_url + "/")
    page.settle()
    expect(page.locator(f"#{ids.KPIS}")).to_contain_text("Quý đang xem: Quý IV/2025")
    expect(page.locator(f"#{ids.ACTIVITY_CHART} .bars path").nth(10)).to_be_attached()
    # The date column is pinned: AG Grid draws each row in the pinned part and in the scrolling part.
    expect(page.locator(f"#{ids.LATEST_GRID} .ag-center-cols-container .ag-row")).to_have_count(10)


def test_a_charts_table_is_drawn_when_opened(app_url, page):
    """No table is sent with the charts; opening "Xem bảng số liệu" draws it, closing it removes it."""
    page.goto(app_url + "/attendance")
    page.settle()
    gaps = page.locator(f"#{ids.GAPS_CHART}").locator("xpath=ancestor::div[contains(@class, 'card-body')]")
    expect(page.locator("table.table")).to_have_count(0)
    gaps.locator("summary").click()
    expect(gaps.locator("table.table tbody tr").first).to_be_attached()
    expect(gaps.locator("table.table thead")).to_contain_text("Tổ chức")
    gaps.locator("summary").click()
    expect(gaps.locator("table.table")).to_have_count(0)


def test_phone_width(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    from tests.browser.conftest import Page

    phone = Page(context.new_page())
    phone.goto(app_url + "/")
    phone.settle()
    phone.screenshot_as("overview-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    assert phone.errors == []
    context.close()


def test_controls_are_reachable_by_keyboard(app_url, page):
    page.goto(app_url + "/")
    page.settle()
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(
            "() => { const e = document.activeElement; const box = e.closest('[id]'); return box ? box.id : e.tagName; }"))
    assert {ids.FILTER_FROM, ids.FILTER_KIND, ids.FILTER_CLEAR, "nav-attendance"} <= reached
