"""The committee's periodic report (báo cáo), from the dashboard's own transforms.

``report_content`` says what the report says; ``render_docx`` lays it out per
Hướng dẫn 36-HD/VPTW, ``render_html`` as a print view; ``build_report`` does
both steps. See docs/report.md.
"""

from __future__ import annotations

from dashboard.contract.periods import Period
from dashboard.report.content import ReportContent, ReportError, report_content
from dashboard.store import Tables

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def build_report(tables: Tables, unit: str, period: Period | str, format: str = "docx",
                 target: float | None = None, exclude_exempt: bool = True) -> bytes:
    """The report of ``unit`` for ``period`` as DOCX, HTML (UTF-8) or PDF bytes.

    Raises:
        ReportError: an unknown unit or a text that is not a reporting period; a PDF without Chromium.
        ValueError: a format other than ``docx``, ``html`` or ``pdf``.
    """
    if format not in FORMATS:
        raise ValueError(f"định dạng phải là docx, html hoặc pdf, không phải {format!r} / format must be docx, html "
                         f"or pdf, not {format!r}")
    content = report_content(tables, unit, period, target=target, exclude_exempt=exclude_exempt)
    return render(content, format)


def render(content: ReportContent, format: str = "docx") -> bytes:
    """``content`` laid out as ``docx``, ``html`` or ``pdf`` bytes (PDF: the print view through Chromium)."""
    if format == "docx":
        from dashboard.report.docx import render_docx

        return render_docx(content)
    from dashboard.report.html import render_html

    if format == "pdf":
        from dashboard.report.pdf import render_pdf

        return render_pdf(render_html(content))
    return render_html(content).encode("utf-8")


def file_name(content: ReportContent, format: str = "docx") -> str:
    """``bao-cao-thanh-khe-tay-2023-Q2.docx``: ASCII, the place and the period's quarters."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFD", content.place.replace("Đ", "D").replace("đ", "d"))
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in plain if not unicodedata.combining(c)).lower()).strip("-")
    span = content.period.first if content.period.first == content.period.last else \
        f"{content.period.first}-{content.period.last}"
    return f"bao-cao-{slug or 'don-vi'}-{span}.{format}"


__all__ = ["FORMATS", "ReportContent", "ReportError", "build_report", "file_name", "render", "report_content"]
