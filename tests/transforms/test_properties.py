"""Properties on random stores: totals conserved across groupings, shares sum to 1, rates ≤ 1, the "missed" and
comparison rules, period= equal to its quarter range."""

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.contract.vocab import KIND_CODES, ORG_TYPE_CODES
from dashboard.transforms import attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from tests.conftest import make_tables

UNIT = "Đảng ủy phường P"


@st.composite
def stores(draw):
    n_orgs = draw(st.integers(1, 6))
    orgs = []
    for i in range(n_orgs):
        party = draw(st.none() | st.integers(0, 60))
        orgs.append(dict(unit=UNIT, organization=f"O{i}", org_type=draw(st.sampled_from(ORG_TYPE_CODES)),
                         members=None if party is None else party + draw(st.integers(0, 40)), party_members=party,
                         exempt_members=None if party is None else draw(st.integers(0, party))))
    conferences, attendance, links = [], [], []
    for c in range(draw(st.integers(0, 8))):
        day = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 729)))
        docs = draw(st.lists(st.sampled_from(["35-NQ/TW", "85-QĐ/TW", "05-CT/TW"]), unique=True, max_size=2))
        conferences.append(dict(unit=UNIT, conference_id=f"C{c}", date=day.isoformat(), title="t", organizer="O0",
                                kind=draw(st.sampled_from(KIND_CODES)), documents="; ".join(docs) or None))
        links += [dict(unit=UNIT, conference_id=f"C{c}", document=d, raw=d, code=d, status="resolved",
                       role=draw(st.sampled_from(["studied", "disseminated"]))) for d in docs]
        for org in draw(st.lists(st.sampled_from([o["organization"] for o in orgs]), unique=True)):
            attendees = draw(st.integers(0, 80))
            attendance.append(dict(unit=UNIT, conference_id=f"C{c}", organization=org, attendees=attendees,
                                   party_members=draw(st.none() | st.integers(0, attendees))))
    return make_tables(organizations=orgs, conferences=conferences, attendance=attendance, conference_documents=links)


def rows_per_quarter(tables):
    joined = tables.attendance.merge(tables.conferences[["unit", "conference_id", "quarter"]])
    return joined.groupby("quarter")["attendees"].sum()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores())
def test_totals_are_conserved_across_groupings(tables):
    expected = rows_per_quarter(tables)
    by_type = attendee_mix(tables).groupby("quarter")["attendees"].sum()
    by_org = attendee_mix(tables, by="organization").groupby("quarter")["attendees"].sum()
    gaps = coverage_gaps(tables).groupby("quarter")["attendees"].sum()
    pd.testing.assert_series_equal(by_type, expected, check_names=False, check_dtype=False)
    pd.testing.assert_series_equal(by_org, expected, check_names=False, check_dtype=False)
    activity = quarterly_activity(tables).set_index("quarter")["attendees"]
    with_rows = set(tables.attendance["conference_id"])
    # Conferences without rows and without a total count 0, so activity equals the rows.
    assert (activity.reindex(expected.index) == expected).all()
    assert activity.drop(expected.index).eq(0).all() or not len(set(tables.conferences["conference_id"]) - with_rows)
    assert (gaps.reindex(expected.index).fillna(0) == expected).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores())
def test_shares_sum_to_one_and_rates_stay_at_most_one(tables):
    mix = attendee_mix(tables)
    totals = mix.groupby("quarter")["attendees"].sum()
    shares = mix.groupby("quarter")["share"].sum()
    for quarter, total in totals.items():
        if total > 0:
            assert shares[quarter] == pytest.approx(1)
    coverage = topic_coverage(tables)
    assert (coverage["study_rate"].dropna() <= 1).all()
    assert (coverage["party_members_studied"] <= coverage["party_members_total"]).all()
    # A rate exactly where a study session and a denominator exist.
    assert (coverage["study_rate"].isna() == ((coverage["study_sessions"] == 0)
                                              | (coverage["party_members_total"] == 0))).all()
    assert (coverage["study_sessions"] + coverage["dissemination_links"] == coverage["conferences"]).all()
    assert (coverage["cells_studied"] <= coverage["cells_reached"]).all()
    assert (coverage["cells_reached"] <= coverage["cells_registered"]).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores())
def test_dissemination_links_never_move_the_study_rate_and_document_filter_keeps_the_row(tables):
    coverage = topic_coverage(tables).set_index("document")
    studied_only = replace(tables, conference_documents=tables.conference_documents[
        tables.conference_documents["role"] == "studied"])
    without = topic_coverage(studied_only).set_index("document")
    pd.testing.assert_series_equal(without["party_members_studied"],
                                   coverage.loc[without.index, "party_members_studied"], check_names=False)
    for document in coverage.index:
        only = topic_coverage(tables, document=document)
        assert list(only["document"]) == [document]
        pd.testing.assert_series_equal(only.set_index("document").loc[document], coverage.loc[document])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores(), st.integers(2022, 2023))
def test_missed_and_comparisons_follow_their_rules(tables, year):
    gaps = coverage_gaps(tables)
    held = tables.conferences.groupby("quarter").size()
    assert (gaps["unit_conferences"] == gaps["quarter"].map(held).fillna(0)).all()
    assert (gaps["missed"] == ((gaps["attendees"] == 0) & (gaps["unit_conferences"] > 0) & ~gaps["committee"])).all()
    assert not gaps.loc[gaps["org_type"] == "dang_uy", "missed"].any()
    activity = quarterly_activity(tables)
    if len(activity):  # one unit: its first quarter compares with nothing, every later one with the quarter before
        assert activity[["conferences_vs_prev", "conferences_vs_year"]].iloc[0].isna().all()
        assert (activity["conferences"].diff().iloc[1:] == activity["conferences_vs_prev"].iloc[1:]).all()
    by_period = attendee_mix(tables, period=f"năm {year}")
    pd.testing.assert_frame_equal(by_period, attendee_mix(tables, quarters=(f"{year}-Q1", f"{year}-Q4")))
