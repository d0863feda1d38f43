"""quarterly_activity against hand-computed numbers, every filter, comparisons, edge cases."""

import pandas as pd
import pytest

from dashboard.transforms import quarterly_activity
from tests.conftest import make_tables
from tests.transforms.fixtures import A, B, tables


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


def test_each_unit_is_compared_from_its_own_first_quarter():
    # B's data starts in 2023-Q2 (D1, 25): against the empty quarters before it there is no
    # comparison (not "+25 against 0"); after it, a quarter without conferences is a real 0.
    out = quarterly_activity(tables(), by="unit").set_index(["quarter", "unit"])
    for column in ("attendees_vs_prev", "attendees_vs_year", "conferences_vs_prev", "conferences_vs_year"):
        assert pd.isna(out.loc[("2023-Q2", B), column])
    assert out.loc[("2023-Q3", B), ["conferences_vs_prev", "attendees_vs_prev"]].tolist() == [-1, -25]
    assert pd.isna(out.loc[("2023-Q3", B), "attendees_vs_year"])  # 2022-Q3 is before B's start
    # A started in 2022-Q2 (C0, 6): its 2023-Q2 (52) compares with that.
    assert out.loc[("2023-Q2", A), "attendees_vs_year"] == 46


def test_a_unit_filter_compares_from_that_units_start():
    out = by_quarter(quarterly_activity(tables(), unit="Đảng uỷ phường B", quarters=("2023-Q2", "2024-Q2")))
    assert pd.isna(out.loc["2023-Q2", "attendees_vs_prev"]) and pd.isna(out.loc["2023-Q2", "attendees_vs_year"])
    assert out.loc["2024-Q2", ["attendees", "attendees_vs_year", "attendees_vs_year_pct"]].tolist() == [0, -25, -1]


def test_totals_of_several_units_compare_as_totals_from_the_earliest_start():
    # The whole store (A from 2022-Q2, B from 2023-Q2): 2023-Q2 has 3 conferences and 77 visits
    # against 1 and 6 in 2022-Q2 (A alone then); 2023-Q1 is compared with 2022-Q1, before any data.
    for out in (quarterly_activity(tables()), quarterly_activity(tables(), unit=[A, B])):
        out = by_quarter(out)
        assert out.loc["2023-Q2", ["conferences_vs_year", "attendees_vs_year"]].tolist() == [2, 71]
        assert out.loc["2023-Q2", "attendees_vs_year_pct"] == pytest.approx(71 / 6)
        assert pd.isna(out.loc["2023-Q1", "attendees_vs_year"])


def test_kind_filter_compares_with_real_zeros_after_the_units_start():
    # A's first study conference is C2 (2023-Q2, 21 visits); A's data starts in 2022-Q2 with a
    # briefing, so 2022-Q2 and 2023-Q1 held 0 study conferences: +1 conference, +21 visits.
    out = by_quarter(quarterly_activity(tables(), unit=A, kind="Học tập, quán triệt"))
    assert list(out.index) == ["2023-Q2"]
    assert out.loc["2023-Q2", ["conferences", "attendees", "conferences_vs_prev", "conferences_vs_year",
                               "attendees_vs_year"]].tolist() == [1, 21, 1, 1, 21]
    assert pd.isna(out.loc["2023-Q2", "attendees_vs_year_pct"])  # relative change against 0


def test_period_replaces_quarters():
    half = quarterly_activity(tables(), unit=A, period="6 tháng đầu năm 2023")
    pd.testing.assert_frame_equal(half, quarterly_activity(tables(), unit=A, quarters=("2023-Q1", "2023-Q2")))
    assert list(half["quarter"]) == ["2023-Q1", "2023-Q2"]
    with pytest.raises(ValueError, match="not both"):
        quarterly_activity(tables(), period="năm 2023", quarters=("2023-Q1", None))


def test_bad_by_is_an_error():
    with pytest.raises(ValueError, match="by must be"):
        quarterly_activity(tables(), by="speaker")


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
