"""The DOCX layout: Hướng dẫn 36-HD/VPTW's page, margins, fonts and header, page numbers, editable structure."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from dashboard.report import build_report, render, report_content
from dashboard.report.content import SUPERIOR_PLACEHOLDER
from tests.report.conftest import docx_text

FONT = "Times New Roman"


def size(run, paragraph) -> Pt:
    return run.font.size or paragraph.style.font.size


def header_cells(document):
    left, right = document.tables[0].rows[0].cells
    return [p for p in left.paragraphs], [p for p in right.paragraphs]


def test_a4_portrait_and_margins(q2_docx):
    section = q2_docx.sections[0]
    mm = {name: round(getattr(section, name).mm, 1) for name in
          ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")}
    assert (mm["page_width"], mm["page_height"]) == (210, 297)  # stored in twips: 11906 × 16838
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    assert section.orientation == 0  # portrait


def test_times_new_roman_everywhere(q2, q2_docx):
    normal = q2_docx.styles["Normal"]
    assert normal.font.name == FONT and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    xml = render(q2, "docx")
    styles = zipfile.ZipFile(io.BytesIO(xml)).read("word/styles.xml").decode()
    for style in ("Heading 1", "Heading 2", "Heading 3", "BC Tên loại", "BC Bảng"):
        assert q2_docx.styles[style].font.name == FONT
    # No heading falls back to the theme's font.
    assert 'w:asciiTheme="majorHAnsi"' not in styles.split('w:styleId="Heading1"')[1].split("</w:style>")[0]


def test_the_header_table(q2_docx):
    table = q2_docx.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and all(edge.get(qn("w:val")) == "nil" for edge in borders)
    left, right = header_cells(q2_docx)
    texts = [p.text for p in left]
    assert texts == ["ĐẢNG BỘ QUẬN THANH KHÊ", "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY", "*", "Số     -BC/ĐU"]
    superior, issuing, star, number = left
    assert superior.runs[0].font.bold is False and size(superior.runs[0], superior) == Pt(14)
    assert superior.runs[0].font.italic is False
    assert issuing.runs[0].font.bold is True and size(issuing.runs[0], issuing) == Pt(14)
    assert size(number.runs[0], number) == Pt(14) and not number.runs[0].font.bold
    assert all(p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left)
    party, _blank, place = right
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.runs[0].font.bold is True and size(party.runs[0], party) == Pt(15)
    rule = party._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "single"
    assert place.text == "Thanh Khê Tây, ngày 30 tháng 6 năm 2023"
    assert place.runs[0].font.italic is True and size(place.runs[0], place) == Pt(14)
    for paragraph in (*left, *right):
        for run in paragraph.runs:
            assert (run.font.name or paragraph.style.font.name) == FONT


def test_type_summary_and_body(q2_docx):
    paragraphs = q2_docx.paragraphs
    kind = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert kind.style.font.bold and Pt(15) <= kind.style.font.size <= Pt(16)
    assert kind.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = next(p for p in paragraphs if p.text == "kết quả công tác tuyên giáo quý II năm 2023")
    assert summary.style.font.bold and summary.style.font.size == Pt(14)
    assert summary.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = next(p for p in paragraphs if p.text.startswith("Thực hiện chương trình"))
    assert body.style.name == "Normal"
    fmt = body.style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and fmt.first_line_indent > 0
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["I. KẾT QUẢ THỰC HIỆN", "1. Tổ chức hội nghị"]
    assert "II. HẠN CHẾ" in headings and "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2023" in headings


def test_page_numbers_from_page_two(q2_docx):
    section = q2_docx.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header.paragraphs[0]
    instructions = [e.text.strip() for e in header._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_signature_and_recipients(q2_docx):
    found = [t for t in q2_docx.tables if any("T/M BAN THƯỜNG VỤ" in c.text for c in t.rows[0].cells)]
    assert len(found) == 1
    left, right = found[0].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:" and left.paragraphs[0].runs[0].font.underline
    assert [p.text for p in right.paragraphs][:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert right.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_real_tables_and_styles_no_text_boxes(q2, q2_docx):
    xml = zipfile.ZipFile(io.BytesIO(render(q2, "docx"))).read("word/document.xml").decode()
    assert "txbxContent" not in xml and "<w:drawing" not in xml and "<v:shape" not in xml
    conference = q2_docx.tables[1]
    assert conference.style.name == "Table Grid"
    assert [c.text for c in conference.rows[0].cells][:3] == ["STT", "Ngày", "Hội nghị"]
    appendix = [p.text for p in q2_docx.paragraphs if p.style.name == "Heading 3"]
    assert appendix == [f"{i}. {s.name}" for i, s in enumerate(q2.studies, start=1)]
    # One appendix table per document studied, each chi bộ on its row, a total row last.
    last = q2_docx.tables[-1]
    assert last.rows[-1].cells[1].text == "Tổng cộng"
    assert last.rows[-1].cells[2].text == f"{q2.studies[-1].total:,}".replace(",", ".")


def test_the_unknown_superior_is_a_marked_line(tables):
    content = report_content(tables, "Đảng bộ thành phố Đà Nẵng", "Quý III/2025")
    document = Document(io.BytesIO(render(content, "docx")))
    first = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert first.text == SUPERIOR_PLACEHOLDER
    assert first.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW


def test_build_report_formats(tables):
    docx = build_report(tables, "Đảng ủy phường Thanh Khê Tây", "Quý II/2023")
    assert docx[:2] == b"PK"
    html = build_report(tables, "Đảng ủy phường Thanh Khê Tây", "Quý II/2023", format="html")
    assert html.startswith(b"<!DOCTYPE html>")
    with pytest.raises(ValueError, match="docx"):
        build_report(tables, "Đảng ủy phường Thanh Khê Tây", "Quý II/2023", format="odt")
    assert "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY" in docx_text(Document(io.BytesIO(docx)))
