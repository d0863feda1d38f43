"""Document references: recognise ``35-NQ/TW`` however it was typed.

Party documents are written ``number-TYPE/ISSUER`` (DOMAIN.md §5); people
type them with stray spaces, en/em dashes, lower case, or state-style
(``35/NQ-TW``). ``parse_reference`` returns the canonical code, or the
cleaned raw text when there is no code to recognise (``Nghị quyết Trung
ương 8 khóa XIII``): the raw text is always kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dashboard.contract.text import clean_text

PARTY_TYPES = ("NQ", "QĐ", "QĐi", "CT", "KL", "HD", "TB", "KH", "CTr", "ĐA", "BC", "QC")
PARTY_ISSUERS = ("TW", "BTGTW", "BTGDVTW", "VPTW", "BTCTW", "TU", "HU", "ĐU", "BTG", "BTGDV")

_TYPES = {t.upper(): t for t in PARTY_TYPES}
_ISSUERS = {i.upper(): i for i in PARTY_ISSUERS}
_ALT = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731

_DASH = re.compile(r"[\u2010-\u2015\u2212]")
_PARTY = re.compile(
    rf"(?<!\d)(\d{{1,4}})\s*-\s*({_ALT(_TYPES)})\s*/\s*({_ALT(_ISSUERS)})(?![\w])",
    re.IGNORECASE,
)
# A Party code typed with the state's separators: 35/NQ-TW.
_PARTY_STATE_STYLE = re.compile(
    rf"(?<!\d)(\d{{1,4}})\s*/\s*({_ALT(_TYPES)})\s*-\s*({_ALT(_ISSUERS)})(?![\w])",
    re.IGNORECASE,
)
# State documents: 30/2020/NĐ-CP, 15/QĐ-UBND.
_STATE = re.compile(r"(?<!\d)(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐ]{1,6})\s*-\s*([A-ZĐ]{1,8})(?![\w])")


@dataclass(frozen=True)
class Reference:
    code: str  # canonical code, or the cleaned raw text when no code was found
    raw: str
    recognised: bool


def parse_reference(text: object) -> Reference | None:
    """Parse one document reference; ``None`` for a blank cell."""
    raw = clean_text(text)
    if raw is None:
        return None
    flat = _DASH.sub("-", raw)
    for pattern in (_PARTY, _PARTY_STATE_STYLE):
        if match := pattern.search(flat):
            number, kind, issuer = match.groups()
            code = f"{int(number)}-{_TYPES[kind.upper()]}/{_ISSUERS[issuer.upper()]}"
            return Reference(_pad(code), raw, True)
    if match := _STATE.search(flat):
        number, year, kind, issuer = match.groups()
        code = f"{int(number)}/{year + '/' if year else ''}{kind}-{issuer}"
        return Reference(code, raw, True)
    return Reference(raw, raw, False)


def _pad(code: str) -> str:
    # Single-digit numbers are written with a leading zero: 05-CT/TW, 01-KL/TW.
    number, rest = code.split("-", 1)
    return f"{int(number):02d}-{rest}"


@dataclass(frozen=True)
class KnownDocument:
    code: str
    vi_type: str
    issued: date
    title: str


# Documents a ward disseminated in 2018–2025: used to name codes on screen
# and to build the sample data. Unknown codes are shown as the code alone.
CATALOGUE: tuple[KnownDocument, ...] = (
    KnownDocument("05-CT/TW", "Chỉ thị", date(2016, 5, 15),
                  "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    KnownDocument("35-NQ/TW", "Nghị quyết", date(2018, 10, 22),
                  "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới"),
    KnownDocument("01-KL/TW", "Kết luận", date(2021, 5, 18),
                  "Về tiếp tục thực hiện Chỉ thị 05-CT/TW"),
    KnownDocument("24-QĐ/TW", "Quy định", date(2021, 7, 30), "Thi hành Điều lệ Đảng"),
    KnownDocument("21-KL/TW", "Kết luận", date(2021, 10, 25),
                  "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    KnownDocument("37-QĐ/TW", "Quy định", date(2021, 10, 25), "Về những điều đảng viên không được làm"),
    KnownDocument("18-NQ/TW", "Nghị quyết", date(2022, 6, 16),
                  "Về tiếp tục đổi mới, hoàn thiện thể chế, chính sách đất đai"),
    KnownDocument("19-NQ/TW", "Nghị quyết", date(2022, 6, 16),
                  "Về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"),
    KnownDocument("21-NQ/TW", "Nghị quyết", date(2022, 6, 16),
                  "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên"),
    KnownDocument("85-QĐ/TW", "Quy định", date(2022, 10, 7),
                  "Về việc đảng viên lập trang thông tin điện tử, trang mạng xã hội"),
    KnownDocument("27-NQ/TW", "Nghị quyết", date(2022, 11, 9),
                  "Về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam"),
    KnownDocument("29-NQ/TW", "Nghị quyết", date(2022, 11, 17),
                  "Về tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước"),
    KnownDocument("99-HD/BTGTW", "Hướng dẫn", date(2023, 3, 20),
                  "Hướng dẫn thực hiện Quy định số 85-QĐ/TW"),
    KnownDocument("44-NQ/TW", "Nghị quyết", date(2023, 11, 24),
                  "Về Chiến lược bảo vệ Tổ quốc trong tình hình mới"),
    KnownDocument("45-NQ/TW", "Nghị quyết", date(2023, 11, 24),
                  "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức"),
    KnownDocument("57-NQ/TW", "Nghị quyết", date(2024, 12, 22),
                  "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    KnownDocument("59-NQ/TW", "Nghị quyết", date(2025, 1, 24), "Về hội nhập quốc tế trong tình hình mới"),
    KnownDocument("66-NQ/TW", "Nghị quyết", date(2025, 4, 30),
                  "Về đổi mới công tác xây dựng và thi hành pháp luật"),
    KnownDocument("68-NQ/TW", "Nghị quyết", date(2025, 5, 4), "Về phát triển kinh tế tư nhân"),
)

CATALOGUE_BY_CODE = {doc.code: doc for doc in CATALOGUE}


def document_name(code: str) -> str:
    """``Nghị quyết số 35-NQ/TW`` style name for a known code, else the code."""
    doc = CATALOGUE_BY_CODE.get(code)
    return f"{doc.vi_type} số {doc.code}" if doc else code
