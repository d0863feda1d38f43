"""The HTML print view: A4 @page, the same header and facts as the DOCX, and markup in the data shown as text."""

from __future__ import annotations

import pytest

from dashboard.i18n import fmt_number
from dashboard.ingest import commit_upload
from dashboard.report import render, report_content
from dashboard.settings import Settings
from dashboard.store import load
from tests.ingest.helpers import ATTENDANCE, CONFERENCES, ORGS, UNIT, csv_file

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TITLE = f"Hội nghị {SCRIPT} <b>đậm</b>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    store = tmp_path_factory.mktemp("hostile-report") / "store"
    conferences = CONFERENCES.replace("Hội nghị thông tin thời sự Quý II năm 2023", HOSTILE_TITLE)
    commit_upload([csv_file("orgs.csv", ORGS), csv_file("conf.csv", conferences), csv_file("att.csv", ATTENDANCE)],
                  store, settings=Settings.load(store=store, default_unit=UNIT))
    return load(store)


def test_page_setup_and_header(q2):
    page = render(q2, "html").decode("utf-8")
    assert "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm;" in page
    assert "@page :first { @top-center { content: none; } }" in page
    for line in (q2.superior_line, q2.issuing_line, q2.number_line, q2.party, q2.place_date, "BÁO CÁO", q2.summary,
                 "T/M BAN THƯỜNG VỤ", "Nơi nhận:"):
        assert line in page
    assert "<script" not in page


def test_same_numbers_as_the_docx(q2):
    page = render(q2, "html").decode("utf-8")
    assert f"{fmt_number(q2.total.attendees)} lượt người dự" in page
    assert all(f"{fmt_number(s.studied)}/{fmt_number(s.total)}" in page for s in q2.studies)


def test_a_hostile_title_is_escaped(hostile):
    content = report_content(hostile, UNIT, "Quý II/2023")
    assert content.conferences[0].title == HOSTILE_TITLE
    page = render(content, "html").decode("utf-8")
    assert "<script>" not in page and "<b>đậm" not in page
    assert "Hội nghị &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt;" in page
    # In the DOCX the title is plain text, as typed.
    from docx import Document
    import io
    from tests.report.conftest import docx_text

    assert HOSTILE_TITLE in docx_text(Document(io.BytesIO(render(content, "docx"))))
