"""Login, roles, limits and headers through the real Flask server of the app (forged callbacks: test_callbacks.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.auth.users import UserStore, UsersError
from dashboard.settings import Settings
from dashboard.ui import ids
from dashboard.ui.requests import callback_request
from tests.security.helpers import UNIT, login, secure_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_store_ro):
    return secure_app(tmp_path_factory.mktemp("secure"), sample_store_ro, {
        "lan": ("staff", "staff-pass-1", [UNIT]), "quan": ("admin", "admin-pass-1", []),
        "xem": ("viewer", "viewer-pass-1", [])}, max_upload_mb=1)


def body_for(app, output_id: str) -> dict:
    """A well-formed callback request for the callback writing ``output_id``."""
    return callback_request(app, output_id)


def body_of(app, function: str) -> dict:
    """A well-formed callback request for the callback function named ``function``."""
    key = next(k for k, spec in app.callback_map.items() if getattr(spec.get("callback"), "__name__", "") == function)
    return callback_request(app, key.strip(".").split("...")[0].split(".")[0], key=key)


@pytest.mark.parametrize("output", [ids.UPLOAD_RESULT, ids.HISTORY_GRID, ids.HISTORY_RESULT])
def test_anonymous_gets_401_and_nothing_runs(app, output):
    response = app.server.test_client().post("/_dash-update-component", json=body_for(app, output))
    assert response.status_code == 401


def test_viewer_gets_403(app):
    client = app.server.test_client()
    assert login(client, "xem", "viewer-pass-1").status_code == 302
    assert client.post("/_dash-update-component", json=body_for(app, ids.UPLOAD_RESULT)).status_code == 403
    assert client.post("/_dash-update-component", json=body_for(app, ids.HISTORY_GRID)).status_code == 403


def test_staff_may_upload_but_not_undo(app):
    client = app.server.test_client()
    login(client, "lan", "staff-pass-1")
    assert client.post("/_dash-update-component", json=body_for(app, ids.UPLOAD_RESULT)).status_code in (200, 204)
    assert client.post("/_dash-update-component", json=body_for(app, ids.HISTORY_RESULT)).status_code == 403


def test_admin_may_undo(app):
    client = app.server.test_client()
    login(client, "quan", "admin-pass-1")
    assert client.post("/_dash-update-component", json=body_for(app, ids.HISTORY_RESULT)).status_code in (200, 204)


def test_public_charts_need_no_login(app):
    from dashboard.ui.blocks import figure_id

    # The chart's figure comes from the attendance page's callback, into the chart's figure store.
    response = app.server.test_client().post("/_dash-update-component", json=body_for(app, figure_id(ids.MIX_CHART)))
    assert response.status_code in (200, 204)


def test_wrong_password_then_lockout(app):
    client = app.server.test_client()
    codes = [login(client, "quan", "wrong").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert login(client, "quan", "admin-pass-1").status_code == 429  # locked for a minute, even with the right one
    # A stranger at another address cannot lock the real user out.
    elsewhere = app.server.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.8.7"
    assert login(elsewhere, "quan", "admin-pass-1").status_code == 302


def test_successful_login_clears_the_failures(app):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.1.1.1"
    assert [login(client, "lan", "wrong").status_code for _ in range(4)] == [401] * 4
    assert login(client, "lan", "staff-pass-1").status_code == 302
    assert [login(client, "lan", "wrong").status_code for _ in range(5)] == [401] * 5  # counted afresh


def test_login_needs_csrf_token(app):
    response = app.server.test_client().post("/login", data={"name": "lan", "password": "staff-pass-1"})
    assert response.status_code == 401
    assert "hết hạn" in response.get_data(as_text=True)


def logout(client):
    page = client.get("/upload").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    token = token.group(1) if token else _csrf_from_layout(client)
    return client.post("/logout", data={"csrf_token": token})


def _csrf_from_layout(client) -> str:
    layout = client.get("/_dash-layout").get_data(as_text=True)
    props = next(m for m in re.finditer(r'\{[^{}]*"name": ?"csrf_token"[^{}]*\}', layout))
    return re.search(r'"value": ?"([^"]+)"', props.group(0)).group(1)


def test_logout(app):
    client = app.server.test_client()
    login(client, "lan", "staff-pass-1")
    assert logout(client).status_code == 302
    assert client.post("/_dash-update-component", json=body_for(app, ids.UPLOAD_RESULT)).status_code == 401


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_no_open_redirect(app, target):
    client = app.server.test_client()
    page = client.get(f"/login?next={target}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"name": "lan", "password": "staff-pass-1", "csrf_token": token, "next": target})
    assert response.headers["Location"] in ("/", "http://localhost/")
    response = client.get("/lang/en", headers={"Referer": target})
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_security_headers(app):
    response = app.server.test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    cookie_client = app.server.test_client()
    login(cookie_client, "lan", "staff-pass-1")


def test_session_cookie_flags(app):
    client = app.server.test_client()
    page = client.get("/login")
    cookie = page.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_request_over_the_limit_gets_413(app):
    big = b"x" * int(3 * 1_000_000)
    response = app.server.test_client().post("/_dash-update-component", data=big, content_type="application/json")
    assert response.status_code == 413


@pytest.mark.parametrize("kind, function", [("commit", "start_commit"), ("preview", "start_preview")])
def test_upload_commits_and_previews_are_rate_limited_per_user(app, monkeypatch, kind, function):
    from dashboard.auth import web

    monkeypatch.setitem(web.CALLBACK_LIMITS, kind, (2, 3600))
    UserStore(app.server.config["DASHBOARD_SETTINGS"].auth_db).add(f"rate-{kind}", "staff", "staff-pass-2", [UNIT])
    client = app.server.test_client()
    login(client, f"rate-{kind}", "staff-pass-2")
    body = body_of(app, function)
    codes = [client.post("/_dash-update-component", json=body).status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2]
    other = app.server.test_client()  # another user's count is their own
    login(other, "quan", "admin-pass-1")
    assert other.post("/_dash-update-component", json=body).status_code != 429


def test_https_setting_secures_cookies(tmp_path, sample_store_ro):
    from flask import Flask, session

    from dashboard.auth import web

    server = Flask("t")
    web.install(server, Settings.load(store=sample_store_ro, auth_db=tmp_path / "a.db", https=True),
                lambda: "vi", lambda: [])

    @server.route("/touch")
    def touch():
        session["x"] = 1
        return "ok"

    response = server.test_client().get("/touch")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_required_setting(tmp_path, sample_store_ro):
    from flask import Flask

    from dashboard.auth import web

    server = Flask("t")
    web.install(server, Settings.load(store=sample_store_ro, auth_db=tmp_path / "a.db", login_required=True),
                lambda: "vi", lambda: [])

    @server.route("/")
    def index():
        return "dashboard"

    client = server.test_client()
    assert client.get("/").status_code == 302 and "/login" in client.get("/").headers["Location"]
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/login").status_code == 200


def test_secret_key_file_is_private_and_stable(tmp_path):
    from dashboard.auth.web import secret_key

    settings = Settings.load(auth_db=tmp_path / "auth.sqlite3")
    first = secret_key(settings)
    assert first == secret_key(settings) and len(first) == 64
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    assert secret_key(Settings.load(auth_db=tmp_path / "auth.sqlite3", secret_key="given")) == "given"
    assert not list(tmp_path.glob(".secret_key-*"))  # no temporary file left behind


def test_user_store_rules(tmp_path):
    users = UserStore(tmp_path / "auth.sqlite3")
    with pytest.raises(UsersError):
        users.add("a", "staff", "longenough")  # staff needs a unit
    with pytest.raises(UsersError):
        users.add("a", "boss", "longenough")
    with pytest.raises(UsersError):
        users.add("a", "viewer", "short", all_units=True)
    with pytest.raises(UsersError, match="a viewer account needs --unit or --all-units"):
        users.add("a", "viewer", "longenough")  # reads what? say it
    users.add("a", "viewer", "longenough", all_units=True)
    with pytest.raises(UsersError):
        users.add("a", "viewer", "longenough", all_units=True)
    assert users.authenticate("a", "longenough").role == "viewer"
    assert users.authenticate("a", "wrong") is None and users.authenticate("nobody", "x") is None
    assert b"longenough" not in (tmp_path / "auth.sqlite3").read_bytes()
    assert oct((tmp_path / "auth.sqlite3").stat().st_mode)[-3:] == "600"
    assert not users.has_writer()
    users.set_role("a", "staff", [UNIT])
    assert users.has_writer() and users.get("a").may_upload_for() == [UNIT]
    users.remove("a")
    with pytest.raises(UsersError):
        users.remove("a")


def test_users_cli(tmp_path):
    path = str(tmp_path / "auth.sqlite3")

    def cli(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "dashboard", "users", "--auth-db", path, *args],
                              input=stdin, capture_output=True, text=True, cwd=ROOT)

    assert cli("add", "lan", "--role", "staff", "--unit", UNIT, stdin="pass-word-1\n").returncode == 0
    assert cli("add", "lan", "--role", "staff", "--unit", UNIT, stdin="pass-word-1\n").returncode == 1
    assert cli("set-role", "lan", "admin").returncode == 0
    assert cli("list").stdout.startswith("lan\tadmin")
    assert cli("remove", "lan").returncode == 0 and cli("list").stdout == ""
    assert cli("remove", "lan").returncode == 1
