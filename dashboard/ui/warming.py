"""Warming: load each new store version, make its joins and its pages' answers before a visitor asks."""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

from dashboard.store import Store, load


def warm(store, answers: bool = False) -> int:
    """Load the newest tables and make the per-version joins now; returns the version warmed.

    With ``answers``, also compute each page's unfiltered answer into the
    folder every worker shares (``dashboard.ui.answers``; one worker does it).
    """
    from dashboard.transforms.filters import prepared
    from dashboard.ui.answers import warm_answers

    tables = load(store, compact=True)
    prepared(tables)
    if answers:
        warm_answers(Path(store))
    return tables.version


class Warmer:
    """A background thread that warms each new store version as soon as the ledger shows it.

    A worker then has the tables and joins ready before the first visitor
    after a start or an upload asks for them (nationally ≈ 1–1,5 s saved),
    and one of the workers computes every page's unfiltered answer.
    It stops cleanly at interpreter exit: a thread killed inside the Delta
    Lake runtime crashes the process on its way out.
    """

    def __init__(self, store, every: float = 5.0, answers: bool = True):
        self.store, self.every, self.answers = store, every, answers
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="warm-store", daemon=True)
        self.thread.start()
        atexit.register(self.stop)

    def _loop(self) -> None:
        seen = None
        while not self._stop.is_set():
            try:
                version = Store(self.store).version()
                if version != seen:
                    seen = warm(self.store, answers=self.answers)
            except Exception:  # noqa: BLE001 - warming is an optimisation; requests still work cold
                pass
            self._stop.wait(self.every)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout)


def keep_warm(store, every: float = 5.0, answers: bool = True) -> Warmer:
    """Start a ``Warmer`` for ``store`` (``answers``: also warm the pages' answers, see ``ui.answers``)."""
    return Warmer(store, every, answers)
