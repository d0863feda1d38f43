"""attendee_mix, topic_coverage (study rate) and coverage_gaps against hand-computed numbers."""

import pandas as pd
import pytest

from dashboard.transforms import attendee_mix, coverage_gaps, topic_coverage
from tests.conftest import make_tables
from tests.transforms.fixtures import A, tables

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


def test_study_rate_caps_each_cell_and_excludes_exempt():
    out = topic_coverage(tables(), unit=A).set_index("document")
    nq35 = out.loc["35-NQ/TW"]
    assert nq35[["conferences", "attendees", "organizations_reached", "cells_reached"]].tolist() == [2, 52, 5, 2]
    # CB1 sent 22, capped at 16 (20 less 4 exempt); CB2 sent 13, capped at 10: 26 of 26.
    assert nq35[["party_members_studied", "party_members_total"]].tolist() == [26, 26]
    assert nq35["study_rate"] == 1.0
    assert nq35["party_members_other_orgs"] == 12  # ĐU 10 + CCB 2 + PN 0: beside, not added
    assert out.loc["85-QĐ/TW", "study_rate"] == pytest.approx(18 / 26)
    assert out.loc["35-NQ/TW", "document_name"] == "Nghị quyết số 35-NQ/TW"


def test_study_rate_with_exempt_members_counted():
    out = topic_coverage(tables(), unit=A, exclude_exempt=False).set_index("document")
    assert out.loc["35-NQ/TW", "study_rate"] == 1.0
    assert out.loc["85-QĐ/TW", "study_rate"] == pytest.approx(18 / 30)


def test_study_rate_over_two_units():
    out = topic_coverage(tables()).set_index("document")
    assert out.loc["35-NQ/TW", ["party_members_studied", "party_members_total"]].tolist() == [51, 56]


def test_coverage_by_topic_and_quarter_filter():
    out = topic_coverage(tables(), by="topic", unit=A).set_index("topic")
    assert out["conferences"].to_dict() == {"T1": 2, "T2": 1}
    none = topic_coverage(tables(), unit=A, quarters=("2023-Q3", "2023-Q4"))
    assert none.empty


def test_coverage_without_member_counts_has_no_rate():
    t = tables()
    orgs = t.organizations.assign(party_members=pd.array([None] * len(t.organizations), dtype="Int64"))
    out = topic_coverage(make_tables(
        organizations=orgs.to_dict("records"), conferences=t.conferences.drop(columns="quarter").to_dict("records"),
        attendance=t.attendance.to_dict("records"), conference_documents=t.conference_documents.to_dict("records")),
        unit=A)
    assert out["study_rate"].isna().all()


def test_gaps_per_quarter():
    out = coverage_gaps(tables(), unit=A, quarters=("2023-Q2", "2023-Q3"))
    assert len(out) == 10  # 5 organisations × 2 quarters
    assert out.groupby("quarter")["missed"].sum().to_dict() == {"2023-Q2": 0, "2023-Q3": 5}
    q2 = out[out["quarter"] == "2023-Q2"].set_index("organization")
    assert q2.loc["CB1", ["attendees", "conferences"]].tolist() == [22, 2]


def test_gaps_per_document():
    out = coverage_gaps(tables(), per="document", unit=A)
    missed = out[out["missed"]]
    assert sorted(zip(missed["document"], missed["organization"])) == [("85-QĐ/TW", "CCB"), ("85-QĐ/TW", "ĐU")]


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
