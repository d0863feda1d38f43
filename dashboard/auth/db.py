"""Accounts, sessions and counted attempts in one SQLite database, shared by every worker.

SQLite is the embedded default: one file beside the store (``DASHBOARD_AUTH_DB``),
in WAL mode so the gunicorn workers read while one writes. Three tables:

* ``users``: name, role, units, Argon2 hash, and whether the account reads every unit (``all_units``);
* ``sessions``: one row per signed-in browser; the cookie carries a random
  token and the row is keyed by its SHA-256, so a copy of the database never
  yields a usable cookie. Deleting the row ends the session everywhere;
* ``attempts``: time-stamped hits under a key (failed logins, previews,
  commits, undo), so a limit counts across workers and restarts.

Every call opens its own short connection: cheap with SQLite, and safe across
threads and forked workers.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    units TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT NOT NULL,
    created REAL NOT NULL,
    all_units INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    created REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
CREATE TABLE IF NOT EXISTS attempts (
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_key ON attempts (key, at);
"""
BUSY_TIMEOUT_SECONDS = 10


def _add_all_units(connection: sqlite3.Connection) -> None:
    """Databases made before read access by unit get the ``all_units`` column. Their accounts without a unit
    read every unit, as they did then; an account with units (staff) reads its units from now on."""
    if "all_units" in {row[1] for row in connection.execute("PRAGMA table_info(users)")}:
        return
    # One transaction that takes the write lock first: workers starting together migrate once.
    connection.isolation_level = None
    connection.execute("BEGIN IMMEDIATE")
    try:
        if "all_units" not in {row[1] for row in connection.execute("PRAGMA table_info(users)")}:
            connection.execute("ALTER TABLE users ADD COLUMN all_units INTEGER NOT NULL DEFAULT 0")
            # (An admin without units reads every unit anyway; the flag would outlive a later set-role.)
            connection.execute("UPDATE users SET all_units = 1 WHERE units = '[]' AND role != 'admin'")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AuthDB:
    """The database file; created with its schema on first use."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._ready = False

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction: committed on success, rolled back on error."""
        if not self._ready:
            self._create()
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            with connection:
                yield connection

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
            _add_all_units(connection)
        if fresh:
            self.path.chmod(0o600)  # password hashes and session tokens' hashes
        self._ready = True

    # -- sessions ----------------------------------------------------------------
    def start_session(self, user: str, token: str) -> None:
        now = time.time()
        with self.connect() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (token_hash(token), user, now, now))

    def session_user(self, token: str, idle_seconds: float, max_seconds: float) -> str | None:
        """The user of a live session, touching its last use; expired sessions are deleted."""
        now = time.time()
        key = token_hash(token)
        with self.connect() as db:
            row = db.execute("SELECT user, created, last_seen FROM sessions WHERE token_hash = ?", (key,)).fetchone()
            if row is None:
                return None
            user, created, last_seen = row
            if now - last_seen > idle_seconds or now - created > max_seconds:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", (key,))
                return None
            if now - last_seen > 60:  # one write a minute per session is enough for the idle timeout
                db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, key))
            return user

    def end_session(self, token: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))

    def end_sessions_of(self, user: str) -> int:
        """End every session of ``user`` (removed, role or password changed); returns how many."""
        with self.connect() as db:
            return db.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount

    def sessions_of(self, user: str) -> int:
        with self.connect() as db:
            return db.execute("SELECT COUNT(*) FROM sessions WHERE user = ?", (user,)).fetchone()[0]

    # -- counted attempts ----------------------------------------------------------
    def count(self, key: str, window_seconds: float) -> int:
        with self.connect() as db:
            return db.execute("SELECT COUNT(*) FROM attempts WHERE key = ? AND at > ?",
                              (key, time.time() - window_seconds)).fetchone()[0]

    def oldest(self, key: str, window_seconds: float) -> float | None:
        with self.connect() as db:
            return db.execute("SELECT MIN(at) FROM attempts WHERE key = ? AND at > ?",
                              (key, time.time() - window_seconds)).fetchone()[0]

    def hit(self, key: str, limit: int, window_seconds: float) -> bool:
        """Record one attempt under ``key`` if fewer than ``limit`` fell in the window; False if refused."""
        now = time.time()
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")  # count and insert as one step across workers
            used = db.execute("SELECT COUNT(*) FROM attempts WHERE key = ? AND at > ?",
                              (key, now - window_seconds)).fetchone()[0]
            if used >= limit:
                return False
            db.execute("INSERT INTO attempts VALUES (?, ?)", (key, now))
            # Old rows are of no use to any window (the longest is a day).
            db.execute("DELETE FROM attempts WHERE at < ?", (now - 86_400,))
            return True

    def record(self, key: str) -> None:
        with self.connect() as db:
            db.execute("INSERT INTO attempts VALUES (?, ?)", (key, time.time()))

    def clear(self, key: str) -> None:
        with self.connect() as db:
            db.execute("DELETE FROM attempts WHERE key = ?", (key,))
