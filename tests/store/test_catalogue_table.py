"""The stored catalogue table: created on demand, absent from older stores, read per version."""

from __future__ import annotations

from deltalake import DeltaTable

from dashboard.contract.documents import DEFAULT_CATALOGUE, document_name
from dashboard.contract.schema import STORED_SCHEMAS
from dashboard.ingest import commit_upload, rollback
from dashboard.settings import Settings
from dashboard.store import Store, catalogue_of, load

from tests.conftest import make_tables
from tests.ingest.helpers import UNIT, base_files, csv_file

CATALOGUE = ('Loại văn bản,"Số, ký hiệu",Ngày ban hành,Trích yếu\n'
             "Kế hoạch,58-KH/ĐU,15/01/2023,Về học tập chuyên đề năm 2023\n")
KEY = "58-KH/ĐU@2023-01-15"


def test_a_store_written_before_the_catalogue_still_reads(tmp_path, monkeypatch):
    """An older store has no ``catalogue`` table and its ledger rows never name one: it reads as empty at
    those versions; the next upload creates it; rolling back to an old version empties it again."""
    from dashboard.contract import schema
    from dashboard.store import delta

    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    monkeypatch.setattr(delta, "STORED_TABLES", tuple(t for t in schema.STORED_TABLES if t != "catalogue"))
    commit_upload(base_files(), settings=settings)
    monkeypatch.undo()
    assert not (settings.store / "catalogue").exists()
    written = DeltaTable(str(settings.store / "ledger")).to_pyarrow_table().to_pylist()[-1]["table_versions"]
    assert "catalogue" not in written
    old = load(settings.store)
    assert old.catalogue.empty and list(old.catalogue.columns) == STORED_SCHEMAS["catalogue"].names
    assert catalogue_of(old) is DEFAULT_CATALOGUE
    commit_upload([csv_file("d.csv", CATALOGUE)], settings=settings)
    assert load(settings.store).catalogue["document"].tolist() == [KEY]
    assert Store(settings.store).read_units("catalogue", 2, [UNIT])["title"].tolist() == ["Về học tập chuyên đề năm 2023"]
    rollback(settings.store, 1)
    assert load(settings.store).catalogue.empty


def test_catalogue_of_names_the_documents_of_hand_built_tables():
    tables = make_tables(catalogue=[{"unit": UNIT, "document": KEY, "type_word": "Kế hoạch", "code": "58-KH/ĐU",
                                     "issued": "2023-01-15", "title": "Về học tập"}])
    catalogue = catalogue_of(tables)
    assert document_name(KEY, catalogue) == "Kế hoạch số 58-KH/ĐU ngày 15/1/2023"
    assert document_name(KEY) == "58-KH/ĐU ngày 15/1/2023"  # the shipped catalogue alone does not know it
    assert catalogue_of(make_tables()) is DEFAULT_CATALOGUE
