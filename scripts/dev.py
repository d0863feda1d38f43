#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with only Python 3.11+.

    python3 scripts/dev.py serve   install, then start the dashboard on the sample data
    python3 scripts/dev.py test    install (with test tools and headless Chromium), then run every test
    python3 scripts/dev.py lab     install, then open JupyterLab in the project's environment

Both create ``.venv`` beside this folder when it is missing and install the
package into it with the pinned versions of ``constraints.txt``. Extra
arguments after ``test`` go to pytest (e.g. ``-m "not browser"``); without them it runs every tier:
the default one on every core (pytest-xdist), then the benchmark tier.
"""

from __future__ import annotations

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


def run(*args: str | os.PathLike, **kwargs) -> None:
    print("+", " ".join(map(str, args)), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def install(extra: str = "") -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", target)


def ensure_chromium() -> None:
    """Headless Chromium and its driver from Debian's packages, for the browser tests."""
    if any(shutil.which(name) for name in CHROMIUM) and shutil.which("chromedriver"):
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(apt, "update", "-q", env=env)
        run(apt, "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver", env=env)
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
    if command == "lab":
        install("dev")
        return subprocess.call([str(PYTHON), "-m", "jupyter", "lab", "--notebook-dir", "notebooks", *argv[1:]], cwd=ROOT)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
