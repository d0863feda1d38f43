"""Registry history (``registry_at``): the organisations and counts in force on a date, every rule by hand,
and the 2018 study rate that a 2024 registry must not move (the issue's 81,0 % → 52,0 %)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.transforms import apply_filters, topic_coverage
from dashboard.transforms.registry import carried_over, registry_at, registry_intervals
from tests.transforms import fixtures
from tests.transforms.fixtures import NEW, OLD, R, org

U = "Đảng ủy phường U"


def registry(*rows):
    """A stored-like registry from (name, party members, as_of, extra) rows of unit U."""
    frame = pd.DataFrame([dict(org(U, name, "chi_bo", pm, pm, 0), as_of=as_of, **extra) for name, pm, as_of, extra in rows])
    for column in ("as_of", "retired_from", "renamed_on"):
        frame[column] = pd.to_datetime(frame[column]) if column in frame else pd.NaT
    return frame


def counts_on(frame, day, **kwargs):
    found = registry_at(frame, day, **kwargs)
    return dict(zip(found["organization"], found["party_members"]))


# (rule, registry rows, day, expected {organisation: Party members} in force that day)
RULES = [
    ("a version holds from its as_of", [("A", 20, "2018-01-01", {}), ("A", 30, "2024-01-01", {})],
     "2023-12-31", {"A": 20}),
    ("the next version replaces it from its own as_of", [("A", 20, "2018-01-01", {}), ("A", 30, "2024-01-01", {})],
     "2024-01-01", {"A": 30}),
    ("before the unit's first as_of, its earliest registry", [("A", 20, "2018-01-01", {}), ("A", 30, "2024-01-01", {})],
     "2015-06-01", {"A": 20}),
    ("an organisation first listed later did not exist before", [("A", 20, "2018-01-01", {}), ("B", 9, "2024-01-01", {})],
     "2015-06-01", {"A": 20}),
    ("a missing as_of is since the beginning", [("A", 20, None, {}), ("A", 30, "2024-01-01", {})],
     "2001-01-01", {"A": 20}),
    ("retired: gone from that day", [("A", 20, "2018-01-01", {"retired_from": "2020-03-01"}), ("B", 9, "2018-01-01", {})],
     "2020-03-01", {"B": 9}),
    ("retired: there the day before", [("A", 20, "2018-01-01", {"retired_from": "2020-03-01"})],
     "2020-02-29", {"A": 20}),
    ("a retirement stated on a later version still dates from its day",
     [("A", 20, "2018-01-01", {}), ("A", 25, "2022-01-01", {"retired_from": "2020-03-01"})], "2021-06-01", {}),
    ("renamed: the new name carries the last counts", [("A", 20, "2018-01-01", {"renamed_to": "A mới",
                                                                                   "renamed_on": "2022-01-01"})],
     "2023-01-01", {"A mới": 20}),
    ("renamed: the new name's own version when it has one",
     [("A", 20, "2018-01-01", {"renamed_to": "A mới", "renamed_on": "2022-01-01"}), ("A mới", 26, "2024-01-01", {})],
     "2024-02-01", {"A mới": 26}),
    ("renamed: the old name before the day", [("A", 20, "2018-01-01", {"renamed_to": "A mới",
                                                                         "renamed_on": "2022-01-01"}),
                                               ("A mới", 26, "2024-01-01", {})], "2021-12-31", {"A": 20}),
    ("renamed twice", [("A", 20, "2018-01-01", {"renamed_to": "B", "renamed_on": "2020-01-01"}),
                       ("B", 21, "2021-01-01", {"renamed_to": "C", "renamed_on": "2022-01-01"})],
     "2023-01-01", {"C": 21}),
]


@pytest.mark.parametrize("rule, rows, day, expected", RULES, ids=[r[0] for r in RULES])
def test_registry_rules(rule, rows, day, expected):
    assert counts_on(registry(*rows), day) == expected


def test_renamed_rows_say_their_old_name():
    frame = registry(("A", 20, "2018-01-01", {"renamed_to": "A mới", "renamed_on": "2022-01-01"}))
    found = registry_at(frame, "2023-01-01")
    assert found[["organization", "renamed_from"]].values.tolist() == [["A mới", "A"]]


def test_a_units_organisations_exist_only_while_the_unit_does():
    """After the merger the former ward's cells are the new ward's, before it the former ward's: never both."""
    t = fixtures.merger()
    before = registry_at(t.organizations, "2025-06-30", t.unit_history)
    after = registry_at(t.organizations, "2025-07-01", t.unit_history)
    assert sorted(before.loc[before["unit"] == OLD, "organization"]) == ["P1", "P2", "ĐU Cũ"]
    assert before[before["unit"] == NEW].empty and after[after["unit"] == OLD].empty
    assert sorted(after.loc[after["unit"] == NEW, "organization"]) == ["P1", "P2", "S3", "ĐU Mới"]
    for day in ("2024-01-01", "2025-06-30", "2025-07-01", "2026-01-01"):
        cells = registry_at(t.organizations, day, t.unit_history)
        cells = cells[cells["organization"].isin(["P1", "P2"])]
        assert len(cells) == 2, day  # each former cell once


def test_per_conference_each_on_its_own_date_and_unit():
    t = fixtures.merger()
    found = registry_at(t.organizations, t.conferences[["unit", "conference_id", "date"]], t.unit_history)
    per = found.groupby("conference_id")["organization"].agg(sorted).to_dict()
    assert per["O1"] == per["O2"] == ["P1", "P2", "ĐU Cũ"]
    assert per["N1"] == per["N2"] == ["P1", "P2", "S3", "ĐU Mới"]
    assert per["R1"] == per["R2"] == ["R1"]
    p1 = found[found["organization"] == "P1"].set_index("conference_id")["party_members"]
    assert p1.to_dict() == {"O1": 20, "O2": 20, "N1": 22, "N2": 22}


def test_filtered_registry_is_taken_as_it_is():
    """``Filtered.registry`` (intervals, categorical keys) gives what the stored versions give."""
    t = fixtures.merger()
    f = apply_filters(t)
    dates = ["2024-08-10", "2025-08-12"]
    from_filtered = registry_at(f.registry, dates).astype({"unit": str, "organization": str})
    from_stored = registry_at(t.organizations, dates, t.unit_history)
    columns = ["date", "unit", "organization", "party_members"]
    key = ["date", "unit", "organization"]
    pd.testing.assert_frame_equal(from_filtered[columns].sort_values(key).reset_index(drop=True),
                                  from_stored[columns].sort_values(key).reset_index(drop=True), check_dtype=False)


def test_intervals_never_overlap_for_one_organisation():
    frame = registry(("A", 20, "2018-01-01", {"renamed_to": "B", "renamed_on": "2020-01-01"}),
                     ("B", 21, "2021-01-01", {}), ("C", 5, "2019-01-01", {"retired_from": "2019-06-01"}))
    intervals = registry_intervals(frame).sort_values(["organization", "start"])
    for _, group in intervals.groupby("organization"):
        assert (group["start"].iloc[1:].to_numpy() >= group["end"].iloc[:-1].to_numpy()).all()
    assert (intervals["start"] < intervals["end"]).all()


def test_when_needs_dates():
    with pytest.raises(ValueError, match="date"):
        registry_at(registry(("A", 20, "2018-01-01", {})), pd.DataFrame({"unit": [U]}))


def _rate(cells: pd.DataFrame, sent: dict[str, int]) -> float:
    """Studied ÷ expected over the chi bộ of ``cells`` (docs/metrics.md §3), computed plainly."""
    cells = cells[cells["org_type"] == "chi_bo"]
    expected = (cells["party_members"] - cells["exempt_members"].fillna(0)).clip(lower=0)
    studied = sum(min(sent.get(name, 0), int(cap)) for name, cap in zip(cells["organization"], expected))
    return round(100 * studied / int(expected.sum()), 1)


def test_a_2018_rate_does_not_move_after_a_2024_registry():
    """The 2018 session is read with the registry in force on its date: 51/63 = 81,0 %, before and after
    the 2024 registry; with the latest registry (the 2024 one) it would read 51/98 = 52,0 %."""
    t = fixtures.registry_2018()
    f = apply_filters(t, unit=R)
    sent = {"C1": 28, "C2": 23}
    # What topic_coverage does (docs/metrics.md, "Registry history"): each document's latest study session in
    # the selection (here its only linked conference), and the registry in force that day.
    dated = f.conference_documents.merge(f.conferences[["conf", "date"]], on="conf")
    on = dated.groupby("document", observed=True, as_index=False)["date"].max()
    in_force = registry_at(f.registry, on)
    assert sorted(in_force["organization"].astype(str)) == ["C1", "C2", "ĐU R"]
    assert _rate(in_force, sent) == 81.0
    # Without the 2024 registry: the same.
    only_2018 = t.organizations[t.organizations["as_of"] < "2024-01-01"]
    assert _rate(registry_at(only_2018, on), sent) == 81.0
    # The registry in force at the end of the period shown (Filtered.organizations): 2018 here, as the data
    # ends in 2018-Q4; a range ending in 2024 reads the 2024 one, and would give the 2018 session 52,0 %.
    assert f.on == pd.Timestamp("2018-12-31") and _rate(f.organizations, sent) == 81.0
    assert _rate(apply_filters(t, unit=R, quarters=(None, "2024-Q1")).organizations, sent) == 52.0
    assert _rate(registry_at(f.registry, "2024-01-01"), sent) == 52.0


def _rates_as_topic_coverage_is_to(f) -> dict[str, tuple[int, int]]:
    """The study rate per document read with the registry in force on the document's latest study session,
    a predecessor's cells read as the successor's (``carried_over``): the wiring docs/metrics.md describes."""
    links = f.conference_documents[["conf", "document", "role"]]
    dated = links[links["role"] == "studied"].merge(f.conferences[["conf", "date"]], on="conf")
    on = dated.groupby("document", observed=True, as_index=False)["date"].max()
    in_force = registry_at(f.registry, on)
    rows = f.attendance[["conf", "unit", "organization", "org_type", "attendees", "party_members"]].merge(links, on="conf")
    rows = carried_over(rows, in_force, f.unit_history, on=["document"])
    cells = in_force[in_force["org_type"] == "chi_bo"].assign(
        capacity=lambda c: (c["party_members"] - c["exempt_members"].fillna(0)).clip(lower=0))
    sent = (rows[(rows["role"] == "studied") & (rows["org_type"] == "chi_bo") & (rows["attendees"] > 0)]
            .assign(pm=lambda r: r["party_members"].fillna(r["attendees"]))
            .astype({"document": str, "unit": str, "organization": str})
            .groupby(["document", "unit", "organization"], as_index=False)["pm"].sum())
    per_cell = sent.merge(cells.astype({"document": str, "unit": str, "organization": str}),
                          on=["document", "unit", "organization"])
    studied = per_cell.assign(pm=per_cell[["pm", "capacity"]].min(axis=1)).groupby("document")["pm"].sum()
    total = cells.astype({"document": str}).groupby("document")["capacity"].sum()
    return {d: (int(studied.get(d, 0)), int(total[d])) for d in total.index}


def test_a_campaign_across_the_merger_counts_each_cell_once():
    """57-NQ/TW in the new ward with its predecessor: the registry in force on 5/11/2025 (N2) is Mới's, P1 22,
    P2 10, S3 8 = 40; P1 and P2 studied it in Cũ (O2: 18, 9), S3 in Mới (N2: 8): min(18, 22) + min(9, 10) +
    min(8, 8) = 35 → 87,5 %. Without the predecessor only S3's 8 → 20 %."""
    t = fixtures.merger()
    assert _rates_as_topic_coverage_is_to(apply_filters(t, unit=NEW)) == {fixtures.NQ57: (35, 40)}
    assert _rates_as_topic_coverage_is_to(apply_filters(t, unit=NEW, include_predecessors=False)) == {
        fixtures.NQ57: (8, 40)}
    # Before the merger (the range ends in 2025-Q2): Cũ's own registry, P1 20 + P2 10: min(18, 20) + 9 = 27 of 30.
    assert _rates_as_topic_coverage_is_to(apply_filters(t, unit=NEW, quarters=(None, "2025-Q2"))) == {
        fixtures.NQ57: (27, 30)}
    # topic_coverage gives the same, each way.
    for kwargs in ({}, {"include_predecessors": False}, {"quarters": (None, "2025-Q2")}):
        expected = _rates_as_topic_coverage_is_to(apply_filters(t, unit=NEW, **kwargs))
        cov = topic_coverage(t, unit=NEW, **kwargs)
        cov = cov[cov["study_sessions"] > 0]
        assert {d: (s, n) for d, s, n in zip(cov["document"], cov["party_members_studied"],
                                             cov["party_members_total"])} == expected


def test_carried_over_names_the_unit_a_row_came_from():
    t = fixtures.merger()
    in_force = registry_at(t.organizations, "2025-12-31", t.unit_history)
    rows = t.attendance[t.attendance["conference_id"].isin(["O2", "R1"])]
    carried = carried_over(rows, in_force, t.unit_history)
    assert sorted(zip(carried["unit"], carried["organization"], carried["carried_from"].fillna("-"))) == sorted([
        (NEW, "P1", OLD), (NEW, "P2", OLD), (fixtures.SIDE, "R1", "-")])
    assert carried_over(rows, in_force, None)["unit"].tolist() == rows["unit"].tolist()


def test_attendance_rate_reads_the_members_of_its_quarter():
    """attendee_mix per organisation: 2018-Q4 divides by the 2018 registry (C1 35, C2 33), not the 2024 one."""
    from dashboard.transforms import attendee_mix

    mix = attendee_mix(fixtures.registry_2018(), by="organization").set_index("organization")
    assert mix.loc[["C1", "C2"], "members"].tolist() == [35, 33]
    assert round(mix.loc["C1", "attendance_rate"], 3) == round(28 / 35, 3)


def test_each_document_reads_the_registry_of_its_own_day():
    """fixtures.registry_versions: 35-NQ/TW 28 of 30 (April registry), 85-QĐ/TW 26 of 40 (May registry), in one
    quarter; a later briefing on 35 does not move its day; a range ending later changes nothing."""
    t = fixtures.registry_versions()
    for kwargs in ({}, {"period": "Quý II/2023"}, {"quarters": ("2023-Q1", "2024-Q4")}):
        cov = topic_coverage(t, **kwargs).set_index("document")
        assert cov.loc[fixtures.NQ35, ["party_members_studied", "party_members_total", "cells_counted"]].tolist() == [28, 30, 2]
        assert cov.loc[fixtures.QD85, ["party_members_studied", "party_members_total", "cells_counted"]].tolist() == [26, 40, 3]
        assert round(float(cov.loc[fixtures.NQ35, "study_rate"]) * 100, 1) == 93.3
        assert round(float(cov.loc[fixtures.QD85, "study_rate"]) * 100, 1) == 65.0
    # The 2018 session keeps 81,0 % whichever later registry exists and however far the range reaches.
    for kwargs in ({}, {"quarters": (None, "2024-Q1")}, {"quarters": ("2018-Q1", "2026-Q4")}):
        cov = topic_coverage(fixtures.registry_2018(), **kwargs)
        assert cov[["party_members_studied", "party_members_total"]].values.tolist() == [[51, 63]]
    # Below target counts the cells of the document's own registry: 35 (30 members, 2 cells) at 95 %: C1 18 of
    # 20 is below, C2 at 10 of 10 is not; 85 (3 cells): C1 20 of 24 below, C2 absent below, C3 6 of 6 not.
    cov = topic_coverage(t, target=0.95).set_index("document")
    assert cov["cells_below_target"].to_dict() == {fixtures.NQ35: 1, fixtures.QD85: 2}
