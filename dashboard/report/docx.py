"""The report as a Word document laid out per Hướng dẫn 36-HD/VPTW (03/4/2018).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times
New Roman throughout. Header: a borderless two-column table — left, the
superior committee in capitals (14, upright), the issuing committee (14,
bold), "*", the number line; right, "ĐẢNG CỘNG SẢN VIỆT NAM" (15, bold) with
a rule under it, then place and date (14, italic). "BÁO CÁO" (16, bold,
centred), the summary line (14, bold, centred) and "-----". Body 14,
justified, first-line indent 1 cm. Page numbers (14, centred, top) from page
2: the section has a different first page and the other pages' header holds
a PAGE field. Signature block right, "Nơi nhận:" left, in a borderless table.

Everything is a real paragraph or table with a named style (``Normal``,
``Heading 1–3`` and the ``BC …`` styles below), so a committee edits the
document in Word as it edits its own: no text boxes, no drawings.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from dashboard.report.content import (SUPERIOR_PLACEHOLDER, Bullet, FillIn, Heading, Paragraph, ReportContent, Table)

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_COLUMNS = (Cm(8.0), Cm(8.5))
BODY_SIZE, PARTY_SIZE, TITLE_SIZE, TABLE_SIZE, RECIPIENT_SIZE = 14, 15, 16, 12, 12
FIRST_LINE_INDENT = Cm(1)
# "ĐẢNG CỘNG SẢN VIỆT NAM" at 15 pt bold is ≈ 7,3 cm wide: the rule under it is as long (36-HD).
PARTY_RULE_WIDTH = Cm(7.3)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}

# Styles the document defines (name → base style, size, bold, italic, alignment, first-line indent).
STYLES = {
    "BC Đầu văn bản": ("Normal", BODY_SIZE, False, False, "center", None),
    "BC Tên loại": ("Normal", TITLE_SIZE, True, False, "center", None),
    "BC Trích yếu": ("Normal", BODY_SIZE, True, False, "center", None),
    "BC Gạch đầu dòng": ("Normal", BODY_SIZE, False, False, "justify", FIRST_LINE_INDENT),
    "BC Bổ sung": ("Normal", BODY_SIZE, False, True, "justify", FIRST_LINE_INDENT),
    "BC Bảng": ("Normal", TABLE_SIZE, False, False, "left", None),
    "BC Chữ ký": ("Normal", BODY_SIZE, True, False, "center", None),
    "BC Nơi nhận": ("Normal", RECIPIENT_SIZE, False, False, "left", None),
}


def render_docx(content: ReportContent) -> bytes:
    """The report as DOCX bytes."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _properties(doc, content)
    _header(doc, content)
    doc.add_paragraph(content.title, style="BC Tên loại").paragraph_format.space_before = Pt(12)
    doc.add_paragraph(content.summary, style="BC Trích yếu")
    doc.add_paragraph("-----", style="BC Đầu văn bản").paragraph_format.space_after = Pt(12)
    _blocks(doc, content.body)
    _signature(doc, content)
    if content.appendix:
        _appendix(doc, content)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- Page and styles ------------------------------------------------------------------------------

def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = section.footer_distance = Mm(10)
    # No number on the first page; the others' header carries a PAGE field.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.style = doc.styles["Normal"]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Cm(0)
    _field(number, "PAGE")


def _field(paragraph, instruction: str) -> None:
    """A Word field (``PAGE``): begin, instruction, separate, a placeholder result, end."""
    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("2")
    paragraph.add_run()._r.append(char("end"))


def _fonts(font, size: int | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman for every script (Vietnamese letters fall in several), black, no theme font."""
    font.name = FONT
    fonts = font._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


# Elements that come after the ones added by hand, in the schema's order (Word refuses misordered XML).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal.font, BODY_SIZE, False, False)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().insert_element_before(lang, *_AFTER_LANG)
    body = normal.paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = FIRST_LINE_INDENT
    body.space_before, body.space_after, body.line_spacing = Pt(0), Pt(6), 1.0
    for level in (1, 2, 3):
        heading = doc.styles[f"Heading {level}"]
        _fonts(heading.font, BODY_SIZE, True, level == 3)
        fmt = heading.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if level == 3 else WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(0) if level == 3 else FIRST_LINE_INDENT
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(6), Pt(6), True
    for name, (base, size, bold, italic, align, indent) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
        style.quick_style = True
        _fonts(style.font, size, bold, italic)
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align == "justify" else ALIGN[align]
        fmt.first_line_indent = indent if indent is not None else Cm(0)
        if name in ("BC Đầu văn bản", "BC Bảng", "BC Chữ ký", "BC Nơi nhận", "BC Tên loại", "BC Trích yếu"):
            fmt.space_after = Pt(0)


def _properties(doc, content: ReportContent) -> None:
    properties = doc.core_properties
    properties.title = f"Báo cáo {content.summary}"
    properties.subject = content.unit
    properties.author = content.unit
    properties.language = "vi-VN"
    stamp = datetime(content.date.year, content.date.month, content.date.day)
    properties.created = properties.modified = stamp
    properties.last_modified_by = content.unit
    properties.revision = 1


# --- Header ---------------------------------------------------------------------------------------

def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _fixed(table, widths) -> None:
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for column, width in zip(table.columns, widths):
        column.width = width


def _line(cell_or_doc, text: str, style: str, size: int, bold: bool = False, italic: bool = False,
          first: bool = False, mark: bool = False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.style = style
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    if mark:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def _header(doc, content: ReportContent) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _fixed(table, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    style = "BC Đầu văn bản"
    _line(left, content.superior_line, style, BODY_SIZE, first=True, mark=content.superior_line == SUPERIOR_PLACEHOLDER)
    _line(left, content.issuing_line, style, BODY_SIZE, bold=True)
    _line(left, "*", style, BODY_SIZE)
    _line(left, content.number_line, style, BODY_SIZE)
    party = _line(right, content.party, style, PARTY_SIZE, bold=True, first=True)
    _rule_under(party)
    _line(right, "", style, BODY_SIZE)
    _line(right, content.place_date, style, BODY_SIZE, italic=True)


def _rule_under(paragraph) -> None:
    """A single rule under the paragraph, as long as its text: a bottom border between equal indents."""
    width = HEADER_COLUMNS[1] - Cm(0.38)  # less the cell's default left and right margins
    indent = max(int((width - PARTY_RULE_WIDTH) / 2), 0)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


# --- Body -----------------------------------------------------------------------------------------

def _blocks(doc, blocks) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(block.text, style=f"Heading {min(block.level, 3)}")
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(style="Normal")
            paragraph.add_run(block.text).italic = block.italic or None
        elif isinstance(block, Bullet):
            doc.add_paragraph(f"- {block.text}", style="BC Gạch đầu dòng")
        elif isinstance(block, FillIn):
            paragraph = doc.add_paragraph(style="BC Bổ sung")
            paragraph.add_run(block.text).font.highlight_color = WD_COLOR_INDEX.YELLOW
            doc.add_paragraph("", style="Normal")
        elif isinstance(block, Table):
            _table(doc, block)


def _table(doc, block: Table) -> None:
    columns = len(block.header)
    table = doc.add_table(rows=1, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    scale = TEXT_WIDTH / sum(block.widths)
    widths = [int(w * scale) for w in block.widths]
    for cell, text in zip(table.rows[0].cells, block.header):
        _cell(cell, text, "center", bold=True)
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        if row.kind == "group":
            merged = cells[0].merge(cells[-1])
            _cell(merged, row.cells[0], "left", bold=True, italic=True)
            continue
        for cell, text, align in zip(cells, row.cells, block.align):
            _cell(cell, text, align, bold=row.kind == "total")
    _fixed(table, widths)
    doc.add_paragraph("", style="BC Bảng")


def _cell(cell, text: str, align: str, bold: bool = False, italic: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "BC Bảng"
    paragraph.alignment = ALIGN[align]
    run = paragraph.add_run(text)
    run.font.bold, run.font.italic = bold or None, italic or None


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _signature(doc, content: ReportContent) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    _fixed(table, (Cm(8.0), Cm(8.5)))
    left, right = table.rows[0].cells
    recipients = _line(left, "Nơi nhận:", "BC Nơi nhận", BODY_SIZE, first=True)
    recipients.runs[0].font.underline = True
    for line in content.recipients:
        _line(left, line, "BC Nơi nhận", RECIPIENT_SIZE, mark=SUPERIOR_PLACEHOLDER in line)
    for i, line in enumerate(content.signature):
        _line(right, line, "BC Chữ ký", BODY_SIZE, bold=True, first=i == 0)
    for _ in range(3):
        _line(right, "", "BC Chữ ký", BODY_SIZE)
    _line(right, content.signer, "BC Chữ ký", BODY_SIZE, bold=True, mark=True)


def _appendix(doc, content: ReportContent) -> None:
    doc.add_paragraph(style="BC Đầu văn bản").add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("PHỤ LỤC", style="BC Trích yếu")
    doc.add_paragraph("Kết quả học tập, quán triệt văn bản theo chi bộ", style="BC Trích yếu")
    note = doc.add_paragraph(style="BC Đầu văn bản")
    note.add_run(f"(Kèm theo Báo cáo {content.number_line.removeprefix('Số').strip()} ngày "
                 f"{content.date:%d/%m/%Y} của Ban Thường vụ {content.committee_name})").italic = True
    note.paragraph_format.space_after = Pt(12)
    for number, item in enumerate(content.appendix, start=1):
        doc.add_paragraph(f"{number}. {item.name}", style="Heading 3")
        _table(doc, item.table)
