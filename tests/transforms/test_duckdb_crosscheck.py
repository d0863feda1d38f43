"""An independent computation of the four analytics in DuckDB SQL over the stored Parquet files.

Comparisons (``_vs_prev`` / ``_vs_year``) and "missed" are checked on a second store too: the sample
ward plus a twin ward whose data starts later, so the per-unit start rule is exercised.
"""

from dataclasses import replace

import duckdb
import pandas as pd
import pytest
from deltalake import DeltaTable

from dashboard.store import Store, load
from dashboard.transforms import attendee_mix, coverage_gaps, quarterly_activity, topic_coverage
from tests.transforms import fixtures

TWIN = "Đảng ủy phường Sinh Sau"
TWIN_START = "2023-Q3"


@pytest.fixture(scope="module")
def db(sample_store_ro):
    entry = Store(sample_store_ro).ledger()[-1]
    con = duckdb.connect()
    for name, version in entry.table_versions.items():
        files = DeltaTable(str(sample_store_ro / name), version=version).file_uris()
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files!r})")
    return con


@pytest.fixture(scope="module")
def two_units(sample_store_ro):
    """The sample ward and a twin holding the same conferences from TWIN_START on: (tables, DuckDB connection)."""
    t = load(sample_store_ro)
    late = t.conferences.loc[t.conferences["quarter"] >= TWIN_START, ["unit", "conference_id"]]

    def with_twin(frame, rows):
        return pd.concat([frame, rows.assign(unit=TWIN)], ignore_index=True)

    of_late = {name: t[name].merge(late, on=["unit", "conference_id"]) for name in ("attendance", "conference_documents")}
    tables = replace(t, conferences=with_twin(t.conferences, t.conferences.merge(late, on=["unit", "conference_id"])),
                     attendance=with_twin(t.attendance, of_late["attendance"]),
                     organizations=with_twin(t.organizations, t.organizations),
                     conference_documents=with_twin(t.conference_documents, of_late["conference_documents"]),
                     units=(*t.units, TWIN))
    return tables, _connect(tables)


def _connect(tables):
    con = duckdb.connect()
    for name in ("conferences", "attendance", "organizations", "conference_documents"):
        con.register(name, tables[name])
    return con


# Each unit's quarters from its own first quarter with a conference to the last quarter with one,
# zeros filled; the comparisons are LAGs inside that grid, so a unit's first quarter (and first
# year) has nothing to compare with. Totals: the same over the sum, from the earliest unit's start.
_COMPARISONS_SQL = """
    WITH rows AS (SELECT unit, conference_id, SUM(attendees) AS a FROM attendance GROUP BY ALL),
         per_conf AS (SELECT c.unit, CAST(LEFT(c.quarter, 4) AS INT) * 4 + CAST(RIGHT(c.quarter, 1) AS INT) - 1 AS qi,
                             COALESCE(r.a, c.attendees_total, 0) AS a
                      FROM conferences c LEFT JOIN rows r USING (unit, conference_id)),
         grid AS (SELECT u.unit, g.qi FROM (SELECT unit, MIN(qi) AS s FROM per_conf GROUP BY unit) u,
                  (SELECT MAX(qi) AS e FROM per_conf) m, LATERAL generate_series(u.s, m.e) AS g(qi)),
         per_unit AS (SELECT g.unit, g.qi, COUNT(p.qi) AS conferences, COALESCE(SUM(p.a), 0) AS attendees
                      FROM grid g LEFT JOIN per_conf p USING (unit, qi) GROUP BY ALL),
         keyed AS (SELECT {group} AS grp, qi, SUM(conferences) AS conferences, SUM(attendees) AS attendees
                   FROM per_unit GROUP BY ALL)
    SELECT grp, CAST(qi // 4 AS VARCHAR) || '-Q' || CAST(qi % 4 + 1 AS VARCHAR) AS quarter,
           conferences - LAG(conferences, 1) OVER w AS conferences_vs_prev,
           attendees - LAG(attendees, 1) OVER w AS attendees_vs_prev,
           conferences - LAG(conferences, 4) OVER w AS conferences_vs_year,
           attendees - LAG(attendees, 4) OVER w AS attendees_vs_year
    FROM keyed WINDOW w AS (PARTITION BY grp ORDER BY qi) ORDER BY grp, quarter
"""
_CHANGES = ["conferences_vs_prev", "attendees_vs_prev", "conferences_vs_year", "attendees_vs_year"]


@pytest.mark.parametrize("by", ["unit", None])
@pytest.mark.parametrize("store", ["two_units", "hand"])
def test_comparisons_start_at_each_units_first_quarter(by, store, two_units):
    tables, con = two_units if store == "two_units" else (fixtures.tables(), _connect(fixtures.tables()))
    sql = con.sql(_COMPARISONS_SQL.format(group="unit" if by else "'all'")).df()
    ours = quarterly_activity(tables, by=by)
    ours = ours.assign(grp=ours["unit"] if by else "all").merge(sql[["grp", "quarter"]], on=["grp", "quarter"], how="left",
                                                                 indicator=True)
    # Rows before a unit's start (the by-unit grid is shared) compare with nothing.
    assert ours.loc[ours["_merge"] == "left_only", _CHANGES].isna().all().all()
    ours = ours[ours["_merge"] == "both"].sort_values(["grp", "quarter"]).reset_index(drop=True)
    ours = ours.astype({c: "float64" for c in _CHANGES})  # <NA> as NaN, like DuckDB's NULLs in pandas
    pd.testing.assert_frame_equal(ours[["grp", "quarter", *_CHANGES]], sql.astype({c: "float64" for c in _CHANGES}),
                                  check_dtype=False)
    if store == "two_units" and by:
        twin = ours[ours["grp"] == TWIN].iloc[0]
        assert twin["quarter"] == TWIN_START and pd.isna(twin["attendees_vs_year"])


def test_quarterly_activity(db, sample_store_ro):
    sql = db.sql("""
        WITH rows AS (SELECT unit, conference_id, SUM(attendees) AS a, SUM(party_members) AS pm
                      FROM attendance GROUP BY unit, conference_id),
             per_conf AS (SELECT c.quarter, COALESCE(r.a, c.attendees_total, 0) AS a, COALESCE(r.pm, 0) AS pm
                          FROM conferences c LEFT JOIN rows r USING (unit, conference_id)),
             reach AS (SELECT c.quarter, COUNT(DISTINCT a.unit || '/' || a.organization) AS reached
                       FROM attendance a JOIN conferences c USING (unit, conference_id)
                       WHERE a.attendees > 0 GROUP BY c.quarter)
        SELECT p.quarter, COUNT(*) AS conferences, SUM(p.a) AS attendees, SUM(p.pm) AS party_members_attending,
               ANY_VALUE(COALESCE(reach.reached, 0)) AS organizations_reached
        FROM per_conf p LEFT JOIN reach USING (quarter) GROUP BY p.quarter ORDER BY p.quarter
    """).df()
    ours = quarterly_activity(load(sample_store_ro))
    ours = ours[ours["conferences"] > 0][sql.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, sql, check_dtype=False)


def test_attendee_mix(db, sample_store_ro):
    sql = db.sql("""
        SELECT c.quarter, o.org_type, SUM(a.attendees) AS attendees,
               SUM(a.attendees) / SUM(SUM(a.attendees)) OVER (PARTITION BY c.quarter) AS share
        FROM attendance a JOIN conferences c USING (unit, conference_id)
        JOIN organizations o ON o.unit = a.unit AND o.organization = a.organization
        GROUP BY c.quarter, o.org_type ORDER BY c.quarter, o.org_type
    """).df()
    ours = attendee_mix(load(sample_store_ro)).sort_values(["quarter", "org_type"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(ours[sql.columns], sql, check_dtype=False)


def test_topic_coverage_study_rate(db, sample_store_ro):
    sql = db.sql("""
        WITH cells AS (SELECT unit, organization, party_members - COALESCE(exempt_members, 0) AS capacity
                       FROM organizations WHERE org_type = 'chi_bo' AND party_members IS NOT NULL),
             sent AS (SELECT d.document, a.unit, a.organization, SUM(COALESCE(a.party_members, a.attendees)) AS pm
                      FROM attendance a JOIN conference_documents d USING (unit, conference_id)
                      WHERE a.attendees > 0 GROUP BY ALL)
        SELECT s.document, SUM(LEAST(s.pm, cells.capacity)) AS party_members_studied,
               SUM(LEAST(s.pm, cells.capacity)) / (SELECT SUM(capacity) FROM cells) AS study_rate
        FROM sent s JOIN cells USING (unit, organization) GROUP BY s.document ORDER BY s.document
    """).df()
    ours = topic_coverage(load(sample_store_ro)).sort_values("document").reset_index(drop=True)
    ours = ours[ours["document"].isin(sql["document"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours[sql.columns], sql, check_dtype=False)


# Missed: a registered organisation with no attendance > 0 in a quarter in which its unit held a
# conference, other than the committee (type dang_uy, or named like its unit).
_MISSED_SQL = """
    WITH held AS (SELECT DISTINCT unit, quarter FROM conferences),
         came AS (SELECT DISTINCT a.unit, a.organization, c.quarter
                  FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0)
    SELECT h.quarter, COUNT(*) AS missed
    FROM held h JOIN organizations o ON o.unit = h.unit
    LEFT JOIN came ON came.unit = o.unit AND came.organization = o.organization AND came.quarter = h.quarter
    WHERE came.unit IS NULL AND o.org_type <> 'dang_uy' AND lower(o.organization) <> lower(o.unit)
    GROUP BY h.quarter ORDER BY h.quarter
"""


def test_coverage_gaps(db, sample_store_ro):
    sql = db.sql("""
        SELECT c.quarter, COUNT(DISTINCT a.unit || '/' || a.organization) AS reached
        FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0
        GROUP BY c.quarter ORDER BY c.quarter
    """).df()
    registered = db.execute("SELECT COUNT(*) FROM organizations").fetchall()[0][0]
    gaps = coverage_gaps(load(sample_store_ro))
    ours = gaps[gaps["attendees"] > 0].groupby("quarter").size().rename("reached").reset_index()
    pd.testing.assert_frame_equal(ours, sql, check_dtype=False)
    assert (gaps.groupby("quarter").size() == registered).all()


@pytest.mark.parametrize("store", ["sample", "two_units", "hand"])
def test_coverage_gaps_missed(store, db, sample_store_ro, two_units):
    tables, con = {"sample": (load(sample_store_ro), db), "two_units": two_units,
                   "hand": (fixtures.tables(), _connect(fixtures.tables()))}[store]
    sql = con.sql(_MISSED_SQL).df()
    gaps = coverage_gaps(tables)
    ours = gaps.groupby("quarter")["missed"].sum()
    assert ours.drop(sql["quarter"]).eq(0).all()  # quarters no unit held a conference in miss nobody
    pd.testing.assert_frame_equal(ours[ours.index.isin(sql["quarter"])].reset_index(), sql, check_dtype=False)
