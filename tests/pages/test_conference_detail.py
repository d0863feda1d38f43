"""The conference detail panel: a conference without documents, place or speakers, and requests that name nothing."""

from __future__ import annotations

import json

import pytest
from dash.development.base_component import Component

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.ui import context
from tests.ingest.helpers import csv_file

UNIT = "Đảng ủy phường Thanh Khê Tây"


@pytest.fixture
def bare_conference(sample_store, monkeypatch):
    from dashboard.app import create_app

    settings = Settings.load(store=sample_store, default_unit=UNIT, samples="", auth_db=sample_store.parent / "a.db")
    create_app(settings)  # pages register themselves with an app
    monkeypatch.setattr(context, "settings", lambda: settings)
    commit_upload([csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"
                             f"HN-TRONG,01/02/2026,Hội nghị không văn bản,{UNIT},Khác\n")], settings=settings)
    return f"{UNIT}\x1fHN-TRONG"


def rendered_text(component) -> str:
    return json.dumps(component.to_plotly_json() if isinstance(component, Component) else component,
                      ensure_ascii=False, default=lambda c: c.to_plotly_json())


def test_conference_without_documents_place_or_speakers(bare_conference):
    from dashboard.pages.conferences import KEY, show_detail

    text = rendered_text(show_detail([{KEY: bare_conference}], "vi"))
    assert "Hội nghị không văn bản" in text
    for missing in ('"nan"', '"<NA>"', '"None"', '"NaT"'):
        assert f'"children": {missing}' not in text
    assert text.count('"children": "–"') >= 3  # no documents, no place, no speakers


@pytest.mark.parametrize("selected", [None, [], [{}], [{"_key": 5}], [{"_key": "no separator"}],
                                      [{"_key": "Đơn vị lạ\x1fHN-0"}], ["not a row"]])
def test_requests_that_name_no_conference_get_the_hint(bare_conference, selected):
    from dashboard.i18n import t
    from dashboard.pages.conferences import show_detail

    assert show_detail(selected, "vi") == t("detail_pick", "vi")


def facts(detail) -> dict[str, str]:
    """The detail panel's facts (its ``Dl``) as label → value."""
    items = next(c for c in detail.children if getattr(c, "_type", "") == "Dl").children
    return {dt.children: dd.children for dt, dd in zip(items[::2], items[1::2])}


@pytest.mark.parametrize("lang, label, value", [("vi", "Buổi", "Chiều"), ("en", "Session", "Afternoon")])
def test_the_session_is_shown(bare_conference, lang, label, value):
    """The founding briefing was held in the afternoon; a conference without a session shows a dash."""
    from dashboard.pages.conferences import KEY, show_detail

    tables = context.tables()
    real = tables.conferences[tables.conferences["date"] == "2023-04-27"].iloc[0]
    assert facts(show_detail([{KEY: f"{real['unit']}\x1f{real['conference_id']}"}], lang))[label] == value
    assert facts(show_detail([{KEY: bare_conference}], lang))[label] == "–"
