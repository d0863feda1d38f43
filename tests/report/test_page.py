"""The /report page: its callbacks called directly, their access declarations, preview and downloads (DOCX, PDF)."""

from __future__ import annotations

import base64
import io

import pytest
from docx import Document

from dashboard.report import pdf
from dashboard.ui.access import declared
from dashboard.settings import Settings
from dashboard.ui import context
from tests.report.conftest import UNIT, docx_text


@pytest.fixture(scope="module")
def page(sample_store_ro, tmp_path_factory):
    from dashboard.app import create_app

    folder = tmp_path_factory.mktemp("report-page")
    settings = Settings.load(store=sample_store_ro, samples="", auth_db=folder / "a.db", users_file=folder / "u.json")
    create_app(settings)  # pages register themselves with an app
    from dashboard.pages import report

    patch = pytest.MonkeyPatch()
    patch.setattr(context, "settings", lambda: settings)
    yield report
    patch.undo()


def test_every_callback_is_public(page):
    assert declared(page.show_preview) == ("public", None)
    assert declared(page.download_docx) == ("public", None)
    assert declared(page.download_pdf) == ("public", None)


def test_layout_offers_units_and_periods(page):
    layout = page.layout()
    found = {}

    def walk(node):
        if getattr(node, "id", None) in (page.UNIT, page.PERIOD):
            found[node.id] = node
        for child in (node.children if isinstance(getattr(node, "children", None), list)
                      else [getattr(node, "children", None)]):
            if child is not None and hasattr(child, "to_plotly_json"):
                walk(child)

    walk(layout)
    assert {o["value"] for o in found[page.UNIT].options} >= {UNIT, "Đảng ủy phường Thanh Khê"}
    assert found[page.UNIT].value == UNIT  # the unit with most conferences
    labels = [o["label"] for o in found[page.PERIOD].options]
    assert "Quý II/2023" in labels and "6 tháng đầu năm 2023" in labels and "Nhiệm kỳ 2020–2025" in labels


def test_preview_is_the_html_view(page):
    src, message, disabled, pdf_disabled = page.show_preview(UNIT, "Q2 2023", 1, "vi")
    assert src.startswith("<!DOCTYPE html>") and "kết quả công tác tuyên giáo quý II năm 2023" in src
    assert message is None and disabled is False
    assert pdf_disabled is (pdf.find_chromium() is None)


def test_preview_of_a_period_without_a_conference(page):
    src, message, disabled, _pdf = page.show_preview("Đảng ủy phường Xuân Hà", "2023", 1, "en")
    assert "không tổ chức hội nghị nào" in src and not disabled
    assert "held no conference in 2023" in str(message.children)


def test_a_hand_made_request_is_refused_not_crashed(page):
    src, message, disabled, pdf_disabled = page.show_preview("Đảng ủy phường Không Có", "Q2 2023", 1, "vi")
    assert src == "" and disabled is True and pdf_disabled is True and "không có đơn vị" in str(message.children)
    assert page.show_preview(None, None, 1, "vi")[2:] == (True, True)
    from dash import no_update

    assert page.download_docx(1, UNIT, "13/2023") is no_update
    sent, message = page.download_pdf(1, UNIT, "13/2023", "en")
    assert sent is no_update and "Could not make the PDF" in str(message.children)


def test_download_is_the_docx(page):
    sent = page.download_docx(1, UNIT, "Q2 2023")
    assert sent["filename"] == "bao-cao-thanh-khe-tay-2023-Q2.docx"
    data = base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()
    assert "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY" in docx_text(Document(io.BytesIO(data)))


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def _by_id(layout) -> dict:
    return {node.id: node for node in _walk(layout) if isinstance(getattr(node, "id", None), str)}


def test_the_pdf_button_sits_beside_the_docx_one_and_says_when_it_cannot_be_had(page, monkeypatch):
    monkeypatch.setattr(page, "find_chromium", lambda: "chromium")
    found = _by_id(page.layout())
    assert page.DOWNLOAD_BUTTON in found and page.PDF_BUTTON in found and page.PDF_DOWNLOAD in found
    assert "Tải về PDF" in str(found[page.PDF_IDLE].children) and found[page.PDF_BUSY].hidden is True
    assert found[page.PDF_NOTE].hidden is True
    assert page.show_preview(UNIT, "Q2 2023", 1, "vi")[3] is False
    monkeypatch.setattr(page, "find_chromium", lambda: None)
    found = _by_id(page.layout())
    assert found[page.PDF_NOTE].hidden is False and "Chromium" in found[page.PDF_NOTE].children
    assert page.show_preview(UNIT, "Q2 2023", 1, "vi")[3] is True  # shown, never enabled


def test_the_pdf_callback_shows_that_it_is_working(page):
    """While Chromium prints, the button is disabled and shows its "making the PDF" label (Dash's running)."""
    import dash
    from dash._callback import GLOBAL_CALLBACK_LIST

    # Registered, or already moved into the app by its first request.
    specs = [*GLOBAL_CALLBACK_LIST, *dash.get_app()._callback_list]
    spec = next(c for c in specs if f"{page.PDF_DOWNLOAD}.data" in c["output"])
    assert spec["running"]["running"] == {f"{page.PDF_BUTTON}.disabled": True, f"{page.PDF_IDLE}.hidden": True,
                                          f"{page.PDF_BUSY}.hidden": False}


def test_without_chromium_the_pdf_is_refused_in_the_chosen_language(page, monkeypatch):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    monkeypatch.setattr(page, "_PDFS", type(page._PDFS)())
    sent, message = page.download_pdf(1, UNIT, "Q2 2023", "vi")
    text = str(message.children)
    assert sent is no_update_value() and "Không tạo được PDF: Máy này không có Chromium" in text
    assert ".docx" in text and "no Chromium" not in text  # the chosen language's half of the reason


def test_a_slow_chromium_is_stopped_at_the_time_limit(page, monkeypatch, tmp_path):
    slow = tmp_path / "chromium"
    slow.write_text("#!/bin/sh\nsleep 30 &\nwait\n")
    slow.chmod(0o755)
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(slow))
    monkeypatch.setattr(page, "PDF_TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(page, "_PDFS", type(page._PDFS)())
    import time

    started = time.monotonic()
    sent, message = page.download_pdf(1, UNIT, "Q2 2023", "en")
    assert time.monotonic() - started < 15  # its helper processes are stopped with it, not waited for
    assert sent is no_update_value() and "did not print the PDF within 1 s" in str(message.children)


def test_a_second_pdf_in_the_same_worker_is_told_to_wait_not_queued(page, monkeypatch):
    monkeypatch.setattr(page, "_PDFS", type(page._PDFS)())
    assert page._PDF_SLOT.acquire(blocking=False)  # another request is printing
    try:
        sent, message = page.download_pdf(1, UNIT, "Q2 2023", "vi")
    finally:
        page._PDF_SLOT.release()
    assert sent is no_update_value() and "đang tạo một bản PDF khác" in str(message.children)


@pytest.mark.skipif(pdf.find_chromium() is None, reason="needs Chromium (Debian's chromium, as the browser tests)")
def test_download_is_the_pdf_and_is_kept(page, monkeypatch):
    monkeypatch.setattr(page, "_PDFS", type(page._PDFS)())
    sent, message = page.download_pdf(1, UNIT, "Q2 2023", "vi")
    assert message is no_update_value() and sent["filename"] == "bao-cao-thanh-khe-tay-2023-Q2.pdf"
    data = base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()
    assert data.startswith(b"%PDF-")
    monkeypatch.setattr(page, "render_pdf", lambda *_a, **_k: pytest.fail("printed again"))
    again, _ = page.download_pdf(2, UNIT, "Q2 2023", "vi")
    assert again["content"] == sent["content"]


def no_update_value():
    from dash import no_update

    return no_update


def test_the_page_opens_on_the_latest_closed_period(page, sample_store_ro):
    """Not the current term (Nhiệm kỳ 2025–2030), which ends years after the data and would be an empty report."""
    from dashboard.store import load

    tables = load(sample_store_ro)
    latest = max(tables.conferences["quarter"].dropna().unique())
    chosen = page.default_period(tables)
    offered = [o["value"] for o in page.period_options(tables, "vi")]
    assert chosen in offered and offered[0] != chosen  # the term comes first in the list, but is not chosen
    from dashboard.contract.periods import parse_period

    assert parse_period(chosen).last == latest
