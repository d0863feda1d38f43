"""Hostile upload files, built in code: each is small to send and costly to read naively.

Shared by ``test_hostile_uploads.py`` and ``measure_hostile.py`` (the figures
quoted in the ingest guard's docstring).
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

from dashboard.ingest import UploadFile

from tests.ingest.helpers import ATTENDANCE, CELL

ATT_HEAD = "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"


def wide_csv(columns: int) -> UploadFile:
    """A header row of ``columns`` short headers and one row of as many values."""
    header = ",".join(["Số người dự", *(f"c{i}" for i in range(columns - 1))])
    return UploadFile(f"wide-{columns}.csv", (header + "\n" + "1," * (columns - 1) + "1\n").encode())


def million_columns_csv() -> UploadFile:
    """10⁶ columns in 2 MB: a header of one-letter names."""
    return UploadFile("columns-1e6.csv", ("a," * 1_000_000 + "a\n" + "1\n").encode())


def long_line_csv(length: int = 4_000_000) -> UploadFile:
    """An attendance file with one 4 MB line (no quotes: the fast reader takes it)."""
    return UploadFile("long-line.csv", (ATT_HEAD + f"HN-1,{'x' * length},1,\n").encode())


def big_field_csv(lines: int = 300) -> UploadFile:
    """A quoted cell of 300 short lines (≈ 300 KB): above the csv module's 128 KB field limit."""
    field = ("Chi bộ " * 140 + "\n") * lines
    return UploadFile("big-field.csv", (ATT_HEAD + f'HN-1,"{field}",1,\n').encode())


def count_csv(value: str, name: str = "counts.csv") -> UploadFile:
    """Three attendance rows whose head count is ``value`` as written."""
    rows = "".join(f"HN-1,{CELL} {i},{value},\n" for i in range(3))
    return UploadFile(name, (ATT_HEAD + rows).encode())


def _workbook(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows or [r.split(",") for r in ATTENDANCE.strip().splitlines()]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(content: bytes, member: str, change, level: int = 6) -> bytes:
    """The workbook with one member's text passed through ``change`` (other members copied)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = change(data)
            target.writestr(info.filename, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _dimension(xml: bytes, ref: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml)


def declared_dimension_xlsx() -> UploadFile:
    """A normal sheet with a note on row 20000, whose ``<dimension>`` claims Excel's whole grid (A1:XFD1048576)."""
    note = b'<row r="20000"><c r="A20000" t="inlineStr"><is><t>Ghi chu</t></is></c></row></sheetData>'
    content = _rewrite(_workbook(), SHEET,
                       lambda xml: _dimension(xml, b"A1:XFD1048576").replace(b"</sheetData>", note))
    return UploadFile("dimension.xlsx", content)


def sparse_cell_xlsx() -> UploadFile:
    """A normal sheet plus one value at XFD1000000 (the last column, row one million), dimension as Excel writes it."""
    far = b'<row r="1000000"><c r="XFD1000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    content = _rewrite(_workbook(), SHEET,
                       lambda xml: _dimension(xml, b"A1:XFD1000000").replace(b"</sheetData>", far))
    return UploadFile("sparse.xlsx", content)


def bomb_xlsx(rows: int = 250_000) -> UploadFile:
    """≈ 100 MB of ordinary-looking rows (ten cells each) that compress to a few hundred KB."""
    def grow(xml: bytes) -> bytes:
        cells = b"".join(b'<c t="inlineStr"><is><t>%d</t></is></c>' % i for i in range(10))
        body = b"<row>" + cells + b"</row>"
        grown = xml.replace(b"</sheetData>", body * rows + b"</sheetData>")
        return _dimension(grown, b"A1:J%d" % (rows + 3))
    return UploadFile("bomb.xlsx", _rewrite(_workbook(), SHEET, grow, level=9))


def whitespace_bomb_xlsx(megabytes: int = 100) -> UploadFile:
    """A sheet padded with ``megabytes`` MB of blanks: ≈ 1000:1 compression."""
    pad = b" " * (megabytes * 1_000_000)
    content = _rewrite(_workbook(), SHEET, lambda xml: xml.replace(b"</sheetData>", pad + b"</sheetData>"), level=9)
    return UploadFile("blank-bomb.xlsx", content)


def corrupt_xlsx() -> UploadFile:
    """A workbook cut in half: the zip's central directory is gone."""
    content = _workbook()
    return UploadFile("corrupt.xlsx", content[: len(content) // 2])


def bad_sheet_xlsx() -> UploadFile:
    """A valid zip whose sheet XML is broken."""
    return UploadFile("bad-sheet.xlsx", _rewrite(_workbook(), SHEET, lambda xml: xml[: len(xml) // 2]))


def big_number_xlsx(value: object) -> UploadFile:
    """An attendance sheet whose head count is a native Excel number."""
    rows = [r.split(",") for r in ATTENDANCE.strip().splitlines()]
    rows[1][2] = value
    return UploadFile("numbers.xlsx", _workbook(rows))


def slow_xlsx(rows: int = 80_000) -> UploadFile:
    """800.000 ordinary cells: within every scan's limits, and several seconds of openpyxl on any machine."""
    def grow(xml: bytes) -> bytes:
        body = b"".join(b'<row r="%d">' % (r + 4) + b"".join(
            b'<c t="inlineStr"><is><t>%d</t></is></c>' % (r * 10 + c) for c in range(10)) + b"</row>"
            for r in range(rows))
        return _dimension(xml.replace(b"</sheetData>", body + b"</sheetData>"), b"A1:J%d" % (rows + 3))
    return UploadFile("slow.xlsx", _rewrite(_workbook(), SHEET, grow))


def attendance_csv(rows: int = 7000, name: str = "big-attendance.csv") -> UploadFile:
    """An ordinary attendance file above the in-process size (≈ 300 KB): read in the child."""
    lines = "".join(f"HN-1,{CELL} {i},{i % 50},\n" for i in range(rows))
    return UploadFile(name, (ATT_HEAD + lines).encode())
