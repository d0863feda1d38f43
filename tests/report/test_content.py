"""The report's facts equal the dashboard transforms' for the unit and period, and its wording per period."""

from __future__ import annotations

import pytest

from dashboard.contract.periods import parse_period
from dashboard.i18n import fmt_number, fmt_percent
from dashboard.report import ReportError, render, report_content
from dashboard.transforms.cells import study_by_cell
from dashboard.report.content import (SUPERIOR_PLACEHOLDER, Bullet, Paragraph, long_date, next_period_phrase,
                                      period_phrase)
from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from tests.report.conftest import PERIOD, UNIT, docx_text

SUCCESSOR = "Đảng ủy phường Thanh Khê"


def test_conferences_are_the_filtered_conferences(tables, q2):
    f = apply_filters(tables, unit=UNIT, period=PERIOD)
    assert len(q2.conferences) == len(f.conferences) == 5
    assert sorted(c.title for c in q2.conferences) == sorted(f.conferences["title"])
    assert sum(n for _label, n in q2.kinds) == 5
    founding = next(c for c in q2.conferences if c.date.isoformat() == "2023-04-27")
    assert founding.disseminated == ("Nghị quyết số 35-NQ/TW ngày 22/10/2018",)
    assert founding.studied == ("Quy định số 85-QĐ/TW ngày 7/10/2022", "Hướng dẫn số 99-HD/BTGTW ngày 20/3/2023")


def test_attendance_and_changes_equal_quarterly_activity(tables, q2):
    row = quarterly_activity(tables, unit=UNIT, period=PERIOD).iloc[0]
    assert q2.total.attendees == row["attendees"] == 1172
    assert q2.total.party_members == row["party_members_attending"]
    previous, last_year = q2.total.changes
    assert previous.diff(q2.total.attendees) == row["attendees_vs_prev"]
    assert previous.pct(q2.total.attendees) == pytest.approx(row["attendees_vs_prev_pct"])
    assert last_year.diff(q2.total.attendees) == row["attendees_vs_year"]
    assert last_year.pct(q2.total.attendees) == pytest.approx(row["attendees_vs_year_pct"])


def test_attendance_by_type_equals_attendee_mix_and_the_org_type_filter(tables, q2):
    mix = attendee_mix(tables, unit=UNIT, period=PERIOD).set_index("org_type")
    assert {t.code for t in q2.by_org_type} == set(mix.index)
    for fact in q2.by_org_type:
        assert fact.attendees == mix.at[fact.code, "attendees"]
        assert fact.share == pytest.approx(mix.at[fact.code, "share"])
        typed = quarterly_activity(tables, unit=UNIT, period=PERIOD, org_type=fact.code).iloc[0]
        assert fact.party_members == typed["party_members_attending"]
        assert fact.changes[0].diff(fact.attendees) == typed["attendees_vs_prev"]
        assert fact.changes[1].diff(fact.attendees) == typed["attendees_vs_year"]


def test_a_half_year_sums_its_quarters_and_compares_with_last_year(tables):
    content = report_content(tables, UNIT, "6 tháng đầu năm 2023")
    rows = quarterly_activity(tables, unit=UNIT, period="6 tháng đầu năm 2023")
    before = quarterly_activity(tables, unit=UNIT, period="6 tháng đầu năm 2022")
    assert content.total.attendees == rows["attendees"].sum()
    assert [c.period.label() for c in content.total.changes] == ["6 tháng đầu năm 2022"]
    assert content.total.changes[0].before == before["attendees"].sum()
    assert len(content.conferences) == rows["conferences"].sum()


def test_study_rates_and_cells_below_target_equal_topic_coverage(tables, q2):
    coverage = topic_coverage(tables, unit=UNIT, period=PERIOD, target=q2.target).set_index("document")
    studied = coverage[coverage["study_sessions"] > 0]
    assert [s.document for s in q2.studies] == list(studied.index)
    for s in q2.studies:
        row = studied.loc[s.document]
        assert (s.studied, s.total, s.sessions) == (row["party_members_studied"], row["party_members_total"],
                                                    row["study_sessions"])
        assert s.rate == pytest.approx(row["study_rate"])
        assert len(s.cells_below) == row["cells_below_target"]
    assert q2.disseminated == ("Nghị quyết số 35-NQ/TW ngày 22/10/2018",)


@pytest.mark.parametrize("unit, period", [(UNIT, PERIOD), (SUCCESSOR, "Năm 2025"),
                                          ("Đảng bộ thành phố Đà Nẵng", "Nhiệm kỳ 2020–2025")])
def test_the_appendix_adds_up_to_topic_coverage(tables, unit, period):
    coverage = topic_coverage(tables, unit=unit, period=period, target=0.95)
    coverage = coverage[coverage["study_sessions"] > 0].set_index("document")
    cells = study_by_cell(tables, target=0.95, unit=unit, period=period)
    sums = cells.groupby("document").agg(studied=("studied", "sum"), expected=("expected", "sum"),
                                         below=("below", "sum"))
    assert sorted(sums.index) == sorted(coverage.index)
    assert (sums["studied"] == coverage["party_members_studied"].reindex(sums.index)).all()
    assert (sums["expected"] == coverage["party_members_total"].reindex(sums.index)).all()
    assert (sums["below"] == coverage["cells_below_target"].reindex(sums.index)).all()


def test_missed_organisations_are_coverage_gaps(tables):
    content = report_content(tables, SUCCESSOR, "Nhiệm kỳ 2020–2025")
    gaps = coverage_gaps(tables, unit=SUCCESSOR, period="Nhiệm kỳ 2020–2025")
    missed = gaps[gaps["missed"]]
    assert {(m.unit, m.organization) for m in content.missed} == set(zip(missed["unit"], missed["organization"]))
    assert sum(len(m.quarters) for m in content.missed) == len(missed)


def test_every_number_of_section_one_is_in_the_docx(q2, q2_docx):
    text = docx_text(q2_docx)
    assert f"tổng số {fmt_number(q2.total.attendees)} lượt người dự" in text  # 1.172
    assert "1.172 lượt người dự" in text
    for fact in q2.by_org_type:
        assert fact.label in text and fmt_number(fact.attendees) in text
    for s in q2.studies:
        assert f"{fmt_number(s.studied)}/{fmt_number(s.total)} đảng viên" in text
        assert f"đạt {fmt_percent(s.rate)}" in text
    for c in q2.conferences:
        assert c.title in text and c.date.strftime("%d/%m/%Y") in text
    assert "+186,6%" in text and "+119,9%" in text  # against Q1/2023 and Q2/2022


@pytest.mark.parametrize("period, phrase, day, following", [
    ("Quý II/2023", "quý II năm 2023", "ngày 30 tháng 6 năm 2023", "quý III năm 2023"),
    ("Quý IV/2023", "quý IV năm 2023", "ngày 31 tháng 12 năm 2023", "quý I năm 2024"),
    ("6 tháng đầu năm 2023", "6 tháng đầu năm 2023", "ngày 30 tháng 6 năm 2023", "6 tháng cuối năm 2023"),
    ("9 tháng năm 2023", "9 tháng năm 2023", "ngày 30 tháng 9 năm 2023", "quý IV năm 2023"),
    ("Năm 2023", "năm 2023", "ngày 31 tháng 12 năm 2023", "năm 2024"),
    ("Nhiệm kỳ 2020–2025", "nhiệm kỳ 2020–2025", "ngày 30 tháng 9 năm 2025", "nhiệm kỳ 2025–2030"),
])
def test_period_wording(tables, period, phrase, day, following):
    parsed = parse_period(period)
    assert period_phrase(parsed) == phrase
    assert next_period_phrase(parsed) == following
    content = report_content(tables, UNIT if parsed.last < "2025-Q3" else SUCCESSOR, period)
    assert content.summary == f"kết quả công tác tuyên giáo {phrase}"
    assert long_date(content.date) == day
    assert content.place_date.endswith(day)


def test_header_fields(q2, tables):
    assert q2.superior_line == "ĐẢNG BỘ QUẬN THANH KHÊ"
    assert q2.issuing_line == "ĐẢNG ỦY PHƯỜNG THANH KHÊ TÂY"
    assert q2.place_date == "Thanh Khê Tây, ngày 30 tháng 6 năm 2023"
    # After the merger the new ward is under the city; the city has no superior in the units table.
    assert report_content(tables, SUCCESSOR, "Quý III/2025").superior_line == "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"
    city = report_content(tables, "Đảng bộ thành phố Đà Nẵng", "Quý III/2025")
    assert city.superior is None and city.superior_line == SUPERIOR_PLACEHOLDER
    assert any(SUPERIOR_PLACEHOLDER in line for line in city.recipients)


def test_predecessors_lines_are_labelled(tables):
    content = report_content(tables, SUCCESSOR, "Năm 2025")
    before = [c for c in content.conferences if c.date.isoformat() < "2025-07-01"]
    assert before and all(c.predecessor == UNIT for c in before)
    assert all(c.predecessor is None for c in content.conferences if c.date.isoformat() >= "2025-07-01")
    text = render(content, "html").decode()
    assert f"({UNIT})" in text and "Số liệu gồm cả các đơn vị đã hợp nhất" in text


def test_a_period_without_a_conference_says_so_in_a_sentence(tables):
    content = report_content(tables, "Đảng ủy phường Xuân Hà", "Năm 2023")
    assert content.conferences == ()
    sentence = "Trong năm 2023, Đảng ủy phường Xuân Hà không tổ chức hội nghị nào."
    assert Paragraph(sentence) in content.body
    assert not any(type(b).__name__ == "Table" for b in content.body)
    assert content.appendix == ()
    from docx import Document
    import io
    document = Document(io.BytesIO(render(content, "docx")))
    assert sentence in docx_text(document)
    assert len(document.tables) == 2  # the header and the signature block only


def test_sections_two_and_three_state_facts_then_leave_room(q2):
    bullets = [b.text for b in q2.body if isinstance(b, Bullet)]
    assert any("Kết luận số 01-KL/TW" in b and "dưới chỉ tiêu 95,0%" in b for b in bullets)
    assert any(b.startswith("Tổ chức học tập bổ sung (học bù)") for b in bullets)
    assert sum(type(b).__name__ == "FillIn" for b in q2.body) == 2


@pytest.mark.parametrize("unit, period, message", [
    ("Đảng ủy phường Không Có", PERIOD, "không có đơn vị"),
    (UNIT, "12/2023", "là một tháng"),
    (UNIT, "Quý V/2023", "không có quý V"),
    (UNIT, "Nhiệm kỳ 2021–2026", "không có nhiệm kỳ"),
])
def test_an_unknown_unit_or_period_is_refused(tables, unit, period, message):
    with pytest.raises(ReportError, match=message):
        report_content(tables, unit, period)


def test_any_spelling_of_the_unit_and_period(tables, q2):
    other = report_content(tables, "Đảng uỷ phường  thanh khê tây", "quý 2-2023")
    assert other.unit == UNIT and other.period == q2.period and other.total == q2.total
