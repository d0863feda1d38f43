"""The Dash app: ``create_app(settings)`` builds it; ``python app.py`` or ``python -m dashboard serve`` runs it.

On start, an empty store is filled with the bundled sample files through the
same ingest path staff uploads use, so a fresh clone opens a populated
dashboard. For production, serve ``dashboard.app:server()`` with gunicorn.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Dash
from flask import redirect, request

from dashboard.auth import web as auth_web
from dashboard.ingest import commit_upload
from dashboard.settings import Settings
from dashboard.store import Store
from dashboard.ui import shell, templates

PACKAGE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


def load_samples_if_empty(settings: Settings) -> int | None:
    """Ingest the sample files into an empty store; returns the new version, or None."""
    store = Store(settings.store, lock_timeout=settings.lock_timeout)
    if store.version() > 0 or not settings.samples or not Path(settings.samples).is_dir():
        return None
    files = sorted(Path(settings.samples).glob("*.csv")) + sorted(Path(settings.samples).glob("*.xlsx"))
    if not files:
        return None
    result = commit_upload(files, store, user="sample", settings=settings)
    log.info("loaded %d sample files into %s (version %d)", len(files), settings.store, result.version)
    return result.version


def create_app(settings: Settings | None = None) -> Dash:
    """Build the dashboard for ``settings`` (default: from the environment)."""
    settings = settings or Settings.load()
    load_samples_if_empty(settings)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(PACKAGE / "pages"),
        assets_folder=str(PACKAGE / "assets"),
        title="Công tác tuyên giáo",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
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
    auth_web.install(server, settings, shell.current_lang, app.csp_hashes)
    templates.register(server)
    return app


def server():
    """WSGI entry point for gunicorn: ``gunicorn 'dashboard.app:server()'``."""
    return create_app().server


def main() -> None:
    settings = Settings.load()
    create_app(settings).run(host=settings.host, port=settings.port, debug=False)


__all__ = ["create_app", "load_samples_if_empty", "server", "main"]
