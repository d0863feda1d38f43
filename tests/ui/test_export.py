"""Exports are safe against formula injection and keep Vietnamese text and numbers intact."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.ui.export import neutralise, to_csv_bytes, to_xlsx_bytes

EVIL = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", EVIL)
def test_dangerous_cells_are_neutralised(value):
    out = neutralise(pd.DataFrame({"name": [value]}))
    assert out["name"][0] == "'" + value


def test_numbers_and_plain_text_untouched():
    frame = pd.DataFrame({"n": [-5, 3], "name": ["Chi bộ số 1", "Hội CCB"]})
    out = neutralise(frame)
    assert out["n"].tolist() == [-5, 3] and out["name"].tolist() == ["Chi bộ số 1", "Hội CCB"]


def test_csv_has_bom_and_safe_cells():
    data = to_csv_bytes(pd.DataFrame({"Tổ chức": ["=cmd|' /C calc'!A0", "Đảng ủy"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=cmd" in text and "Đảng ủy" in text


def test_xlsx_cells_are_text_not_formulas():
    data = to_xlsx_bytes({"view": pd.DataFrame({"a": ["=1+1", "ok"], "n": [1, 2]})})
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1
