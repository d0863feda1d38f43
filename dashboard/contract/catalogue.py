"""The catalogue of known documents: what a document *is*, shipped as data.

Party document numbers restart with every committee term (DOMAIN.md §5):
18-NQ/TW of 25/10/2017 and 18-NQ/TW of 16/6/2022 are two resolutions. A
document is therefore identified by type + number + issuer + issue date,
written as a key ``18-NQ/TW@2022-06-16``. A document cited without a code
(the Party Congress resolution) is keyed by its occasion:
``Nghị quyết Đại hội XIII@2021-02-01``.

The catalogue ships as ``catalogue.csv`` beside this module (one row per
document, see ``docs/data-contract.md``) and is read once at import. It is
never changed in place: ``Catalogue.extended`` returns a new catalogue, so
an upload's extra documents never leak into another request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

import pandas as pd

from dashboard.contract.periods import parse_dates
from dashboard.contract.text import clean_text

PARTY_TYPES = ("NQ", "QĐ", "QĐi", "CT", "KL", "HD", "TB", "KH", "CTr", "ĐA", "BC", "QC")
PARTY_ISSUERS = ("TW", "BTGTW", "BTGDVTW", "VPTW", "BTCTW", "TU", "HU", "ĐU", "BTG", "BTGDV")
# Issuers below the centre: every ward's committee signs "…/ĐU", so such a
# code names a document only together with the unit that cites it.
LOCAL_ISSUERS = ("TU", "HU", "ĐU", "BTG", "BTGDV")

# Type word → the type codes it is written with. QĐ is shared by Quyết định
# and Quy định: the word before the code decides which one a reference means.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "Nghị quyết": ("NQ",),
    "Quy định": ("QĐ", "QĐi"),
    "Quyết định": ("QĐ",),
    "Chỉ thị": ("CT",),
    "Kết luận": ("KL",),
    "Hướng dẫn": ("HD",),
    "Thông báo": ("TB",),
    "Kế hoạch": ("KH",),
    "Chương trình": ("CTr",),
    "Đề án": ("ĐA",),
    "Báo cáo": ("BC",),
    "Quy chế": ("QC",),
}
# The type word a code implies on its own (None: QĐ needs the word).
WORD_OF_TYPE: dict[str, str | None] = {
    code: next(iter(w for w, codes in TYPE_WORDS.items() if code in codes)) for code in PARTY_TYPES
} | {"QĐ": None}

CONGRESS = "Đại hội"  # the ``plenum`` of a document adopted by a Party Congress
CATALOGUE_COLUMNS = ("type_word", "code", "issued", "body", "term", "plenum", "title", "source")
CATALOGUE_FILE = "catalogue.csv"

_CODE = re.compile(r"^(\d{1,4})-([^/\s]+)/(\S+)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(text: str) -> int | None:
    """``XIII`` → 13 (also plain digits); ``None`` when it is not a numeral."""
    text = text.strip().upper()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total


def int_to_roman(number: int) -> str:
    out = []
    for value, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


@dataclass(frozen=True)
class KnownDocument:
    """One catalogued document. ``key`` is its identity; ``code`` alone is not.

    Args:
        code: canonical code ``18-NQ/TW`` (``""`` for a document cited without one).
        vi_type: the type word, ``Nghị quyết``, ``Quy định``…
        issued: the issue date.
        title: the summary line (trích yếu).
        type_code: ``NQ``, ``QĐ``… (taken from ``code`` when blank).
        body: the issuing body (Bộ Chính trị, Ban Bí thư, Ban Chấp hành Trung ương…).
        term: the committee term (khóa) in Roman numerals, ``XIII``.
        plenum: the Central Committee plenum that adopted it (``"6"``), or
            ``"Đại hội"`` for a Congress; blank for Politburo or Secretariat documents.
        source: where the row's facts come from.
    """

    code: str
    vi_type: str
    issued: date
    title: str = ""
    type_code: str = ""
    body: str = ""
    term: str = ""
    plenum: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.type_code and self.code:
            object.__setattr__(self, "type_code", self.code.split("-", 1)[1].split("/", 1)[0])

    @property
    def number(self) -> int | None:
        return int(self.code.split("-", 1)[0]) if self.code else None

    @property
    def issuer(self) -> str:
        return self.code.split("/", 1)[1] if self.code else ""

    @property
    def occasion(self) -> str:
        """``Trung ương 6 khóa XII``, ``Đại hội XIII``, or ``""``."""
        if self.plenum == CONGRESS:
            return f"{CONGRESS} {self.term}"
        return f"Trung ương {self.plenum} khóa {self.term}" if self.plenum else ""

    @property
    def name(self) -> str:
        """``Nghị quyết số 18-NQ/TW``; ``Nghị quyết Đại hội XIII`` without a code."""
        return f"{self.vi_type} số {self.code}" if self.code else f"{self.vi_type} {self.occasion}"

    @property
    def key(self) -> str:
        """The identity: ``18-NQ/TW@2022-06-16``."""
        return f"{self.code or self.name}@{self.issued.isoformat()}"

    @property
    def full_name(self) -> str:
        """``Nghị quyết số 18-NQ/TW ngày 16/6/2022 (Trung ương 5 khóa XIII)``: what a warning shows."""
        when = f"{self.issued.day}/{self.issued.month}/{self.issued.year}"
        text = f"{self.name} ngày {when}"
        return f"{text} ({self.occasion})" if self.code and self.occasion else text


class CatalogueError(ValueError):
    """Rows that cannot join the catalogue, all of them at once.

    ``problems`` holds dicts ``{row, column, value, code}``: ``row`` as the
    spreadsheet shows it (header = row 1), ``code`` one of ``missing_value``,
    ``bad_date``, ``bad_code``, ``unknown_type_word``, ``type_mismatch``,
    ``no_identity``, ``duplicate_key``, ``conflicts_catalogue``. The ingest
    turns them into ``dashboard.errors.Problem`` rows.
    """

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("; ".join(f"row {p['row']} {p['column']}: {p['code']} ({p['value']!r})" for p in problems))


@dataclass(frozen=True)
class Catalogue:
    """An immutable set of known documents with the look-ups resolution needs."""

    documents: tuple[KnownDocument, ...]
    _by_key: dict[str, KnownDocument] = field(init=False, repr=False, compare=False)
    _by_code: dict[str, tuple[KnownDocument, ...]] = field(init=False, repr=False, compare=False)
    _by_number: dict[tuple[str, int], tuple[KnownDocument, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        docs = tuple(sorted(self.documents, key=lambda d: (d.issued, d.type_code, d.number or 0, d.code)))
        by_key: dict[str, KnownDocument] = {}
        for doc in docs:
            if doc.key in by_key:
                raise ValueError(f"two catalogue rows share the key {doc.key}")
            by_key[doc.key] = doc
        by_code: dict[str, list[KnownDocument]] = {}
        by_number: dict[tuple[str, int], list[KnownDocument]] = {}
        for doc in docs:
            if doc.code:
                by_code.setdefault(doc.code, []).append(doc)
                by_number.setdefault((doc.type_code, doc.number), []).append(doc)
        object.__setattr__(self, "documents", docs)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_by_code", {k: tuple(v) for k, v in by_code.items()})
        object.__setattr__(self, "_by_number", {k: tuple(v) for k, v in by_number.items()})

    def __iter__(self) -> Iterator[KnownDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> KnownDocument | None:
        """The document with this key (``18-NQ/TW@2022-06-16``), or ``None``."""
        return self._by_key.get(key)

    def with_code(self, code: str) -> tuple[KnownDocument, ...]:
        """Every document with this canonical code, oldest first (one per term, usually)."""
        return self._by_code.get(code, ())

    def with_number(self, type_codes: Iterable[str], number: int) -> tuple[KnownDocument, ...]:
        """Documents of these types with this number, any issuer and date, oldest first."""
        found = [d for t in type_codes for d in self._by_number.get((t, number), ())]
        return tuple(sorted(found, key=lambda d: (d.issued, d.code)))

    def of_occasion(self, plenum: str, term: str | None = None) -> tuple[KnownDocument, ...]:
        """Documents adopted at a plenum (``"8"``) or Congress, of one term or of any."""
        return tuple(d for d in self.documents if d.plenum == plenum and (term is None or d.term == term))

    def extended(self, documents: Iterable[KnownDocument]) -> Catalogue:
        """A new catalogue with ``documents`` added (a key already present is skipped)."""
        extra = [d for d in documents if d.key not in self._by_key]
        return Catalogue(self.documents + tuple(extra))


def _text(value: object) -> str:
    return clean_text(value) or ""


def documents_from_frame(
    rows: pd.DataFrame, canonical=None, first_row: int = 2
) -> tuple[list[tuple[int, KnownDocument]], list[dict]]:
    """Build documents from catalogue rows; return ``(row, document)`` pairs and every problem found.

    Args:
        rows: columns ``CATALOGUE_COLUMNS`` (``type_word``, ``issued`` required;
            ``code`` required unless ``plenum`` and ``term`` name the occasion).
            Dates ISO or day first.
        canonical: turns a written code into its canonical form (``None`` when
            it is not a Party code); default: the code must already be canonical.
        first_row: the spreadsheet row number of ``rows``' first row.
    """
    canonical = canonical or _strict_code
    rows = rows.reset_index(drop=True)
    issued = parse_dates(rows["issued"].astype("string")) if "issued" in rows else pd.Series(pd.NaT, index=rows.index)
    documents: list[tuple[int, KnownDocument]] = []
    problems: list[dict] = []

    def problem(i: int, column: str, value: object, code: str) -> None:
        problems.append({"row": i + first_row, "column": column, "value": _text(value), "code": code})

    for i, row in rows.iterrows():
        get = lambda name: _text(row.get(name))  # noqa: E731
        word, written_code, when = get("type_word"), get("code"), issued.iloc[i]
        before = len(problems)
        if not word:
            problem(i, "type_word", word, "missing_value")
        elif word not in TYPE_WORDS:
            problem(i, "type_word", word, "unknown_type_word")
        if not get("issued"):
            problem(i, "issued", "", "missing_value")
        elif pd.isna(when):
            problem(i, "issued", get("issued"), "bad_date")
        code = canonical(written_code) if written_code else ""
        term = get("term").upper()
        plenum = get("plenum")
        if term and roman_to_int(term) is None:
            problem(i, "term", term, "bad_code")
        elif term:
            term = int_to_roman(roman_to_int(term))
        if written_code and not code:
            problem(i, "code", written_code, "bad_code")
        elif code and word in TYPE_WORDS and code.split("-", 1)[1].split("/", 1)[0] not in TYPE_WORDS[word]:
            problem(i, "code", written_code, "type_mismatch")
        if not written_code and not (plenum and term):
            problem(i, "code", "", "no_identity")
        if len(problems) > before:
            continue
        type_code = "" if code else TYPE_WORDS[word][0]
        documents.append((i + first_row, KnownDocument(code, word, when.date(), get("title"), type_code,
                                                       get("body"), term, plenum, get("source"))))
    return documents, problems


def _strict_code(text: str) -> str | None:
    match = _CODE.match(text)
    if not match or match.group(2) not in PARTY_TYPES:
        return None
    return f"{int(match.group(1)):02d}-{match.group(2)}/{match.group(3)}"


def read_catalogue(path=None) -> Catalogue:
    """Read a catalogue file (default: the one shipped in the package)."""
    source = path if path is not None else resources.files("dashboard.contract").joinpath(CATALOGUE_FILE)
    with (open(source, encoding="utf-8") if path is not None else source.open(encoding="utf-8")) as handle:
        rows = pd.read_csv(handle, dtype=str, keep_default_na=False)
    documents, problems = documents_from_frame(rows)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(tuple(doc for _, doc in documents))


DEFAULT_CATALOGUE = read_catalogue()


# ---------------------------------------------------------------------------
# Documents a unit added (the stored ``catalogue`` table, dashboard.contract.schema).

STORED_CATALOGUE_COLUMNS = ("unit", "document", "type_word", "code", "issued", "body", "term", "plenum", "title",
                            "source")


def stored_rows(unit: str, documents: Iterable[KnownDocument]) -> pd.DataFrame:
    """The stored ``catalogue`` rows of ``documents`` added by ``unit``: its key as ``document``, blanks missing."""
    rows = [{"unit": unit, "document": d.key, "type_word": d.vi_type, "code": d.code, "issued": pd.Timestamp(d.issued),
             "body": d.body, "term": d.term, "plenum": d.plenum, "title": d.title, "source": d.source}
            for d in documents]
    frame = pd.DataFrame(rows, columns=list(STORED_CATALOGUE_COLUMNS))
    text = [c for c in STORED_CATALOGUE_COLUMNS if c != "issued"]
    frame[text] = frame[text].astype("string").replace("", pd.NA)
    frame["issued"] = pd.to_datetime(frame["issued"]).astype("datetime64[us]")
    return frame


def documents_of(rows: pd.DataFrame) -> list[KnownDocument]:
    """The documents of stored ``catalogue`` rows, one per key (the first unit's, units sorted).

    A row that no longer makes a document (an unknown type word, no date) is
    skipped: stored rows were checked on upload, so this only guards reading.
    """
    if rows is None or rows.empty:
        return []
    ordered = rows.sort_values(["unit", "document"], kind="stable")
    found: dict[str, KnownDocument] = {}
    def cell(value: object) -> str:
        return "" if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)) else _text(value)

    for row in ordered.to_dict("records"):
        word, issued = cell(row.get("type_word")), row.get("issued")
        if word not in TYPE_WORDS or issued is None or pd.isna(issued):
            continue
        code = cell(row.get("code"))
        doc = KnownDocument(code, word, pd.Timestamp(issued).date(), cell(row.get("title")),
                            "" if code else TYPE_WORDS[word][0], cell(row.get("body")), cell(row.get("term")),
                            cell(row.get("plenum")), cell(row.get("source")))
        found.setdefault(doc.key, doc)
    return list(found.values())


def catalogue_with(rows: pd.DataFrame | None, base: Catalogue | None = None,
                   units: Iterable[str] | None = None) -> Catalogue:
    """``base`` (default: the shipped catalogue) extended with the stored ``catalogue`` rows (of ``units`` only, if given).

    A shipped document wins over a stored row with its key; ``base`` itself
    is returned when no row adds anything.
    """
    base = DEFAULT_CATALOGUE if base is None else base
    if rows is None or rows.empty:
        return base
    if units is not None:
        rows = rows[rows["unit"].isin(list(units))]
    extra = [d for d in documents_of(rows) if d.key not in base]
    return base.extended(extra) if extra else base
