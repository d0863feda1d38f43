"""``python -m dashboard bench --scale ward|province|national``: how fast, against peers in the same run.

Timings are reported, never asserted: this machine is shared and noisy, so
each figure that matters is a ratio to a peer measured in the same run.

1. Ingest — validate and commit one quarter's files into a store that holds
   the registry; the floor is the same files read by pyarrow's CSV reader
   and written as Parquet, with no validation.
2. Analytics — the four functions on the loaded tables; the same results
   from DuckDB SQL and from Polars over the stored Parquet files, asserted
   equal; ratio to the fastest.
3. Interactions — each main callback computed afresh in-process (no
   cache: what a first request costs), then p50/p95 over HTTP against the
   app served by gunicorn (2 workers): the first request of several filter
   values each (warmed after the commit, or computed by the worker), then N
   repeats (answered from the answers every worker shares).
4. Memory and payload — peak RSS of a worker; bytes of each callback answer.
5. Cold start — seconds from starting gunicorn to the first page served.
6. Browser — navigation to every chart drawn and to the main thread idle, per
   page, in headless Chromium at a phone's size with a cold cache; the peer
   is a plain page drawing the same figures with the same plotly.js.

Needs the ``dev`` extra (DuckDB, Polars).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.contract.schema import empty_frame
from dashboard.contract.text import clear_fold_cache
from dashboard.ingest import commit_upload, prepare_upload
from dashboard.sample import generate
from dashboard.settings import ROOT, Settings
from dashboard.store import Store, load
from dashboard.transforms import attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from dashboard.ui.requests import callback_request

# wards, years, further conferences per ward and quarter. Ward and province follow DOMAIN.md's
# cadence (≈ 11 conferences a ward a year); national is the roll-out: ≈ 50 a year, so
# ≈ 330.000 conferences and ≈ 10 million attendance rows. "national-domain" is the country at
# DOMAIN.md's cadence (≈ 2 million rows).
SCALES = {"ward": (1, (2024, 2025), 0), "province": (100, (2024, 2025), 0),
          "national": (3300, (2024, 2025), 10), "national-domain": (3300, (2024, 2025), 0)}
QUARTER = "2025-Q2"


@dataclass
class Report:
    scale: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, section: str, measure: str, value: str) -> None:
        self.rows.append((section, measure, value))
        print(f"{section:<14} {measure:<58} {value}", flush=True)

    def markdown(self) -> str:
        lines = ["| section | measure | value |", "|---|---|---|"]
        lines += [f"| {s} | {m} | {v} |" for s, m, v in self.rows]
        return "\n".join(lines)


def _timed(function, *args, repeat: int = 1, **kwargs):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_ingest(report: Report, data: Path, work: Path) -> Path:
    store = work / "store"
    settings = Settings.load(store=store, samples="", max_upload_mb=2000)
    files = sorted(data.glob("*.csv"))
    earlier = [f for f in files if f.name < QUARTER or f.name == "organizations.csv"]
    quarter = [f for f in files if f.name.startswith(QUARTER)]
    commit_upload(earlier, store, user="bench", settings=settings)
    rows = sum(sum(1 for _ in f.open(encoding="utf-8-sig")) - 1 for f in quarter)
    clear_fold_cache()  # the earlier commit folded the same names: time the quarter as a fresh worker would
    seconds, _ = _timed(commit_upload, quarter, store, user="bench", settings=settings)

    import pyarrow.csv as pv
    import pyarrow.parquet as pq

    def floor():
        for f in quarter:
            pq.write_table(pv.read_csv(f), work / f"{f.stem}.parquet")

    floor_seconds, _ = _timed(floor)
    report.add("ingest", f"one quarter ({rows:,} rows) validated + committed", f"{seconds:.2f} s ({rows / seconds:,.0f} rows/s)")
    report.add("ingest", "floor: pyarrow CSV read + Parquet write, no validation", f"{floor_seconds:.3f} s")
    report.add("ingest", "ratio to floor (target ≤ 3×)", f"{seconds / floor_seconds:.1f}×")
    commit_upload(files, store, user="bench", settings=settings)  # the rest of the data
    bench_ward_upload(report, quarter, store, work, settings)
    return store


def bench_ward_upload(report: Report, quarter: list[Path], store: Path, work: Path, settings: Settings) -> None:
    """One ward's quarter again, one conference's place corrected, into the full store: what staff do most.

    Checked and previewed (``prepare_upload``), then committed after that preview (its plan reused), as the
    upload page does; and committed in one step without a preview, for comparison.
    """
    import pandas as pd

    frames = {f.name: pd.read_csv(f, dtype=str, encoding="utf-8-sig", keep_default_na=False) for f in quarter}
    units = next(iter(frames.values()))["Đơn vị"]
    ward = units.iloc[len(units) // 2]  # a ward in the middle, not the founding one (first)
    written = []
    for name, frame in frames.items():
        mine = frame[frame["Đơn vị"] == ward].copy()
        path = work / f"ward-{name}"
        mine.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    place = next(path for path in written if "Địa điểm" in pd.read_csv(path, dtype=str, nrows=0).columns)

    def correct_a_place():  # a change that keeps every rule (counts stay as they are)
        frame = pd.read_csv(place, dtype=str, keep_default_na=False)
        frame.iloc[0, frame.columns.get_loc("Địa điểm")] += " (sửa)"
        frame.to_csv(place, index=False, encoding="utf-8")

    correct_a_place()
    rows = sum(len(frame[frame["Đơn vị"] == ward]) for frame in frames.values())
    clear_fold_cache()
    preview_seconds, plan = _timed(prepare_upload, written, store, settings=settings)
    commit_seconds, result = _timed(commit_upload, written, store, user="bench", settings=settings)
    assert plan.ok and result.committed and result.plan is plan, "the ward's upload was refused or re-planned"
    correct_a_place()  # the same ward again, corrected once more, in one step (no preview before)
    direct_seconds, direct = _timed(commit_upload, written, store, user="bench", settings=settings)
    assert direct.committed, "the ward's second upload changed nothing"
    report.add("ingest", f"one ward's quarter ({rows:,} rows) into the store: checked and previewed (target ≤ 0,5 s)",
               f"{preview_seconds:.2f} s")
    report.add("ingest", "… committed after that preview, its plan reused (target ≤ 1 s)", f"{commit_seconds:.2f} s")
    report.add("ingest", "… checked and committed in one step, no preview", f"{direct_seconds:.2f} s")


def _parquet(store: Path, name: str) -> list[str]:
    from deltalake import DeltaTable

    entry = Store(store).ledger()[-1]
    return DeltaTable(str(store / name), version=entry.table_versions[name]).file_uris()


def duckdb_results(store: Path) -> dict[str, pd.DataFrame]:
    import duckdb

    con = duckdb.connect()
    for name in ("conferences", "attendance", "organizations", "conference_documents", "unit_history"):
        files = _parquet(store, name)
        if files:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files!r})")
        else:  # no rows (no units file): an empty table of the stored columns
            con.register(name, empty_frame(name))
    activity = con.sql("""
        WITH r AS (SELECT unit, conference_id, SUM(attendees) a FROM attendance GROUP BY ALL)
        SELECT c.quarter, COUNT(*) AS conferences, SUM(COALESCE(r.a, c.attendees_total, 0)) AS attendees
        FROM conferences c LEFT JOIN r USING (unit, conference_id) GROUP BY c.quarter ORDER BY c.quarter""").df()
    mix = con.sql("""
        SELECT c.quarter, o.org_type, SUM(a.attendees) AS attendees
        FROM attendance a JOIN conferences c USING (unit, conference_id)
        JOIN organizations o USING (unit, organization) GROUP BY ALL ORDER BY c.quarter, o.org_type""").df()
    coverage = con.sql("""
        WITH day AS (SELECT d.document, MAX(CAST(c.date AS DATE)) AS d
                     FROM conference_documents d JOIN conferences c USING (unit, conference_id)
                     WHERE d.role = 'studied' GROUP BY d.document),
             life AS (SELECT unit, MIN(COALESCE(CAST(valid_from AS DATE), DATE '1900-01-01')) AS born,
                             MAX(COALESCE(CAST(valid_to AS DATE), DATE '2199-12-31')) AS last FROM unit_history GROUP BY unit),
             -- each studied document's registry: the one in force on its latest study session (docs/metrics.md,
             -- "Registry history"): each organisation's latest version by then, not retired or renamed, of a
             -- unit existing then (no renames in this data)
             current AS (SELECT day.document, o.* FROM organizations o CROSS JOIN day LEFT JOIN life ON life.unit = o.unit
                         WHERE COALESCE(CAST(o.as_of AS DATE), DATE '1900-01-01') <= day.d
                           AND COALESCE(CAST(o.retired_from AS DATE), DATE '2200-01-01') > day.d
                           AND COALESCE(CAST(o.renamed_on AS DATE), DATE '2200-01-01') > day.d
                           AND COALESCE(life.born, DATE '1900-01-01') <= day.d AND COALESCE(life.last, day.d) >= day.d
                         QUALIFY ROW_NUMBER() OVER (PARTITION BY day.document, o.unit, o.organization
                                                    ORDER BY COALESCE(o.as_of, DATE '1900-01-01') DESC) = 1),
             cells AS (SELECT document, unit, organization, party_members - COALESCE(exempt_members, 0) AS capacity
                       FROM current WHERE org_type = 'chi_bo' AND party_members IS NOT NULL),
             studied AS (SELECT DISTINCT document FROM conference_documents WHERE role = 'studied'),
             -- a former ward's cell, absent from the registry in force, counts as its successor's of the same name
             merged AS (SELECT DISTINCT unit, merged_into FROM unit_history WHERE merged_into IS NOT NULL),
             sent_as_written AS (SELECT d.document, a.unit, a.organization,
                                        SUM(COALESCE(a.party_members, a.attendees)) AS pm
                                 FROM attendance a JOIN conference_documents d USING (unit, conference_id)
                                 WHERE a.attendees > 0 AND d.role = 'studied' GROUP BY ALL),
             sent AS (SELECT w.document, COALESCE(succ.unit, w.unit) AS unit,
                             COALESCE(succ.organization, w.organization) AS organization, SUM(w.pm) AS pm
                      FROM sent_as_written w
                      LEFT JOIN current own ON own.document = w.document AND own.unit = w.unit
                                           AND own.organization = w.organization
                      LEFT JOIN merged m ON own.unit IS NULL AND m.unit = w.unit
                      LEFT JOIN cells succ ON succ.document = w.document AND succ.unit = m.merged_into
                                          AND lower(succ.organization) = lower(w.organization)
                      GROUP BY ALL),
             per_doc AS (SELECT s.document, SUM(LEAST(s.pm, cells.capacity)) AS v
                         FROM sent s JOIN cells USING (document, unit, organization) GROUP BY s.document)
        SELECT studied.document, COALESCE(per_doc.v, 0) AS party_members_studied
        FROM studied LEFT JOIN per_doc USING (document) ORDER BY studied.document""").df()
    gaps = con.sql("""
        SELECT c.quarter, COUNT(DISTINCT (a.unit, a.organization)) AS reached
        FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0
        GROUP BY c.quarter ORDER BY c.quarter""").df()
    return {"activity": activity, "mix": mix, "coverage": coverage, "gaps": gaps}


def polars_results(store: Path) -> dict[str, pd.DataFrame]:
    import polars as pl

    scan = {n: pl.scan_parquet(_parquet(store, n)) for n in ("conferences", "attendance", "organizations",
                                                             "conference_documents")}
    conf, att, orgs, docs = scan["conferences"], scan["attendance"], scan["organizations"], scan["conference_documents"]
    rows = att.group_by("unit", "conference_id").agg(pl.col("attendees").sum().alias("a"))
    activity = (conf.join(rows, on=["unit", "conference_id"], how="left")
                .with_columns(pl.coalesce("a", "attendees_total", pl.lit(0)).alias("attendees"))
                .group_by("quarter").agg(pl.len().alias("conferences"), pl.col("attendees").sum()).sort("quarter"))
    mix = (att.join(conf.select("unit", "conference_id", "quarter"), on=["unit", "conference_id"])
           .join(orgs.select("unit", "organization", "org_type"), on=["unit", "organization"])
           .group_by("quarter", "org_type").agg(pl.col("attendees").sum()).sort("quarter", "org_type"))
    # Each studied document's registry (as in duckdb_results): the one in force on its latest study session —
    # latest version by then, not retired or renamed, of a unit existing then.
    study_links = docs.filter(pl.col("role") == "studied")
    day = (study_links.join(conf.select("unit", "conference_id", pl.col("date").cast(pl.Date)), on=["unit", "conference_id"])
           .group_by("document").agg(pl.col("date").max().alias("day")))
    life = (pl.scan_parquet(_parquet(store, "unit_history")) if _parquet(store, "unit_history")
            else pl.from_pandas(empty_frame("unit_history")).lazy())
    life = life.group_by("unit").agg(pl.col("valid_from").cast(pl.Date).fill_null(pd.Timestamp("1900-01-01")).min()
                                     .alias("born"),
                                     pl.col("valid_to").cast(pl.Date).fill_null(pd.Timestamp("2199-12-31")).max()
                                     .alias("last"))
    orgs = (orgs.join(life, on="unit", how="left").join(day, how="cross")
            .filter((pl.col("as_of").cast(pl.Date).fill_null(pd.Timestamp("1900-01-01")) <= pl.col("day"))
                    & (pl.col("retired_from").cast(pl.Date).fill_null(pd.Timestamp("2200-01-01")) > pl.col("day"))
                    & (pl.col("renamed_on").cast(pl.Date).fill_null(pd.Timestamp("2200-01-01")) > pl.col("day"))
                    & (pl.col("born").fill_null(pd.Timestamp("1900-01-01")) <= pl.col("day"))
                    & (pl.col("last").fill_null(pl.col("day")) >= pl.col("day")))
            .sort("as_of", nulls_last=False).group_by("document", "unit", "organization").last())
    cells = (orgs.filter((pl.col("org_type") == "chi_bo") & pl.col("party_members").is_not_null())
             .select("document", "unit", "organization",
                     (pl.col("party_members") - pl.col("exempt_members").fill_null(0)).alias("capacity")))
    # A former ward's cell, absent from the document's registry, counts as its successor's of the same name.
    merged = (pl.scan_parquet(_parquet(store, "unit_history")) if _parquet(store, "unit_history")
              else pl.from_pandas(empty_frame("unit_history")).lazy())
    merged = merged.filter(pl.col("merged_into").is_not_null()).select("unit", "merged_into").unique()
    successor_cells = cells.select("document", pl.col("unit").alias("merged_into"), pl.col("organization").alias("succ_org"),
                                   pl.col("organization").str.to_lowercase().alias("lower_org"))
    sent = (att.filter(pl.col("attendees") > 0).join(study_links, on=["unit", "conference_id"])
            .join(orgs.select("document", "unit", "organization").with_columns(pl.lit(True).alias("own")),
                  on=["document", "unit", "organization"], how="left")
            .join(merged, on="unit", how="left")
            .with_columns(pl.when(pl.col("own").is_null()).then(pl.col("merged_into")).alias("merged_into"),
                          pl.col("organization").str.to_lowercase().alias("lower_org"))
            .join(successor_cells, on=["document", "merged_into", "lower_org"], how="left")
            .with_columns(pl.when(pl.col("succ_org").is_not_null()).then(pl.col("merged_into"))
                          .otherwise(pl.col("unit")).alias("counted_unit"),
                          pl.coalesce("succ_org", "organization").alias("counted_org")))
    coverage = (study_links.select("document").unique()
                .join(sent.drop("unit", "organization")
                      .rename({"counted_unit": "unit", "counted_org": "organization"})
                      .group_by("document", "unit", "organization")
                      .agg(pl.coalesce("party_members", "attendees").sum().alias("pm"))
                      .join(cells, on=["document", "unit", "organization"])
                      .group_by("document").agg(pl.min_horizontal("pm", "capacity").sum().alias("party_members_studied")),
                      on="document", how="left")
                .with_columns(pl.col("party_members_studied").fill_null(0)).sort("document"))
    gaps = (att.filter(pl.col("attendees") > 0).join(conf.select("unit", "conference_id", "quarter"),
                                                      on=["unit", "conference_id"])
            .group_by("quarter").agg(pl.struct("unit", "organization").n_unique().alias("reached")).sort("quarter"))
    collected = pl.collect_all([activity, mix, coverage, gaps])
    return dict(zip(("activity", "mix", "coverage", "gaps"), (f.to_pandas() for f in collected)))


def pandas_results(tables) -> dict[str, pd.DataFrame]:
    activity = quarterly_activity(tables)
    activity = activity[activity["quarter"].isin(tables.conferences["quarter"].unique())]
    coverage = topic_coverage(tables)
    gaps = coverage_gaps(tables)
    return {
        "activity": activity[["quarter", "conferences", "attendees"]].reset_index(drop=True),
        "mix": attendee_mix(tables).sort_values(["quarter", "org_type"])[["quarter", "org_type", "attendees"]]
        .reset_index(drop=True),
        "coverage": coverage[coverage["study_sessions"] > 0].sort_values("document")[["document", "party_members_studied"]]
        .reset_index(drop=True),
        "gaps": gaps[gaps["attendees"] > 0].groupby("quarter").size().rename("reached").reset_index(),
    }


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    left, right = a.reset_index(drop=True), b.reset_index(drop=True)[list(a.columns)]
    try:
        pd.testing.assert_frame_equal(left, right, check_dtype=False, check_exact=False)
        return True
    except AssertionError:
        return False


def bench_analytics(report: Report, store: Path) -> None:
    load_seconds, tables = _timed(load, store)
    report.add("analytics", f"load() the tables ({len(tables.attendance):,} attendance rows)", f"{load_seconds:.2f} s")
    ours_s, ours = _timed(pandas_results, tables, repeat=3)
    duck_s, duck = _timed(duckdb_results, store, repeat=3)
    polars_s, pol = _timed(polars_results, store, repeat=3)
    for name, frame in ours.items():
        agree = _same(frame, duck[name]) and _same(frame, pol[name])
        if not agree:
            raise AssertionError(f"{name}: pandas, DuckDB and Polars disagree")
    fastest = min(duck_s, polars_s)
    report.add("analytics", "four analytics, pandas (tables in memory)", f"{ours_s * 1000:.0f} ms")
    report.add("analytics", "same results, DuckDB SQL over Parquet", f"{duck_s * 1000:.0f} ms")
    report.add("analytics", "same results, Polars over Parquet", f"{polars_s * 1000:.0f} ms")
    report.add("analytics", "results equal in all three", "yes")
    report.add("analytics", "ratio to the fastest (target ≤ 1.5×)", f"{ours_s / fastest:.2f}×")
    for name, function in (("quarterly_activity", quarterly_activity), ("attendee_mix", attendee_mix),
                           ("topic_coverage", topic_coverage), ("coverage_gaps", coverage_gaps)):
        seconds, _ = _timed(function, tables, repeat=3)
        report.add("analytics", f"  {name}", f"{seconds * 1000:.0f} ms")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Interaction:
    """One of the dashboard's main interactions: a chart callback and the filter values a run tries."""

    name: str
    output_id: str  # a component the callback writes
    callback: str  # its name in ``dashboard.ui.answers.WARM``
    variants: list[dict]  # filter component values, one dict per request kind
    warmed: bool  # whether ``warm_variants`` covers these values


def interactions(tables, variants: int = 8) -> list[Interaction]:
    """The main interactions, each with up to ``variants`` different filter values."""
    from dashboard.ui import ids

    quarters = sorted(tables.conferences["quarter"].dropna().unique(), reverse=True)[:variants]
    documents = tables.conference_documents["document"].value_counts().index[:variants].tolist()
    kinds = tables.conferences["kind"].value_counts().index[:variants].tolist()
    units = pd.Series(tables.units).sample(min(variants, len(tables.units)), random_state=1).tolist()
    overview, attendance, topics = "dashboard.pages.overview.update_overview", "dashboard.pages.attendance.update_attendance", \
        "dashboard.pages.topics.update_topics"
    return [
        Interaction("page load (overview, no filter)", ids.KPIS, overview, [{}], True),
        Interaction("filter change (overview, one kind)", ids.KPIS, overview,
                    [{ids.FILTER_KIND: [k]} for k in kinds], True),
        Interaction("quarter change (attendance page)", f"{ids.MIX_CHART}-figure", attendance,
                    [{ids.FILTER_FROM: q, ids.FILTER_TO: q} for q in quarters], True),
        Interaction("filter change (overview, one ward)", ids.KPIS, overview,
                    [{ids.FILTER_UNIT: [u]} for u in units], False),
        Interaction("drill-down (topics, one document)", f"{ids.COVERAGE_CHART}-figure", topics,
                    [{ids.FILTER_DOCUMENT: [d]} for d in documents], False),
    ]


def _app(store: Path):
    from dashboard.app import create_app

    app = create_app(Settings.load(store=store, samples=""))
    app.server.test_client().get("/")  # registers the page callbacks
    return app


def _body(app, interaction: Interaction, values: dict, version: int) -> dict:
    from dashboard.ui import ids

    base = {ids.LANG: "vi", ids.STORE_VERSION: version, ids.FILTER_UNIT: [], ids.FILTER_KIND: [],
            ids.FILTER_ORG_TYPE: [], ids.FILTER_DOCUMENT: []}
    return callback_request(app, interaction.output_id, {**base, **values}, changed=True)


def bench_compute(report: Report, store: Path) -> None:
    """Each interaction's callback computed afresh in this process (no answer cache): what a first request costs."""
    from dashboard.transforms.filters import _PREPARED, prepared
    from dashboard.ui import answers, ids
    from dashboard.ui.context import _RESULTS

    app = _app(store)
    tables = load(store)
    _PREPARED.pop(tables, None)
    seconds, _ = _timed(prepared, tables)
    report.add("analytics", "per-version joins and keys (once per store version)", f"{seconds:.2f} s")
    with app.server.app_context():
        for name in answers.WARM:  # first calls pay one-time imports and Plotly's set-up: not counted
            answers.WARM[name].__wrapped__(*answers.default_args("vi", **{ids.FILTER_UNIT: [tables.units[0]]}))
        for interaction in interactions(tables):
            compute = answers.WARM[interaction.callback].__wrapped__
            times = []
            for values in interaction.variants:
                _RESULTS.clear()
                seconds, _ = _timed(compute, *answers.default_args("vi", **values))
                times.append(seconds)
            report.add("interaction", f"{interaction.name}: computed afresh, no cache "
                                      f"({_values(len(times))}, p50 / p95)", _ms(times))


def _post(url: str, body: dict) -> tuple[float, int]:
    request = urllib.request.Request(url + "/_dash-update-component", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    begin = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        size = len(response.read())
    return time.perf_counter() - begin, size


def _values(count: int) -> str:
    return "1 filter value" if count == 1 else f"{count} filter values"


def _ms(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0] * 1000:.0f} ms"
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
    return f"{statistics.median(values) * 1000:.0f} / {p95 * 1000:.0f} ms"


def _wait_for_warm_answers(store: Path, server: subprocess.Popen, started: float, limit: float = 600) -> float:
    """Seconds from start until a worker has warmed every page's unfiltered answer."""
    from filelock import FileLock, Timeout

    from dashboard.ui.answers import answers_dir

    # The answers' folder is named by the results stamp (ui.context.results_stamp): the store's stamp and the
    # fingerprint of the settings (the server's: the defaults, this store) and code that compute them.
    _version, stamp = Store(store).stamp()
    stamp = f"{stamp}-{Settings.load(store=store).results_fingerprint()}"
    folder = answers_dir(store) / stamp
    while time.perf_counter() - started < limit and server.poll() is None:
        lock = answers_dir(store) / f"{stamp}.lock"
        if folder.is_dir() and len(list(folder.iterdir())) >= 4 and lock.exists():
            try:
                with FileLock(str(lock), timeout=0):
                    return time.perf_counter() - started
            except Timeout:
                pass
        time.sleep(0.05)
    raise RuntimeError("the workers did not warm the default answers")


def bench_server(report: Report, store: Path, requests: int, browser_runs: int = 5) -> None:
    app = _app(store)
    tables = load(store)
    plan = [(i, [_body(app, i, values, tables.version) for values in i.variants]) for i in interactions(tables)]
    port = _free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(store), "DASHBOARD_SAMPLES": "",
           "DASHBOARD_USERS_FILE": str(store.parent / "users.json")}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "1",
                               "--bind", f"127.0.0.1:{port}", "--config", "python:dashboard.gunicorn_conf",
                               "--access-logfile", "/dev/null", "dashboard.app:server()"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > 300:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.05)
        report.add("cold start", "gunicorn start → first page served (target ≤ 5 s)", f"{time.perf_counter() - start:.2f} s")
        report.add("cold start", "gunicorn start → answers warmed (no filter, latest quarters, each kind)",
                   f"{_wait_for_warm_answers(store, server, start):.2f} s")
        for interaction, bodies in plan:
            # First request of each filter value: warmed after the commit, or computed by the worker.
            first = [_post(url, body) for body in bodies]
            # Then what leaders mostly do: views someone opened already, in any worker.
            repeats = [_post(url, bodies[i % len(bodies)])[0] for i in range(requests)]
            how = "warmed after the commit" if interaction.warmed else "not warmed: computed by the worker"
            report.add("interaction", f"{interaction.name}: first request, {how} "
                                      f"({_values(len(bodies))}, p50 / p95)", _ms([t for t, _ in first]))
            report.add("interaction", f"{interaction.name}: {requests} repeats (p50 / p95, target p95 ≤ 150 ms)",
                       _ms(repeats))
            report.add("payload", f"{interaction.name}: largest answer (target ≤ 500 KB)",
                       f"{max(n for _, n in first) / 1024:.0f} KB")
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        peak = max((_peak_rss_mb(int(pid)) for pid in children), default=0)
        report.add("memory", "peak RSS of a worker with data loaded (target ≤ 2 GB)", f"{peak:,.0f} MB")
        bench_browser(report, url, store, runs=browser_runs)
    finally:
        server.terminate()
        server.wait(timeout=30)


BROWSER_PAGES = ("/", "/attendance", "/topics", "/conferences")
PHONE = (390, 844)
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# When the charts of the first screen are drawn: Dash idle (nothing requested, executing or marked loading) and
# every graph in view holding its figure. Polled on each animation frame; its value is the page's clock then.
CHARTS_DRAWN = """() => {
  const state = window.store && window.store.getState && window.store.getState();
  if (!state || state.isLoading || state.appLifecycle !== 'HYDRATED') return false;
  const callbacks = state.callbacks || {};
  if (['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed']
      .some(name => (callbacks[name] || []).length)) return false;
  if (document.querySelector('[data-dash-is-loading="true"]')) return false;
  // Every chart on the screen drawn with its figure (each has a title; a graph still empty has none). Charts
  // further down are drawn when scrolled near (assets/20-lazy-charts.js).
  const height = window.innerHeight;
  const inView = [...document.querySelectorAll('.dash-graph')].filter(graph => {
    const box = graph.getBoundingClientRect(); return box.top < height && box.bottom > 0; });
  if (!inView.every(graph => graph.querySelector('.main-svg .gtitle'))) return false;
  const grids = [...document.querySelectorAll('.ag-root-wrapper')];
  if (!grids.every(grid => grid.querySelector('.ag-row, .ag-overlay-no-rows-wrapper'))) return false;
  return performance.now();
}"""
# Long tasks (≥ 50 ms) of the main thread: when the last one ends, a tap on the page is answered at once.
LONG_TASKS = """window.__longTasks = [];
try { new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push(e.startTime + e.duration)))
      .observe({type: 'longtask', buffered: true}); } catch (e) {}"""
PEER_PAGE = """<!doctype html><meta charset="utf-8"><title>peer</title>
<script src="{plotly}"></script><body>{divs}<script>
const figures = {figures};
figures.forEach((f, i) => Plotly.newPlot('g' + i, f.data, f.layout, {{responsive: true, displaylogo: false}}));
</script></body>"""


def _seconds(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
    return f"{statistics.median(values):.2f} / {p95:.2f} s"


def bench_browser(report: Report, url: str, store: Path, runs: int = 5) -> None:
    """Navigation → every chart drawn, and → the main thread idle, per page, in headless Chromium at a phone's
    size with a cold cache (a leader opening a link from a chat); the peer is a plain page drawing the same
    attendance figures with the same plotly.js from the same server, in the same browser."""
    chromium = next((p for p in map(shutil.which, CHROMIUM) if p), None)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        report.add("browser", "time to charts", "skipped: no Chromium or Playwright (the dev extra)")
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for path in BROWSER_PAGES:
                drawn, idle = zip(*(_time_to_charts(browser, url + path) for _ in range(runs)))
                report.add("browser", f"{path}: navigation → the first screen's charts drawn (p50 / p95, {runs} runs)", _seconds(drawn))
                report.add("browser", f"{path}: navigation → main thread idle (p50 / p95)", _seconds(idle))
            peer = _peer_page(browser, url, store)
            plain = [_time_to_charts(browser, url + "/__peer", peer)[0] for _ in range(runs)]
            report.add("browser", "peer: plain page, the attendance figures, same plotly.js (p50 / p95)", _seconds(plain))
        finally:
            browser.close()


def _time_to_charts(browser, address: str, body: str | None = None) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, locale="vi-VN")
    try:
        context.add_init_script(LONG_TASKS)
        page = context.new_page()
        if body is not None:  # the peer page, answered by the browser itself at the app's origin
            page.route(address, lambda route: route.fulfill(body=body, content_type="text/html; charset=utf-8"))
        page.goto(address)
        drawn = page.wait_for_function(CHARTS_DRAWN if body is None else
                                       "() => document.querySelectorAll('.main-svg').length >= "
                                       "2 * document.querySelectorAll('.js-plotly-plot').length && performance.now()",
                                       polling="raf", timeout=180_000).json_value()
        # A benchmark may wait a fixed time (a test never does): long tasks started within 1 s of the charts.
        page.wait_for_timeout(1000)
        ends = [end for end in page.evaluate("window.__longTasks || []") if end <= drawn + 1000]
        return drawn / 1000, max([drawn, *ends]) / 1000
    finally:
        context.close()


def _peer_page(browser, url: str, store: Path) -> str:
    """The peer: the attendance page's figures (unfiltered) on a plain page with the app's plotly.js."""
    import plotly.io as pio

    from dashboard.figures.registry import Options, charts_of

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "/history")
        # The plotly.js the app draws with: its own bundle among the assets, else the one Dash would load.
        page.wait_for_function("() => window.Plotly || window._dashPlotlyJSURL")
        plotly_url = page.evaluate("(document.querySelector('script[src*=\"plotly\"][src*=\"assets\"]') || {}).src"
                                   " || window._dashPlotlyJSURL")
    finally:
        context.close()
    tables, settings = load(store), Settings.load(store=store)
    options = Options(target=settings.study_target, exclude_exempt=settings.exclude_exempt)
    figures = [json.loads(pio.to_json(chart.draw(chart.shown(chart.compute(tables, options)), "vi", options)))
               for chart in charts_of("attendance")]
    divs = "".join(f'<div id="g{i}" style="margin:12px"></div>' for i in range(len(figures)))
    return PEER_PAGE.format(plotly=plotly_url, divs=divs, figures=json.dumps(figures))


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, pandas {pd.__version__}"


def run(scale: str, requests: int = 200, out: Path | None = None, browser_runs: int = 5) -> Report:
    """Run every section at ``scale`` and return the report (and write it to ``out`` if given)."""
    wards, years, extra = SCALES[scale]
    report = Report(scale)
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        seconds, _ = _timed(generate, work / "data", wards=wards, years=years, seed=42, extra_per_quarter=extra)
        report.add("data", f"{wards} wards, {years[0]}–{years[1]}, ≈ {11 + 4 * extra} conferences a ward a year: "
                           "sample generated", f"{seconds:.1f} s")
        store = bench_ingest(report, work / "data", work)
        bench_analytics(report, store)
        bench_compute(report, store)
        bench_server(report, store, requests, browser_runs)
        shutil.rmtree(work / "data", ignore_errors=True)
    if out:
        out.write_text(f"## Scale: {scale}\n\nMachine: {machine()}. Date: {time.strftime('%Y-%m-%d')}.\n\n"
                       f"{report.markdown()}\n", encoding="utf-8")
    return report
