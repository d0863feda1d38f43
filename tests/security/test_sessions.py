"""Sessions that really end, accounts and login attempts shared by every worker."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from dashboard.auth.db import AuthDB
from dashboard.auth.users import UserStore
from dashboard.ui import ids
from dashboard.ui.requests import callback_request
from tests.browser.conftest import free_port, wait_until_up
from tests.security.helpers import UNIT, secure_app
from tests.security.helpers import login as login_as

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "session-pass-1"


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_store_ro):
    return secure_app(tmp_path_factory.mktemp("sessions"), sample_store_ro,
                      {name: (role, PASSWORD, [UNIT]) for name, role in
                       (("lan", "staff"), ("quan", "admin"), ("tam", "staff"), ("moi", "staff"))})


def auth_db(app) -> Path:
    return app.server.config["DASHBOARD_SETTINGS"].auth_db


def login(client, name, password=PASSWORD):
    return login_as(client, name, password)


def staff_request(app):
    return callback_request(app, ids.UPLOAD_PROBLEMS_DOWNLOAD)


def can_call_staff_callback(app, client) -> bool:
    status = client.post("/_dash-update-component", json=staff_request(app)).status_code
    assert status in (200, 204, 401)
    return status != 401


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def client_with_cookie(app, value: str):
    client = app.server.test_client()
    client.set_cookie("session", value)
    return client


def csrf_of_page(client) -> str:
    layout = client.get("/_dash-layout").get_data(as_text=True)
    props = next(m for m in re.finditer(r'\{[^{}]*"name": ?"csrf_token"[^{}]*\}', layout))
    return re.search(r'"value": ?"([^"]+)"', props.group(0)).group(1)


def test_a_copied_cookie_is_worthless_after_logout(app):
    client = app.server.test_client()
    assert login(client, "quan").status_code == 302
    copied = session_cookie(client)
    assert can_call_staff_callback(app, client_with_cookie(app, copied))  # the copy works while logged in
    response = client.post("/logout", data={"csrf_token": csrf_of_page(client)})
    assert response.status_code == 302
    assert not can_call_staff_callback(app, client)
    assert not can_call_staff_callback(app, client_with_cookie(app, copied))  # another browser, same cookie
    assert "quan (admin)" not in client_with_cookie(app, copied).get("/_dash-layout").get_data(as_text=True)


def test_logout_is_a_post_with_its_token(app):
    client = app.server.test_client()
    login(client, "lan")
    client.get("/logout")  # a link or an image on any page could make this request: it must not log out
    assert client.post("/logout", data={}).status_code == 400
    assert can_call_staff_callback(app, client)  # neither ended the session


@pytest.mark.parametrize("change", ["remove", "set_role", "set_password"])
def test_changing_an_account_ends_all_its_sessions(app, change):
    users = UserStore(auth_db(app))
    name = f"u-{change}"
    users.add(name, "staff", PASSWORD, [UNIT])
    first, second = app.server.test_client(), app.server.test_client()
    login(first, name)
    login(second, name)
    assert can_call_staff_callback(app, first) and can_call_staff_callback(app, second)
    if change == "remove":
        users.remove(name)
    elif change == "set_role":
        users.set_role(name, "admin")
    else:
        users.set_password(name, "another-pass-2")
    assert not can_call_staff_callback(app, first) and not can_call_staff_callback(app, second)
    assert AuthDB(auth_db(app)).sessions_of(name) == 0


@pytest.mark.parametrize("column, hours_ago", [("last_seen", 13), ("created", 24 * 7 + 1)])
def test_idle_and_absolute_timeouts(app, column, hours_ago):
    client = app.server.test_client()
    login(client, "tam")
    assert can_call_staff_callback(app, client)
    with sqlite3.connect(auth_db(app)) as db:  # the session as if it began, or was last used, long ago
        db.execute(f"UPDATE sessions SET {column} = {column} - ? WHERE user = 'tam'", (hours_ago * 3600,))
    assert not can_call_staff_callback(app, client)
    assert AuthDB(auth_db(app)).sessions_of("tam") == 0


def test_login_replaces_the_session_it_came_with(app):
    client = app.server.test_client()
    login(client, "moi")
    before = session_cookie(client)
    login(client, "moi")
    assert AuthDB(auth_db(app)).sessions_of("moi") == 1
    assert not can_call_staff_callback(app, client_with_cookie(app, before))


def test_cookie_tampering_is_refused(app):
    client = app.server.test_client()
    login(client, "lan")
    value = session_cookie(client)
    assert not can_call_staff_callback(app, client_with_cookie(app, value[:-2] + ("A" if value[-2] != "A" else "B")
                                                                + value[-1]))


def test_legacy_users_file_is_imported_once(tmp_path):
    from argon2 import PasswordHasher

    legacy = tmp_path / "users.json"
    legacy.write_text(json.dumps({"users": {"cu": {"name": "cu", "role": "staff", "units": [UNIT],
                                                   "password_hash": PasswordHasher().hash("old-pass-1")}}}))
    users = UserStore(tmp_path / "auth.sqlite3", legacy_file=legacy)
    assert users.authenticate("cu", "old-pass-1").units == [UNIT]
    assert not legacy.exists() and (tmp_path / "users.json.imported").exists()
    users.remove("cu")
    assert UserStore(tmp_path / "auth.sqlite3", legacy_file=legacy).get("cu") is None  # not imported again


def test_the_database_is_in_wal_mode_and_private(app):
    with sqlite3.connect(auth_db(app)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert oct(auth_db(app).stat().st_mode)[-3:] == "600"


# --- across processes -------------------------------------------------------------

def serve(tmp_path: Path, store: Path, auth: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(store), "DASHBOARD_PORT": str(port), "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_AUTH_DB": str(auth), "DASHBOARD_SAMPLES": "", "DASHBOARD_USERS_FILE": str(tmp_path / "none.json")}
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/login", process)
    return process, url


def try_login(url: str, name: str, password: str) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                         _NoRedirect())
    page = opener.open(url + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"name": name, "password": password, "csrf_token": token}).encode()
    try:
        return opener.open(url + "/login", data=data).status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.slow
def test_lockout_counts_across_workers_and_restarts(tmp_path, sample_store_ro):
    store, auth = tmp_path / "store", tmp_path / "auth.sqlite3"
    shutil.copytree(sample_store_ro, store)
    UserStore(auth).add("quan", "admin", PASSWORD)
    first, first_url = serve(tmp_path, store, auth)
    second, second_url = serve(tmp_path, store, auth)
    try:
        codes = [try_login(url, "quan", "wrong") for url in (first_url, second_url) * 3]
        # Five failures in all, spread over two processes, and the sixth attempt is refused.
        assert codes[:5] == [401] * 5 and codes[5] == 429
        assert try_login(second_url, "quan", PASSWORD) == 429
        first.terminate()
        first.wait(timeout=20)
        first, first_url = serve(tmp_path, store, auth)  # a restart forgets nothing
        assert try_login(first_url, "quan", PASSWORD) == 429
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=20)


def test_session_key_is_created_once_by_racing_processes(tmp_path):
    script = ("import sys; from dashboard.auth.web import secret_key; from dashboard.settings import Settings; "
              "print(secret_key(Settings.load(auth_db=sys.argv[1])))")
    processes = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "auth.sqlite3")], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True) for _ in range(4)]
    keys = {process.communicate(timeout=120)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert not list(tmp_path.glob(".secret_key-*"))


def test_gunicorn_master_creates_the_key_before_workers(tmp_path, monkeypatch):
    from dashboard import gunicorn_conf

    monkeypatch.setenv("DASHBOARD_AUTH_DB", str(tmp_path / "auth.sqlite3"))
    monkeypatch.delenv("DASHBOARD_SECRET_KEY", raising=False)
    gunicorn_conf.on_starting(None)
    assert len((tmp_path / "secret_key").read_text().strip()) == 64
