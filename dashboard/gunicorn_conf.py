"""gunicorn settings for production: ``gunicorn -c python:dashboard.gunicorn_conf 'dashboard.app:server()'``.

Workers share nothing but the store folder: each reads the ledger's version
on every request, so an upload committed through one worker is seen by all.
"""

import os

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHBOARD_WORKERS", "2"))
threads = int(os.environ.get("DASHBOARD_THREADS", "2"))
timeout = 60
# Each worker builds its own app: the Delta Lake reader's runtime must not be
# created before the fork (a forked copy of it hangs). The samples are still
# ingested once: the store's writer lock makes the other workers' attempt a no-op.
preload_app = False
accesslog = "-"


def on_starting(server):  # noqa: ARG001 - gunicorn's hook signature
    """In the master, before any worker exists: create the session key file once.

    Workers started at the same moment would otherwise race to create it
    (``dashboard.auth.web.secret_key`` is atomic as well, as a second guard).
    """
    from dashboard.auth.web import secret_key
    from dashboard.settings import Settings

    secret_key(Settings.load())


def post_worker_init(worker):  # noqa: ARG001 - gunicorn's hook signature
    """Warm each worker in the background: tables and joins of the newest store version."""
    from dashboard.settings import Settings
    from dashboard.ui.warming import keep_warm

    keep_warm(Settings.load().store)
