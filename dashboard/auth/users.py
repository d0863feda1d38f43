"""Users and roles, kept in the shared auth database (outside git), passwords hashed with Argon2.

Roles, each including the one before: ``viewer`` reads the dashboard,
``staff`` also previews and uploads for their own units, ``admin`` also
undoes uploads and may upload for any unit. Accounts live in SQLite
(``dashboard.auth.db``) with the sessions, so every worker sees a change at
once and a change of rights ends the account's sessions.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock

from dashboard.auth.db import AuthDB

ROLES = ("viewer", "staff", "admin")
_hasher = PasswordHasher()


class UsersError(ValueError):
    """A user command that cannot be carried out (unknown user, bad role, …)."""


@dataclass
class User:
    name: str
    role: str
    units: list[str] = field(default_factory=list)
    password_hash: str = ""

    def can(self, role: str) -> bool:
        """Whether this user has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def may_upload_for(self) -> list[str] | None:
        """Units this user may write; None means any (admins)."""
        if self.role == "admin":
            return None
        return list(self.units) if self.role == "staff" else []


class UserStore:
    """The accounts, in the shared auth database (``dashboard.auth.db``).

    Each call reads the database afresh, so every worker sees a change at
    its next request. Removing an account, or changing its role, units or
    password, ends all its sessions at once.

    Args:
        path: the SQLite database file.
        legacy_file: an older JSON users file; its accounts are imported once,
            into an empty database, and the file is renamed ``*.imported``.
    """

    def __init__(self, path: str | Path, legacy_file: str | Path | None = None):
        self.path = Path(path)
        self.db = AuthDB(self.path)
        self.legacy_file = Path(legacy_file) if legacy_file else None

    def _rows(self, where: str = "", args: tuple = ()) -> list[User]:
        self._import_legacy()
        with self.db.connect() as db:
            rows = db.execute(f"SELECT name, role, units, password_hash FROM users {where}", args).fetchall()
        return [User(name, role, json.loads(units), password_hash) for name, role, units, password_hash in rows]

    def _import_legacy(self) -> None:
        legacy = self.legacy_file
        if legacy is None or not legacy.is_file():
            return
        with self._lock():
            if not legacy.is_file():
                return
            with self.db.connect() as db:
                if db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
                    records = json.loads(legacy.read_text(encoding="utf-8")).get("users", {})
                    for name, record in records.items():
                        db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                                   (name, record["role"], json.dumps(record.get("units", []), ensure_ascii=False),
                                    record["password_hash"], time.time()))
            legacy.rename(legacy.with_name(legacy.name + ".imported"))

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=10)

    def get(self, name: str) -> User | None:
        found = self._rows("WHERE name = ?", (name,))
        return found[0] if found else None

    def all(self) -> list[User]:
        return self._rows("ORDER BY name")

    def has_writer(self) -> bool:
        """Whether any staff or admin account exists (uploads stay closed until one does)."""
        return any(user.can("staff") for user in self.all())

    def add(self, name: str, role: str, password: str, units: list[str] | None = None) -> User:
        _check_role(role)
        if not name or not name.strip():
            raise UsersError("the user name is empty")
        if len(password) < 8:
            raise UsersError("the password must have at least 8 characters")
        if role == "staff" and not units:
            raise UsersError("a staff account needs at least one --unit")
        user = User(name, role, list(units or []), _hasher.hash(password))
        self._import_legacy()
        try:
            with self.db.connect() as db:
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                           (name, role, json.dumps(user.units, ensure_ascii=False), user.password_hash, time.time()))
        except sqlite3.IntegrityError:
            raise UsersError(f"user {name!r} exists already") from None
        return user

    def remove(self, name: str) -> None:
        self._import_legacy()
        with self.db.connect() as db:
            if db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise UsersError(f"no user {name!r}")
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def set_role(self, name: str, role: str, units: list[str] | None = None) -> User:
        _check_role(role)
        user = self.get(name)
        if user is None:
            raise UsersError(f"no user {name!r}")
        user.role = role
        if units:
            user.units = list(units)
        if role == "staff" and not user.units:
            raise UsersError("a staff account needs at least one --unit")
        with self.db.connect() as db:
            db.execute("UPDATE users SET role = ?, units = ? WHERE name = ?",
                       (role, json.dumps(user.units, ensure_ascii=False), name))
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))
        return user

    def set_password(self, name: str, password: str) -> None:
        if len(password) < 8:
            raise UsersError("the password must have at least 8 characters")
        with self.db.connect() as db:
            if db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                          (_hasher.hash(password), name)).rowcount == 0:
                raise UsersError(f"no user {name!r}")
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password matches, else None (same work either way)."""
        user = self.get(name)
        try:
            if user is None:
                _hasher.verify(_DUMMY_HASH, password)
                return None
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return user


_DUMMY_HASH = _hasher.hash("not a real password")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsersError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
