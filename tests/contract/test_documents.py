"""Document references: every written form maps to one canonical code; raw text kept."""

import pytest

from dashboard.contract.documents import document_name, parse_reference


@pytest.mark.parametrize("raw, code", [
    ("35-NQ/TW", "35-NQ/TW"),
    ("Nghị quyết số 35-NQ/TW", "35-NQ/TW"),
    ("Nghị quyết số 35 – NQ/TW ngày 22/10/2018", "35-NQ/TW"),
    ("11- QĐ/TW", "11-QĐ/TW"),
    ("Quy định 85-qđ/tw", "85-QĐ/TW"),
    ("99-HD/BTGTW", "99-HD/BTGTW"),
    ("08-QĐi/TW", "08-QĐi/TW"),
    ("8-QĐi/TW", "08-QĐi/TW"),
    ("5-CT/TW", "05-CT/TW"),
    ("58-KH/ĐU", "58-KH/ĐU"),
    ("58-KH/\u00d0U", "58-KH/ĐU"),
    ("35/NQ-TW", "35-NQ/TW"),
    ("Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP"),
    ("Nghị quyết 57—NQ/TW", "57-NQ/TW"),
])
def test_recognised_forms(raw, code):
    ref = parse_reference(raw)
    assert ref.code == code
    assert ref.recognised
    assert ref.raw == raw.strip() or ref.raw


@pytest.mark.parametrize("raw", ["Nghị quyết Trung ương 8 khóa XIII", "Nghị quyết số 35", "NQ 35"])
def test_unrecognised_kept_as_written(raw):
    ref = parse_reference(raw)
    assert not ref.recognised
    assert ref.code == raw


def test_blank_is_none():
    assert parse_reference("  ") is None


def test_document_names():
    assert document_name("85-QĐ/TW") == "Quy định số 85-QĐ/TW"
    assert document_name("1-XX/YY") == "1-XX/YY"
