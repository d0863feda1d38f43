"""The tables under the charts ("Xem bảng số liệu") and their exports: shares, rates and changes read as percentages."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.figures.tables import VIEWS, activity_table, coverage_table, mix_table, percent_columns
from dashboard.i18n import t
from dashboard.store import load
from dashboard.ui.blocks import table_view
from dashboard.ui.export import to_csv_bytes, to_xlsx_bytes

ACTIVITY = pd.DataFrame({
    "quarter": ["2023-Q1", "2023-Q2"], "conferences": [3, 4], "attendees": [300, 215],
    "party_members_attending": [200, 150], "organizations_reached": [30, 28],
    "attendees_vs_prev_pct": [0.1, -0.28287], "attendees_vs_year_pct": [float("nan"), 0.05],
})
MIX = pd.DataFrame({"quarter": ["2023-Q2"], "org_type": ["chi_bo"], "attendees": [170], "share": [0.81013]})


def cells(table) -> list[list[str]]:
    """The text of every body cell of a rendered ``table_view``."""
    rows = table.children[1].children
    return [[cell.children for cell in row.children] for row in rows]


def column(table, header: str) -> list[str]:
    headers = [th.children for th in table.children[0].children.children]
    index = headers.index(header)
    return [row[index] for row in cells(table)]


@pytest.mark.parametrize("lang, share, fall, rise", [("vi", "81,0%", "−28,3%", "10,0%"),
                                                     ("en", "81.0%", "−28.3%", "10.0%")])
def test_rates_show_as_percentages(lang, share, fall, rise):
    mix = table_view(mix_table(MIX, lang), lang)
    assert column(mix, t("col_share", lang)) == [share]
    activity = table_view(activity_table(ACTIVITY, lang), lang)
    assert column(activity, t("kpi_vs_prev", lang)) == [rise, fall]
    assert column(activity, t("kpi_vs_year", lang)) == ["", "5,0%" if lang == "vi" else "5.0%"]
    assert column(activity, t("col_attendees", lang)) == ["300", "215"]  # counts stay counts


def test_every_rate_column_of_every_view_is_a_percentage(sample_store_ro):
    """Each view on the sample ward: no rate is left as a bare fraction like 0,8101."""
    tables = load(sample_store_ro)
    expected = {"activity": {"kpi_vs_prev", "kpi_vs_year"}, "activity_kind": {"kpi_vs_prev", "kpi_vs_year"},
                "mix": {"col_share"}, "mix_org": {"col_share", "col_rate"},
                "coverage": {"col_study_rate"}}
    for name, view in VIEWS.items():
        frame = view.table(view.compute(tables), "vi")
        assert set(percent_columns(frame)) == {t(k, "vi") for k in expected.get(name, ())}, name
        for header in percent_columns(frame):
            shown = [c for c in column(table_view(frame, "vi"), header) if c]
            assert shown and all(re.fullmatch(r"−?\d{1,3}(\.\d{3})*,\d%", c) for c in shown), (name, header, shown[:3])


def test_the_page_shows_percentages_through_its_own_trimming(sample_store_ro):
    """Pages slice and relabel the tables (``head``, ``drop``, ``assign``): the percentage marks survive."""
    coverage = VIEWS["coverage"].compute(load(sample_store_ro))
    frame = coverage_table(coverage, "en").head(3).assign(extra=1).drop(columns="extra")
    rendered = json.dumps(table_view(frame, "en").to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert "%" in rendered


def test_xlsx_keeps_numbers_with_a_percentage_format():
    frame = activity_table(ACTIVITY, "vi")
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes({"activity": frame}))).active
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=3, column=headers.index(t("kpi_vs_prev", "vi")) + 1)
    assert cell.value == pytest.approx(-0.2829) and cell.number_format == "0.0%"
    counts = sheet.cell(row=3, column=headers.index(t("col_attendees", "vi")) + 1)
    assert counts.value == 215 and counts.number_format == "General"


def test_csv_keeps_fractions_and_says_so_in_the_header():
    frame = mix_table(MIX, "en")
    text = to_csv_bytes(frame).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "Share (1 = 100%)" in header.split(",") and "0.8101" in row.split(",")
    assert "Attendees" in header.split(",")  # other headers as they were


def test_document_quarters_table_names_each_document():
    from dashboard.figures.tables import document_quarters_table

    frame = pd.DataFrame({"document": ["35-NQ/TW@2018-10-22", "Kế hoạch số 12 của Đảng ủy"],
                          "quarter": ["2023-Q2", "2023-Q3"], "conferences": [2, 1]})
    vi = document_quarters_table(frame, "vi")
    assert vi.columns[0] == "Tên văn bản" and len(vi.columns) == 4
    assert vi.iloc[0, 0] == "Nghị quyết số 35-NQ/TW ngày 22/10/2018"
    assert vi.iloc[1, 0] == "Kế hoạch số 12 của Đảng ủy"  # kept as written
    assert document_quarters_table(frame, "en").columns[0] == "Document name"
