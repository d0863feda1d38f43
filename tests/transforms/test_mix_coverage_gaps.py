"""attendee_mix, topic_coverage (study rate) and coverage_gaps against hand-computed numbers."""

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.transforms import attendee_mix, coverage_gaps, topic_coverage
from tests.conftest import make_tables
from tests.transforms.fixtures import A, NQ57, NQ59, campaign, tables

Q2 = ("2023-Q2", "2023-Q2")


def test_mix_by_org_type():
    out = attendee_mix(tables(), unit=A, quarters=Q2).set_index("org_type")
    assert out["attendees"].to_dict() == {"chi_bo": 35, "dang_uy": 10, "hoi_ccb": 4, "hoi_lhpn": 3}
    assert out.loc["chi_bo", "share"] == pytest.approx(35 / 52)
    assert out["share"].sum() == pytest.approx(1)


def test_mix_by_organization_with_rates():
    out = attendee_mix(tables(), by="organization", unit=A, quarters=Q2).set_index("organization")
    assert out.loc["CB1", ["attendees", "members"]].tolist() == [22, 20]
    assert out.loc["CB1", "attendance_rate"] == pytest.approx(1.1)
    assert pd.isna(out.loc["PN", "attendance_rate"])  # no member count registered


def test_mix_org_type_filter_and_bad_by():
    out = attendee_mix(tables(), unit=A, quarters=Q2, org_type="hoi_ccb")
    assert out[["org_type", "attendees", "share"]].values.tolist() == [["hoi_ccb", 4, 1.0]]
    with pytest.raises(ValueError):
        attendee_mix(tables(), by="colour")


def test_only_study_links_count_towards_the_study_rate():
    out = topic_coverage(tables(), unit=A).set_index("document")
    nq35 = out.loc["35-NQ/TW"]
    assert nq35[["conferences", "study_sessions", "dissemination_links", "attendees", "organizations_reached",
                 "cells_reached", "cells_studied"]].tolist() == [2, 1, 1, 52, 5, 2, 2]
    # Only C2 studied it (C1, a briefing, disseminated it): CB1 10 of 16 (20 less 4 exempt), CB2 8 of 10.
    assert nq35[["party_members_studied", "party_members_total"]].tolist() == [18, 26]
    assert nq35["study_rate"] == pytest.approx(18 / 26)
    assert nq35["party_members_other_orgs"] == 12  # ĐU 10 + CCB 2 + PN 0 at either conference: beside, not added
    assert out.loc["85-QĐ/TW", "study_rate"] == pytest.approx(18 / 26)
    assert out.loc["35-NQ/TW", "document_name"] == "Nghị quyết số 35-NQ/TW"


def test_study_rate_with_exempt_members_counted():
    out = topic_coverage(tables(), unit=A, exclude_exempt=False).set_index("document")
    assert out.loc["35-NQ/TW", "study_rate"] == pytest.approx(18 / 30)
    assert out.loc["85-QĐ/TW", "study_rate"] == pytest.approx(18 / 30)


def test_study_rate_over_two_units():
    # B's only conference on 35-NQ/TW is a briefing: its cell adds to the denominator, not the studied.
    out = topic_coverage(tables()).set_index("document")
    assert out.loc["35-NQ/TW", ["party_members_studied", "party_members_total", "cells_reached",
                               "cells_studied"]].tolist() == [18, 56, 3, 2]


def test_the_worked_example_of_a_campaign_with_a_make_up_session():
    # docs/metrics.md §3: 24 + 12 + 14 = 50 of 24 + 12 + 18 = 54.
    out = topic_coverage(campaign(), target=0.95).set_index("document")
    nq57 = out.loc[NQ57]
    assert nq57[["conferences", "study_sessions", "dissemination_links", "attendees"]].tolist() == [4, 2, 2, 147]
    assert nq57[["party_members_studied", "party_members_total", "party_members_other_orgs"]].tolist() == [50, 54, 5]
    assert nq57["study_rate"] == pytest.approx(50 / 54)
    # H4 has no member count: reached and studied, registered, not in the rate's denominator.
    assert nq57[["cells_reached", "cells_studied", "cells_registered", "cells_counted"]].tolist() == [4, 4, 4, 3]
    assert nq57["cells_below_target"] == 1  # H3: 14 of 18
    assert nq57["document_name"] == "Nghị quyết số 57-NQ/TW ngày 22/12/2024"


def test_a_document_only_disseminated_has_no_study_rate():
    nq59 = topic_coverage(campaign()).set_index("document").loc[NQ59]
    assert nq59[["conferences", "study_sessions", "dissemination_links", "party_members_studied"]].tolist() == [1, 0, 1, 0]
    assert pd.isna(nq59["study_rate"])


@pytest.mark.parametrize("filters, studied, total", [
    ({}, 50, 54),
    ({"quarters": ("2025-Q1", "2025-Q1")}, 25, 54),  # the main session alone: 18 + 7 + 0
    ({"quarters": ("2025-Q2", "2025-Q2")}, 29, 54),  # the make-up session alone: 9 + 6 + 14
    ({"exclude_exempt": False}, 53, 62),  # min(27, 30) + min(13, 12) + min(14, 20) of 30 + 12 + 20
    ({"kind": "thong_tin_thoi_su"}, 0, 54),  # briefings only: no study session, no rate
])
def test_the_worked_example_under_filters(filters, studied, total):
    nq57 = topic_coverage(campaign(), **filters).set_index("document").loc[NQ57]
    assert nq57[["party_members_studied", "party_members_total"]].tolist() == [studied, total]
    assert (pd.isna(nq57["study_rate"]) if not studied else nq57["study_rate"] == pytest.approx(studied / total))


def test_counting_every_link_would_overstate_the_rate():
    # Treat the briefings as study sessions: the old definition gave 54/54 here.
    t = campaign()
    every = replace(t, conference_documents=t.conference_documents.assign(role="studied"))
    assert topic_coverage(every).set_index("document").loc[NQ57, "study_rate"] == 1.0


def test_the_document_filter_returns_that_documents_own_row():
    everything = topic_coverage(campaign()).set_index("document")
    for spelling in ("57-NQ/TW", "Nghị quyết số 57-NQ/TW", "NQ 57", NQ57):
        only = topic_coverage(campaign(), document=spelling)
        assert list(only["document"]) == [NQ57]  # not 59-NQ/TW, which shared the briefing HB1
        pd.testing.assert_series_equal(only.set_index("document").loc[NQ57], everything.loc[NQ57])
    assert list(topic_coverage(campaign(), document="59-NQ/TW")["document"]) == [NQ59]
    gaps = coverage_gaps(campaign(), per="document", document="59-NQ/TW")
    assert set(gaps["document"]) == {NQ59}


def test_cells_without_a_member_count_are_counted_as_cells():
    t = tables()
    orgs = t.organizations.assign(party_members=pd.array([None] * len(t.organizations), dtype="Int64"))
    out = topic_coverage(replace(t, organizations=orgs), unit=A).set_index("document")
    # Registered and reached, though the rate cannot be computed without counts.
    assert out.loc["35-NQ/TW", ["cells_reached", "cells_studied", "cells_registered", "cells_counted"]].tolist() == [2, 2, 2, 0]
    assert out["study_rate"].isna().all()


def test_an_organisation_type_filter_without_cells_gives_no_rate():
    out = topic_coverage(tables(), unit=A, org_type="Hội CCB").set_index("document")
    assert out.loc["35-NQ/TW", ["cells_registered", "party_members_total"]].tolist() == [0, 0]
    assert out["study_rate"].isna().all()


def test_coverage_by_topic_and_quarter_filter():
    out = topic_coverage(tables(), by="topic", unit=A).set_index("topic")
    assert out["conferences"].to_dict() == {"T1": 2, "T2": 1}
    # A theme is studied where its conference studied a document (C2), not at the briefing C1.
    assert out["study_sessions"].to_dict() == {"T1": 1, "T2": 1}
    assert out.loc["T1", "party_members_studied"] == 18
    none = topic_coverage(tables(), unit=A, quarters=("2023-Q3", "2023-Q4"))
    assert none.empty


def test_gaps_per_quarter():
    out = coverage_gaps(tables(), unit=A, quarters=("2023-Q2", "2023-Q3"))
    assert len(out) == 10  # 5 organisations × 2 quarters
    # 2023-Q2: all five came; 2023-Q3: A held no conference, so nobody was missed.
    assert out.groupby("quarter")["missed"].sum().to_dict() == {"2023-Q2": 0, "2023-Q3": 0}
    q2 = out[out["quarter"] == "2023-Q2"].set_index("organization")
    assert q2.loc["CB1", ["attendees", "conferences", "unit_conferences"]].tolist() == [22, 2, 2]


def test_gaps_only_where_the_unit_held_a_conference_and_never_the_committee():
    out = coverage_gaps(tables(), quarters=("2023-Q1", "2023-Q4"))
    # Q1, Q3: no unit held one. Q2: everyone came. Q4: A held C3 (a total, no rows): CB1, CB2, CCB, PN
    # are missed, the committee ĐU is not; B held nothing in Q4, so CB9 is not missed.
    assert out.groupby("quarter")["missed"].sum().to_dict() == {"2023-Q1": 0, "2023-Q2": 0, "2023-Q3": 0, "2023-Q4": 4}
    q4 = out[out["quarter"] == "2023-Q4"].set_index("organization")
    assert sorted(q4.index[q4["missed"]]) == ["CB1", "CB2", "CCB", "PN"]
    assert q4.loc["ĐU", ["unit_conferences", "committee", "missed"]].tolist() == [1, True, False]
    assert q4.loc["CB9", ["unit_conferences", "missed"]].tolist() == [0, False]


def test_gaps_count_only_the_filtered_conferences():
    # In 2023-Q2 unit A held one briefing (C1: CB1, CB2, CCB, ĐU came): PN, at the study conference only, is missed.
    briefing = coverage_gaps(tables(), unit=A, period="Quý II/2023", kind="Thông tin thời sự").set_index("organization")
    assert list(briefing.index[briefing["missed"]]) == ["PN"]
    assert (briefing["unit_conferences"] == 1).all()
    # No review (sơ kết, tổng kết) in 2023-Q2: nobody missed one.
    assert not coverage_gaps(tables(), unit=A, period="2023-Q2", kind="so_ket_tong_ket")["missed"].any()


def test_committee_named_like_its_unit_is_never_missed():
    unit = "Đảng ủy phường K"
    store = make_tables(
        organizations=[dict(unit=unit, organization="Đảng uỷ Phường K", org_type="khac"),  # old tone placement
                       dict(unit=unit, organization="CB", org_type="chi_bo")],
        conferences=[dict(unit=unit, conference_id="K1", date="2024-03-01", title="K1", organizer=unit,
                          kind="thong_tin_thoi_su")],
        attendance=[dict(unit=unit, conference_id="K1", organization="CB", attendees=0, party_members=0)],
    )
    out = coverage_gaps(store).set_index("organization")
    assert out.loc["Đảng uỷ Phường K", ["committee", "missed"]].tolist() == [True, False]
    assert out.loc["CB", ["committee", "missed"]].tolist() == [False, True]


def test_gaps_per_document():
    out = coverage_gaps(tables(), per="document", unit=A)
    missed = out[out["missed"]]
    # ĐU did not come to C2 (85-QĐ/TW) either, but the committee that holds the conference is never missed.
    assert sorted(zip(missed["document"], missed["organization"])) == [("85-QĐ/TW", "CCB")]


def test_gaps_per_document_of_a_unit_that_has_not_held_it():
    out = coverage_gaps(tables(), per="document").set_index(["document", "organization"])
    # B never held 85-QĐ/TW: its cell has not studied it (missed), and unit_conferences says why.
    assert out.loc[("85-QĐ/TW", "CB9"), ["unit_conferences", "missed"]].tolist() == [0, True]
    assert out.loc[("35-NQ/TW", "CB9"), ["unit_conferences", "missed"]].tolist() == [1, False]


def test_gaps_zero_attendance_counts_as_missed():
    out = coverage_gaps(tables(), unit=A, quarters=("2022-Q2", "2022-Q2")).set_index("organization")
    assert bool(out.loc["CCB", "missed"]) and not bool(out.loc["CB1", "missed"])


def test_empty_store_everywhere():
    empty = make_tables()
    assert attendee_mix(empty).empty
    assert topic_coverage(empty).empty
    assert coverage_gaps(empty).empty
    assert coverage_gaps(empty, per="document").empty


def test_bad_arguments():
    with pytest.raises(ValueError):
        topic_coverage(tables(), by="speaker")
    with pytest.raises(ValueError):
        coverage_gaps(tables(), per="month")
