"""Undo and restore refuse every bad version with its own message, write nothing, and never raise on the page or CLI.

Covers the ingest functions, the ``/history`` callbacks (called directly: they
are plain functions) and ``python -m dashboard undo | rollback``.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from dashboard.ui.access import declared
from dashboard.auth.users import User
from dashboard.cli import main
from dashboard.errors import MESSAGES, UserError
from dashboard.ingest import plan_restore, plan_undo, restore_store, undo_upload
from dashboard.settings import Settings
from dashboard.store import Store

from tests.ingest.helpers import store_fingerprint
from tests.ingest.test_undo import ATTENDANCE_C, CONFERENCE_C, OTHER, files_a, upload

ADMIN = User("quan", "admin")
VERSION = "Phiên bản"  # the ledger grid's version column (Vietnamese)


@pytest.fixture(scope="module")
def abcd_ro(tmp_path_factory):
    """1: ward A (lan); 2: ward B (minh); 3: ward A changes HN-1 (hoa); 4: a restore to 3 (a non-upload entry)."""
    path = tmp_path_factory.mktemp("undo") / "store"
    upload(path, "lan", files_a())
    upload(path, "minh", files_a(OTHER), OTHER)
    upload(path, "hoa", {"conf.csv": CONFERENCE_C, "att.csv": ATTENDANCE_C})
    Store(path).rollback(3, user="admin")
    return path


@pytest.fixture
def store(tmp_path, abcd_ro):
    copy = tmp_path / "store"
    shutil.copytree(abcd_ro, copy)
    return copy


# (value, code) for undo; version 4 is the restore entry, 5 is beyond the head.
UNDO_BAD = [("abc", "version_not_a_number"), ("", "version_not_a_number"), (None, "version_not_a_number"),
            ("1.5", "version_not_a_number"), ("-1", "unknown_version"), (-1, "unknown_version"),
            ("99", "unknown_version"), ("5", "unknown_version"), ("0", "undo_version_zero"), (0, "undo_version_zero"),
            ("4", "not_undoable")]
RESTORE_BAD = [("abc", "version_not_a_number"), ("-1", "unknown_version"), ("99", "unknown_version"),
               ("4", "restore_is_head")]


def message_of(call, lang: str) -> str:
    with pytest.raises(UserError) as refused:
        call()
    return refused.value.problems[0].message(lang)


def code_of(call) -> str:
    with pytest.raises(UserError) as refused:
        call()
    problem = refused.value.problems[0]
    vi, en = problem.message("vi"), problem.message("en")
    assert vi and en and vi != en
    return problem.code


@pytest.mark.parametrize("value, code", UNDO_BAD)
def test_bad_undo_versions_each_get_their_message(store, value, code):
    before = store_fingerprint(store)
    assert code in MESSAGES
    assert code_of(lambda: plan_undo(store, value)) == code
    assert code_of(lambda: undo_upload(store, value, user="quan", confirm_conflicts=True)) == code
    assert store_fingerprint(store) == before


@pytest.mark.parametrize("value, code", RESTORE_BAD)
def test_bad_restore_versions_each_get_their_message(store, value, code):
    before = store_fingerprint(store)
    assert code_of(lambda: plan_restore(store, value)) == code
    assert code_of(lambda: restore_store(store, value, user="quan", confirm=value)) == code
    assert store_fingerprint(store) == before


def test_the_messages_say_what_to_do(store):
    with pytest.raises(UserError) as refused:
        plan_undo(store, "4")
    assert "restore the whole store to version 3" in refused.value.problems[0].message("en")
    with pytest.raises(UserError) as refused:
        plan_undo(store, "abc")
    assert refused.value.problems[0].message("vi").startswith("«abc» không phải số phiên bản")


# --- the /history page -------------------------------------------------------------

@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The page module (Dash imports pages as ``pages.*`` once an app exists; one app is enough)."""
    if "dashboard.pages.history" not in sys.modules:
        from dashboard.app import create_app

        folder = tmp_path_factory.mktemp("history-app")
        create_app(Settings.load(store=folder / "store", auth_db=folder / "auth.sqlite3",
                                 users_file=folder / "none.json", samples=""))
    return sys.modules["dashboard.pages.history"]


@pytest.fixture
def page(history, store, monkeypatch):
    settings = Settings.load(store=store)
    monkeypatch.setattr(history.context, "settings", lambda: settings)
    monkeypatch.setattr(history.auth, "current", lambda: ADMIN)
    return history


def text_of(component) -> str:
    """Every string inside a Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    parts = [text_of(getattr(component, "children", None))]
    if getattr(component, "label", None):
        parts.append(text_of(component.label))
    return " ".join(parts)


def test_every_history_callback_declares_its_access(history):
    assert declared(history.show_ledger) == ("staff", None)
    for name in ("preview_undo", "preview_restore", "perform_undo", "perform_restore"):
        assert declared(getattr(history, name)) == ("admin", "undo"), name
    for name in ("label_actions", "enable_undo", "enable_restore"):
        assert declared(getattr(history, name))[0] == "admin", name


@pytest.mark.parametrize("value, code", [case for case in UNDO_BAD if case[0] is not None])
def test_undo_callbacks_answer_bad_versions_with_their_message(page, store, value, code):
    before = store_fingerprint(store)
    expected = message_of(lambda: plan_undo(store, value), "en")
    view, pending = page.preview_undo(1, [{"Version": value}], "en")
    assert pending is None and expected in text_of(view)
    view, version, _ = page.perform_undo(1, True, {"kind": "undo", "version": value, "base": 4}, "en")
    assert expected in text_of(view) and version is page.no_update
    assert store_fingerprint(store) == before


@pytest.mark.parametrize("value, code", RESTORE_BAD)
def test_restore_callbacks_answer_bad_versions_with_their_message(page, store, value, code):
    before = store_fingerprint(store)
    expected = message_of(lambda: plan_restore(store, value), "vi")
    view, pending = page.preview_restore(1, [{VERSION: value}], "vi")
    assert pending is None and expected in text_of(view)
    view, version, _ = page.perform_restore(1, str(value), {"kind": "restore", "version": value, "base": 4}, "vi")
    assert expected in text_of(view) and version is page.no_update
    assert store_fingerprint(store) == before


def test_forged_or_empty_requests_change_nothing(page, store):
    before = store_fingerprint(store)
    assert page.preview_undo(None, None, "vi") == (page.no_update, page.no_update)
    view, pending = page.preview_undo(1, "not rows", "vi")
    assert pending is None and "Chọn một dòng" in text_of(view)
    assert page.perform_undo(1, True, None, "vi") == (page.no_update,) * 3
    assert page.perform_undo(1, True, {"kind": "restore", "version": 1}, "vi") == (page.no_update,) * 3
    view, _, _ = page.perform_undo(1, True, {"kind": "undo", "version": 2, "base": "x"}, "en")
    assert "'x' is not a version number" in text_of(view)
    assert store_fingerprint(store) == before


def test_only_admins_undo_even_when_called_directly(page, store, monkeypatch):
    monkeypatch.setattr(page.auth, "current", lambda: User("lan", "staff", ["Đảng ủy phường A"]))
    before = store_fingerprint(store)
    view, pending = page.preview_undo(1, [{VERSION: 2}], "vi")
    assert pending is None and "Chỉ quản trị viên" in text_of(view)
    view, _, _ = page.perform_restore(1, "1", {"kind": "restore", "version": 1, "base": 4}, "en")
    assert "Only an administrator" in text_of(view)
    assert store_fingerprint(store) == before


def test_undo_on_the_page_previews_conflicts_and_needs_the_tick(page, store):
    assert page.label_actions([{VERSION: 1}], "vi") == (
        "Hoàn tác lần tải lên #1", False, "Khôi phục toàn bộ về phiên bản #1", False)
    view, pending = page.preview_undo(1, [{VERSION: 1}], "vi")
    assert pending == {"kind": "undo", "version": 1, "base": 4, "conflicts": 7}
    text = text_of(view)
    assert "Xung đột: 7 dòng" in text and "#3 · hoa" in text and "Tôi hiểu" in text and "HN-2" in text
    assert page.enable_undo(False, pending) is True and page.enable_undo(True, pending) is False
    before = store_fingerprint(store)
    refused, version, _ = page.perform_undo(1, False, pending, "vi")
    assert "Chưa hoàn tác #1" in text_of(refused) and version is page.no_update
    assert store_fingerprint(store) == before
    done, version, cleared = page.perform_undo(1, True, pending, "vi")
    assert version == 5 and cleared is None and "phiên bản mới là 5" in text_of(done)
    assert Store(store).ledger()[-1].user == "quan"
    # The same preview again is stale now.
    stale, version, _ = page.perform_undo(2, True, {**pending, "version": 2}, "en")
    assert "The data changed after your preview" in text_of(stale)


def test_restore_on_the_page_needs_the_version_typed(page, store):
    view, pending = page.preview_restore(1, [{VERSION: 1}], "en")
    assert pending == {"kind": "restore", "version": 1, "base": 4}
    text = text_of(view)
    assert "Uploads that will be discarded" in text and "minh" in text and "hoa" in text
    assert page.enable_restore("2", pending) is True and page.enable_restore(" 1 ", pending) is False
    before = store_fingerprint(store)
    refused, version, _ = page.perform_restore(1, "2", pending, "en")  # a forged click on the disabled button
    assert "type the version number 1" in text_of(refused) and version is page.no_update
    assert store_fingerprint(store) == before
    done, version, _ = page.perform_restore(1, "1", pending, "en")
    assert version == 5 and "Restored everything to version 1" in text_of(done)


# --- the command line --------------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "1.5"])
def test_cli_non_numbers_are_usage_errors(store, value, capsys):
    for command in ("undo", "rollback"):
        with pytest.raises(SystemExit) as exit_:
            main([command, value, "--store", str(store)])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "không phải số phiên bản" in err and "is not a version number" in err


@pytest.mark.parametrize("args, message", [
    (["undo", "-1"], "There is no version -1"),
    (["undo", "99"], "There is no version 99"),
    (["undo", "0"], "Version 0 is the empty store"),
    (["undo", "4"], "is not an upload"),
    (["rollback", "4", "--yes"], "is the current version"),
])
def test_cli_bad_versions_exit_1_and_write_nothing(store, args, message, capsys):
    before = store_fingerprint(store)
    assert main(["--lang", "en", *args, "--store", str(store)]) == 1
    assert message in capsys.readouterr().err
    assert store_fingerprint(store) == before


def test_cli_undo_prints_the_preview_and_needs_yes_conflicts(store, capsys):
    before = store_fingerprint(store)
    assert main(["--lang", "en", "undo", "1", "--store", str(store)]) == 1
    out, err = capsys.readouterr()
    assert "Preview — undo #1 · lan" in out and "Conflicts: 7 row(s)" in out and "--yes-conflicts" in err
    assert store_fingerprint(store) == before
    assert main(["--lang", "en", "undo", "1", "--yes-conflicts", "--store", str(store), "--user", "quan"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Undid upload #1; the new version is 5."


def test_cli_restore_without_yes_and_without_a_terminal_exits_2(store, capsys):
    before = store_fingerprint(store)
    assert main(["--lang", "en", "rollback", "1", "--store", str(store)]) == 2
    out, err = capsys.readouterr()
    assert "Uploads that will be discarded" in out and "add --yes" in err
    assert store_fingerprint(store) == before
    assert main(["--lang", "en", "rollback", "1", "--yes", "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Restored version 1; the new version is 5."
