"""``conference_detail``: one conference's facts, attendance with organisation types and named documents, read
from its unit's slices (``fixtures.tables`` and ``fixtures.merger``; every value by hand)."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from dashboard.contract.roles import DISSEMINATED
from dashboard.store import load
from dashboard.transforms import ConferenceDetail, conference_detail
from dashboard.transforms.lists import ConferenceDocument
from tests.conftest import make_tables
from tests.transforms import fixtures
from tests.transforms.fixtures import A, B, NEW, OLD, conference, link, org, row


@pytest.fixture(scope="module")
def t():
    return fixtures.tables()


def attending(detail: ConferenceDetail) -> list[tuple]:
    return [(o, None if pd.isna(k) else k, a, p) for o, k, a, p in detail.attendance.itertuples(index=False)]


def test_facts_attendance_with_types_and_named_documents(t):
    detail = conference_detail(t, A, "C2")
    assert (detail.unit, detail.conference_id, detail.title) == (A, "C2", "C2")
    assert detail.date == pd.Timestamp("2023-05-10") and detail.kind == "hoc_tap_quan_triet"
    assert detail.attendance.columns.tolist() == ["organization", "org_type", "attendees", "party_members"]
    assert attending(detail) == [("CB1", "chi_bo", 10, 10), ("CB2", "chi_bo", 8, 8), ("PN", "hoi_lhpn", 3, 0)]
    assert detail.attendees == 21  # 10 + 8 + 3: the rows, not a written total
    assert [(d.document, d.name) for d in detail.documents] == [
        ("35-NQ/TW", "Nghị quyết số 35-NQ/TW"), ("85-QĐ/TW", "Quy định số 85-QĐ/TW")]
    assert detail.documents[0].title.startswith("Về tăng cường bảo vệ nền tảng tư tưởng")
    assert all(isinstance(d, ConferenceDocument) for d in detail.documents)


def test_only_the_conference_of_that_unit(t):
    """D1 of unit B is not A's, and A's C1 holds only its own four rows."""
    assert attending(conference_detail(t, B, "D1")) == [("CB9", "chi_bo", 25, 25)]
    assert conference_detail(t, A, "D1") is None
    assert [r[0] for r in attending(conference_detail(t, A, "C1"))] == ["CB1", "CB2", "CCB", "ĐU"]


def test_a_conference_without_documents_or_rows_shows_its_written_total(t):
    detail = conference_detail(t, A, "C3")
    assert detail.documents == ()
    assert detail.attendance.empty and detail.attendance.columns.tolist() == [
        "organization", "org_type", "attendees", "party_members"]
    assert detail.attendees == 50


def test_missing_texts_are_none(t):
    """No session, place or speakers: None, never "nan" or an empty text."""
    detail = conference_detail(t, A, "C0")
    assert (detail.session, detail.location, detail.speakers) == (None, None, None)
    assert detail.documents == () and detail.attendees == 6  # 6 + 0


def test_no_total_and_no_rows_is_none():
    tables = make_tables(conferences=[conference(A, "X", "2023-01-10", "khac")])
    assert conference_detail(tables, A, "X").attendees is None


@pytest.mark.parametrize("unit, conference_id", [(A, "C9"), ("Đảng ủy phường Lạ", "C1"), (A, ""), ("", "C1"),
                                                 ("đảng ủy phường a", "C1")])  # stored names, exactly
def test_an_unknown_conference_is_none(t, unit, conference_id):
    assert conference_detail(t, unit, conference_id) is None


def test_an_unregistered_organisation_has_no_type():
    tables = make_tables(organizations=[org(A, "CB1", "chi_bo", 20, 20)],
                         conferences=[conference(A, "X", "2023-01-10", "thong_tin_thoi_su", "35-NQ/TW")],
                         attendance=[row(A, "X", "CB1", 5, 5), row(A, "X", "Khách", 2, 0)],
                         conference_documents=[link(A, "X", "35-NQ/TW", "35-NQ/TW", DISSEMINATED)])
    assert attending(conference_detail(tables, A, "X")) == [("CB1", "chi_bo", 5, 5), ("Khách", None, 2, 0)]


def test_the_type_is_the_latest_versions():
    tables = make_tables(organizations=[dict(org(A, "CB1", "chi_bo", 20, 20), as_of="2022-01-01"),
                                        dict(org(A, "CB1", "dang_uy", 40, 40), as_of="2024-01-01")],
                         conferences=[conference(A, "X", "2023-01-10", "thong_tin_thoi_su")],
                         attendance=[row(A, "X", "CB1", 5, 5)])
    assert attending(conference_detail(tables, A, "X")) == [("CB1", "dang_uy", 5, 5)]


def test_a_predecessors_conference():
    """O2 was held by ward Cũ before it merged into Mới: found under Cũ, its own unit, with Cũ's registry."""
    merger = fixtures.merger()
    detail = conference_detail(merger, OLD, "O2")
    assert detail.unit == OLD and detail.kind == "hoc_tap_quan_triet"
    assert attending(detail) == [("P1", "chi_bo", 18, 18), ("P2", "chi_bo", 9, 9)]
    assert detail.attendees == 27
    assert [(d.document, d.name) for d in detail.documents] == [
        (fixtures.NQ57, "Nghị quyết số 57-NQ/TW ngày 22/12/2024")]
    assert conference_detail(merger, NEW, "O2") is None  # the successor's key names its own conferences only
    assert attending(conference_detail(merger, NEW, "N1")) == [("P1", "chi_bo", 12, 12), ("S3", "chi_bo", 6, 6)]


def test_compact_and_plain_tables_give_the_same_detail(sample_store_ro):
    """The pages read compact tables (categoricals): the same detail as plain text columns."""
    plain, compact = load(sample_store_ro), load(sample_store_ro, compact=True)
    keys = plain.conferences[["unit", "conference_id"]].astype(str).itertuples(index=False)
    for unit, conference_id in keys:
        one, other = conference_detail(plain, unit, conference_id), conference_detail(compact, unit, conference_id)
        pdt.assert_frame_equal(one.attendance, other.attendance)
        assert {k: v for k, v in vars(one).items() if k != "attendance"} == {
            k: v for k, v in vars(other).items() if k != "attendance"}
    stored = plain.conferences.iloc[0]
    detail = conference_detail(plain, str(stored["unit"]), str(stored["conference_id"]))
    assert (detail.location, detail.speakers) == (stored["location"] or None, stored["speakers"] or None)
