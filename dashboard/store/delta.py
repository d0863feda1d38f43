"""The versioned, transactional store: Delta Lake tables plus a ledger.

Layout under the store folder::

    conferences/  attendance/  organizations/  conference_documents/   Delta tables
    unit_history/  catalogue/                                          (added later: see below)
    ledger/                                                            Delta table
    .lock                                                              writer lock

Delta Lake makes each table's commit atomic, but an upload touches several
tables. The *ledger* is therefore the commit point of the whole store: each
ledger row pins the Delta version of every table, and readers only ever load
the table versions the newest ledger row names. A writer that dies after
writing some tables but before its ledger row leaves those table versions
unpinned; readers never see them, and the next writer first restores each
table to its pinned version (Delta's own ``restore``) before writing.

A table added to the contract later (``unit_history``, ``catalogue``) is missing from an
older store and from its ledger rows: it reads as empty at those versions
(its Delta version 0, the empty table), and is created by the next write.

Store version N is ledger row N (version 0 is the empty store). Nothing is
ever deleted: a rollback restores the tables to an earlier pinned version as
new Delta versions and records a ledger row of its own. Undoing one upload
(``dashboard.ingest.undo``) is an ordinary ``commit`` (action ``undo``, with
the version undone as ``target_version``).
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from collections import OrderedDict
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from deltalake import DeltaTable, write_deltalake
from deltalake.exceptions import TableNotFoundError
from filelock import FileLock, Timeout

from dashboard.contract.catalogue import Catalogue, catalogue_with
from dashboard.contract.schema import STORED_SCHEMAS, STORED_TABLES, empty_frame, from_stored, to_stored
from dashboard.errors import Problem, UserError

# Text repeated across the rows of the big tables, held as categoricals by the dashboard's workers
# (conference titles, places and documents repeat across a country's wards too).
COMPACT_KEYS = {
    "attendance": ("unit", "conference_id", "organization"),
    "conferences": ("unit", "conference_id", "title", "organizer", "kind", "speakers", "documents",
                    "documents_raw", "topics", "location", "source_url"),
    "conference_documents": ("unit", "conference_id", "document", "raw"),
}

LEDGER_SCHEMA = pa.schema([
    ("version", pa.int64()),
    ("at", pa.string()),
    ("user", pa.string()),
    ("action", pa.string()),
    ("units", pa.string()),
    ("files", pa.string()),
    ("counts", pa.string()),
    ("table_versions", pa.string()),
    ("target_version", pa.int64()),
])


@dataclass(frozen=True, eq=False)
class Tables:
    """The stored tables at one store version (pandas DataFrames; treat as read-only).

    Compared and hashed by identity, so per-version caches can key on it.
    """

    conferences: pd.DataFrame
    attendance: pd.DataFrame
    organizations: pd.DataFrame
    conference_documents: pd.DataFrame
    version: int = 0
    units: tuple[str, ...] = field(default=())  # the unit names (not the ``unit_history`` table)
    # Units over time: parent committee, validity, mergers (empty in stores written before it).
    unit_history: pd.DataFrame = field(default_factory=lambda: empty_frame("unit_history"))
    # Documents units added to the shipped catalogue (empty in stores written before it): see ``catalogue_of``.
    catalogue: pd.DataFrame = field(default_factory=lambda: empty_frame("catalogue"))
    # What these tables are: ``<ledger table id>-v<version>`` (``Store.stamp``). A store deleted and created
    # again at the same path has another ledger id, so nothing cached for the old one is served for it.
    stamp: str = ""
    # The units these tables were cut down to (``dashboard.transforms.access.readable``); None: every unit.
    scope: tuple[str, ...] | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


@dataclass(frozen=True)
class LedgerEntry:
    version: int
    at: str
    user: str
    action: str
    units: list[str]
    files: list[dict]
    counts: dict
    table_versions: dict[str, int]
    target_version: int | None


# The size of the Parquet files a write makes (``Store._overwrite_units``): small enough that one file holds
# a few hundred wards of a country's sorted rows, large enough that a whole table stays a few dozen files.
TARGET_FILE_BYTES = 2 << 20


class Store:
    """A store folder. Cheap to create; reads go through ``load``'s cache."""

    def __init__(self, path: str | Path, lock_timeout: float = 10.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._entries: dict[tuple, LedgerEntry] = {}

    # -- reading ---------------------------------------------------------------
    def exists(self) -> bool:
        return (self.path / "ledger" / "_delta_log").is_dir()

    def version(self) -> int:
        """The newest store version (0 for an empty or missing store).

        Cheap enough to call on every request: it lists the ledger's log.
        """
        if not self.exists():
            return 0
        return DeltaTable(str(self.path / "ledger")).version()

    def stamp(self) -> tuple[int, str]:
        """The newest version and a name for it unique to this store: ``<ledger table id>-v<version>``.

        A store deleted and created again starts its versions at 1 again;
        the ledger's table id tells the two apart (for caches kept on disk).
        """
        if not self.exists():
            return 0, "empty-v0"
        ledger = DeltaTable(str(self.path / "ledger"))
        version = ledger.version()
        return version, f"{ledger.metadata().id}-v{version}"

    def stamp_of(self, version: int) -> str:
        """``stamp()``'s name for an earlier ``version`` of this store."""
        if not self.exists() or version == 0:
            return "empty-v0" if not self.exists() else f"{DeltaTable(str(self.path / 'ledger')).metadata().id}-v0"
        return f"{DeltaTable(str(self.path / 'ledger')).metadata().id}-v{int(version)}"

    def ledger(self) -> list[LedgerEntry]:
        """Every ledger entry, oldest first."""
        if not self.exists():
            return []
        frame = DeltaTable(str(self.path / "ledger")).to_pyarrow_table().to_pandas()
        return [_entry(row) for row in frame.sort_values("version").to_dict("records")]

    def entry(self, version: int) -> LedgerEntry | None:
        """The ledger row of ``version`` (None for version 0).

        Kept by this ``Store`` object: an upload's checks read one version's tables through it six times, and
        a ledger row never changes (a store deleted and made again has another first log file: not mixed up).
        """
        birth = self._ledger_birth()
        if (version, birth) in self._entries:
            return self._entries[(version, birth)]
        latest = self.version()
        if version < 0 or version > latest:
            raise UserError(Problem("unknown_version", value=str(version), params={"latest": latest}))
        if version == 0:
            return None
        table = DeltaTable(str(self.path / "ledger"), version=version).to_pyarrow_table()
        frame = table.to_pandas()
        found = _entry(frame.loc[frame["version"] == version].iloc[0].to_dict())
        self._entries[(version, birth)] = found
        return found

    def _ledger_birth(self) -> tuple[int, int] | None:
        """Which ledger this is: its first log file's inode and modification time (None: no ledger yet)."""
        try:
            first = (self.path / "ledger" / "_delta_log" / "00000000000000000000.json").stat()
        except FileNotFoundError:
            return None
        return first.st_ino, first.st_mtime_ns

    def read_column(self, name: str, version: int, column: str) -> pd.Series:
        """The distinct values of one column of a stored table at store ``version`` (only that column is read)."""
        entry = self.entry(version)
        if entry is None or not self._has(name):
            return pd.Series([], dtype=object, name=column)
        delta = DeltaTable(str(self.path / name), version=entry.table_versions[name])
        values = pc.unique(delta.to_pyarrow_dataset().to_table(columns=[column]).column(column).combine_chunks())
        return pd.Series(values.to_pylist(), dtype=object, name=column)

    def read_units(self, name: str, version: int, units: Iterable[str]) -> pd.DataFrame:
        """The rows of ``units`` in one stored table at store ``version`` (filtered in Arrow, not pandas).

        What an upload's checks need: a ward's upload into a country's store
        reads that ward's few thousand rows, not ten million.
        """
        entry = self.entry(version)
        wanted = sorted({str(u) for u in units})
        if entry is None or not wanted or not self._has(name):
            return from_stored(STORED_SCHEMAS[name].empty_table())
        delta = DeltaTable(str(self.path / name), version=entry.table_versions[name])
        table = delta.to_pyarrow_dataset().to_table(filter=ds.field("unit").isin(pa.array(wanted, pa.string())))
        return self._upgraded(name, version, from_stored(_conformed(table, STORED_SCHEMAS[name]), release=True))

    def read_table(self, name: str, version: int, compact: bool = False) -> pd.DataFrame:
        """One stored table as it was at store ``version``.

        With ``compact``, the repeated text keys of the attendance table
        (``COMPACT_KEYS``) come as pandas categoricals, read straight from
        Parquet's dictionaries: a country's 10 million rows take ≈ 0,2 GB
        instead of ≈ 1,3 GB. Values are the same; only the dtype differs.
        """
        entry = self.entry(version)
        keys = COMPACT_KEYS.get(name, ()) if compact else ()
        if entry is None or not self._has(name):
            frame = from_stored(STORED_SCHEMAS[name].empty_table())
            return frame.astype(dict.fromkeys(keys, "category"))
        delta = DeltaTable(str(self.path / name), version=entry.table_versions[name])
        if not keys:
            return self._upgraded(name, version, from_stored(_conformed(delta.to_pyarrow_table(), STORED_SCHEMAS[name])))
        dataset = delta.to_pyarrow_dataset(parquet_read_options=ds.ParquetReadOptions(dictionary_columns=set(keys)))
        table = _conformed(dataset.to_table(), STORED_SCHEMAS[name], cast=False)
        for key in keys:
            column = table.column(key)
            if any(chunk.dictionary.null_count for chunk in column.chunks):
                # A missing value stored inside the dictionary: pandas wants it as a missing code.
                encoded = pc.dictionary_encode(column.cast(pa.large_string()))
                table = table.set_column(table.schema.get_field_index(key), key, encoded)
        schema = STORED_SCHEMAS[name]
        target = pa.schema([table.schema.field(f.name) if f.name in keys else f for f in schema])
        return self._upgraded(name, version, from_stored(table.select(schema.names).cast(target), release=True))

    def _has(self, name: str) -> bool:
        """Whether the store holds table ``name`` (an older store lacks tables added since: read as empty)."""
        return (self.path / name / "_delta_log").is_dir()

    def _upgraded(self, name: str, version: int, frame: pd.DataFrame) -> pd.DataFrame:
        """Document links stored before identities and roles existed, read with them filled in.

        Rows without a ``status`` (a store written before it, or another unit's
        rows of a table that gained the column since) are resolved again from
        their ``raw`` text and their conference's date and kind
        (``dashboard.contract.links.upgrade_legacy``, status ``legacy``). The
        store is not rewritten: a unit's rows are stored upgraded when an
        upload next replaces that unit's rows.
        """
        if name != "conference_documents" or not frame["status"].isna().any():
            return frame
        from dashboard.contract.links import upgrade_legacy

        units = frame.loc[frame["status"].isna(), "unit"].dropna().astype(str).unique()
        return upgrade_legacy(frame, self.read_units("conferences", version, units))

    # -- writing ---------------------------------------------------------------
    def lock(self) -> FileLock:
        self.path.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path / ".lock"), timeout=self.lock_timeout)

    def commit(
        self,
        changes: dict[str, tuple[list[str], pd.DataFrame]],
        *,
        user: str,
        action: str,
        units: list[str],
        files: list[dict],
        counts: dict,
        base_version: int | None = None,
        target_version: int | None = None,
    ) -> int:
        """Write ``changes`` atomically and return the new store version.

        Args:
            changes: table name → (units whose rows are replaced, the complete
                new rows of those units). Tables not named keep their version.
            user, action, units, files, counts: what the ledger records.
            base_version: if given, refuse when the store moved past it (the
                caller computed ``changes`` from that version).
            target_version: the version the action refers to (an undo records
                the version it undid).

        Raises:
            UserError: ``store_busy`` when another writer holds the lock past
                the timeout; ``store_changed`` when ``base_version`` is stale.
        """
        try:
            with self.lock():
                head = self._prepare_for_write()
                if base_version is not None and base_version != head:
                    raise UserError(Problem("store_changed"))
                versions = dict(self._pinned(head))
                for name, (replace_units, frame) in changes.items():
                    versions[name] = self._overwrite_units(name, replace_units, frame)
                return self._append_ledger(
                    head, user=user, action=action, units=units, files=files,
                    counts=counts, table_versions=versions, target_version=target_version,
                )
        except Timeout:
            raise UserError(Problem("store_busy")) from None

    def rollback(self, target: int, *, user: str, base_version: int | None = None,
                 units: list[str] | None = None, counts: dict | None = None) -> int:
        """Make the tables what they were at store version ``target``, as a new version.

        Args:
            target: the store version to restore.
            user: who restores (the ledger records it, action ``rollback``).
            base_version: if given, refuse (``store_changed``) when the store
                moved past it, as ``commit`` does.
            units, counts: what the ledger records (default: the target's
                units, no counts); ``dashboard.ingest.undo.plan_restore``
                computes the units and rows that change.
        """
        try:
            with self.lock():
                head = self._prepare_for_write()
                if base_version is not None and base_version != head:
                    raise UserError(Problem("store_changed"))
                if target < 0 or target > head:
                    raise UserError(Problem("unknown_version", value=str(target), params={"latest": head}))
                target_versions = self._pinned(target)
                versions = dict(self._pinned(head))
                for name in STORED_TABLES:
                    if versions[name] != target_versions[name]:
                        table = DeltaTable(str(self.path / name))
                        table.restore(target_versions[name])
                        versions[name] = table.version()
                if units is None:
                    restored = self.entry(target)
                    units = restored.units if restored else []
                return self._append_ledger(
                    head, user=user, action="rollback", units=units,
                    files=[], counts=counts or {}, table_versions=versions, target_version=target,
                )
        except Timeout:
            raise UserError(Problem("store_busy")) from None

    # -- internals ---------------------------------------------------------------
    def _prepare_for_write(self) -> int:
        """Create the store (or the tables an older store lacks) if needed; undo unpinned table versions.

        Returns the head.
        """
        for name in STORED_TABLES:
            if not self._has(name):
                _create(self.path / name, STORED_SCHEMAS[name])
        if not self.exists():
            _create(self.path / "ledger", LEDGER_SCHEMA)
        head = self.version()
        for name, pinned in self._pinned(head).items():
            table = DeltaTable(str(self.path / name))
            if table.version() != pinned:
                # A writer died between its table writes and its ledger row.
                table.restore(pinned)
        return head

    def _pinned(self, version: int) -> dict[str, int]:
        entry = self.entry(version)
        if entry is None:
            return {name: 0 for name in STORED_TABLES}
        return entry.table_versions

    def _overwrite_units(self, name: str, units: list[str], frame: pd.DataFrame) -> int:
        target = str(self.path / name)
        predicate = "unit IN (" + ", ".join(_sql_string(u) for u in sorted(set(units))) + ")"
        # Rows sorted by unit, in files of at most TARGET_FILE_BYTES: each file then holds a narrow range of
        # units, and its statistics tell Delta which files hold a unit. A ward's upload rewrites the one or two
        # files holding that ward instead of every file of the table, and reading a ward's rows (the upload's
        # checks) skips the others: a ward's quarter into a country's 10,6 M attendance rows, 2,2 s → 0,3 s to
        # write and 1,4 s → 0,1 s to read (docs/benchmarks.md).
        # ``merge``: a store written before a column was added (conferences.session) gains it here.
        rows = _sorted_by_unit(to_stored(name, frame))
        write_deltalake(target, rows, mode="overwrite", predicate=predicate, schema_mode="merge",
                        target_file_size=TARGET_FILE_BYTES)
        return DeltaTable(target).version()

    def _append_ledger(self, head: int, *, table_versions: dict[str, int], units, files, counts,
                       user, action, target_version) -> int:
        row = {
            "version": head + 1,
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "user": user,
            "action": action,
            "units": json.dumps(sorted(units), ensure_ascii=False),
            "files": json.dumps(files, ensure_ascii=False),
            "counts": json.dumps(counts, ensure_ascii=False),
            "table_versions": json.dumps(table_versions),
            "target_version": target_version,
        }
        write_deltalake(str(self.path / "ledger"), pa.Table.from_pylist([row], schema=LEDGER_SCHEMA), mode="append")
        return head + 1


def _conformed(table: pa.Table, schema: pa.Schema, cast: bool = True) -> pa.Table:
    """``table`` with ``schema``'s columns in its order: a column added since the table was written reads as missing.

    A store from before a column existed (say ``conferences.session``) still loads; its next write adds the column.
    """
    missing = [f for f in schema if f.name not in table.schema.names]
    for f in missing:
        table = table.append_column(f, pa.nulls(len(table), f.type))
    table = table.select(schema.names)
    return table.cast(schema) if cast else table


def _create(path: Path, schema: pa.Schema) -> None:
    try:
        DeltaTable(str(path))
    except TableNotFoundError:
        write_deltalake(str(path), schema.empty_table(), mode="error")


def _sorted_by_unit(table: pa.Table) -> pa.Table:
    """``table``'s rows sorted by unit, stably: the distinct units ranked once and the rows sorted by rank
    (a country's 10,6 M attendance rows in ≈ 2,6 s instead of ≈ 4,3 s for a sort on the text)."""
    if table.num_rows < 2:
        return table
    encoded = pc.dictionary_encode(table.column("unit")).combine_chunks()
    ranks = pc.rank(encoded.dictionary, sort_keys="ascending", tiebreaker="dense")
    return table.take(pc.sort_indices(pc.take(ranks, encoded.indices)))


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _entry(row: dict) -> LedgerEntry:
    target = row.get("target_version")
    # A table added since the row was written was at its version 0 (empty) then.
    pinned = {name: 0 for name in STORED_TABLES} | {k: int(v) for k, v in json.loads(row["table_versions"]).items()}
    return LedgerEntry(
        version=int(row["version"]),
        at=row["at"],
        user=row["user"] or "",
        action=row["action"],
        units=json.loads(row["units"] or "[]"),
        files=json.loads(row["files"] or "[]"),
        counts=json.loads(row["counts"] or "{}"),
        table_versions=pinned,
        target_version=None if target is None or pd.isna(target) else int(target),
    )


# Loaded tables by (store path, stamp, compact). Two entries: the newest version and the one requests in
# flight may still read. At national scale each holds 0,5–1,5 GB, so keeping more would breach a worker's
# memory budget.
LOADED_SIZE = 2
_LOADED: "OrderedDict[tuple[str, str, bool], Tables]" = OrderedDict()
_LOADED_LOCK = threading.Lock()  # guards _LOADED and _LOADING only: never held while reading
_LOADING: dict[tuple[str, str, bool], threading.Lock] = {}


def _read_tables(path: str, version: int, compact: bool, stamp: str) -> Tables:
    store = Store(path)
    frames = {name: store.read_table(name, version, compact) for name in STORED_TABLES}
    units = stored_units(frames["organizations"], frames["conferences"], frames["unit_history"])
    return Tables(**frames, version=version, units=tuple(units), stamp=stamp)


_CATALOGUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def catalogue_of(tables: Tables, units: Iterable[str] | None = None) -> Catalogue:
    """The catalogue in force for ``tables``: the shipped one plus the documents units uploaded.

    What screens name documents with (``document_name(key, catalogue_of(tables))``)
    and what an upload resolves references against. With ``units``, only the
    documents those units added (each unit's uploads resolve against its own
    rows); without, every unit's (a key added by two units is named by the first,
    units sorted). Cached per ``tables`` (when ``units`` is not given): cheap on
    every request.
    """
    frame = getattr(tables, "catalogue", None)
    if units is not None:
        return catalogue_with(frame, units=units)
    cached = _CATALOGUES.get(tables)
    if cached is None:
        cached = catalogue_with(frame)
        _CATALOGUES[tables] = cached
    return cached


def stored_units(organizations: pd.DataFrame, conferences: pd.DataFrame,
                 unit_history: pd.DataFrame | None = None) -> list[str]:
    """Every unit of the registry, the conferences or the units table, sorted.

    The units table adds units without data of their own: predecessors, and
    the committees above (``parent``), which a filter rolls their units up to.
    Distinct values are taken first: a country has 10⁵ rows.
    """
    columns = [frame["unit"] for frame in (organizations, conferences)]
    if unit_history is not None:
        columns += [unit_history[c] for c in ("unit", "parent", "merged_into")]
    distinct = [pd.Series(column.dropna().unique(), dtype=object) for column in columns]
    return sorted(set(pd.concat(distinct)))


def load(store: str | Path | None = None, version: int | None = None, compact: bool = False) -> Tables:
    """Load the stored tables (newest version unless ``version`` is given).

    Args:
        store: the store folder; default from settings (``DASHBOARD_STORE``).
        version: a store version from the ledger; 0 is the empty store.
        compact: attendance keys as categoricals (see ``Store.read_table``):
            what the dashboard's workers hold, to stay within their memory.

    Returns:
        ``Tables`` with DataFrames ``.conferences``, ``.attendance``,
        ``.organizations``, ``.conference_documents``, ``.unit_history``
        and the ``.version`` loaded, and its ``.stamp`` (ledger table id and
        version). Results are cached per (store path, stamp) and shared: do
        not modify them in place.
    """
    from dashboard.settings import Settings

    path = Path(store) if store is not None else Settings.load().store
    if version is None:
        target, stamp = Store(path).stamp()
    else:
        target, stamp = int(version), Store(path).stamp_of(int(version))
    key = (str(path.resolve()), stamp, compact)
    with _LOADED_LOCK:
        if (hit := _LOADED.get(key)) is not None:
            _LOADED.move_to_end(key)
            return hit
        loading = _LOADING.setdefault(key, threading.Lock())
    # One read per version at a time: a worker's warm-up thread and its first request would otherwise both
    # read it (twice the time and, at a country's scale, twice the memory). A read of another version, or a
    # cache hit, never waits behind it.
    with loading:
        with _LOADED_LOCK:
            if (hit := _LOADED.get(key)) is not None:
                return hit
        tables = _read_tables(key[0], target, compact, stamp)
        with _LOADED_LOCK:
            _LOADED[key] = tables
            while len(_LOADED) > LOADED_SIZE:
                _LOADED.popitem(last=False)
            _LOADING.pop(key, None)
        return tables
