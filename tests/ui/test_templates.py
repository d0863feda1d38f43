"""Every upload template builds, with one example row whose cells line up with the file's columns."""

import pytest

from dashboard.contract.examples import EXAMPLES
from dashboard.contract.schema import FILE_TABLES
from dashboard.ui import templates


@pytest.mark.parametrize("table", sorted(FILE_TABLES))
def test_each_template_has_its_columns_and_an_aligned_example(table):
    assert len(EXAMPLES[table]) == len(FILE_TABLES[table].columns)
    frame = templates.template_frame(table)
    assert list(frame.columns) == [c.vi for c in FILE_TABLES[table].columns]
    header = templates.template_csv(table).decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[0] == FILE_TABLES[table].columns[0].vi


def test_the_workbook_has_a_sheet_per_table():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(templates.template_xlsx()))
    assert len(book.sheetnames) == len(FILE_TABLES)
