"""What a conference did with a document: studied it, or only disseminated it.

DOMAIN.md §2: a document is *studied* (học tập, quán triệt, nghiên cứu,
triển khai thực hiện; make-up sessions: học bù) or only *disseminated*
(tuyên truyền, thông tin, giới thiệu, phổ biến). Only the first counts
towards the share of Party members who studied it. The verb governing a
reference in a post or a cell says which; when none does, the kind of
conference gives the default.
"""

from __future__ import annotations

import re

from dashboard.contract.documents import canonical_code, find_references, fold_ascii
from dashboard.contract.text import clean_text
from dashboard.contract.vocab import KIND_CODES

STUDIED, DISSEMINATED = "studied", "disseminated"
ROLES = (STUDIED, DISSEMINATED)

STUDY_VERBS = ("học tập", "học bù", "quán triệt", "nghiên cứu", "triển khai thực hiện", "triển khai")
DISSEMINATION_VERBS = ("tuyên truyền", "thông tin", "giới thiệu", "phổ biến")

_VERBS = {fold_ascii(v): STUDIED for v in STUDY_VERBS} | {fold_ascii(v): DISSEMINATED for v in DISSEMINATION_VERBS}
_VERB = re.compile(
    r"(?<![a-z])(" + "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in _VERBS), key=len, reverse=True))
    + r")(?![a-z])"
)
# Verbs joined only by commas, "và" or dashes govern together: "quán triệt, triển khai thực hiện".
_JOIN = re.compile(r"^[\s,\-]*(?:va\s+)?[\s,\-]*$")
# A clause ends at ";" or at a full stop followed by a capital.
_CLAUSE_END = re.compile(r";|\.\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])")
# A verb further than this from a reference that follows another one is
# part of that one's title ("… trang thông tin điện tử cá nhân … và Hướng dẫn số 99").
_NEAR_WORDS = 6

# Kinds whose conferences study what they cite; the others only disseminate,
# except the two that can be either (a relayed national study conference, "other").
_DEFAULT_ROLE = {
    "hoc_tap_quan_triet": STUDIED,
    "chuyen_de": STUDIED,
    "thong_tin_thoi_su": DISSEMINATED,
    "bao_cao_vien": DISSEMINATED,
    "so_ket_tong_ket": DISSEMINATED,
    "truc_tuyen": None,
    "khac": None,
}


def default_role(kind_code: str) -> str | None:
    """The role of a document cited by a conference of this kind when no verb says.

    ``hoc_tap_quan_triet`` and ``chuyen_de`` study; a briefing, a briefers'
    conference or a review disseminates; ``truc_tuyen`` and ``khac`` have no
    default (``None``: the verb must say, else ask).

    Raises:
        ValueError: ``kind_code`` is not a conference kind code.
    """
    if kind_code not in KIND_CODES:
        raise ValueError(f"not a conference kind code: {kind_code!r} (one of {', '.join(KIND_CODES)})")
    return _DEFAULT_ROLE[kind_code]


def _verb_group_role(folded: str, limit_words: int | None, reference_at: int) -> str | None:
    """The role of the last verb group in ``folded`` (which ends where the reference starts)."""
    verbs = list(_VERB.finditer(folded))
    if not verbs:
        return None
    last = verbs[-1]
    if limit_words is not None and len(folded[last.end():reference_at].split()) > limit_words:
        return None
    group = [last]
    for earlier in reversed(verbs[:-1]):
        if not _JOIN.match(folded[earlier.end():group[-1].start()]):
            break
        group.append(earlier)
    roles = {_VERBS[re.sub(r"\s+", " ", v.group(1))] for v in group}
    return STUDIED if STUDIED in roles else DISSEMINATED


def _role_at(raw: str, folded: str, mentions, index: int) -> str | None:
    start = mentions[index].start
    floor = mentions[index - 1].end if index else 0
    segment = raw[floor:start]
    clause_ends = list(_CLAUSE_END.finditer(segment))
    if clause_ends:
        # A new clause: its own verb governs, however far ("; nghe đồng chí … quán triệt … Quy định số 85").
        cut = floor + clause_ends[-1].end()
        return _verb_group_role(folded[cut:start], None, start - cut)
    if index == 0:
        return _verb_group_role(folded[:start], None, start)
    # Same clause as the previous reference: a verb right before this one governs it
    # ("tuyên truyền Nghị quyết 35, quán triệt Quy định 85"); otherwise it shares the
    # previous reference's verb, and any verb between is inside that one's title.
    in_title = re.search(r"(?<!\w)về(?!\w)", segment.lower()) is not None
    near = None if in_title else _verb_group_role(folded[floor:start], _NEAR_WORDS, start - floor)
    return near if near is not None else _role_at(raw, folded, mentions, index - 1)


def role_from_text(fragment: object, reference: str | None = None) -> str | None:
    """``studied``, ``disseminated`` or ``None``: what the verb governing a reference says.

    Args:
        fragment: a sentence or cell, e.g. "tuyên truyền Nghị quyết số 35-NQ/TW …;
            quán triệt, triển khai thực hiện Quy định số 85-QĐ/TW".
        reference: which reference to judge (a code or the words as written);
            default: the first one in ``fragment``, or, if it has none, the
            fragment's last verb (a fragment that ends where a reference begins).

    Returns:
        The role of the nearest verb group before the reference: ``studied``
        if any verb of the group is a study verb (``tuyên truyền, quán triệt``
        studies). ``None`` when no verb governs it, or ``reference`` is not in
        ``fragment``. Verbs after a reference describe its content and are
        ignored.
    """
    raw = clean_text(fragment)
    if raw is None:
        return None
    folded = fold_ascii(raw)
    mentions = find_references(raw)
    if reference is None:
        if not mentions:
            cut = max((m.end() for m in _CLAUSE_END.finditer(raw)), default=0)
            return _verb_group_role(folded[cut:], None, len(folded))
        return _role_at(raw, folded, mentions, 0)
    index = _find(mentions, reference)
    return None if index is None else _role_at(raw, folded, mentions, index)


def _find(mentions, reference: str) -> int | None:
    code = canonical_code(reference)
    wanted = fold_ascii(clean_text(reference) or "")
    for i, m in enumerate(mentions):
        if (code is not None and m.code == code) or (wanted and wanted in fold_ascii(m.text)):
            return i
    return None


def roles_in_text(text: object) -> list[tuple[str, str | None]]:
    """Every reference in a sentence with its role: ``[(as written, role), …]``."""
    raw = clean_text(text)
    if raw is None:
        return []
    folded = fold_ascii(raw)
    mentions = find_references(raw)
    return [(m.text, _role_at(raw, folded, mentions, i)) for i, m in enumerate(mentions)]


def role_for(fragment: object, kind_code: str, reference: str | None = None) -> str | None:
    """The verb's role if one governs the reference, else the kind's default."""
    return role_from_text(fragment, reference) or default_role(kind_code)
