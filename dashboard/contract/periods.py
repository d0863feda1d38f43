"""Dates, quarters and the periods leaders report by.

Dates are day first (``27/4/2023``) or ISO (``2023-04-27``); a quarter is
stored as ``2023-Q2`` (sorts as text) and shown as ``Quý II/2023``. A
``Period`` is a run of whole quarters with the name leaders report it under
(DOMAIN.md §2): a quarter, the first six months (sơ kết 6 tháng), nine
months, a year (tổng kết năm) or a committee term (nhiệm kỳ).
``parse_period`` reads every usual spelling of them, and nothing else: a
month (``12/2023``, ``tháng 12/2023``) is refused, never read as a quarter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard.contract.text import clean_text

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
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


def parse_quarter(text: object) -> str:
    """One quarter in any spelling ``parse_period`` reads (``Quý II/2023``, ``quý 2-2023``, ``II/2023``) → ``2023-Q2``.

    Raises:
        ValueError: when the text is not a quarter — a month (``12/2023``),
            a quarter number outside I–IV, or a longer period (``năm 2023``);
            the message is in Vietnamese and English.
    """
    period = parse_period(text)
    if period.kind != "quarter":
        raise ValueError(
            f"{str(text)!r} là {period.label('vi')}, không phải một quý (viết Quý II/2023) / "
            f"{str(text)!r} is {period.label('en')}, not a single quarter (write Q2 2023 or 2023-Q2)")
    return period.first


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


# --- Periods -----------------------------------------------------------------

# Committee terms (nhiệm kỳ) last five years and are the same for every ward:
# …, 2015–2020, 2020–2025, 2025–2030. The ward congresses that close one term
# and open the next are held from mid-year to autumn of the congress year
# (2020; 2025 after the mergers of 1/7/2025), so the congress year's third
# quarter is still the outgoing committee's (its work is in that term's final
# report) and the fourth is the new committee's first full quarter. Hence a
# term runs from Q4 of its first year to Q3 of its last: nhiệm kỳ 2020–2025 is
# 2020-Q4 … 2025-Q3. Every quarter belongs to exactly one term, so comparing a
# term with the previous one never counts a quarter twice (calendar years
# 2020–2025 would put all of 2020 and 2025 in two terms each).
TERM_YEARS = 5
TERM_ANCHOR_YEAR = 2020  # a congress year: terms start at 2020 ± a multiple of TERM_YEARS
TERM_FIRST_QUARTER = 4  # a term's first quarter, in the year its congress was held
TERM_LAST_QUARTER = 3  # its last quarter, in the year of the next congress

PERIOD_KINDS = ("quarter", "half", "nine_months", "year", "term")
# kind → (Vietnamese name, English name): what a period picker in the UI shows.
PERIOD_KIND_NAMES = {
    "quarter": ("Quý", "Quarter"),
    "half": ("6 tháng đầu năm", "First half"),
    "nine_months": ("9 tháng", "Nine months"),
    "year": ("Năm", "Year"),
    "term": ("Nhiệm kỳ", "Term"),
}
_YEAR_QUARTERS = {"half": (1, 2), "nine_months": (1, 3), "year": (1, 4)}
_EN_DASH = "\u2013"


def _shape(kind: str, year: int, q: int = 1) -> tuple[str, str]:
    """(first, last) quarter of the period of ``kind`` starting in ``year`` (quarter ``q`` for a quarter)."""
    if kind == "quarter":
        return (f"{year}-Q{q}",) * 2
    if kind == "term":
        return f"{year}-Q{TERM_FIRST_QUARTER}", f"{year + TERM_YEARS}-Q{TERM_LAST_QUARTER}"
    first, last = _YEAR_QUARTERS[kind]
    return f"{year}-Q{first}", f"{year}-Q{last}"


@dataclass(frozen=True)
class Period:
    """A reporting period: a kind and the first and last quarter it covers (``2023-Q1``, ``2023-Q2``).

    Build one with ``Period.of(kind, year)`` (``year`` is a term's first
    year), ``Period.of_quarter("2023-Q2")`` or ``parse_period(text)``. It
    filters like ``quarters=period.quarters``.
    """

    kind: str
    first: str
    last: str

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"loại kỳ không có: {self.kind!r} / no period kind {self.kind!r} "
                             f"(one of {', '.join(PERIOD_KINDS)})")
        match = _QUARTER_RE.match(str(self.first))
        if not match or _shape(self.kind, int(match.group(1)), int(match.group(2))) != (self.first, self.last):
            raise ValueError(f"{self.first}–{self.last} không phải một kỳ {self.kind} / "
                             f"{self.first}–{self.last} is not a {self.kind} period")
        if self.kind == "term":
            _check_term(self.start_year, self.start_year + TERM_YEARS, f"{self.first}–{self.last}")

    @classmethod
    def of(cls, kind: str, year: int) -> "Period":
        """The ``half``, ``nine_months``, ``year`` or ``term`` period of ``year`` (a term's first year)."""
        if kind == "quarter":
            raise ValueError("một quý cần số quý: dùng Period.of_quarter / a quarter needs its number: "
                             "use Period.of_quarter")
        return cls(kind, *_shape(kind, int(year)))

    @classmethod
    def of_quarter(cls, quarter: str) -> "Period":
        """The period of one quarter given as ``2023-Q2``."""
        return cls("quarter", quarter, quarter)

    @property
    def quarters(self) -> tuple[str, str]:
        """``(first, last)``: what ``quarters=`` takes."""
        return self.first, self.last

    @property
    def start_year(self) -> int:
        return int(self.first[:4])

    def label(self, lang: str = "vi") -> str:
        """``Quý II/2023``, ``6 tháng đầu năm 2023``, ``9 tháng năm 2023``, ``Năm 2023``, ``Nhiệm kỳ 2020–2025``
        (vi) or ``Q2 2023``, ``H1 2023``, ``9M 2023``, ``2023``, ``Term 2020–2025`` (en); ``parse_period`` reads each back.
        """
        year = self.start_year
        if self.kind == "quarter":
            return quarter_label(self.first, lang)
        if self.kind == "term":
            years = f"{year}{_EN_DASH}{year + TERM_YEARS}"
            return f"Nhiệm kỳ {years}" if lang == "vi" else f"Term {years}"
        vi, en = {"half": (f"6 tháng đầu năm {year}", f"H1 {year}"),
                  "nine_months": (f"9 tháng năm {year}", f"9M {year}"),
                  "year": (f"Năm {year}", f"{year}")}[self.kind]
        return vi if lang == "vi" else en

    def __str__(self) -> str:
        return self.label("vi")


def previous(period: Period | str) -> Period:
    """The period of the same kind just before: the previous quarter, the same part of the previous
    year for 6 tháng / 9 tháng / năm (they come once a year), the previous term for a term."""
    period = parse_period(period)
    if period.kind == "quarter":
        return Period.of_quarter(shift_quarter(period.first, -1))
    step = TERM_YEARS if period.kind == "term" else 1
    return Period.of(period.kind, period.start_year - step)


def same_period_last_year(period: Period | str) -> Period:
    """The same quarter, 6 tháng, 9 tháng or year one year earlier (cùng kỳ năm trước).

    Raises:
        ValueError: for a term, which has no "same period last year" (use ``previous``).
    """
    period = parse_period(period)
    if period.kind == "term":
        raise ValueError(f"{period.label('vi')} không có cùng kỳ năm trước: so với nhiệm kỳ trước (previous) / "
                         f"{period.label('en')} has no same period last year: compare with the previous term")
    if period.kind == "quarter":
        return Period.of_quarter(shift_quarter(period.first, -4))
    return Period.of(period.kind, period.start_year - 1)


def term_of(quarter: str) -> Period:
    """The committee term a quarter (``2023-Q2``) belongs to."""
    quarter = parse_quarter(quarter)
    index = int(quarter[:4]) * 4 + int(quarter[-1]) - 1
    anchor = TERM_ANCHOR_YEAR * 4 + TERM_FIRST_QUARTER - 1
    return Period.of("term", TERM_ANCHOR_YEAR + TERM_YEARS * ((index - anchor) // (TERM_YEARS * 4)))


# Parsing works on a plain form of the text: NFC/NFD, case, tone placement and
# every diacritic folded away (quý/quy/QUÝ, năm/nam), dashes made "-", spaces
# around / and - dropped. Each pattern must match the whole text; the first
# that does decides.
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NUMBER = r"(?P<q>[ivxlc]+|\d+)"
_YEAR = r"(?P<y>\d{4})"
_MONTHS_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("quarter", rf"{_YEAR}[- ]?q{_NUMBER}"),                            # 2023-Q2, 2023 Q2
    ("quarter", rf"(?:quy|qui|q) ?{_NUMBER}(?:/|-| nam | ){_YEAR}"),         # Quý II/2023, quý 2-2023, Q2 2023
    ("roman", rf"(?P<q>[ivxlc]+)(?:/|-| nam ){_YEAR}"),                 # II/2023 (Roman only: 2/2023 is February)
    ("month", rf"(?:thang ?)?(?P<m>\d{{1,2}})(?:/|-| nam ){_YEAR}"),     # 12/2023, 5/2023, tháng 12/2023
    ("month", r"thang ?(?P<m>\d{1,2}|[ivxlc]+)\b.*"),                   # tháng 6, tháng XII năm 2023
    ("month", rf"{_YEAR}-(?P<m>\d{{1,2}})"),                            # 2023-04
    ("second_half", rf"(?:so ket )?6 thang cuoi(?: nam)?[ /-]?{_YEAR}"),
    ("second_half", rf"(?:h2|second half(?: of)?) ?{_YEAR}"),
    ("half", rf"(?:so ket )?6 thang(?: dau)?(?: nam)?[ /-]?{_YEAR}"),   # 6 tháng đầu năm 2023, sơ kết 6 tháng 2023
    ("half", rf"(?:h1|first half(?: of)?)[ /-]?{_YEAR}"),                # H1 2023, first half of 2023
    ("half", rf"{_YEAR}[- ]?h1"),
    ("nine_months", rf"(?:so ket )?9 thang(?: dau)?(?: nam)?[ /-]?{_YEAR}"),  # 9 tháng 2023, 9 tháng năm 2023
    ("nine_months", rf"(?:9m|9 months|nine months)(?: of)?[ /-]?{_YEAR}"),
    ("nine_months", rf"{_YEAR}[- ]?9m"),
    ("year", rf"(?:tong ket )?(?:nam )?{_YEAR}"),                       # năm 2023, tổng kết năm 2023, 2023
    ("year", rf"year {_YEAR}"),
    ("term", r"(?:nhiem ky |term )?(?P<a>\d{4})-(?P<b>\d{4})(?: term)?"),  # nhiệm kỳ 2020–2025, 2025-2030
))
_EXAMPLES_VI = "viết Quý II/2023, 6 tháng đầu năm 2023, 9 tháng năm 2023, Năm 2023 hoặc Nhiệm kỳ 2020–2025"
_EXAMPLES_EN = "write Q2 2023 (2023-Q2), H1 2023, 9M 2023, 2023 or term 2020-2025"


def _plain(text: object) -> str:
    cleaned = clean_text(text) or ""
    decomposed = unicodedata.normalize("NFD", cleaned.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    bare = re.sub(r"\s*([/-])\s*", r"\1", _DASHES.sub("-", bare))
    return " ".join(bare.split()).strip(" .,")


def _not_a_period(shown: str) -> ValueError:
    return ValueError(f"không đọc được kỳ báo cáo {shown!r}: {_EXAMPLES_VI} / "
                      f"not a reporting period: {shown!r}; {_EXAMPLES_EN}")


def _quarter_number(token: str, shown: str) -> int:
    number = int(token) if token.isdigit() else _ROMAN_TO_INT.get(token.upper())
    if number not in ROMAN:
        raise ValueError(f"không có quý {token.upper()} trong {shown!r}: quý chỉ từ I đến IV (1–4) / "
                         f"there is no quarter {token.upper()} in {shown!r}: quarters run I–IV (1–4)")
    return number


def _check_term(first: int, last: int, shown: str) -> None:
    if last - first != TERM_YEARS or (first - TERM_ANCHOR_YEAR) % TERM_YEARS:
        starts = ", ".join(str(TERM_ANCHOR_YEAR + TERM_YEARS * k) for k in (-1, 0, 1))
        raise ValueError(f"không có nhiệm kỳ {shown!r}: nhiệm kỳ dài {TERM_YEARS} năm, bắt đầu năm {starts}… / "
                         f"no committee term {shown!r}: terms last {TERM_YEARS} years and start in {starts}…")


def _month_error(shown: str, month: str) -> ValueError:
    number = int(month) if month.isdigit() else _MONTHS_ROMAN.index(month) + 1 if month in _MONTHS_ROMAN else 0
    if not 1 <= number <= 12:
        return _not_a_period(shown)
    q = (number - 1) // 3 + 1
    return ValueError(f"{shown!r} là một tháng, không phải quý hay kỳ báo cáo (tháng {number} thuộc Quý {ROMAN[q]}) / "
                      f"{shown!r} is a month, not a quarter or a reporting period (month {number} is in Q{q})")


def parse_period(text: object) -> Period:
    """Read a reporting period however it is written (a ``Period`` passes through).

    Accepted, whatever the case, tone placement (``quý``/``qúy``), NFC or
    NFD, with or without diacritics, any dash: ``Quý II/2023``, ``quý
    2-2023``, ``Quý II năm 2023``, ``2023-Q2``, ``Q2 2023``, ``II/2023``;
    ``6 tháng đầu năm 2023``, ``6 tháng 2023``, ``sơ kết 6 tháng 2023``,
    ``H1 2023``; ``9 tháng 2023``, ``9 tháng năm 2023``, ``9M 2023``; ``năm
    2023``, ``tổng kết năm 2023``, ``2023``; ``nhiệm kỳ 2020-2025``,
    ``nhiệm kỳ 2020–2025``, ``2025-2030``, ``term 2020-2025``. Each
    ``Period.label`` reads back as its period.

    Raises:
        ValueError: with a Vietnamese and English message, for anything
            else — notably months (``12/2023``, ``tháng 12/2023``,
            ``XII/2023``, ``5/2023``: an Arabic number before the year with
            no "quý" is a month), quarters outside I–IV (``Q5/2023``,
            ``2023-Q0``, ``quý 0``), a quarter without its year, the second
            half of a year, and years that are not a five-year committee term.
    """
    if isinstance(text, Period):
        return text
    plain, shown = _plain(text), clean_text(text) or ""
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(plain)
        if not match:
            continue
        groups = match.groupdict()
        if kind == "month" or (kind == "roman" and groups["q"].upper() not in _ROMAN_TO_INT):
            raise _month_error(shown, (groups.get("m") or groups["q"]).upper())
        if kind == "second_half":
            year = groups["y"]
            raise ValueError(
                f"{shown!r}: 6 tháng cuối năm không phải kỳ báo cáo ở đây; chọn Quý III/{year} đến Quý IV/{year} / "
                f"{shown!r}: the second half is not a reporting period here; use quarters {year}-Q3 to {year}-Q4")
        if kind == "term":
            _check_term(int(groups["a"]), int(groups["b"]), shown)
            return Period.of("term", int(groups["a"]))
        if kind in ("quarter", "roman"):
            return Period.of_quarter(f"{groups['y']}-Q{_quarter_number(groups['q'], shown)}")
        return Period.of(kind, int(groups["y"]))
    if bare := re.fullmatch(rf"(?:quy|qui|q) ?{_NUMBER}", plain):
        _quarter_number(bare.group("q"), shown)
        raise ValueError(f"{shown!r}: thiếu năm (viết Quý II/2023) / {shown!r}: the year is missing (write Q2 2023)")
    raise _not_a_period(shown)
