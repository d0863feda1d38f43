"""Store: the versioned Parquet tables every view reads (see ``delta.py``)."""

from dashboard.store.delta import LedgerEntry, Store, Tables, catalogue_of, load

__all__ = ["LedgerEntry", "Store", "Tables", "catalogue_of", "load"]
