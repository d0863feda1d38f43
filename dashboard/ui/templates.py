"""Upload templates, as CSV and XLSX: blank ones and example files.

A *blank* template holds the Vietnamese header row and nothing else, so a
newcomer who fills it in never uploads an example row by mistake. An
*example* file (``…-vi-du.csv``, ``mau-tai-len-co-vi-du.xlsx``) holds the
same header and the example rows of ``dashboard.contract.examples``: how a
row is written, to read, not to upload. Uploading a blank template changes
nothing, and the upload page says the file has no data row.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
from flask import Flask, Response, abort

from dashboard.contract.examples import EXAMPLES
from dashboard.contract.schema import FILE_TABLES
from dashboard.ui.export import to_xlsx_bytes

XLSX_NAME = "mau-tai-len.xlsx"
EXAMPLE_XLSX_NAME = "mau-tai-len-co-vi-du.xlsx"
EXAMPLE_SUFFIX = "-vi-du"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(table: str) -> list[str]:
    """The Vietnamese column headers of an upload file, in the template's order."""
    return [c.vi for c in FILE_TABLES[table].columns]


def template_frame(table: str, example: bool = False) -> pd.DataFrame:
    """The header alone (blank), or the header and the example rows (``example``)."""
    rows = [EXAMPLES[table]] if example else []
    return pd.DataFrame(rows, columns=headers(table), dtype=object)


def template_csv(table: str, example: bool = False) -> bytes:
    """UTF-8 with BOM (Excel on a Vietnamese Windows opens it with the right letters), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers(table))
    if example:
        writer.writerow(EXAMPLES[table])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(example: bool = False) -> bytes:
    """One sheet per upload file, named as the file kind (Hội nghị, Thành phần dự, …)."""
    return to_xlsx_bytes({FILE_TABLES[name].vi: template_frame(name, example) for name in FILE_TABLES})


def csv_name(table: str, example: bool = False) -> str:
    """``conferences.csv`` (blank) or ``conferences-vi-du.csv`` (example)."""
    return f"{table}{EXAMPLE_SUFFIX if example else ''}.csv"


def xlsx_name(example: bool = False) -> str:
    return EXAMPLE_XLSX_NAME if example else XLSX_NAME


def template_bytes(name: str) -> tuple[bytes, str] | None:
    """The file served as ``/templates/<name>`` and its media type; None for a name that is no template."""
    for example in (False, True):
        if name == xlsx_name(example):
            return template_xlsx(example), XLSX_TYPE
        for table in FILE_TABLES:
            if name == csv_name(table, example):
                return template_csv(table, example), "text/csv"
    return None


def register(server: Flask) -> None:
    @server.route("/templates/<name>")
    def download_template(name: str):
        found = template_bytes(name)
        if found is None:
            abort(404)
        content, mimetype = found
        return Response(content, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}"})
