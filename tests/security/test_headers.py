"""Security headers from the first request, an exact allow-list, nothing that names versions or processes, MCP off."""

from __future__ import annotations

import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import dash
import plotly
import pytest

from tests.browser.conftest import free_port, wait_until_up
from tests.security.helpers import login as login_as
from tests.security.helpers import secure_app

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "headers-pass-1"


def make_app(folder: Path, store: Path, **settings):
    return secure_app(folder, store, {"quan": ("admin", PASSWORD, []), "xem": ("viewer", PASSWORD, [])}, **settings)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, sample_store_ro):
    folder = tmp_path_factory.mktemp("headers")
    shutil.copytree(sample_store_ro, folder / "store")
    return folder


def login(client, name):
    assert login_as(client, name, PASSWORD).status_code == 302


def test_login_page_has_the_policy_on_the_very_first_request(folder):
    app = make_app(folder, folder / "store")
    response = app.server.test_client().get("/login")  # before any dashboard page was served
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "sha256-" in csp
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    # The dashboard page gets the same policy.
    assert app.server.test_client().get("/").headers["Content-Security-Policy"] == csp


def test_error_responses_carry_the_headers_too(folder):
    app = make_app(folder, folder / "store")
    response = app.server.test_client().post("/_dash-update-component", json={"output": 1})
    assert response.status_code == 400 and "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("path", ["/loginx", "/login/../", "/langx", "/lang/xx", "/assetsx/a.css", "/_dash-layout",
                                  "/_dash-dependencies", "/history"])
def test_allow_list_matches_exact_paths(folder, path):
    app = make_app(folder, folder / "store", login_required=True)
    response = app.server.test_client().get(path)
    assert response.status_code in (302, 401), path
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login?next=")


def test_open_paths_stay_open_when_login_is_required(folder):
    app = make_app(folder, folder / "store", login_required=True)
    client = app.server.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/assets/00-bootstrap.min.css").status_code == 200
    assert client.get("/lang/en").status_code == 302


def test_no_versions_or_process_ids_in_pages_or_headers(folder):
    app = make_app(folder, folder / "store")
    client = app.server.test_client()
    response = client.get("/")
    page = response.get_data(as_text=True)
    for version in (dash.__version__, dash.__version__.replace(".", "_"), plotly.__version__, platform.python_version()):
        assert version not in page, version
    assert "python_version" not in page and "dash_version" not in page
    assert "X-Worker-Pid" not in response.headers
    # The renamed scripts are still served.
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts
    for src in scripts[:3]:
        assert client.get(src).status_code == 200, src


def test_development_server_does_not_name_itself(folder):
    port = free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(folder / "store"), "DASHBOARD_PORT": str(port),
           "DASHBOARD_AUTH_DB": str(folder / "auth.sqlite3"), "DASHBOARD_SAMPLES": "", "DASHBOARD_HOST": "127.0.0.1"}
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/login", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
            server = response.headers.get("Server", "")
        assert "Werkzeug" not in server and "Python" not in server and not re.search(r"\d+\.\d+", server)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_mcp_is_off_even_when_dash_is_told_to_enable_it(folder, monkeypatch):
    monkeypatch.setenv("DASH_MCP_ENABLED", "true")
    app = make_app(folder, folder / "store")
    client = app.server.test_client()
    assert client.get("/_mcp").status_code == 404
    assert client.post("/_mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).status_code == 404
    login(client, "quan")
    assert client.post("/_mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}).status_code == 403


def test_mcp_when_configured_is_for_admins_only(folder):
    app = make_app(folder, folder / "store", mcp_enabled=True)
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    assert app.server.test_client().post("/_mcp", json=body).status_code == 401
    viewer = app.server.test_client()
    login(viewer, "xem")
    assert viewer.post("/_mcp", json=body).status_code == 403
    admin = app.server.test_client()
    login(admin, "quan")
    assert admin.post("/_mcp", json=body).status_code not in (401, 403)


def test_unexpected_errors_show_a_reference_that_is_in_the_log(folder, caplog):
    app = make_app(folder, folder / "store")

    @app.server.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with caplog.at_level(logging.ERROR):
        response = app.server.test_client().get("/boom")
    text = response.get_json()["error"]
    assert response.status_code == 500 and "secret internals" not in text and "Traceback" not in text
    reference = re.search(r"mã ([0-9a-f]{8})", text).group(1)
    assert reference in text.split("reference")[1]
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records)


def test_trusted_proxy_headers_only_when_configured(folder):
    from flask import request

    seen = []
    for hops in (0, 1):
        app = make_app(folder, folder / "store", proxy_hops=hops)

        @app.server.route("/whoami")
        def whoami():
            seen.append(request.remote_addr)
            return "ok"

        app.server.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["127.0.0.1", "203.0.113.9"]
