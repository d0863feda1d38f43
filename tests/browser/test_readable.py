"""Readable in the leader's language and on a phone: AG Grid's words following the English switch, every heat-map
row labelled at both widths, the filters behind "Bộ lọc" with removable chips (issue 15). No English word in the
Vietnamese interface and no filter bar on pages with choices of their own: checked on each page's desktop load in
``test_layout.py``.

A file apart from ``test_layout.py`` (same helpers) so that two workers share the browser tests evenly.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids
from tests.browser.test_layout import SIZES, open_page

pytestmark = pytest.mark.browser


def test_the_english_switch_reaches_the_grid(app_url, browser):
    """The other way round: AG Grid's own words follow the interface into English ("Page Size")."""
    page = open_page(browser, app_url + "/conferences", "desktop", lang="en")
    expect(page.locator(".ag-paging-panel")).to_contain_text("Page")
    page.context.close()


@pytest.mark.parametrize("path, chart", [("/attendance", ids.GAPS_CHART), ("/topics", ids.COVERAGE_CHART)])
@pytest.mark.parametrize("size", SIZES)
def test_every_heat_map_row_is_labelled(app_url, browser, path, chart, size):
    page = open_page(browser, app_url + path, size)
    page.scroll_to_chart(chart)  # drawn when scrolled near
    rows, labels = page.evaluate("""(id) => {
      const graph = document.querySelector('#' + id + ' .js-plotly-plot');
      const ys = new Set(graph.data[0].y);
      const labels = [...graph.querySelectorAll('.ytick text')].filter(t => t.textContent.trim());
      return [ys.size, labels.length];
    }""", chart)
    assert rows > 1 and labels == rows, f"{chart} at {size}: {labels} labels for {rows} rows"
    page.context.close()


def test_phone_filters_open_from_the_button_and_show_as_chips(app_url, browser):
    page = open_page(browser, app_url + "/", "phone")
    panel = page.locator(f"#{ids.FILTER_PANEL}")
    expect(panel).not_to_be_visible()  # the first screen is the page, not six dropdowns
    page.click(f"#{ids.FILTER_OPEN}")
    expect(panel).to_be_visible()
    page.locator(f"#{ids.FILTER_KIND}").click()
    page.get_by_role("option", name="Chuyên đề").click()
    page.keyboard.press("Escape")
    page.click(f"#{ids.FILTER_DONE}")
    expect(panel).not_to_be_visible()
    chip = page.locator(f"#{ids.FILTER_CHIPS} button")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Chuyên đề")
    expect(page.locator(f"#{ids.FILTER_OPEN}")).to_contain_text("(1)")
    page.wait_for_url(re.compile(r"kind=chuyen_de"))
    chip.click()  # its "×" removes that filter
    expect(chip).to_have_count(0)
    page.wait_for_url(lambda url: "kind=" not in url)
    assert page.errors == []
    page.context.close()
