"""Users and roles, kept in a JSON file outside git, passwords hashed with Argon2.

Roles, each including the one before: ``viewer`` reads the dashboard,
``staff`` also previews and uploads for their own units, ``admin`` also
undoes uploads and may upload for any unit. The file is written atomically
(temporary file, then rename) under a lock, so two commands never lose each
other's change.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock

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
    """The users file. Each call reads it afresh, so every worker sees changes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def _read(self) -> dict[str, User]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {name: User(**record) for name, record in data.get("users", {}).items()}

    def _write(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"users": {name: asdict(user) for name, user in sorted(users.items())}}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".users-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=2)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=10)

    def get(self, name: str) -> User | None:
        return self._read().get(name)

    def all(self) -> list[User]:
        return list(self._read().values())

    def has_writer(self) -> bool:
        """Whether any staff or admin account exists (uploads stay closed until one does)."""
        return any(user.can("staff") for user in self._read().values())

    def add(self, name: str, role: str, password: str, units: list[str] | None = None) -> User:
        _check_role(role)
        if not name or not name.strip():
            raise UsersError("the user name is empty")
        if len(password) < 8:
            raise UsersError("the password must have at least 8 characters")
        if role == "staff" and not units:
            raise UsersError("a staff account needs at least one --unit")
        with self._lock():
            users = self._read()
            if name in users:
                raise UsersError(f"user {name!r} exists already")
            user = User(name, role, list(units or []), _hasher.hash(password))
            users[name] = user
            self._write(users)
        return user

    def remove(self, name: str) -> None:
        with self._lock():
            users = self._read()
            if name not in users:
                raise UsersError(f"no user {name!r}")
            del users[name]
            self._write(users)

    def set_role(self, name: str, role: str, units: list[str] | None = None) -> User:
        _check_role(role)
        with self._lock():
            users = self._read()
            if name not in users:
                raise UsersError(f"no user {name!r}")
            user = users[name]
            user.role = role
            if units:
                user.units = list(units)
            if role == "staff" and not user.units:
                raise UsersError("a staff account needs at least one --unit")
            self._write(users)
        return user

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password matches, else None (same work either way)."""
        user = self._read().get(name)
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
