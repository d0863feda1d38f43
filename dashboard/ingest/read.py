"""Bytes in, raw sheets out: whatever a ward office's spreadsheet produced.

Accepts CSV in UTF-8 (with or without BOM), UTF-16 ("Unicode Text", tab
separated even when named .csv) and Windows-1258 (Excel "CSV" on a
Vietnamese Windows), delimited by ``,`` ``;`` or tab; and ``.xlsx`` workbooks,
one raw sheet per worksheet. Nothing here knows the contract: recognising
the header and parsing values is ``recognise``'s and ``parse``'s job.

Before any parsing, ``dashboard.ingest.limits`` checks what the file may
cost (columns, cells, line length; a workbook's unpacked size and sheet
extents). A file that cannot be read — a damaged workbook, a CSV cell past
the csv module's field limit — is a ``Problem``, never an exception.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from dashboard.errors import Problem
from dashboard.ingest.limits import csv_problems, xlsx_problems

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and other OLE containers
# UTF-8 read as Windows-1252 somewhere upstream ("Há»™i nghá»‹").
_MOJIBAKE = re.compile("Ã.|Ä[\u0080-\u00ff‘’]|á[º»]|Æ°|Æ¡")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class UploadFile:
    """One uploaded file as received."""

    name: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        # Read by the ledger's file list and by the key of a remembered plan (twice per commit): hashed once.
        return hashlib.sha256(self.content).hexdigest()

    @classmethod
    def from_path(cls, path: str | Path) -> "UploadFile":
        path = Path(path)
        return cls(path.name, path.read_bytes())


@dataclass
class RawSheet:
    """A header row and data rows, as text or native Excel values.

    ``rows`` holds one list per data row; ``row_numbers`` the row as the
    spreadsheet shows it (header = 1).
    """

    label: str
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    # Set instead of ``rows`` by the fast CSV path: one text column per header cell, row numbers included.
    columns: pd.DataFrame | None = None

    def frame(self) -> pd.DataFrame:
        if self.columns is not None:
            return self.columns
        width = len(self.header)
        padded = [r if len(r) == width else list(r[:width]) + [None] * (width - len(r)) for r in self.rows]
        # Column by column (zip): building a frame from a list of row lists is several times slower.
        columns = list(zip(*padded)) if padded else [()] * width
        frame = pd.DataFrame({i: pd.Series(list(column), dtype=object) for i, column in enumerate(columns)},
                             columns=range(width))
        frame["_row"] = pd.array(self.row_numbers, dtype="Int64")
        return frame


def read_file(upload: UploadFile, max_bytes: int) -> tuple[list[RawSheet], list[Problem]]:
    """Decode one uploaded file into raw sheets, or report why it cannot be read."""
    size = len(upload.content)
    if size > max_bytes:
        return [], [Problem("file_too_large", upload.name, params={
            "size": f"{size / 1e6:.1f}".replace(".", ","), "limit": f"{max_bytes / 1e6:g}".replace(".", ",")})]
    if not upload.content.strip(b"\x00\t\r\n ,;\xef\xbb\xbf\xff\xfe"):
        return [], [Problem("empty_file", upload.name)]
    if upload.content.startswith(XLSX_MAGIC):
        problems = xlsx_problems(upload.name, upload.content, max_bytes)
        return ([], problems) if problems else _read_xlsx(upload)
    if upload.content.startswith(OLE_MAGIC):
        return [], [Problem("binary_file", upload.name)]
    text = decode_text(upload.content)
    if text is None:
        return [], [Problem("binary_file", upload.name)]
    return _read_csv(upload.name, text, max_bytes)


def decode_text(content: bytes) -> str | None:
    """Decode CSV bytes to NFC text; ``None`` when they are not text."""
    if content.startswith(b"\xef\xbb\xbf"):
        text = _try(content[3:], "utf-8")
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(content, "utf-16")
    elif _looks_utf16le(content):
        text = _try(content, "utf-16-le")
    elif b"\x00" in content:
        return None
    else:
        text = _try(content, "utf-8")
        if text is None:
            # Windows-1258 decodes to combining tone marks: NFC below fixes them.
            text = _try(content, "cp1258")
        elif _MOJIBAKE.search(text):
            text = _try_fix_mojibake(text)
    if text is None:
        return None
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        return None
    return unicodedata.normalize("NFC", text)


def _try(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_utf16le(content: bytes) -> bool:
    head = content[:400]
    return len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]) and head[0::2].count(0) < 0.1 * len(head[0::2])


def _try_fix_mojibake(text: str) -> str:
    """Undo UTF-8 bytes decoded as Windows-1252, if the whole text allows it.

    The five bytes cp1252 leaves undefined come through as C1 control
    characters (U+0081…), so they are mapped back to their byte.
    """
    def byte_of(char: str) -> bytes:
        try:
            return char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:
                return bytes([ord(char)])
            raise

    try:
        return b"".join(byte_of(c) for c in text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def detect_delimiter(header_line: str) -> str:
    """The most frequent of tab, ``;`` and ``,`` in the header line (comma on a tie)."""
    counts = {d: header_line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _read_csv(name: str, text: str, max_bytes: int) -> tuple[list[RawSheet], list[Problem]]:
    first = next((line for line in io.StringIO(text, newline=None) if line.strip()), "")
    delimiter = detect_delimiter(first)
    if problems := csv_problems(name, text, delimiter, max_bytes):
        return [], problems
    fast = _read_csv_fast(name, text, delimiter)
    if fast is not None:
        return [fast], []
    return _read_csv_rows(name, text, delimiter)


def _read_csv_fast(name: str, text: str, delimiter: str) -> RawSheet | None:
    """A plain file through Arrow's CSV reader; None when it needs the row-by-row reader.

    The row-by-row reader (``csv`` module) reports ragged rows with their
    line numbers and skips blank lines while keeping the spreadsheet's row
    numbers. A file with none of those — header on line 1, every line one
    full row, no line break inside quotes — reads the same through Arrow,
    ≈ 10× faster, and line n is row n.
    """
    body = text.rstrip()
    if not body or body[0] in "\r\n" or _BLANK_LINE.search(body):
        return None
    if '"' in body and any(line.count('"') % 2 for line in body.split("\n")):
        return None  # a quoted value spans lines (or a stray quote)
    header = [cell.strip() for cell in next(csv.reader([body.split("\n", 1)[0].rstrip("\r")], delimiter=delimiter))]
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pv.ParseOptions(delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                              strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeError):
        return None
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None and table.num_rows and pc.any(blank).as_py():
        return None  # a row of empty cells: the row-by-row reader skips it
    columns = pd.DataFrame({i: table.column(n).to_pandas() for i, n in enumerate(names)})
    columns["_row"] = pd.array(range(2, table.num_rows + 2), dtype="Int64")
    return RawSheet(name, header, columns=columns)


def _read_csv_rows(name: str, text: str, delimiter: str) -> tuple[list[RawSheet], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet: RawSheet | None = None
    problems: list[Problem] = []
    record_start = 1  # the line the row being read starts on
    try:
        for number, row in enumerate(reader, start=1):
            record_start = reader.line_num + 1  # the next row's, should reading it fail
            if not "".join(row).strip():
                continue
            if sheet is None:
                sheet = RawSheet(name, [cell.strip() for cell in row])
                continue
            width = len(sheet.header)
            if len(row) != width and not (len(row) > width and not any(c.strip() for c in row[width:])):
                problems.append(Problem("ragged_row", name, number, params={"found": len(row), "expected": width}))
                continue
            sheet.rows.append(row[:width])
            sheet.row_numbers.append(number)
    except csv.Error as error:
        # A cell past the field limit usually lacks its closing quote: name the line its row starts on.
        code = "csv_field_too_large" if "field limit" in str(error) else "bad_csv"
        return [], [Problem(code, name, record_start,
                            params={"limit": f"{csv.field_size_limit():,}".replace(",", ".")})]
    if sheet is None:
        return [], [Problem("empty_file", name)]
    return [sheet], problems


def _read_xlsx(upload: UploadFile) -> tuple[list[RawSheet], list[Problem]]:
    """Every worksheet of a workbook; a damaged one (anything openpyxl raises on it) is a problem."""
    try:
        return _read_workbook(upload)
    except MemoryError:
        raise  # the guard's memory limit, reported as such
    except Exception:  # noqa: BLE001 - zip, XML, openpyxl: a damaged workbook raises any of them
        return [], [Problem("bad_xlsx", upload.name)]


def _read_workbook(upload: UploadFile) -> tuple[list[RawSheet], list[Problem]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(upload.content), read_only=True, data_only=True)
    sheets: list[RawSheet] = []
    try:
        for worksheet in book.worksheets:
            # The declared <dimension> would pad every row to its width and stop at its last row:
            # rows are read as written instead (limits.py has refused a range past the limits).
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()
            label = f"{upload.name} [{worksheet.title}]" if len(book.worksheets) > 1 else upload.name
            sheet: RawSheet | None = None
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(values)
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                if sheet is None:
                    header = [str(c).strip() if c is not None else "" for c in cells]
                    while header and not header[-1]:
                        header.pop()
                    sheet = RawSheet(label, header)
                    continue
                sheet.rows.append(cells[: len(sheet.header)])
                sheet.row_numbers.append(number)
            if sheet is not None:
                sheets.append(sheet)
    finally:
        book.close()
    if not sheets:
        return [], [Problem("empty_file", upload.name)]
    return sheets, []

