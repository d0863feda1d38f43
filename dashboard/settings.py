"""One settings object: explicit argument, then ``DASHBOARD_*`` environment, then default.

Every setting is documented in ``docs/settings.md``; a test fails when one is
missing there. Build it once with ``Settings.load(**overrides)``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    store: Path = ROOT / "data" / "store"
    """Folder of the versioned Parquet (Delta Lake) store."""
    samples: Path | None = ROOT / "data" / "samples"
    """Files loaded into an empty store when the app starts (empty string: none)."""
    default_unit: str = ""
    """Unit given to rows of files without a unit column (a one-ward installation)."""
    max_upload_mb: float = 20.0
    """Largest upload file (and request body) accepted, in megabytes."""
    read_timeout: float = 60.0
    """Seconds the reading of one upload file may take (in its own process) before it is refused."""
    read_memory_mb: int = 1024
    """Memory the reading of one upload file may take, in megabytes (at least 40 times the file's size)."""
    lang: str = "vi"
    """Default language of the interface and messages: vi or en."""
    study_target: float = 0.95
    """Target study rate drawn on the topics page (0–1)."""
    exclude_exempt: bool = True
    """Leave members exempt from meetings out of the study-rate denominator."""
    lock_timeout: float = 10.0
    """Seconds an upload waits for another one to finish before 'try again'."""
    auth_db: Path = ROOT / "data" / "auth.sqlite3"
    """SQLite database of accounts, sessions and login attempts (outside git), shared by every worker."""
    users_file: Path = ROOT / "data" / "users.json"
    """An older JSON accounts file: imported once into an empty auth database, then renamed *.imported."""
    secret_key: str = ""
    """Key that signs session cookies; empty: a random key kept in a file beside the auth database."""
    session_idle_hours: float = 12.0
    """A session unused for this long ends (the user logs in again)."""
    session_max_hours: float = 168.0
    """A session ends this long after its login, used or not."""
    proxy_hops: int = 0
    """Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none)."""
    mcp_enabled: bool = False
    """Serve Dash's MCP endpoint (/_mcp), to admins only. Off unless set."""
    expose_worker: bool = False
    """Send X-Worker-Pid on every response (operations and tests only; leaks process ids)."""
    login_required: bool = False
    """Whether viewing the dashboard needs a login (uploads always do)."""
    https: bool = False
    """Served over HTTPS: cookies get the Secure flag and HSTS is sent."""
    host: str = "127.0.0.1"
    """Address the dashboard listens on."""
    port: int = 8050
    """Port the dashboard listens on."""

    @classmethod
    def load(cls, **overrides: object) -> "Settings":
        """Settings from explicit ``overrides`` (None = not given), env, then defaults."""
        values: dict[str, object] = {}
        for f in fields(cls):
            explicit = overrides.get(f.name)
            env = os.environ.get(f"DASHBOARD_{f.name.upper()}")
            if explicit is not None:
                values[f.name] = _convert(f.type, explicit)
            elif env is not None:
                values[f.name] = _convert(f.type, env)
        return cls(**values)

    def results_fingerprint(self) -> str:
        """What, besides the data, decides every answer the dashboard computes: the settings in
        ``RESULT_SETTINGS`` and the code (``code_fingerprint``). Caches of answers are keyed by it, so a
        restart with another study target or an upgrade never serves answers computed before."""
        values = repr([(name, getattr(self, name)) for name in RESULT_SETTINGS]) + code_fingerprint()
        return hashlib.sha256(values.encode()).hexdigest()[:16]


# Settings that change what the analytics answer (not where or how the app runs).
RESULT_SETTINGS = ("study_target", "exclude_exempt")
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The installed package version and a digest of the package's source and shipped data (``*.py``,
    ``*.csv``, ``*.js``, ``*.css``): a code upgrade changes it even when the version number stays."""
    try:
        version = metadata.version("outreach-dashboard")
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256(version.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".csv", ".js", ".css"}
                       and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return f"{version}-{digest.hexdigest()[:12]}"


def _convert(kind: object, value: object) -> object:
    kind = str(kind)
    if "Path" in kind:
        return Path(str(value)) if str(value) else None
    if kind == "bool":
        return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]
