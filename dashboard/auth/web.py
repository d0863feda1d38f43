"""Login, roles enforced on the server, rate limits and security headers.

Enforcement never relies on hiding buttons: every request to Dash's callback
endpoint is inspected *before any callback runs*. A callback whose outputs
belong to the upload page needs a ``staff`` login; one of the history page
needs ``staff``, and its undo ``admin``. An anonymous client gets 401, a
signed-in user without the role 403, and nothing runs or is written.

Sessions are Flask-Login's, in a signed, HttpOnly, SameSite=Lax cookie
(Secure when ``DASHBOARD_HTTPS`` is on); the signing key comes from
``DASHBOARD_SECRET_KEY`` or, if unset, a random key kept in a file beside the
users file (outside git), shared by every worker.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

from flask import Flask, abort, jsonify, redirect, render_template_string, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf, validate_csrf
from limits import parse
from wtforms.validators import ValidationError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from dashboard.auth.users import User, UserStore
from dashboard.settings import Settings
from dashboard.ui import ids

# Which role a callback needs, by the component ids among its outputs.
PROTECTED_OUTPUTS: dict[str, str] = {
    ids.UPLOAD_RESULT: "staff",
    ids.UPLOAD_CONFIRM: "staff",
    ids.UPLOAD_PROBLEMS_DOWNLOAD: "staff",
    ids.UPLOAD_PROBLEMS_STORE: "staff",
    ids.UPLOAD_JOB: "staff",
    ids.UPLOAD_POLL: "staff",
    ids.HISTORY_GRID: "staff",
    ids.HISTORY_RESULT: "admin",
    "history-confirm": "admin",
}
UPLOAD_COMMIT_OUTPUT = ids.UPLOAD_CONFIRM
LOGIN_LIMIT = parse("5/minute")
UPLOAD_LIMIT = parse("30/hour")

_limiter = MovingWindowRateLimiter(MemoryStorage())


class SessionUser(UserMixin):
    def __init__(self, user: User):
        self.user = user
        self.id = user.name

    @property
    def role(self) -> str:
        return self.user.role


def users(settings: Settings) -> UserStore:
    return UserStore(settings.users_file)


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.users_file).with_name("secret_key")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def current() -> User | None:
    """The signed-in user, or None."""
    return current_user.user if getattr(current_user, "is_authenticated", False) else None


def callback_outputs(body: dict) -> set[str]:
    """Component ids a Dash callback request writes to (single or multi output)."""
    outputs = body.get("outputs")
    outputs = outputs if isinstance(outputs, list) else [outputs] if outputs else []
    found = set()
    for output in outputs:
        component = output.get("id") if isinstance(output, dict) else None
        if isinstance(component, dict):
            component = json.dumps(component, sort_keys=True)
        if component:
            found.add(component)
    if not found and isinstance(body.get("output"), str):
        found = {part.split(".")[0] for part in body["output"].strip(".").split("...") if part}
    return found


def required_role(body: dict) -> str | None:
    needed = [PROTECTED_OUTPUTS[o] for o in callback_outputs(body) if o in PROTECTED_OUTPUTS]
    if not needed:
        return None
    return "admin" if "admin" in needed else "staff"


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

LOGIN_TEXT = {
    "vi": {"title": "Đăng nhập", "name": "Tên đăng nhập", "password": "Mật khẩu", "submit": "Đăng nhập",
           "back": "Về trang tổng quan", "bad": "Sai tên đăng nhập hoặc mật khẩu.",
           "slow": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.",
           "csrf": "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."},
    "en": {"title": "Log in", "name": "User name", "password": "Password", "submit": "Log in",
           "back": "Back to the overview", "bad": "Wrong user name or password.",
           "slow": "Too many failed attempts. Try again in a minute.",
           "csrf": "The session expired. Please log in again."},
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


def _plain_headers(response, settings: Settings):
    response.headers.setdefault("X-Worker-Pid", str(os.getpid()))  # which worker answered (ops, tests)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if settings.https:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def install(server: Flask, settings: Settings, lang_of, csp_hashes_of) -> None:
    """Wire login, the callback guard, limits and headers into the Flask server."""
    server.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=3600,
    )
    manager = LoginManager()
    manager.init_app(server)

    @manager.user_loader
    def load_user(name: str):
        user = users(settings).get(name)
        return SessionUser(user) if user else None

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = lang_of()
        text = LOGIN_TEXT[lang]
        error = ""
        next_url = local_target(request.values.get("next") or "/upload")
        if request.method == "POST":
            name = request.form.get("name", "")
            try:
                validate_csrf(request.form.get("csrf_token", ""))
            except ValidationError:
                error = text["csrf"]
            else:
                key = f"login/{request.remote_addr}/{name}"
                if not _limiter.test(LOGIN_LIMIT, key):
                    error = text["slow"]
                else:
                    user = users(settings).authenticate(name, request.form.get("password", ""))
                    if user:
                        login_user(SessionUser(user))
                        return redirect(next_url)
                    _limiter.hit(LOGIN_LIMIT, key)
                    error = text["bad"]
        status = 429 if error == text["slow"] else (401 if error else 200)
        return render_template_string(LOGIN_PAGE, t=text, error=error, csrf=generate_csrf(), next=next_url,
                                      lang=lang), status

    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        logout_user()
        return redirect("/")

    @server.before_request
    def guard():
        if settings.login_required and current() is None and request.endpoint not in ("login", "static") \
                and not request.path.startswith(("/assets/", "/_dash-component-suites/", "/lang/", "/login")):
            if request.path.startswith("/_dash"):
                abort(401)
            return redirect(f"/login?next={local_target(request.full_path)}")
        if request.path != "/_dash-update-component" or request.method != "POST":
            return None
        body = request.get_json(silent=True) or {}
        role = required_role(body)
        if role is None:
            return None
        user = current()
        if user is None:
            return jsonify(error="login required"), 401
        if not user.can(role):
            return jsonify(error="forbidden"), 403
        if UPLOAD_COMMIT_OUTPUT in callback_outputs(body) and "n_clicks" in json.dumps(body.get("inputs", [])):
            if not _limiter.hit(UPLOAD_LIMIT, f"upload/{user.name}"):
                return jsonify(error="too many uploads"), 429
        return None

    csp_hashes: list[str] = []

    @server.after_request
    def security_headers(response):
        # Dash registers some inline scripts while serving its first request,
        # so the hashes are taken then, not at start-up.
        if not csp_hashes and response.mimetype == "text/html" and request.endpoint != "login":
            csp_hashes.extend(csp_hashes_of())
        if not csp_hashes:
            return _plain_headers(response, settings)
        response.headers.setdefault("Content-Security-Policy", "; ".join([
            "default-src 'self'",
            "script-src 'self' " + " ".join(csp_hashes),
            "style-src 'self' 'unsafe-inline'",  # Dash components set inline styles
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]))
        return _plain_headers(response, settings)

    @server.errorhandler(413)
    def too_large(_error):
        limit = f"{settings.max_upload_mb:g}"
        return jsonify(error=f"Tệp quá lớn (giới hạn {limit} MB) / request too large (limit {limit} MB)"), 413
