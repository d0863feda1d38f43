"""The per-version joins: shared categorical keys, unit slices equal to plain filtering (any spelling,
period= as its quarter range), text results."""

from __future__ import annotations

import pandas as pd
import pytest

import unicodedata

from dashboard.figures.tables import VIEWS
from dashboard.store import load
from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.transforms.filters import prepared
from dashboard.transforms.registry import registry_at
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
    for chosen in ([units[0]], [units[1]], [units[1], units[0], units[1]], units):
        f = apply_filters(hand_tables, unit=chosen)
        for name, got in (("attendance", f.attendance), ("conferences", f.conferences),
                          ("organizations", f.organizations)):
            original = hand_tables[name]
            expected = original[original["unit"].isin(chosen)]
            assert len(got) == len(expected), (name, chosen)
            assert sorted(got["unit"].astype(str)) == sorted(expected["unit"]), (name, chosen)


def test_unit_slices_take_any_spelling_and_refuse_unknown_units(hand_tables):
    unit = sorted(hand_tables.units)[0]  # "Đảng ủy phường A"
    exact = apply_filters(hand_tables, unit=unit)
    for spelling in ("Đảng uỷ phường A", unicodedata.normalize("NFD", unit), "  đảng ủy   PHƯỜNG a "):
        f = apply_filters(hand_tables, unit=spelling)
        for name in ("attendance", "conferences", "organizations", "conference_documents"):
            assert sorted(getattr(f, name).index) == sorted(getattr(exact, name).index), (name, spelling)
    with pytest.raises(ValueError, match="Đảng ủy không có.*Đảng ủy phường"):
        apply_filters(hand_tables, unit=["Đảng ủy không có"])


@pytest.mark.parametrize("period, quarters", [
    ("6 tháng đầu năm 2023", ("2023-Q1", "2023-Q2")), ("Quý IV/2023", ("2023-Q4", "2023-Q4")),
    ("năm 2022", ("2022-Q1", "2022-Q4")), ("nhiệm kỳ 2020–2025", ("2020-Q4", "2025-Q3")),
])
@pytest.mark.parametrize("units", [None, ["Đảng ủy phường A"], ["Đảng ủy phường B", "Đảng ủy phường A"]])
def test_period_filters_exactly_like_its_quarter_range(hand_tables, period, quarters, units):
    by_period = apply_filters(hand_tables, unit=units, period=period, kind=["thong_tin_thoi_su", "hoc_tap_quan_triet"])
    by_range = apply_filters(hand_tables, unit=units, quarters=quarters, kind=["thong_tin_thoi_su", "hoc_tap_quan_triet"])
    assert by_period.quarters == by_range.quarters == quarters
    for name in ("attendance", "conferences", "organizations", "conference_documents"):
        pd.testing.assert_frame_equal(getattr(by_period, name), getattr(by_range, name))


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


# --- Units over time: the prepared path against plain filtering, day by day -----------------------------------

def _plain_selected(tables, unit: str, include_predecessors: bool, unit_name: str, day: pd.Timestamp) -> bool:
    """Whether a row of ``unit_name`` dated ``day`` belongs to the filter ``unit``, read off the units table."""
    history = tables.unit_history
    end = {u: (rows["valid_to"].max() if rows["valid_to"].notna().all() else pd.Timestamp.max)
           for u, rows in history.groupby("unit")}

    def under(name: str, target: str, depth: int = 0) -> bool:
        if name == target:
            return True
        rows = history[(history["unit"] == name) & (history["valid_from"].isna() | (history["valid_from"] <= day))
                       & (history["valid_to"].isna() | (history["valid_to"] >= day))]
        return depth < 10 and any(under(p, target, depth + 1) for p in rows["parent"].dropna())

    roots = {unit}
    while include_predecessors:
        more = set(history.loc[history["merged_into"].isin(roots), "unit"]) - roots
        if not more:
            break
        roots |= more
    return any(under(unit_name, root) and (root == unit or day <= end[root]) for root in roots)


@pytest.mark.parametrize("include", [True, False])
@pytest.mark.parametrize("unit", [fixtures.NEW, fixtures.OLD, fixtures.SIDE, fixtures.DISTRICT, fixtures.CITY])
def test_unit_slices_over_time_equal_plain_filtering(unit, include):
    tables = fixtures.merger()
    f = apply_filters(tables, unit=unit, include_predecessors=include)
    conferences = tables.conferences
    chosen = [_plain_selected(tables, unit, include, u, d) for u, d in zip(conferences["unit"], conferences["date"])]
    expected = set(zip(conferences.loc[chosen, "unit"], conferences.loc[chosen, "conference_id"]))
    assert set(zip(f.conferences["unit"].astype(str), f.conferences["conference_id"].astype(str))) == expected
    rows = tables.attendance[[k in expected for k in zip(tables.attendance["unit"], tables.attendance["conference_id"])]]
    got = f.attendance[["unit", "conference_id", "organization", "attendees"]].astype({"unit": str, "conference_id": str,
                                                                                        "organization": str})
    assert sorted(got.itertuples(index=False, name=None)) == sorted(
        rows[["unit", "conference_id", "organization", "attendees"]].itertuples(index=False, name=None))
    shown = max(conferences.loc[chosen, "quarter"])  # without a range: the end of the last quarter shown
    last_day = {"2024-Q3": "2024-09-30", "2025-Q2": "2025-06-30", "2025-Q3": "2025-09-30", "2025-Q4": "2025-12-31"}
    for period, day in ((None, last_day[shown]), ("năm 2024", "2024-12-31"), ("Quý III/2025", "2025-09-30")):
        in_force = registry_at(tables.organizations, day, tables.unit_history)
        in_force = in_force[[_plain_selected(tables, unit, include, u, pd.Timestamp(day)) for u in in_force["unit"]]]
        got = apply_filters(tables, unit=unit, include_predecessors=include, period=period).organizations
        assert sorted(zip(got["unit"].astype(str), got["organization"].astype(str), got["party_members"])) == sorted(
            zip(in_force["unit"], in_force["organization"], in_force["party_members"])), period
