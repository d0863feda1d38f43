"""SIGKILL during a commit leaves the store before or after, readable; concurrent uploads never mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import load

from tests.ingest.helpers import UNIT, another_conference, base_files

ROOT = Path(__file__).resolve().parents[2]

# Runs one upload in a child process; every Delta write (table or ledger)
# prints a marker first, so the parent can kill it between any two writes.
CHILD = textwrap.dedent("""
    import sys, time
    import dashboard.store.delta as delta
    real = delta.write_deltalake
    def traced(*args, **kwargs):
        print("WRITE", flush=True)
        time.sleep(0.2)
        result = real(*args, **kwargs)
        print("WROTE", flush=True)
        time.sleep(0.2)
        return result
    delta.write_deltalake = traced
    from dashboard.ingest import commit_upload
    from dashboard.settings import Settings
    store, unit, *files = sys.argv[1:]
    commit_upload(files, store, user="child", settings=Settings.load(store=store, default_unit=unit))
    print("DONE", flush=True)
""")


def snapshot(store: Path) -> dict[str, pd.DataFrame]:
    tables = load(store)
    return {n: tables[n].sort_values(list(tables[n].columns[:3])).reset_index(drop=True)
            for n in ("conferences", "attendance", "organizations", "conference_documents")}


def same(a: dict, b: dict) -> bool:
    return all(a[n].equals(b[n]) for n in a)


@pytest.fixture
def second_upload(tmp_path) -> list[Path]:
    """A second upload that touches conferences, attendance and documents."""
    conf = tmp_path / "conf2.csv"
    conf.write_text(another_conference("HN-2"), encoding="utf-8")
    att = tmp_path / "att2.csv"
    att.write_text("Mã hội nghị,Tổ chức,Số người dự\nHN-2,Chi bộ khu dân cư số 1,20\n", encoding="utf-8")
    return [conf, att]


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_marker", range(1, 9))
def test_sigkill_during_commit(tmp_path, second_upload, kill_after_marker):
    store = tmp_path / "store"
    settings = Settings.load(store=store, default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    before = snapshot(store)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(store), UNIT, *map(str, second_upload)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    seen = 0
    for line in child.stdout:
        if line.startswith(("WRITE", "WROTE")):
            seen += 1
            if seen == kill_after_marker:
                os.kill(child.pid, signal.SIGKILL)
                break
    child.wait(timeout=60)
    after_crash = snapshot(store)
    assert same(after_crash, before) or len(after_crash["conferences"]) == 2
    # The store stays writable, and the repaired result equals a clean upload.
    commit_upload(second_upload, settings=settings)
    final = snapshot(store)
    assert sorted(final["conferences"]["conference_id"]) == ["HN-1", "HN-2"]
    assert len(final["attendance"]) == 3


def test_two_uploads_at_once_both_land_in_order(tmp_path, second_upload):
    store = tmp_path / "store"
    settings = Settings.load(store=store, default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    third = tmp_path / "conf3.csv"
    third.write_text(another_conference("HN-3"), encoding="utf-8")
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(store), UNIT, *map(str, files)], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for files in (second_upload, [third])]
    results = [c.communicate(timeout=120) for c in children]
    assert all(c.returncode == 0 for c in children), results
    tables = load(store)
    assert sorted(tables.conferences["conference_id"]) == ["HN-1", "HN-2", "HN-3"]
    assert len(tables.attendance) == 3
    assert tables.version == 3
