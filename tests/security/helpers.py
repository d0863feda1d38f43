"""What the security tests share: an app on a copy of the sample store with accounts, and logging in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from dashboard.auth.users import UserStore
from dashboard.settings import Settings

UNIT = "Đảng ủy phường Thanh Khê Tây"


def secure_app(folder: Path, sample_store: Path, accounts: dict[str, tuple[str, str, list[str]]], **settings):
    """The real app on a copy of ``sample_store`` with ``accounts`` (name → role, password, units)."""
    from dashboard.app import create_app

    if not (folder / "store").exists():
        shutil.copytree(sample_store, folder / "store")
    users = UserStore(folder / "auth.sqlite3")
    for name, (role, password, units) in accounts.items():
        if users.get(name) is None:
            # A viewer given no unit reads every unit (as every viewer did before read access by unit).
            users.add(name, role, password, units, all_units=role == "viewer" and not units)
    return create_app(Settings.load(**{"store": folder / "store", "auth_db": folder / "auth.sqlite3",
                                       "users_file": folder / "none.json", "samples": "", **settings}))


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, name: str, password: str, next_path: str = "/upload"):
    """Log ``client`` in through the form, CSRF token included; returns the response (302 on success)."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": next_path})
