"""Chart answers shared by every worker: computed once per store version, never stale, warmed after a commit."""

from __future__ import annotations

import json

import pytest
from filelock import FileLock

from dashboard.app import create_app
from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import Store
from dashboard.ui import answers, context, ids, urls
from tests.ingest.helpers import base_files, csv_file

UNIT = "Đảng ủy phường Thanh Khê Tây"


@pytest.fixture
def app_settings(sample_store, monkeypatch):
    settings = Settings.load(store=sample_store, samples="", default_unit=UNIT)
    create_app(settings)  # registers the pages and their chart callbacks
    monkeypatch.setattr(context, "settings", lambda: settings)
    answers._memory.clear()
    return settings


def other_worker():
    """What another gunicorn worker sees: its own (empty) memory, the same folder."""
    answers._memory.clear()


def counting(calls: list):
    def compute():
        calls.append(1)
        return {"figure": {"data": [{"type": "bar", "y": [len(calls)]}]}, "text": "Quý II/2025"}
    return compute


def args(kind=None, lang="vi"):
    values = [None] * len(ids.FILTERS)
    values[ids.FILTERS.index(ids.FILTER_KIND)] = kind
    return (*values, 7, lang)


def test_an_answer_is_computed_once_and_read_by_the_other_workers(app_settings):
    calls: list = []
    first = answers.answer("view", args(), counting(calls))
    other_worker()
    again = answers.answer("view", args(), counting(calls))
    assert calls == [1] and again == first == json.loads(json.dumps(first))
    # The browser's copy of the version is not part of the key; empty filters as [] or None are one key.
    assert answers.answer("view", (*args()[:-2], 99, "vi"), counting(calls)) == first
    assert answers.answer("view", args(kind=[]), counting(calls)) == first
    assert calls == [1]


def test_other_filters_languages_and_versions_are_other_answers(app_settings):
    calls: list = []
    answers.answer("view", args(), counting(calls))
    answers.answer("view", args(kind=["chuyen_de"]), counting(calls))
    answers.answer("view", args(lang="en"), counting(calls))
    assert len(calls) == 3
    commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                             f"HN-X,01/02/2026,Mới,{UNIT},Khác\n")], settings=app_settings)
    answers.answer("view", args(), counting(calls))
    assert len(calls) == 4, "a new store version must never be served an older answer"


def test_a_store_created_again_does_not_see_the_old_answers(app_settings):
    calls: list = []
    answers.answer("view", args(), counting(calls))
    stamp = Store(app_settings.store).stamp()
    import shutil

    shutil.rmtree(app_settings.store)
    commit_upload(base_files(), settings=app_settings)
    assert Store(app_settings.store).stamp() != stamp
    other_worker()
    answers.answer("view", args(), counting(calls))
    assert len(calls) == 2


def test_partial_answers_are_not_remembered(app_settings):
    from dash import no_update

    calls: list = []

    def partial():
        calls.append(1)
        return ("x", no_update)

    answers.answer("partial", args(), partial)
    answers.answer("partial", args(), partial)
    assert len(calls) == 2


def test_warming_computes_every_page_once_and_serves_the_same_answer(app_settings, monkeypatch):
    monkeypatch.setattr(answers, "warm_variants", lambda tables, lang="vi": [answers.default_args(lang)])
    assert set(answers.WARM) >= {"dashboard.pages.overview.update_overview", "dashboard.pages.attendance.update_attendance",
                                 "dashboard.pages.topics.update_topics", "dashboard.pages.conferences.update_grid"}
    assert answers.warm_answers(app_settings.store)
    stamp = context.results_stamp(context.tables())
    folder = answers._folder(app_settings.store, stamp)
    for name, wrapper in answers.WARM.items():
        key = answers._key(name, answers.default_args())
        assert folder.has(key), name
        other_worker()
        served = wrapper(*answers.default_args())
        assert served == json.loads(folder.get(key))
        # The browser sends [] for empty dropdowns: the same warmed answer.
        browser = [[] if f in urls.MULTI else None for f in ids.FILTERS]
        assert wrapper(*browser, 1, "vi") == served


def test_the_latest_quarters_and_every_kind_are_warmed_too(app_settings, monkeypatch):
    monkeypatch.setattr(answers, "WARM_QUARTERS", 2)
    tables = context.tables()
    variants = answers.warm_variants(tables)
    latest = sorted(tables.conferences["quarter"].unique())[-2:]
    kinds = sorted(tables.conferences["kind"].unique())
    assert len(variants) == 1 + 2 + len(kinds)
    from_index, kind_index = ids.FILTERS.index(ids.FILTER_FROM), ids.FILTERS.index(ids.FILTER_KIND)
    assert sorted(v[from_index] for v in variants if v[from_index]) == latest
    assert sorted(v[kind_index][0] for v in variants if v[kind_index]) == kinds
    assert answers.warm_answers(app_settings.store)
    stamp = context.results_stamp(context.tables())
    folder = answers._folder(app_settings.store, stamp)
    assert all(folder.has(answers._key(name, v)) for name in answers.WARM for v in variants)


def test_only_one_worker_warms_and_old_versions_are_removed(app_settings, monkeypatch):
    monkeypatch.setattr(answers, "warm_variants", lambda tables, lang="vi": [answers.default_args(lang)])
    stamp = context.results_stamp(context.tables())
    folder = answers.answers_dir(app_settings.store)
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / f"{stamp}.lock")):
        assert answers.warm_answers(app_settings.store) is False  # another worker holds it
    assert answers.warm_answers(app_settings.store) is True
    for n in range(3):
        commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                                 f"HN-X{n},01/02/2026,Mới {n},{UNIT},Khác\n")], settings=app_settings)
        answers.warm_answers(app_settings.store)
    loaded = context.tables()
    stamp, version = context.results_stamp(loaded), loaded.version
    kept = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert kept == sorted([stamp, stamp.replace(f"-v{version}-", f"-v{version - 1}-")])
    assert all(p.stat().st_mode & 0o077 == 0 for p in (folder / stamp).iterdir())
    # The answers of an account reading a cut of the newest version stay; a cut of an old version goes.
    fingerprint = context.settings().results_fingerprint()
    current_cut = f"{loaded.stamp}-rabc123-{fingerprint}"
    old_cut = current_cut.replace(f"-v{version}-", f"-v{version - 2}-")
    for name in (current_cut, old_cut):
        (folder / name).mkdir()
    answers.warm_answers(app_settings.store)
    kept = {p.name for p in folder.iterdir() if p.is_dir()}
    assert current_cut in kept and old_cut not in kept


def test_the_conference_grid_sends_the_newest_rows_and_says_so(app_settings, monkeypatch):
    import sys

    conferences = sys.modules["dashboard.pages.conferences"]
    monkeypatch.setattr(conferences, "GRID_LIMIT", 5)
    rows, columns, note = conferences.update_grid(*answers.default_args())
    total = len(context.tables().conferences)
    assert len(rows) == 5 and total > 5
    assert note == f"Đang hiển thị 5 hội nghị mới nhất trong tổng số {total}. " \
                   "Chọn đơn vị, loại hoặc quý ở bộ lọc để xem các hội nghị khác."
    dates = [row[columns[0]["field"]] for row in rows]
    assert dates == sorted(dates, key=lambda d: d.split("/")[::-1], reverse=True), "newest first"
    rows, _columns, note = conferences.update_grid(*args(kind=["chuyen_de"], lang="en"))
    assert note is None or note.startswith("Showing the newest 5 of")


def test_shared_answers_never_depend_on_who_asks(app_settings):
    import inspect

    # A cached answer is served to every user: the callbacks (and the page modules' helpers they
    # call) must not read the user, the request or the session.
    for name, wrapper in answers.WARM.items():
        module = inspect.getsource(inspect.getmodule(wrapper.__wrapped__))
        assert not any(word in module for word in ("current_user", "flask.request", "session[")), name


def test_a_restart_with_another_study_target_is_another_answer(app_settings, monkeypatch):
    """Issue 14: the shared answers outlived the settings that produced them."""
    calls: list = []
    answers.answer("view", args(), counting(calls))
    other = Settings.load(store=app_settings.store, samples="", default_unit=UNIT, study_target=0.5)
    monkeypatch.setattr(context, "settings", lambda: other)
    other_worker()
    answers.answer("view", args(), counting(calls))
    assert len(calls) == 2
    # Settings that do not change answers (the port, the language default) share them.
    same = Settings.load(store=app_settings.store, samples="", default_unit=UNIT, study_target=0.5, port=9999)
    monkeypatch.setattr(context, "settings", lambda: same)
    other_worker()
    answers.answer("view", args(), counting(calls))
    assert len(calls) == 2


def test_an_upgrade_is_another_answer(app_settings, monkeypatch):
    """Issue 14: after a code upgrade, old answers were served until the next upload."""
    import dashboard.settings as settings_module

    calls: list = []
    answers.answer("view", args(), counting(calls))
    monkeypatch.setattr(settings_module, "code_fingerprint", lambda: "0.2.0-upgraded")
    other_worker()
    answers.answer("view", args(), counting(calls))
    assert len(calls) == 2


def test_one_request_reads_one_version(app_settings):
    """An upload landing during a request does not change the tables the request computes from."""
    app = create_app(app_settings)
    with app.server.test_request_context("/"):
        before = context.tables()
        commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                                 f"HN-R,01/02/2026,Mới,{UNIT},Khác\n")], settings=app_settings)
        assert context.tables() is before
    with app.server.test_request_context("/"):
        assert context.tables().version == before.version + 1


def test_cached_results_are_per_store(tmp_path, monkeypatch):
    """Issue 14: context.cached keyed on the settings' store served one store's frame for another."""
    from dashboard.store import load

    stores = []
    for name in ("a", "b"):
        settings = Settings.load(store=tmp_path / name, samples="", default_unit="Đảng ủy phường A")
        commit_upload(base_files(), settings=settings)
        stores.append(settings)
    commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                             "HN-B,01/02/2026,Chỉ ở b,Đảng ủy phường A,Khác\n")], settings=stores[1])
    monkeypatch.setattr(context, "settings", lambda: stores[0])  # the settings name store a throughout
    count = lambda tables: len(tables.conferences)  # noqa: E731
    a, b = load(stores[0].store), load(stores[1].store)
    assert context.cached(count, a) + 1 == context.cached(count, b)
