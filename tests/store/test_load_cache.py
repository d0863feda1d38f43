"""load()'s cache: keyed by the store's stamp, never waiting behind another version's cold read (issue 14)."""

from __future__ import annotations

import shutil
import threading

import pytest

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import delta, load
from dashboard.transforms import filters
from tests.ingest.helpers import base_files, csv_file


def _one_more(settings, cid: str) -> None:
    commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                             f"{cid},01/02/2026,{cid},Đảng ủy phường A,Khác\n")], settings=settings)


@pytest.fixture
def settings(tmp_path):
    settings = Settings.load(store=tmp_path / "store", samples="", default_unit="Đảng ủy phường A")
    commit_upload(base_files(), settings=settings)
    return settings


def test_tables_carry_the_stamp_and_a_store_created_again_is_read_again(settings):
    first = load(settings.store)
    assert first.stamp.endswith(f"-v{first.version}") and load(settings.store) is first
    shutil.rmtree(settings.store)
    commit_upload(base_files(), settings=settings)
    _one_more(settings, "HN-NEW")
    again = load(settings.store)
    # Same path, same version number (2 in both, say), another ledger: other tables.
    assert again is not first and again.stamp != first.stamp
    assert "HN-NEW" in set(again.conferences["conference_id"])


def test_a_cache_hit_does_not_wait_behind_a_cold_read_of_another_version(settings, monkeypatch):
    cached = load(settings.store)
    _one_more(settings, "HN-2")
    reading, release = threading.Event(), threading.Event()
    real = delta._read_tables

    def slow(path, version, compact, stamp):
        reading.set()
        assert release.wait(60)
        return real(path, version, compact, stamp)

    monkeypatch.setattr(delta, "_read_tables", slow)
    newest: list = []
    cold = threading.Thread(target=lambda: newest.append(load(settings.store)))
    cold.start()
    assert reading.wait(60)  # the newest version's read has started and is held
    # The older version, already loaded, is answered while that read is still held.
    assert load(settings.store, version=cached.version) is cached
    assert cold.is_alive()
    release.set()
    cold.join(60)
    assert newest and newest[0].version == cached.version + 1


def test_prepared_is_made_once_when_two_threads_ask_together(settings, monkeypatch):
    tables = load(settings.store)
    calls: list = []
    gate = threading.Barrier(2)
    real = filters._prepare

    def counting(t):
        calls.append(1)
        return real(t)

    monkeypatch.setattr(filters, "_prepare", counting)
    results: list = []

    def ask():
        gate.wait(30)
        results.append(filters.prepared(tables))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(calls) == 1 and results[0] is results[1]
