"""The report as PDF: the HTML print view printed by a headless Chromium, where the machine has one.

Chromium is not a dependency of the package (a machine with only Python
runs the dashboard and writes DOCX and HTML); the tests' Chromium (Debian's
``chromium``) is found on the PATH or through ``DASHBOARD_CHROMIUM``. The
print view's CSS ``@page`` sets A4 and the margins of 36-HD/VPTW.
"""

from __future__ import annotations

import os
import shutil
import signal
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


def render_pdf(html: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Print ``html`` (the report's print view) to PDF bytes, waiting at most ``timeout`` seconds for Chromium.

    Raises:
        ReportError: no Chromium on this machine, or it failed or took too long (its message says which).
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
        stderr = _run(command, timeout)
        if not out.exists() or out.stat().st_size == 0:
            reason = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise ReportError(f"Chromium không in được PDF ({reason[0]}) / Chromium could not print the PDF")
        return out.read_bytes()


def _run(command: list[str], timeout: float) -> bytes:
    """Run Chromium in a process group of its own; its standard error. Past ``timeout`` the whole group is
    killed: Chromium's helpers hold its output pipes, and killing the browser alone would leave them
    running (and the wait for the pipes to close as long as they live).

    Raises:
        ReportError: Chromium could not be started, or did not finish within ``timeout`` seconds.
    """
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise ReportError(f"Không chạy được Chromium ({error.strerror or error}) / Chromium could not be "
                          f"started") from error
    with process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            _kill_group(process)
            seconds = f"{timeout:g}"
            raise ReportError(f"Chromium không in xong PDF trong {seconds} giây / Chromium did not print the "
                              f"PDF within {seconds} s") from error
    return stderr or b""


def _kill_group(process: subprocess.Popen) -> None:
    """Kill ``process`` and every process of its group (its own session: no other process is in it)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups of this kind
            process.kill()
    except ProcessLookupError:
        pass
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - a pipe still held open: stop waiting for it
        pass
