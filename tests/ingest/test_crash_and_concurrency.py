"""SIGKILL during a commit leaves the store before or after, readable; concurrent uploads never mix.

The uploads under test run in children of a forkserver preloaded with the upload code (``crash_child``): a
child starts in milliseconds instead of importing pandas, pyarrow and deltalake for each test. The store
before the crash is ``base_store_ro``, copied; the expected states before and after are computed once.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import Store, load

from tests.ingest import crash_child
from tests.ingest.helpers import UNIT, another_conference, store_copy

TIMEOUT = 120  # seconds a child may take for one step (a busy machine); only a hang comes near it


def snapshot(store: Path) -> dict[str, pd.DataFrame]:
    tables = load(store)
    return {n: tables[n].sort_values(list(tables[n].columns[:3])).reset_index(drop=True)
            for n in ("conferences", "attendance", "organizations", "conference_documents")}


def same(a: dict, b: dict) -> bool:
    return all(a[n].equals(b[n]) for n in a)


@pytest.fixture(scope="module")
def second_upload(tmp_path_factory) -> list[Path]:
    """A second upload that touches conferences, attendance and documents."""
    folder = tmp_path_factory.mktemp("second")
    conf = folder / "conf2.csv"
    conf.write_text(another_conference("HN-2"), encoding="utf-8")
    att = folder / "att2.csv"
    att.write_text("Mã hội nghị,Tổ chức,Số người dự\nHN-2,Chi bộ khu dân cư số 1,20\n", encoding="utf-8")
    return [conf, att]


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory, base_store_ro, second_upload) -> tuple[dict, dict]:
    """The tables of ``base_store_ro`` (version 1), and after a clean commit of ``second_upload`` (version 2)."""
    clean = store_copy(base_store_ro, tmp_path_factory.mktemp("clean"))
    assert commit_upload(second_upload, clean, settings=Settings.load(store=clean, default_unit=UNIT)).version == 2
    return snapshot(base_store_ro), snapshot(clean)


@pytest.fixture(scope="module")
def forkserver():
    return crash_child.context()


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_marker", range(1, 9))
def test_sigkill_during_commit(base_store, second_upload, before_and_after, forkserver, kill_after_marker):
    """Killed after each marker in turn: before each Delta write of the commit (odd) and after it (even), the
    child waiting for the parent's go at each (the upload makes 4 writes: conferences, attendance, documents,
    ledger)."""
    before, after = before_and_after
    store = base_store  # version 1: ``base_files()``
    settings = Settings.load(store=store, default_unit=UNIT)
    child, conn = crash_child.start(forkserver, store, UNIT, second_upload, step=True)
    seen, message = [], None
    try:
        while conn.poll(TIMEOUT):
            message = conn.recv()
            if message[0] not in crash_child.WRITES:
                break
            seen.append(" ".join(message))
            if len(seen) == kill_after_marker:
                os.kill(child.pid, signal.SIGKILL)
                break
            conn.send("go")
    except EOFError:
        message = "the child ended without a word"
    finally:
        conn.close()
        child.join(TIMEOUT)
        if child.exitcode is None:  # only if the test failed above: never leave it waiting
            child.kill()
            child.join()
    # The kill landed where it was meant to: the child was waiting after that marker.
    assert len(seen) == kill_after_marker and child.exitcode == -signal.SIGKILL, (seen, message, child.exitcode)
    # Before or after, never in between: the ledger row is the commit point.
    after_crash = snapshot(store)
    landed = "WROTE ledger" in seen
    assert same(after_crash, after if landed else before), seen
    assert len(after_crash["conferences"]) == (2 if landed else 1)
    ledger = Store(store).ledger()
    assert [(e.version, e.user) for e in ledger] == [(1, ""), (2, "child")][:2 if landed else 1]
    # The store stays writable, and the repaired result equals a clean upload.
    commit_upload(second_upload, settings=settings)
    final = snapshot(store)
    assert sorted(final["conferences"]["conference_id"]) == ["HN-1", "HN-2"]
    assert len(final["attendance"]) == 3
    assert same(final, after)
    assert Store(store).version() == 2


def test_two_uploads_at_once_both_land_in_order(tmp_path, base_store, second_upload, forkserver):
    store = base_store  # version 1: ``base_files()``
    third = tmp_path / "conf3.csv"
    third.write_text(another_conference("HN-3"), encoding="utf-8")
    children = [crash_child.start(forkserver, store, UNIT, files, step=False) for files in (second_upload, [third])]
    results = []
    for child, conn in children:
        messages = []
        while conn.poll(TIMEOUT):
            try:
                messages.append(conn.recv())
            except EOFError:
                break
            if messages[-1][0] not in crash_child.WRITES:
                break
        conn.close()
        child.join(TIMEOUT)
        results.append((child.exitcode, messages[-1:]))
    assert all(code == 0 and last and last[0][0] == "DONE" for code, last in results), results
    tables = load(store)
    assert sorted(tables.conferences["conference_id"]) == ["HN-1", "HN-2", "HN-3"]
    assert len(tables.attendance) == 3
    assert tables.version == 3
    assert [(e.version, e.user) for e in Store(store).ledger()] == [(1, ""), (2, "child"), (3, "child")]
