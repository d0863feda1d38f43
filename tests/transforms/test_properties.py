"""Properties on random stores of one to three units: totals conserved across groupings and across units, shares
sum to 1, rates ≤ 1, the "missed" and comparison rules, period= equal to its quarter range.

The units share organisation names and conference ids (the stored keys include the unit), so a join that forgets
the unit mixes them up and a property below breaks."""

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.contract.vocab import KIND_CODES, ORG_TYPE_CODES
from dashboard.transforms import attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from tests.conftest import make_tables

UNITS = ("Đảng ủy phường P", "Đảng ủy phường Q", "Đảng ủy xã R")
METRICS = ["conferences", "attendees", "party_members_attending", "organizations_reached"]
# What a document's row adds up from its units' rows (the denominators are each unit's whole registry, so not).
ADDITIVE = ["conferences", "attendees", "study_sessions", "dissemination_links", "organizations_reached",
            "cells_reached", "cells_studied", "party_members_studied"]
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_unit(draw, unit: str):
    n_orgs = draw(st.integers(1, 5))
    orgs = []
    for i in range(n_orgs):
        party = draw(st.none() | st.integers(0, 60))
        orgs.append(dict(unit=unit, organization=f"O{i}", org_type=draw(st.sampled_from(ORG_TYPE_CODES)),
                         members=None if party is None else party + draw(st.integers(0, 40)), party_members=party,
                         exempt_members=None if party is None else draw(st.integers(0, party))))
    conferences, attendance, links = [], [], []
    for c in range(draw(st.integers(0, 6))):
        day = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 729)))
        docs = draw(st.lists(st.sampled_from(["35-NQ/TW", "85-QĐ/TW", "05-CT/TW"]), unique=True, max_size=2))
        conferences.append(dict(unit=unit, conference_id=f"C{c}", date=day.isoformat(), title="t", organizer="O0",
                                kind=draw(st.sampled_from(KIND_CODES)), documents="; ".join(docs) or None))
        links += [dict(unit=unit, conference_id=f"C{c}", document=d, raw=d, code=d, status="resolved",
                       role=draw(st.sampled_from(["studied", "disseminated"]))) for d in docs]
        for org in draw(st.lists(st.sampled_from([o["organization"] for o in orgs]), unique=True)):
            attendees = draw(st.integers(0, 80))
            attendance.append(dict(unit=unit, conference_id=f"C{c}", organization=org, attendees=attendees,
                                   party_members=draw(st.none() | st.integers(0, attendees))))
    return orgs, conferences, attendance, links


@st.composite
def stores(draw):
    """One to three units, each with its own registry, conferences, attendance and document links."""
    parts = [one_unit(draw, unit) for unit in UNITS[:draw(st.integers(1, len(UNITS)))]]
    orgs, conferences, attendance, links = ([row for part in parts for row in part[i]] for i in range(4))
    return make_tables(organizations=orgs, conferences=conferences, attendance=attendance, conference_documents=links)


def units_with_conferences(tables) -> list[str]:
    return sorted(set(tables.conferences["unit"].astype(str)))


def rows_per(tables, keys=("quarter",)):
    joined = tables.attendance.merge(tables.conferences[["unit", "conference_id", "quarter"]])
    return joined.groupby(list(keys))["attendees"].sum()


@PROPERTY
@given(stores())
def test_totals_are_conserved_across_groupings_and_units(tables):
    expected = rows_per(tables)
    by_type = attendee_mix(tables).groupby("quarter")["attendees"].sum()
    by_org = attendee_mix(tables, by="organization")
    gaps = coverage_gaps(tables)
    pd.testing.assert_series_equal(by_type, expected, check_names=False, check_dtype=False)
    pd.testing.assert_series_equal(by_org.groupby("quarter")["attendees"].sum(), expected, check_names=False,
                                   check_dtype=False)
    # Per unit and quarter too: an organisation's rows stay with its own unit.
    per_unit = rows_per(tables, ("unit", "quarter"))
    pd.testing.assert_series_equal(by_org.groupby(["unit", "quarter"])["attendees"].sum(), per_unit,
                                   check_names=False, check_dtype=False, check_index_type=False)
    assert (gaps.groupby(["unit", "quarter"])["attendees"].sum().reindex(per_unit.index).fillna(0) == per_unit).all()
    activity = quarterly_activity(tables).set_index("quarter")
    # Conferences without rows and without a total count 0, so activity equals the rows.
    assert (activity["attendees"].reindex(expected.index) == expected).all()
    assert activity["attendees"].drop(expected.index).eq(0).all()
    # The whole store is the sum of its units, in every metric, quarter by quarter.
    by_unit = quarterly_activity(tables, by="unit")
    summed = by_unit.groupby("quarter")[METRICS].sum().reindex(activity.index, fill_value=0)
    pd.testing.assert_frame_equal(summed, activity[METRICS], check_dtype=False)
    # One unit alone: its row of the by-unit table, changes included, and its own attendance rows.
    by_unit = by_unit.set_index(["unit", "quarter"])
    for unit in units_with_conferences(tables):
        alone = quarterly_activity(tables, unit=unit).set_index("quarter")
        assert len(alone)
        pd.testing.assert_frame_equal(alone, by_unit.loc[unit].loc[alone.index, alone.columns], check_dtype=False,
                                      check_names=False)
        mix = attendee_mix(tables, unit=unit).groupby("quarter")["attendees"].sum()
        mine = per_unit.loc[unit] if unit in per_unit.index.get_level_values("unit") else mix.iloc[:0]
        pd.testing.assert_series_equal(mix, mine, check_names=False, check_dtype=False, check_index_type=False)


@PROPERTY
@given(stores())
def test_shares_sum_to_one_rates_stay_at_most_one_and_units_add_up(tables):
    whole = None
    parts = []
    for unit in [None, *units_with_conferences(tables)]:
        mix = attendee_mix(tables, unit=unit)
        totals = mix.groupby("quarter")["attendees"].sum()
        shares = mix.groupby("quarter")["share"].sum()
        for quarter, total in totals.items():
            if total > 0:
                assert shares[quarter] == pytest.approx(1)
        coverage = topic_coverage(tables, unit=unit)
        assert (coverage["study_rate"].dropna() <= 1).all()
        assert (coverage["party_members_studied"] <= coverage["party_members_total"]).all()
        # A rate exactly where a study session and a denominator exist.
        assert (coverage["study_rate"].isna() == ((coverage["study_sessions"] == 0)
                                                  | (coverage["party_members_total"] == 0))).all()
        assert (coverage["study_sessions"] + coverage["dissemination_links"] == coverage["conferences"]).all()
        assert (coverage["cells_studied"] <= coverage["cells_reached"]).all()
        assert (coverage["cells_reached"] <= coverage["cells_registered"]).all()
        counts = coverage.set_index("document")[ADDITIVE]
        if unit is None:
            whole = counts
        else:
            parts.append(counts)
    # A document's counts are the sum of its units' (its denominators are not: each unit has its own registry).
    summed = (pd.concat(parts).groupby(level=0).sum() if parts else whole.iloc[:0]).reindex(whole.index, fill_value=0)
    pd.testing.assert_frame_equal(summed, whole, check_dtype=False, check_names=False)


@settings(PROPERTY, max_examples=25)
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


@settings(PROPERTY, max_examples=25)
@given(stores(), st.integers(2022, 2023))
def test_missed_and_comparisons_follow_their_rules(tables, year):
    gaps = coverage_gaps(tables)
    held = tables.conferences.groupby(["unit", "quarter"]).size()
    expected_held = pd.Series(list(zip(gaps["unit"], gaps["quarter"])), index=gaps.index).map(held).fillna(0)
    assert (gaps["unit_conferences"] == expected_held).all()  # its own unit's conferences, not the others'
    assert (gaps["missed"] == ((gaps["attendees"] == 0) & (gaps["unit_conferences"] > 0) & ~gaps["committee"])).all()
    assert not gaps.loc[gaps["org_type"] == "dang_uy", "missed"].any()
    activity = quarterly_activity(tables)
    if len(activity):  # the store's first quarter compares with nothing, every later one with the quarter before
        assert activity[["conferences_vs_prev", "conferences_vs_year"]].iloc[0].isna().all()
        assert (activity["conferences"].diff().iloc[1:] == activity["conferences_vs_prev"].iloc[1:]).all()
    # By unit, each unit from its own first quarter: nothing before it is compared with.
    by_unit = quarterly_activity(tables, by="unit")
    starts = tables.conferences.groupby("unit")["quarter"].min()
    for unit, rows in by_unit.groupby("unit"):
        rows = rows.reset_index(drop=True)
        later = rows["quarter"] > starts[unit]
        assert rows.loc[~later, "conferences_vs_prev"].isna().all()
        previous = rows["conferences"].shift(1)
        assert (rows.loc[later, "conferences_vs_prev"] == (rows["conferences"] - previous)[later]).all()
    by_period = attendee_mix(tables, period=f"năm {year}")
    pd.testing.assert_frame_equal(by_period, attendee_mix(tables, quarters=(f"{year}-Q1", f"{year}-Q4")))
