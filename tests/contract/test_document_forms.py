"""Written forms of document references: each form → one catalogue identity, or kept as written with a warning status."""

import unicodedata
from datetime import date as D

import pandas as pd
import pytest

from dashboard.contract.documents import (
    STATUSES,
    find_references,
    resolve_reference,
    split_references,
    suggestion_names,
)
from dashboard.contract.text import clean_text

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731 — what macOS keyboards produce

BRIEFING = D(2023, 4, 27)  # the founding post's conference

# (as written, conference date, status, identity: catalogue key when exact/resolved,
#  canonical code when unknown, None otherwise; first candidate of the warning or None)
FORMS = [
    # One document, every way it is written (35-NQ/TW: one document with that code).
    ("Nghị quyết số 35-NQ/TW ngày 22/10/2018", BRIEFING, "exact", "35-NQ/TW@2018-10-22", None),
    ("Nghị quyết số 35-NQ/TW, ngày 22 tháng 10 năm 2018", BRIEFING, "exact", "35-NQ/TW@2018-10-22", None),
    ("Nghị quyết số 35-NQ/TW ngày 22-10-2018 của Bộ Chính trị", BRIEFING, "exact", "35-NQ/TW@2018-10-22", None),
    (NFD("Nghị quyết số 35-NQ/TW ngày 22/10/2018"), BRIEFING, "exact", "35-NQ/TW@2018-10-22", None),
    ("NQ 35", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("NQ35", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("nq số 35", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("Nghị quyết số 35", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("35/NQ-TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("35 NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("35NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("35 – NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("Nghị quyết 35—NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("nghị quyết số 35-nq/tw", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("NGHỊ QUYẾT SỐ 35-NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("Nghi quyet so 35-NQ/TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("Nghị  quyết   số 35 -NQ/ TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("Nghị quyết 35-NQ/TƯ", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    ("35-NQ-TW", BRIEFING, "resolved", "35-NQ/TW@2018-10-22", None),
    # Quy định and Quyết định share QĐ: the word decides.
    ("Quy định 85", BRIEFING, "resolved", "85-QĐ/TW@2022-10-07", None),
    ("Quy định số 85-QĐ/TW, ngày 07/10/2022 của Ban Bí thư", BRIEFING, "exact", "85-QĐ/TW@2022-10-07", None),
    ("QĐ số 85-QĐ/TW", BRIEFING, "resolved", "85-QĐ/TW@2022-10-07", None),
    ("quy đinh so 85-qd/tw", BRIEFING, "resolved", "85-QĐ/TW@2022-10-07", None),
    ("Quyết định số 85-QĐ/TW", BRIEFING, "unknown", "85-QĐ/TW", "85-QĐ/TW@2022-10-07"),
    ("Quyết định số 85-QĐ/TW ngày 07/10/2022", BRIEFING, "unknown", "85-QĐ/TW", "85-QĐ/TW@2022-10-07"),
    ("Quyết định 85", BRIEFING, "unknown", None, "85-QĐ/TW@2022-10-07"),
    ("Quy định 08", D(2020, 1, 1), "resolved", "08-QĐi/TW@2018-10-25", None),
    ("QĐ 08", D(2020, 1, 1), "resolved", "08-QĐi/TW@2018-10-25", None),
    ("Quy định số 08-QĐi/TW ngày 25/10/2018", D(2020, 1, 1), "exact", "08-QĐi/TW@2018-10-25", None),
    ("Quy định 08-QĐ/TW", D(2020, 1, 1), "unknown", "08-QĐ/TW", "08-QĐi/TW@2018-10-25"),
    # Other types.
    ("Kết luận 21", D(2022, 3, 1), "resolved", "21-KL/TW@2021-10-25", None),
    ("KL 01", D(2021, 6, 1), "resolved", "01-KL/TW@2021-05-18", None),
    ("Chỉ thị 05-CT/TW", D(2021, 6, 1), "resolved", "05-CT/TW@2016-05-15", None),
    ("Chỉ thị số 5-CT/TW", D(2021, 6, 1), "resolved", "05-CT/TW@2016-05-15", None),
    ("CT 05", D(2021, 6, 1), "resolved", "05-CT/TW@2016-05-15", None),
    ("HD 99-HD/BTGTW", BRIEFING, "resolved", "99-HD/BTGTW@2023-03-20", None),
    ("Hướng dẫn số 99-HD/BTGTW, ngày 20/3/2023", BRIEFING, "exact", "99-HD/BTGTW@2023-03-20", None),
    ("Hướng dẫn 99", BRIEFING, "resolved", "99-HD/BTGTW@2023-03-20", None),
    # Numbers restart each term: the conference date chooses.
    ("NQ 18", D(2018, 3, 10), "resolved", "18-NQ/TW@2017-10-25", "18-NQ/TW@2017-10-25"),
    ("NQ 18", D(2023, 3, 10), "resolved", "18-NQ/TW@2022-06-16", "18-NQ/TW@2022-06-16"),
    ("Nghị quyết số 18-NQ/TW", D(2023, 3, 10), "resolved", "18-NQ/TW@2022-06-16", "18-NQ/TW@2022-06-16"),
    ("Nghị quyết số 18-NQ/TW ngày 25/10/2017", D(2023, 3, 10), "exact", "18-NQ/TW@2017-10-25", None),
    ("Nghị quyết 18-NQ/TW khóa XII", D(2023, 3, 10), "resolved", "18-NQ/TW@2017-10-25", None),
    ("Nghị quyết 18-NQ/TW năm 2017", D(2023, 3, 10), "resolved", "18-NQ/TW@2017-10-25", None),
    ("Nghị quyết số 18-NQ/TW của Hội nghị Trung ương 6 khoá XII", D(2023, 3, 10), "resolved",
     "18-NQ/TW@2017-10-25", None),
    ("Nghị quyết 19", D(2022, 1, 1), "resolved", "19-NQ/TW@2017-10-25", None),
    ("Nghị quyết 19", D(2022, 7, 1), "resolved", "19-NQ/TW@2022-06-16", None),
    ("NQ 20", D(2019, 1, 1), "resolved", "20-NQ/TW@2017-10-25", None),
    ("nghị quyết 21-nq/tw", D(2024, 1, 1), "resolved", "21-NQ/TW@2022-06-16", "21-NQ/TW@2022-06-16"),
    ("Nghị quyết 27", D(2020, 1, 1), "resolved", "27-NQ/TW@2018-05-21", None),
    ("Nghị quyết 27", D(2023, 1, 1), "resolved", "27-NQ/TW@2022-11-09", None),
    ("Nghị quyết 28", D(2020, 1, 1), "resolved", "28-NQ/TW@2018-05-23", None),
    ("Nghị quyết 29-NQ/TW", D(2020, 1, 1), "resolved", "29-NQ/TW@2013-11-04", None),
    ("Chỉ thị 35", D(2020, 1, 10), "resolved", "35-CT/TW@2019-05-30", None),
    ("Chỉ thị 35", D(2024, 9, 10), "resolved", "35-CT/TW@2024-06-14", None),
    ("Chỉ thị số 35-CT/TW ngày 30/5/2019", D(2024, 9, 10), "exact", "35-CT/TW@2019-05-30", None),
    # Without a conference date, a code held by two documents cannot be chosen.
    ("Nghị quyết số 18-NQ/TW", None, "ambiguous", None, "18-NQ/TW@2022-06-16"),
    ("NQ 35", None, "resolved", "35-NQ/TW@2018-10-22", None),
    # Written before the document existed, or with a date the catalogue does not know.
    ("NQ 21", D(2016, 1, 1), "unknown", "21-NQ/TW", "21-NQ/TW@2017-10-25"),
    ("Quy định 85", D(2022, 1, 1), "unknown", "85-QĐ/TW", "85-QĐ/TW@2022-10-07"),
    ("Nghị quyết số 18-NQ/TW ngày 20/10/2017", D(2018, 1, 1), "unknown", "18-NQ/TW", "18-NQ/TW@2017-10-25"),
    ("Nghị quyết 18-NQ/TW năm 2019", D(2020, 1, 1), "unknown", "18-NQ/TW", None),
    # Codes the catalogue does not hold: kept, canonical code given, near codes suggested.
    ("Nghị quyết số 58-NQ/TW", D(2025, 3, 1), "unknown", "58-NQ/TW", "59-NQ/TW@2025-01-24"),
    ("11- QĐ/TW", BRIEFING, "unknown", "11-QĐ/TW", None),
    ("58-KH/ĐU", BRIEFING, "unknown", "58-KH/ĐU", None),
    ("Kế hoạch số 58-KH/\u00d0U ngày 05/01/2023", BRIEFING, "unknown", "58-KH/ĐU", None),
    ("Kế hoạch 97-KH/ĐUK", BRIEFING, "unknown", "97-KH/ĐUK", None),
    ("Kết luận số 35-NQ/TW", BRIEFING, "ambiguous", "35-NQ/TW", "35-NQ/TW@2018-10-22"),
    # State documents stay apart, even when their type letters are a Party type's.
    ("Nghị định 30/2020/NĐ-CP", BRIEFING, "unknown", "30/2020/NĐ-CP", None),
    ("nghị định số 30/2020/nđ-cp", BRIEFING, "unknown", "30/2020/NĐ-CP", None),
    ("Nghị quyết 1027/NQ-UBTVQH14", BRIEFING, "unknown", "1027/NQ-UBTVQH14", None),
    ("Nghị quyết số 01/NQ-CP", BRIEFING, "unknown", "01/NQ-CP", None),
    ("Quyết định 15/QĐ-UBND", BRIEFING, "unknown", "15/QĐ-UBND", None),
    ("Luật số 59/2020/QH14", BRIEFING, "unknown", "59/2020/QH14", None),
    # By name: resolved only when the catalogue knows what the plenum issued.
    ("Nghị quyết Trung ương 8 khóa XIII", D(2024, 1, 1), "ambiguous", None, "42-NQ/TW@2023-11-24"),
    ("Nghị quyết Hội nghị Trung ương 8 (khoá XIII)", D(2024, 1, 1), "ambiguous", None, "42-NQ/TW@2023-11-24"),
    ("NQ TW8 khóa XIII", D(2024, 1, 1), "ambiguous", None, "42-NQ/TW@2023-11-24"),
    (NFD("Nghị quyết Trung ương 6 khoá XII"), D(2018, 1, 1), "ambiguous", None, "18-NQ/TW@2017-10-25"),
    ("Nghị quyết Trung ương 4 khóa XII", D(2017, 1, 1), "resolved", "04-NQ/TW@2016-10-30", None),
    ("Nghị quyết TW 4 khoá 12", D(2017, 1, 1), "resolved", "04-NQ/TW@2016-10-30", None),
    ("Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XII", D(2019, 1, 1), "resolved",
     "36-NQ/TW@2018-10-22", None),
    ("Nghị quyết Trung ương 8", D(2019, 1, 1), "resolved", "36-NQ/TW@2018-10-22", None),
    ("Nghị quyết Trung ương 8", D(2024, 1, 1), "ambiguous", None, "42-NQ/TW@2023-11-24"),
    ("Kết luận Trung ương 4 khóa XIII", D(2022, 1, 1), "resolved", "21-KL/TW@2021-10-25", None),
    ("Nghị quyết Trung ương 4 khóa XIII", D(2022, 1, 1), "unrecognised", None, "21-KL/TW@2021-10-25"),
    ("Nghị quyết Trung ương 5 khóa XIII số 18-NQ/TW", D(2023, 1, 1), "resolved", "18-NQ/TW@2022-06-16", None),
    ("Nghị quyết Đại hội XIII", D(2021, 4, 1), "resolved", "Nghị quyết Đại hội XIII@2021-02-01", None),
    ("Nghị quyết Đại hội XIII của Đảng", D(2021, 4, 1), "resolved", "Nghị quyết Đại hội XIII@2021-02-01", None),
    ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", D(2021, 4, 1), "resolved",
     "Nghị quyết Đại hội XIII@2021-02-01", None),
    ("nghị quyết đại hội 13", D(2021, 4, 1), "resolved", "Nghị quyết Đại hội XIII@2021-02-01", None),
    # No code, no known name: kept as written; a title may still suggest.
    ("Nghị quyết Đại hội Đảng bộ phường lần thứ XIII", D(2021, 4, 1), "unrecognised", None, None),
    ("Nghị quyết về phát triển kinh tế tư nhân", D(2025, 6, 1), "unrecognised", None, "68-NQ/TW@2025-05-04"),
    ("Văn bản của cấp trên", D(2025, 6, 1), "unrecognised", None, None),
    # Several references in one text are never merged into one.
    ("Nghị quyết số 35-NQ/TW; Quy định 85", BRIEFING, "ambiguous", None, "35-NQ/TW@2018-10-22"),
]


@pytest.mark.parametrize("text, on, status, identity, first_candidate", FORMS)
def test_written_form(text, on, status, identity, first_candidate):
    r = resolve_reference(text, on)
    assert r.status == status, r
    if status in ("exact", "resolved"):
        assert r.key == identity
    elif status == "unknown":
        assert r.key is None and r.code == identity
    else:
        assert r.key is None
    if first_candidate is not None:
        assert r.candidates[0] == first_candidate, r
    assert r.text == clean_text(text)  # kept as written (NFC, spaces collapsed, Ð → Đ)


def test_there_are_enough_forms():
    assert len(FORMS) >= 60
    assert {f[2] for f in FORMS} == set(STATUSES)


def test_every_non_exact_result_carries_what_a_warning_needs():
    for text, on, *_ in FORMS:
        r = resolve_reference(text, on)
        assert r.needs_warning == (r.status != "exact")
        assert r.reason, r
        if r.status in ("resolved", "ambiguous"):
            assert r.candidates, r
        if r.status == "resolved":
            assert r.candidates[0] == r.key


def test_one_document_in_many_forms_is_one_identity():
    forms = ["Nghị quyết số 35-NQ/TW ngày 22/10/2018", "NQ 35", "Nghị quyết số 35", "35/NQ-TW", "35 – NQ/TW",
             "nghị quyết 35-nq/tw", NFD("Nghị quyết số 35")]
    assert {resolve_reference(f, BRIEFING).identity for f in forms} == {"35-NQ/TW@2018-10-22"}


def test_same_code_two_terms_stay_two_documents():
    older = resolve_reference("Nghị quyết số 18-NQ/TW", D(2019, 5, 1))
    newer = resolve_reference("Nghị quyết số 18-NQ/TW", D(2022, 9, 1))
    assert older.code == newer.code == "18-NQ/TW"
    assert older.identity != newer.identity
    assert older.reason == newer.reason == "latest_before"  # a choice was made: the preview says which


def test_only_catalogued_document_is_said_so():
    assert resolve_reference("35-NQ/TW", BRIEFING).reason == "only_one"
    assert resolve_reference("NQ 35", BRIEFING).reason == "short_form_only_one"


def test_exact_after_the_conference_is_flagged():
    r = resolve_reference("Nghị quyết số 21-NQ/TW ngày 16/6/2022", D(2017, 12, 1))
    assert (r.status, r.reason) == ("exact", "code_and_date_after_conference")


def test_unknown_keeps_its_written_date_and_a_provisional_identity():
    r = resolve_reference("Kế hoạch số 58-KH/ĐU ngày 05/01/2023", BRIEFING)
    assert (r.status, r.code, r.issued) == ("unknown", "58-KH/ĐU", D(2023, 1, 5))
    assert r.identity == "58-KH/ĐU@2023-01-05"
    assert r.local  # every ward's committee signs …/ĐU: unique only with the unit
    assert not resolve_reference("Nghị quyết số 35-NQ/TW", BRIEFING).local


def test_state_documents_are_apart():
    r = resolve_reference("Nghị quyết số 35/NQ-CP", BRIEFING)
    assert (r.system, r.key, r.code) == ("state", None, "35/NQ-CP")
    assert resolve_reference("35/NQ-TW", BRIEFING).system == "party"


def test_several_references_are_listed_not_merged():
    r = resolve_reference("Nghị quyết số 66-NQ/TW và 68-NQ/TW", D(2025, 6, 1))
    assert (r.status, r.reason) == ("ambiguous", "several_references")
    assert r.candidates == ("66-NQ/TW@2025-04-30", "68-NQ/TW@2025-05-04")


def test_suggestions_read_as_names():
    r = resolve_reference("Quyết định số 85-QĐ/TW", BRIEFING)
    assert suggestion_names(r) == ["Quy định số 85-QĐ/TW ngày 7/10/2022"]
    r = resolve_reference("Nghị quyết số 18-NQ/TW", None)
    assert suggestion_names(r)[1] == "Nghị quyết số 18-NQ/TW ngày 25/10/2017 (Trung ương 6 khóa XII)"


def test_conference_date_may_be_a_timestamp_or_missing():
    assert resolve_reference("NQ 18", pd.Timestamp("2018-03-10")).key == "18-NQ/TW@2017-10-25"
    assert resolve_reference("NQ 18", pd.NaT).status == "ambiguous"
    assert resolve_reference("NQ 18", pd.Timestamp("2023-03-10").to_datetime64()).key == "18-NQ/TW@2022-06-16"


def test_error_paths():
    assert resolve_reference("   ", BRIEFING) is None
    assert resolve_reference(None, BRIEFING) is None
    with pytest.raises(TypeError):
        resolve_reference("NQ 18", "10/3/2018")


@pytest.mark.parametrize("cell, pieces", [
    ("Nghị quyết số 35-NQ/TW; Quy định số 85-QĐ/TW; Hướng dẫn số 99-HD/BTGTW",
     ["Nghị quyết số 35-NQ/TW", "Quy định số 85-QĐ/TW", "Hướng dẫn số 99-HD/BTGTW"]),
    ("35-NQ/TW\n85-QĐ/TW", ["35-NQ/TW", "85-QĐ/TW"]),
    ("Nghị quyết số 66-NQ/TW và 68-NQ/TW của Bộ Chính trị", ["Nghị quyết số 66-NQ/TW", "68-NQ/TW của Bộ Chính trị"]),
    ("Nghị quyết số 18-NQ/TW, 19-NQ/TW, 21-NQ/TW", ["Nghị quyết số 18-NQ/TW", "19-NQ/TW", "21-NQ/TW"]),
    ("Nghị quyết số 18, 19, 20 và 21-NQ/TW ngày 25/10/2017",
     [f"Nghị quyết số {n}-NQ/TW ngày 25/10/2017" for n in (18, 19, 20, 21)]),
    ("NQ 18, 19", ["NQ số 18", "NQ số 19"]),
    ("Quy định số 85-QĐ/TW, ngày 07/10/2022 của Ban Bí thư và Hướng dẫn số 99-HD/BTGTW, ngày 20/3/2023",
     ["Quy định số 85-QĐ/TW, ngày 07/10/2022 của Ban Bí thư", "Hướng dẫn số 99-HD/BTGTW, ngày 20/3/2023"]),
    # A code inside a title is part of that reference.
    ("Kết luận số 01-KL/TW về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
     ["Kết luận số 01-KL/TW về tiếp tục thực hiện Chỉ thị số 05-CT/TW"]),
    ("Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, "
     "đấu tranh phản bác các quan điểm sai trái",
     ["Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, "
      "đấu tranh phản bác các quan điểm sai trái"]),
    ("Nghị định 30/2020/NĐ-CP, Nghị quyết 35-NQ/TW", ["Nghị định 30/2020/NĐ-CP", "Nghị quyết 35-NQ/TW"]),
    # "triển khai thực hiện" before a code governs a new reference; "về tiếp tục thực hiện" does not.
    ("Quy định số 85-QĐ/TW về việc sử dụng mạng xã hội và triển khai thực hiện Hướng dẫn số 99-HD/BTGTW",
     ["Quy định số 85-QĐ/TW về việc sử dụng mạng xã hội và triển khai thực hiện", "Hướng dẫn số 99-HD/BTGTW"]),
    ("Nghị quyết Trung ương 8 khóa XIII", ["Nghị quyết Trung ương 8 khóa XIII"]),
    ("Văn bản của cấp trên", ["Văn bản của cấp trên"]),
    (" ; ;", []),
    (None, []),
    (pd.NA, []),
])
def test_split_references(cell, pieces):
    assert split_references(cell) == pieces


def test_split_then_resolve_a_list_of_numbers():
    pieces = split_references("Nghị quyết số 18, 19, 20 và 21-NQ/TW ngày 25/10/2017")
    assert [resolve_reference(p, D(2023, 1, 1)).key for p in pieces] == [
        f"{n}-NQ/TW@2017-10-25" for n in (18, 19, 20, 21)]


def test_find_references_keeps_spans_and_forms():
    text = "tuyên truyền Nghị quyết số 35-NQ/TW; quán triệt Quy định số 85-QĐ/TW và Nghị định 30/2020/NĐ-CP"
    found = find_references(text)
    assert [(m.form, m.code, m.word) for m in found] == [
        ("code", "35-NQ/TW", "Nghị quyết"), ("code", "85-QĐ/TW", "Quy định"), ("state", "30/2020/NĐ-CP", None)]
    # A type word written before a Party code belongs to the reference; "Nghị định" is not a Party type.
    assert [text[m.start:m.end] for m in found] == ["Nghị quyết số 35-NQ/TW", "Quy định số 85-QĐ/TW", "30/2020/NĐ-CP"]
    assert find_references(None) == []
