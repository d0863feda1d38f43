"""Undo one upload, or restore the whole store to a version — each previewed first.

Two ways back, both written as a new store version (nothing is ever deleted):

* ``plan_undo`` / ``undo_upload`` revert what one ledger entry did and keep
  every later entry. For the units the entry touched, its row-level change is
  computed per table by key (``STORED_KEYS``) between versions N−1 and N;
  the inverse is applied to the head: rows it added are removed, rows it
  changed or removed get their N−1 values back. What can be undone: an
  upload, and an undo (undoing an undo re-applies what it reverted: a redo).
  A whole-store restore cannot: restore the version before it instead.
* ``plan_restore`` / ``restore_store`` make every table what it was at a
  version (``Store.rollback``), discarding every later upload of every unit;
  the plan lists them, and the commit needs the version number typed back.

**Conflicts** (undo only). A row conflicts when the head no longer holds what
entry N left there: a later entry changed it, removed it, or re-added a key N
had removed; or when removing it would leave later rows pointing at nothing
(a conference N added whose attendance or document rows were changed or
added later; an organisation N added that remaining rows still name; a
document N added to the catalogue that remaining document links cite). The
plan lists each conflict with the later entries that touched it. Committing
refuses while there are conflicts unless the caller confirms; confirmed,
**every conflicting row keeps its current value** (the later upload's) and
only the other rows are reverted.

Every bad version (not a number, negative, beyond the head, 0 for an undo, a
restore entry for an undo, the head for a restore) is a ``UserError`` with
its own message, and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.contract.schema import STORED_KEYS, STORED_TABLES
from dashboard.errors import Problem, UserError
from dashboard.i18n import fmt_date, fmt_moment, t
from dashboard.store import LedgerEntry, Store

UNDOABLE = ("upload", "undo")
RESTORE = "rollback"  # the ledger action of a whole-store restore (kept from older ledgers)
# Conflict reasons, each an i18n key ``reason_<reason>``.
REASONS = ("changed_later", "removed_later", "added_later", "still_used", "with_conference")

PRINTED_ROWS = 50  # rows of each list ``describe`` prints (the page shows up to 1000)
Key = tuple
Values = dict  # key → the sorted row hashes of its rows (a key is normally one row)


@dataclass(frozen=True)
class Conflict:
    """A row the undo leaves as it is now."""

    table: str
    key: Key
    reason: str
    later: tuple[int, ...]  # the later versions that touched it (or the rows still using it)


@dataclass
class UndoPlan:
    """What undoing ledger entry ``version`` would do; writes nothing.

    ``remove`` holds, per table, the current rows the undo deletes (entry N
    added them); ``restore`` the rows of version N−1 it puts back (N changed
    or removed them); ``conflicts`` the rows it leaves as they are.
    ``changes`` is what ``Store.commit`` writes (conflicting rows kept);
    ``counts`` what the ledger records per table, in an upload's shape:
    ``added`` rows put back that the head lacked, ``changed`` rows put back
    over the head's, ``removed``, and ``unchanged`` the conflicting rows kept.
    """

    version: int
    base_version: int
    entry: LedgerEntry
    remove: dict[str, pd.DataFrame] = field(default_factory=dict)
    restore: dict[str, pd.DataFrame] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    later: dict[int, LedgerEntry] = field(default_factory=dict)
    conferences: pd.DataFrame = field(default_factory=pd.DataFrame)
    units: list[str] = field(default_factory=list)
    changes: dict[str, tuple[list[str], pd.DataFrame]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def is_noop(self) -> bool:
        return not self.changes

    def conflict_versions(self) -> list[int]:
        return sorted({v for c in self.conflicts for v in c.later})

    def summary_frame(self, lang: str = "vi") -> pd.DataFrame:
        """Per table: rows removed, rows restored, conflicting rows kept."""
        rows = []
        for name in STORED_TABLES:
            rows.append([_table_label(name, lang), len(self.remove.get(name, ())), len(self.restore.get(name, ())),
                         sum(c.table == name for c in self.conflicts)])
        return pd.DataFrame(rows, columns=[t(k, lang) for k in ("col_table", "col_remove", "col_restore", "col_conflicts")])

    def rows_frame(self, lang: str = "vi") -> pd.DataFrame:
        """Every row the undo removes or restores: table, unit, row, change."""
        rows = []
        for change, frames in (("change_remove", self.remove), ("change_restore", self.restore)):
            for name, frame in frames.items():
                for key in _keys(frame, name):
                    rows.append([_table_label(name, lang), key[0], _key_text(key), t(change, lang)])
        return pd.DataFrame(rows, columns=[t(k, lang) for k in ("col_table", "col_unit", "col_row", "col_change")])

    def conferences_frame(self, lang: str = "vi") -> pd.DataFrame:
        """The conferences whose rows (or attendance, or documents) the undo touches or leaves in conflict."""
        frame = self.conferences
        columns = [t(k, lang) for k in ("col_unit", "col_conference_id", "col_date", "col_title")]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        return pd.DataFrame({columns[0]: frame["unit"], columns[1]: frame["conference_id"],
                             columns[2]: frame["date"].map(fmt_date), columns[3]: frame["title"]})

    def conflicts_frame(self, lang: str = "vi") -> pd.DataFrame:
        """Every conflict: table, unit, row, why, and the later entries (version · user · time)."""
        rows = [[t(f"table_{c.table}", lang), c.key[0], _key_text(c.key), t(f"reason_{c.reason}", lang),
                 "; ".join(entry_label(self.later[v], lang) for v in c.later if v in self.later)]
                for c in self.conflicts]
        return pd.DataFrame(rows, columns=[t(k, lang) for k in ("col_table", "col_unit", "col_row", "col_reason", "col_later")])

    def describe(self, lang: str = "vi") -> str:
        """The preview as plain text (the command line prints it)."""
        parts = [t("undo_preview_title", lang, version=self.version, entry=entry_label(self.entry, lang)),
                 t("undo_preview_keeps", lang),
                 t("undo_units", lang, units=", ".join(self.units) or "—"), "",
                 self.summary_frame(lang).to_string(index=False)]
        if not self.conferences.empty:
            parts += ["", t("undo_conferences", lang), *_printed(self.conferences_frame(lang), lang)]
        if self.conflicts:
            parts += ["", t("undo_conflicts_title", lang, count=len(self.conflicts)),
                      *_printed(self.conflicts_frame(lang), lang)]
        return "\n".join(parts)


@dataclass
class RestorePlan:
    """What restoring the whole store to ``version`` would do; writes nothing.

    ``discarded`` are the entries whose data goes (every unit's), newest
    first; ``reinstated`` those whose data comes back (when restoring past an
    earlier restore); ``summary`` per table the rows put back, changed and
    removed relative to the current version.
    """

    version: int
    base_version: int
    discarded: list[LedgerEntry] = field(default_factory=list)
    reinstated: list[LedgerEntry] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def confirm_word(self) -> str:
        """What the admin types to confirm: the version number."""
        return str(self.version)

    def entries_frame(self, entries: list[LedgerEntry], lang: str = "vi") -> pd.DataFrame:
        columns = [t(k, lang) for k in ("col_version", "col_at", "col_user", "col_action", "col_unit")]
        rows = [[e.version, _at(e), e.user, _action(e, lang), ", ".join(e.units)] for e in entries]
        return pd.DataFrame(rows, columns=columns)

    def summary_frame(self, lang: str = "vi") -> pd.DataFrame:
        rows = [[_table_label(name, lang), s["added"], s["changed"], s["removed"]] for name, s in self.summary.items()]
        return pd.DataFrame(rows, columns=[t(k, lang) for k in ("col_table", "col_added_back", "col_changed", "col_removed")])

    def describe(self, lang: str = "vi") -> str:
        parts = [t("restore_preview_title", lang, version=self.version, head=self.base_version), ""]
        if self.discarded:
            parts += [t("restore_discarded", lang), *_printed(self.entries_frame(self.discarded, lang), lang)]
        else:
            parts.append(t("restore_none_discarded", lang))
        if self.reinstated:
            parts += ["", t("restore_reinstated", lang), *_printed(self.entries_frame(self.reinstated, lang), lang)]
        parts += ["", t("restore_units", lang, units=", ".join(self.units) or "—"),
                  self.summary_frame(lang).to_string(index=False)]
        return "\n".join(parts)


# --- versions -------------------------------------------------------------------------

def parse_version(value: object) -> int:
    """A version number as typed or sent by a client: ``3``, ``"3"``, ``" #3 "``.

    Raises:
        UserError: ``version_not_a_number`` for anything else (nothing written).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    if re.fullmatch(r"#?\s*[+-]?\d{1,18}", text):
        return int(text.lstrip("#").strip())
    raise UserError(Problem("version_not_a_number", value=text or "∅"))


def _in_range(version: int, head: int) -> None:
    if version < 0 or version > head:
        raise UserError(Problem("unknown_version", value=str(version), params={"latest": head}))


def _live(ledger: list[LedgerEntry]) -> dict[int, tuple[int, ...]]:
    """Store version → the entries whose data it holds (a restore to T holds what T held)."""
    live: dict[int, tuple[int, ...]] = {0: ()}
    for entry in ledger:
        if entry.action == RESTORE:
            live[entry.version] = live.get(entry.target_version or 0, ())
        else:
            live[entry.version] = live.get(entry.version - 1, ()) + (entry.version,)
    return live


def _undone_by(version: int, live: tuple[int, ...], entries: dict[int, LedgerEntry]) -> int | None:
    """The live undo that reverted ``version`` (and was not itself undone), if any."""
    for other in reversed(live):
        entry = entries[other]
        if other > version and entry.action == "undo" and entry.target_version == version \
                and _undone_by(other, live, entries) is None:
            return other
    return None


def _undoable(store: Store, value: object) -> tuple[int, int, dict[int, LedgerEntry]]:
    """Check ``value`` names an entry that can be undone: (version, head, ledger entries by version)."""
    version = parse_version(value)
    ledger = store.ledger()
    entries = {e.version: e for e in ledger}
    head = ledger[-1].version if ledger else 0
    _in_range(version, head)
    if version == 0:
        raise UserError(Problem("undo_version_zero", value="0"))
    entry = entries[version]
    if entry.action not in UNDOABLE:
        raise UserError(Problem("not_undoable", value=str(version),
                                params={"action": entry.action, "before": version - 1}))
    live = _live(ledger)
    if version not in live[head]:
        by = max(v for v in range(version + 1, head + 1) if version in live[v - 1] and version not in live[v])
        raise UserError(Problem("version_discarded", value=str(version), params={"by": by}))
    by = _undone_by(version, live[head], entries)
    if by is not None:
        raise UserError(Problem("already_undone", value=str(version), params={"by": by}))
    return version, head, entries


# --- undo -----------------------------------------------------------------------------

def plan_undo(store: Store | str | Path | None, version: object) -> UndoPlan:
    """Plan undoing ledger entry ``version`` against the current version (writes nothing).

    Args:
        store: the store (or its folder; default from settings).
        version: the entry to undo, an upload or an undo (int, or text as typed).

    Returns:
        An ``UndoPlan``: rows to remove and restore per table, the conferences
        and units affected, and the conflicts with the later entries that
        touched them.

    Raises:
        UserError: for a version that cannot be undone (see the module doc).
    """
    store = _as_store(store)
    version, head, entries = _undoable(store, version)
    entry = entries[version]
    previous = entries.get(version - 1)
    units = sorted(entry.units)
    plan = UndoPlan(version=version, base_version=head, entry=entry)

    now = {name: store.read_units(name, head, units) for name in STORED_TABLES}
    before: dict[str, pd.DataFrame] = {}
    after: dict[str, pd.DataFrame] = {}
    revert: dict[str, set] = {}
    conflicts: dict[tuple[str, Key], str] = {}
    for name in STORED_TABLES:
        key = list(STORED_KEYS[name])
        if _pin(previous, name) == entry.table_versions[name]:
            continue  # entry N did not write this table
        before[name] = store.read_units(name, version - 1, units)
        after[name] = store.read_units(name, version, units)
        old, new, current = _values(before[name], key), _values(after[name], key), _values(now[name], key)
        revert[name] = set()
        for k in old.keys() | new.keys():
            if old.get(k) == new.get(k):
                continue
            if current.get(k) == new.get(k):
                revert[name].add(k)
            elif k not in new:
                conflicts[(name, k)] = "added_later"
            elif k not in current:
                conflicts[(name, k)] = "removed_later"
            else:
                conflicts[(name, k)] = "changed_later"

    # Removing a conference or an organisation that remaining rows still use would leave them
    # pointing at nothing: such a row is a conflict too, and stays.
    dependents: dict[tuple[str, Key], set[tuple[str, Key]]] = {}
    _keep_used("conferences", revert, conflicts, dependents, now, before)
    # A conference's document links are derived from its row: they stay when the row stays.
    for k in sorted(revert.get("conference_documents", ())):
        if ("conferences", k[:2]) in conflicts:
            conflicts[("conference_documents", k)] = "with_conference"
            dependents.setdefault(("conference_documents", k), set()).add(("conferences", k[:2]))
            revert["conference_documents"].discard(k)
    _keep_used("organizations", revert, conflicts, dependents, now, before)
    # A document a unit added to the catalogue, cited by links left in place: removing it would leave
    # those links naming a document no catalogue holds.
    _keep_used("catalogue", revert, conflicts, dependents, now, before)

    plan.conflicts, plan.later = _attribute(store, entries, version, head, conflicts, dependents, after)
    for name, keys in revert.items():
        if not keys:
            continue
        key = list(STORED_KEYS[name])
        gone = now[name][_has_key(now[name], key, keys)]
        back = before[name][_has_key(before[name], key, keys)]
        removed = gone[~_has_key(gone, key, set(_keys(back, name)))]
        if not removed.empty:
            plan.remove[name] = removed.reset_index(drop=True)
        if not back.empty:
            plan.restore[name] = back.reset_index(drop=True)
        touched = sorted({k[0] for k in keys})
        plan.changes[name] = (touched, _result(name, now[name][now[name]["unit"].isin(touched)], keys, before[name]))
        present = set(_keys(now[name], name))
        restored = set(_keys(back, name))
        plan.counts[name] = {"added": len(restored - present), "changed": len(restored & present),
                             "unchanged": sum(c.table == name for c in plan.conflicts),
                             "removed": len(plan.remove.get(name, ()))}
    plan.units = sorted({u for touched, _ in plan.changes.values() for u in touched})
    plan.conferences = _conferences(plan, revert, now["conferences"], before.get("conferences"))
    return plan


def undo_upload(store: Store | str | Path | None, version: object, *, user: str = "",
                confirm_conflicts: bool = False, base_version: object = None) -> int:
    """Undo ledger entry ``version`` as a new version (one atomic store commit); returns it.

    Args:
        store: the store (or its folder).
        version: the entry to undo (an upload, or an undo to redo).
        user: who undoes; the ledger records action ``undo`` and the version undone.
        confirm_conflicts: go ahead although later entries changed some of the
            rows: those rows keep their current value; the rest is undone.
        base_version: the version the caller previewed at; refused
            (``store_changed``) when the store moved since.

    Raises:
        UserError: a bad version; ``undo_nothing_left``; ``undo_conflicts``
            when there are conflicts and ``confirm_conflicts`` is false;
            ``store_changed`` or ``store_busy``. Nothing is written then.
    """
    store = _as_store(store)
    plan = plan_undo(store, version)
    if base_version is not None and parse_version(base_version) != plan.base_version:
        raise UserError(Problem("store_changed"))
    if plan.is_noop:
        raise UserError(Problem("undo_nothing_left", value=str(plan.version)))
    if plan.conflicts and not confirm_conflicts:
        raise UserError(Problem("undo_conflicts", value=str(plan.version), params={
            "count": len(plan.conflicts), "versions": ", ".join(f"#{v}" for v in plan.conflict_versions()) or "—"}))
    return store.commit(plan.changes, user=user, action="undo", units=plan.units, files=[], counts=plan.counts,
                        base_version=plan.base_version, target_version=plan.version)


# --- restore --------------------------------------------------------------------------

def plan_restore(store: Store | str | Path | None, version: object) -> RestorePlan:
    """Plan restoring the whole store to ``version`` (writes nothing).

    Returns:
        A ``RestorePlan``: the entries discarded (version, user, time, units),
        those brought back, the units whose rows change and how many rows per
        table.

    Raises:
        UserError: not a number, no such version, or the current version.
    """
    store = _as_store(store)
    version = parse_version(version)
    ledger = store.ledger()
    entries = {e.version: e for e in ledger}
    head = ledger[-1].version if ledger else 0
    _in_range(version, head)
    if version == head:
        raise UserError(Problem("restore_is_head", value=str(version)))
    live = _live(ledger)
    plan = RestorePlan(version=version, base_version=head,
                       discarded=[entries[v] for v in reversed(live[head]) if v not in live[version]],
                       reinstated=[entries[v] for v in reversed(live[version]) if v not in live[head]])
    # Units no entry wrote since the oldest state both versions descend from are equal in both.
    low = version
    while True:
        lower = [e.target_version for v, e in entries.items()
                 if low < v <= head and e.action == RESTORE and (e.target_version or 0) < low]
        if not lower:
            break
        low = min(lower)
    written = sorted({u for v, e in entries.items() if low < v <= head and e.action != RESTORE for u in e.units})
    changed_units: set[str] = set()
    for name in STORED_TABLES:
        counts = {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
        if _pin(entries.get(version), name) != _pin(entries.get(head), name) and written:
            key = list(STORED_KEYS[name])
            old = _values(store.read_units(name, version, written), key)
            new = _values(store.read_units(name, head, written), key)
            changed = {k for k in old.keys() & new.keys() if old[k] != new[k]}
            counts.update(added=len(old.keys() - new.keys()), changed=len(changed), removed=len(new.keys() - old.keys()))
            changed_units |= {k[0] for k in (old.keys() ^ new.keys()) | changed}
        plan.summary[name] = counts
    plan.units = sorted(changed_units)
    return plan


def restore_store(store: Store | str | Path | None, version: object, *, user: str = "",
                  confirm: object = None, base_version: object = None) -> int:
    """Restore the whole store to ``version`` as a new version; returns it.

    Args:
        confirm: what the admin typed; must be the version number.
        base_version: the version the caller previewed at; refused
            (``store_changed``) when the store moved since.

    Raises:
        UserError: a bad version; ``restore_not_confirmed``; ``store_changed``
            or ``store_busy``. Nothing is written then.
    """
    store = _as_store(store)
    plan = plan_restore(store, version)
    typed = "" if confirm is None else str(confirm).strip().lstrip("#").strip()
    if typed != plan.confirm_word:
        raise UserError(Problem("restore_not_confirmed", value=typed or "∅", params={"version": plan.version}))
    if base_version is not None and parse_version(base_version) != plan.base_version:
        raise UserError(Problem("store_changed"))
    return store.rollback(plan.version, user=user, base_version=plan.base_version, units=plan.units,
                          counts=plan.summary)


def entry_label(entry: LedgerEntry, lang: str = "vi") -> str:
    """``#5 · lan · 02/01/2025 17:00 (tải lên)``: one ledger entry in a line (Viet Nam time)."""
    return f"#{entry.version} · {entry.user or '—'} · {_at(entry)} ({_action(entry, lang)})"


# --- internals ------------------------------------------------------------------------

# Parent table → the tables whose rows name its rows: (their columns naming the parent's key).
_REFERENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "conferences": {"attendance": ("unit", "conference_id"), "conference_documents": ("unit", "conference_id")},
    "organizations": {"attendance": ("unit", "organization"), "conferences": ("unit", "organizer"),
                      "organizations": ("unit", "parent")},
    "catalogue": {"conference_documents": ("unit", "document")},
}
# Tables whose label dashboard.i18n may not hold yet (added since): shown with these.
_TABLE_LABELS = {"catalogue": ("Danh mục văn bản", "Document catalogue")}


def _table_label(name: str, lang: str) -> str:
    """The table's label in ``lang`` (``table_<name>`` in dashboard.i18n, else ``_TABLE_LABELS``)."""
    try:
        return t(f"table_{name}", lang)
    except KeyError:
        vi, en = _TABLE_LABELS.get(name, (name, name))
        return en if lang == "en" else vi


def _as_store(store: Store | str | Path | None) -> Store:
    if isinstance(store, Store):
        return store
    from dashboard.settings import Settings

    settings = Settings.load()
    return Store(store if store is not None else settings.store, lock_timeout=settings.lock_timeout)


def _pin(entry: LedgerEntry | None, name: str) -> int:
    return entry.table_versions[name] if entry is not None else 0


def _action(entry: LedgerEntry, lang: str) -> str:
    return t(f"action_{entry.action}", lang) if entry.action in (*UNDOABLE, RESTORE) else entry.action


def _at(entry: LedgerEntry) -> str:
    """When the entry was written, in Viet Nam time (the ledger keeps UTC), as the history grid shows it."""
    return fmt_moment(entry.at)


def _keys(frame: pd.DataFrame, name: str) -> list[Key]:
    return list(frame[list(STORED_KEYS[name])].itertuples(index=False, name=None))


def _values(frame: pd.DataFrame, key: list[str]) -> Values:
    """Key → the sorted hashes of its rows (stored form, so equal rows hash equal)."""
    if frame.empty:
        return {}
    hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    grouped: dict[Key, list[int]] = {}
    for k, h in zip(frame[key].itertuples(index=False, name=None), hashes):
        grouped.setdefault(k, []).append(int(h))
    return {k: tuple(sorted(v)) for k, v in grouped.items()}


def _has_key(frame: pd.DataFrame, key: list[str], keys: set) -> pd.Series:
    if frame.empty or not keys:
        return pd.Series(False, index=frame.index, dtype=bool)
    return pd.Series([k in keys for k in frame[key].itertuples(index=False, name=None)], index=frame.index, dtype=bool)


def _result(name: str, now: pd.DataFrame, keys: set, before: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of ``now`` with the rows of ``keys`` replaced by those of ``before`` (or removed)."""
    if not keys:
        return now.reset_index(drop=True)
    key = list(STORED_KEYS[name])
    kept = now[~_has_key(now, key, keys)]
    back = before[_has_key(before, key, keys)] if before is not None else before
    if back is None or back.empty:
        return kept.reset_index(drop=True)
    if kept.empty:
        return back.reset_index(drop=True)
    return pd.concat([kept, back], ignore_index=True)


def _keep_used(parent: str, revert: dict[str, set], conflicts: dict, dependents: dict,
               now: dict[str, pd.DataFrame], before: dict[str, pd.DataFrame]) -> None:
    """Keep (as ``still_used`` conflicts) the rows of ``parent`` the undo would remove but rows left name."""
    existed = set(_keys(before[parent], parent)) if parent in before else set()
    while True:  # again while kept rows name other removed rows (an organisation's parent)
        removed = {k for k in revert.get(parent, ()) if k not in existed}
        # Rows name an organisation, not one of its versions (key unit, organization, as_of): it is
        # gone only when no version of it stays, and then each removed version is what they use.
        versions: dict[Key, list[Key]] = {k: [k] for k in removed}
        if parent == "organizations":
            staying = {k[:2] for k in _keys(_result(parent, now[parent], revert.get(parent, set()), before.get(parent)),
                                            parent)}
            versions = {}
            for k in removed:
                if k[:2] not in staying:
                    versions.setdefault(k[:2], []).append(k)
        found = set()
        for name, columns in _REFERENCES[parent].items():
            result = _result(name, now[name], revert.get(name, set()), before.get(name))
            for named, row_key in _using(result, name, columns, set(versions)):
                for k in versions[named]:
                    dependents.setdefault((parent, k), set()).add((name, row_key))
                    found.add(k)
        if not found:
            return
        for k in found:
            conflicts[(parent, k)] = "still_used"
            revert[parent].discard(k)


def _using(frame: pd.DataFrame, name: str, columns: tuple[str, ...], removed: set) -> list[tuple[Key, Key]]:
    """(parent key, row key) for each row of ``frame`` whose ``columns`` name a removed parent."""
    if frame.empty or not removed:
        return []
    found = []
    row_keys = _keys(frame, name)
    for parent, row_key in zip(frame[list(columns)].itertuples(index=False, name=None), row_keys):
        if parent in removed and not (name == "organizations" and parent == row_key[:len(parent)]):
            found.append((parent, row_key))
    return found


def _attribute(store: Store, entries: dict[int, LedgerEntry], version: int, head: int,
               conflicts: dict[tuple[str, Key], str], dependents: dict, after: dict[str, pd.DataFrame]):
    """The conflicts with the later versions that touched each row (or the rows still using it)."""
    tracked: dict[str, set] = {}
    for name, k in conflicts:
        tracked.setdefault(name, set()).add(k)
    for uses in dependents.values():
        for name, k in uses:
            tracked.setdefault(name, set()).add(k)
    touched: dict[tuple[str, Key], list[int]] = {}
    for name, keys in tracked.items():
        key = list(STORED_KEYS[name])
        units = sorted({k[0] for k in keys})
        frame = after.get(name)
        state = _values(frame if frame is not None else store.read_units(name, version, units), key)
        state = {k: state.get(k) for k in keys}
        for v in range(version + 1, head + 1):
            entry, previous = entries[v], entries[v - 1]
            if entry.table_versions[name] == previous.table_versions[name]:
                continue
            if entry.action != RESTORE and not set(entry.units) & set(units):
                continue
            values = _values(store.read_units(name, v, units), key)
            for k in keys:
                if values.get(k) != state[k]:
                    touched.setdefault((name, k), []).append(v)
                    state[k] = values.get(k)
    found = []
    for (name, k), reason in conflicts.items():
        later = set(touched.get((name, k), ()))
        for use in dependents.get((name, k), ()):
            later.update(touched.get(use, ()))
        found.append(Conflict(name, k, reason, tuple(sorted(later))))
    found.sort(key=lambda c: (STORED_TABLES.index(c.table), [str(p) for p in c.key]))
    later = {v: entries[v] for c in found for v in c.later}
    return found, later


def _conferences(plan: UndoPlan, revert: dict[str, set], now: pd.DataFrame, before: pd.DataFrame | None) -> pd.DataFrame:
    """(unit, conference_id, date, title) of every conference the undo touches or leaves in conflict."""
    of_conferences = ("conferences", "attendance", "conference_documents")  # keyed by (unit, conference_id, …)
    wanted = {k[:2] for name, keys in revert.items() if name in of_conferences for k in keys}
    wanted |= {c.key[:2] for c in plan.conflicts if c.table in of_conferences}
    if not wanted:
        return pd.DataFrame(columns=["unit", "conference_id", "date", "title"])
    known = pd.concat([f for f in (now, before) if f is not None and not f.empty] or [now])
    known = known.drop_duplicates(["unit", "conference_id"])
    rows = known[_has_key(known, ["unit", "conference_id"], wanted)][["unit", "conference_id", "date", "title"]]
    return rows.sort_values(["unit", "date", "conference_id"]).reset_index(drop=True)


def _printed(frame: pd.DataFrame, lang: str, limit: int = PRINTED_ROWS) -> list[str]:
    """A frame as text lines, its first ``limit`` rows and how many more there are."""
    lines = [frame.head(limit).to_string(index=False)]
    if len(frame) > limit:
        lines.append(t("more_rows", lang, count=len(frame) - limit))
    return lines


def _key_text(key: Key) -> str:
    """The key without its unit: ``HN-1 · Chi bộ 1``; a version's date day first (``Chi bộ 1 · 01/07/2025``)."""
    return " · ".join(part.strftime("%d/%m/%Y") if isinstance(part, pd.Timestamp) else str(part)
                      for part in key[1:] if not pd.isna(part))


__all__ = ["Conflict", "RestorePlan", "UndoPlan", "entry_label", "parse_version", "plan_restore", "plan_undo",
           "restore_store", "undo_upload"]
