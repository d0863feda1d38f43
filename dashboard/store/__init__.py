"""Store: the versioned Parquet tables every view reads (see ``delta.py``)."""

from dashboard.store.delta import LedgerEntry, Store, Tables, load

__all__ = ["LedgerEntry", "Store", "Tables", "load"]
