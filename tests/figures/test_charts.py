"""Every chart from the sample ward: house layout, Vietnamese labels, the data it should show, bounded size."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures import charts
from dashboard.figures.tables import VIEWS
from dashboard.store import load

UNIT = "Đảng ủy phường Thanh Khê Tây"


@pytest.fixture(scope="module")
def views(sample_store_ro):
    tables = load(sample_store_ro)
    return {name: view.compute(tables) for name, view in VIEWS.items()}


def built(views, lang="vi"):
    last = views["mix_org"]["quarter"].max()
    return {
        "activity_by_kind": charts.activity_by_kind(views["activity_kind"], lang),
        "attendees_trend": charts.attendees_trend(views["activity"], lang),
        "mix_over_quarters": charts.mix_over_quarters(views["mix"], lang),
        "mix_treemap": charts.mix_treemap(views["mix_org"][views["mix_org"]["quarter"] == last], lang),
        "org_attendance_rate": charts.org_attendance_rate(views["mix_org"], lang),
        "gaps_heatmap": charts.gaps_heatmap(views["gaps"], lang),
        "coverage_heatmap": charts.coverage_heatmap(views["document_quarters"], lang),
        "study_rate_bars": charts.study_rate_bars(views["coverage"], 0.95, lang),
    }


@pytest.mark.parametrize("lang, separators", [("vi", ",."), ("en", ".,")])
def test_every_chart_has_the_house_layout(views, lang, separators):
    for name, fig in built(views, lang).items():
        assert isinstance(fig, go.Figure), name
        assert fig.layout.separators == separators, name
        assert fig.layout.title.text, name
        assert fig.layout.xaxis.automargin and fig.layout.yaxis.automargin, name
        assert fig.data, f"{name} has no data"


def test_quarters_are_shown_the_vietnamese_way(views):
    figures = built(views, "vi")
    quarters = list(figures["attendees_trend"].data[0].x)
    assert quarters[0].startswith("Quý ") and "/" in quarters[0]
    assert list(built(views, "en")["attendees_trend"].data[0].x)[0].startswith("Q")
    # The stacked bars keep the quarters in time order, whatever kinds each quarter had.
    order = list(figures["activity_by_kind"].layout.xaxis.categoryarray)
    assert order == [q for q in quarters if q in order]


def test_the_charts_show_the_numbers_they_are_given(views):
    figures = built(views)
    activity = views["activity"]
    assert list(figures["attendees_trend"].data[0].y) == list(activity["attendees"])
    stacked = sum(sum(v for v in trace.y if v == v) for trace in figures["mix_over_quarters"].data)
    assert stacked == views["mix"]["attendees"].sum()
    conferences = sum(sum(trace.y) for trace in figures["activity_by_kind"].data)
    assert conferences == views["activity_kind"]["conferences"].sum()
    assert figures["activity_by_kind"].layout.barmode == "stack"


def test_the_study_rate_chart_draws_the_target(views):
    fig = built(views)["study_rate_bars"]
    line = fig.layout.shapes[0]
    assert (line.x0, line.x1, line.line.dash) == (0.95, 0.95, "dash")
    assert fig.layout.annotations[0].text == "Chỉ tiêu 95%"
    colours = fig.data[0].marker.color
    rates = fig.data[0].x
    assert all((c == "#009E73") == (r >= 0.95) for c, r in zip(colours, rates))


def test_empty_data_gives_a_titled_message_not_blank_axes():
    empty = pd.DataFrame(columns=["quarter", "kind", "conferences", "attendees", "party_members_attending"])
    fig = charts.activity_by_kind(empty, "vi")
    assert fig.layout.title.text == "Số hội nghị theo quý và loại hình"
    assert fig.layout.annotations[0].text.startswith("Không có hội nghị")
    assert fig.layout.xaxis.visible is False and not fig.data


def test_many_organisations_are_capped_for_the_screen():
    many = pd.DataFrame({
        "quarter": "2025-Q2", "unit": UNIT, "organization": [f"Chi bộ {i}" for i in range(1000)],
        "org_type": "chi_bo", "attendees": range(1, 1001), "members": 50, "share": 0.001,
        "attendance_rate": 0.5,
    })
    treemap = charts.mix_treemap(many, "vi").data[0]
    assert len(treemap.ids) <= 3 * charts.MAX_ORGS + 2  # the largest, one "others" box, the type
    assert any("khác" in label for label in treemap.labels)
    assert sum(treemap.values[1:]) == many["attendees"].sum()  # nothing lost in the "others" box
    assert len(charts.org_attendance_rate(many, "vi").data[0].y) == charts.MAX_ORGS


def test_gaps_heatmap_labels_every_organisation_in_order_and_marks_the_missed():
    """Issue 15: every organisation labelled, 'số 2' before 'số 10', missed cells apart from blank and from few."""
    import pandas as pd

    names = [f"Chi bộ khu dân cư số {i}" for i in (1, 10, 11, 2, 3)]
    rows = []
    for name in names:
        for quarter in ("2023-Q1", "2023-Q2"):
            attendees = 0 if (name.endswith("số 2") and quarter == "2023-Q2") else 1
            rows.append({"unit": "U", "organization": name, "org_type": "chi_bo", "quarter": quarter,
                         "attendees": attendees, "missed": attendees == 0})
    figure = charts.gaps_heatmap(pd.DataFrame(rows), "vi")
    attended, missed, legend = figure.data
    assert list(figure.layout.yaxis.tickvals) == [f"Chi bộ khu dân cư số {i}" for i in (1, 2, 3, 10, 11)]
    assert list(figure.layout.yaxis.ticktext) == list(figure.layout.yaxis.tickvals)
    # The orange cells have a legend entry of their own (a heat map has none).
    assert legend.showlegend and legend.name == missed.name and legend.marker.color == "#f4a582"
    # One attendee is drawn (zmin at 1, from a visible blue), the missed cell only in the second layer.
    assert attended.zmin == 1 and attended.colorscale[0][1] != "#ffffff"
    row = list(attended.y).index("Chi bộ khu dân cư số 2")
    assert pd.isna(attended.z[row][1]) and missed.z[row][1] == 1 and pd.isna(missed.z[row][0])
    assert "bị bỏ sót" in missed.hovertemplate and attended.colorbar.tickformat == ",d"


def test_count_axes_never_show_fractions_of_a_conference():
    """Issue 15: "0.5 / 1.5" conferences on an axis, "1,5 / 2,5" on the heat map's colour bar."""
    import pandas as pd

    activity = pd.DataFrame({"quarter": ["2023-Q1", "2023-Q2"], "kind": ["chuyen_de", "chuyen_de"],
                             "conferences": [1, 2], "attendees": [10, 20]})
    figure = charts.activity_by_kind(activity, "vi")
    assert figure.layout.yaxis.tickformat == ",d" and figure.layout.yaxis.dtick == 1
    coverage = pd.DataFrame({"document": ["35-NQ/TW@2018-10-22"] * 2, "quarter": ["2023-Q1", "2023-Q2"],
                             "conferences": [1, 3]})
    heat = charts.coverage_heatmap(coverage, "vi")
    assert heat.data[0].colorbar.tickformat == ",d" and heat.data[0].colorbar.dtick == 1
    many = activity.assign(conferences=[40, 90])
    assert charts.activity_by_kind(many, "vi").layout.yaxis.dtick is None  # many: Plotly spaces the ticks
