"""The shared filters: every spelling the ingest accepts, unknown values refused by name, period= beside quarters=."""

import unicodedata

import pandas as pd
import pytest

from dashboard.contract.periods import Period
from dashboard.transforms import apply_filters, attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.transforms.filters import resolve_documents, resolve_kinds, resolve_org_types, resolve_units
from tests.conftest import make_tables
from tests.transforms.fixtures import A, B, campaign, tables

TRANSFORMS = [quarterly_activity, attendee_mix, topic_coverage, coverage_gaps]


@pytest.mark.parametrize("spelling", [A, "Đảng uỷ phường A", unicodedata.normalize("NFD", A), " đảng  ủy PHƯỜNG a ",
                                      unicodedata.normalize("NFD", "ĐẢNG UỶ PHƯỜNG A")])
def test_units_in_any_spelling(spelling):
    assert resolve_units(tables(), spelling) == [A]
    pd.testing.assert_frame_equal(quarterly_activity(tables(), unit=spelling), quarterly_activity(tables(), unit=A))


@pytest.mark.parametrize("spelling", ["hoc_tap_quan_triet", "Học tập, quán triệt", "học tập quán triệt",
                                      "QUÁN TRIỆT", "Resolution study", unicodedata.normalize("NFD", "Quán triệt")])
def test_kinds_by_code_or_label(spelling):
    assert resolve_kinds([spelling]) == ["hoc_tap_quan_triet"]
    out = quarterly_activity(tables(), unit=A, kind=spelling).set_index("quarter")
    assert out.loc["2023-Q2", ["conferences", "attendees"]].tolist() == [1, 21]


@pytest.mark.parametrize("spelling, code", [("chi_bo", "chi_bo"), ("Chi bộ", "chi_bo"), ("CHI BỘ", "chi_bo"),
                                            ("Party cell", "chi_bo"), ("Đảng uỷ", "dang_uy"), ("Đảng ủy", "dang_uy"),
                                            ("Hội CCB", "hoi_ccb"), ("veterans' association", "hoi_ccb")])
def test_org_types_by_code_or_label(spelling, code):
    assert resolve_org_types(spelling) == [code]
    assert set(attendee_mix(tables(), unit=A, org_type=spelling)["org_type"]) == {code}


@pytest.mark.parametrize("spelling", ["35-NQ/TW", "Nghị quyết số 35-NQ/TW", "35/NQ-TW", "35 – nq/tw", "35- NQ/TW"])
def test_documents_in_any_spelling_parse_reference_reads(spelling):
    assert resolve_documents(tables(), spelling) == ["35-NQ/TW"]
    out = topic_coverage(tables(), unit=A, document=spelling)
    assert list(out["document"]) == ["35-NQ/TW"]  # C2 also studied 85-QĐ/TW: not what was asked
    assert out.set_index("document").loc["35-NQ/TW", "conferences"] == 2


@pytest.mark.parametrize("spelling, expected", [
    ("Nghị quyết số 57-NQ/TW ngày 22/12/2024", ["57-NQ/TW@2024-12-22"]),
    ("57-NQ/TW@2024-12-22", ["57-NQ/TW@2024-12-22"]),
    ("NQ 57", ["57-NQ/TW@2024-12-22"]),
    ("59/NQ-TW", ["59-NQ/TW@2025-01-24"]),
])
def test_documents_stored_by_catalogue_key(spelling, expected):
    assert resolve_documents(campaign(), spelling) == expected


def test_a_code_naming_two_documents_selects_both():
    store = make_tables(
        organizations=[dict(unit=A, organization="CB", org_type="chi_bo")],
        conferences=[dict(unit=A, conference_id=c, date=d, title=c, organizer=A, kind="hoc_tap_quan_triet")
                     for c, d in (("X", "2018-01-10"), ("Y", "2022-08-10"))],
        conference_documents=[dict(unit=A, conference_id="X", document="18-NQ/TW@2017-10-25", code="18-NQ/TW", role="studied"),
                              dict(unit=A, conference_id="Y", document="18-NQ/TW@2022-06-16", code="18-NQ/TW", role="studied")],
    )
    assert resolve_documents(store, "18-NQ/TW") == ["18-NQ/TW@2017-10-25", "18-NQ/TW@2022-06-16"]
    assert resolve_documents(store, "Nghị quyết số 18-NQ/TW ngày 16/6/2022") == ["18-NQ/TW@2022-06-16"]
    assert len(topic_coverage(store, document="18-NQ/TW")) == 2


def test_a_document_known_only_by_its_text_matches_in_another_tone_placement():
    text = "Nghị quyết Trung ương 8 khóa XIII"
    store = make_tables(
        organizations=[dict(unit=A, organization="CB", org_type="chi_bo")],
        conferences=[dict(unit=A, conference_id="X", date="2024-01-10", title="X", organizer=A,
                          kind="hoc_tap_quan_triet", documents=text)],
        conference_documents=[dict(unit=A, conference_id="X", document=text, raw=text)],
    )
    assert resolve_documents(store, "nghị quyết trung ương 8 khoá xiii") == [text]


def test_blank_values_are_no_filter():
    every = quarterly_activity(tables())
    for blank in ("", "  ", [], [None, ""], None):
        period = blank if not isinstance(blank, list) else None
        pd.testing.assert_frame_equal(quarterly_activity(tables(), unit=blank, kind=blank, org_type=blank,
                                                         document=blank, period=period), every)


@pytest.mark.parametrize("filters, named, suggested", [
    ({"unit": "Đảng ủy phường C"}, "Đảng ủy phường C", "Đảng ủy phường A"),
    ({"unit": [A, "Đảng ủy phường Thanh Khê"]}, "Đảng ủy phường Thanh Khê", "Đảng ủy phường"),
    ({"unit": "Chi bộ khu phố 7"}, "Chi bộ khu phố 7", ""),
    ({"kind": "Thông tin thời sư"}, "Thông tin thời sư", "thong_tin_thoi_su"),
    ({"kind": "briefing"}, "briefing", ""),
    ({"org_type": "Chi bo"}, "Chi bo", "chi_bo"),
    ({"document": "36-NQ/TW"}, "36-NQ/TW", "35-NQ/TW"),
])
@pytest.mark.parametrize("compute", TRANSFORMS)
def test_unknown_values_are_refused_by_name(compute, filters, named, suggested):
    with pytest.raises(ValueError) as error:
        compute(tables(), **filters)
    message = str(error.value)
    assert repr(named) in message and " / no " in message  # Vietnamese, then English
    assert suggested in message
    if not suggested:
        assert "nothing close" in message


def test_period_and_quarters_together_are_an_error():
    with pytest.raises(ValueError, match="period= or quarters=, not both"):
        apply_filters(tables(), period="Quý II/2023", quarters=("2023-Q2", "2023-Q2"))
    # An empty quarters pair is no choice, so it does not clash.
    assert apply_filters(tables(), period="Quý II/2023", quarters=(None, None)).quarters == ("2023-Q2", "2023-Q2")


@pytest.mark.parametrize("period", ["6 tháng đầu năm 2023", "H1 2023", Period.of("half", 2023)])
def test_period_as_text_or_value(period):
    assert apply_filters(tables(), period=period).quarters == ("2023-Q1", "2023-Q2")
    out = attendee_mix(tables(), unit=A, period=period)
    assert set(out["quarter"]) == {"2023-Q2"} and out["attendees"].sum() == 52


@pytest.mark.parametrize("filters", [{"quarters": ("12/2023", None)}, {"quarters": (None, "Q5/2023")},
                                     {"quarters": ("năm 2023", None)}, {"quarters": "2023-Q2"},
                                     {"period": "tháng 12/2023"}, {"period": "nhiệm kỳ 2021-2026"}])
@pytest.mark.parametrize("compute", TRANSFORMS)
def test_unreadable_periods_are_errors(compute, filters):
    with pytest.raises(ValueError):
        compute(tables(), **filters)


def test_b_is_resolved_alone():
    assert resolve_units(tables(), ["Đảng uỷ phường B", B]) == [B]
