"""The Dash app: ``create_app(settings)`` builds it; ``python app.py`` or ``python -m dashboard serve`` runs it.

On start, an empty store is filled with the bundled sample files through the
same ingest path staff uploads use, so a fresh clone opens a populated
dashboard. For production, serve ``dashboard.app:server()`` with gunicorn.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from pathlib import Path

from dash import Dash
from dash import _callback as _dash_callback
from flask import redirect, request
from werkzeug.serving import WSGIRequestHandler

from dashboard.auth import web as auth_web
from dashboard.ingest import commit_upload
from dashboard.messages import message
from dashboard.settings import Settings
from dashboard.store import Store
from dashboard.ui import shell, templates

PACKAGE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


def load_samples_if_empty(settings: Settings) -> int | None:
    """Ingest the sample files into an empty store; returns the new version, or None.

    It takes a while (20 s or so): each step prints a line on standard output, where ``serve`` prints that
    the dashboard is running, in the settings' language (``cli.sample_store_*`` in dashboard.messages).
    """
    store = _SampleStore(settings)
    if store.version() > 0 or not settings.samples or not Path(settings.samples).is_dir():
        return None
    files = sorted(Path(settings.samples).glob("*.csv")) + sorted(Path(settings.samples).glob("*.xlsx"))
    if not files:
        return None
    started = time.monotonic()
    _progress(message("cli.sample_store_reading", settings.lang, count=len(files), folder=settings.samples))
    result = commit_upload(files, store, user="sample", settings=settings)
    if result.committed:
        seconds = round(time.monotonic() - started)
        _progress(message("cli.sample_store_done", settings.lang, version=result.version, seconds=seconds))
    else:  # another worker, started at the same moment, stored them first
        _progress(message("cli.sample_store_present", settings.lang, version=result.version))
    log.info("loaded %d sample files into %s (version %d)", len(files), settings.store, result.version)
    return result.version


class _SampleStore(Store):
    """The store, saying when the checked sample files start being written (step 2 of 3)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings.store, lock_timeout=settings.lock_timeout)
        self.lang = settings.lang
        self.said = False

    def commit(self, *args, **kwargs) -> int:
        if not self.said:  # once, though a commit that lost a race is tried again
            self.said = True
            _progress(message("cli.sample_store_writing", self.lang, store=self.path))
        return super().commit(*args, **kwargs)


def _progress(line: str) -> None:
    print(line, flush=True)


# Dash names its scripts after the package versions (``dash_renderer.v4_4_1m….js``, ``?v=4.4.1``)
# and puts the Python, Dash and Plotly versions in every page's config: a map of
# known vulnerabilities for a visitor. The names keep a digest of the version
# instead (browsers still refetch after an upgrade) and the config loses them.
_FINGERPRINT = re.compile(r"\.v([\w-]+?)m([0-9a-fA-F]+)\.")
_VERSION_QUERY = re.compile(r"\?v=[\w.+-]+")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


# Dash moves the callbacks registered with ``dash.callback`` (every page's) into
# the first app that sets itself up and empties its global registry, so a
# second app in the same process (tests, notebooks) would have none of them
# and the guard would refuse every page callback. A copy is kept for later apps.
_KEPT_CALLBACKS: dict[str, dict] = {}
_KEPT_SPECS: dict[str, dict] = {}


class DashboardDash(Dash):
    """Dash, without version numbers in what it serves, with every page's callbacks in every app."""

    def _setup_server(self):
        if not self._got_first_request["setup_server"]:
            _KEPT_CALLBACKS.update(_dash_callback.GLOBAL_CALLBACK_MAP)
            _KEPT_SPECS.update({spec["output"]: spec for spec in _dash_callback.GLOBAL_CALLBACK_LIST})
            missing = {k: v for k, v in _KEPT_CALLBACKS.items() if k not in self.callback_map}
            _dash_callback.GLOBAL_CALLBACK_MAP.update(missing)
            _dash_callback.GLOBAL_CALLBACK_LIST[:] = [_KEPT_SPECS[k] for k in missing if k in _KEPT_SPECS]
        return super()._setup_server()

    def _config(self):
        config = super()._config()
        for key in ("dash_version", "python_version", "plotly_version", "ddk_version", "dash_version_url"):
            config.pop(key, None)
        config["disable_version_check"] = True
        return config

    def interpolate_index(self, **kwargs):
        page = super().interpolate_index(**kwargs)
        page = _FINGERPRINT.sub(lambda m: f".v{_digest(m.group(1))}m{m.group(2)}.", page)
        return _VERSION_QUERY.sub(lambda m: "?v=" + _digest(m.group(0)), page)


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without ``Server: Werkzeug/… Python/…``."""

    server_version = "dashboard"
    sys_version = ""


def create_app(settings: Settings | None = None) -> Dash:
    """Build the dashboard for ``settings`` (default: from the environment)."""
    settings = settings or Settings.load()
    load_samples_if_empty(settings)
    app = DashboardDash(
        # The package's name, not this module's: Dash then imports the pages as
        # ``dashboard.pages.*``, the modules everyone else imports, instead of a
        # second copy under ``pages.*`` that registers every page twice.
        "dashboard",
        use_pages=True,
        pages_folder=str(PACKAGE / "pages"),
        assets_folder=str(PACKAGE / "assets"),
        title="Công tác tuyên giáo",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        # Off unless the settings turn it on (Dash would also read DASH_MCP_ENABLED); admins only then.
        enable_mcp=settings.mcp_enabled,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    server = app.server
    server.config["DASHBOARD_SETTINGS"] = settings
    server.config["MAX_CONTENT_LENGTH"] = int(settings.max_upload_mb * 1_000_000 * 1.4) + 1_000_000

    @server.route("/lang/<code>")
    def set_language(code: str):
        response = redirect(auth_web.local_target(request.referrer))
        if code in ("vi", "en"):
            response.set_cookie(shell.LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        return response

    app.layout = shell.layout
    auth_web.install(server, settings, shell.current_lang, app.csp_hashes, lambda: app.callback_map)
    templates.register(server)
    # Set Dash up now rather than on its first request: every callback is in the
    # callback map and the inline scripts' hashes are known before anyone asks,
    # so the guard and the security headers are complete from the first request.
    with server.test_request_context("/"):
        app._setup_server()  # noqa: SLF001 - Dash's own set-up, otherwise run lazily
    return app


def server():
    """WSGI entry point for gunicorn: ``gunicorn 'dashboard.app:server()'``."""
    return create_app().server


def main() -> None:
    settings = Settings.load()
    create_app(settings).run(host=settings.host, port=settings.port, debug=False,
                             request_handler=QuietRequestHandler)


__all__ = ["create_app", "load_samples_if_empty", "server", "main"]
