"""Exports of the data behind a view: CSV and XLSX, safe against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
what spreadsheet programs run as a formula (OWASP "CSV injection"). Such
text cells get a leading apostrophe; numbers are left alone, so a negative
change stays a number.
"""

from __future__ import annotations

import io

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
