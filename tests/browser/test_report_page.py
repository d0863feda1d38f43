"""The report page in headless Chromium: choose the unit and period, see the preview, download the DOCX and the PDF.

A file of its own so that, with whole files per worker, it runs beside the other browser files. It only reads
the store (the upload test of another file may add a quarter; the period is chosen, not taken by default).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.report.conftest import docx_text

pytestmark = pytest.mark.browser

CALLBACKS = re.compile(r"/_dash-update-component(\?|$)")  # Dash's callback requests (with a query string)
LONG = 60000  # ms: a condition that waits on a busy machine (the PDF is a second Chromium, in the app)
UNIT = "Đảng ủy phường Thanh Khê Tây"
PERIOD = "Quý II/2023"


class report:  # noqa: N801 - the ids of dashboard/pages/report.py (importing a page outside its app registers it)
    UNIT, PERIOD, PREVIEW, MESSAGE = "report-unit", "report-period", "report-preview", "report-message"
    DOWNLOAD_BUTTON, PDF_BUTTON = "report-download-button", "report-pdf-button"
    PDF_IDLE, PDF_BUSY, PDF_NOTE = "report-pdf-idle", "report-pdf-busy", "report-pdf-note"
    PDF_DOWNLOAD = "report-pdf-download"


def choose(page, dropdown: str, option: str) -> None:
    """Pick ``option`` in the Dash dropdown ``dropdown`` as a user does: open it, type to narrow, click it."""
    page.locator(f"#{dropdown}").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.locator(f"#{dropdown}")).to_contain_text(option)


def test_choose_preview_and_download_docx_and_pdf(app_url, page, tmp_path):
    page.goto(app_url + "/report")
    # The first preview is the latest period's report, computed cold (a term: five years of transforms); on a
    # machine busy with other tests that can pass a minute.
    page.settle(timeout=2 * LONG)
    choose(page, report.UNIT, UNIT)
    choose(page, report.PERIOD, PERIOD)

    # The page opens on the latest period: wait for the chosen one's report (computed on the server), then read it.
    preview = page.frame_locator(f"#{report.PREVIEW}")
    expect(preview.locator("p.summary")).to_have_text("kết quả công tác tuyên giáo quý II năm 2023", timeout=LONG)
    expect(preview.locator(".party")).to_have_text("ĐẢNG CỘNG SẢN VIỆT NAM")
    expect(preview.locator("h1")).to_have_text("BÁO CÁO")
    expect(preview.locator(".issuing")).to_have_text("ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY")
    expect(preview.locator(".place")).to_have_text("Thanh Khê Tây, ngày 30 tháng 6 năm 2023")

    docx_button = page.locator(f"#{report.DOWNLOAD_BUTTON}")
    expect(docx_button).to_be_enabled(timeout=LONG)
    with page.expect_download(timeout=LONG) as docx_download:
        docx_button.click()
    assert docx_download.value.suggested_filename == "bao-cao-thanh-khe-tay-2023-Q2.docx"
    saved = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(saved)
    text = docx_text(Document(str(saved)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY" in text
    assert "kết quả công tác tuyên giáo quý II năm 2023" in text

    # The browser tests' Chromium is the one the app prints with: the PDF is offered, not the note.
    pdf_button = page.locator(f"#{report.PDF_BUTTON}")
    expect(page.locator(f"#{report.PDF_NOTE}")).to_be_hidden()
    expect(pdf_button).to_be_enabled(timeout=LONG)
    expect(pdf_button).to_have_text("Tải về PDF", use_inner_text=True)  # the "making the PDF" label is hidden
    # Hold the PDF's request until the loading state has been seen, whatever the machine's speed: a routed
    # request stays paused in the browser until its handler answers, and the handler holds it until released
    # (one that reaches the handler after the release goes on at once).
    held = {"release": False, "routes": []}

    def hold(route):
        if held["release"] or f"{report.PDF_DOWNLOAD}.data" not in (route.request.post_data or ""):
            route.continue_()
        else:
            held["routes"].append(route)

    page.route(CALLBACKS, hold)
    with page.expect_download(timeout=LONG) as pdf_download:
        pdf_button.click()
        expect(page.locator(f"#{report.PDF_BUSY}")).to_be_visible()
        expect(page.locator(f"#{report.PDF_BUSY}")).to_contain_text("Đang tạo PDF")
        expect(page.locator(f"#{report.PDF_IDLE}")).to_be_hidden()
        expect(pdf_button).to_be_disabled()
        held["release"] = True
        for route in held["routes"]:
            route.continue_()
    page.unroute(CALLBACKS, hold)
    assert pdf_download.value.suggested_filename == "bao-cao-thanh-khe-tay-2023-Q2.pdf"
    assert Path(pdf_download.value.path()).read_bytes()[:5] == b"%PDF-"
    # Done: the button is back, with its label, and no error was shown.
    expect(pdf_button).to_be_enabled()
    expect(page.locator(f"#{report.PDF_IDLE}")).to_be_visible()
    expect(page.locator(f"#{report.PDF_BUSY}")).to_be_hidden()
    expect(page.locator(f"#{report.MESSAGE} .alert-danger")).to_have_count(0)
    page.screenshot_as("report-downloads")
    assert page.errors == []
