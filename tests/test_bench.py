"""A ward-scale run of the benchmark works end to end (its speed is reported, never asserted)."""

import pytest

from dashboard.bench import run


@pytest.mark.slow
def test_ward_scale_benchmark_runs(tmp_path):
    out = tmp_path / "bench.md"
    report = run("ward", requests=10, out=out)
    sections = {section for section, _, _ in report.rows}
    assert sections == {"data", "ingest", "analytics", "cold start", "interaction", "payload", "memory"}
    assert ("analytics", "results equal in all three", "yes") in report.rows
    assert "| interaction |" in out.read_text(encoding="utf-8")
