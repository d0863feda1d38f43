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

from tests.ingest.helpers import CONFERENCES, UNIT, base_files, csv_file


def test_empty_store_loads_empty_tables(tmp_path):
    tables = load(tmp_path / "nothing")
    assert tables.version == 0
    for name, schema in STORED_SCHEMAS.items():
        assert list(tables[name].columns) == schema.names
        assert tables[name].empty


def test_round_trip_and_versions(tmp_path):
    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    commit_upload([csv_file("c.csv", CONFERENCES.replace("HN-1", "HN-2"))], settings=settings)
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
    commit_upload([csv_file("c.csv", CONFERENCES.replace("HN-1", "HN-2"))], settings=settings)
    titles = set(load(settings.store).conferences["title"])
    assert "half-written" not in titles and len(titles) == 1


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
