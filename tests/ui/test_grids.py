"""Every AG Grid speaks the interface's language (issue 15: "Page Size", "No Rows To Show" in Vietnamese pages)."""

import importlib

import dash_ag_grid as dag
import pytest

from dashboard.ui.grids import grid_locale


def _grids(component):
    found = [component] if isinstance(component, dag.AgGrid) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children] if children is not None else []:
        found += _grids(child)
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from dashboard.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(store=tmp_path_factory.mktemp("store") / "store", samples=None))
    return app, {name: importlib.import_module(f"dashboard.pages.{name}") for name in ("overview", "conferences")}


@pytest.mark.parametrize("name", ["overview", "conferences"])
def test_grids_have_vietnamese_words(pages, name):
    app, modules = pages
    with app.server.test_request_context("/?lang=vi"):
        grids = _grids(modules[name].layout())
    assert grids
    for grid in grids:
        words = grid.dashGridOptions["localeText"]
        assert words["noRowsToShow"] == "Không có dòng nào" and words["pageSizeSelectorLabel"] == "Số dòng mỗi trang:"
        assert words["to"] == "đến" and words["of"] == "trên"


def test_english_keeps_ag_grids_own_words():
    assert grid_locale("en") == {}
    vi = grid_locale("vi")
    assert all(value and value.strip() for value in vi.values())
    vi["page"] = "changed"
    assert grid_locale("vi")["page"] == "Trang"  # a copy each time
