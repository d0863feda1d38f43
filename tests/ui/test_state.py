"""The per-version result cache: same answer as computing afresh, new version → recomputed, no collisions."""

import pandas as pd

from dashboard.figures.tables import VIEWS
from dashboard.store import load
from dashboard.ui import context, warming


def test_cached_equals_fresh_and_keys_do_not_collide(sample_store_ro, monkeypatch):
    from dashboard.settings import Settings

    monkeypatch.setattr(context, "settings", lambda: Settings.load(store=sample_store_ro))
    tables = load(sample_store_ro)
    by_kind = context.cached(VIEWS["activity_kind"].compute, tables, unit=None)
    by_org = context.cached(VIEWS["mix_org"].compute, tables, unit=None)  # another lambda, same name
    pd.testing.assert_frame_equal(by_kind, VIEWS["activity_kind"].compute(tables))
    pd.testing.assert_frame_equal(by_org, VIEWS["mix_org"].compute(tables))
    assert context.cached(VIEWS["activity_kind"].compute, tables, unit=None) is by_kind
    assert context.cached(VIEWS["activity_kind"].compute, tables, kind=["chuyen_de"]) is not by_kind


def test_new_version_is_recomputed(sample_store, monkeypatch):
    from dashboard.ingest import commit_upload
    from dashboard.settings import Settings
    from tests.ingest.helpers import csv_file

    settings = Settings.load(store=sample_store, default_unit="Đảng ủy phường Thanh Khê Tây")
    monkeypatch.setattr(context, "settings", lambda: settings)
    before = context.cached(VIEWS["conferences"].compute, context.tables())
    commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                             "HN-X,01/02/2026,Mới,Đảng ủy phường Thanh Khê Tây,Khác\n")], settings=settings)
    after = context.cached(VIEWS["conferences"].compute, context.tables())
    assert len(after) == len(before) + 1


def test_warm_prepares_the_newest_version(sample_store_ro):
    from dashboard.transforms.filters import _PREPARED

    version = warming.warm(sample_store_ro)
    tables = load(sample_store_ro, compact=True)  # what the workers hold
    assert version == tables.version and tables in _PREPARED


def test_keep_warm_runs_in_the_background(sample_store_ro):
    import time

    from dashboard.transforms.filters import _PREPARED

    _PREPARED.pop(load(sample_store_ro, compact=True), None)  # whatever another test warmed
    assert load(sample_store_ro, compact=True) not in _PREPARED
    warmer = warming.keep_warm(sample_store_ro, every=0.05, answers=False)
    try:
        deadline = time.monotonic() + 10
        while load(sample_store_ro, compact=True) not in _PREPARED and time.monotonic() < deadline:
            time.sleep(0.05)
        assert warmer.thread.is_alive() and load(sample_store_ro, compact=True) in _PREPARED
    finally:
        warmer.stop()
    assert not warmer.thread.is_alive()
