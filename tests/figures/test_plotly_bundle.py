"""The dashboard's own plotly.js (``dashboard/assets/00-plotly-dashboard.min.js``, ``scripts/build-plotly.sh``)
draws every trace type the figures use, and is the plotly.js version the pinned plotly package ships."""

from __future__ import annotations

import re
from pathlib import Path

import plotly

from dashboard.figures.registry import CHARTS, Options
from dashboard.store import load

ASSETS = Path(__file__).resolve().parents[2] / "dashboard" / "assets"
BUNDLE = ASSETS / "00-plotly-dashboard.min.js"
BUNDLED_TRACES = {"scatter", "bar", "heatmap", "treemap"}  # as scripts/build-plotly.sh registers them


def test_every_chart_draws_only_bundled_trace_types(sample_store_ro):
    tables, options = load(sample_store_ro), Options()
    used = {trace.type for chart in CHARTS
            for trace in chart.draw(chart.shown(chart.compute(tables, options)), "vi", options).data}
    assert used and used <= BUNDLED_TRACES, used - BUNDLED_TRACES
    script = (Path(__file__).resolve().parents[2] / "scripts" / "build-plotly.sh").read_text(encoding="utf-8")
    registered = set(re.findall(r"plotly\.js/lib/(\w+)'", script)) - {"core"}
    assert registered == BUNDLED_TRACES - {"scatter"}  # scatter comes with the core


def test_the_bundle_is_the_shipped_plotly_js_version():
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", shipped.read_text(encoding="utf-8")[:400]).group(1)
    head = BUNDLE.read_text(encoding="utf-8")[:300]
    assert f"plotly.js v{version} " in head, (version, head[:120])
    # Loaded before Dash's own scripts look for it (assets load in name order, after the component libraries).
    assert sorted(p.name for p in ASSETS.glob("*.js"))[0] == BUNDLE.name
