#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with only Python 3.11+.

    python3 scripts/dev.py serve   install, then start the dashboard on the sample data
    python3 scripts/dev.py test    install (with test tools and headless Chromium), then run every test
    python3 scripts/dev.py lab     install, then open JupyterLab in the project's environment
    python3 scripts/dev.py cli …   install if needed, then the command line: python3 scripts/dev.py cli --help

Each creates ``.venv`` beside this folder when it is missing and installs the
package into it with the pinned versions of ``constraints.txt``. Extra
arguments after ``test`` go to pytest (e.g. ``-m "not browser"``); without them it runs every tier:
the default one on every core (pytest-xdist), then the benchmark tier. Those after ``cli`` go to
``.venv/bin/python -m dashboard`` (the same command inside the environment), e.g.
``python3 scripts/dev.py cli users add lan --role staff --unit "Đảng ủy phường Thanh Khê Tây"``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# What the last install was made from (a digest of pyproject.toml and constraints.txt) and with which extras:
# ``cli`` installs again only when these files changed since.
STAMP = VENV / ".dev-installed.json"
# Modules an install provides, per extra: a venv without the stamp (installed by hand) that has them is used as is.
PROVIDES = {"": ("dashboard", "pandas", "dash", "deltalake"), "dev": ("pytest", "duckdb", "polars")}


def run(*args: str | os.PathLike, **kwargs) -> None:
    out = kwargs.get("stdout") or sys.stdout
    print("+", " ".join(map(str, args)), file=out, flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def install(extra: str = "", *, quiet: bool = False) -> None:
    """Create ``.venv`` if missing and install the package (editable) with ``extra``. ``quiet``: what it prints
    goes to standard error, leaving standard output to the command that follows."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    out = {"stdout": sys.stderr} if quiet else {}
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip", **out)
    target = f".[{extra}]" if extra else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", target, **out)
    stamp = _stamp()
    extras = set(stamp["extras"]) if stamp.get("inputs") == _inputs() else set()
    STAMP.write_text(json.dumps({"inputs": _inputs(), "extras": sorted(extras | {extra})}), encoding="utf-8")


def installed(extra: str = "") -> bool:
    """Whether ``.venv`` has the package with ``extra`` from the current pyproject.toml and constraints.txt:
    the stamp of the last install says so; without a stamp (an install by hand), whether its modules are there."""
    if not PYTHON.exists():
        return False
    stamp = _stamp()
    if stamp:
        return stamp.get("inputs") == _inputs() and (not extra or extra in stamp.get("extras", []))  # any has ""
    modules = PROVIDES[""] + PROVIDES.get(extra, ())
    probe = f"import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in {modules!r}))"
    # Run outside the checkout, where ``dashboard`` is found only if it is installed.
    return subprocess.call([str(PYTHON), "-c", probe], cwd=VENV, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


def _inputs() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _stamp() -> dict:
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_cli(args: list[str]) -> int:
    """``.venv/bin/python -m dashboard ARGS``, installed first if needed (quietly, on standard error), in the
    caller's folder with its standard input and output; its exit code. ``bench`` needs the dev extra."""
    command = next((a for i, a in enumerate(args) if not a.startswith("-") and args[i - 1:i] != ["--lang"]), None)
    extra = "dev" if command == "bench" else ""
    if not installed(extra):
        install(extra, quiet=True)
    with subprocess.Popen([str(PYTHON), "-m", "dashboard", *args]) as process:
        try:
            code = process.wait()
        except KeyboardInterrupt:  # Ctrl-C reached the command too (e.g. cli serve): let it finish
            code = process.wait()
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention


def ensure_chromium() -> None:
    """Headless Chromium and its driver from Debian's packages, for the browser tests, and the Liberation fonts
    (metric-compatible with Times New Roman) that the report's PDF is set in; each only when missing."""
    packages = []
    if not (any(shutil.which(name) for name in CHROMIUM) and shutil.which("chromedriver")):
        packages += ["chromium", "chromium-driver"]
    if not Path("/usr/share/fonts/truetype/liberation").is_dir():
        packages.append("fonts-liberation")
    if not packages:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(apt, "update", "-q", env=env)
        run(apt, "install", "-y", "-q", "--no-install-recommends", *packages, env=env)
        return
    if packages == ["fonts-liberation"]:  # the PDF falls back to another serif font: not worth failing for
        print("The report's PDF looks closest to Word with the Debian package 'fonts-liberation'.", file=sys.stderr)
        return
    print("Browser tests need Chromium: install the Debian packages 'chromium' and 'chromium-driver' "
          "(sudo apt-get install chromium chromium-driver).", file=sys.stderr)
    if os.environ.get("CI"):
        sys.exit(1)


def run_tests(args: list[str]) -> int:
    """With arguments, pytest with them as they are (``-m "not browser"`` runs what it says). Without, every
    tier: the default one on every core when pytest-xdist is installed, then the benchmark tier (``-m bench``)
    alone, so that its timings are not taken beside other tests. Whole files go to one worker (``--dist
    loadfile``): a file's tests may build on each other (the browser upload, then its undo), and each worker
    starts its own app and browser."""
    pytest = [str(PYTHON), "-m", "pytest"]
    chose_workers = any(a in ("-n", "--numprocesses", "no:xdist") or a.startswith(("-n", "--numprocesses=", "-pno:xdist"))
                        for a in args)
    has_xdist = subprocess.call([*pytest[:1], "-c", "import xdist"], cwd=ROOT, stderr=subprocess.DEVNULL) == 0
    parallel = ["-n", "auto", "--dist", "loadfile"] if has_xdist and not chose_workers else []
    if args:
        return subprocess.call([*pytest, *parallel, *args], cwd=ROOT)
    code = subprocess.call([*pytest, *parallel], cwd=ROOT)
    bench = subprocess.call([*pytest, "-m", "bench"], cwd=ROOT)
    return code or bench


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command == "serve":
        install()
        return subprocess.call([str(PYTHON), "app.py", *argv[1:]], cwd=ROOT)
    if command == "test":
        install("dev")
        ensure_chromium()
        return run_tests(argv[1:])
    if command == "cli":
        return run_cli(argv[1:])
    if command == "lab":
        install("dev")
        return subprocess.call([str(PYTHON), "-m", "jupyter", "lab", "--notebook-dir", "notebooks", *argv[1:]], cwd=ROOT)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
