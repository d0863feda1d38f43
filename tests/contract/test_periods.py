"""Dates (day first, impossible dates refused) and quarters (2023-Q2 ⇄ Quý II/2023)."""

import pandas as pd
import pytest

from dashboard.contract.periods import (parse_dates, parse_quarter, quarter_label, quarter_of, quarter_range,
                                        shift_quarter)


def test_parse_dates_day_first_and_iso():
    parsed = parse_dates(pd.Series(["27/4/2023", "27/04/2023", "2023-04-27", "27-04-2023", "31/02/2023", "x", None]))
    assert list(parsed[:4]) == [pd.Timestamp("2023-04-27")] * 4
    assert parsed[4:].isna().all()


def test_quarter_of():
    assert list(quarter_of(pd.Series(pd.to_datetime(["2023-04-27", "2023-12-31"])))) == ["2023-Q2", "2023-Q4"]


@pytest.mark.parametrize("text", ["2023-Q2", "Quý II/2023", "quý 2-2023", "Quý II năm 2023", "II/2023", "quy 2/2023"])
def test_parse_quarter(text):
    assert parse_quarter(text) == "2023-Q2"


def test_parse_quarter_refuses_junk():
    with pytest.raises(ValueError):
        parse_quarter("next year")


def test_labels_and_arithmetic():
    assert quarter_label("2023-Q2") == "Quý II/2023"
    assert quarter_label("2023-Q4", "en") == "Q4 2023"
    assert shift_quarter("2023-Q1", -1) == "2022-Q4"
    assert shift_quarter("2023-Q1", -4) == "2022-Q1"
    assert quarter_range("2022-Q4", "2023-Q2") == ["2022-Q4", "2023-Q1", "2023-Q2"]
    assert quarter_range("2023-Q2", "2023-Q1") == []
