"""Serve the real app in a subprocess and drive it with Playwright in headless Chromium.

Chromium comes from Debian's packages (``chromium``); Playwright's own browser
download is never used. Without Chromium the tier is skipped locally and
fails under CI.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


PASSWORD = "browser-pass-1"
USERS = (("lan", "staff", ["Đảng ủy phường Thanh Khê Tây"]), ("quan", "admin", []), ("xem", "viewer", []))


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The dashboard on a fresh store, filled from the bundled samples at start."""
    yield from serve(tmp_path_factory, USERS)


def serve(tmp_path_factory, accounts, **settings: str):
    """Run the app (``DASHBOARD_*`` ``settings`` added) with ``accounts`` on a fresh store of the samples;
    yields its address."""
    from dashboard.auth.users import UserStore

    folder = tmp_path_factory.mktemp("browser")
    store, auth_db = folder / "store", folder / "auth.sqlite3"
    users = UserStore(auth_db)
    for name, role, units in accounts:
        users.add(name, role, PASSWORD, units, all_units=role == "viewer" and not units)
    port = free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(store), "DASHBOARD_PORT": str(port), "DASHBOARD_HOST": "127.0.0.1",
           "DASHBOARD_AUTH_DB": str(auth_db), **{f"DASHBOARD_{k.upper()}": v for k, v in settings.items()}}
    log = open(tmp_path_factory.mktemp("log") / "app.log", "w")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (Debian packages chromium and chromium-driver)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Dash's own state (window.store, as dash.testing reads it) and the DOM, checked together on each animation
# frame; ready when it has held on three frames running (a click's callback may be queued a tick after the
# click). A page that is not a Dash page (the login form) is ready once loaded.
READY = """() => {
  if (document.readyState !== 'complete') return false;
  if (!document.getElementById('react-entry-point')) return true;
  const state = window.store && window.store.getState && window.store.getState();
  if (!state || state.appLifecycle !== 'HYDRATED' || state.isLoading) return false;
  const callbacks = state.callbacks || {};
  const queues = ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed'];
  if (queues.some(name => (callbacks[name] || []).length)) return false;
  if (document.querySelector('._dash-loading, [data-dash-is-loading="true"]')) return false;
  if (![...document.querySelectorAll('.dash-graph')].every(graph => graph.querySelector('.main-svg'))) return false;
  // A chart on the screen has its figure (a title); those further down are drawn when scrolled near.
  const height = window.innerHeight;
  if (![...document.querySelectorAll('.dash-graph')].filter(graph => {
        const box = graph.getBoundingClientRect(); return box.top < height && box.bottom > 0; })
      .every(graph => graph.querySelector('.main-svg .gtitle'))) return false;
  return [...document.querySelectorAll('.ag-root-wrapper')]
    .every(grid => grid.querySelector('.ag-row, .ag-overlay-no-rows-wrapper, .ag-overlay-no-rows-center'));
}"""
SETTLED = f"""(call) => {{
  const ready = ({READY})();
  const before = window.__settle && window.__settle.call === call ? window.__settle.frames : 0;
  window.__settle = {{call, frames: ready ? before + 1 : 0}};
  return window.__settle.frames >= 3;
}}"""
SETTLE_CALLS = itertools.count()


class Page:
    """A browser page that records console errors and uncaught exceptions."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def __getattr__(self, name):
        return getattr(self.page, name)

    def settle(self, timeout: float = 60000) -> None:
        """Wait until the page is ready: Dash hydrated, no callback queued or in flight, nothing marked as
        loading, every Plotly graph drawn (those on the screen with their figure; the others are drawn when
        scrolled near, ``scroll_to_chart``) and every grid showing rows or its "no rows" overlay.

        A condition, re-checked on every animation frame, never a fixed time: on a busy machine it takes
        as long as the page does and no longer."""
        self.page.wait_for_function(SETTLED, arg=next(SETTLE_CALLS), timeout=timeout)

    def scroll_to_chart(self, chart_id: str, timeout: float = 60000) -> None:
        """Scroll chart ``chart_id`` into view and wait until it is drawn with its figure."""
        self.page.locator(f"#{chart_id}").scroll_into_view_if_needed()
        expect(self.page.locator(f"#{chart_id} .main-svg .gtitle").first).to_be_attached(timeout=timeout)

    def draw_all_charts(self) -> None:
        """Scroll to every chart of the page in turn (each is drawn when near the screen), then back to the top."""
        for chart_id in self.page.eval_on_selector_all(".dash-graph[id]", "graphs => graphs.map(g => g.id)"):
            self.scroll_to_chart(chart_id)
        self.page.evaluate("window.scrollTo(0, 0)")

    def wait_for_text(self, selector: str, text: str, timeout: float = 60000) -> str:
        """Wait until ``selector``'s text contains ``text`` (background jobs finish on their own time)."""
        expect(self.page.locator(selector)).to_contain_text(text, timeout=timeout)
        return self.page.inner_text(selector)

    def login(self, base: str, name: str, next_path: str = "/upload") -> None:
        self.page.goto(f"{base}/login?next={next_path}")
        self.page.fill("#name", name)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/login" not in url)
        self.settle()

    def screenshot_as(self, name: str) -> Path:
        """A full-page screenshot, every chart drawn first."""
        self.draw_all_charts()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    wrapped = Page(context.new_page())
    yield wrapped
    context.close()
