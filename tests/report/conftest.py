"""Shared by the report tests: the sample store's tables and the sample ward's Quý II/2023 report."""

from __future__ import annotations

import io

import pytest
from docx import Document

from dashboard.report import render, report_content
from dashboard.store import load

UNIT = "Đảng ủy phường Thanh Khê Tây"
PERIOD = "Quý II/2023"


@pytest.fixture(scope="session")
def tables(sample_store_ro):
    return load(sample_store_ro)


@pytest.fixture(scope="session")
def q2(tables):
    return report_content(tables, UNIT, PERIOD)


@pytest.fixture(scope="session")
def q2_docx(q2):
    return Document(io.BytesIO(render(q2, "docx")))


def docx_text(document) -> str:
    """Every paragraph of the body and of every table cell (nested tables too), one per line."""
    lines = [p.text for p in document.paragraphs]

    def tables(items):
        for table in items:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    tables(document.tables)
    return "\n".join(lines)
