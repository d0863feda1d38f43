"""Chart callbacks' answers, computed once per store version and shared by every worker.

A chart callback's answer (its figures and table views) depends only on the
store version, the filters and the language. ``shared_answer`` remembers it
in two places:

* this worker's memory (the last ``MEMORY_SIZE`` answers), then
* a folder next to the store (``.<store>-answers/<results stamp>/``) that every
  gunicorn worker reads and writes through ``cachelib``'s file cache
  (atomic replace, files readable by the server's user only).

So a view computed by one worker is served by all. Both places are keyed by
``context.results_stamp``: the store's ledger id and version, the settings
that change answers and the code. A new upload or an undo, a store created
again at the same path, a restart with another study target, or an upgrade
changes every key, so nothing stale is served.
``warm_answers`` computes each page's answers without a filter, for each of
the latest quarters and for each kind right after a new version appears
(one worker does it, under a file lock), so the first leader to open the
dashboard after an upload, or to pick a quarter, does not wait for them.

The files are pickles written by this application into a folder only it
can write, like the store itself; anyone who can write there can already
change the data.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from cachelib import FileSystemCache
from dash import no_update
from plotly.io.json import to_json_plotly
from filelock import FileLock, Timeout

from dashboard.store import load
from dashboard.ui import context, ids, urls

MEMORY_SIZE = 64
# Answers kept per version folder; a national page answer is 20–300 KB.
FOLDER_THRESHOLD = 2000
# Default views warmed after each new version: name → callback wrapper.
WARM: "OrderedDict[str, Callable]" = OrderedDict()

_memory: "OrderedDict[tuple, tuple]" = OrderedDict()
_memory_lock = threading.Lock()
_folders: dict[tuple[str, str], FileSystemCache] = {}


def answers_dir(store: Path) -> Path:
    return Path(store).parent / f".{Path(store).name}-answers"


def _folder(store: Path, stamp: str) -> FileSystemCache:
    key = (str(store), stamp)
    if key not in _folders:
        path = answers_dir(store) / stamp
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _folders[key] = FileSystemCache(str(path), threshold=FOLDER_THRESHOLD, default_timeout=0, mode=0o600)
    return _folders[key]


def _key(name: str, args: tuple) -> str:
    """The answer's key: the callback and its arguments, without the browser's copy of the store version.

    Every chart callback's inputs end with ``views.view_inputs()`` (filters,
    store version, language); the filters are keyed as ``urls.normal_values``
    gives them (an empty dropdown is ``None`` or ``[]``, the predecessors
    switch says nothing when on or without a unit), so equivalent views share
    one answer, and the switch turned off is another answer.
    """
    *rest, _client_version, lang = args
    count = len(ids.FILTERS)
    leading, filters = rest[:-count], rest[-count:]
    normal = [None if value in (None, "", []) else value for value in leading] + list(urls.normal_values(filters))
    return repr((name, context.frozen(normal), lang))


def answer(name: str, args: tuple, compute: Callable[[], object]) -> object:
    """The answer for (``context.results_stamp``, ``name``, ``args``): from memory, the shared folder, or
    ``compute()``. ``compute`` reads the same tables (``context.tables()`` is pinned for the request)."""
    store = context.settings().store
    stamp = context.results_stamp(context.tables())
    if stamp is None:  # tables built in memory: nothing to key an answer by
        return compute()
    key = _key(name, args)
    memory_key = (str(store), stamp, key)
    with _memory_lock:
        if memory_key in _memory:
            _memory.move_to_end(memory_key)
            return json.loads(_memory[memory_key])
    folder = _folder(store, stamp)
    text = folder.get(key)
    if text is None:
        value = compute()
        if any(isinstance(part, type(no_update)) for part in (value if isinstance(value, (list, tuple)) else [value])):
            return value  # a partial answer depends on more than the arguments: never remembered
        # Kept as the JSON Dash sends: unpickling Plotly figures re-validates them (≈ 0,2 s a page).
        text = to_json_plotly(value)
        folder.set(key, text)
    with _memory_lock:
        _memory[memory_key] = text
        while len(_memory) > MEMORY_SIZE:
            _memory.popitem(last=False)
    return json.loads(text)


def shared_answer(warm: bool = False):
    """Decorate a chart callback whose inputs end with ``views.view_inputs()``.

    Only for callbacks whose answer depends on nothing but the store version,
    their arguments and the language: never on who asks (an answer is
    served to every user), never on the request.

    With ``warm``, its unfiltered answer is computed after each new store
    version by ``warm_answers``.
    """
    def decorate(function: Callable) -> Callable:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def wrapper(*args):
            return answer(name, args, lambda: function(*args))

        if warm:
            WARM[name] = wrapper
        return wrapper
    return decorate


def default_args(lang: str = "vi", **values) -> tuple:
    """What a page's chart callback receives: no filters, or the filter component values given."""
    return (*(values.get(f) for f in ids.FILTERS), None, lang)


# The latest quarters and every kind are what leaders pick first; each is one more answer per page.
WARM_QUARTERS = 8


def warm_variants(tables, lang: str = "vi") -> list[tuple]:
    """The arguments warmed after each new version: no filter, each of the latest quarters, each kind."""
    quarters = sorted(tables.conferences["quarter"].dropna().unique(), reverse=True)[:WARM_QUARTERS]
    kinds = sorted(tables.conferences["kind"].dropna().unique())
    return ([default_args(lang)]
            + [default_args(lang, **{ids.FILTER_FROM: q, ids.FILTER_TO: q}) for q in quarters]
            + [default_args(lang, **{ids.FILTER_KIND: [k]}) for k in kinds])


def warm_answers(store: Path, lang: str = "vi") -> bool:
    """Compute each warmed page's answers (``warm_variants``) for the newest version into the shared folder.

    One worker does it; the others find the lock taken and skip (their
    requests then read the answers from the folder). The unfiltered answers
    come first. Folders of versions older than the previous one are removed.
    Returns whether this worker warmed.
    """
    if Path(context.settings().store).resolve() != Path(store).resolve():
        return False  # answers are computed from the settings' store: warming another would mix them
    folder = answers_dir(store)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    loaded = load(store, compact=True)
    stamp = context.results_stamp(loaded)
    try:
        with FileLock(str(folder / f"{stamp}.lock"), timeout=0), context.holding(loaded):
            for args in warm_variants(loaded, lang):
                for name, wrapper in WARM.items():
                    if not _folder(store, stamp).has(_key(name, args)):
                        wrapper(*args)
            # The answers of this version, and of the one before under the same settings and code.
            previous = stamp.replace(f"-v{loaded.version}-", f"-v{loaded.version - 1}-", 1)
            _remove_old(store, keep=(stamp, previous))
            return True
    except Timeout:
        return False


def _remove_old(store: Path, keep: tuple[str, ...]) -> None:
    """Remove the answers of every version but ``keep`` (the newest and the one before), keeping those of
    the accounts that read a cut of those versions (``<tables stamp>-r<digest>-<fingerprint>``)."""
    fingerprint = context.settings().results_fingerprint()
    cuts = tuple(stamp.removesuffix(f"-{fingerprint}") + "-r" for stamp in keep)

    def kept(name: str) -> bool:
        return name in keep or (name.startswith(cuts) and name.endswith(f"-{fingerprint}"))

    for path in answers_dir(store).iterdir():
        if kept(path.name.removesuffix(".lock")):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    for key in [k for k in _folders if k[0] == str(store) and not kept(k[1])]:
        _folders.pop(key, None)
