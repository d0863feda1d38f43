"""An independent computation of the four analytics in DuckDB SQL over the stored Parquet files.

Comparisons (``_vs_prev`` / ``_vs_year``) and "missed" are checked on a second store too: the sample
ward plus a twin ward whose data starts later, so the per-unit start rule is exercised.
"""

from dataclasses import replace

import duckdb
import pandas as pd
import pytest
from deltalake import DeltaTable

from dashboard.contract.schema import empty_frame
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
        if files:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files!r})")
        else:  # a table with no rows yet has no Parquet file
            con.register(name, empty_frame(name))
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
    for name in ("conferences", "attendance", "organizations", "conference_documents", "unit_history"):
        con.register(name, tables[name])
    return con


# The registry in force (docs/metrics.md, "Registry history"), one row per version and the days it holds,
# [s, e): from its as_of (a unit's first as_of, or none, from the beginning) to the organisation's next
# version, its retirement or rename, or its unit's end (units table); not before its unit's start. (No
# rename is carried to a new name here: the data checked holds none.)
_REGISTRY_SQL = """
    v AS (SELECT *, COALESCE(CAST(as_of AS DATE), DATE '1900-01-01') AS a FROM organizations),
    firsts AS (SELECT unit, MIN(a) AS f FROM v GROUP BY unit),
    facts AS (SELECT unit, organization, MIN(CAST(retired_from AS DATE)) AS retired,
                     MIN(CAST(renamed_on AS DATE)) AS renamed FROM organizations GROUP BY ALL),
    life AS (SELECT unit, MIN(COALESCE(CAST(valid_from AS DATE), DATE '1900-01-01')) AS born,
                    MAX(COALESCE(CAST(valid_to AS DATE) + 1, DATE '2200-01-01')) AS gone FROM unit_history GROUP BY unit),
    starts AS (SELECT v.*, CASE WHEN v.a > firsts.f THEN v.a ELSE DATE '1900-01-01' END AS s0
               FROM v JOIN firsts USING (unit)),
    iv AS (SELECT st.unit, st.organization, st.org_type, st.party_members, st.exempt_members,
                  GREATEST(st.s0, COALESCE(life.born, DATE '1900-01-01')) AS s,
                  LEAST(COALESCE(LEAD(st.s0) OVER (PARTITION BY st.unit, st.organization ORDER BY st.s0), DATE '2200-01-01'),
                        COALESCE(facts.retired, DATE '2200-01-01'), COALESCE(facts.renamed, DATE '2200-01-01'),
                        COALESCE(life.gone, DATE '2200-01-01')) AS e
           FROM starts st JOIN facts USING (unit, organization) LEFT JOIN life USING (unit)),
    in_force AS (SELECT * FROM iv WHERE s < e),
    kinds AS (SELECT unit, organization, arg_max(org_type, s) AS org_type FROM in_force GROUP BY ALL)
"""


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


# The study rate (docs/metrics.md §3): per document, only its study links (role 'studied': main and make-up
# sessions) count; each chi bộ's Party members over those sessions are capped at its members less the exempt;
# the denominator is every chi bộ with a member count. Chi bộ are counted as cells with or without a count.
# The registry is the one in force on the document's day: the date of its latest study session (of its latest
# linked conference when it had none).
_COVERAGE_SQL = """
    WITH """ + _REGISTRY_SQL + """,
         shown AS (SELECT d.document, COALESCE(MAX(CAST(c.date AS DATE)) FILTER (WHERE d.role = 'studied'),
                                               MAX(CAST(c.date AS DATE))) AS day
                   FROM conference_documents d JOIN conferences c USING (unit, conference_id) GROUP BY d.document),
         cells AS (SELECT shown.document, unit, organization, party_members,
                          GREATEST(party_members - COALESCE(exempt_members, 0), 0) AS capacity
                   FROM in_force, shown WHERE org_type = 'chi_bo' AND s <= shown.day AND shown.day < e),
         counted AS (SELECT * FROM cells WHERE party_members IS NOT NULL),
         links AS (SELECT d.unit, d.conference_id, d.document, COALESCE(d.role = 'studied', FALSE) AS studied
                   FROM conference_documents d JOIN conferences USING (unit, conference_id)),
         per_doc AS (SELECT document, COUNT(*) AS conferences, COUNT(*) FILTER (WHERE studied) AS study_sessions,
                            COUNT(*) FILTER (WHERE NOT studied) AS dissemination_links
                     FROM links GROUP BY document),
         came_as_written AS (SELECT l.document, a.unit, a.organization, l.studied,
                                    COALESCE(a.party_members, a.attendees) AS pm
                             FROM attendance a JOIN links l USING (unit, conference_id)
                             JOIN kinds k USING (unit, organization)
                             WHERE a.attendees > 0 AND k.org_type = 'chi_bo'),
         -- A former ward's cell that is not in the registry shown counts as the cell of the same name of the
         -- ward it merged into (one merger step: the data here has no chains).
         came AS (SELECT w.document, COALESCE(succ.unit, w.unit) AS unit,
                         COALESCE(succ.organization, w.organization) AS organization, w.studied, w.pm
                  FROM came_as_written w
                  LEFT JOIN cells own ON own.document = w.document AND own.unit = w.unit
                                     AND own.organization = w.organization
                  LEFT JOIN (SELECT DISTINCT unit, merged_into FROM unit_history WHERE merged_into IS NOT NULL) h
                         ON own.unit IS NULL AND h.unit = w.unit
                  LEFT JOIN cells succ ON succ.document = w.document AND succ.unit = h.merged_into
                                      AND lower(succ.organization) = lower(w.organization)),
         reach AS (SELECT document, COUNT(DISTINCT (unit, organization)) AS cells_reached,
                          COUNT(DISTINCT (unit, organization)) FILTER (WHERE studied) AS cells_studied
                   FROM came GROUP BY document),
         sent AS (SELECT document, unit, organization, SUM(pm) AS pm FROM came WHERE studied GROUP BY ALL),
         studied AS (SELECT s.document, SUM(LEAST(s.pm, c.capacity)) AS party_members_studied
                     FROM sent s JOIN counted c USING (document, unit, organization) GROUP BY s.document),
         registered AS (SELECT document, COUNT(*) AS n FROM cells GROUP BY document),
         total AS (SELECT document, COALESCE(SUM(capacity), 0) AS t, COUNT(*) AS n FROM counted GROUP BY document)
    SELECT p.document, p.conferences, p.study_sessions, p.dissemination_links,
           COALESCE(r.cells_reached, 0) AS cells_reached, COALESCE(r.cells_studied, 0) AS cells_studied,
           COALESCE(g.n, 0) AS cells_registered, COALESCE(total.n, 0) AS cells_counted,
           COALESCE(s.party_members_studied, 0) AS party_members_studied,
           COALESCE(total.t, 0) AS party_members_total,
           CASE WHEN p.study_sessions > 0 AND total.t > 0
                THEN COALESCE(s.party_members_studied, 0) / total.t END AS study_rate
    FROM per_doc p LEFT JOIN reach r USING (document) LEFT JOIN studied s USING (document)
    LEFT JOIN registered g USING (document) LEFT JOIN total USING (document)
    ORDER BY p.document
"""


@pytest.mark.parametrize("store", ["sample", "hand", "campaign", "registry_2018", "registry_versions"])
def test_topic_coverage_study_rate(store, db, sample_store_ro):
    built = {"hand": fixtures.tables, "campaign": fixtures.campaign, "registry_2018": fixtures.registry_2018,
             "registry_versions": fixtures.registry_versions}
    tables, con = (load(sample_store_ro), db) if store == "sample" else (built[store](), _connect(built[store]()))
    sql = con.sql(_COVERAGE_SQL).df()
    ours = topic_coverage(tables).sort_values("document").reset_index(drop=True)
    ours = ours.astype({"study_rate": "float64"})  # <NA> as NaN, like DuckDB's NULLs in pandas
    assert list(ours["document"]) == list(sql["document"])
    pd.testing.assert_frame_equal(ours[sql.columns], sql.astype({"study_rate": "float64"}), check_dtype=False)
    if store == "campaign":  # the worked example, computed a second way
        assert sql.set_index("document").loc[fixtures.NQ57, ["party_members_studied", "party_members_total"]].tolist() == [50, 54]


# Missed: an organisation with no attendance > 0 in a quarter in which its unit held a conference on a day
# the organisation existed (a version in force), other than the committee (type dang_uy, or named like its
# unit). Listed: each organisation existing on the quarter's last day or on such a conference's day.
_EXISTED_SQL = """
    WITH """ + _REGISTRY_SQL + """,
         held AS (SELECT DISTINCT i.unit, i.organization, c.quarter
                  FROM in_force i JOIN conferences c ON c.unit = i.unit
                  AND CAST(c.date AS DATE) >= i.s AND CAST(c.date AS DATE) < i.e),
         quarters AS (SELECT DISTINCT quarter, make_date(CAST(LEFT(quarter, 4) AS INT), CAST(RIGHT(quarter, 1) AS INT) * 3, 1)
                             + INTERVAL 1 MONTH - INTERVAL 1 DAY AS last FROM conferences),
         at_end AS (SELECT DISTINCT i.unit, i.organization, q.quarter FROM in_force i, quarters q
                    WHERE i.s <= CAST(q.last AS DATE) AND CAST(q.last AS DATE) < i.e),
         existed AS (SELECT * FROM held UNION SELECT * FROM at_end),
         came AS (SELECT DISTINCT a.unit, a.organization, c.quarter
                  FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0)
"""
_MISSED_SQL = _EXISTED_SQL + """
    SELECT h.quarter, COUNT(*) AS missed
    FROM held h JOIN kinds k USING (unit, organization)
    LEFT JOIN came ON came.unit = h.unit AND came.organization = h.organization AND came.quarter = h.quarter
    WHERE came.unit IS NULL AND k.org_type <> 'dang_uy' AND lower(h.organization) <> lower(h.unit)
    GROUP BY h.quarter ORDER BY h.quarter
"""


def test_coverage_gaps(db, sample_store_ro):
    sql = db.sql("""
        SELECT c.quarter, COUNT(DISTINCT a.unit || '/' || a.organization) AS reached
        FROM attendance a JOIN conferences c USING (unit, conference_id) WHERE a.attendees > 0
        GROUP BY c.quarter ORDER BY c.quarter
    """).df()
    existed = db.sql(_EXISTED_SQL + "SELECT quarter, COUNT(*) AS organizations FROM existed GROUP BY quarter "
                                    "ORDER BY quarter").df()
    gaps = coverage_gaps(load(sample_store_ro))
    ours = gaps[gaps["attendees"] > 0].groupby("quarter").size().rename("reached").reset_index()
    pd.testing.assert_frame_equal(ours, sql, check_dtype=False)
    listed = gaps.groupby("quarter").size().rename("organizations").reset_index()
    pd.testing.assert_frame_equal(listed, existed, check_dtype=False)
    # The merger: 33 organisations of the former ward a quarter until 2025-Q2, the new ward's 33 after.
    units = gaps.groupby("quarter")["unit"].nunique()
    assert (units == 1).all() and (gaps.groupby("quarter").size() == 33).all()


@pytest.mark.parametrize("store", ["sample", "two_units", "hand"])
def test_coverage_gaps_missed(store, db, sample_store_ro, two_units):
    tables, con = {"sample": (load(sample_store_ro), db), "two_units": two_units,
                   "hand": (fixtures.tables(), _connect(fixtures.tables()))}[store]
    sql = con.sql(_MISSED_SQL).df()
    gaps = coverage_gaps(tables)
    ours = gaps.groupby("quarter")["missed"].sum()
    assert ours.drop(sql["quarter"]).eq(0).all()  # quarters no unit held a conference in miss nobody
    pd.testing.assert_frame_equal(ours[ours.index.isin(sql["quarter"])].reset_index(), sql, check_dtype=False)
