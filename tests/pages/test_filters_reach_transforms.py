"""Every page callback passes the predecessors switch to every transform it runs, and on/off are different answers."""

from __future__ import annotations

import json
import sys

import pytest
from dash.development.base_component import Component

from dashboard.settings import Settings
from dashboard.transforms import filters as transform_filters
from dashboard.ui import answers, context, ids
from dashboard.ui.answers import default_args

SUCCESSOR = "Đảng ủy phường Thanh Khê"
PAGES = {"overview": "update_overview", "attendance": "update_attendance", "topics": "update_topics",
         "conferences": "update_grid"}


@pytest.fixture(scope="module")
def pages(sample_store_ro, tmp_path_factory):
    from dashboard.app import create_app

    settings = Settings.load(store=sample_store_ro, samples="", auth_db=tmp_path_factory.mktemp("auth") / "a.db")
    create_app(settings)  # pages register themselves with an app
    return settings


@pytest.fixture
def scopes(pages, monkeypatch):
    """Each unit scope the transforms ask for: its ``include_predecessors``; nothing served from a cache."""
    monkeypatch.setattr(context, "settings", lambda: pages)
    context._RESULTS.clear()
    seen: list[bool] = []
    scope = transform_filters._scope

    def recording(prep, units, include_predecessors):
        seen.append(include_predecessors)
        return scope(prep, units, include_predecessors)

    monkeypatch.setattr(transform_filters, "_scope", recording)
    yield seen
    context._RESULTS.clear()


def page_callback(page: str):
    # Unwrapped from ``shared_answer``: computed here, not read from the answers folder.
    return getattr(sys.modules[f"dashboard.pages.{page}"], PAGES[page]).__wrapped__


def as_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=lambda c: c.to_plotly_json() if isinstance(c, Component)
                      else c.to_plotly_json() if hasattr(c, "to_plotly_json") else str(c))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("switch", [True, False])
def test_every_transform_call_gets_the_switch(scopes, page, switch):
    page_callback(page)(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR], ids.FILTER_PREDECESSORS: switch}))
    assert scopes and set(scopes) == {switch}


@pytest.mark.parametrize("page", PAGES)
def test_the_switch_off_is_another_answer(scopes, page):
    on = as_text(page_callback(page)(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR]})))
    off = as_text(page_callback(page)(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR],
                                                              ids.FILTER_PREDECESSORS: False})))
    assert on != off  # the predecessors' history (before 1/7/2025) is in one and not the other


def test_the_document_detail_gets_the_switch_too(scopes):
    from dashboard.pages.topics import document_detail

    args = dict(zip(ids.FILTERS, [None] * len(ids.FILTERS)), **{ids.FILTER_UNIT: [SUCCESSOR],
                                                                 ids.FILTER_PREDECESSORS: False})
    document_detail("35-NQ/TW@2018-10-22", *[args[f] for f in ids.FILTERS], "vi")
    assert scopes and set(scopes) == {False}


def test_a_shared_answer_is_keyed_by_the_switch(scopes, sample_store, monkeypatch):
    from dashboard.pages.overview import update_overview

    # A private store: the answers folder beside it is written.
    monkeypatch.setattr(context, "settings", lambda: Settings.load(store=sample_store, samples=""))
    answers._memory.clear()
    on = update_overview(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR], ids.FILTER_PREDECESSORS: True}))
    off = update_overview(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR], ids.FILTER_PREDECESSORS: False}))
    assert as_text(on) != as_text(off)
    # The browser's "on" and the warmed default (None) are one answer.
    assert update_overview(*default_args("vi", **{ids.FILTER_UNIT: [SUCCESSOR]})) == on
