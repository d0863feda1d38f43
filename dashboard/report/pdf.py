"""The report as PDF: the HTML print view printed by a headless Chromium, where the machine has one.

Chromium is not a dependency of the package (a machine with only Python
runs the dashboard and writes DOCX and HTML); the tests' Chromium (Debian's
``chromium``) is found on the PATH or through ``DASHBOARD_CHROMIUM``. The
print view's CSS ``@page`` sets A4 and the margins of 36-HD/VPTW.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dashboard.report.content import ReportError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 120


def find_chromium() -> str | None:
    """The Chromium to print with: ``DASHBOARD_CHROMIUM``, else the first of ``BROWSERS`` on the PATH."""
    named = os.environ.get("DASHBOARD_CHROMIUM")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def render_pdf(html: str) -> bytes:
    """Print ``html`` (the report's print view) to PDF bytes.

    Raises:
        ReportError: no Chromium on this machine, or it failed (its message says which).
    """
    chromium = find_chromium()
    if chromium is None:
        raise ReportError("Máy này không có Chromium để in PDF: tải tệp Word (.docx) hoặc bản in HTML rồi in ra PDF / "
                          "no Chromium on this machine to print a PDF: download the Word file (.docx) or the HTML "
                          "print view and print that to PDF")
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-pdf-header-footer", f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as error:
            raise ReportError(f"Chromium không in xong PDF trong {TIMEOUT_SECONDS} giây / Chromium did not print the "
                              f"PDF within {TIMEOUT_SECONDS} s") from error
        if not out.exists() or out.stat().st_size == 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise ReportError(f"Chromium không in được PDF ({reason[0]}) / Chromium could not print the PDF")
        return out.read_bytes()
