"""The two CSV readers agree: plain files go through Arrow, anything unusual through the row-by-row reader."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.ingest import read
from dashboard.ingest.read import UploadFile, read_file

PLAIN = (
    "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
    "HN-1,Chi bộ khu dân cư số 1,25,25\n"
    'HN-1,"Hội Cựu chiến binh, phường A", 6 ,\n'
    "HN-2,Chi bộ khu dân cư số 1,\"1.234\",NA\n"
)


def both(text: str, delimiter: str = ","):
    fast = read._read_csv_fast("f.csv", text, delimiter)
    slow, problems = read._read_csv_rows("f.csv", text, delimiter)
    return fast, slow[0] if slow else None, problems


def cells(sheet) -> pd.DataFrame:
    frame = sheet.frame()
    return frame.astype({c: object for c in frame.columns if c != "_row"}).astype({"_row": "Int64"})


@pytest.mark.parametrize("text", [PLAIN, PLAIN.replace("\n", "\r\n"), PLAIN.rstrip("\n"), PLAIN + "\n\n"])
def test_plain_files_read_the_same_through_arrow(text):
    fast, slow, problems = both(text)
    assert fast is not None, "a plain file takes the fast path"
    assert not problems
    assert fast.header == slow.header
    pd.testing.assert_frame_equal(cells(fast), cells(slow))
    assert list(fast.frame()["_row"]) == [2, 3, 4]


def test_semicolons_and_tabs_too():
    for delimiter in (";", "\t"):
        text = PLAIN.replace(",", delimiter).replace('"Hội Cựu chiến binh; phường A"', "x")
        fast, slow, _ = both(text, delimiter)
        assert fast is not None
        pd.testing.assert_frame_equal(cells(fast), cells(slow))


@pytest.mark.parametrize("text, why", [
    ("\n" + PLAIN, "a blank line before the header shifts the row numbers"),
    (PLAIN.replace("HN-2", "\nHN-2"), "a blank line inside"),
    (PLAIN.replace("HN-2,", ",,,\nHN-2,"), "a row of empty cells is skipped"),
    (PLAIN.replace("6 ,", '"six\nsix",'), "a line break inside quotes"),
    (PLAIN.replace("HN-2,Chi bộ khu dân cư số 1,", "HN-2,"), "a short (ragged) row"),
    (PLAIN.replace(",25,25", ",25,25,,"), "empty cells past the header"),
])
def test_unusual_files_take_the_row_by_row_reader(text, why):
    assert read._read_csv_fast("f.csv", text, ",") is None, why
    sheets, problems = read_file(UploadFile("f.csv", text.encode("utf-8")), 10**6)
    assert sheets or problems


def test_row_numbers_survive_the_slow_path():
    text = PLAIN.replace("HN-2", "\nHN-2")  # HN-2 moves to line 5
    sheets, problems = read_file(UploadFile("f.csv", text.encode("utf-8")), 10**6)
    assert not problems
    assert list(sheets[0].frame()["_row"]) == [2, 3, 5]
