"""The study rate on the pages: /topics with no rate to show, the overview's study campaigns, upload warnings."""

from __future__ import annotations

import json

import pytest
from dash.development.base_component import Component

from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.ui import context, ids
from dashboard.ui.answers import default_args
from tests.ingest.helpers import csv_file

UNIT = "Đảng ủy phường Thanh Khê Tây"
BARE = "Đảng ủy phường Không Số"  # a unit whose chi bộ have no member counts


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json() if isinstance(component, Component) else component,
                      ensure_ascii=False, default=lambda c: c.to_plotly_json())


@pytest.fixture
def app_settings(sample_store, monkeypatch):
    from dashboard.app import create_app

    settings = Settings.load(store=sample_store, default_unit=UNIT, samples="", auth_db=sample_store.parent / "a.db")
    create_app(settings)  # pages register themselves with an app
    monkeypatch.setattr(context, "settings", lambda: settings)
    commit_upload([
        csv_file("o.csv", f"Đơn vị,Tổ chức,Loại tổ chức\n{BARE},{BARE},Đảng ủy\n{BARE},Chi bộ 1,Chi bộ\n"),
        csv_file("c.csv", "Đơn vị,Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản\n"
                          f"{BARE},KS-1,10/5/2025,Hội nghị học tập,{BARE},Học tập quán triệt,quán triệt NQ 57\n"),
        csv_file("a.csv", f"Đơn vị,Mã hội nghị,Tổ chức,Số người dự\n{BARE},KS-1,Chi bộ 1,12\n"),
    ], settings=settings)
    return settings


@pytest.mark.parametrize("filters", [
    {ids.FILTER_ORG_TYPE: ["hoi_ccb"]},  # no chi bộ of that type: no rate (was TypeError: boolean value of NA)
    {ids.FILTER_ORG_TYPE: ["mttq"], ids.FILTER_FROM: "2023-Q2", ids.FILTER_TO: "2023-Q2"},
    {ids.FILTER_UNIT: [BARE]},  # chi bộ without member counts: no rate either
])
def test_topics_without_a_study_rate_to_show(app_settings, filters):
    from dashboard.pages.topics import update_topics

    # Each chart's figure, then the period line under it; the document picker's options last.
    heatmap, _, bars, _, cells, _, options = update_topics(*default_args("vi", **filters))
    assert options and all(" — " not in o["label"] for o in options)  # named, without a rate
    assert "Không có" in text_of(bars)  # the study-rate chart says it has nothing to draw
    assert "Không có" in text_of(cells)  # and so does the chi bộ chart


def test_topics_options_name_each_document_with_its_rate(app_settings):
    from dashboard.pages.topics import update_topics

    *_, options = update_topics(*default_args("vi", **{ids.FILTER_UNIT: [UNIT]}))
    labels = {o["value"]: o["label"] for o in options}
    assert labels["57-NQ/TW@2024-12-22"].startswith("Nghị quyết số 57-NQ/TW ngày 22/12/2024 — ")
    assert labels["35-NQ/TW@2018-10-22"] == "Nghị quyết số 35-NQ/TW ngày 22/10/2018"  # only disseminated: no rate


def test_the_overview_says_when_a_quarter_had_no_study_session(app_settings):
    from dashboard.pages.overview import update_overview

    kpis = text_of(update_overview(*default_args("vi", **{ids.FILTER_UNIT: [UNIT], ids.FILTER_FROM: "2025-Q4",
                                                               ids.FILTER_TO: "2025-Q4"}))[0])
    assert "Quý này không có hội nghị học tập, quán triệt văn bản nào" in kpis
    english = text_of(update_overview(*default_args("en", **{ids.FILTER_UNIT: [UNIT], ids.FILTER_FROM: "2025-Q4",
                                                                  ids.FILTER_TO: "2025-Q4"}))[0])
    assert "No conference studied a document this quarter" in english


def test_the_overview_lists_the_quarters_study_campaigns(app_settings):
    from dashboard.transforms.kpis import overview_kpis
    from dashboard.pages.overview import update_overview
    from dashboard.store import load

    filters = {ids.FILTER_UNIT: [UNIT], ids.FILTER_FROM: "2023-Q2", ids.FILTER_TO: "2023-Q2"}
    kpis = text_of(update_overview(*default_args("vi", **filters))[0])
    _, computed = overview_kpis(load(app_settings.store), unit=UNIT, quarters=("2023-Q2", "2023-Q2"),
                                target=app_settings.study_target)
    campaigns = computed[-1].campaigns
    assert {c.name for c in campaigns} >= {"Quy định số 85-QĐ/TW ngày 7/10/2022", "Hướng dẫn số 99-HD/BTGTW ngày 20/3/2023"}
    for campaign in campaigns:
        assert campaign.name in kpis
    assert "chi bộ dưới chỉ tiêu 95%" in kpis and "kể cả các buổi học bù ngoài quý" in kpis
    assert "35-NQ/TW" not in kpis  # disseminated at the founding briefing, studied nowhere


def test_upload_preview_and_commit_carry_the_warnings(app_settings):
    from dashboard.pages.upload import commit_job, preview_job, result_view

    files = [csv_file("c.csv", "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản\n"
                               f"HN-NEW,12/5/2025,Hội nghị mới,{UNIT},Học tập quán triệt,NQ 57\n")]
    preview = preview_job(files, UNIT, None, app_settings)
    assert not preview["problems"] and [w["code"] for w in preview["warnings"]] == ["document_resolved"]
    view = text_of(result_view("vi", summary=preview["summary"], warnings=preview["warnings"]))
    assert "1 lưu ý về văn bản" in view and "«NQ 57» được hiểu là Nghị quyết số 57-NQ/TW ngày 22/12/2024" in view

    class Staff:
        name = "staff"

        def may_upload_for(self):
            return None

    done = commit_job(files, UNIT, Staff(), app_settings)
    assert done["version"] and [w["code"] for w in done["warnings"]] == ["document_resolved"]
    assert "đã ghi" in text_of(result_view("vi", summary=done["summary"], committed_version=done["version"],
                                           warnings=done["warnings"])).lower()
