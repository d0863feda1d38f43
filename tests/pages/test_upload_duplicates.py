"""The upload page with probable duplicate conferences: listed in the preview, committed only once ticked."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from dash.development.base_component import Component

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import load
from tests.ingest.helpers import CONFERENCES, UNIT, base_files, csv_file


@pytest.fixture(autouse=True)
def pages(tmp_path):
    from dashboard.app import create_app

    create_app(Settings.load(store=tmp_path / "app", samples="", auth_db=tmp_path / "a.db"))  # pages register with an app


@pytest.fixture
def setup(tmp_path):
    settings = Settings.load(store=tmp_path / "store", default_unit=UNIT)
    commit_upload(base_files(), settings=settings)
    user = SimpleNamespace(name="lan", may_upload_for=lambda: None)
    return settings, user, [csv_file("c.csv", CONFERENCES.replace("HN-1", "HN-2"))]


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json() if isinstance(component, Component) else component,
                      ensure_ascii=False, default=lambda c: c.to_plotly_json())


def test_preview_lists_them_and_the_commit_waits_for_the_tick(setup):
    from dashboard.pages.upload import commit_job, preview_job, result_view

    settings, user, files = setup
    preview = preview_job(files, UNIT, None, settings)
    assert not preview["problems"] and [d["code"] for d in preview["duplicates"]] == ["probable_duplicate_stored"]
    shown = text_of(result_view("vi", preview["problems"], preview["summary"], preview["noop"], None,
                                preview["duplicates"]))
    assert "có thể trùng" in shown and "HN-2" in shown and "HN-1" in shown
    refused = commit_job(files, UNIT, user, settings)
    assert refused["problems"][0]["code"] == "probable_duplicate_stored" and load(settings.store).version == 1
    done = commit_job(files, UNIT, user, settings, confirm_duplicates=True)
    assert done["version"] == 2 and sorted(load(settings.store).conferences["conference_id"]) == ["HN-1", "HN-2"]


def test_the_tick_enables_the_confirm_button():
    from dash import no_update

    from dashboard.pages.upload import tick_duplicates

    assert tick_duplicates(False, False) is True  # shown, not ticked: the button stays disabled
    assert tick_duplicates(True, False) is False
    assert tick_duplicates(True, True) is no_update  # no duplicates asked about: the preview decides
