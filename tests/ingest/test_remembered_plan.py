"""A commit of the files just previewed reuses the preview's plan, and only when nothing it depends on changed."""

from __future__ import annotations

import shutil

import pytest

from dashboard.errors import UserError
from dashboard.ingest import commit_upload, upload as upload_module
from dashboard.settings import Settings
from dashboard.store import Store, load

from tests.ingest.helpers import ATTENDANCE, UNIT, another_conference, base_files, csv_file


def second_conference(cid: str = "HN-2") -> list:
    return [csv_file("conf.csv", another_conference(cid)), csv_file("att.csv", ATTENDANCE.replace("HN-1", cid))]


@pytest.fixture
def plans_made(monkeypatch):
    """How many times an upload was checked and planned (``prepare_upload``) from here on."""
    made = []
    real = upload_module.prepare_upload

    def counted(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(upload_module, "prepare_upload", counted)
    return made


def stored(store) -> dict:
    tables = load(store)
    return {name: tables[name].sort_values(list(tables[name].columns[:3])).reset_index(drop=True)
            for name in ("conferences", "attendance", "conference_documents")}


def test_a_commit_of_the_previewed_files_reuses_the_preview(based, base_store_ro, tmp_path, plans_made):
    preview = upload_module.prepare_upload(second_conference(), based.store, settings=based)
    assert preview.ok and len(plans_made) == 1
    result = commit_upload(second_conference(), based.store, settings=based)
    assert len(plans_made) == 1  # not checked a second time
    assert result.committed and result.plan is preview and result.version == preview.base_version + 1
    # The same as a commit made without a preview, on another copy of the same store.
    fresh = tmp_path / "fresh"
    shutil.copytree(base_store_ro, fresh)
    commit_upload(second_conference(), fresh, settings=Settings.load(store=fresh, default_unit=UNIT))
    for name, frame in stored(based.store).items():
        assert frame.equals(stored(fresh)[name]), name


def test_a_store_that_moved_on_since_the_preview_is_checked_again(based, plans_made):
    upload_module.prepare_upload(second_conference(), based.store, settings=based)
    commit_upload(second_conference("HN-3"), based.store, settings=based)  # another upload lands meanwhile
    made = len(plans_made)
    result = commit_upload(second_conference(), based.store, settings=based)
    assert len(plans_made) == made + 1 and result.committed
    assert {"HN-1", "HN-2", "HN-3"} <= set(load(based.store).conferences["conference_id"])


def test_other_files_rights_or_settings_are_checked_afresh(based, plans_made):
    upload_module.prepare_upload(second_conference(), based.store, settings=based)  # by someone who may write any unit
    made = len(plans_made)
    # The same files by a staff member of another unit: refused, whatever the preview said.
    with pytest.raises(UserError) as refused:
        commit_upload(second_conference(), based.store, allowed_units=["Đảng ủy phường Khác"], settings=based)
    assert {p.code for p in refused.value.problems} == {"unit_not_allowed"}
    assert len(plans_made) == made + 1
    # Other bytes under the same names; other settings: planned again.
    commit_upload(second_conference("HN-4"), based.store, settings=based)
    assert len(plans_made) == made + 2
    upload_module.prepare_upload(second_conference("HN-5"), based.store, settings=based)
    commit_upload(second_conference("HN-5"), based.store, settings=Settings.load(store=based.store, default_unit=UNIT,
                                                                                 max_upload_mb=3))
    assert len(plans_made) == made + 4


def test_a_store_made_again_at_the_same_path_is_another_store(tmp_path, plans_made):
    settings = Settings.load(store=tmp_path / "store", default_unit=UNIT)
    commit_upload(base_files(), settings.store, settings=settings)
    upload_module.prepare_upload(second_conference(), settings.store, settings=settings)
    shutil.rmtree(settings.store)  # deleted and made again: version 1 again, another ledger id
    commit_upload(base_files(), settings.store, settings=settings)
    assert Store(settings.store).version() == 1
    made = len(plans_made)
    commit_upload(second_conference(), settings.store, settings=settings)
    assert len(plans_made) == made + 1


def test_refused_and_large_plans_are_not_kept(based, plans_made, monkeypatch):
    bad = [csv_file("conf.csv", another_conference("HN-2").replace("27/4/2023", "31/2/2023"))]
    assert not upload_module.prepare_upload(bad, based.store, settings=based).ok
    made = len(plans_made)
    with pytest.raises(UserError):
        commit_upload(bad, based.store, settings=based)
    assert len(plans_made) == made + 1  # a refusal is checked again at the commit (and refused again)
    monkeypatch.setattr(upload_module, "REMEMBERED_ROWS", 0)
    upload_module.prepare_upload(second_conference(), based.store, settings=based)
    made = len(plans_made)
    commit_upload(second_conference(), based.store, settings=based)
    assert len(plans_made) == made + 1
