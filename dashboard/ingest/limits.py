"""What one upload file may cost, checked before it is parsed: cheap scans of bytes, zip headers and sheet XML.

A ward's file has a dozen columns and a few hundred rows; the limits below
leave room for a province's file many times larger, and refuse what only a
broken or hostile file looks like: 10⁶ columns, a 4 MB line, a sheet that
claims Excel's whole grid, a workbook that unpacks to 200 times its size.
Each scan is linear in the bytes, in C (``bytes.count``, regular
expressions with a literal prefix, zlib), and streams the workbook's parts,
so checking costs ≈ 1,2 s per 100 MB unpacked (measured). Every refusal is a
``Problem`` saying what to do.

What a scan cannot see (say, a cell reference written with XML character
references) is still bounded: ``dashboard.ingest.guard`` parses in a process
with a time and memory limit.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

import numpy as np

from dashboard.errors import Problem

MAX_COLUMNS = 200
"""Columns of a CSV header or of a sheet's used range (the templates have 5 to 15)."""
CELLS_PER_UPLOAD_MB = 250_000
"""CSV cells allowed per megabyte of ``max_upload_mb``: 5 million at the default 20 MB."""
XLSX_CELLS_PER_UPLOAD_MB = 50_000
"""Sheet cells allowed per megabyte of ``max_upload_mb`` (1 million at 20 MB): openpyxl reads ≈ 25.000 a second."""
MAX_LINE_BYTES = 64 * 1024
"""Longest CSV line; the csv module's own field limit (128 KB) is reported as a problem too."""
XLSX_UNPACKED_PER_UPLOAD_BYTE = 10
"""A workbook's parts may unpack to 10 × ``max_upload_mb`` in all (200 MB at the default)."""
XLSX_MAX_RATIO = 100
"""Largest unpacked/packed ratio of a part, or of the whole workbook, above 1 MB (Apache POI's zip-bomb rule).

Excel's own parts compress 5 to 20 times."""
XLSX_RATIO_FROM_BYTES = 1_000_000
XLSX_MAX_MEMBERS = 1000
"""Parts of a workbook (a workbook with 20 sheets has ≈ 50)."""
EXCEL_MAX_ROW = 1_048_576

_SCAN_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any pattern below, so a match cut by a chunk boundary is seen whole


def csv_cell_limit(max_bytes: int) -> int:
    return max(1, int(CELLS_PER_UPLOAD_MB * max_bytes / 1_000_000))


def xlsx_cell_limit(max_bytes: int) -> int:
    return max(1, int(XLSX_CELLS_PER_UPLOAD_MB * max_bytes / 1_000_000))


def _number(value: int) -> str:
    """``1.048.576``: Vietnamese thousands, as the messages show counts."""
    return f"{value:,}".replace(",", ".")


# --- CSV ---------------------------------------------------------------------------

def csv_problems(name: str, text: str, delimiter: str, max_bytes: int) -> list[Problem]:
    """Columns, line length and cells of decoded CSV text, before any parsing.

    Counts are of separators, quoted ones included: an overestimate that
    only a file far from the templates can notice.
    """
    data = text.encode("utf-8")
    arr = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero((arr == 0x0A) | (arr == 0x0D))
    limit = csv_cell_limit(max_bytes)
    separators = int(np.count_nonzero(arr == ord(delimiter)))
    cells = separators + len(breaks) + 1
    if cells > limit:
        return [Problem("too_many_cells", name, params={"found": _number(cells), "limit": _number(limit)})]
    edges = np.concatenate(([-1], breaks, [len(arr)]))
    if separators:
        per_line = np.bincount(np.searchsorted(breaks, np.flatnonzero(arr == ord(delimiter))),
                               minlength=len(breaks) + 1)
        widest = int(per_line.argmax())
        if per_line[widest] + 1 > MAX_COLUMNS:
            return [Problem("too_many_columns", name, _line_number(data, edges[widest] + 1), params={
                "found": _number(int(per_line[widest]) + 1), "limit": MAX_COLUMNS})]
    lengths = np.diff(edges) - 1
    longest = int(lengths.argmax())
    if lengths[longest] > MAX_LINE_BYTES:
        return [Problem("line_too_long", name, _line_number(data, edges[longest] + 1), params={
            "found": _number(int(lengths[longest])), "limit": _number(MAX_LINE_BYTES)})]
    return []


def _line_number(data: bytes, offset: int) -> int:
    """The line (as a spreadsheet counts rows, CRLF = one break) starting at byte ``offset``."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


# --- XLSX --------------------------------------------------------------------------

def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _beyond(letters: str) -> str:
    """A pattern for column names after ``letters`` (``GR`` → ``[A-Z]{3,}|[H-Z][A-Z]|G[S-Z]``)."""
    options = [f"[A-Z]{{{len(letters) + 1},}}"]
    for i, letter in enumerate(letters):
        if letter < "Z":
            rest = f"[A-Z]{{{len(letters) - i - 1}}}" if i < len(letters) - 1 else ""
            options.append(f"{letters[:i]}[{chr(ord(letter) + 1)}-Z]{rest}")
    return "|".join(options)


# A cell or row reference past the column limit, or on a row numbered in the millions.
# The leading space keeps the pattern's literal prefix (fast) and tells r="" from dir="" or header="".
_FAR_REFERENCE = re.compile(
    rf""" r="\$?(?:(?:{_beyond(_column_letters(MAX_COLUMNS))})\$?\d|[A-Z]{{0,3}}\$?(\d{{7,}}))""".encode())
_FAR_REFERENCE_SINGLE = re.compile(_FAR_REFERENCE.pattern.replace(b' r="', b" r='"))
_DEEP_ROW = re.compile(rb""" r=["'][A-Z]{0,3}\$?\d{6}""")  # a row past 99.999: looked for until found once
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["']([^"']{1,40})["']""")
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")
_PREFIXED_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*):worksheet[\s>]")
_CELL_TAILS = (b" ", b">", b"/")  # <c r=…>, <c>, <c/>: how every writer starts a cell


def xlsx_problems(name: str, content: bytes, max_bytes: int) -> list[Problem]:
    """Zip structure, unpacked size and every sheet's extent, before openpyxl sees the workbook."""
    return scan_xlsx(name, content, max_bytes).problems


@dataclass(frozen=True)
class XlsxScan:
    unpacked: int = 0  # bytes, all parts
    cells: int = 0  # <c> elements, all sheets
    problems: list[Problem] = field(default_factory=list)
    deep: bool = False  # some row is numbered 100.000 or more


def scan_xlsx(name: str, content: bytes, max_bytes: int) -> XlsxScan:
    """What reading the workbook would cost, from its zip directory and a streamed pass over its parts."""
    members = _zip_member_count(content)
    if members is None:
        return XlsxScan(problems=[Problem("bad_xlsx", name)])
    if members > XLSX_MAX_MEMBERS:
        return XlsxScan(problems=[Problem("xlsx_too_many_parts", name, params={
            "found": _number(members), "limit": XLSX_MAX_MEMBERS})])
    try:
        book = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return XlsxScan(problems=[Problem("bad_xlsx", name)])
    with book:
        infos = book.infolist()
        if len(infos) > XLSX_MAX_MEMBERS:
            return XlsxScan(problems=[Problem("xlsx_too_many_parts", name, params={
                "found": _number(len(infos)), "limit": XLSX_MAX_MEMBERS})])
        # zipfile never inflates a part past its declared size (it fails the CRC instead): these sizes bound the reading.
        unpacked = sum(i.file_size for i in infos)
        ceiling = XLSX_UNPACKED_PER_UPLOAD_BYTE * max_bytes
        if unpacked > ceiling:
            return XlsxScan(unpacked, problems=[Problem("xlsx_too_big_unpacked", name, params={
                "found": _number(unpacked // 1_000_000), "limit": _number(ceiling // 1_000_000)})])
        largest = max(infos, key=lambda i: i.file_size, default=None)
        for info, size, packed in [*((i, i.file_size, i.compress_size) for i in infos),
                                   (largest, unpacked, len(content))]:
            if size > XLSX_RATIO_FROM_BYTES and size > XLSX_MAX_RATIO * max(packed, 1):
                return XlsxScan(unpacked, problems=[Problem("xlsx_compression", name, params={
                    "part": info.filename[:60], "ratio": _number(size // max(packed, 1)), "limit": XLSX_MAX_RATIO})])
        # Every part is scanned: a sheet's path comes from the workbook's relations, which a hostile file chooses.
        cells, deep = 0, False
        limit = xlsx_cell_limit(max_bytes)
        for info in infos:
            try:
                found, problem, part_deep = _scan_part(book, info, name, limit, deep)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error):
                return XlsxScan(unpacked, cells, [Problem("bad_xlsx", name)])
            if problem is not None:
                return XlsxScan(unpacked, cells, [problem])
            cells, deep = cells + found, deep or part_deep
            if cells > limit:
                return XlsxScan(unpacked, cells, [Problem("too_many_cells", name, params={
                    "found": _number(cells) + "+", "limit": _number(limit)})])
    return XlsxScan(unpacked, cells, deep=deep)


def _zip_member_count(content: bytes) -> int | None:
    """Entries declared by the zip's end record, read before the (Python-speed) directory parse."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - 65_557))
    if end < 0 or end + 22 > len(content):
        return None
    (entries,) = struct.unpack_from("<H", content, end + 10)
    return entries if entries != 0xFFFF else XLSX_MAX_MEMBERS + 1  # Zip64: no workbook needs it


def _scan_part(book: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, cell_limit: int,
               deep: bool) -> tuple[int, Problem | None, bool]:
    """Cells of one part, a problem if it declares or uses a range past the limits, and whether it is deep."""
    cells = 0
    carry = b""
    tails: tuple[bytes, ...] = ()
    first = True
    with book.open(info) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            buffer = carry + chunk
            if first:
                first = False
                prefix = _PREFIXED_ROOT.search(buffer[:4096])
                starts = [b"<c"] + ([b"<" + prefix.group(1) + b":c"] if prefix else [])
                tails = tuple(s + t for s in starts for t in _CELL_TAILS)
                if (dimension := _DIMENSION.search(buffer[:65_536])) and (problem := _dimension_problem(
                        name, info, dimension.group(1).decode("ascii", "replace"), cell_limit)):
                    return cells, problem, deep
            deep = deep or bool(_DEEP_ROW.search(buffer))
            end = len(buffer) if not chunk else max(0, len(buffer) - _OVERLAP)
            for pattern in (_FAR_REFERENCE, _FAR_REFERENCE_SINGLE):
                if pattern is _FAR_REFERENCE_SINGLE and b" r='" not in buffer:
                    continue
                for match in pattern.finditer(buffer):
                    row = match.group(1)
                    if row is None or int(row) > EXCEL_MAX_ROW:
                        return cells, _far_problem(name, info, match.group(0)), deep
            cells += sum(buffer.count(tail, 0, end + len(tail) - 1) for tail in tails) if end else 0
            if cells > cell_limit or not chunk:
                return cells, None, deep
            carry = buffer[end:]


def _far_problem(name: str, info: zipfile.ZipInfo, reference: bytes) -> Problem:
    cell = reference.decode("ascii", "replace")[4:].replace("$", "")
    return Problem("sheet_too_large", name, params={
        "range": cell, "part": info.filename[:60], "columns": MAX_COLUMNS, "rows": _number(EXCEL_MAX_ROW)})


def _dimension_problem(name: str, info: zipfile.ZipInfo, ref: str, cell_limit: int) -> Problem | None:
    match = _RANGE.match(ref.strip().upper())
    if not match:
        return None  # openpyxl's reader is told to ignore the declared range (see read.py)
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    columns = _column_number(last_col) - _column_number(first_col) + 1
    rows = int(last_row) - int(first_row) + 1
    if columns > MAX_COLUMNS or int(last_row) > EXCEL_MAX_ROW or rows * columns > cell_limit:
        return Problem("sheet_too_large", name, params={
            "range": ref, "part": info.filename[:60], "columns": MAX_COLUMNS, "rows": _number(EXCEL_MAX_ROW)})
    return None
