"""Exports of the data behind a view: CSV and XLSX, safe against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
what spreadsheet programs run as a formula (OWASP "CSV injection"). Such
text cells get a leading apostrophe; numbers are left alone, so a negative
change stays a number.

Shares, rates and changes (``dashboard.figures.tables.percent_columns``) stay
fractions, so Excel can compute with them: the XLSX export gives them a
percentage format (0,81 shows as 81,0%), the CSV export, which has no
formats, says ``(1 = 100%)`` in their header.
"""

from __future__ import annotations

import io

import pandas as pd

from dashboard.figures.tables import percent_columns

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PERCENT_NOTE = "(1 = 100%)"
PERCENT_FORMAT = "0.0%"  # Excel shows it with the reader's decimal mark: 81,0% on a Vietnamese Windows


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells can never run as spreadsheet formulas."""
    def safe(value: object) -> object:
        if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
            return "'" + value
        return value

    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(safe, na_action="ignore") for c in text_columns})


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel on a Vietnamese Windows opens it with the right letters."""
    percent = set(percent_columns(frame))
    headers = [f"{c} {PERCENT_NOTE}" if c in percent else c for c in frame.columns]
    return neutralise(frame).set_axis(headers, axis=1).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            percent = set(percent_columns(frame))
            for number, column in enumerate(frame.columns, start=1):
                if column in percent:
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                        cell.number_format = PERCENT_FORMAT
    return buffer.getvalue()
