"""The /report page: its callbacks called directly, their access declarations, preview and download."""

from __future__ import annotations

import base64
import io

import pytest
from docx import Document

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
    src, message, disabled = page.show_preview(UNIT, "Q2 2023", 1, "vi")
    assert src.startswith("<!DOCTYPE html>") and "kết quả công tác tuyên giáo quý II năm 2023" in src
    assert message is None and disabled is False


def test_preview_of_a_period_without_a_conference(page):
    src, message, disabled = page.show_preview("Đảng ủy phường Xuân Hà", "2023", 1, "en")
    assert "không tổ chức hội nghị nào" in src and not disabled
    assert "held no conference in 2023" in str(message.children)


def test_a_hand_made_request_is_refused_not_crashed(page):
    src, message, disabled = page.show_preview("Đảng ủy phường Không Có", "Q2 2023", 1, "vi")
    assert src == "" and disabled is True and "không có đơn vị" in str(message.children)
    assert page.show_preview(None, None, 1, "vi")[2] is True
    from dash import no_update

    assert page.download_docx(1, UNIT, "13/2023") is no_update


def test_download_is_the_docx(page):
    sent = page.download_docx(1, UNIT, "Q2 2023")
    assert sent["filename"] == "bao-cao-thanh-khe-tay-2023-Q2.docx"
    data = base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()
    assert "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY" in docx_text(Document(io.BytesIO(data)))
