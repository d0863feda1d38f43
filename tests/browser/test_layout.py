"""Every page at a phone's width (390×844) and a desktop's (1366×900): no sideways scrolling, no text under
12 px, the overview within four phone screens, every heat-map row labelled, no English in the Vietnamese
interface, and the filters behind "Bộ lọc" on a phone (issue 15).

Each page's screenshot at both widths lands in ``tests/artifacts/screenshots/layout-<page>-<size>.png``; the
ones in ``docs/screenshots/`` are copies of these.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.messages import MESSAGES
from dashboard.ui import ids
from tests.browser.conftest import Page

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
PAGES = ["/", "/attendance", "/topics", "/conferences", "/report", "/upload", "/entry", "/history"]
SMALLEST_FONT_PX = 12
PHONE_SCREENS_OF_OVERVIEW = 4

# Text nodes the user can see, with their font size: HTML and the charts' SVG alike (a hidden off-canvas
# panel, a closed <details> and a collapsed menu are not seen).
VISIBLE_TEXT = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    seen.push({text, size: parseFloat(getComputedStyle(el).fontSize), tag: el.tagName});
  }
  return seen;
}"""

ALLOWED_LATIN = {
    # Names and formats a Vietnamese user reads as written.
    "csv", "xlsx", "excel", "docx", "pdf", "png", "word", "english", "plotly", "id", "mttq", "tncs", "ccb", "ubnd",
    "hđnd", "qđ", "nq", "tw", "kh", "ct", "hd", "bc",
}


def english_words() -> set[str]:
    """Words of the English side of the message catalogue that the Vietnamese side never uses, and AG Grid's
    and Plotly's own English words ("Page Size", "No Rows To Show", "Download plot as a png")."""
    english, vietnamese = set(), set()
    for vi, en in MESSAGES.values():
        english |= {word.lower() for word in latin_words(en)}
        vietnamese |= set(re.findall(r"\w+", vi.lower()))
    own = {"page", "size", "rows", "show", "search", "filter", "next", "previous", "last", "first", "loading",
           "download", "plot", "zoom", "reset", "autoscale", "pan", "select", "drop", "files", "browse", "upload"}
    return (english | own) - vietnamese - ALLOWED_LATIN


def latin_words(text: str) -> list[str]:
    """The words of ``text`` written in plain Latin letters only (``Page``, not ``Nghị``), three letters or more;
    not codes and acronyms in capitals (``BTGTW`` of ``HD/BTGTW``, ``CSV``), which read the same in both languages."""
    return [word for word in re.findall(r"\w+", text)
            if len(word) >= 3 and word.isascii() and word.isalpha() and not word.isupper()]


def open_page(browser, url: str, size: str, lang: str = "vi") -> Page:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    if lang == "en":
        context.add_cookies([{"name": "dashboard_lang", "value": "en", "url": url}])
    page = Page(context.new_page())
    page.goto(url)
    page.settle()
    return page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_the_width_with_readable_text(app_url, browser, path, size):
    page = open_page(browser, app_url + path, size)
    name = path.strip("/") or "overview"
    page.screenshot_as(f"layout-{name}-{size}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} at {size} scrolls sideways by {overflow} px"
    small = [(t["text"][:40], t["size"]) for t in page.evaluate(VISIBLE_TEXT) if t["size"] < SMALLEST_FONT_PX]
    assert small == [], f"{path} at {size}: text under {SMALLEST_FONT_PX} px: {small[:10]}"
    if path == "/" and size == "phone":
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height <= PHONE_SCREENS_OF_OVERVIEW * SIZES["phone"][1], f"the overview is {height} px tall"
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_english_word_in_the_vietnamese_interface(app_url, browser, path):
    page = open_page(browser, app_url + path, "desktop")
    words = english_words()
    found = sorted({word for item in page.evaluate(VISIBLE_TEXT)
                    for word in latin_words(item["text"]) if word.lower() in words})
    # The language switch names itself in its own language.
    assert found == [], f"{path}: English words in the Vietnamese interface: {found}"
    page.context.close()


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


@pytest.mark.parametrize("path", ["/upload", "/entry", "/history", "/report"])
def test_pages_with_their_own_choices_show_no_filter_bar(app_url, browser, path):
    page = open_page(browser, app_url + path, "desktop")
    expect(page.locator(f"#{ids.FILTER_AREA}")).to_be_hidden()
    page.context.close()
    page = open_page(browser, app_url + "/", "desktop")
    expect(page.locator(f"#{ids.FILTER_AREA}")).to_be_visible()
    page.context.close()
