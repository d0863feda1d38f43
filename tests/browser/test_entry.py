"""Staff enter one conference on /entry by hand (preview, confirm, then find it on /conferences), and fill the
form from the founding post's text (each field with the sentence it came from) and preview it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids

pytestmark = pytest.mark.browser

LONG = 60000  # ms
UNIT = "Đảng ủy phường Thanh Khê Tây"
FOUNDING_POST = Path(__file__).resolve().parents[1] / "extract" / "cases" / "00-thanh-khe-tay-2023-04-27.txt"
TITLE = "Hội nghị nhập tay chuyên đề Quý IV năm 2022"


def choose(page, dropdown: str, option: str, multi: bool = False) -> None:
    """Pick ``option`` in the Dash dropdown ``dropdown``: open it, type to narrow, click it."""
    page.locator(f"#{dropdown}").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    if multi:
        page.keyboard.press("Escape")
    expect(page.locator(f"#{dropdown}")).to_contain_text(option)


def edit_cell(page, row: int, column: str, value: str) -> None:
    cell = page.locator(f"#{ids.ENTRY_ATTENDANCE} .ag-center-cols-container .ag-row[row-index='{row}'] "
                        f"[col-id='{column}']")
    cell.click()
    editor = cell.locator("input")
    expect(editor).to_be_visible()
    editor.fill(value)
    editor.press("Enter")
    expect(cell).to_have_text(value)


def test_staff_enter_a_conference_by_hand_and_find_it(app_url, page):
    page.login(app_url, "lan", "/entry")
    expect(page.locator("h1").first).to_have_text("Nhập hội nghị")
    expect(page.locator(f"#{ids.ENTRY_UNIT}")).to_contain_text(UNIT)
    expect(page.locator(f"#{ids.ENTRY_ID}")).to_have_value(re.compile(r"^HN-\d{8}-[0-9A-F]{4}$"))
    page.fill(f"#{ids.ENTRY_ID}", "HN-20221115-TAY1")
    page.fill(f"#{ids.ENTRY_DATE}", "2022-11-15")
    choose(page, ids.ENTRY_SESSION, "Sáng")
    page.fill(f"#{ids.ENTRY_TITLE}", TITLE)
    choose(page, ids.ENTRY_KIND, "Chuyên đề")
    choose(page, ids.ENTRY_ORGANIZER, UNIT)
    page.fill(f"#{ids.ENTRY_LOCATION}", "Hội trường phường")
    page.locator(f"#{ids.ENTRY_DOCS_STUDIED}").click()
    page.keyboard.type("35-NQ/TW")
    page.get_by_role("option", name="Nghị quyết số 35-NQ/TW ngày 22/10/2018", exact=False).first.click()
    page.keyboard.press("Escape")
    expect(page.locator(f"#{ids.ENTRY_DOCS_STUDIED}")).to_contain_text("35-NQ/TW")
    page.fill(f"#{ids.ENTRY_SPEAKERS}", "Lê Văn Cương")
    page.fill(f"#{ids.ENTRY_TOTAL}", "60")
    edit_cell(page, 0, "attendees", "20")
    edit_cell(page, 0, "party_members", "15")
    page.click(f"#{ids.ENTRY_PREVIEW}")
    result = page.locator(f"#{ids.ENTRY_RESULT}")
    expect(result).to_contain_text("Tệp hợp lệ", timeout=LONG)
    expect(result).to_contain_text(TITLE)
    confirm = page.locator(f"#{ids.ENTRY_CONFIRM}")
    expect(confirm).to_be_enabled(timeout=LONG)
    confirm.click()
    expect(result).to_contain_text("Đã ghi", timeout=LONG)
    expect(confirm).to_be_disabled()
    # Opened again from the store: the attendance typed in the grid was saved (and saving again replaces it).
    choose(page, ids.ENTRY_OPEN, f"15/11/2022 · {TITLE} (HN-20221115-TAY1)")
    expect(page.locator(f"#{ids.ENTRY_TITLE}")).to_have_value(TITLE)
    first = f"#{ids.ENTRY_ATTENDANCE} .ag-center-cols-container .ag-row[row-index='0']"
    expect(page.locator(f"{first} [col-id='attendees']")).to_have_text("20")
    expect(page.locator(f"{first} [col-id='party_members']")).to_have_text("15")
    page.goto(app_url + "/conferences?from=2022-Q4&to=2022-Q4")
    expect(page.locator(f"#{ids.CONFERENCE_GRID}")).to_contain_text(TITLE, timeout=LONG)
    # And on the overview: among the quarter's latest conferences.
    page.goto(app_url + "/?from=2022-Q4&to=2022-Q4")
    expect(page.locator(f"#{ids.LATEST_GRID}")).to_contain_text(TITLE, timeout=LONG)
    assert page.errors == []


def test_fill_from_the_founding_post_then_preview(app_url, page):
    page.login(app_url, "lan", "/entry")
    page.fill(f"#{ids.ENTRY_POST}", FOUNDING_POST.read_text(encoding="utf-8"))
    page.click(f"#{ids.ENTRY_FILL}")
    expect(page.locator(f"#{ids.ENTRY_FILL_STATUS}")).to_contain_text("Đã điền", timeout=LONG)
    expect(page.locator(f"#{ids.ENTRY_DATE}")).to_have_value("2023-04-27")
    expect(page.locator(f"#{ids.ENTRY_SESSION}")).to_contain_text("Chiều")
    expect(page.locator(f"#{ids.ENTRY_TITLE}")).to_have_value("Hội nghị thông tin thời sự Quý II năm 2023")
    expect(page.locator(f"#{ids.ENTRY_DOCS_STUDIED}")).to_contain_text("85-QĐ/TW")
    expect(page.locator(f"#{ids.ENTRY_DOCS_DISSEMINATED}")).to_contain_text("35-NQ/TW")
    expect(page.locator(f"#{ids.ENTRY_NOTE}-date")).to_contain_text("chiều ngày 27/4/2023")
    expect(page.locator(f"#{ids.ENTRY_NOTE}-attendees_total")).to_contain_text("Không tìm thấy")
    page.click(f"#{ids.ENTRY_PREVIEW}")
    result = page.locator(f"#{ids.ENTRY_RESULT}")
    # The founding conference is in the sample store already (another id): the preview shows it all the same.
    expect(result).to_contain_text("Hội nghị thông tin thời sự Quý II năm 2023", timeout=LONG)
    assert page.errors == []
