"""Login, sessions that end, callbacks guarded by their declared access, limits and security headers.

Enforcement never relies on hiding buttons. Every request to Dash's
callback endpoint is checked *before any callback runs*: the callback Dash
will run is resolved from the same body field Dash dispatches on, the body
must match that callback exactly, and the access level declared beside the
callback (``dashboard.ui.access``) decides: an anonymous client gets 401, a
signed-in user without the role 403, a malformed or mismatched body 400, and
nothing runs or is written.

Sessions live on the server, in the auth database shared by every worker
(``dashboard.auth.db``): the signed cookie only carries a random token.
Logging out (a POST with its CSRF token) deletes the session row, so a copy
of the cookie is worthless afterwards; removing an account or changing its
role, units or password ends all its sessions; sessions also end after an
idle time and an absolute lifetime (settings). Failed logins are counted in
the same database, across workers and restarts.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from flask import Flask, abort, jsonify, redirect, render_template_string, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf, validate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix
from wtforms.validators import ValidationError

from dashboard.ui import context
from dashboard.ui.access import LEVELS
from dashboard.auth.callbacks import BadCallbackRequest, resolve
from dashboard.auth.db import AuthDB
from dashboard.auth.users import User, UserStore
from dashboard.messages import message
from dashboard.settings import Settings

log = logging.getLogger(__name__)

# Failed logins: per (name, address) a short lock that a stranger elsewhere
# cannot trigger; per name, a ceiling against guessing from many addresses.
LOGIN_PER_ADDRESS = (5, 60)  # (attempts, seconds)
LOGIN_PER_NAME = (50, 3600)
# Rate limits a callback can declare (``@access(..., limit=NAME)``), per user.
CALLBACK_LIMITS: dict[str, tuple[int, int]] = {
    "preview": (60, 3600),
    "commit": (30, 3600),
    "undo": (30, 3600),
}
# Paths reachable without a login when viewing needs one: exact paths, and folders of static files.
OPEN_PATHS = {"/login", "/lang/vi", "/lang/en", "/_favicon.ico"}
OPEN_FOLDERS = ("/assets/", "/_dash-component-suites/")
MCP_PREFIX = "/_mcp"


class SessionUser(UserMixin):
    """The signed-in user of one server-side session (Flask-Login's id is the session token)."""

    def __init__(self, user: User, token: str):
        self.user = user
        self.token = token

    def get_id(self) -> str:
        return self.token

    @property
    def role(self) -> str:
        return self.user.role


def auth_db(settings: Settings) -> AuthDB:
    return AuthDB(settings.auth_db)


def users(settings: Settings) -> UserStore:
    return UserStore(settings.auth_db, legacy_file=settings.users_file)


def secret_key(settings: Settings) -> str:
    """The cookie-signing key: the setting, else a random key made once, atomically, in a private file.

    The key is written to a temporary file and hard-linked into place, so a
    worker starting at the same moment either creates the file whole or reads
    the one another process created: never a half-written or empty key.
    """
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.auth_db).with_name("secret_key")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
        try:
            with os.fdopen(handle, "w") as stream:  # mkstemp creates it with mode 600
                stream.write(secrets.token_hex(32))
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process won the race; its key is complete
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def current() -> User | None:
    """The signed-in user, or None."""
    return current_user.user if getattr(current_user, "is_authenticated", False) else None


def allowed(level: str, user: User | None, settings: Settings) -> int | None:
    """None when ``user`` may run a callback of ``level``; else the HTTP status to refuse with."""
    if level == "public":
        return 401 if settings.login_required and user is None else None
    if user is None:
        return 401
    if level == "viewer":
        return None
    return None if user.can(level) else 403


LOGIN_PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}</title><link rel="stylesheet" href="/assets/00-bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width:420px">
<h1 class="h4 mt-5 mb-3">{{ t.title }}</h1>
{% if error %}<div class="alert alert-danger" role="alert">{{ error }}</div>{% endif %}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{ csrf }}"><input type="hidden" name="next" value="{{ next }}">
<div class="mb-3"><label class="form-label" for="name">{{ t.name }}</label>
<input class="form-control" id="name" name="name" autocomplete="username" required autofocus></div>
<div class="mb-3"><label class="form-label" for="password">{{ t.password }}</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit">{{ t.submit }}</button> <a class="ms-3" href="/">{{ t.back }}</a>
</form></main></body></html>"""

# The login page's texts: the ``login.*`` messages (dashboard.messages), named in LOGIN_PAGE as ``t.<name>``.
LOGIN_TEXT = ("title", "name", "password", "submit", "back", "bad", "slow", "csrf")


def login_text(lang: str) -> dict[str, str]:
    """The login page's texts in ``lang``, by name."""
    return {name: message(f"login.{name}", lang) for name in LOGIN_TEXT}


REFUSALS = {
    400: "Yêu cầu không hợp lệ / bad request",
    401: "Cần đăng nhập / login required",
    403: "Không có quyền / forbidden",
    429: "Quá nhiều yêu cầu, vui lòng thử lại sau / too many requests, try again later",
}


def local_target(target: str | None) -> str:
    """A path on this site to redirect to: another host or scheme becomes ``/``."""
    parsed = urlparse(target or "/")
    if parsed.scheme not in ("", "http", "https") or (parsed.netloc and parsed.netloc != request.host):
        return "/"
    path = parsed.path or "/"
    if not path.startswith("/") or path.startswith("//"):
        return "/"
    return path + (f"?{parsed.query}" if parsed.query else "")


def _refuse(status: int):
    return jsonify(error=REFUSALS[status]), status


def install(server: Flask, settings: Settings, lang_of: Callable[[], str],
            csp_hashes_of: Callable[[], list[str]], callback_map_of: Callable[[], dict] | None = None) -> None:
    """Wire login, sessions, the callback guard, limits and headers into the Flask server.

    Args:
        server: the Flask server (Dash's ``app.server``).
        settings: the settings.
        lang_of: the language of the current request.
        csp_hashes_of: hashes of the inline scripts the pages need (Dash's ``csp_hashes``).
        callback_map_of: the app's callback map (Dash's ``app.callback_map``), read per request.
    """
    db = auth_db(settings)
    accounts = users(settings)
    context.install_account_lookup(current)
    if settings.proxy_hops > 0:
        hops = settings.proxy_hops
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    server.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=3600,
        # The cookie lives no longer than the session row it names.
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_max_hours),
    )
    idle_seconds = settings.session_idle_hours * 3600
    max_seconds = settings.session_max_hours * 3600
    manager = LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def load_user(token: str):
        name = db.session_user(token, idle_seconds, max_seconds)
        user = accounts.get(name) if name else None
        return SessionUser(user, token) if user else None

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = lang_of()
        text = login_text(lang)
        error = ""
        next_url = local_target(request.values.get("next") or "/upload")
        if request.method == "POST":
            name = request.form.get("name", "")
            try:
                validate_csrf(request.form.get("csrf_token", ""))
            except ValidationError:
                error = text["csrf"]
            else:
                by_address = f"login/{name}/{request.remote_addr}"
                by_name = f"login/{name}"
                if (db.count(by_address, LOGIN_PER_ADDRESS[1]) >= LOGIN_PER_ADDRESS[0]
                        or db.count(by_name, LOGIN_PER_NAME[1]) >= LOGIN_PER_NAME[0]):
                    error = text["slow"]
                else:
                    user = accounts.authenticate(name, request.form.get("password", ""))
                    if user:
                        db.clear(by_address)
                        db.clear(by_name)
                        _end_current_session(db)
                        session.clear()  # no fixation: a new session and a new token
                        token = secrets.token_urlsafe(32)
                        db.start_session(user.name, token)
                        session.permanent = True
                        login_user(SessionUser(user, token))
                        return redirect(next_url)
                    db.record(by_address)
                    db.record(by_name)
                    error = text["bad"]
        status = 429 if error == text["slow"] else (401 if error else 200)
        return render_template_string(LOGIN_PAGE, t=text, error=error, csrf=generate_csrf(), next=next_url,
                                      lang=lang), status

    @server.route("/logout", methods=["POST"])
    def logout():
        try:
            validate_csrf(request.form.get("csrf_token", ""))
        except ValidationError:
            abort(400)
        _end_current_session(db)
        logout_user()
        session.clear()
        return redirect("/")

    @server.before_request
    def guard():
        path = request.path
        if path.startswith(MCP_PREFIX):
            return _guard_mcp(settings)
        if settings.login_required and current() is None and path not in OPEN_PATHS \
                and not path.startswith(OPEN_FOLDERS):
            if path.startswith("/_dash"):
                return _refuse(401)
            return redirect(f"/login?next={local_target(request.full_path)}")
        if path != "/_dash-update-component" or request.method != "POST" or callback_map_of is None:
            return None
        try:
            target = resolve(callback_map_of(), request.get_json(silent=True))
        except BadCallbackRequest as error:
            log.warning("refused callback request: %s", error)
            return _refuse(400)
        user = current()
        status = allowed(target.level, user, settings)
        if status is not None:
            return _refuse(status)
        if target.limit is not None:
            count, seconds = CALLBACK_LIMITS[target.limit]
            who = user.name if user else request.remote_addr
            if not db.hit(f"{target.limit}/{who}", count, seconds):
                return _refuse(429)
        return None

    csp = _content_security_policy(csp_hashes_of)

    @server.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = csp()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if settings.https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if settings.expose_worker:
            response.headers["X-Worker-Pid"] = str(os.getpid())
        return response

    @server.errorhandler(413)
    def too_large(_error):
        limit = f"{settings.max_upload_mb:g}".replace(".", ",")
        return jsonify(error=f"Tệp quá lớn (giới hạn {limit} MB) / request too large (limit {limit} MB)"), 413

    @server.errorhandler(500)
    def unexpected(error):
        # The traceback goes to the server log under a short reference; the user gets the reference only.
        reference = secrets.token_hex(4)
        original = getattr(error, "original_exception", None) or error
        log.error("unexpected error %s on %s %s", reference, request.method, request.path,
                  exc_info=(type(original), original, original.__traceback__))
        return jsonify(error=f"Lỗi không mong đợi (mã {reference}). Vui lòng thử lại hoặc báo quản trị viên "
                             f"kèm mã này. / Unexpected error (reference {reference}). Try again or tell the "
                             f"administrator this reference."), 500


def _end_current_session(db: AuthDB) -> None:
    user = current_user
    if getattr(user, "is_authenticated", False):
        db.end_session(user.token)


def _guard_mcp(settings: Settings):
    """Dash's MCP endpoint runs any callback in-process, past the callback guard: admins only."""
    if not settings.mcp_enabled:
        return _refuse(403) if current() is not None else abort(404)
    status = allowed("admin", current(), settings)
    return _refuse(status) if status is not None else None


def _content_security_policy(csp_hashes_of: Callable[[], list[str]]) -> Callable[[], str]:
    """The policy for every response, ``/login`` and errors included.

    Dash registers its inline scripts while it sets itself up; the app sets
    Dash up before serving (``dashboard.app``), so the hashes are known from
    the first request. They are read once.
    """
    hashes: list[str] = []

    def policy() -> str:
        if not hashes:
            hashes.extend(csp_hashes_of() or ["'none'"])
        scripts = " ".join(h for h in hashes if h != "'none'")
        return "; ".join([
            "default-src 'self'",
            f"script-src 'self' {scripts}".strip(),
            "style-src 'self' 'unsafe-inline'",  # Dash components set inline styles
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ])

    return policy


__all__ = ["LEVELS", "SessionUser", "allowed", "current", "install", "local_target", "secret_key", "users"]
