#!/bin/sh
# Rebuild dashboard/assets/00-plotly-dashboard.min.js: plotly.js with only the trace types the dashboard draws.
#
# dcc.Graph uses window.Plotly when a page already has it, so this bundle (≈ 1,3 MB) replaces the full
# plotly.min.js (≈ 4,8 MB) that Dash would otherwise load; on a phone, loading and compiling the full one
# took most of the time before the first chart appeared (docs/benchmarks.md, "Browser"). A maintainer's step,
# not an install step: it needs Node.js and npm, and the built file is committed. Keep the version equal to the
# plotly.js that the pinned plotly (Python) package ships (the first line of plotly/package_data/plotly.min.js),
# and add a trace module here when a figure starts to use a new trace type (tests/figures checks the list).
set -eu
VERSION=4.1.1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "plotly.js@$VERSION" esbuild
cat > entry.js <<'JS'
var Plotly = require('plotly.js/lib/core');  // scatter comes with the core
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap'), require('plotly.js/lib/treemap'),
                 require('plotly.js/lib/locales/vi')]);
module.exports = Plotly;
JS
npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --outfile=bundle.js --legal-comments=none \
  --define:process.env.NODE_ENV='"production"' --define:global=window
{
  printf '/*! plotly.js v%s (MIT licence, Copyright 2012-2026 Plotly, Inc.): a partial bundle of the trace types the dashboard draws (scatter, bar, heatmap, treemap) and the vi locale, built by scripts/build-plotly.sh. */\n' "$VERSION"
  cat bundle.js
} > "$ROOT/dashboard/assets/00-plotly-dashboard.min.js"
