"""Every page at a phone's width (390×844) and a desktop's (1366×900): no sideways scrolling, no text under
12 px, the overview within four phone screens, a heading and no console error, and on the desktop load no
English in the Vietnamese interface and the filter bar only where the filters apply (issue 15). Each page is
loaded once per width and every check runs on that load: a load costs seconds, and the checks once had a
load each.

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
OWN_CHOICES = ("/upload", "/entry", "/history", "/report")  # pages with choices of their own: no filter bar

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
    if size == "desktop":  # checks that need the page once, on the same load (each load costs seconds)
        words = english_words()
        found = sorted({word for item in page.evaluate(VISIBLE_TEXT)
                        for word in latin_words(item["text"]) if word.lower() in words})
        assert found == [], f"{path}: English words in the Vietnamese interface: {found}"
        # Pages with choices of their own show no filter bar; the others show it.
        filters = expect(page.locator(f"#{ids.FILTER_AREA}"))
        filters.to_be_hidden() if path in OWN_CHOICES else filters.to_be_visible()
    assert page.locator("h1").count() >= 1
    assert page.errors == []
    page.context.close()
