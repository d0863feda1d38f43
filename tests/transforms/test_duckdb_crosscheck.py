"""An independent computation of the four analytics in DuckDB SQL over the stored Parquet files."""

import duckdb
import pandas as pd
import pytest
from deltalake import DeltaTable

from dashboard.store import Store, load
from dashboard.transforms import attendee_mix, coverage_gaps, quarterly_activity, topic_coverage


@pytest.fixture(scope="module")
def db(sample_store_ro):
    entry = Store(sample_store_ro).ledger()[-1]
    con = duckdb.connect()
    for name, version in entry.table_versions.items():
        files = DeltaTable(str(sample_store_ro / name), version=version).file_uris()
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files!r})")
    return con


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


def test_coverage_gaps(db, sample_store_ro):
    sql = db.sql("""
        SELECT c.quarter, COUNT(DISTINCT a.unit || '/' || a.organization) AS reached
        FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0
        GROUP BY c.quarter ORDER BY c.quarter
    """).df()
    registered = db.execute("SELECT COUNT(*) FROM organizations").fetchall()[0][0]
    gaps = coverage_gaps(load(sample_store_ro))
    ours = gaps[~gaps["missed"]].groupby("quarter").size().rename("reached").reset_index()
    pd.testing.assert_frame_equal(ours, sql, check_dtype=False)
    assert (gaps.groupby("quarter").size() == registered).all()
