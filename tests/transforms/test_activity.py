"""quarterly_activity against hand-computed numbers, every filter, comparisons, edge cases."""

import pandas as pd
import pytest

from dashboard.transforms import quarterly_activity
from tests.conftest import make_tables
from tests.transforms.fixtures import A, tables


def by_quarter(frame):
    return frame.set_index("quarter")


def test_unit_a_every_quarter_with_zeros():
    out = by_quarter(quarterly_activity(tables(), unit=A))
    assert list(out.index) == ["2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]
    assert out.loc["2022-Q2", ["conferences", "attendees", "party_members_attending", "organizations_reached"]].tolist() == [1, 6, 6, 1]
    assert out.loc["2023-Q2", ["conferences", "attendees", "party_members_attending", "organizations_reached"]].tolist() == [2, 52, 47, 5]
    assert out.loc["2023-Q3", ["conferences", "attendees"]].tolist() == [0, 0]
    # A conference with a total but no attendance rows counts its total.
    assert out.loc["2023-Q4", ["conferences", "attendees", "organizations_reached"]].tolist() == [1, 50, 0]


def test_comparisons():
    out = by_quarter(quarterly_activity(tables(), unit=A))
    assert out.loc["2023-Q2", "conferences_vs_prev"] == 2
    assert pd.isna(out.loc["2023-Q2", "conferences_vs_prev_pct"])  # previous quarter had none
    assert out.loc["2023-Q2", "attendees_vs_year"] == 46
    assert out.loc["2023-Q2", "attendees_vs_year_pct"] == pytest.approx(46 / 6)
    assert pd.isna(out.loc["2022-Q2", "conferences_vs_prev"])  # before the first data
    assert pd.isna(out.loc["2022-Q4", "conferences_vs_year"])


def test_quarter_filter_keeps_comparisons_from_outside_the_range():
    out = by_quarter(quarterly_activity(tables(), unit=A, quarters=("Quý II/2023", "2023-Q4")))
    assert list(out.index) == ["2023-Q2", "2023-Q3", "2023-Q4"]
    assert out.loc["2023-Q2", "conferences_vs_year"] == 1


def test_all_units():
    out = by_quarter(quarterly_activity(tables()))
    assert out.loc["2023-Q2", ["conferences", "attendees"]].tolist() == [3, 77]


def test_kind_filter():
    out = by_quarter(quarterly_activity(tables(), unit=A, kind="thong_tin_thoi_su"))
    assert out.loc["2023-Q2", ["conferences", "attendees"]].tolist() == [1, 31]


def test_org_type_filter():
    out = by_quarter(quarterly_activity(tables(), unit=A, org_type=["chi_bo"]))
    assert out.loc["2023-Q2", ["conferences", "attendees", "organizations_reached"]].tolist() == [2, 35, 2]
    assert out.loc["2023-Q4", "attendees"] == 0


def test_document_filter_in_any_spelling():
    out = by_quarter(quarterly_activity(tables(), unit=A, document="Nghị quyết 35-NQ/TW"))
    assert out.loc["2023-Q2", "conferences"] == 2


def test_by_kind_and_by_unit():
    kinds = quarterly_activity(tables(), by="kind", unit=A, quarters=("2023-Q2", "2023-Q2"))
    assert dict(zip(kinds["kind"], kinds["conferences"])) == {"hoc_tap_quan_triet": 1, "so_ket_tong_ket": 0,
                                                               "thong_tin_thoi_su": 1}
    units = quarterly_activity(tables(), by="unit", quarters=("2023-Q2", "2023-Q2"))
    assert dict(zip(units["unit"], units["attendees"])) == {A: 52, "Đảng ủy phường B": 25}


def test_empty_store():
    assert quarterly_activity(make_tables()).empty
    assert "conferences_vs_prev" in quarterly_activity(make_tables()).columns


def test_does_not_modify_input():
    t = tables()
    before = {n: t[n].copy() for n in ("conferences", "attendance", "organizations")}
    quarterly_activity(t, unit=A, org_type="chi_bo")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(t[name], frame)


def test_bad_quarter_is_an_error():
    with pytest.raises(ValueError):
        quarterly_activity(tables(), quarters=("soon", None))
