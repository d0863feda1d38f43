"""Blank upload templates: Vietnamese headers and one example row, as CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pandas as pd
from flask import Flask, Response, abort

from dashboard.contract.examples import EXAMPLES
from dashboard.contract.schema import FILE_TABLES
from dashboard.ui.export import to_xlsx_bytes

XLSX_NAME = "mau-tai-len.xlsx"


def template_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame([EXAMPLES[table]], columns=[c.vi for c in FILE_TABLES[table].columns])


def template_csv(table: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.vi for c in FILE_TABLES[table].columns])
    writer.writerow(EXAMPLES[table])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    return to_xlsx_bytes({FILE_TABLES[name].vi: template_frame(name) for name in FILE_TABLES})


def register(server: Flask) -> None:
    @server.route("/templates/<name>")
    def download_template(name: str):
        if name == XLSX_NAME:
            return Response(template_xlsx(), headers={"Content-Disposition": f"attachment; filename={XLSX_NAME}"},
                            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        table = name.removesuffix(".csv")
        if table not in FILE_TABLES or not name.endswith(".csv"):
            abort(404)
        return Response(template_csv(table), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
