"""Committees other than a ward's: a commune, a district (quận) and a city committee name themselves, date the
report from their place, number it with their own code and sign for their standing committee."""

from __future__ import annotations

import io

import pytest
from docx import Document

from dashboard.ingest import commit_upload
from dashboard.report import file_name, render, report_content
from dashboard.report.content import SIGNATURE, SUPERIOR_PLACEHOLDER, committee_of
from dashboard.settings import Settings
from dashboard.store import load
from tests.ingest.helpers import ATTENDANCE, CONFERENCES, ORGS, UNIT as WARD, csv_file
from tests.report.conftest import PERIOD

COMMUNE = "Đảng ủy xã Hòa Bắc"
DISTRICT = "Đảng bộ quận Thanh Khê"
CITY = "Đảng bộ thành phố Đà Nẵng"


@pytest.mark.parametrize("unit, name, place, code, office", [
    ("Đảng ủy phường Thanh Khê Tây", "Đảng ủy phường Thanh Khê Tây", "Thanh Khê Tây", "ĐU", "Đảng ủy"),
    ("Đảng uỷ phường Thanh Khê Tây", "Đảng uỷ phường Thanh Khê Tây", "Thanh Khê Tây", "ĐU", "Đảng ủy"),
    ("Đảng bộ phường Xuân Hà", "Đảng ủy phường Xuân Hà", "Xuân Hà", "ĐU", "Đảng ủy"),
    ("Đảng ủy xã Hòa Bắc", "Đảng ủy xã Hòa Bắc", "Hòa Bắc", "ĐU", "Đảng ủy"),
    ("Đảng ủy thị trấn Hòa Khương", "Đảng ủy thị trấn Hòa Khương", "Hòa Khương", "ĐU", "Đảng ủy"),
    ("Đảng ủy đặc khu Phú Quốc", "Đảng ủy đặc khu Phú Quốc", "Phú Quốc", "ĐU", "Đảng ủy"),
    ("Đảng bộ quận Thanh Khê", "Quận ủy Thanh Khê", "Thanh Khê", "QU", "Quận ủy"),
    ("Quận ủy Thanh Khê", "Quận ủy Thanh Khê", "Thanh Khê", "QU", "Quận ủy"),
    ("Đảng bộ huyện Hòa Vang", "Huyện ủy Hòa Vang", "Hòa Vang", "HU", "Huyện ủy"),
    ("Đảng bộ thị xã Điện Bàn", "Thị ủy Điện Bàn", "Điện Bàn", "TU", "Thị ủy"),
    ("Đảng bộ thành phố Đà Nẵng", "Thành ủy Đà Nẵng", "Đà Nẵng", "TU", "Thành ủy"),
    ("Đảng bộ tỉnh Quảng Nam", "Tỉnh ủy Quảng Nam", "Quảng Nam", "TU", "Tỉnh ủy"),
    ("Tỉnh uỷ Quảng Nam", "Tỉnh ủy Quảng Nam", "Quảng Nam", "TU", "Tỉnh ủy"),
    # Another form: the name as it is, dated from the province it names.
    ("Đảng ủy Khối các cơ quan tỉnh Quảng Nam", "Đảng ủy Khối các cơ quan tỉnh Quảng Nam", "Quảng Nam", "ĐU",
     "Đảng ủy"),
])
def test_the_committee_of_a_unit(unit, name, place, code, office):
    committee = committee_of(unit)
    assert (committee.name, committee.place, committee.code, committee.office) == (name, place, code, office)
    assert committee.number_line == f"Số     -BC/{code}"


def test_a_superior_is_named_as_its_party_organisation():
    assert committee_of("Quận ủy Thanh Khê").organisation == "Đảng bộ quận Thanh Khê"
    assert committee_of("Thành ủy Đà Nẵng").organisation == "Đảng bộ thành phố Đà Nẵng"
    assert committee_of("Đảng ủy phường Thanh Khê").organisation == "Đảng bộ phường Thanh Khê"
    assert committee_of("Ban Chấp hành Trung ương").organisation == "Ban Chấp hành Trung ương"


# --- a commune ----------------------------------------------------------------------------------------------

def _commune(text: str) -> str:
    return (text.replace(WARD, COMMUNE).replace("phường A", "xã Hòa Bắc")
            .replace("Chi bộ khu dân cư số 1", "Chi bộ thôn Tà Lang"))


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    """A commune's store: one conference in Quý II/2023, the commune under a district committee (Huyện ủy)."""
    store = tmp_path_factory.mktemp("commune-report") / "store"
    units = "Đơn vị,Trực thuộc,Từ ngày,Đến ngày,Sáp nhập vào\n" f"{COMMUNE},Huyện ủy Hòa Vang,,,\n"
    commit_upload([csv_file("orgs.csv", _commune(ORGS)), csv_file("conf.csv", _commune(CONFERENCES)),
                   csv_file("att.csv", _commune(ATTENDANCE)), csv_file("units.csv", units)],
                  store, settings=Settings.load(store=store, default_unit=COMMUNE))
    return report_content(load(store), COMMUNE, PERIOD)


def test_a_commune_report(commune):
    assert commune.superior_line == "ĐẢNG BỘ HUYỆN HÒA VANG"  # the superior as a Party organisation
    assert commune.issuing_line == "ĐẢNG ỦY XÃ HÒA BẮC"
    assert commune.number_line == "Số     -BC/ĐU"
    assert commune.place_date == "Hòa Bắc, ngày 30 tháng 6 năm 2023"
    assert commune.signature == SIGNATURE == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert commune.recipients == ("- Ban Thường vụ Huyện ủy Hòa Vang (để báo cáo),", "- Các chi bộ trực thuộc,",
                                  "- Lưu Văn phòng Đảng ủy.")
    assert "Ban Thường vụ Đảng ủy xã Hòa Bắc báo cáo" in commune.opening
    assert "phường" not in commune.opening + commune.place_date + " ".join(commune.recipients)
    assert file_name(commune) == "bao-cao-hoa-bac-2023-Q2.docx"


def test_a_commune_docx_header(commune):
    document = Document(io.BytesIO(render(commune, "docx")))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ HUYỆN HÒA VANG", "ĐẢNG ỦY XÃ HÒA BẮC", "*", "Số     -BC/ĐU"]
    assert right.paragraphs[-1].text == "Hòa Bắc, ngày 30 tháng 6 năm 2023"


# --- a district committee and a city committee (units above their wards, in the sample) ------------------

@pytest.fixture(scope="module")
def district(tables):
    return report_content(tables, DISTRICT, PERIOD)


def test_a_district_report(district):
    assert district.unit == DISTRICT
    assert district.superior_line == "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG"
    assert district.issuing_line == "QUẬN ỦY THANH KHÊ"  # the committee, not the organisation
    assert district.number_line == "Số     -BC/QU"
    assert district.place_date == "Thanh Khê, ngày 30 tháng 6 năm 2023"
    assert district.signature == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    assert district.recipients == ("- Ban Thường vụ Thành ủy Đà Nẵng (để báo cáo),",
                                   "- Các đảng bộ, chi bộ trực thuộc,", "- Lưu Văn phòng Quận ủy.")
    assert "Ban Thường vụ Quận ủy Thanh Khê báo cáo" in district.opening
    assert file_name(district, "pdf") == "bao-cao-thanh-khe-2023-Q2.pdf"


def test_a_district_docx_and_html(district):
    document = Document(io.BytesIO(render(district, "docx")))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG", "QUẬN ỦY THANH KHÊ", "*", "Số     -BC/QU"]
    assert right.paragraphs[-1].text == "Thanh Khê, ngày 30 tháng 6 năm 2023"
    signature = next(t for t in document.tables if "T/M BAN THƯỜNG VỤ" in t.rows[0].cells[1].text)
    assert "- Lưu Văn phòng Quận ủy." in [p.text for p in signature.rows[0].cells[0].paragraphs]
    page = render(district, "html").decode("utf-8")
    assert "QUẬN ỦY THANH KHÊ" in page and "Số     -BC/QU" in page and "-BC/ĐU" not in page
    assert district.appendix and "của Ban Thường vụ Quận ủy Thanh Khê)" in page  # the appendix's line


def test_a_city_report(tables):
    city = report_content(tables, CITY, "Quý III/2025")
    assert city.issuing_line == "THÀNH ỦY ĐÀ NẴNG" and city.number_line == "Số     -BC/TU"
    assert city.place_date.startswith("Đà Nẵng, ngày 30 tháng 9 năm 2025")
    assert city.superior_line == SUPERIOR_PLACEHOLDER  # the units table names none: the committee fills it
    assert city.recipients[-1] == "- Lưu Văn phòng Thành ủy."
