"""The overview's KPIs: the quarter's study campaigns over their whole campaign, or why there is none."""

import pytest

from dashboard.transforms.kpis import overview_kpis
from dashboard.transforms import topic_coverage
from tests.transforms.fixtures import A, H, NQ57, campaign, tables


def study(store, **filters):
    quarter, kpis = overview_kpis(store, **filters)
    return quarter, kpis[-1]


def test_a_campaign_is_measured_across_quarters():
    # docs/metrics.md §3: the make-up session HS2 is in 2025-Q2, the main one in 2025-Q1.
    for quarter in ("2025-Q1", "2025-Q2"):
        shown, kpi = study(campaign(), unit=H, quarters=(quarter, quarter))
        assert shown == quarter and kpi.key == "kpi_study_rate" and kpi.is_rate
        (one,) = kpi.campaigns
        assert (one.document, one.studied, one.total, one.sessions, one.sessions_in_quarter) == (NQ57, 50, 54, 2, 1)
        assert (one.cells_below_target, one.cells_counted) == (1, 3)
        assert kpi.value == pytest.approx(50 / 54) and kpi.note == "Nghị quyết số 57-NQ/TW ngày 22/12/2024"
    # /topics for the same quarter counts that quarter's session only: the card says why they differ.
    q2 = topic_coverage(campaign(), quarters=("2025-Q2", "2025-Q2")).set_index("document")
    assert q2.loc[NQ57, "party_members_studied"] == 29


def test_a_quarter_without_a_study_session_says_so():
    _, kpi = study(campaign(), quarters=("2025-Q3", "2025-Q3"))  # the briefing HB2 disseminated 57-NQ/TW
    assert kpi.value is None and kpi.campaigns == () and kpi.message == "kpi_no_study_campaign"


def test_the_target_and_other_filters_are_kept():
    _, kpi = study(campaign(), quarters=("2025-Q2", "2025-Q2"), target=0.5)
    assert kpi.campaigns[0].cells_below_target == 0
    _, kpi = study(campaign(), quarters=("2025-Q2", "2025-Q2"), kind="thong_tin_thoi_su")
    assert kpi.message == "kpi_no_study_campaign"  # briefings only: nothing was studied
    _, kpi = study(campaign(), period="Quý II/2025")  # a period, not only a quarter range
    assert kpi.campaigns[0].document == NQ57


def test_several_campaigns_most_sessions_first():
    _, kpi = study(tables(), unit=A, quarters=("2023-Q2", "2023-Q2"))
    assert [c.document for c in kpi.campaigns] == ["35-NQ/TW", "85-QĐ/TW"]  # one session each: by name
    assert [round(c.rate, 4) for c in kpi.campaigns] == [round(18 / 26, 4)] * 2


def test_an_empty_store_has_no_quarter():
    from tests.conftest import make_tables

    assert overview_kpis(make_tables()) == (None, [])
