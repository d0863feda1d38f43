"""Who may run a callback, declared where the callback is defined.

Every Dash callback of the app carries an access level, set with
``@access(...)`` directly under ``@callback(...)``::

    @callback(Output(...), Input(...))
    @access("admin")
    def undo(...): ...

Dash wraps the function with ``functools.wraps``, which copies the
attributes set here onto the wrapper it keeps in ``app.callback_map``; the
request guard (``dashboard.auth.web``) reads them from the very callback Dash
will dispatch to. A callback without a declaration is refused (default
deny), and a test walks the callback map to prove that none is missing.

Levels, each including the one before:

* ``public``: anyone who may view the dashboard (everyone when
  ``DASHBOARD_LOGIN_REQUIRED`` is off, a signed-in user otherwise);
* ``viewer``: any signed-in account;
* ``staff``: staff or admin;
* ``admin``: admin only.

``limit`` names a rate limit (``"preview"``, ``"commit"``, ``"undo"``)
counted per user across every worker (``dashboard.auth.db``).
"""

from __future__ import annotations

from typing import Callable, TypeVar

LEVELS = ("public", "viewer", "staff", "admin")
ATTRIBUTE = "_dashboard_access"
LIMIT_ATTRIBUTE = "_dashboard_limit"

F = TypeVar("F", bound=Callable)


def access(level: str, *, limit: str | None = None) -> Callable[[F], F]:
    """Declare who may run the decorated callback (and which rate limit applies)."""
    if level not in LEVELS:
        raise ValueError(f"access level must be one of {', '.join(LEVELS)}, not {level!r}")

    def mark(func: F) -> F:
        setattr(func, ATTRIBUTE, level)
        setattr(func, LIMIT_ATTRIBUTE, limit)
        return func

    return mark


def declared(func: Callable | None) -> tuple[str | None, str | None]:
    """The (level, limit) declared on a callback function, or (None, None)."""
    return getattr(func, ATTRIBUTE, None), getattr(func, LIMIT_ATTRIBUTE, None)
