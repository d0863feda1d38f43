"""Read access by unit in the real app, signed in as a ward's viewer (issue 19): the filter offers its ward
only, the conference list holds its ward's conferences only (also from a shared address naming another ward,
whose unit the filter drops), and the footer says what the account reads. (The server-side guarantees, forged requests
included, are in ``tests/security/test_unit_access.py``.)"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from dashboard.ui import ids
from tests.browser.conftest import serve

pytestmark = pytest.mark.browser

WARD, SUCCESSOR = "Đảng ủy phường Thanh Khê Tây", "Đảng ủy phường Thanh Khê"


@pytest.fixture(scope="module")
def closed_url(tmp_path_factory):
    """The app with viewing closed to signed-in accounts; ``tkt`` reads one ward of the sample."""
    yield from serve(tmp_path_factory, (("tkt", "viewer", [WARD]),), login_required="true")


def test_a_wards_viewer_sees_its_ward_only(closed_url, page):
    page.login(closed_url, "tkt", next_path="/conferences")
    expect(page.locator(f"#{ids.ACCESS_FOOTER}")).to_contain_text(f"xem được: {WARD} và các đơn vị trực thuộc")
    grid = page.locator(f"#{ids.CONFERENCE_GRID}")
    expect(grid.locator(".ag-row").first).to_be_visible()
    assert SUCCESSOR + "," not in grid.inner_text() and "Hội trường phường Thanh Khê," not in grid.inner_text()
    # The sample's 58 conferences of the ward, none of the 6 the ward formed by the merger held after it.
    expect(page.locator(f"#{ids.CONFERENCE_GRID}")).to_contain_text("trên 58")
    page.locator(f"#{ids.FILTER_UNIT}").click()
    options = page.locator(".dash-dropdown-option, [role=option]")
    expect(options.first).to_be_visible()
    assert [text.strip() for text in options.all_inner_texts()] == [WARD]
    page.keyboard.press("Escape")
    # An address naming another unit (shared by someone who reads it): the filter does not offer it, so it
    # is dropped as an unknown unit is, and the list still holds the account's ward only.
    page.goto(f"{closed_url}/conferences?unit={quote(SUCCESSOR)}")
    page.settle()
    expect(grid.locator(".ag-row").first).to_be_visible()
    assert "Hội trường phường Thanh Khê," not in grid.inner_text()
    expect(page.locator(f"#{ids.CONFERENCE_GRID}")).to_contain_text("trên 58")
    page.screenshot_as("unit-access-ward-viewer")
    assert page.errors == []
