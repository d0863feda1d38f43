"""Document charts label documents by a short name, carry the identity in customdata, and a click filters by it."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from dashboard.figures import charts
from dashboard.figures.tables import VIEWS
from dashboard.store import load


@pytest.fixture(scope="module")
def views(sample_store_ro):
    tables = load(sample_store_ro)
    return {name: VIEWS[name].compute(tables) for name in ("document_quarters", "coverage")}


@pytest.mark.parametrize("identity, label", [
    ("35-NQ/TW@2018-10-22", "35-NQ/TW (22/10/2018)"),
    ("18-NQ/TW@2017-10-25", "18-NQ/TW (25/10/2017)"),
    ("18-NQ/TW@2022-06-16", "18-NQ/TW (16/06/2022)"),  # same number, another term: the date tells them apart
    ("Nghị quyết Đại hội XIII@2021-02-01", "Nghị quyết Đại hội XIII (01/02/2021)"),
    ("58-KH/ĐU@2024-03-01", "58-KH/ĐU (01/03/2024)"),  # not catalogued: the identity still reads as code and date
    ("Chuyên đề về chuyển đổi số", "Chuyên đề về chuyển đổi số"),  # kept as written
    ("x" * 80, "x" * (charts.DOCUMENT_LABEL_CHARS - 1) + "…"),
    ("a@b", "a@b"),
])
def test_document_label(identity, label):
    assert charts.document_label(identity) == label


def test_hover_shows_the_full_name():
    assert charts.document_hover("35-NQ/TW@2018-10-22").startswith("Nghị quyết số 35-NQ/TW ngày 22/10/2018<br>")
    assert charts.document_hover("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_labels_two_documents_share_are_told_apart():
    labels, names = charts.document_axis(["A@2020-01-01", "A@2020-01-01x", "B"])
    assert len(set(labels)) == 3 and labels[2] == "B" and len(names) == 3


def test_coverage_heatmap_rows_are_named_and_cells_carry_the_identity(views):
    trace = charts.coverage_heatmap(views["document_quarters"], "vi").data[0]
    identities = [row[0] for row in trace.customdata]
    assert "35-NQ/TW@2018-10-22" in identities
    assert not any("@" in label for label in trace.y)  # no identity on the axis
    assert dict(zip(identities, trace.y))["35-NQ/TW@2018-10-22"] == "35-NQ/TW (22/10/2018)"
    assert all(len(set(row)) == 1 for row in trace.customdata)  # every cell of a row: that row's document
    assert dict(zip(identities, (row[0] for row in trace.text)))["35-NQ/TW@2018-10-22"].startswith(
        "Nghị quyết số 35-NQ/TW ngày 22/10/2018")
    assert trace.hovertemplate.startswith("%{text}")


def test_study_rate_bars_are_named_and_carry_the_identity(views):
    coverage = views["coverage"]
    trace = charts.study_rate_bars(coverage, 0.95, "en").data[0]
    identities = [row[0] for row in trace.customdata]
    rated = coverage.dropna(subset=["study_rate"])
    assert sorted(identities) == sorted(rated["document"])
    assert list(trace.y) == [charts.document_label(i) for i in identities]
    by_identity = rated.set_index("document")
    for identity, studied, total in trace.customdata:
        assert (studied, total) == (by_identity.at[identity, "party_members_studied"],
                                    by_identity.at[identity, "party_members_total"])
    assert all(not name.startswith(str(i)) for name, i in zip(trace.hovertext, identities) if "@" in i)
    assert "%{customdata[1]:,} / %{customdata[2]:,}" in trace.hovertemplate


def test_escaped_identities_stay_escaped_and_round_trip():
    frame = pd.DataFrame({"document": ["<b>x</b>"], "study_rate": [0.5], "party_members_studied": [1],
                          "party_members_total": [2]})
    trace = charts.study_rate_bars(frame, 0.95).data[0]
    assert list(trace.y) == ["&lt;b&gt;x&lt;/b&gt;"] and html.unescape(trace.customdata[0][0]) == "<b>x</b>"


@pytest.mark.parametrize("callback, click, expected", [
    ("filter_by_clicked_document", {"points": [{"y": "35-NQ/TW (22/10/2018)", "customdata": "35-NQ/TW@2018-10-22"}]},
     ["35-NQ/TW@2018-10-22"]),
    ("pick_clicked_document", {"points": [{"y": "35-NQ/TW (22/10/2018)", "customdata": ["35-NQ/TW@2018-10-22", 5, 9]}]},
     "35-NQ/TW@2018-10-22"),
    ("filter_by_clicked_document", {"points": [{"customdata": "&lt;b&gt;x&lt;/b&gt;"}]}, ["<b>x</b>"]),
    ("pick_clicked_document", {"points": [{"customdata": ["Nghị quyết Đại hội XIII@2021-02-01", 1, 2]}]},
     "Nghị quyết Đại hội XIII@2021-02-01"),
])
def test_a_click_filters_by_identity(callback, click, expected, sample_store_ro, tmp_path_factory):
    topics = _topics(sample_store_ro, tmp_path_factory)
    assert getattr(topics, callback)(click) == expected


@pytest.mark.parametrize("click", [None, {}, {"points": []}, {"points": [{"y": "35-NQ/TW (22/10/2018)"}]}])
def test_a_click_without_an_identity_changes_nothing(click, sample_store_ro, tmp_path_factory):
    from dash import no_update

    topics = _topics(sample_store_ro, tmp_path_factory)
    assert topics.filter_by_clicked_document(click) is no_update
    assert topics.pick_clicked_document(click) is no_update


def _topics(store, tmp_path_factory):
    import sys

    from dashboard.app import create_app
    from dashboard.settings import Settings

    if "dashboard.pages.topics" not in sys.modules:
        create_app(Settings.load(store=store, samples="", auth_db=tmp_path_factory.mktemp("auth") / "a.db"))
    return sys.modules["dashboard.pages.topics"]
