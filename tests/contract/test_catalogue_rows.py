"""Documents a unit uploaded, as stored rows and back: the catalogue in force (shipped + stored)."""

from datetime import date

import pandas as pd
import pytest

from dashboard.contract.catalogue import (
    DEFAULT_CATALOGUE, CatalogueError, KnownDocument, catalogue_with, documents_of, stored_rows,
)
from dashboard.contract.documents import document_name, extend_catalogue, resolve_reference
from dashboard.contract.schema import STORED_SCHEMAS, UPLOAD_TABLES, from_stored, to_stored

# Made-up documents (test data only).
PLAN = KnownDocument("58-KH/ĐU", "Kế hoạch", date(2023, 1, 15), "Về học tập chuyên đề", body="Ban Thường vụ")
CONGRESS = KnownDocument("", "Nghị quyết", date(2020, 10, 10), "Nghị quyết Đại hội Đảng bộ", type_code="NQ",
                         term="XXIII", plenum="Đại hội")


def test_documents_survive_the_stored_form():
    frame = from_stored(to_stored("catalogue", stored_rows("Đảng ủy phường A", [PLAN, CONGRESS])))
    assert list(frame.columns) == STORED_SCHEMAS["catalogue"].names
    assert frame["document"].tolist() == ["58-KH/ĐU@2023-01-15", "Nghị quyết Đại hội XXIII@2020-10-10"]
    assert pd.isna(frame.loc[1, "code"]) and pd.isna(frame.loc[0, "term"])
    assert documents_of(frame) == [PLAN, CONGRESS]


def test_the_catalogue_in_force_adds_stored_rows_per_unit():
    rows = pd.concat([stored_rows("Đảng ủy phường A", [PLAN]), stored_rows("Đảng ủy phường B", [CONGRESS])])
    both = catalogue_with(rows)
    assert len(both) == len(DEFAULT_CATALOGUE) + 2 and PLAN.key in both
    assert document_name(PLAN.key, both) == "Kế hoạch số 58-KH/ĐU ngày 15/1/2023"
    only_a = catalogue_with(rows, units=["Đảng ủy phường A"])
    assert PLAN.key in only_a and CONGRESS.key not in only_a
    assert resolve_reference("Kế hoạch số 58-KH/ĐU ngày 15/01/2023", date(2023, 3, 1), only_a).status == "exact"
    assert catalogue_with(rows, units=["Đảng ủy phường C"]) is DEFAULT_CATALOGUE
    assert catalogue_with(None) is DEFAULT_CATALOGUE and DEFAULT_CATALOGUE.get(PLAN.key) is None


def test_two_units_adding_one_key_make_one_document():
    rows = pd.concat([stored_rows("Đảng ủy phường B", [PLAN]), stored_rows("Đảng ủy phường A", [PLAN])])
    assert len(catalogue_with(rows)) == len(DEFAULT_CATALOGUE) + 1


def test_a_shipped_document_wins_over_a_stored_row():
    shipped = DEFAULT_CATALOGUE.get("35-NQ/TW@2018-10-22")
    rows = stored_rows("Đảng ủy phường A", [KnownDocument(shipped.code, shipped.vi_type, shipped.issued, "Khác")])
    assert catalogue_with(rows) is DEFAULT_CATALOGUE


def test_unreadable_stored_rows_are_skipped():
    rows = stored_rows("Đảng ủy phường A", [PLAN]).assign(type_word="Công văn")
    assert documents_of(rows) == []


def test_a_duplicate_names_the_first_row_and_the_key():
    rows = pd.DataFrame([{"Loại văn bản": "Kế hoạch", "Số, ký hiệu": "58-KH/ĐU", "Ngày ban hành": "15/01/2023"}] * 2)
    with pytest.raises(CatalogueError) as caught:
        extend_catalogue(rows)
    (problem,) = caught.value.problems
    assert (problem["row"], problem["first_row"], problem["key"]) == (3, 2, "58-KH/ĐU@2023-01-15")


def test_the_upload_file_reads_the_headers_extend_catalogue_reads():
    from dashboard.contract.documents import _HEADER_LOOKUP
    from dashboard.contract.schema import header_lookup

    upload = header_lookup(UPLOAD_TABLES["catalogue"])
    assert {c.vi for c in UPLOAD_TABLES["catalogue"].columns[1:]} <= {h for h in (
        "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Hội nghị", "Trích yếu", "Nguồn")}
    # Every header the file recognises names the column extend_catalogue reads it as.
    for folded, column in upload.items():
        if column != "unit":
            assert _HEADER_LOOKUP.get(folded, column) == column, folded
