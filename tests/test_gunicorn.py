"""Production serving: gunicorn with several workers; an upload via one worker shows in all of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from tests.browser.conftest import free_port, wait_until_up
from tests.ingest.helpers import another_conference, csv_file

ROOT = Path(__file__).resolve().parent.parent
UNIT = "Đảng ủy phường Thanh Khê Tây"


def layout_version(url: str) -> tuple[int, int]:
    """(store version the layout was built from, worker pid) of one request."""
    with urllib.request.urlopen(url + "/_dash-layout") as response:
        layout = json.loads(response.read())
        pid = int(response.headers["X-Worker-Pid"])
    stores = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Store" and node.get("props", {}).get("id") == "store-version":
                stores.append(node["props"]["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return stores[0], pid


@pytest.mark.slow
def test_workers_all_see_a_new_upload(tmp_path, sample_store_ro):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sample_store_ro, store)
    port = free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(store), "DASHBOARD_AUTH_DB": str(tmp_path / "auth.sqlite3"),
           "DASHBOARD_SAMPLES": "", "DASHBOARD_EXPOSE_WORKER": "true"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}",
                               "--config", "python:dashboard.gunicorn_conf", "dashboard.app:server()"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", server)
        seen = {layout_version(url) for _ in range(30)}
        assert {v for v, _ in seen} == {1}
        assert len({pid for _, pid in seen}) >= 2  # several workers answered
        settings = Settings.load(store=store, default_unit=UNIT)
        commit_upload([csv_file("c.csv", another_conference("HN-NEW").replace("Đảng ủy phường A", UNIT))],
                      settings=settings)
        seen = {layout_version(url) for _ in range(30)}
        assert {v for v, _ in seen} == {2}  # every worker, without a restart
    finally:
        server.terminate()
        try:  # gunicorn gives busy workers 30 s to finish; a loaded machine may need longer, then they are killed
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
