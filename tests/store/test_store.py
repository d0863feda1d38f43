"""The store: round trip, older versions, restore, other readers, empty store."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow.dataset as ds
from deltalake import DeltaTable

from dashboard.contract.schema import STORED_SCHEMAS
from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import Store, load

from tests.ingest.helpers import CONFERENCES, UNIT, another_conference, base_files, csv_file


def test_empty_store_loads_empty_tables(tmp_path):
    tables = load(tmp_path / "nothing")
    assert tables.version == 0
    for name, schema in STORED_SCHEMAS.items():
        assert list(tables[name].columns) == schema.names
        assert tables[name].empty


def test_round_trip_and_versions(tmp_path):
    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    commit_upload([csv_file("c.csv", another_conference("HN-2"))], settings=settings)
    assert Store(settings.store).version() == 2
    assert len(load(settings.store).conferences) == 2
    assert len(load(settings.store, version=1).conferences) == 1
    assert load(settings.store, version=0).conferences.empty
    dtypes = load(settings.store).attendance.dtypes
    assert str(dtypes["attendees"]) == "Int64"


def test_other_readers_see_the_same_rows(tmp_path):
    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    path = str(settings.store / "attendance")
    via_delta = DeltaTable(path).to_pandas()
    # DuckDB and pyarrow read the Parquet files of the current Delta version directly.
    via_duckdb = duckdb.read_parquet(DeltaTable(path).file_uris()).df()
    via_pyarrow = ds.dataset(DeltaTable(path).file_uris()).to_table().to_pandas()
    for frame in (via_delta, via_duckdb, via_pyarrow):
        assert sorted(frame["organization"]) == sorted(load(settings.store).attendance["organization"])


def test_crashed_writer_leftovers_are_invisible_and_repaired(tmp_path):
    """Table versions written without a ledger row (a writer died) are never read, then restored away."""
    from deltalake import write_deltalake

    from dashboard.contract.schema import to_stored

    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    before = load(settings.store).conferences.copy()
    orphan = before.assign(title="half-written")
    write_deltalake(str(settings.store / "conferences"), to_stored("conferences", orphan), mode="overwrite")
    pd.testing.assert_frame_equal(load(settings.store).conferences, before)
    commit_upload([csv_file("c.csv", another_conference("HN-2"))], settings=settings)
    titles = set(load(settings.store).conferences["title"])
    assert "half-written" not in titles and len(titles) == 2  # HN-1 and HN-2, nothing else


def test_compact_tables_hold_the_same_values_as_categoricals(sample_store_ro):
    from dashboard.store import load
    from dashboard.store.delta import COMPACT_KEYS

    plain, compact = load(sample_store_ro), load(sample_store_ro, compact=True)
    assert compact is not plain and compact.version == plain.version
    for name in ("conferences", "attendance", "organizations", "conference_documents"):
        keys = COMPACT_KEYS.get(name, ())
        for column in keys:
            assert isinstance(compact[name][column].dtype, pd.CategoricalDtype), (name, column)
        as_text = compact[name].astype({c: plain[name][c].dtype for c in keys})
        pd.testing.assert_frame_equal(as_text, plain[name])
    assert compact.units == plain.units


def test_read_units_reads_exactly_those_units_rows(sample_store_ro):
    from dashboard.store import Store

    store = Store(sample_store_ro)
    version = store.version()
    for name in ("attendance", "conference_documents", "organizations"):
        whole = store.read_table(name, version)
        unit = whole["unit"].iloc[0]
        some = store.read_units(name, version, [unit, "Đảng ủy không có"])
        expected = whole[whole["unit"] == unit]
        pd.testing.assert_frame_equal(some.sort_values(list(some.columns)).reset_index(drop=True),
                                      expected.sort_values(list(expected.columns)).reset_index(drop=True))
        assert store.read_units(name, version, []).empty
        assert store.read_units(name, 0, [unit]).empty


def test_a_store_written_before_the_session_column_still_reads(tmp_path, monkeypatch):
    """Old stores lack ``conferences.session``: they load with it missing, and the next upload adds it."""
    import pyarrow as pa

    from dashboard.contract import schema
    from dashboard.ingest import rollback

    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    current = schema.STORED_SCHEMAS["conferences"]
    monkeypatch.setitem(schema.STORED_SCHEMAS, "conferences", pa.schema([f for f in current if f.name != "session"]))
    commit_upload(base_files(), settings=settings)
    monkeypatch.undo()
    assert "session" not in DeltaTable(str(settings.store / "conferences")).schema().to_arrow().names
    old = load(settings.store)
    assert list(old.conferences.columns) == current.names and old.conferences["session"].isna().all()
    with_session = CONFERENCES.replace("Mã hội nghị,Ngày,", "Mã hội nghị,Buổi,Ngày,").replace("HN-1,", "HN-2,chiều,")
    with_session = with_session.replace("Quý II", "Quý III")  # another conference, not a probable duplicate
    commit_upload([csv_file("c.csv", with_session)], settings=settings)
    sessions = load(settings.store).conferences.set_index("conference_id")["session"]
    assert sessions["HN-2"] == "chieu" and pd.isna(sessions["HN-1"])
    assert load(settings.store, version=1).conferences["session"].isna().all()
    rollback(settings.store, 1)
    assert load(settings.store).conferences["conference_id"].tolist() == ["HN-1"]


def test_a_store_written_before_registry_history_and_units_still_reads(tmp_path, monkeypatch):
    """Old stores lack the ``unit_history`` table and the registry's retired/renamed columns: they load with an
    empty units table and those columns missing (as_of missing: since the beginning); the next upload adds
    them; earlier versions still read, and rolling back to one empties the units table again."""
    import pyarrow as pa

    from dashboard.contract import schema
    from dashboard.ingest import rollback
    from dashboard.store import delta

    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    old_tables = tuple(t for t in schema.STORED_TABLES if t != "unit_history")
    current = schema.STORED_SCHEMAS["organizations"]
    monkeypatch.setattr(delta, "STORED_TABLES", old_tables)
    monkeypatch.setitem(schema.STORED_SCHEMAS, "organizations", pa.schema(
        [f for f in current if f.name not in ("retired_from", "renamed_to", "renamed_on")]))
    commit_upload(base_files(), settings=settings)
    monkeypatch.undo()
    assert not (settings.store / "unit_history").exists()
    written = DeltaTable(str(settings.store / "ledger")).to_pyarrow_table().to_pylist()[-1]["table_versions"]
    assert "unit_history" not in written  # the old ledger row never named it: read as its empty version 0
    assert Store(settings.store).ledger()[-1].table_versions["unit_history"] == 0
    old = load(settings.store)
    assert old.unit_history.empty and list(old.unit_history.columns) == STORED_SCHEMAS["unit_history"].names
    assert list(old.organizations.columns) == current.names and old.organizations["renamed_to"].isna().all()
    units = csv_file("u.csv", "Đơn vị,Trực thuộc,Đến ngày,Sáp nhập vào\n"
                              f"{UNIT},Đảng bộ quận Q,30/06/2025,Đảng ủy phường Mới\n")
    commit_upload([units], settings=settings)
    assert load(settings.store).unit_history["merged_into"].tolist() == ["Đảng ủy phường Mới"]
    assert load(settings.store, version=1).unit_history.empty
    rollback(settings.store, 1)
    assert load(settings.store).unit_history.empty and len(load(settings.store).conferences) == 1
