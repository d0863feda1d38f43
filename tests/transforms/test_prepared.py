"""The per-version joins: shared categorical keys, unit slices equal to plain filtering, text results."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.tables import VIEWS
from dashboard.store import load
from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.transforms.filters import prepared
from tests.transforms import fixtures


@pytest.fixture
def hand_tables():
    return fixtures.tables()


@pytest.fixture(scope="module")
def sample(sample_store_ro):
    return load(sample_store_ro)


def test_every_frame_shares_one_category_set_per_key(sample):
    prep = prepared(sample)
    frames = [prep.conferences, prep.attendance, prep.links, prep.organizations]
    for column in ("unit", "conference_id", "organization", "kind", "org_type", "document"):
        dtypes = {str(f[column].dtype.categories.tolist()) for f in frames if column in f}
        assert len(dtypes) == 1, column
    assert prepared(sample) is prep, "made once per loaded version"


def test_unit_slices_select_exactly_the_units_rows(hand_tables):
    units = sorted(hand_tables.units)
    assert len(units) >= 2
    for chosen in ([units[0]], [units[1]], [units[1], units[0], units[1]], ["Đảng ủy không có"], units):
        f = apply_filters(hand_tables, unit=chosen)
        for name, got in (("attendance", f.attendance), ("conferences", f.conferences),
                          ("organizations", f.organizations)):
            original = hand_tables[name]
            expected = original[original["unit"].isin(chosen)]
            assert len(got) == len(expected), (name, chosen)
            assert sorted(got["unit"].astype(str)) == sorted(expected["unit"]), (name, chosen)


def test_unit_slices_combine_with_the_other_filters(hand_tables):
    unit = sorted(hand_tables.units)[0]
    both = apply_filters(hand_tables, unit=[unit], kind=["hoc_tap_quan_triet", "thong_tin_thoi_su"],
                         quarters=("2023-Q2", "2024-Q4"))
    every = apply_filters(hand_tables, kind=["hoc_tap_quan_triet", "thong_tin_thoi_su"],
                          quarters=("2023-Q2", "2024-Q4"))
    expected = every.attendance[every.attendance["unit"] == unit]
    assert sorted(both.attendance["conf"]) == sorted(expected["conf"])
    assert set(both.conferences["conf"]) == set(every.conferences.loc[every.conferences["unit"] == unit, "conf"])


@pytest.mark.parametrize("compute", [
    quarterly_activity, attendee_mix, topic_coverage, coverage_gaps,
    lambda t, **f: quarterly_activity(t, by="kind", **f), lambda t, **f: quarterly_activity(t, by="unit", **f),
    lambda t, **f: attendee_mix(t, by="organization", **f), lambda t, **f: topic_coverage(t, by="topic", **f),
    lambda t, **f: coverage_gaps(t, per="document", **f),
    *[view.compute for view in VIEWS.values()],
])
def test_results_are_text_never_categories(hand_tables, compute):
    for filters in ({}, {"unit": sorted(hand_tables.units)[:1]}, {"kind": ["hoc_tap_quan_triet"]}):
        result = compute(hand_tables, **filters)
        frames = [part for part in (result if isinstance(result, tuple) else (result,)) if isinstance(part, pd.DataFrame)]
        for frame in frames:
            categorical = [c for c, d in frame.dtypes.items() if isinstance(d, pd.CategoricalDtype)]
            assert not categorical, categorical
            assert "conf" not in frame, "the internal conference number stays inside"
