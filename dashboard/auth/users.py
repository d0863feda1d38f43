"""Users and roles, kept in the shared auth database (outside git), passwords hashed with Argon2.

Roles, each including the one before: ``viewer`` reads the dashboard,
``staff`` also previews and uploads for their own units, ``admin`` also
undoes uploads and may upload for any unit. What an account reads is its
units and every unit under them (``readable_units``, enforced by
``dashboard.transforms.access``): every unit for an admin with none, or for
an account given ``--all-units``. Accounts live in SQLite
(``dashboard.auth.db``) with the sessions, so every worker sees a change at
once and a change of rights ends the account's sessions.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock

from dashboard.auth.db import AuthDB
from dashboard.settings import Settings

if TYPE_CHECKING:
    from dashboard.store import Tables

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
    all_units: bool = False  # reads every unit whatever its units (``users add … --all-units``)

    def can(self, role: str) -> bool:
        """Whether this user has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def may_upload_for(self) -> list[str] | None:
        """Units this user may write; None means any (admins)."""
        if self.role == "admin":
            return None
        return list(self.units) if self.role == "staff" else []

    def readable_units(self) -> list[str] | None:
        """The units this account reads, each with every unit under it (``dashboard.transforms.access``);
        None: every unit (``--all-units``, or an admin given no unit)."""
        if self.all_units or (self.role == "admin" and not self.units):
            return None
        return list(self.units)


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
            rows = db.execute(f"SELECT name, role, units, password_hash, all_units FROM users {where}", args).fetchall()
        return [User(name, role, json.loads(units), password_hash, bool(all_units))
                for name, role, units, password_hash, all_units in rows]

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
                        units = record.get("units", [])
                        db.execute(_INSERT, (name, record["role"], json.dumps(units, ensure_ascii=False),
                                             record["password_hash"], time.time(),
                                             int(not units and record["role"] != "admin")))
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

    def add(self, name: str, role: str, password: str, units: list[str] | None = None,
            all_units: bool = False) -> User:
        """A new account. A staff account needs units (those it uploads for and reads); a viewer needs units
        or ``all_units`` (what it reads); an admin with neither reads every unit."""
        _check_role(role)
        if not name or not name.strip():
            raise UsersError("the user name is empty")
        if len(password) < 8:
            raise UsersError("the password must have at least 8 characters")
        _check_units(role, list(units or []), all_units)
        user = User(name, role, list(units or []), _hasher.hash(password), all_units)
        self._import_legacy()
        try:
            with self.db.connect() as db:
                db.execute(_INSERT, (name, role, json.dumps(user.units, ensure_ascii=False), user.password_hash,
                                     time.time(), int(all_units)))
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
        if units:  # units named: the account reads those (``set-units --all-units`` gives every unit back)
            user.units, user.all_units = list(units), False
        _check_units(role, user.units, user.all_units)
        with self.db.connect() as db:
            db.execute("UPDATE users SET role = ?, units = ?, all_units = ? WHERE name = ?",
                       (role, json.dumps(user.units, ensure_ascii=False), int(user.all_units), name))
            db.execute("DELETE FROM sessions WHERE user = ?", (name,))
        return user

    def set_units(self, name: str, units: list[str] | None = None, all_units: bool = False) -> User:
        """Replace the account's units (and whether it reads every unit). Its open sessions stay: every
        request reads the account afresh, so the next one already sees what the new units allow."""
        user = self.get(name)
        if user is None:
            raise UsersError(f"no user {name!r}")
        user.units, user.all_units = list(units or []), all_units
        _check_units(user.role, user.units, all_units)
        with self.db.connect() as db:
            db.execute("UPDATE users SET units = ?, all_units = ? WHERE name = ?",
                       (json.dumps(user.units, ensure_ascii=False), int(all_units), name))
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


def tables_for(name: str, settings: Settings | None = None, version: int | None = None) -> "Tables":
    """The store's tables (newest, or ``version``) cut down to what account ``name`` reads, as the dashboard
    serves them to it when viewing needs a login (``dashboard.transforms.access``): for notebooks and scripts
    that compute on an account's behalf.

    Raises:
        UsersError: no account ``name`` in the settings' auth database.
    """
    # Imported here: the ``users`` command needs none of the tables (pandas, Delta) to start.
    from dashboard.store import load
    from dashboard.transforms.access import readable

    settings = settings or Settings.load()
    user = UserStore(settings.auth_db, legacy_file=settings.users_file).get(name)
    if user is None:
        raise UsersError(f"no user {name!r}")
    return readable(load(settings.store, version), user.readable_units())


_INSERT = "INSERT INTO users (name, role, units, password_hash, created, all_units) VALUES (?, ?, ?, ?, ?, ?)"


def _check_units(role: str, units: list[str], all_units: bool) -> None:
    if role == "staff" and not units:
        raise UsersError("a staff account needs at least one --unit")
    if role == "viewer" and not units and not all_units:
        raise UsersError("a viewer account needs --unit or --all-units")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsersError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
