"""A ward-scale run of the benchmark works end to end (its speed is reported, never asserted).

The ``bench`` tier: about 90 s, so a plain ``pytest`` leaves it out; ``python3 scripts/dev.py test`` (and so CI)
runs it after the rest, and ``pytest -m bench`` runs it alone."""

import pytest

from dashboard.bench import run


@pytest.mark.bench
@pytest.mark.slow
def test_ward_scale_benchmark_runs(tmp_path):
    out = tmp_path / "bench.md"
    report = run("ward", requests=10, out=out, browser_runs=1)
    sections = {section for section, _, _ in report.rows}
    assert sections == {"data", "ingest", "analytics", "cold start", "interaction", "payload", "memory", "browser"}
    browser = [(measure, value) for section, measure, value in report.rows if section == "browser"]
    # Each page and the peer measured in a real browser (CI installs Chromium), not skipped.
    assert len(browser) == 2 * 4 + 1 and all(value.endswith(" s") for _, value in browser), browser
    assert ("analytics", "results equal in all three", "yes") in report.rows
    assert "| interaction |" in out.read_text(encoding="utf-8")
