"""The report as PDF: the print view printed by headless Chromium (A4), or a clear refusal without one."""

from __future__ import annotations

import re

import pytest

from dashboard.cli import main
from dashboard.report import pdf, render
from dashboard.report.content import ReportError
from tests.report.conftest import PERIOD, UNIT


def _pages(data: bytes) -> list[tuple[float, float]]:
    """Width and height (points) of each page's MediaBox."""
    return [(float(w), float(h)) for w, h in
            re.findall(rb"/Type\s*/Page\b.*?/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data, flags=re.S)]


@pytest.mark.skipif(pdf.find_chromium() is None, reason="needs Chromium (Debian's chromium, as the browser tests)")
def test_the_print_view_prints_to_a4(q2):
    data = render(q2, "pdf")
    assert data.startswith(b"%PDF-")
    pages = _pages(data) or [(float(w), float(h)) for w, h in re.findall(
        rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]
    assert pages, "no page"
    for width, height in pages:  # A4: 210 × 297 mm = 595,3 × 841,9 pt
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2


def test_without_chromium_the_pdf_is_refused_with_a_way_out(q2, monkeypatch, sample_store_ro, tmp_path, capsys):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    with pytest.raises(ReportError, match=r"\.docx"):
        render(q2, "pdf")
    out = tmp_path / "r.pdf"
    code = main(["report", "--store", str(sample_store_ro), "--unit", UNIT, "--period", PERIOD, "--format", "pdf",
                 "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "Chromium" in capsys.readouterr().err


def test_a_failing_chromium_is_reported(q2, monkeypatch, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(broken))
    with pytest.raises(ReportError, match="cannot open display"):
        render(q2, "pdf")
