"""Controlled vocabularies: conference kinds, organisation types and sessions (sáng, chiều, tối).

Each code is what we store; the labels are what people write in files and
see on screen. Files may use either the code or the Vietnamese (or English)
label; ``parse_code`` accepts all of them through the folded key.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.contract.text import fold_key


@dataclass(frozen=True)
class Term:
    code: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()


CONFERENCE_KINDS: tuple[Term, ...] = (
    Term("thong_tin_thoi_su", "Thông tin thời sự", "Current-affairs briefing",
         ("Hội nghị thông tin thời sự",)),
    Term("hoc_tap_quan_triet", "Học tập, quán triệt", "Resolution study",
         ("Học tập quán triệt", "Nghiên cứu, học tập, quán triệt", "Quán triệt")),
    Term("bao_cao_vien", "Báo cáo viên", "Briefers' conference", ("Hội nghị báo cáo viên",)),
    Term("chuyen_de", "Chuyên đề", "Thematic study", ("Học tập chuyên đề",)),
    Term("so_ket_tong_ket", "Sơ kết, tổng kết", "Review", ("Sơ kết", "Tổng kết")),
    Term("truc_tuyen", "Trực tuyến", "Video-link relay", ("Điểm cầu trực tuyến",)),
    Term("khac", "Khác", "Other"),
)

ORG_TYPES: tuple[Term, ...] = (
    Term("dang_uy", "Đảng ủy", "Party committee", ("Đảng uỷ",)),
    Term("chi_bo", "Chi bộ", "Party cell"),
    Term("mttq", "Mặt trận Tổ quốc", "Fatherland Front", ("MTTQ", "Ủy ban MTTQ")),
    Term("hoi_lhpn", "Hội Liên hiệp Phụ nữ", "Women's Union", ("Hội LHPN", "Phụ nữ")),
    Term("doan_tn", "Đoàn Thanh niên", "Youth Union", ("Đoàn TN", "Đoàn TNCS Hồ Chí Minh")),
    Term("hoi_ccb", "Hội Cựu chiến binh", "Veterans' Association", ("Hội CCB", "Cựu chiến binh")),
    Term("hoi_nong_dan", "Hội Nông dân", "Farmers' Union", ("Hội ND",)),
    Term("cong_doan", "Công đoàn", "Trade Union"),
    Term("chinh_quyen", "Chính quyền", "Ward government", ("CBCC", "UBND", "HĐND")),
    Term("hoi_khac", "Hội khác", "Other association"),
    Term("khac", "Khác", "Other"),
)

# Part of the day a conference was held: posts open with it ("Chiều ngày 27/4/2023"). Codes are
# the unaccented words, so ``sang``/``chieu``/``toi`` typed without tone marks are read too.
SESSIONS: tuple[Term, ...] = (
    Term("sang", "Sáng", "Morning", ("Buổi sáng",)),
    Term("chieu", "Chiều", "Afternoon", ("Buổi chiều",)),
    Term("toi", "Tối", "Evening", ("Buổi tối",)),
)

KIND_CODES = tuple(term.code for term in CONFERENCE_KINDS)
ORG_TYPE_CODES = tuple(term.code for term in ORG_TYPES)


def _lookup(terms: tuple[Term, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for term in terms:
        for spelling in (term.code, term.vi, term.en, *term.aliases):
            table[fold_key(spelling)] = term.code
    return table


_KIND_LOOKUP = _lookup(CONFERENCE_KINDS)
_ORG_TYPE_LOOKUP = _lookup(ORG_TYPES)
_SESSION_LOOKUP = _lookup(SESSIONS)


def parse_kind(value: object) -> str | None:
    """Return the kind code for a code or label, or ``None`` if unknown."""
    return _KIND_LOOKUP.get(fold_key(value))


def parse_org_type(value: object) -> str | None:
    """Return the organisation-type code for a code or label, or ``None`` if unknown."""
    return _ORG_TYPE_LOOKUP.get(fold_key(value))


def parse_session(value: object) -> str | None:
    """Return the session code (``sang``, ``chieu``, ``toi``) for a code or label, or ``None`` if unknown."""
    return _SESSION_LOOKUP.get(fold_key(value))


def label(code: str, lang: str = "vi", terms: tuple[Term, ...] = CONFERENCE_KINDS + ORG_TYPES) -> str:
    """The display label of a code in ``lang`` (the code itself if unknown)."""
    for term in terms:
        if term.code == code:
            return term.vi if lang == "vi" else term.en
    return code


def kind_label(code: str, lang: str = "vi") -> str:
    return label(code, lang, CONFERENCE_KINDS)


def org_type_label(code: str, lang: str = "vi") -> str:
    return label(code, lang, ORG_TYPES)


def session_label(code: str, lang: str = "vi") -> str:
    return label(code, lang, SESSIONS)
