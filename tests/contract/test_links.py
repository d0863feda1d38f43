"""A conference row's "Văn bản" cell → links: identity, code, status, and role from the verb, the column or the kind."""

from datetime import date

import pandas as pd
import pytest

from dashboard.contract.links import LEGACY, conference_links, link_rows, parse_role, upgrade_legacy

ON = date(2023, 4, 27)


@pytest.mark.parametrize("text, role", [
    ("học tập", "studied"), ("Học tập, quán triệt", "studied"), ("QUÁN TRIỆT", "studied"), ("học bù", "studied"),
    ("nghiên cứu", "studied"), ("triển khai thực hiện", "studied"), ("Studied", "studied"),
    ("tuyên truyền", "disseminated"), ("Thông tin", "disseminated"), ("giới thiệu", "disseminated"),
    ("phổ biến", "disseminated"), ("disseminated", "disseminated"), ("tuyen truyen", "disseminated"),
    ("", None), (None, None), ("xem", None), ("có", None),
])
def test_parse_role(text, role):
    assert parse_role(text) == role


def roles(cell, kind="thong_tin_thoi_su", role=None):
    return [(link.code, link.role, link.role_from) for link in conference_links(cell, kind, ON, role)]


def test_verbs_then_column_then_kind():
    cell = "tuyên truyền Nghị quyết số 35-NQ/TW; Quy định số 85-QĐ/TW"
    assert roles(cell) == [("35-NQ/TW", "disseminated", "verb"), ("85-QĐ/TW", "disseminated", "kind")]
    assert roles(cell, role="studied") == [("35-NQ/TW", "disseminated", "verb"), ("85-QĐ/TW", "studied", "column")]
    assert roles(cell, kind="hoc_tap_quan_triet") == [("35-NQ/TW", "disseminated", "verb"),
                                                      ("85-QĐ/TW", "studied", "kind")]
    assert roles(cell, kind="khac") == [("35-NQ/TW", "disseminated", "verb"), ("85-QĐ/TW", "disseminated", "none")]


def test_a_verb_governs_the_references_coordinated_with_it():
    cell = "quán triệt, triển khai thực hiện Quy định số 85-QĐ/TW và Hướng dẫn số 99-HD/BTGTW"
    assert roles(cell) == [("85-QĐ/TW", "studied", "verb"), ("99-HD/BTGTW", "studied", "verb")]
    listed = "quán triệt Nghị quyết số 18, 19 và 21-NQ/TW ngày 16/6/2022"
    assert [(c, r) for c, r, _ in roles(listed)] == [("18-NQ/TW", "studied"), ("19-NQ/TW", "studied"),
                                                     ("21-NQ/TW", "studied")]


def test_identity_code_and_status():
    links = conference_links("Nghị quyết số 35-NQ/TW ngày 22/10/2018; NQ 35; Văn bản của cấp trên", "khac", ON)
    assert [(l.identity, l.code, l.status) for l in links] == [
        ("35-NQ/TW@2018-10-22", "35-NQ/TW", "exact"), ("35-NQ/TW@2018-10-22", "35-NQ/TW", "resolved"),
        ("Văn bản của cấp trên", None, "unrecognised")]
    rows = link_rows(links)
    assert [r["document"] for r in rows] == ["35-NQ/TW@2018-10-22", "Văn bản của cấp trên"]
    assert rows[0]["raw"] == "Nghị quyết số 35-NQ/TW ngày 22/10/2018"  # the first spelling is kept


def test_blank_cells_and_bad_roles():
    assert conference_links(None, "khac", ON) == [] and conference_links("  ", "khac", ON) == []
    with pytest.raises(ValueError):
        conference_links("35-NQ/TW", "khac", ON, role="học tập")  # a role, not a cell: parse_role first
    with pytest.raises(ValueError):
        conference_links("35-NQ/TW", "not_a_kind", ON)


def test_upgrade_legacy_leaves_new_rows_and_fills_old_ones():
    links = pd.DataFrame({"unit": ["U"] * 3, "conference_id": ["A", "A", "B"],
                          "document": ["18-NQ/TW", "NQ 18", "18-NQ/TW@2022-06-16"],
                          "raw": ["quán triệt Nghị quyết số 18-NQ/TW", "NQ 18", "NQ 18"],
                          "code": [None, None, "18-NQ/TW"], "status": [None, None, "resolved"],
                          "role": [None, None, "disseminated"]})
    conferences = pd.DataFrame({"unit": ["U", "U"], "conference_id": ["A", "B"],
                                "date": pd.to_datetime(["2018-01-10", "2023-01-10"]),
                                "kind": ["thong_tin_thoi_su", "hoc_tap_quan_triet"]})
    out = upgrade_legacy(links, conferences)
    assert out.to_dict("records") == [
        # Two spellings of one document in A (the 2017 one, by A's date): one row, studied by its verb.
        {"unit": "U", "conference_id": "A", "document": "18-NQ/TW@2017-10-25", "raw": "quán triệt Nghị quyết số 18-NQ/TW",
         "code": "18-NQ/TW", "status": LEGACY, "role": "studied"},
        {"unit": "U", "conference_id": "B", "document": "18-NQ/TW@2022-06-16", "raw": "NQ 18", "code": "18-NQ/TW",
         "status": "resolved", "role": "disseminated"},  # a row stored with its role is left as it is
    ]
    assert upgrade_legacy(out, conferences) is out  # nothing left to fill
