"""Document references: how they are written, and which document each one means.

Ward staff write one document many ways (DOMAIN.md §5): ``Nghị quyết số
35-NQ/TW ngày 22/10/2018``, ``NQ 35``, ``35/NQ-TW``, ``35 – NQ/TW``, lower
case, NFD, ``Nghị quyết Trung ương 8 khóa XIII``. Numbers restart each term,
so a code alone does not name a document either.

* ``find_references`` finds the references in a text (spans kept), in any of
  those forms; ``split_references`` cuts a cell holding several.
* ``resolve_reference`` says which catalogued document a reference means,
  using the conference date for short forms, and how sure that is
  (``exact``, ``resolved``, ``unknown``, ``ambiguous``, ``unrecognised``).
  Anything but ``exact`` carries what the preview needs to warn: the
  written text, the canonical code, and the closest catalogue entries.
* ``parse_reference`` is the older, code-only reading (canonical code or the
  text as written), kept for the callers that store codes.

Matching works on a *folded* copy of the text: lower case, no diacritics,
``đ`` → ``d``, every dash → ``-``; one character for one character, so a
match's span is also its span in the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.contract.catalogue import (
    CATALOGUE_COLUMNS,
    CONGRESS,
    DEFAULT_CATALOGUE,
    LOCAL_ISSUERS,
    PARTY_ISSUERS,
    PARTY_TYPES,
    TYPE_WORDS,
    WORD_OF_TYPE,
    Catalogue,
    CatalogueError,
    KnownDocument,
    documents_from_frame,
    int_to_roman,
    roman_to_int,
)
from dashboard.contract.text import clean_text, fold_key

__all__ = [
    "CATALOGUE", "CATALOGUE_BY_CODE", "CATALOGUE_BY_KEY", "DEFAULT_CATALOGUE", "PARTY_ISSUERS", "PARTY_TYPES",
    "STATUSES", "Catalogue", "CatalogueError", "KnownDocument", "Mention", "Reference", "Resolution",
    "canonical_code", "document_name", "extend_catalogue", "find_references", "fold_ascii", "parse_reference",
    "resolve_reference", "split_references", "suggestion_names",
]

STATUSES = ("exact", "resolved", "unknown", "ambiguous", "unrecognised")

# ---------------------------------------------------------------------------
# Folding: the text every pattern below reads.

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"


@lru_cache(maxsize=1 << 14)
def fold_ascii(text: str) -> str:
    """``text`` (NFC) lower-cased without diacritics, dashes made ``-``; same length, same positions."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
        elif ch in _DASHES:
            out.append("-")
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            low = base.lower()
            out.append(low if len(low) == 1 else base)
    return "".join(out)


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _word_pattern(word: str) -> str:
    return r"\s+".join(re.escape(part) for part in fold_ascii(word).split())


# Type words and abbreviations, folded.
_WORDS = {fold_ascii(word): word for word in TYPE_WORDS} | {"chuong trinh hanh dong": "Chương trình"}
_WORD_RE = _alt(_word_pattern(w) for w in _WORDS)
_ABBRS = {fold_ascii(t).lower(): t for t in PARTY_TYPES}
_ABBR_RE = _alt(_ABBRS)
_ISSUERS = {fold_ascii(i).lower(): i for i in PARTY_ISSUERS}

_TYPE_PHRASE = rf"(?:(?P<word>{_WORD_RE})|(?<![a-z])(?P<abbr>{_ABBR_RE}))"
_SO = r"\s*\.?\s*(?:so\s*[:.]?\s*)?"
# A type word or abbreviation right before a code or number: "Quy định số ", "HD ".
_TYPE_BEFORE = re.compile(rf"{_TYPE_PHRASE}{_SO}$")
# The same before a plenum or Congress name: "Nghị quyết Hội nghị ", "NQ" in "NQTW8".
_TYPE_BEFORE_OCCASION = re.compile(rf"{_TYPE_PHRASE}\s*(?:cua\s+)?(?:(?:cac\s+)?hoi\s+nghi\s+)?$")

# 35-NQ/TW in every spacing and dash; 35/NQ-TW (state-style); 35 NQ/TW.
_PARTY = re.compile(
    rf"(?<![\w/.-])(?P<number>\d{{1,4}})\s*(?P<sep1>[-/.]?)\s*(?P<type>{_ABBR_RE})\s*(?P<sep2>[/-])\s*"
    r"(?P<issuer>[a-z][a-z0-9]{0,9})(?![\w])"
)
# State documents: 30/2020/NĐ-CP, 15/QĐ-UBND, 1027/NQ-UBTVQH14, 59/2020/QH14.
_STATE = re.compile(
    r"(?<![\w/.-])(?P<number>\d{1,5})\s*/\s*(?:(?P<year>\d{4})\s*/\s*)?"
    r"(?P<letters>[a-z][a-z0-9]{0,9}(?:\s*-\s*[a-z][a-z0-9]{0,11})*)(?![\w])"
)
# Short forms: "Nghị quyết số 35", "NQ 35", "NQ35", "Quy định 85"; "35-NQ" with no issuer.
_SHORT = re.compile(rf"{_TYPE_PHRASE}{_SO}(?P<number>\d{{1,3}})(?![\d])(?!\s*[/.]\s*\d)")
# Abbreviations that are also common syllables ("đã", "kh"…): a short form only in capitals, "ĐA 02".
_CAPITALS_ONLY = {"da", "tb", "kh", "bc", "qc"}
_SHORT_NO_ISSUER = re.compile(
    rf"(?<![\w/.-])(?P<number>\d{{1,4}})\s*-\s*(?P<type>{_ABBR_RE})(?![a-z0-9])(?!\s*[/-]\s*[a-z])"
)

_NUMBER_WORDS = {
    "mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "muoi ba": 13, "muoi bon": 14, "muoi lam": 15,
}
_NUM_WORD_RE = _alt(w.replace(" ", r"\s+") for w in _NUMBER_WORDS)
_ROMAN_RE = r"[ivxl]{1,6}"
# "Trung ương 8", "TW8", "Hội nghị Trung ương lần thứ tám", "lần thứ 8 Ban Chấp hành Trung ương Đảng".
_PLENUM = re.compile(
    r"(?<![a-z])(?P<tw>trung\s+uong|tw|tu)\s*(?:dang\s+)?"
    rf"(?:lan\s+(?:thu\s+)?(?P<a>\d{{1,2}}|{_NUM_WORD_RE})|(?P<b>\d{{1,2}}))(?![\w])"
    rf"|(?<![a-z])lan\s+thu\s+(?P<c>\d{{1,2}}|{_NUM_WORD_RE}|{_ROMAN_RE})\s+(?:ban\s+chap\s+hanh|bch)\s+"
    r"(?P<tw2>trung\s+uong|tw|tu)(?:\s+dang)?(?![\w])"
)
_TERM_AFTER = re.compile(rf"\s*[,(-]?\s*\(?\s*khoa\s*(?P<term>{_ROMAN_RE}|\d{{1,2}})(?![a-z0-9])")
# "Đại hội XIII", "Đại hội đại biểu toàn quốc lần thứ XIII", "Đại hội Đảng lần thứ XIII", "Đại hội 13".
_CONGRESS = re.compile(
    r"(?<![a-z])dai\s+hoi\s+(?:dai\s+bieu\s+)?(?:toan\s+quoc\s+)?(?:(?:cua\s+)?dang\s+(?:cong\s+san\s+viet\s+nam\s+)?)?"
    rf"(?:toan\s+quoc\s+)?(?:lan\s+thu\s+)?(?P<term>{_ROMAN_RE}|\d{{1,2}})(?![a-z0-9])"
)

_DATE = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)"
    r"|(?<!\d)(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s*,?\s*nam\s+(?P<y2>\d{4})(?!\d)"
)
# A year written right after the code: "NQ 18 năm 2017", "18-NQ/TW (2022)".
_YEAR = re.compile(r"\s*,?\s*(?:ban\s+hanh\s+)?(?:nam\s+(?P<y>\d{4})|\(\s*(?P<y2>\d{4})\s*\))(?!\d)")
_TITLE_START = re.compile(r"(?<!\w)về(?!\w)")
_TERM = re.compile(rf"(?<![a-z])khoa\s*(?P<term>{_ROMAN_RE}|\d{{1,2}})(?![a-z0-9])")
# "… về tiếp tục thực hiện Chỉ thị 05", "… hướng dẫn thực hiện Quy định 85": a code named inside a title.
_TITLE_LINK = re.compile(r"(?:(?<![a-z])ve(?:\s+viec)?|tiep\s+tuc|huong\s+dan)\s+thuc\s+hien\s*$")
_PIECE_END = re.compile(r"[\s,;:]*(?:(?<![a-z])(?:va|and)\s*)?[\s,;:(]*$")


# ---------------------------------------------------------------------------
# Finding references.


@dataclass(frozen=True)
class Mention:
    """One reference found in a text.

    ``start``/``end`` span the reference in the cleaned text (a type word
    written right before it included); ``form`` is ``code`` (a Party code),
    ``state``, ``short`` (type + number) or ``occasion`` (a plenum or
    Congress named, no code). ``word`` is the type word as written
    (``Quy định``), ``None`` when only an abbreviation or nothing was
    written; ``type_codes`` the types the written form allows.
    """

    start: int
    end: int
    form: str
    text: str
    code: str | None = None
    word: str | None = None
    type_codes: tuple[str, ...] = ()
    number: int | None = None
    issuer: str | None = None
    term: str | None = None
    plenum: str | None = None


def _type_before(folded: str, start: int, floor: int, pattern=_TYPE_BEFORE) -> tuple[int, str | None, str | None]:
    """(start, word, abbreviation) of a type phrase ending at ``start``; ``(start, None, None)`` if none."""
    match = pattern.search(folded[floor:start])
    if not match:
        return start, None, None
    abbr = match.group("abbr")
    return floor + match.start(), _word_of(match), _ABBRS[abbr] if abbr else None


def _word_of(match: re.Match) -> str | None:
    """The type word (``Quy định``) a ``_TYPE_PHRASE`` match wrote, ``None`` for an abbreviation."""
    word = match.group("word")
    return _WORDS[re.sub(r"\s+", " ", word)] if word else None


def _issuer(raw_span: str, folded_span: str) -> str:
    raw = re.sub(r"\s+", "", raw_span)
    if raw.upper() == "TƯ":  # Trung ương written with its own letters
        return "TW"
    return _ISSUERS.get(folded_span) or raw.upper()


def _party_codes(raw: str, folded: str) -> list[Mention]:
    found = []
    for m in _PARTY.finditer(folded):
        issuer_folded = m.group("issuer")
        canonical_form = m.group("sep2") == "/" and m.group("sep1") in ("-", "", ".")
        if not canonical_form and issuer_folded not in _ISSUERS:
            continue  # 15/QĐ-UBND is a state document, not a Party code typed state-style
        kind = _ABBRS[m.group("type")]
        issuer = _issuer(raw[m.start("issuer"):m.end("issuer")], issuer_folded)
        number = int(m.group("number"))
        code = f"{number:02d}-{kind}/{issuer}"
        found.append(Mention(m.start(), m.end(), "code", raw[m.start():m.end()], code, None, (kind,), number, issuer))
    return found


def _state_codes(raw: str, folded: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _STATE.finditer(folded):
        if _overlaps(m.start(), m.end(), taken) or not (m.group("year") or "-" in m.group("letters")):
            continue
        letters = re.sub(r"\s+", "", raw[m.start("letters"):m.end("letters")]).upper()
        year = f"{m.group('year')}/" if m.group("year") else ""
        code = f"{m.group('number')}/{year}{letters}"
        found.append(Mention(m.start(), m.end(), "state", raw[m.start():m.end()], code))
    return found


def _short_forms(raw: str, folded: str, taken) -> list[Mention]:
    found = []
    for m in _SHORT.finditer(folded):
        if _overlaps(m.start("number"), m.end("number"), taken):
            continue
        abbr = m.group("abbr")
        if abbr in _CAPITALS_ONLY and not raw[m.start("abbr"):m.end("abbr")].isupper():
            continue
        word = _word_of(m)
        codes = TYPE_WORDS[word] if word else _abbr_codes(_ABBRS[abbr])
        found.append(Mention(m.start(), m.end(), "short", raw[m.start():m.end()], None, word, codes,
                             int(m.group("number"))))
    for m in _SHORT_NO_ISSUER.finditer(folded):
        if _overlaps(m.start(), m.end(), taken):
            continue
        kind = _ABBRS[m.group("type")]
        found.append(Mention(m.start(), m.end(), "short", raw[m.start():m.end()], None, None, (kind,),
                             int(m.group("number"))))
    return found


def _abbr_codes(kind: str) -> tuple[str, ...]:
    # "QĐ 08" may mean the 2018–2020 Quy định form 08-QĐi/TW too.
    return ("QĐ", "QĐi") if kind == "QĐ" else (kind,)


def _term(text: str | None) -> str | None:
    value = roman_to_int(text) if text else None
    return int_to_roman(value) if value and 1 <= value <= 30 else None


def _occasions(raw: str, folded: str, taken) -> list[Mention]:
    found = []
    for m in _PLENUM.finditer(folded):
        tw = m.group("tw") or m.group("tw2")
        tw_span = m.span("tw") if m.group("tw") else m.span("tw2")
        if tw == "tu" and raw[tw_span[0]:tw_span[1]] != "TƯ":
            continue  # "từ 14-16/3" is not "TƯ 14"
        number = m.group("a") or m.group("b") or m.group("c")
        value = _NUMBER_WORDS.get(re.sub(r"\s+", " ", number)) or roman_to_int(number)
        if not value or not 1 <= value <= 20 or _overlaps(m.start(), m.end(), taken):
            continue
        end, term = m.end(), None
        if after := _TERM_AFTER.match(folded, m.end()):
            end, term = after.end(), _term(after.group("term"))
        found.append(Mention(m.start(), end, "occasion", raw[m.start():end], plenum=str(value), term=term))
    for m in _CONGRESS.finditer(folded):
        term = _term(m.group("term"))
        if term and not _overlaps(m.start(), m.end(), taken):
            found.append(Mention(m.start(), m.end(), "occasion", raw[m.start():m.end()], plenum=CONGRESS, term=term))
    return found


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


def _with_type_word(raw: str, folded: str, mention: Mention, floor: int) -> Mention:
    """Extend a code, state or occasion mention over the type word written right before it."""
    if mention.form == "short":
        return mention
    pattern = _TYPE_BEFORE_OCCASION if mention.form == "occasion" else _TYPE_BEFORE
    start, word, abbr = _type_before(folded, mention.start, floor, pattern)
    if start == mention.start:
        return mention
    codes = mention.type_codes
    if mention.form == "occasion":
        codes = TYPE_WORDS[word] if word else _abbr_codes(abbr)
    return replace(mention, start=start, text=raw[start:mention.end], word=word, type_codes=codes)


@dataclass(frozen=True)
class _Found:
    mention: Mention
    hints: dict = field(default_factory=dict)


def _scan(raw: str) -> list[_Found]:
    """Every reference in ``raw`` (cleaned), in order, with the hints written beside it."""
    folded = fold_ascii(raw)
    codes = _party_codes(raw, folded)
    taken = [(m.start, m.end) for m in codes]
    states = _state_codes(raw, folded, taken)
    taken += [(m.start, m.end) for m in states]
    occasions = _occasions(raw, folded, taken)
    taken += [(m.start, m.end) for m in occasions]
    shorts = _short_forms(raw, folded, taken)
    mentions = sorted(codes + states + occasions + shorts, key=lambda m: m.start)

    extended: list[Mention] = []
    for m in mentions:
        floor = extended[-1].end if extended else 0
        extended.append(_with_type_word(raw, folded, m, floor))

    # A plenum named beside a code is a hint about that code, not a second
    # reference: "18-NQ/TW của Hội nghị Trung ương 5 khóa XIII".
    found: list[_Found] = []
    pending_hint: Mention | None = None
    for i, m in enumerate(extended):
        if m.form == "occasion" and m.word is None and not m.type_codes:
            prev = found[-1].mention if found else None
            between = folded[prev.end:m.start] if prev else ""
            if prev and prev.form in ("code", "short") and ";" not in between and not _has_mention_word(between):
                found[-1].hints.setdefault("occasion", m)
                continue
            nxt = extended[i + 1] if i + 1 < len(extended) else None
            if nxt and nxt.form in ("code", "short") and re.fullmatch(r"[\s,:]*(?:so\s*)?", folded[m.end:nxt.start]):
                pending_hint = m
                continue
        if pending_hint is not None:
            found.append(_Found(replace(m, start=pending_hint.start, text=raw[pending_hint.start:m.end]),
                                {"occasion": pending_hint}))
            pending_hint = None
            continue
        # "Nghị quyết Trung ương 5 khóa XIII số 18-NQ/TW": the plenum names the code that follows.
        if found and found[-1].mention.form == "occasion" and m.form in ("code", "short") \
                and re.fullmatch(r"[\s,:]*(?:so\s*)?", folded[found[-1].mention.end:m.start]):
            occasion = found.pop().mention
            word = m.word or occasion.word
            codes = m.type_codes if m.form == "code" else (TYPE_WORDS[word] if word else m.type_codes)
            found.append(_Found(replace(m, start=occasion.start, text=raw[occasion.start:m.end], word=word,
                                        type_codes=codes), {"occasion": occasion}))
            continue
        found.append(_Found(m))
    if pending_hint is not None:
        found.append(_Found(pending_hint))

    # Hints (a date, a year, a term) are read between a reference and the next
    # one, and before its title ("về …"), which may name other years and terms.
    starts = [f.mention.start for f in found[1:]] + [len(raw)]
    for f, window_end in zip(found, starts):
        title = _TITLE_START.search(raw.lower(), f.mention.end, window_end)
        f.hints.update(_hints(folded[f.mention.end:title.start() if title else window_end]))

    # "Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW": the second code is part of the title.
    kept: list[_Found] = []
    for f in found:
        if kept and _is_title_mention(folded, kept[-1].mention.end, f.mention.start):
            continue
        kept.append(f)
    return kept


def _has_mention_word(folded_between: str) -> bool:
    return re.search(rf"{_TYPE_PHRASE}\s", folded_between) is not None


def _is_title_mention(folded: str, prev_end: int, start: int) -> bool:
    between = folded[prev_end:start]
    return ";" not in between and _TITLE_LINK.search(between.rstrip()) is not None


def _hints(window: str) -> dict:
    hints: dict = {}
    for m in _DATE.finditer(window):
        d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
        try:
            hints["date"] = date(int(y), int(mo), int(d))
        except ValueError:  # 31/02/2018 names no day: no date, so nothing can be exact
            continue
        break
    if "date" not in hints and (m := _YEAR.match(window)):
        hints["year"] = int(m.group("y") or m.group("y2"))
    if m := _TERM.search(window):
        hints["term"] = _term(m.group("term"))
    return hints


def find_references(text: object) -> list[Mention]:
    """The document references in ``text``, in order (a plenum beside a code is a hint, not a reference)."""
    raw = clean_text(text)
    return [] if raw is None else [f.mention for f in _scan(raw)]


def canonical_code(text: object) -> str | None:
    """The canonical code of the first Party or state code in ``text`` (``35/NQ-TW`` → ``35-NQ/TW``), else ``None``."""
    for m in find_references(text):
        if m.form in ("code", "state"):
            return m.code
    return None


# ---------------------------------------------------------------------------
# Splitting a cell.

_LIST = re.compile(
    rf"{_TYPE_PHRASE}{_SO}(?P<first>\d{{1,4}})(?P<rest>(?:\s*(?:,|&|\bva\b)\s*(?:so\s*)?\d{{1,4}}(?![\d/.]))+)"
    rf"(?P<suffix>\s*-\s*(?:{_ABBR_RE})\s*/\s*[a-z][a-z0-9]{{0,9}}(?![\w]))?"
)


def split_references(cell: object) -> list[str]:
    """Cut a cell into one text per reference.

    Splits on ``;``, line breaks and bullets, then between references written
    in one stretch (``Nghị quyết số 66-NQ/TW và 68-NQ/TW``), each piece keeping
    the date and words written after its code. A list of numbers under one
    type word is spelled out: ``Nghị quyết số 18, 19-NQ/TW ngày 25/10/2017``
    → ``Nghị quyết số 18-NQ/TW ngày 25/10/2017``, ``Nghị quyết số 19-NQ/TW
    ngày 25/10/2017``. Text with no reference is one piece, kept as written.
    """
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    pieces: list[str] = []
    for part in re.split(r"[;\n\r\u2022|]+", str(cell)):
        text = clean_text(part)
        if text is None:
            continue
        pieces.extend(_split_part(text))
    return pieces


def _split_part(text: str) -> list[str]:
    folded = fold_ascii(text)
    if listed := _LIST.search(folded):
        numbers = [listed.group("first"), *re.findall(r"\d{1,4}", listed.group("rest"))]
        phrase = text[listed.start():listed.start("first")].rstrip()
        phrase = re.sub(r"\s*(?:số|so|Số|SỐ)\s*[:.]?$", "", phrase).rstrip() + " số "
        suffix = re.sub(r"\s+", "", text[listed.start("suffix"):listed.end("suffix")]) if listed.group("suffix") else ""
        head, tail = text[:listed.start()], text[listed.end():]
        spelled = [f"{phrase}{n}{suffix}{tail}".strip() for n in numbers]
        spelled[0] = (head + spelled[0]).strip()
        return spelled
    found = _scan(text)
    if len(found) <= 1:
        return [text]
    starts = [0] + [f.mention.start for f in found[1:]] + [len(text)]
    out = []
    for start, end in zip(starts, starts[1:]):
        piece = text[start:end]
        cut = _PIECE_END.search(fold_ascii(piece))
        piece = piece[:cut.start()] if cut else piece
        if piece.strip():
            out.append(piece.strip())
    return out


# ---------------------------------------------------------------------------
# Resolving a reference against the catalogue.


@dataclass(frozen=True)
class Resolution:
    """Which document a written reference means, and how sure that is.

    Attributes:
        text: the reference as written (cleaned: NFC, spaces collapsed).
        status: ``exact`` (full code and date written, found), ``resolved``
            (found from a short form, an undated code or a plenum name),
            ``unknown`` (a code the catalogue does not hold, kept as written),
            ``ambiguous`` (several candidates, nothing to choose by),
            ``unrecognised`` (no code and no name the catalogue knows).
        key: the catalogue key (``18-NQ/TW@2022-06-16``) when exact or resolved.
        code: the canonical code (Party ``35-NQ/TW`` or state ``30/2020/NĐ-CP``).
        vi_type: the type word, as written or from the catalogue.
        issued: the date written, else the resolved document's.
        system: ``party``, ``state`` or ``None`` (no code).
        candidates: keys of the closest catalogue entries, best first (the
            chosen one first when resolved): what "Có phải là …?" lists.
        reason: why this status (see ``docs/data-contract.md``).
    """

    text: str
    status: str
    key: str | None = None
    code: str | None = None
    vi_type: str | None = None
    issued: date | None = None
    system: str | None = None
    candidates: tuple[str, ...] = ()
    reason: str = ""

    @property
    def needs_warning(self) -> bool:
        """Everything but ``exact`` is shown to the person uploading before it is stored."""
        return self.status != "exact"

    @property
    def local(self) -> bool:
        """A code of a committee below the centre (``58-KH/ĐU``): unique only within the citing unit."""
        return bool(self.code and self.system == "party" and self.code.rsplit("/", 1)[-1] in LOCAL_ISSUERS)

    @property
    def identity(self) -> str:
        """The catalogue key, else a provisional one: ``code@date``, the code, or the text as written."""
        if self.key:
            return self.key
        if self.code and self.issued:
            return f"{self.code}@{self.issued.isoformat()}"
        return self.code or self.text


def _as_date(on) -> date | None:
    if on is None or on is pd.NA or on is pd.NaT or (isinstance(on, float) and on != on):
        return None
    if isinstance(on, np.datetime64):
        on = pd.Timestamp(on)
    if isinstance(on, pd.Timestamp):
        return None if pd.isna(on) else on.date()
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    raise TypeError(f"the conference date must be a date, not {type(on).__name__}")


def resolve_reference(text: object, on: date | datetime | None = None,
                      catalogue: Catalogue | None = None) -> Resolution | None:
    """Say which catalogued document ``text`` refers to.

    Args:
        text: one reference as written (split cells first: ``split_references``).
        on: the conference date. A short form or an undated code means the
            latest catalogued document of that type and number (and issuer,
            when written) issued on or before it.
        catalogue: the known documents (default: the shipped catalogue).

    Returns:
        A ``Resolution``, or ``None`` for a blank cell. Nothing is merged or
        split silently: every status but ``exact`` carries the candidates a
        warning needs. A text holding several references is ``ambiguous``
        (reason ``several_references``).
    """
    catalogue = DEFAULT_CATALOGUE if catalogue is None else catalogue
    raw = clean_text(text)
    if raw is None:
        return None
    on = _as_date(on)
    found = _scan(raw)
    if len(found) > 1:
        keys = []
        for f in found:
            one = _resolve_found(raw, f, on, catalogue)
            keys.extend(one.candidates[:1] if one.key is None else [one.key])
        return Resolution(raw, "ambiguous", candidates=tuple(dict.fromkeys(keys)), reason="several_references")
    if not found:
        return Resolution(raw, "unrecognised", candidates=_title_suggestions(raw, catalogue), reason="no_code")
    return _resolve_found(raw, found[0], on, catalogue)


def _resolve_found(raw: str, found: _Found, on: date | None, catalogue: Catalogue) -> Resolution:
    m, hints = found.mention, dict(found.hints)
    if occasion := hints.pop("occasion", None):
        hints.setdefault("term", occasion.term)
        hints["plenum"] = occasion.plenum
    base = Resolution(raw, "unknown", vi_type=m.word, issued=hints.get("date"))
    if m.form == "state":
        return replace(base, code=m.code, system="state", reason="state_document")
    if m.form == "code":
        return _resolve_code(base, m, hints, on, catalogue)
    if m.form == "short":
        return _resolve_short(base, m, hints, on, catalogue)
    return _resolve_occasion(base, m, hints, on, catalogue)


def _fits_word(doc: KnownDocument, word: str | None, type_codes: tuple[str, ...]) -> bool:
    return doc.type_code in type_codes and (word is None or doc.vi_type == word)


def _keys(docs) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.key for d in docs))


def _by_nearness(docs, when: date | None):
    if when is None:
        return sorted(docs, key=lambda d: d.issued, reverse=True)
    return sorted(docs, key=lambda d: abs((d.issued - when).days))


def _resolve_code(base: Resolution, m: Mention, hints: dict, on, catalogue: Catalogue) -> Resolution:
    base = replace(base, code=m.code, system="party", vi_type=m.word or WORD_OF_TYPE.get(m.type_codes[0]))
    same_code = catalogue.with_code(m.code)
    kind = m.type_codes[0]
    if m.word is not None and kind not in TYPE_WORDS[m.word]:
        # "Kết luận số 35-NQ/TW": the word and the code name different types.
        others = [d for d in catalogue.with_number(TYPE_WORDS[m.word], m.number) if d.vi_type == m.word]
        cands = _by_nearness(list(same_code) + others, hints.get("date") or on)
        return replace(base, status="ambiguous", vi_type=m.word, candidates=_keys(cands), reason="type_conflict")
    fitting = [d for d in same_code if _fits_word(d, m.word, m.type_codes)]
    when = hints.get("date")
    if when is not None:
        if exact := [d for d in fitting if d.issued == when]:
            # Certain, but a conference cannot study a document issued after it: say so.
            reason = "code_and_date_after_conference" if on is not None and when > on else "code_and_date"
            return replace(base, status="exact", key=exact[0].key, vi_type=exact[0].vi_type, reason=reason)
        wrong_word = any(d.issued == when for d in same_code)
        cands = _by_nearness(same_code, when) or _near_codes(m, catalogue, when)
        reason = "type_word_mismatch" if wrong_word else ("date_not_in_catalogue" if same_code else "not_in_catalogue")
        return replace(base, candidates=_keys(cands), reason=reason)
    if not fitting:
        reason = "type_word_mismatch" if same_code else "not_in_catalogue"
        cands = _by_nearness(same_code, on) if same_code else _near_codes(m, catalogue, on)
        return replace(base, candidates=_keys(cands), reason=reason)
    return _choose(base, fitting, hints, on)


def _near_codes(m: Mention, catalogue: Catalogue, when: date | None) -> list[KnownDocument]:
    """Catalogued documents a mistyped code may have meant: same number, another type of the
    family or another issuer; or the same type and issuer, one digit off."""
    family = {"QĐ": ("QĐ", "QĐi"), "QĐi": ("QĐ", "QĐi")}.get(m.type_codes[0], m.type_codes)
    same_number = [d for d in catalogue.with_number(family, m.number) if d.code != m.code]
    digits = str(m.number)
    one_off = [
        d for d in catalogue if d.code and d.type_code == m.type_codes[0] and d.issuer == m.issuer
        and d.number != m.number and _one_edit(str(d.number), digits)
    ]
    if when is not None:
        one_off = [d for d in one_off if d.issued <= when] or one_off
    return (_by_nearness(same_number, when) + _by_nearness(one_off, when))[:4]


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1 or (len(a) == 2 and a == b[::-1])
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _choose(base: Resolution, docs: list[KnownDocument], hints: dict, on: date | None,
            reasons=("latest_before", "only_one")) -> Resolution:
    """Pick among ``docs`` (same type and number) by hints and the conference date."""
    narrowed = docs
    for hint, test in (("year", lambda d, v: d.issued.year == v), ("term", lambda d, v: d.term == v),
                       ("plenum", lambda d, v: d.plenum == v)):
        value = hints.get(hint)
        if value is not None:
            kept = [d for d in narrowed if test(d, value)]
            if not kept:
                return replace(base, candidates=_keys(_by_nearness(docs, on)), reason=f"{hint}_not_in_catalogue")
            narrowed = kept
    if on is not None:
        before = [d for d in narrowed if d.issued <= on]
        if not before:
            return replace(base, candidates=_keys(_by_nearness(narrowed, on)), reason="issued_after_conference")
        latest = max(d.issued for d in before)
        top = [d for d in before if d.issued == latest]
        if len(top) > 1:
            return replace(base, status="ambiguous", candidates=_keys(top), reason="same_day")
        chosen, reason = top[0], reasons[0] if len(docs) > 1 else reasons[1]
    elif len(narrowed) == 1:
        chosen, reason = narrowed[0], reasons[1]
    else:
        return replace(base, status="ambiguous", candidates=_keys(_by_nearness(narrowed, None)), reason="no_date")
    others = _by_nearness([d for d in docs if d is not chosen], chosen.issued)
    return replace(base, status="resolved", key=chosen.key, code=chosen.code or base.code, vi_type=chosen.vi_type,
                   issued=chosen.issued, candidates=_keys([chosen, *others]), reason=reason)


def _resolve_short(base: Resolution, m: Mention, hints: dict, on, catalogue: Catalogue) -> Resolution:
    base = replace(base, system="party", vi_type=m.word or (WORD_OF_TYPE.get(m.type_codes[0]) if len(m.type_codes) == 1 else None))
    same_number = catalogue.with_number(m.type_codes, m.number)
    docs = [d for d in same_number if _fits_word(d, m.word, m.type_codes)]
    when = hints.get("date")
    if when is not None:
        dated = [d for d in docs if d.issued == when]
        if len(dated) == 1:
            d = dated[0]
            return replace(base, status="resolved", key=d.key, code=d.code, vi_type=d.vi_type,
                           candidates=(d.key,), reason="short_form_and_date")
        if len(dated) > 1:
            return replace(base, status="ambiguous", candidates=_keys(dated), reason="same_day")
        cands = _by_nearness(docs or same_number, when)
        return replace(base, candidates=_keys(cands), reason="date_not_in_catalogue" if docs else "not_in_catalogue")
    if not docs:
        reason = "type_word_mismatch" if same_number else "not_in_catalogue"
        return replace(base, candidates=_keys(_by_nearness(same_number, on)), reason=reason)
    resolved = _choose(base, docs, hints, on, reasons=("short_form_latest_before", "short_form_only_one"))
    if resolved.status in ("ambiguous", "unknown"):
        codes = {d.code for d in docs}
        if len(codes) == 1:
            resolved = replace(resolved, code=codes.pop())
    return resolved


def _resolve_occasion(base: Resolution, m: Mention, hints: dict, on, catalogue: Catalogue) -> Resolution:
    base = replace(base, status="unrecognised", system=None,
                   vi_type=m.word or (WORD_OF_TYPE.get(m.type_codes[0]) if len(m.type_codes) == 1 else None))
    term = m.term or hints.get("term")
    docs = list(catalogue.of_occasion(m.plenum, term))
    if term is None and docs:
        # "Nghị quyết Trung ương 8" with no term: the latest such plenum held by the conference date.
        held = [d for d in docs if on is None or d.issued <= on]
        terms = {d.term for d in held}
        if on is None and len(terms) > 1:
            typed = [d for d in docs if not m.type_codes or _fits_word(d, m.word, m.type_codes)]
            return replace(base, status="ambiguous", candidates=_keys(_by_nearness(typed or docs, None)),
                           reason="no_date")
        if held:
            latest_term = max(held, key=lambda d: d.issued).term
            docs = [d for d in docs if d.term == latest_term]
        else:
            return replace(base, candidates=_keys(_by_nearness(docs, on)), reason="issued_after_conference")
    if not docs:
        return replace(base, candidates=_title_suggestions(base.text, catalogue), reason="occasion_not_in_catalogue")
    typed = [d for d in docs if not m.type_codes or _fits_word(d, m.word, m.type_codes)]
    if (when := hints.get("date")) is not None:
        typed = [d for d in typed if d.issued == when]
    if not typed:
        return replace(base, candidates=_keys(docs), reason="occasion_without_type")
    if len(typed) > 1:
        return replace(base, status="ambiguous", candidates=_keys(typed), reason="occasion_several")
    d = typed[0]
    return replace(base, status="resolved", key=d.key, code=d.code or None, vi_type=d.vi_type, issued=d.issued,
                   system="party" if d.code else None, candidates=(d.key,), reason="occasion")


_STOP = {"ve", "cua", "va", "cac", "nhung", "so", "ngay", "thang", "nam", "trong", "tinh", "hinh", "moi", "giai",
         "doan", "tiep", "tuc", "nghi", "quyet", "quy", "dinh", "chi", "thi", "ket", "luan", "huong", "dan", "viec"}


def _bigrams(folded: str) -> set[tuple[str, str]]:
    words = [w for w in re.findall(r"[a-z]+", folded) if w not in _STOP]
    return set(zip(words, words[1:]))


def _title_suggestions(raw: str, catalogue: Catalogue, limit: int = 3) -> tuple[str, ...]:
    """Documents whose title shares most word pairs with ``raw`` ("Nghị quyết về kinh tế tư nhân")."""
    wanted = _bigrams(fold_ascii(raw))
    if len(wanted) < 2:
        return ()
    scored = []
    for doc in catalogue:
        shared = len(wanted & _bigrams(fold_ascii(doc.title)))
        if shared >= 2 and shared / len(wanted) >= 0.5:
            scored.append((-shared, -doc.issued.toordinal(), doc.key))
    return tuple(key for *_, key in sorted(scored)[:limit])


def suggestion_names(resolution: Resolution, catalogue: Catalogue | None = None) -> list[str]:
    """The candidates as people read them: ``Nghị quyết số 18-NQ/TW ngày 16/6/2022 (Trung ương 5 khóa XIII)``."""
    catalogue = DEFAULT_CATALOGUE if catalogue is None else catalogue
    return [doc.full_name for key in resolution.candidates if (doc := catalogue.get(key))]


# ---------------------------------------------------------------------------
# Extending the catalogue with an upload's rows.

_HEADERS = {
    "type_word": ("Loại văn bản", "Loại", "Type"),
    "code": ("Số, ký hiệu", "Số ký hiệu", "Ký hiệu", "Số hiệu", "Code"),
    "issued": ("Ngày ban hành", "Ngày", "Issued"),
    "body": ("Cơ quan ban hành", "Body"),
    "term": ("Khóa", "Term"),
    "plenum": ("Hội nghị", "Plenum"),
    "title": ("Trích yếu", "Tên văn bản", "Title"),
    "source": ("Nguồn", "Source"),
}
_HEADER_LOOKUP = {fold_key(s): name for name, spellings in _HEADERS.items() for s in (name, *spellings)}


def extend_catalogue(rows: pd.DataFrame, catalogue: Catalogue | None = None, first_row: int = 2) -> Catalogue:
    """A new catalogue: ``catalogue`` plus the documents of ``rows`` (an upload's extra sheet).

    Args:
        rows: one document a row; headers as in ``catalogue.csv``
            (``type_word, code, issued, body, term, plenum, title, source``)
            or their Vietnamese names (``Loại văn bản``, ``Số, ký hiệu``,
            ``Ngày ban hành``, ``Cơ quan ban hành``, ``Khóa``, ``Hội nghị``,
            ``Trích yếu``, ``Nguồn``). Codes may be written loosely
            (``18 – NQ/TW``); dates day first or ISO.
        catalogue: the catalogue to extend (default: the shipped one). It is not changed.
        first_row: the spreadsheet row of ``rows``' first row, for messages.

    Returns:
        The extended catalogue. A row identical to a catalogued document (same
        key, type word and title, or a blank title) is accepted and skipped.

    Raises:
        CatalogueError: with every problem at once (bad dates or codes,
            a word that contradicts the code, two rows with one key, a row
            contradicting the catalogue). A ``duplicate_key`` problem also
            holds the ``key`` and the ``first_row`` that has it; a
            ``conflicts_catalogue`` one the ``key``.
    """
    catalogue = DEFAULT_CATALOGUE if catalogue is None else catalogue
    renamed = rows.rename(columns=lambda c: _HEADER_LOOKUP.get(fold_key(c), c))
    for column in CATALOGUE_COLUMNS:
        if column not in renamed:
            renamed[column] = ""
    documents, problems = documents_from_frame(renamed, _loose_code, first_row)
    seen: dict[str, int] = {}
    added: list[KnownDocument] = []
    for row, doc in documents:
        if (known := catalogue.get(doc.key)) is not None:
            if known.vi_type != doc.vi_type or (doc.title and fold_key(doc.title) != fold_key(known.title)):
                problems.append({"row": row, "column": "code", "value": doc.code or doc.name, "code": "conflicts_catalogue",
                                 "key": doc.key})
            continue
        if doc.key in seen:
            problems.append({"row": row, "column": "code", "value": doc.code or doc.name, "code": "duplicate_key",
                             "key": doc.key, "first_row": seen[doc.key]})
            continue
        seen[doc.key] = row
        added.append(doc)
    if problems:
        raise CatalogueError(sorted(problems, key=lambda p: p["row"]))
    return catalogue.extended(added)


def _loose_code(text: str) -> str | None:
    found = find_references(text)
    if len(found) == 1 and found[0].form == "code" and found[0].start == 0 and found[0].end == len(clean_text(text)):
        return found[0].code
    return None


# ---------------------------------------------------------------------------
# The older code-only reading, and names on screen.


@dataclass(frozen=True)
class Reference:
    code: str  # canonical code, or the cleaned raw text when no code was found
    raw: str
    recognised: bool


def parse_reference(text: object) -> Reference | None:
    """The canonical code of a reference, or its text when it has none; ``None`` for a blank cell.

    This is the code alone, which does not name one document across terms:
    use ``resolve_reference`` for the identity.
    """
    raw = clean_text(text)
    if raw is None:
        return None
    code = canonical_code(raw)
    return Reference(code, raw, True) if code else Reference(raw, raw, False)


CATALOGUE: tuple[KnownDocument, ...] = DEFAULT_CATALOGUE.documents
CATALOGUE_BY_KEY: dict[str, KnownDocument] = {doc.key: doc for doc in CATALOGUE}
# A code alone is ambiguous across terms (18-NQ/TW of 2017 and of 2022): this
# maps it to the latest document with that code, for screens that only hold a
# code. Prefer keys (``CATALOGUE_BY_KEY``) wherever the identity is stored.
CATALOGUE_BY_CODE: dict[str, KnownDocument] = {doc.code: doc for doc in CATALOGUE if doc.code}


def document_name(code: str, catalogue: Catalogue | None = None) -> str:
    """A name for screens: ``Quy định số 85-QĐ/TW`` for a code, with the date for a key
    (``Nghị quyết số 18-NQ/TW ngày 25/10/2017``); anything unknown is returned as given."""
    catalogue = DEFAULT_CATALOGUE if catalogue is None else catalogue
    if (doc := catalogue.get(code)) is not None:
        return f"{doc.name} ngày {doc.issued.day}/{doc.issued.month}/{doc.issued.year}"
    if docs := catalogue.with_code(code):
        return f"{docs[-1].name}"
    if "@" in code:
        written, _, when = code.rpartition("@")
        try:
            day = date.fromisoformat(when)
        except ValueError:
            return code
        return f"{document_name(written, catalogue)} ngày {day.day}/{day.month}/{day.year}"
    return code
