"""Units over time (``fixtures.merger``): a successor's results include its predecessors' history, labelled and
switchable off; a committee above sees its units rolled up through ``Trực thuộc`` as of each date; "missed" only
where the organisation existed; no registry counted twice. Every number by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.transforms.filters import unit_scope
from tests.transforms import fixtures
from tests.transforms.fixtures import CITY, DISTRICT, NEW, OLD, SIDE


@pytest.fixture
def t():
    return fixtures.merger()


def ids(frame) -> list[str]:
    return sorted(frame["conference_id"].astype(str))


def test_a_successor_includes_its_predecessor_labelled(t):
    f = apply_filters(t, unit=NEW)
    labels = dict(zip(f.conferences["conference_id"].astype(str), f.conferences["predecessor"]))
    assert labels.keys() == {"O1", "O2", "N1", "N2"}
    assert labels["O1"] == labels["O2"] == OLD and pd.isna(labels["N1"]) and pd.isna(labels["N2"])
    came_from = f.attendance.assign(c=f.attendance["conference_id"].astype(str)).set_index("c")["predecessor"]
    assert (came_from[["O1", "O2"]] == OLD).all() and came_from[["N1", "N2"]].isna().all()
    assert set(f.conference_documents["predecessor"].dropna()) == {OLD}


def test_predecessors_switch_off(t):
    f = apply_filters(t, unit=NEW, include_predecessors=False)
    assert ids(f.conferences) == ["N1", "N2"] and f.conferences["predecessor"].isna().all()
    assert set(f.attendance["unit"].astype(str)) == {NEW}


def test_a_predecessor_alone_is_just_itself(t):
    assert ids(apply_filters(t, unit=OLD).conferences) == ["O1", "O2"]


@pytest.mark.parametrize("unit, expected", [
    (DISTRICT, ["O1", "O2", "R1"]),  # Cũ and Bên while under the district (until 30/6/2025), not Bên's R2
    (CITY, ["N1", "N2", "O1", "O2", "R1", "R2"]),  # Cũ through the district; Mới and Bên directly after 1/7/2025
    (SIDE, ["R1", "R2"]),
])
def test_committees_above_roll_up_as_of_each_date(t, unit, expected):
    assert ids(apply_filters(t, unit=unit).conferences) == expected
    assert ids(apply_filters(t, unit=unit, include_predecessors=False).conferences) == expected


def test_unit_scope_says_which_days(t):
    scope = unit_scope(t, DISTRICT).sort_values("unit").reset_index(drop=True)
    assert scope["unit"].tolist() == [DISTRICT, SIDE, OLD]  # the district itself first, holding no data here
    below = scope[scope["unit"] != DISTRICT]
    assert (below["end"] == pd.Timestamp("2025-07-01")).all()  # exclusive: 30/6/2025 is the last day
    assert unit_scope(t, None) is None
    with pytest.raises(ValueError, match="không có đơn vị"):
        unit_scope(t, "Đảng bộ quận Không Có")


def test_quarterly_activity_across_the_merger(t):
    """Q3/2025 of the new ward (N1: 12 + 6 = 18) against Q3/2024 of the ward it absorbed (O1: 15): +3."""
    with_old = quarterly_activity(t, unit=NEW).set_index("quarter")
    assert with_old.loc["2025-Q3", ["conferences", "attendees"]].tolist() == [1, 18]
    assert with_old.loc["2024-Q3", ["conferences", "attendees"]].tolist() == [1, 15]
    assert with_old.loc["2025-Q3", "attendees_vs_year"] == 3 and with_old.loc["2025-Q2", "attendees"] == 27
    alone = quarterly_activity(t, unit=NEW, include_predecessors=False).set_index("quarter")
    assert alone.index.tolist() == ["2025-Q3", "2025-Q4"]
    assert pd.isna(alone.loc["2025-Q3", "attendees_vs_year"])  # its data starts in 2025-Q3


def test_missed_only_where_the_organisation_existed(t):
    gaps = coverage_gaps(t, unit=NEW)
    missed = gaps[gaps["missed"]]
    assert sorted(zip(missed["quarter"], missed["unit"], missed["organization"])) == [
        ("2024-Q3", OLD, "P2"), ("2025-Q3", NEW, "P2"), ("2025-Q4", NEW, "P1"), ("2025-Q4", NEW, "P2")]
    # Each former cell is one row a quarter: the predecessor's before the merger, the successor's after.
    assert (gaps[gaps["organization"] == "P1"].groupby("quarter").size() == 1).all()
    units = gaps.groupby("quarter")["unit"].agg(lambda u: sorted(set(u)))
    assert units["2025-Q2"] == [OLD] and units["2025-Q3"] == [NEW]
    assert (gaps.loc[gaps["unit"] == OLD, "predecessor"] == OLD).all() and gaps.loc[gaps["unit"] == NEW,
                                                                                     "predecessor"].isna().all()
    # Quarters without a conference of the unit miss nobody; the organisations are still listed.
    quiet = gaps[gaps["quarter"] == "2024-Q4"]
    assert sorted(quiet["organization"]) == ["P1", "P2", "ĐU Cũ"] and not quiet["missed"].any()


def test_missed_without_predecessors(t):
    gaps = coverage_gaps(t, unit=NEW, include_predecessors=False)
    assert sorted(gaps["quarter"].unique()) == ["2025-Q3", "2025-Q4"] and set(gaps["unit"]) == {NEW}
    assert gaps["missed"].sum() == 3


def test_a_cell_that_studied_before_the_merger_is_not_missed_after_it(t):
    """57-NQ/TW: P1 and P2 studied it in Cũ (O2), S3 in Mới (N2). Listed once, as Mới's cells today."""
    gaps = coverage_gaps(t, unit=NEW, per="document").set_index("organization")
    assert sorted(gaps.index) == ["P1", "P2", "S3", "ĐU Mới"] and set(gaps["unit"]) == {NEW}
    assert gaps.loc[["P1", "P2", "S3"], "attendees"].tolist() == [18, 9, 8]
    assert not gaps["missed"].any() and (gaps["unit_conferences"] == 2).all()
    alone = coverage_gaps(t, unit=NEW, per="document", include_predecessors=False).set_index("organization")
    assert alone.loc[["P1", "P2"], "missed"].all() and not alone.loc["S3", "missed"]


def test_registry_in_force_at_the_end_of_the_range_is_never_both(t):
    assert sorted(apply_filters(t, unit=NEW).organizations["organization"].astype(str)) == ["P1", "P2", "S3", "ĐU Mới"]
    in_2024 = apply_filters(t, unit=NEW, period="năm 2024").organizations
    assert sorted(in_2024["organization"].astype(str)) == ["P1", "P2", "ĐU Cũ"] and set(in_2024["unit"]) == {OLD}


@pytest.mark.parametrize("compute", [
    quarterly_activity, attendee_mix, topic_coverage, coverage_gaps,
    lambda t, **f: coverage_gaps(t, per="document", **f), lambda t, **f: quarterly_activity(t, by="unit", **f),
])
def test_every_transform_takes_the_switch(t, compute):
    with_old, alone = compute(t, unit=NEW), compute(t, unit=NEW, include_predecessors=False)
    assert isinstance(alone, pd.DataFrame) and len(alone) <= len(with_old)
    # A unit without predecessors: the switch changes nothing.
    pd.testing.assert_frame_equal(compute(t, unit=SIDE), compute(t, unit=SIDE, include_predecessors=False))
