"""The document catalogue: shipped as data, identities unique, both term series held, extendable from an upload."""

import tomllib
from datetime import date as D
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from dashboard.contract.catalogue import (
    DEFAULT_CATALOGUE,
    TYPE_WORDS,
    Catalogue,
    CatalogueError,
    KnownDocument,
    read_catalogue,
)
from dashboard.contract.documents import (
    CATALOGUE,
    CATALOGUE_BY_CODE,
    CATALOGUE_BY_KEY,
    document_name,
    extend_catalogue,
    resolve_reference,
    split_references,
)

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_ships_inside_the_package():
    assert resources.files("dashboard.contract").joinpath("catalogue.csv").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "contract/*.csv" in config["tool"]["setuptools"]["package-data"]["dashboard"]


def test_rows_are_complete_and_consistent():
    assert len(DEFAULT_CATALOGUE) == len(CATALOGUE) >= 50
    assert len({d.key for d in CATALOGUE}) == len(CATALOGUE)
    for doc in CATALOGUE:
        assert doc.type_code in TYPE_WORDS[doc.vi_type], doc
        assert doc.term and doc.source and doc.title and doc.body, doc
        assert doc.code or doc.occasion, doc


@pytest.mark.parametrize("key", [
    # DOMAIN.md §5: the same numbers in two terms.
    "18-NQ/TW@2017-10-25", "19-NQ/TW@2017-10-25", "20-NQ/TW@2017-10-25", "21-NQ/TW@2017-10-25",
    "18-NQ/TW@2022-06-16", "19-NQ/TW@2022-06-16", "20-NQ/TW@2022-06-16", "21-NQ/TW@2022-06-16",
    # The founding post.
    "35-NQ/TW@2018-10-22", "85-QĐ/TW@2022-10-07", "99-HD/BTGTW@2023-03-20",
    # Widely studied central documents named in the brief.
    "05-CT/TW@2016-05-15", "01-KL/TW@2021-05-18", "21-KL/TW@2021-10-25", "37-QĐ/TW@2021-10-25",
    "24-QĐ/TW@2021-07-30", "27-NQ/TW@2022-11-09", "29-NQ/TW@2022-11-17", "44-NQ/TW@2023-11-24",
    "45-NQ/TW@2023-11-24", "57-NQ/TW@2024-12-22", "59-NQ/TW@2025-01-24", "66-NQ/TW@2025-04-30",
    "68-NQ/TW@2025-05-04", "Nghị quyết Đại hội XIII@2021-02-01",
])
def test_catalogue_holds(key):
    assert key in DEFAULT_CATALOGUE


def test_plenums_are_recorded():
    assert [d.number for d in DEFAULT_CATALOGUE.of_occasion("6", "XII")] == [18, 19, 20, 21]
    assert [d.number for d in DEFAULT_CATALOGUE.of_occasion("5", "XIII")] == [18, 19, 20, 21]
    assert DEFAULT_CATALOGUE.get("18-NQ/TW@2017-10-25").occasion == "Trung ương 6 khóa XII"


def test_every_sample_reference_has_an_identity():
    for path in sorted((ROOT / "data" / "samples").glob("*_conferences.csv")):
        frame = pd.read_csv(path, dtype=str)
        for cell, day in zip(frame["Văn bản"], frame["Ngày"]):
            on = pd.to_datetime(day, dayfirst=True).date()
            for ref in split_references(cell):
                r = resolve_reference(ref, on)
                assert r.status in ("exact", "resolved") and r.key in DEFAULT_CATALOGUE, (path.name, ref, r)


def test_older_names_keep_working():
    assert isinstance(CATALOGUE, tuple) and all(isinstance(d, KnownDocument) for d in CATALOGUE)
    # A code alone maps to its latest document; the key names each one.
    assert CATALOGUE_BY_CODE["18-NQ/TW"].issued == D(2022, 6, 16)
    assert CATALOGUE_BY_KEY["18-NQ/TW@2017-10-25"].title.startswith("Một số vấn đề về tiếp tục đổi mới, sắp xếp")
    assert document_name("85-QĐ/TW") == "Quy định số 85-QĐ/TW"
    assert document_name("18-NQ/TW@2017-10-25") == "Nghị quyết số 18-NQ/TW ngày 25/10/2017"
    assert document_name("Nghị quyết Đại hội XIII@2021-02-01") == "Nghị quyết Đại hội XIII ngày 1/2/2021"
    assert document_name("58-KH/ĐU@2023-01-05") == "58-KH/ĐU ngày 5/1/2023"
    assert document_name("1-XX/YY") == "1-XX/YY"


def test_known_document_identity():
    doc = KnownDocument("18-NQ/TW", "Nghị quyết", D(2022, 6, 16), "Về đất đai", body="Ban Chấp hành Trung ương",
                        term="XIII", plenum="5")
    assert (doc.key, doc.type_code, doc.number, doc.issuer) == ("18-NQ/TW@2022-06-16", "NQ", 18, "TW")
    assert doc.full_name == "Nghị quyết số 18-NQ/TW ngày 16/6/2022 (Trung ương 5 khóa XIII)"


# A made-up Quyết định sharing its code with a real Quy định of another term:
# test data only, not a real document.
FICTIONAL = pd.DataFrame([{
    "Loại văn bản": "Quyết định", "Số, ký hiệu": "85 – QĐ/TW", "Ngày ban hành": "02/3/2017",
    "Trích yếu": "Văn bản giả định dùng cho kiểm thử", "Khóa": "12",
}])


def test_extend_with_an_uploaded_row():
    extended = extend_catalogue(FICTIONAL)
    assert "85-QĐ/TW@2017-03-02" in extended and "85-QĐ/TW@2017-03-02" not in DEFAULT_CATALOGUE
    assert extended.get("85-QĐ/TW@2017-03-02").term == "XII"
    on = D(2023, 4, 27)
    # The type word decides between the two documents coded 85-QĐ/TW.
    assert resolve_reference("Quyết định số 85-QĐ/TW", on, extended).key == "85-QĐ/TW@2017-03-02"
    assert resolve_reference("Quy định số 85-QĐ/TW", on, extended).key == "85-QĐ/TW@2022-10-07"
    assert resolve_reference("Quyết định 85", on, extended).key == "85-QĐ/TW@2017-03-02"
    # The abbreviation alone does not decide: the date does, and the other one is offered.
    only_code = resolve_reference("QĐ 85-QĐ/TW", on, extended)
    assert (only_code.key, only_code.reason) == ("85-QĐ/TW@2022-10-07", "latest_before")
    assert only_code.candidates == ("85-QĐ/TW@2022-10-07", "85-QĐ/TW@2017-03-02")
    # The same rows again change nothing.
    assert len(extend_catalogue(FICTIONAL, extended)) == len(extended)


def test_extending_reports_every_problem_at_once():
    rows = pd.DataFrame([
        {"type_word": "Nghị quyết", "code": "99-NQ/TW", "issued": "31/02/2024"},          # row 2: no such day
        {"type_word": "Công văn", "code": "12-CV/TW", "issued": "01/3/2024"},             # row 3: neither word nor code Party
        {"type_word": "Nghị quyết", "code": "12-KL/TW", "issued": "01/3/2024"},           # row 4: word ≠ code
        {"type_word": "Kết luận", "code": "abc", "issued": "01/3/2024"},                  # row 5: no code
        {"type_word": "Kết luận", "code": "", "issued": "01/3/2024"},                     # row 6: nothing to identify it
        {"type_word": "Quy định", "code": "85-QĐ/TW", "issued": "07/10/2022",
         "title": "Một trích yếu khác"},                                                 # row 7: contradicts the catalogue
        {"type_word": "Kết luận", "code": "77-KL/TW", "issued": "01/3/2024"},             # row 8
        {"type_word": "Kết luận", "code": "77 - KL/TW", "issued": "2024-03-01"},          # row 9: same key as row 8
    ])
    with pytest.raises(CatalogueError) as caught:
        extend_catalogue(rows)
    found = [(p["row"], p["column"], p["code"]) for p in caught.value.problems]
    assert found == [
        (2, "issued", "bad_date"), (3, "type_word", "unknown_type_word"), (3, "code", "bad_code"),
        (4, "code", "type_mismatch"),
        (5, "code", "bad_code"), (6, "code", "no_identity"), (7, "code", "conflicts_catalogue"),
        (9, "code", "duplicate_key"),
    ]
    assert "77-KL/TW@2024-03-01" not in DEFAULT_CATALOGUE  # the shipped catalogue never changes


def test_duplicate_keys_are_refused(tmp_path):
    with pytest.raises(ValueError, match="share the key"):
        Catalogue((CATALOGUE[0], CATALOGUE[0]))
    bad = tmp_path / "catalogue.csv"
    bad.write_text("type_word,code,issued,body,term,plenum,title,source\nNghị quyết,35-NQ/TW,22/13/2018,,,,,\n",
                   encoding="utf-8")
    with pytest.raises(CatalogueError, match="bad_date"):
        read_catalogue(bad)


def test_a_catalogue_file_can_be_read_from_a_path(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text("type_word,code,issued,body,term,plenum,title,source\n"
                    "Nghị quyết,35-NQ/TW,2018-10-22,Bộ Chính trị,XII,,Về tăng cường…,test\n", encoding="utf-8")
    small = read_catalogue(path)
    assert [d.key for d in small] == ["35-NQ/TW@2018-10-22"]
    assert resolve_reference("NQ 18", D(2023, 1, 1), small).status == "unknown"
