"""Dates and quarters as the contract defines them.

Dates are day first (``27/4/2023``) or ISO (``2023-04-27``); a quarter is
stored as ``2023-Q2`` (sorts as text) and shown as ``Quý II/2023``.
"""

from __future__ import annotations

import re

import pandas as pd

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
_QUARTER_LOOSE = re.compile(
    r"(?:qu[yý]\s*)?(?P<q>IV|III|II|I|[1-4])\s*(?:/|-|năm|nam|\s)\s*(?P<y>\d{4})$", re.IGNORECASE
)
_ROMAN_TO_INT = {"I": 1, "II": 2, "III": 3, "IV": 4}

_ISO = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]00:00(?::00)?)?$"
_DMY = r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a Series of ISO or day-first dates; unparseable or impossible → NaT.

    Excel cells already read as datetimes pass through. ``31/02/2023`` is NaT
    (not silently rolled into March), so the caller can report it.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize().astype("datetime64[ns]")
    text = values.astype("string").str.strip()
    parts = text.str.extract(_ISO)
    dmy = text.str.extract(_DMY)
    parts = parts.fillna(dmy)
    iso = (
        parts["y"].str.zfill(4) + "-" + parts["m"].str.zfill(2) + "-" + parts["d"].str.zfill(2)
    )
    return pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")


def quarter_of(dates: pd.Series) -> pd.Series:
    """``2023-Q2`` for each date (missing stays missing)."""
    period = pd.to_datetime(dates).dt.to_period("Q")
    text = period.dt.year.astype("string") + "-Q" + period.dt.quarter.astype("string")
    return text.astype("string")


def parse_quarter(text: str) -> str:
    """Accept ``2023-Q2``, ``Quý II/2023``, ``quý 2-2023``, ``II/2023``; return ``2023-Q2``.

    Raises:
        ValueError: when the text is not a quarter.
    """
    value = str(text).strip()
    if _QUARTER_RE.match(value):
        return value
    match = _QUARTER_LOOSE.search(value)
    if not match:
        raise ValueError(f"not a quarter: {text!r}")
    q = match.group("q").upper()
    number = _ROMAN_TO_INT.get(q) or int(q)
    return f"{match.group('y')}-Q{number}"


def quarter_label(quarter: str, lang: str = "vi") -> str:
    """``Quý II/2023`` (vi) or ``Q2 2023`` (en) for ``2023-Q2``."""
    match = _QUARTER_RE.match(str(quarter))
    if not match:
        return str(quarter)
    year, q = match.group(1), int(match.group(2))
    return f"Quý {ROMAN[q]}/{year}" if lang == "vi" else f"Q{q} {year}"


def shift_quarter(quarter: str, by: int) -> str:
    """The quarter ``by`` quarters after ``quarter`` (negative goes back)."""
    year, q = int(quarter[:4]), int(quarter[-1])
    index = year * 4 + (q - 1) + by
    return f"{index // 4}-Q{index % 4 + 1}"


def quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` inclusive (empty if reversed)."""
    out: list[str] = []
    current = first
    while current <= last:
        out.append(current)
        current = shift_quarter(current, 1)
    return out
