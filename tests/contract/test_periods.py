"""Dates (day first, impossible dates refused), quarters (2023-Q2 ⇄ Quý II/2023, months refused) and
the periods leaders report by (quý, 6 tháng, 9 tháng, năm, nhiệm kỳ): parsing, labels, comparisons."""

import unicodedata

import pandas as pd
import pytest

from dashboard.contract.periods import (TERM_FIRST_QUARTER, TERM_LAST_QUARTER, TERM_YEARS, Period, parse_dates,
                                        parse_period, parse_quarter, previous, quarter_label, quarter_of,
                                        quarter_range, same_period_last_year, shift_quarter, term_of)


def test_parse_dates_day_first_and_iso():
    parsed = parse_dates(pd.Series(["27/4/2023", "27/04/2023", "2023-04-27", "27-04-2023", "31/02/2023", "x", None]))
    assert list(parsed[:4]) == [pd.Timestamp("2023-04-27")] * 4
    assert parsed[4:].isna().all()


def test_quarter_of():
    assert list(quarter_of(pd.Series(pd.to_datetime(["2023-04-27", "2023-12-31"])))) == ["2023-Q2", "2023-Q4"]


@pytest.mark.parametrize("text", ["2023-Q2", "Quý II/2023", "quý 2-2023", "Quý II năm 2023", "II/2023", "quy 2/2023",
                                  "QUÝ II / 2023", "qúy 2 – 2023", unicodedata.normalize("NFD", "Quý II/2023"),
                                  "Q2 2023", "q2/2023", "2023 Q2", "II-2023", "quý 02/2023", "Quí II/2023"])
def test_parse_quarter(text):
    assert parse_quarter(text) == "2023-Q2"


@pytest.mark.parametrize("text, says", [
    ("12/2023", "tháng 12 thuộc Quý IV"), ("tháng 12/2023", "month 12 is in Q4"), ("XII/2023", "is a month"),
    ("5/2023", "tháng 5 thuộc Quý II"), ("2/2023", "month 2 is in Q1"),  # 2/2023 is February, not quý II
    ("Q5/2023", "quarters run I–IV"), ("quý 0", "quý chỉ từ I đến IV"), ("2023-Q0", "no quarter 0"),
    ("quý V/2023", "no quarter V"), ("Quý II", "the year is missing"), ("năm 2023", "not a single quarter"),
    ("6 tháng đầu năm 2023", "not a single quarter"), ("next year", "not a reporting period"), ("", "not a reporting"),
    ("Hội nghị quý II/2023", "not a reporting period"),  # the whole text must be the quarter
])
def test_parse_quarter_refuses_months_and_junk_in_both_languages(text, says):
    with pytest.raises(ValueError) as error:
        parse_quarter(text)
    assert says in str(error.value) and " / " in str(error.value)


@pytest.mark.parametrize("text, kind, first, last", [
    ("Quý II/2023", "quarter", "2023-Q2", "2023-Q2"),
    ("IV/2022", "quarter", "2022-Q4", "2022-Q4"),
    ("6 tháng đầu năm 2023", "half", "2023-Q1", "2023-Q2"),
    ("6 tháng 2023", "half", "2023-Q1", "2023-Q2"),
    ("Sơ kết 6 tháng 2023", "half", "2023-Q1", "2023-Q2"),
    ("6 THÁNG ĐẦU NĂM 2023", "half", "2023-Q1", "2023-Q2"),
    ("H1 2023", "half", "2023-Q1", "2023-Q2"),
    ("9 tháng 2023", "nine_months", "2023-Q1", "2023-Q3"),
    ("9 tháng năm 2023", "nine_months", "2023-Q1", "2023-Q3"),
    ("9M 2023", "nine_months", "2023-Q1", "2023-Q3"),
    ("năm 2023", "year", "2023-Q1", "2023-Q4"),
    ("Tổng kết năm 2023", "year", "2023-Q1", "2023-Q4"),
    ("2023", "year", "2023-Q1", "2023-Q4"),
    ("nhiệm kỳ 2020-2025", "term", "2020-Q4", "2025-Q3"),
    ("Nhiệm kỳ 2020–2025", "term", "2020-Q4", "2025-Q3"),
    (unicodedata.normalize("NFD", "nhiệm kỳ 2020 — 2025"), "term", "2020-Q4", "2025-Q3"),
    ("2025-2030", "term", "2025-Q4", "2030-Q3"),
    ("term 2020-2025", "term", "2020-Q4", "2025-Q3"),
])
def test_parse_period(text, kind, first, last):
    assert parse_period(text) == Period(kind, first, last)
    assert parse_period(text).quarters == (first, last)


@pytest.mark.parametrize("text, says", [
    ("tháng 12/2023", "is a month"), ("6 tháng cuối năm 2023", "2023-Q3 to 2023-Q4"), ("H2 2023", "second half"),
    ("nhiệm kỳ 2021-2026", "terms last 5 years"), ("2023-2024", "no committee term"), ("13/2023", "not a reporting"),
])
def test_parse_period_refuses(text, says):
    with pytest.raises(ValueError, match=says):
        parse_period(text)


@pytest.mark.parametrize("period, vi, en", [
    (Period.of_quarter("2023-Q2"), "Quý II/2023", "Q2 2023"),
    (Period.of("half", 2023), "6 tháng đầu năm 2023", "H1 2023"),
    (Period.of("nine_months", 2023), "9 tháng năm 2023", "9M 2023"),
    (Period.of("year", 2023), "Năm 2023", "2023"),
    (Period.of("term", 2020), "Nhiệm kỳ 2020–2025", "Term 2020–2025"),
])
def test_labels_read_back(period, vi, en):
    assert (period.label(), period.label("en"), str(period)) == (vi, en, vi)
    assert parse_period(vi) == parse_period(en) == period


def test_previous_and_same_period_last_year():
    assert previous("Quý I/2023") == Period.of_quarter("2022-Q4")
    assert same_period_last_year("Quý I/2023") == Period.of_quarter("2022-Q1")
    for kind in ("half", "nine_months", "year"):  # once a year: the previous one is last year's
        assert previous(Period.of(kind, 2023)) == same_period_last_year(Period.of(kind, 2023)) == Period.of(kind, 2022)
    assert previous("nhiệm kỳ 2025-2030") == Period("term", "2020-Q4", "2025-Q3")
    with pytest.raises(ValueError, match="previous term"):
        same_period_last_year("nhiệm kỳ 2020-2025")


def test_terms_tile_the_quarters():
    assert (TERM_YEARS, TERM_FIRST_QUARTER, TERM_LAST_QUARTER) == (5, 4, 3)
    term = parse_period("nhiệm kỳ 2020-2025")
    assert len(quarter_range(*term.quarters)) == 20
    assert shift_quarter(previous(term).last, 1) == term.first  # no gap, no overlap
    assert term_of("2020-Q3") == previous(term) and term_of("2020-Q4") == term_of("2025-Q3") == term
    assert term_of("Quý IV/2025") == parse_period("2025-2030")


def test_a_period_checks_its_shape():
    with pytest.raises(ValueError):
        Period("half", "2023-Q2", "2023-Q3")
    with pytest.raises(ValueError):
        Period("term", "2021-Q4", "2026-Q3")
    with pytest.raises(ValueError):
        Period("month", "2023-Q1", "2023-Q1")
    with pytest.raises(ValueError):
        Period.of("quarter", 2023)


def test_labels_and_arithmetic():
    assert quarter_label("2023-Q2") == "Quý II/2023"
    assert quarter_label("2023-Q4", "en") == "Q4 2023"
    assert shift_quarter("2023-Q1", -1) == "2022-Q4"
    assert shift_quarter("2023-Q1", -4) == "2022-Q1"
    assert quarter_range("2022-Q4", "2023-Q2") == ["2022-Q4", "2023-Q1", "2023-Q2"]
    assert quarter_range("2023-Q2", "2023-Q1") == []
