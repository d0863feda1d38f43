"""Reading one conference out of a ward's news post (DOMAIN.md §6c): rules for the genre, no model.

A ward's post the day of a conference holds the facts in its lead
paragraph: session and date ("Chiều ngày 27/4/2023", "Sáng 12/10", ranges
"17-19/12/2023"), the organiser ("Đảng ủy phường Thanh Khê Tây"), the
"Hội nghị …" title, documents with the verb that governs them, speakers with
ranks and titles, the groups attending and sometimes a lower-bound count
("hơn 150 đảng viên"). ``extract`` turns such a text into the fields of a
conference row (``docs/extraction.md`` gives the rules, their scores on
real posts and their limits); ``read_post`` reads ``.txt``, ``.html`` (main
text through trafilatura) and ``.docx``. Nothing here calls a service or
downloads anything.

Every pattern reads a *folded* copy of the text (``fold_ascii``: lower
case, no diacritics, one character for one character), so old and new
tone placement ("Đảng uỷ"/"Đảng ủy"), NFD input and dashes match alike and
a match's span is also its span in the text as written.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashboard.contract.catalogue import WORD_OF_TYPE
from dashboard.contract.documents import find_references, fold_ascii
from dashboard.contract.roles import default_role, roles_in_text
from dashboard.contract.text import clean_text, fold_key
from dashboard.contract.vocab import ORG_TYPE_CODES, parse_org_type

__all__ = ["FIELDS", "SESSIONS", "ExtractError", "extract", "read_post"]

# The keys of ``extract``'s result, in the order the command line prints them.
FIELDS = ("date", "end_date", "session", "title", "kind", "unit", "documents", "speakers", "groups",
          "attendees_min", "evidence")
SESSIONS = {"sang": "sáng", "chieu": "chiều", "toi": "tối"}
UNIONS = ("hoi_lhpn", "doan_tn", "hoi_ccb", "hoi_nong_dan", "cong_doan")


# Vietnamese capitals (names, places, sentence starts): every upper-case Latin letter with its marks, and Đ.
_UPPER = "".join(sorted(
    {ch for ch in map(chr, range(0x41, 0x1EFA)) if ch.isupper() and unicodedata.normalize("NFD", ch)[0] in
     "ABCDEGHIKLMNOPQRSTUVXY"} | {"Đ"}
))


class ExtractError(ValueError):
    """A file that cannot be read as a post (``reason``: ``unsupported`` or ``unreadable``)."""

    def __init__(self, reason: str, path: object) -> None:
        super().__init__(f"{reason}: {path}")
        self.reason = reason
        self.path = path


# ---------------------------------------------------------------------------
# Reading a file.


def read_post(path: str | Path) -> tuple[str, date | None]:
    """The text of a post and its published date when the file says it (HTML metadata).

    ``.txt`` is read as UTF-8 (a BOM is dropped); ``.html``/``.htm`` goes through
    trafilatura's main-text extraction (menus, comments and footers dropped);
    ``.docx`` is read paragraph by paragraph with python-docx.

    Raises:
        ExtractError: ``unsupported`` for another suffix, ``unreadable`` when
            the file cannot be decoded or parsed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".txt", ".text", ""):
            return path.read_bytes().decode("utf-8-sig"), None
        if suffix in (".html", ".htm"):
            return _read_html(path.read_bytes())
        if suffix == ".docx":
            import docx

            return "\n".join(p.text for p in docx.Document(str(path)).paragraphs), None
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        raise ExtractError("unreadable", path) from error
    except Exception as error:  # noqa: BLE001 - a corrupt .docx raises zipfile/lxml errors of many kinds
        raise ExtractError("unreadable", path) from error
    raise ExtractError("unsupported", path)


def _read_html(data: bytes) -> tuple[str, date | None]:
    import trafilatura

    document = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(document, favor_recall=True, include_comments=False, include_tables=False)
    if not text:
        text = trafilatura.html2txt(document) or ""
    published = None
    metadata = trafilatura.extract_metadata(document)
    if metadata is not None and metadata.date:
        try:
            published = date.fromisoformat(str(metadata.date)[:10])
        except ValueError:
            published = None
    return text, published


# ---------------------------------------------------------------------------
# Sentences.


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str
    folded: str


_SENTENCE_END = re.compile(rf"\n+|(?<=[.!?…])[\s\"”»]+(?=[\"“«(]?[{_UPPER}0-9])")


def _normalise(text: str) -> str:
    # Posts carry broken or double-escaped entities ("&amp;nbsp;"): unescape until stable.
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    # An entity that lost its "&" on the way ("Trươngnbsp;văn Long") is still a space.
    text = re.sub(r"(?<=\w)nbsp;", " ", text)
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cleaned = clean_text(line)
        # "Nguồn: <address>" lines (a saved post's source) are not the post.
        if cleaned and not re.match(r"(?i)ngu[ồô]n\s*:\s*\S+://", cleaned):
            lines.append(cleaned)
    return "\n".join(lines)


def _sentences(text: str) -> list[_Sentence]:
    out, start = [], 0
    folded = fold_ascii(text)
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append(_Sentence(start, m.start(), text[start:m.start()], folded[start:m.start()]))
        start = m.end()
    if start < len(text):
        out.append(_Sentence(start, len(text), text[start:], folded[start:]))
    return out


# ---------------------------------------------------------------------------
# Date and session.

_D, _M, _Y = r"(\d{1,2})", r"(\d{1,2})", r"(\d{4})"
_SEP = r"\s*[/.-]\s*"
# "chiều ngày 27/4/2023", "Sáng 12-9", "Ngày 13/4/2021", "từ ngày 17-19/12/2023",
# "trong 02 buổi chiều ngày 28/6 và 02/7/2022", "ngày 25 tháng 12 năm 2023".
_LEAD_DATE = re.compile(
    r"(?<![a-z])(?:(?:trong\s+(?:\d+|hai|ba)\s+(?:ngay|buoi)\s+)?(?P<session>sang|chieu|toi)\s+(?:ngay\s+)?"
    r"|(?:trong\s+(?:\d+|hai|ba)\s+(?:ngay|buoi)\s*,?\s*)?(?:tu\s+)?ngay\s+|^\s*)"
    rf"(?P<d1>\d{{1,2}})(?:{_SEP}(?P<m1>\d{{1,2}})(?:{_SEP}(?P<y1>\d{{4}}))?)?"
    rf"(?:\s*(?:-|va|den(?:\s+ngay)?)\s*(?P<d2>\d{{1,2}}){_SEP}(?P<m2>\d{{1,2}})(?:{_SEP}(?P<y2>\d{{4}}))?)?"
    rf"(?:\s+thang\s+(?P<m3>\d{{1,2}})(?:\s*,?\s*nam\s+(?P<y3>\d{{4}}))?)?"
    r"(?![\d/])"
)
# Where a post says when it was published, not when the conference was held.
_PUBLISHED_BEFORE = re.compile(r"(?:dang\s+ngay|ngay\s+dang|cap\s+nhat|ngay\s+cap\s+nhat)\s*:?\s*$")
_PUBLISHED = re.compile(
    r"(?:(?:dang\s+ngay|ngay\s+dang|cap\s+nhat)\s*:?\s*|^\s*)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*[|,]?\s*\d{1,2}:\d{2})?",
    re.MULTILINE,
)
_YEAR = re.compile(r"(?:nam\s+|[/-]\s*|quy\s+[ivx]+\s*[/-]?\s*)(19[5-9]\d|20\d\d)(?!\d)")
_CONFERENCE_WORDS = re.compile(r"(?<![a-z])(?:to\s+chuc|hoi\s+nghi|dien\s+ra|khai\s+mac|quan\s+triet|hoc\s+tap)(?![a-z])")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _published_in(text: str) -> date | None:
    """A published date the post prints ("Ngày đăng 06/04/2018", "Đăng ngày 17/05/2024", "04/01/2024 09:35")."""
    for m in _PUBLISHED.finditer(fold_ascii(text)):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = fold_ascii(text[line_start:len(text) if line_end < 0 else line_end])
        # A bare date counts only on a line of its own (with a time or a view count), not in prose.
        if m.group(0).lstrip()[:1].isdigit() and _CONFERENCE_WORDS.search(line):
            continue
        if found := _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            return found
    return None


def _context_year(folded: str) -> int | None:
    """The year the post talks about most ("quý I năm 2018", "đợt 1/2024", "6 tháng đầu năm 2017")."""
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(folded))
    if not years:
        return None
    best = max(years.values())
    return next(int(m.group(1)) for m in _YEAR.finditer(folded) if years[int(m.group(1))] == best)


def _year_for(month: int, day: int, published: date | None, context: int | None) -> int | None:
    if published is not None:
        # A post published on 4 January about "Sáng 25/12" speaks of the previous December.
        held = _safe_date(published.year, month, day)
        if held is not None and (held - published).days > 31:
            return published.year - 1
        return published.year
    return context


def _find_date(sentences: list[_Sentence], published: date | None, context: int | None):
    """(date, end_date, session, sentence) of the conference, from the first sentence that dates it."""
    for sentence in sentences:
        if not _CONFERENCE_WORDS.search(sentence.folded):
            continue
        # "Nghị quyết số 35-NQ/TW ngày 22/10/2018": a document's date, not the conference's.
        document_ends = [r.end for r in find_references(sentence.text)]
        for m in _LEAD_DATE.finditer(sentence.folded):
            if _PUBLISHED_BEFORE.search(sentence.folded[:m.start()]):
                continue
            if any(0 <= m.start() - end <= 3 for end in document_ends):
                continue
            if not (m.group("m1") or m.group("m2") or m.group("m3")):
                continue
            introduced = m.group("session") or "ngay" in m.group(0)
            if not introduced and (m.start() > 0 or not (m.group("y1") or m.group("y2"))):
                continue  # a date opens the sentence or follows a session word or "ngày"; "1/2024" is no date
            result = _dates_of(m, published, context)
            if result is None:
                continue
            first, last = result
            session = SESSIONS.get(m.group("session") or "")
            return first, last, session, sentence
    return None, None, None, None


def _dates_of(m: re.Match, published: date | None, context: int | None):
    d1 = int(m.group("d1"))
    if m.group("m3"):  # "ngày 25 tháng 12 năm 2023"
        month, year = int(m.group("m3")), m.group("y3")
        year = int(year) if year else _year_for(month, d1, published, context)
        return (_safe_date(year, month, d1), None) if year and _safe_date(year, month, d1) else None
    if m.group("d2"):
        d2, m2 = int(m.group("d2")), int(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else _year_for(m2, d2, published, context)
        m1 = int(m.group("m1")) if m.group("m1") else m2
        y1 = int(m.group("y1")) if m.group("y1") else (y2 if m1 <= m2 else (y2 - 1 if y2 else None))
        if not (y1 and y2):
            return None
        first, last = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
        if first is None or last is None or last < first or (last - first).days > 60:
            return None
        return first, last
    month = int(m.group("m1"))
    year = int(m.group("y1")) if m.group("y1") else _year_for(month, d1, published, context)
    if not year:
        return None
    first = _safe_date(year, month, d1)
    return (first, None) if first else None


# ---------------------------------------------------------------------------
# Organiser.

_COMMITTEE = (r"(?P<body>dang\s+uy|dang\s+bo|thi\s+uy|thanh\s+uy|quan\s+uy|huyen\s+uy|tinh\s+uy)"
              r"(?:\s+(?P<level>phuong|xa|thi\s+tran|thi\s+xa|quan|huyen|thanh\s+pho|tinh)(?![a-z]))?")
_ORGANISER = re.compile(rf"(?<![a-z])(?:ban\s+thuong\s+vu\s+|thuong\s+truc\s+)?{_COMMITTEE}")
_NAME_WORD = re.compile(rf"\s+((?:[{_UPPER}][^\s,.;:()\"“”–-]*|\d{{1,3}}[A-Z]?)(?![^\s,.;:()]))")


def _written_name(raw: str, at: int) -> tuple[str, int]:
    """The capitalised words (or a ward number) written right after ``at``: "Thanh Khê Tây", "6"."""
    words, end = [], at
    while m := _NAME_WORD.match(raw, end):
        if words and words[-1].isdigit():
            break
        words.append(m.group(1))
        end = m.end()
        if m.group(1).isdigit():
            break
    return " ".join(words), end


def _unit_key(name: str) -> tuple[str, str, str]:
    """(body, level, name as written): "Đảng uỷ phường Thị Cầu" → ("dang uy", "phuong", "Thị Cầu")."""
    raw = clean_text(name) or ""
    m = re.match(_COMMITTEE, fold_ascii(raw))
    if not m:
        return "", "", raw
    body = "dang uy" if m.group("body") == "dang bo" else m.group("body")
    return body, m.group("level") or "", raw[m.end():].strip()


def _same_word(written: str, known: str) -> bool:
    # A word typed without its marks ("Khe" for "Khê") is the same word; two marked words differ ("Hà"/"Hạ").
    return fold_key(written) == fold_key(known) or (written.isascii() and fold_ascii(written) == fold_ascii(known))


def _same_place(written: str, known: str) -> bool:
    """Whether a place name as a post writes it is the known one: same words, marks aside; or, when a word
    shows a typing slip (a capital inside it: "ThCầu"), nearly the same letters."""
    words, known_words = written.split(), known.split()
    if len(words) == len(known_words) and all(map(_same_word, words, known_words)):
        return True
    if any(w[1:] != w[1:].lower() and not w.isupper() for w in words):
        a, b = fold_ascii(written).replace(" ", ""), fold_ascii(known).replace(" ", "")
        return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
    return False


def _match_unit(written: str, units: list[str]) -> str | None:
    """The known unit ``written`` names: the same body and level (Đảng ủy phường …) and the same place."""
    key = fold_key(written)
    for unit in units:
        if fold_key(unit) == key:
            return unit
    body, level, name = _unit_key(written)
    for unit in units:
        u_body, u_level, u_name = _unit_key(unit)
        if (u_body, u_level) == (body, level) and name and u_name and _same_place(name, u_name):
            return unit
    return None


def _find_unit(lead: _Sentence | None, default: str | None, units: list[str]):
    """(unit, sentence): the committee that organised, as the known list writes it when it is there."""
    known = list(dict.fromkeys([*units, *([default] if default else [])]))
    candidates = [lead] if lead is not None else []
    for sentence in candidates:
        organise = re.search(r"(?<![a-z])(?:to\s+chuc|phoi\s+hop)(?![a-z])", sentence.folded)
        limit = organise.start() if organise else len(sentence.folded)
        for m in _ORGANISER.finditer(sentence.folded, 0, limit):
            raw = sentence.text
            name, _ = _written_name(raw, m.end())
            if not name:
                return default, sentence
            body_raw = raw[m.start("body"):m.end("body")]
            if fold_ascii(body_raw).replace(" ", "") == "dangbo":
                body_raw = "Đảng ủy"
            level_raw = f" {raw[m.start('level'):m.end('level')]}" if m.group("level") else ""
            written = f"{body_raw[:1].upper()}{body_raw[1:]}{level_raw} {name}"
            return _match_unit(written, known) or written, sentence
    return default, None


# ---------------------------------------------------------------------------
# Title and kind.

_TITLE_START = re.compile(r"(?<![a-z])hoi\s+nghi(?![a-z])")
_TITLE_END = re.compile(
    r"\s*(?:[;:\n]|\.(?:\s|$)|\s*[\"“«]\s*ve\s|,?\s+(?:voi\s+su|voi\s+(?:hon|tren|gan|khoang)|tai\s+(?:hoi\s+truong|tru\s+so|phong|nha|ubnd|trung\s+tam)"
    r"|cho\s+(?:cac|toan|can|dang|hon|tren|\d)|den\s+(?:cac|toan|can|dang|hon|tren|\d)|ve\s|do\s+(?:dong|d/c)|nham\s|thu\s+hut|co\s+su)"
    r"|,\s+(?:to\s+chuc|dong\s+thoi|ket\s+hop)|\s+\()"
)


def _find_title(lead: _Sentence | None, sentences: list[_Sentence]):
    """(title, sentence): the "Hội nghị …" phrase the lead sentence names after "tổ chức"."""
    ordered = ([lead] if lead is not None else []) + [s for s in sentences if s is not lead]
    for sentence in ordered:
        organise = re.search(r"(?<![a-z])to\s+chuc(?![a-z])", sentence.folded)
        start_at = organise.end() if organise and sentence is lead else 0
        m = _TITLE_START.search(sentence.folded, start_at) or (_TITLE_START.search(sentence.folded)
                                                               if sentence is lead else None)
        if not m:
            continue
        end = _TITLE_END.search(sentence.folded, m.end())
        title = sentence.text[m.start():end.start() if end else len(sentence.text)].strip(" ,.;:-–")
        if len(title.split()) >= 3:
            return title, sentence
    return None, None


_STUDY = r"(?:hoc\s+tap|quan\s+triet|nghien\s+cuu|trien\s+khai|hoc\s+bu)"
_DOCUMENT_WORDS = r"(?:nghi\s+quyet|chi\s+thi|ket\s+luan|quy\s+dinh|van\s+ban|hoi\s+nghi\s+(?:lan|trung|bch)|nq|[a-z]*\s*\d+-?(?:nq|ct|kl|qd))"


def _kind(title: str | None, lead: _Sentence | None) -> str | None:
    """The conference kind code the title (and, for a relay, the lead sentence) names."""
    if title is None:
        return None
    folded = fold_ascii(title)
    title_at = _TITLE_START.search(lead.folded) if lead else None
    before_title = lead.folded[:title_at.start()] if title_at else ""
    if re.search(r"diem\s+cau|truc\s+tuyen", before_title):
        return "truc_tuyen"
    if re.search(r"bao\s+cao\s+vien", folded):
        return "bao_cao_vien"
    if re.search(r"(?<![a-z])(?:so\s+ket|tong\s+ket)(?![a-z])", folded):
        return "so_ket_tong_ket"
    if re.search(rf"{_STUDY}.*{_DOCUMENT_WORDS}", folded):
        return "hoc_tap_quan_triet"
    if re.search(r"chuyen\s+de", folded):
        return "chuyen_de"
    if re.search(r"thoi\s+su", folded):
        return "thong_tin_thoi_su"
    if re.search(_STUDY, folded):
        return "hoc_tap_quan_triet"
    return "khac"


# ---------------------------------------------------------------------------
# Documents.

_DOC_DATE = re.compile(
    r"\s*,?\s*(?:ban\s+hanh\s+)?ngay\s+(\d{1,2})(?:\s*[/.-]\s*|\s+thang\s+)(\d{1,2})(?:\s*[/.-]\s*|\s*,?\s*nam\s+)(\d{4})"
)


def _documents(text: str, kind: str | None, sentences: list[_Sentence]) -> tuple[list[dict], dict]:
    """Party documents first, then state ones; one entry a code, with the date and role its first mention gives."""
    found: dict[str, dict] = {}
    evidence: dict[str, str] = {}
    for paragraph in text.split("\n"):
        mentions = [m for m in find_references(paragraph) if m.form in ("code", "state")]
        if not mentions:
            continue
        roles = dict(zip((m.start for m in find_references(paragraph)), (r for _, r in roles_in_text(paragraph))))
        folded = fold_ascii(paragraph)
        for m in mentions:
            role = roles.get(m.start)
            when = None
            if d := _DOC_DATE.match(folded, m.end):
                when = _safe_date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
            entry = found.get(m.code)
            if entry is None:
                type_word = m.word or (WORD_OF_TYPE.get(m.type_codes[0]) if m.type_codes else None)
                written = m.text
                if m.form == "state" and m.word is None:
                    # State documents have their own type words ("Luật số 59/2020/QH14", "Nghị định 30/2020/NĐ-CP").
                    if before := _STATE_WORD.search(paragraph[:m.start]):
                        type_word, written = _canonical_state_word(before.group(1)), paragraph[before.start(1):m.end]
                    else:
                        type_word = _state_type(m.code)
                found[m.code] = {"type": type_word, "code": m.code, "date": when.isoformat() if when else None,
                                 "role": role, "text": written, "_system": "party" if m.form == "code" else "state"}
                evidence.setdefault("documents", _sentence_at(sentences, paragraph, m.text))
            else:
                if entry["date"] is None and when is not None:
                    entry["date"] = when.isoformat()
                if entry["role"] is None and role is not None:
                    entry["role"] = role
                if entry["type"] is None and m.word:
                    entry["type"] = m.word
    fallback = default_role(kind) if kind else None
    documents = []
    for system in ("party", "state"):
        for entry in found.values():
            if entry["_system"] == system:
                documents.append({key: value for key, value in entry.items() if key != "_system"})
    for entry in documents:
        if entry["role"] is None:
            entry["role"] = fallback
    return documents, evidence


_STATE_TYPES = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "NĐ": "Nghị định", "TT": "Thông tư", "CT": "Chỉ thị",
                "KH": "Kế hoạch", "HD": "Hướng dẫn", "L": "Luật"}


_STATE_WORDS = ("Luật", "Bộ luật", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch",
                "Hướng dẫn", "Pháp lệnh", "Công văn")
_STATE_WORD = re.compile(
    r"(?i)(" + "|".join(sorted(map(re.escape, _STATE_WORDS), key=len, reverse=True)) + r")\s*(?:số\s*)?:?\s*$"
)


def _canonical_state_word(written: str) -> str:
    return next((w for w in _STATE_WORDS if fold_key(w) == fold_key(written)), written)


def _state_type(code: str) -> str | None:
    letters = code.rsplit("/", 1)[-1].split("-")[0]
    return _STATE_TYPES.get(letters)


def _sentence_at(sentences: list[_Sentence], paragraph: str, needle: str) -> str:
    for sentence in sentences:
        if needle in sentence.text:
            return sentence.text
    return paragraph


# ---------------------------------------------------------------------------
# Speakers.

_SURNAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong",
    "ly", "dao", "doan", "truong", "luong", "mai", "dinh", "lam", "to", "ha", "cao", "chau", "ta", "quach", "trieu",
    "thai", "luu", "kieu", "phung", "dam", "vuong", "tang", "la", "tu", "khong", "dong", "giang", "lai", "trinh",
    "ton", "chu", "hua", "than", "nong", "lo", "hau", "au", "mac", "diep", "tong", "bach", "van", "khuc", "ninh",
    "thach", "danh", "son", "kim", "y", "lu", "ong", "quan", "thieu", "hong", "nghiem", "ung",
}
_RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá",
    "Phó Giáo sư", "Giáo sư", "PGS.TS", "PGS. TS", "PGS", "GS.TS", "GS", "Tiến sĩ", "Tiến sỹ", "TS", "Thạc sĩ",
    "Thạc sỹ", "ThS", "Nhà báo", "báo cáo viên", "Báo cáo viên",
)
_RANK_RE = "|".join(sorted((re.escape(fold_ascii(r)) for r in _RANKS), key=len, reverse=True))
# Ranks may come in a row before a name: "Giáo sư – Tiến sĩ", "Tiến sĩ, Giảng viên chính".
_RANKS_RE = rf"(?:{_RANK_RE})(?:\s*[,–-]\s*(?:{_RANK_RE}|giang\s+vien(?:\s+chinh|\s+cao\s+cap)?))*"
_PERSON = re.compile(
    rf"(?P<lead>(?<![a-z])(?:(?P<plural>cac\s+)?(?:dong\s+chi|d/c|dc)\s*:?\s*)(?:(?P<rank1>{_RANKS_RE})\s+)?"
    rf"|(?<![a-z])(?P<rank2>{_RANKS_RE})\.?\s+)"
)
_NAME = re.compile(rf"([{_UPPER}][^\s,.;:()\"“”–\-]*)(?=[\s,.;:()\"“”–\-]|$)")
# Middle names some posts type in lower case ("Trương văn Long").
_MIDDLE = re.compile(r"(văn|thị)(?= )")
_SPEAKING_VERBS = re.compile(
    r"(?<![a-z])(?:quan\s+triet|thong\s+tin|trien\s+khai|truyen\s+dat|trinh\s+bay|bao\s+cao|phat\s+bieu|gioi\s+thieu"
    r"|tuyen\s+truyen|cung\s+cap|danh\s+gia\s+cao|chia\s+se|phan\s+tich|ket\s+luan)(?![a-z])"
)
_HEARD = re.compile(r"(?<![a-z])(?:nghe|phat\s+bieu(?:\s+ket\s+luan)?(?:\s+hoi\s+nghi)?)(?![a-z])")
_CLAUSE = re.compile(r"[;\n]")


def _name_at(raw: str, at: int) -> tuple[str, int] | None:
    words, end = [], at
    while len(words) < 5:
        m = _NAME.match(raw, end) or (_MIDDLE.match(raw, end) if len(words) == 1 else None)
        if not m:
            break
        words.append(m.group(1))
        end = m.end()
        gap = re.match(rf" (?=[{_UPPER}]|(?:văn|thị) )", raw[end:])
        if not gap:
            break
        end += 1
    while words and not words[-1][:1].isalpha():
        words.pop()
    end = at + len(" ".join(words))
    if not 2 <= len(words) <= 4:
        return None
    first = fold_ascii(words[0])
    if first not in _SURNAMES or any(w.isupper() and len(w) > 1 for w in words):
        return None
    return " ".join(words), end


def _speakers(sentences: list[_Sentence]) -> tuple[list[dict], str | None]:
    found: dict[str, dict] = {}
    first_sentence = None
    for sentence in sentences:
        raw, folded = sentence.text, sentence.folded
        for m in _PERSON.finditer(folded):
            if m.group("plural"):
                continue
            named = _name_at(raw, m.end())
            if named is None:
                continue
            name, name_end = named
            clause_start = max((c.end() for c in _CLAUSE.finditer(folded, 0, m.start())), default=0)
            next_clause = _CLAUSE.search(folded, name_end)
            clause_end = next_clause.start() if next_clause else len(folded)
            next_person = next((n for n in _PERSON.finditer(folded, name_end, clause_end)
                                if not n.group("plural") and _name_at(raw, n.end())), None)
            tail_end = next_person.start() if next_person else clause_end
            tail_folded = folded[name_end:tail_end]
            verb = _SPEAKING_VERBS.search(tail_folded)
            speaks = (
                re.search(r"bao\s+cao\s+vien", folded[:m.start()]) is not None
                or re.search(r"bao\s+cao\s+vien", folded[clause_start:tail_end]) is not None
                or _HEARD.search(folded[max(0, m.start() - 30):m.start()]) is not None
                or verb is not None
            )
            if not speaks:
                continue
            group = "rank1" if m.group("rank1") else "rank2"
            titles = [part for part in re.split(r"\s*[,–-]\s*", raw[m.start(group):m.end(group)]) if part] \
                if m.group(group) else []
            title_end = name_end + verb.start() if verb else tail_end
            titles += _titles(raw[name_end:title_end])
            key = fold_key(name)
            if key not in found:
                found[key] = {"name": name, "titles": titles}
                first_sentence = first_sentence or sentence.text
            elif len(titles) > len(found[key]["titles"]):
                found[key]["titles"] = titles
    return list(found.values()), first_sentence


def _titles(tail: str) -> list[str]:
    """"– QUV, Phó trưởng Ban …" → ["QUV", "Phó trưởng Ban …"]; stops at "(" and at a lower-case clause."""
    tail = tail.split("(")[0]
    parts = re.split(r"\s*[–—-]\s+|\s+[–—-]\s*|\s*,\s*|\s*[–—]\s*", tail)
    out = []
    for part in parts:
        part = part.strip(" .:;,-–—")
        if not part:
            continue
        if not (part[:1].isupper() or fold_ascii(part).startswith(("nguyen ", "pho ", "bi thu", "chu tich", "truong"))):
            break
        out.append(part)
    return out


# ---------------------------------------------------------------------------
# Groups and counts.

# Folded keyword → organisation types: the words posts use for who attended.
_GROUP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"ban\s+thuong\s+vu|(?<![a-z])btv(?![a-z])|ban\s+chap\s+hanh\s+dang\s+bo|bch\s+dang\s+bo|uy\s+vien\s+ban\s+chap\s+hanh"
     r"|uy\s+vien\s+bch|dang\s+uy\s+vien|thuong\s+truc[\s,]+(?:ban\s+thuong\s+vu\s+)?(?:dang|thi|quan|huyen|thanh)\s+uy"
     r"|uy\s+ban\s+kiem\s+tra|lanh\s+dao\s+(?:thi|quan|huyen|thanh)\s+uy|cap\s+uy\s+dang", ("dang_uy",)),
    (r"chi\s+bo|(?<!dong\s)chi\s+uy|(?<!uy\s)dang\s+vien|co\s+so\s+dang", ("chi_bo",)),
    (r"mat\s+tran|(?:ub)?mttq", ("mttq",)),
    (r"doan\s+the|chinh\s+tri\s*-?\s*xa\s+hoi", UNIONS),
    (r"cuu\s+chien\s+binh|(?<![a-z])ccb(?![a-z])", ("hoi_ccb",)),
    (r"phu\s+nu|lhpn", ("hoi_lhpn",)),
    (r"doan\s+thanh\s+nien|doan\s+tn|tncs", ("doan_tn",)),
    (r"nong\s+dan", ("hoi_nong_dan",)),
    (r"cong\s+doan", ("cong_doan",)),
    (r"hoi\s+quan\s+chung|nguoi\s+cao\s+tuoi|chu\s+thap\s+do|khuyen\s+hoc", ("hoi_khac",)),
    (r"cbcc|can\s+bo,?\s+cong\s+chuc|cong\s+chuc|ubnd|hdnd|uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan"
     r"|(?<![a-z])ban,?\s+nganh|phong,?\s+ban|chinh\s+quyen", ("chinh_quyen",)),
)
_GROUP_RES = tuple((re.compile(rf"(?<![a-z])(?:{words})"), types) for words, types in _GROUP_WORDS)
_ATTENDANCE = re.compile(
    r"(?<![a-z])(?:tham\s+du|du\s+hoi\s+nghi|cung\s+du|ve\s+du|toi\s+du|co\s+su\s+hien\s+dien|voi\s+su\s+tham"
    r"|ve\s+phia|cho\s+(?:cac|toan)|den\s+(?:\d|cac|toan|hon|tren))(?![a-z])"
)
_GROUP_SPLIT = re.compile(r";|\s+cung\s+(?=cac|toan|\w)|,\s*(?=cac\s|toan\s+the)|\s+va\s+(?=toan\s+the)")
_COUNT = re.compile(
    r"(?<![\w.,])(?:(?P<bound>hon|tren|voi|gan|khoang)\s+)?(?P<n>\d{1,3}(?:\.\d{3})+|\d{1,6})\s+(?:luot\s+)?"
    r"(?P<who>can\s+bo|dang\s+vien|dai\s+bieu|nguoi|hoi\s+vien|doan\s+vien|dong\s+chi)(?![a-z])"
)


def _types_of(folded_chunk: str) -> list[str]:
    types: list[str] = []
    for pattern, codes in _GROUP_RES:
        if pattern.search(folded_chunk):
            types += [c for c in codes if c not in types]
    return types


def _person_spans(raw: str, folded: str) -> list[tuple[int, int]]:
    """Spans of named people with their titles (up to the next ";" or ", các"): not groups."""
    spans = []
    for m in _PERSON.finditer(folded):
        if m.group("plural"):
            continue
        named = _name_at(raw, m.end())
        if named is None:
            continue
        stop = re.compile(r";|,\s*(?:cac|cung|toan)\s|\s+cung\s+(?:cac|toan|voi)|\s+va\s+(?:cac|toan)\s|\(")
        end = stop.search(folded, named[1])
        spans.append((m.start(), end.start() if end else len(folded)))
    return spans


def _groups(sentences: list[_Sentence], registry: list[tuple[str, str]] | None):
    groups: list[dict] = []
    seen: set[str] = set()
    first_sentence = None
    for sentence in sentences:
        raw, folded = sentence.text, sentence.folded
        trigger = _ATTENDANCE.search(folded)
        count_at = _COUNT.search(folded)
        if trigger is None and count_at is None:
            continue
        start = trigger.start() if trigger else count_at.start()
        if trigger and count_at:
            start = min(trigger.start(), count_at.start())
        masked = list(folded)
        for s, e in _person_spans(raw, folded):
            masked[s:e] = " " * (e - s)
        masked_folded = "".join(masked)
        if not _types_of(masked_folded[start:]):
            start = 0  # "Đồng chí … cùng các đồng chí Ban Thường vụ … tham dự": the groups come first
        pos = start
        pieces = []
        for m in _GROUP_SPLIT.finditer(masked_folded, start):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(masked_folded)))
        for s, e in pieces:
            types = _types_of(masked_folded[s:e])
            if not types:
                continue
            text = raw[s:e].strip(" ,.;:")
            text = re.sub(r"^(?:(?:Cùng |Về |Tới )?(?:tham )?dự(?: hội nghị)?(?: có)?(?: sự hiện diện của)?(?: các đồng chí)?:?\s*)",
                          "", text, flags=re.IGNORECASE).strip(" ,.;:")
            key = fold_key(text)
            if not text or key in seen:
                continue
            seen.add(key)
            groups.append({"text": text, "organizations": _organizations(types, registry)})
            first_sentence = first_sentence or raw
    return groups, first_sentence


def _organizations(types: list[str], registry: list[tuple[str, str]] | None) -> list[str]:
    """The registry's organisations of ``types``; the type codes themselves when no registry is given."""
    if registry is None:
        return types
    wanted = set(types)
    out = []
    for organization, org_type in registry:
        code = org_type if org_type in ORG_TYPE_CODES else parse_org_type(org_type)
        if code in wanted and organization not in out:
            out.append(organization)
    return out


def _attendees(sentences: list[_Sentence]) -> tuple[int | None, str | None]:
    for sentence in sentences:
        for m in _COUNT.finditer(sentence.folded):
            if m.group("bound") in ("gan", "khoang"):
                continue  # "nearly 300" is no lower bound
            before = sentence.folded[max(0, m.start() - 25):m.start()]
            if re.search(r"tong\s+so\s*$|gom\s*$", before) is None and re.search(r"(?:ngay|nam|thang)\s*$", before):
                continue
            return int(m.group("n").replace(".", "")), sentence.text
    return None, None


# ---------------------------------------------------------------------------
# The whole post.


def extract(text: str, *, unit: str | None = None, units: list[str] | tuple[str, ...] = (),
            published: date | None = None, registry: list[tuple[str, str]] | None = None) -> dict:
    """One conference from a news post about it.

    Args:
        text: the post (plain text; paragraphs on their own lines).
        unit: the unit to use when the post says only "Đảng ủy phường" (the
            uploader's unit).
        units: units known to the store; a committee the post names is
            returned as the list writes it when it matches (folded, one typo
            allowed in the place name).
        published: the post's date, for dates written without a year
            ("Sáng 25/12" in a post of 4/1/2024 is 25/12/2023). When not
            given, a date the post prints ("Ngày đăng 06/04/2018"), else the
            year the post mentions most.
        registry: ``(organization, org_type)`` pairs; attending groups are
            mapped to the organisations of the types they name. Without it,
            each group's ``organizations`` holds organisation-type codes.

    Returns:
        A dict with the keys of ``FIELDS``: ISO dates, the session word
        (``sáng``/``chiều``/``tối``), the title as written, the kind code,
        the unit, ``documents`` (``type``, ``code``, ``date``, ``role``,
        ``text``; Party documents before state ones), ``speakers``
        (``name``, ``titles``), ``groups`` (``text``, ``organizations``),
        ``attendees_min`` and ``evidence`` (field → the sentence it came
        from). Missing facts are ``None`` or empty.
    """
    text = _normalise(text or "")
    sentences = _sentences(text)
    folded = fold_ascii(text)
    published = published or _published_in(text)
    context = _context_year(folded)
    first, last, session, lead = _find_date(sentences, published, context)
    evidence: dict[str, str] = {}
    if lead is not None:
        evidence["date"] = lead.text
        if session:
            evidence["session"] = lead.text
    title, title_sentence = _find_title(lead, sentences)
    if title_sentence is not None:
        evidence["title"] = title_sentence.text
    kind = _kind(title, lead)
    if kind is not None and title_sentence is not None:
        evidence["kind"] = title_sentence.text
    found_unit, unit_sentence = _find_unit(lead or title_sentence, unit, list(units))
    if unit_sentence is not None:
        evidence["unit"] = unit_sentence.text
    documents, doc_evidence = _documents(text, kind, sentences)
    evidence.update(doc_evidence)
    speakers, speaker_sentence = _speakers(sentences)
    if speaker_sentence:
        evidence["speakers"] = speaker_sentence
    groups, group_sentence = _groups(sentences, registry)
    if group_sentence:
        evidence["groups"] = group_sentence
    attendees, count_sentence = _attendees(sentences)
    if count_sentence:
        evidence["attendees_min"] = count_sentence
    return {
        "date": first.isoformat() if first else None,
        "end_date": last.isoformat() if last else None,
        "session": session,
        "title": title,
        "kind": kind,
        "unit": found_unit,
        "documents": documents,
        "speakers": speakers,
        "groups": groups,
        "attendees_min": attendees,
        "evidence": evidence,
    }
