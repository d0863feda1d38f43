"""What the periodic report (báo cáo) says: every fact and sentence, before any layout.

``report_content(tables, unit, period)`` reads the same transforms as the
dashboard — ``quarterly_activity``, ``attendee_mix``, ``topic_coverage``,
``coverage_gaps`` and ``apply_filters`` with ``unit=`` and ``period=`` — and
returns a ``ReportContent``: the header fields (Hướng dẫn 36-HD/VPTW), the
summary line, the facts of section I (conferences by kind, person-visits by
organisation type with their comparisons, the study rate of each document
studied, organisations not reached), the facts of sections II and III, the
appendix (each studied document per chi bộ), and the body as blocks
(headings, paragraphs, bullets, tables, lines to fill) that the DOCX and
HTML renderers lay out the same way. Numbers are Vietnamese (``1.234``,
``81,0%``, ``27/04/2023``) through ``dashboard.i18n``. Nothing here reads
files or knows about Word or HTML. What each number is: docs/report.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.contract.documents import document_name
from dashboard.contract.periods import ROMAN, Period, parse_period, previous, same_period_last_year, shift_quarter
from dashboard.contract.text import sort_key
from dashboard.contract.vocab import KIND_CODES, ORG_TYPE_CODES, kind_label, org_type_label
from dashboard.i18n import fmt_date, fmt_number, fmt_percent, fmt_signed_percent
from dashboard.transforms.cells import study_by_cell
from dashboard.settings import Settings
from dashboard.store import Tables, catalogue_of
from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.transforms.filters import resolve_units

DEFAULT_TARGET = Settings().study_target
SUPERIOR_PLACEHOLDER = "[Cấp ủy cấp trên]"
NAME_PLACEHOLDER = "[Họ và tên]"
FILL_IN = "[Ban Thường vụ bổ sung: …]"
NUMBER_LINE = "Số     -BC/ĐU"
# How many chi bộ a sentence names before it sends the reader to the appendix.
NAMED_IN_TEXT = 10


class ReportError(ValueError):
    """A unit or period the report cannot be made for (the message is Vietnamese / English)."""


# --- Blocks: the body as the renderers lay it out -------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: "I. KẾT QUẢ …", 2: "1. Tổ chức hội nghị", 3: an appendix table's title


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class FillIn:
    """A line the committee writes itself: marked in the document (highlighted, in brackets)."""

    text: str = FILL_IN


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: str = "data"  # "data", "group" (one cell spanning the row) or "total"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # relative column widths
    align: tuple[str, ...]  # "left", "center" or "right" per column


Block = Heading | Paragraph | Bullet | FillIn | Table


# --- Facts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConferenceFact:
    date: date
    title: str
    kind: str  # code
    kind_label: str
    studied: tuple[str, ...]  # document names, in the order stored
    disseminated: tuple[str, ...]
    attendees: int  # its rows' sum, or its stated total without rows (as quarterly_activity)
    predecessor: str | None  # the merged unit it was held by, when not the report's unit


@dataclass(frozen=True)
class Change:
    """A number against an earlier period: ``before`` is None when that period lies before the data start."""

    period: Period
    before: int | None

    def diff(self, now: int) -> int | None:
        return None if self.before is None else now - self.before

    def pct(self, now: int) -> float | None:
        return None if not self.before else (now - self.before) / self.before


@dataclass(frozen=True)
class AttendanceFact:
    """Person-visits of one organisation type (``code``; ``None`` for the total) in the period."""

    code: str | None
    label: str
    attendees: int
    party_members: int
    share: float | None  # of all attendance rows' person-visits (attendee_mix)
    changes: tuple[Change, ...]  # attendees in each comparison period

    @property
    def others(self) -> int:
        """People who are not Party members (quần chúng): attendees less Party members."""
        return self.attendees - self.party_members


@dataclass(frozen=True)
class StudyFact:
    document: str  # identity
    name: str
    studied: int
    total: int
    rate: float | None
    sessions: int
    cells_counted: int
    cells_below: tuple[str, ...]  # chi bộ below the target, with their rate: "Chi bộ … (70,0%)"
    meets_target: bool | None


@dataclass(frozen=True)
class MissedFact:
    organization: str
    org_type: str
    unit: str
    quarters: tuple[str, ...]  # quarters it was missed in
    quarters_held: int  # quarters of the period its unit held a conference while it existed

    @property
    def never_reached(self) -> bool:
        return len(self.quarters) == self.quarters_held


@dataclass(frozen=True)
class AppendixTable:
    document: str
    name: str
    table: Table


@dataclass(frozen=True)
class ReportContent:
    """Everything the report says (see the module docstring); ``body`` holds sections I–III as blocks."""

    unit: str
    period: Period
    superior: str | None  # the committee above on the report's date (units table), None when unknown
    date: date  # the last day of the period
    place: str
    summary: str
    opening: str
    target: float
    conferences: tuple[ConferenceFact, ...]
    kinds: tuple[tuple[str, int], ...]  # (kind label, conferences)
    total: AttendanceFact  # every conference (stated totals included)
    by_org_type: tuple[AttendanceFact, ...]  # attendance rows by organisation type
    comparisons: tuple[Period, ...]
    studies: tuple[StudyFact, ...]
    disseminated: tuple[str, ...]  # documents only disseminated in the period
    missed: tuple[MissedFact, ...]
    quarters_without_conference: tuple[str, ...]
    quarters_without_study: tuple[str, ...]
    shortcomings: tuple[str, ...]  # II: facts
    directions: tuple[str, ...]  # III: facts
    next_period: str
    body: tuple[Block, ...]
    appendix: tuple[AppendixTable, ...]
    predecessors: tuple[tuple[str, date], ...] = ()  # units merged into this one and the day they joined
    data_start: str | None = None  # the unit's first quarter with data, when the period starts before it
    title: str = "BÁO CÁO"
    number_line: str = NUMBER_LINE
    party: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    signature: tuple[str, ...] = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    signer: str = NAME_PLACEHOLDER
    recipients: tuple[str, ...] = field(default_factory=tuple)
    committee: Committee | None = None  # who issues it (None: the unit itself, as a ward's committee)

    @property
    def superior_line(self) -> str:
        """The superior as a header names it, the organisation in capitals: ``ĐẢNG BỘ QUẬN THANH KHÊ``."""
        return committee_of(self.superior).organisation.upper() if self.superior else SUPERIOR_PLACEHOLDER

    @property
    def committee_name(self) -> str:
        """The committee that issues the report: ``Đảng ủy phường Thanh Khê Tây``, ``Quận ủy Thanh Khê``."""
        return self.committee.name if self.committee else self.unit

    @property
    def issuing_line(self) -> str:
        return self.committee_name.upper()

    @property
    def place_date(self) -> str:
        return f"{self.place}, {long_date(self.date)}"


# --- The issuing committee ------------------------------------------------------------------------

SIGNATURE = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")

# Each level of a Party organisation: the word in "Đảng ủy/Đảng bộ <level> <place>", the committee's own
# name ("Quận ủy Thanh Khê"), the issuer code ending its documents' numbers, and whether it is a grassroots
# committee (its own chi bộ under it). Codes: ĐU a ward or commune committee, HU a district (huyện), TU a
# province or city (docs/report.md, "Committees"); a quận's committee (Quận ủy) numbers its documents QU.
LEVELS: dict[str, tuple[str, str, bool]] = {
    "phường": ("Đảng ủy phường", "ĐU", True),
    "xã": ("Đảng ủy xã", "ĐU", True),
    "thị trấn": ("Đảng ủy thị trấn", "ĐU", True),
    "đặc khu": ("Đảng ủy đặc khu", "ĐU", True),
    "quận": ("Quận ủy", "QU", False),
    "huyện": ("Huyện ủy", "HU", False),
    "thị xã": ("Thị ủy", "TU", False),
    "thành phố": ("Thành ủy", "TU", False),
    "tỉnh": ("Tỉnh ủy", "TU", False),
}
# The committee's short name → its level: "Quận ủy Thanh Khê" is the committee of "Đảng bộ quận Thanh Khê".
_SHORT = {"quận": "quận", "huyện": "huyện", "thị": "thị xã", "thành": "thành phố", "tỉnh": "tỉnh"}
_UY = "(?:ủy|uỷ)"
_LEVEL_WORDS = "|".join(sorted(LEVELS, key=len, reverse=True))
_ORGANISATION = re.compile(rf"^Đảng (?:{_UY}|bộ)\s+(?P<level>{_LEVEL_WORDS})\s+(?P<place>\S.*)$", re.IGNORECASE)
_COMMITTEE_NAME = re.compile(rf"^(?P<short>{'|'.join(_SHORT)})\s+{_UY}\s+(?P<place>\S.*)$", re.IGNORECASE)
_IN_PROVINCE = re.compile(r"\b(?:tỉnh|thành phố)\s+(?P<place>\S.*)$", re.IGNORECASE)
_PARTY = re.compile(rf"^Đảng (?:{_UY}|bộ)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Committee:
    """Who issues the report, read from the unit's name (Hướng dẫn 36-HD/VPTW).

    ``Đảng ủy phường Thanh Khê Tây`` → itself, dated from ``Thanh Khê Tây``, ``Số …-BC/ĐU``;
    ``Đảng bộ quận Thanh Khê`` → ``Quận ủy Thanh Khê``, ``Thanh Khê``, ``-BC/QU``; ``Đảng bộ thành phố
    Đà Nẵng`` → ``Thành ủy Đà Nẵng``, ``-BC/TU``. A name of another form (``Đảng ủy Khối các cơ quan tỉnh
    Quảng Nam``) keeps its name, is dated from its province when it names one, and numbers with ĐU.
    """

    name: str  # the committee that signs: "Đảng ủy xã Hòa Bắc", "Quận ủy Thanh Khê", "Tỉnh ủy Quảng Nam"
    place: str  # where its documents are dated from
    code: str  # the issuer code of its numbers: ĐU, QU, HU, TU
    level: str | None  # a key of LEVELS, None for a name of another form
    office: str  # whose office files the copy: "Đảng ủy", "Quận ủy", "Tỉnh ủy"

    @property
    def grassroots(self) -> bool:
        """A ward, commune, township or special-zone committee: its chi bộ are directly under it."""
        return self.level is not None and LEVELS[self.level][2]

    @property
    def number_line(self) -> str:
        return f"Số     -BC/{self.code}"

    @property
    def organisation(self) -> str:
        """The Party organisation it leads, as a header names a superior: ``Đảng bộ quận Thanh Khê``."""
        if self.level is None:
            return _PARTY.sub("Đảng bộ ", self.name, count=1)
        return f"Đảng bộ {self.level} {self.place}"


def committee_of(unit: str) -> Committee:
    """The committee issuing ``unit``'s report, its place, number code and office (see ``Committee``)."""
    unit = " ".join(unit.split())
    found = _ORGANISATION.match(unit)
    if found:
        level, place = found["level"].lower(), found["place"]
    elif (found := _COMMITTEE_NAME.match(unit)) is not None:
        level, place = _SHORT[found["short"].lower()], found["place"]
    else:
        province = _IN_PROVINCE.search(unit)
        name = _PARTY.sub("Đảng ủy ", unit, count=1)
        return Committee(name=name, place=province["place"] if province else (_PARTY.sub("", unit) or unit),
                         code="ĐU", level=None, office="Đảng ủy")
    title, code, grassroots = LEVELS[level]
    if grassroots:  # "Đảng ủy phường X" as the unit spells it; "Đảng bộ phường X" → its committee
        name = unit if not unit.lower().startswith("đảng bộ") else f"{title} {place}"
        return Committee(name=name, place=place, code=code, level=level, office="Đảng ủy")
    return Committee(name=f"{title} {place}", place=place, code=code, level=level, office=title)


def place_of(unit: str) -> str:
    """``Đảng ủy phường Thanh Khê Tây`` → ``Thanh Khê Tây``: the place a committee dates its documents from."""
    return committee_of(unit).place


# --- Wording --------------------------------------------------------------------------------------

def long_date(day: date) -> str:
    """``ngày 30 tháng 6 năm 2023``; a day below 10 and months 1–2 take a leading zero (``ngày 05 tháng 02``)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def period_phrase(period: Period) -> str:
    """The period inside a sentence: ``quý II năm 2023``, ``6 tháng đầu năm 2023``, ``nhiệm kỳ 2020–2025``."""
    if period.kind == "quarter":
        return f"quý {ROMAN[int(period.first[-1])]} năm {period.first[:4]}"
    label = period.label("vi")
    return label[0].lower() + label[1:]


def next_period_phrase(period: Period) -> str:
    """What section III plans for: the next quarter, the rest of the year, the next year or term."""
    if period.kind == "quarter":
        return period_phrase(Period.of_quarter(shift_quarter(period.first, 1)))
    if period.kind == "half":
        return f"6 tháng cuối năm {period.start_year}"
    if period.kind == "nine_months":
        return f"quý IV năm {period.start_year}"
    if period.kind == "year":
        return f"năm {period.start_year + 1}"
    return period_phrase(Period.of("term", period.start_year + 5))


def _count(value: int, noun: str) -> str:
    return f"{fmt_number(value)} {noun}"


def _change_words(diff: int | None, pct: float | None, unit_word: str = "lượt") -> str:
    if diff is None:
        return "chưa có số liệu để so sánh"
    if diff == 0:
        return "không thay đổi"
    words = f"{'tăng' if diff > 0 else 'giảm'} {fmt_number(abs(diff))} {unit_word}".rstrip()
    return words + (f" ({fmt_signed_percent(pct)})" if pct is not None else "")


def _change_cell(diff: int | None, pct: float | None) -> str:
    if diff is None:
        return "–"
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff)}" + (f" ({fmt_signed_percent(pct)})" if pct is not None else "")


def _comparison_name(period: Period, earlier: Period) -> str:
    """How a sentence names an earlier period: ``quý I năm 2023``, ``quý II năm 2022 (cùng kỳ năm trước)``."""
    phrase = period_phrase(earlier)
    if period.kind == "quarter" and earlier == same_period_last_year(period):
        return f"{phrase} (cùng kỳ năm trước)"
    if period.kind in ("half", "nine_months"):
        return f"{phrase} (cùng kỳ năm trước)"
    return phrase


# --- The content ----------------------------------------------------------------------------------

def resolve_report_unit(tables: Tables, unit: str) -> str:
    """The stored spelling of ``unit``.

    Raises:
        ReportError: the store holds no such unit (the message names close matches).
    """
    try:
        found = resolve_units(tables, unit)
    except ValueError as error:
        raise ReportError(str(error)) from None
    if not found:
        raise ReportError("chưa chọn đơn vị / no unit given")
    return found[0]


def resolve_report_period(period: Period | str) -> Period:
    """``period`` read by ``parse_period``.

    Raises:
        ReportError: not a reporting period.
    """
    try:
        return parse_period(period)
    except ValueError as error:
        raise ReportError(str(error)) from None


def report_content(tables: Tables, unit: str, period: Period | str, target: float | None = None,
                   exclude_exempt: bool = True) -> ReportContent:
    """The periodic report of ``unit`` for ``period``, from the dashboard's transforms.

    Args:
        tables: ``dashboard.store.load()``.
        unit: a stored unit in any spelling (``Đảng uỷ phường Thanh Khê Tây``).
        period: a ``Period`` or its text (``Quý II/2023``, ``6 tháng đầu năm 2023``, ``Nhiệm kỳ 2020–2025``).
        target: the study-rate target (0–1); default the settings' default (``study_target``).
        exclude_exempt: leave members exempt from meetings out of the study-rate denominator.

    Returns:
        A ``ReportContent``; a period without a conference says so in a sentence.

    Raises:
        ReportError: an unknown unit or a text that is not a reporting period.
    """
    period = resolve_report_period(period)
    unit = resolve_report_unit(tables, unit)
    target = DEFAULT_TARGET if target is None else float(target)
    catalogue = catalogue_of(tables)

    def name(document: str) -> str:
        return document_name(document, catalogue)

    f = apply_filters(tables, unit=unit, period=period)
    start = f.starts.min() if len(f.starts) else None
    earlier = [previous(period)]
    if period.kind != "term" and same_period_last_year(period) != earlier[0]:
        earlier.append(same_period_last_year(period))
    comparisons = tuple(earlier)
    report_day = pd.Period(period.last.replace("-Q", "Q"), freq="Q").end_time.date()

    conferences = _conferences(f, unit, name)
    kinds = tuple((kind_label(code), sum(c.kind == code for c in conferences))
                  for code in KIND_CODES if any(c.kind == code for c in conferences))
    total, by_type = _attendance(tables, unit, period, comparisons, start)
    coverage = topic_coverage(tables, target=target, exclude_exempt=exclude_exempt, unit=unit, period=period)
    cells = study_by_cell(tables, target=target, exclude_exempt=exclude_exempt, unit=unit, period=period)
    studies = _studies(coverage, cells, unit, target, name)
    disseminated = tuple(name(d) for d in coverage.loc[coverage["study_sessions"] == 0, "document"].astype(str))
    gaps = coverage_gaps(tables, per="quarter", unit=unit, period=period)
    missed = _missed(gaps)
    # Quarters before the unit's data start hold no data: neither "without a conference" nor compared.
    quarters = [q for q in _quarters(period) if start is not None and q >= start]
    held = set(f.conferences["quarter"].astype(str))
    with_study = set(f.conference_documents.loc[f.conference_documents["role"] == "studied", "quarter"].astype(str))
    no_conference = tuple(q for q in quarters if q not in held)
    no_study = tuple(q for q in quarters if q not in with_study)
    predecessors = _predecessors(f)
    superior = superior_of(tables, unit, report_day)
    committee = committee_of(unit)

    phrase = period_phrase(period)
    content = dict(
        unit=unit, period=period, superior=superior, date=report_day, place=committee.place,
        committee=committee, number_line=committee.number_line, signature=SIGNATURE,
        summary=f"kết quả công tác tuyên giáo {phrase}",
        opening=(f"Thực hiện chương trình công tác tuyên giáo {phrase if period.kind == 'term' else f'năm {period.start_year}'}, "
                 f"Ban Thường vụ {committee.name} báo cáo kết quả công tác tuyên giáo {phrase} như sau:"),
        target=target, conferences=conferences, kinds=kinds, total=total, by_org_type=by_type,
        comparisons=comparisons, studies=studies, disseminated=disseminated, missed=missed,
        quarters_without_conference=no_conference, quarters_without_study=no_study,
        next_period=next_period_phrase(period), predecessors=predecessors,
        data_start=start if start is not None and start > period.first else None,
        recipients=_recipients(committee, superior),
    )
    content["shortcomings"] = _shortcomings(content)
    content["directions"] = _directions(content)
    content["body"] = tuple(_body(content))
    content["appendix"] = _appendix(studies, cells, unit, target, name)
    return ReportContent(**content)


def _recipients(committee: Committee, superior: str | None) -> tuple[str, ...]:
    """"Nơi nhận": the superior's standing committee, the organisations under the committee, its office's copy."""
    above = committee_of(superior) if superior else None
    to = (f"Ban Thường vụ {above.name}" if above is not None and above.level is not None
          else superior or SUPERIOR_PLACEHOLDER)
    below = "Các chi bộ trực thuộc" if committee.grassroots else "Các đảng bộ, chi bộ trực thuộc"
    return f"- {to} (để báo cáo),", f"- {below},", f"- Lưu Văn phòng {committee.office}."


def superior_of(tables: Tables, unit: str, day: date) -> str | None:
    """The committee ``unit`` was under (``Trực thuộc``) on ``day``, else its nearest row's; None when unknown."""
    history = tables.unit_history
    if history is None or history.empty:
        return None
    rows = history[history["unit"].astype(str) == unit]
    if rows.empty:
        return None
    on = pd.Timestamp(day)
    valid = rows[(rows["valid_from"].isna() | (rows["valid_from"] <= on)) & (rows["valid_to"].isna() | (rows["valid_to"] >= on))]
    if valid.empty:  # the unit did not exist on that day (a successor's report on its predecessors' period)
        valid = rows.assign(_gap=(rows["valid_from"].fillna(on) - on).abs()).sort_values("_gap")
    parent = valid["parent"].dropna().astype(str)
    return parent.iloc[0] if len(parent) else None


def _quarters(period: Period) -> list[str]:
    out, q = [], period.first
    while q <= period.last:
        out.append(q)
        q = shift_quarter(q, 1)
    return out


def _predecessors(f) -> tuple[tuple[str, date], ...]:
    scope = f.scope
    if scope is None or "predecessor" not in scope or not scope["predecessor"].notna().any():
        return ()
    ends = scope.dropna(subset=["predecessor"]).groupby("predecessor")["end"].max()
    return tuple((str(u), pd.Timestamp(d).date()) for u, d in sorted(ends.items(), key=lambda item: (item[1], item[0])))


def _conferences(f, unit: str, name) -> tuple[ConferenceFact, ...]:
    rows = f.conferences.sort_values(["date", "conference_id"], kind="stable")
    links = f.conference_documents
    out = []
    for row in rows.itertuples(index=False):
        own = links[links["conf"] == row.conf]
        studied = tuple(name(str(d)) for d in own.loc[own["role"] == "studied", "document"])
        disseminated = tuple(name(str(d)) for d in own.loc[own["role"] != "studied", "document"])
        listed = row.listed_attendees if pd.notna(row.listed_attendees) else row.attendees_total
        predecessor = row.predecessor if isinstance(row.predecessor, str) and row.predecessor != unit else None
        out.append(ConferenceFact(date=pd.Timestamp(row.date).date(), title=str(row.title), kind=str(row.kind),
                                  kind_label=kind_label(str(row.kind)), studied=studied, disseminated=disseminated,
                                  attendees=int(listed) if pd.notna(listed) else 0, predecessor=predecessor))
    order = {code: i for i, code in enumerate(KIND_CODES)}
    return tuple(sorted(out, key=lambda c: (order.get(c.kind, len(order)), c.date)))


def _sums(activity: pd.DataFrame, period: Period) -> dict[str, int]:
    rows = activity[(activity["quarter"] >= period.first) & (activity["quarter"] <= period.last)]
    return {m: int(rows[m].sum()) for m in ("conferences", "attendees", "party_members_attending")}


def _attendance(tables: Tables, unit: str, period: Period, comparisons: tuple[Period, ...], start: str | None
                ) -> tuple[AttendanceFact, tuple[AttendanceFact, ...]]:
    """The period's person-visits, in all and by organisation type, and the same in each earlier period.

    One ``quarterly_activity`` call per type over the quarters from the earliest comparison to the
    period's end, summed per period; an earlier period starting before the data start has no value.
    """
    first = min([period.first, *(p.first for p in comparisons)])
    span = (first, period.last)

    def compared(activity: pd.DataFrame, metric: str) -> tuple[Change, ...]:
        return tuple(Change(p, _sums(activity, p)[metric] if start is not None and p.first >= start else None)
                     for p in comparisons)

    activity = quarterly_activity(tables, unit=unit, quarters=span)
    now = _sums(activity, period)
    mix = attendee_mix(tables, unit=unit, period=period)
    shares = mix.groupby("org_type")["attendees"].sum()
    whole = shares.sum()
    total = AttendanceFact(None, "Tổng số", now["attendees"], now["party_members_attending"], None,
                           compared(activity, "attendees"))
    span_mix = attendee_mix(tables, unit=unit, quarters=span)
    present = set(span_mix.loc[span_mix["attendees"] > 0, "org_type"].astype(str))
    by_type = []
    for code in [c for c in ORG_TYPE_CODES if c in present]:
        typed = quarterly_activity(tables, unit=unit, quarters=span, org_type=code)
        sums = _sums(typed, period)
        by_type.append(AttendanceFact(code, org_type_label(code), sums["attendees"], sums["party_members_attending"],
                                      float(shares.get(code, 0) / whole) if whole else None,
                                      compared(typed, "attendees")))
    return total, tuple(by_type)


def _studies(coverage: pd.DataFrame, cells: pd.DataFrame, unit: str, target: float, name) -> tuple[StudyFact, ...]:
    out = []
    for row in coverage[coverage["study_sessions"] > 0].itertuples(index=False):
        own = cells[(cells["document"] == row.document) & cells["below"].fillna(False).astype(bool)]
        below = sorted(own.itertuples(index=False), key=lambda c: sort_key(c.organization))
        named = tuple(f"{_cell_name(c.organization, c.unit, unit)}: {fmt_percent(c.rate)}" for c in below)
        rate = None if pd.isna(row.study_rate) else float(row.study_rate)
        out.append(StudyFact(document=str(row.document), name=name(str(row.document)),
                             studied=int(row.party_members_studied), total=int(row.party_members_total), rate=rate,
                             sessions=int(row.study_sessions), cells_counted=int(row.cells_counted),
                             cells_below=named, meets_target=None if rate is None else rate >= target))
    return tuple(out)


def _cell_name(organization: str, of_unit: str, unit: str) -> str:
    """A chi bộ's name, labelled with its unit when that is a predecessor (or another unit under this one)."""
    return organization if of_unit == unit else f"{organization} ({of_unit})"


def _missed(gaps: pd.DataFrame) -> tuple[MissedFact, ...]:
    if gaps.empty:
        return ()
    held = gaps[gaps["unit_conferences"] > 0]
    out = []
    for (unit, organization), rows in held.groupby(["unit", "organization"], sort=False):
        quarters = tuple(sorted(rows.loc[rows["missed"].astype(bool), "quarter"].astype(str)))
        if quarters:
            out.append(MissedFact(organization=str(organization), org_type=str(rows["org_type"].iloc[0]),
                                  unit=str(unit), quarters=quarters, quarters_held=len(rows)))
    return tuple(sorted(out, key=lambda m: (not m.never_reached, sort_key(m.organization))))


def _missed_name(m: MissedFact, unit: str) -> str:
    return _cell_name(m.organization, m.unit, unit)


def _quarter_list(quarters) -> str:
    return ", ".join(Period.of_quarter(q).label("vi") for q in quarters)


def _shortcomings(c: dict) -> tuple[str, ...]:
    out = []
    never = [m for m in c["missed"] if m.never_reached]
    if never:
        out.append(f"{_count(len(never), 'tổ chức')} chưa có người dự hội nghị nào trong {period_phrase(c['period'])}: "
                   f"{_names([_missed_name(m, c['unit']) for m in never])}.")
    for s in c["studies"]:
        if s.rate is None:
            out.append(f"{s.name}: chưa tính được tỷ lệ đảng viên học tập, quán triệt (sổ tổ chức chưa có số đảng viên "
                       f"của chi bộ).")
        elif not s.meets_target:
            out.append(f"{s.name}: tỷ lệ đảng viên học tập, quán triệt đạt {fmt_percent(s.rate)}, dưới chỉ tiêu "
                       f"{fmt_percent(c['target'])}; {_count(len(s.cells_below), 'chi bộ')} chưa đạt chỉ tiêu.")
        elif s.cells_below:
            out.append(f"{s.name}: còn {_count(len(s.cells_below), 'chi bộ')} có tỷ lệ học tập, quán triệt dưới chỉ tiêu "
                       f"{fmt_percent(c['target'])}.")
    if c["conferences"]:
        if c["period"].kind == "quarter" and c["quarters_without_study"]:
            out.append("Trong quý không tổ chức hội nghị học tập, quán triệt văn bản nào.")
        elif c["quarters_without_study"]:
            out.append(f"Các quý không tổ chức học tập, quán triệt văn bản: {_quarter_list(c['quarters_without_study'])}.")
        if c["quarters_without_conference"] and c["period"].kind != "quarter":
            out.append(f"Các quý không tổ chức hội nghị nào: {_quarter_list(c['quarters_without_conference'])}.")
    return tuple(out)


def _directions(c: dict) -> tuple[str, ...]:
    out = []
    for s in c["studies"]:
        if s.cells_below:
            out.append(f"Tổ chức học tập bổ sung (học bù) {s.name} cho {_count(len(s.cells_below), 'chi bộ')} "
                       f"chưa đạt chỉ tiêu {fmt_percent(c['target'])}.")
    never = [m for m in c["missed"] if m.never_reached]
    if never:
        out.append(f"Đôn đốc {_count(len(never), 'tổ chức')} chưa có người dự tham gia đầy đủ các hội nghị.")
    if not c["conferences"] or c["quarters_without_study"]:
        out.append(f"Tổ chức học tập, quán triệt các văn bản mới của cấp trên trong {c['next_period']}.")
    return tuple(out)


def _names(names: list[str]) -> str:
    if len(names) <= NAMED_IN_TEXT:
        return "; ".join(names)
    return "; ".join(names[:NAMED_IN_TEXT]) + f" và {fmt_number(len(names) - NAMED_IN_TEXT)} tổ chức khác"


def _body(c: dict) -> list[Block]:
    period, unit, phrase = c["period"], c["unit"], period_phrase(c["period"])
    conferences: tuple[ConferenceFact, ...] = c["conferences"]
    blocks: list[Block] = [Paragraph(c["opening"]), Heading("I. KẾT QUẢ THỰC HIỆN", 1),
                           Heading("1. Tổ chức hội nghị", 2)]
    if c["predecessors"]:
        merged = "; ".join(f"{u} (đến hết ngày {fmt_date(pd.Timestamp(d) - pd.Timedelta(days=1))})"
                           for u, d in c["predecessors"])
        blocks.append(Paragraph(f"Số liệu gồm cả các đơn vị đã hợp nhất vào {unit}: {merged}; các dòng của "
                                f"những đơn vị này ghi rõ tên đơn vị.", italic=True))
    if c["data_start"]:
        blocks.append(Paragraph(f"Số liệu của {unit} bắt đầu từ {Period.of_quarter(c['data_start']).label('vi')}.",
                                italic=True))
    if not conferences:
        blocks.append(Paragraph(f"Trong {phrase}, {unit} không tổ chức hội nghị nào."))
        return blocks + _sections_two_three(c)
    kinds = "; ".join(f"{fmt_number(n)} hội nghị {label[0].lower() + label[1:]}" for label, n in c["kinds"])
    blocks.append(Paragraph(f"Trong {phrase}, {unit} đã tổ chức {_count(len(conferences), 'hội nghị')}, gồm: {kinds}. "
                            f"Cụ thể như sau:"))
    rows: list[Row] = []
    number = 0
    for label, _n in c["kinds"]:
        rows.append(Row((f"Hội nghị {label[0].lower() + label[1:]}",), kind="group"))
        for conf in (x for x in conferences if x.kind_label == label):
            number += 1
            title = conf.title + (f" ({conf.predecessor})" if conf.predecessor else "")
            rows.append(Row((str(number), fmt_date(conf.date), title, "; ".join(conf.studied) or "–",
                             "; ".join(conf.disseminated) or "–", fmt_number(conf.attendees))))
    blocks.append(Table(("STT", "Ngày", "Hội nghị", "Văn bản học tập, quán triệt", "Văn bản tuyên truyền",
                         "Lượt người dự"), tuple(rows), (0.6, 1.3, 4.2, 3.2, 2.6, 1.3),
                        ("center", "center", "left", "left", "left", "right")))

    blocks.append(Heading("2. Thành phần, số lượt người dự", 2))
    total: AttendanceFact = c["total"]
    listed = sum(t.attendees for t in c["by_org_type"])
    unlisted = total.attendees - listed
    parts = [_count(total.party_members, "lượt đảng viên"), _count(listed - total.party_members, "lượt quần chúng")]
    if unlisted > 0:  # conferences that stated a total only: who came is not known
        parts.append(f"{_count(unlisted, 'lượt')} tại hội nghị chỉ ghi tổng số, không ghi thành phần")
    blocks.append(Paragraph(f"Các hội nghị có tổng số {_count(total.attendees, 'lượt người dự')}, trong đó "
                            + (", ".join(parts[:-1]) + " và " + parts[-1]) + "."))
    compared = [f"chưa có số liệu {_comparison_name(period, ch.period)} để so sánh" if ch.before is None
                else f"so với {_comparison_name(period, ch.period)}, "
                + ("số lượt người dự " if i == 0 else "")
                + _change_words(ch.diff(total.attendees), ch.pct(total.attendees))
                for i, ch in enumerate(total.changes)]
    sentence = "; ".join(compared) + "."
    blocks.append(Paragraph(sentence[0].upper() + sentence[1:]))
    if c["by_org_type"]:
        header = ("Thành phần", "Lượt người dự", "Đảng viên", "Quần chúng", "Tỷ lệ",
                  *(f"So với {ch.period.label('vi')}" for ch in total.changes))
        rows = [Row((t.label, fmt_number(t.attendees), fmt_number(t.party_members), fmt_number(t.others),
                     fmt_percent(t.share), *(_change_cell(ch.diff(t.attendees), ch.pct(t.attendees)) for ch in t.changes)))
                for t in c["by_org_type"]]
        party = sum(t.party_members for t in c["by_org_type"])
        listed_changes = [Change(ch.period, None if ch.before is None else sum(t.changes[i].before for t in c["by_org_type"]))
                          for i, ch in enumerate(total.changes)]
        rows.append(Row(("Cộng", fmt_number(listed), fmt_number(party), fmt_number(listed - party),
                         fmt_percent(1.0 if listed else None),
                         *(_change_cell(ch.diff(listed), ch.pct(listed)) for ch in listed_changes)), kind="total"))
        n = len(total.changes)
        blocks.append(Table(header, tuple(rows), (3.4, 1.6, 1.5, 1.5, 1.2, *([2.2] * n)),
                            ("left", "right", "right", "right", "right", *(["right"] * n))))

    blocks.append(Heading("3. Học tập, quán triệt văn bản", 2))
    studies: tuple[StudyFact, ...] = c["studies"]
    if not studies:
        blocks.append(Paragraph(f"Trong {phrase}, {unit} không tổ chức hội nghị học tập, quán triệt văn bản nào."))
    else:
        blocks.append(Paragraph(f"Trong {phrase}, {_count(len(studies), 'văn bản')} được học tập, quán triệt "
                                f"(chỉ tiêu: {fmt_percent(c['target'])} đảng viên tham gia):"))
        for s in studies:
            sessions = _count(s.sessions, "buổi học tập, quán triệt (kể cả học bù)")
            if s.rate is None:
                blocks.append(Bullet(f"{s.name}: {sessions}; chưa tính được tỷ lệ vì sổ tổ chức chưa có số đảng viên "
                                     f"của chi bộ."))
                continue
            verdict = "đạt chỉ tiêu" if s.meets_target else "chưa đạt chỉ tiêu"
            below = ""
            if s.cells_below:
                shown = s.cells_below if len(s.cells_below) <= NAMED_IN_TEXT else ()
                below = (f"; {_count(len(s.cells_below), 'chi bộ')} dưới chỉ tiêu"
                         + (f": {'; '.join(shown)}" if shown else " (xem Phụ lục)"))
            blocks.append(Bullet(f"{s.name}: {fmt_number(s.studied)}/{fmt_number(s.total)} đảng viên tham gia học tập, "
                                 f"quán triệt, đạt {fmt_percent(s.rate)}, {verdict}; {sessions}{below}."))
        blocks.append(Paragraph("Số đảng viên tham gia học tập của mỗi chi bộ là số đảng viên chi bộ cử dự các buổi học "
                                "tập, quán triệt (kể cả học bù), không vượt quá số đảng viên phải học tập của chi bộ "
                                "(không tính đảng viên miễn sinh hoạt); chi tiết từng chi bộ tại Phụ lục.", italic=True))
    if c["disseminated"]:
        blocks.append(Paragraph(f"Các văn bản được tuyên truyền, giới thiệu tại hội nghị: {'; '.join(c['disseminated'])}."))

    blocks.append(Heading("4. Tổ chức chưa được tiếp cận", 2))
    missed: tuple[MissedFact, ...] = c["missed"]
    never = [m for m in missed if m.never_reached]
    sometimes = [m for m in missed if not m.never_reached]
    if not missed:
        blocks.append(Paragraph(f"Trong {phrase}, tất cả các tổ chức đều có người dự các hội nghị."))
    if never:
        blocks.append(Paragraph(f"{_count(len(never), 'tổ chức')} chưa có người dự hội nghị nào trong {phrase}:"))
        blocks.extend(Bullet(f"{_missed_name(m, unit)} ({org_type_label(m.org_type)}).") for m in never)
    if sometimes:
        blocks.append(Paragraph(f"{_count(len(sometimes), 'tổ chức')} có quý không có người dự hội nghị:"))
        blocks.extend(Bullet(f"{_missed_name(m, unit)}: {_quarter_list(m.quarters)}.") for m in sometimes)
    return blocks + _sections_two_three(c)


def _sections_two_three(c: dict) -> list[Block]:
    blocks: list[Block] = [Heading("II. HẠN CHẾ", 1)]
    if c["shortcomings"]:
        blocks.append(Paragraph("Qua số liệu:"))
        blocks.extend(Bullet(text) for text in c["shortcomings"])
    else:
        blocks.append(Paragraph("Số liệu không cho thấy hạn chế cần nêu."))
    blocks += [FillIn(), Heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {c['next_period'].upper()}", 1)]
    blocks.extend(Bullet(text) for text in c["directions"])
    blocks.append(FillIn())
    return blocks


def _appendix(studies: tuple[StudyFact, ...], cells: pd.DataFrame, unit: str, target: float, name
              ) -> tuple[AppendixTable, ...]:
    out = []
    for s in studies:
        own = sorted(cells[cells["document"] == s.document].itertuples(index=False),
                     key=lambda c: (c.unit != unit, sort_key(c.unit), sort_key(c.organization)))
        rows = []
        for i, c in enumerate(own, start=1):
            counted = pd.notna(c.expected)
            note = ("Chưa có số đảng viên" if not counted
                    else "Dưới chỉ tiêu" if bool(c.below) else "")
            rows.append(Row((str(i), _cell_name(c.organization, c.unit, unit),
                             fmt_number(c.expected) if counted else "–", fmt_number(c.studied) if counted else "–",
                             fmt_percent(c.rate) if counted else "–", note)))
        rows.append(Row(("", "Tổng cộng", fmt_number(s.total), fmt_number(s.studied), fmt_percent(s.rate), ""),
                        kind="total"))
        table = Table(("STT", "Chi bộ", "Đảng viên phải học tập", "Đảng viên đã học tập", "Tỷ lệ",
                       f"Ghi chú (chỉ tiêu {fmt_percent(target)})"),
                      tuple(rows), (0.7, 5.0, 2.2, 2.2, 1.5, 2.4), ("center", "left", "right", "right", "right", "left"))
        out.append(AppendixTable(s.document, s.name, table))
    return tuple(out)
