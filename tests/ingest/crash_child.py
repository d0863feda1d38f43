"""An upload run in a child process that reports each Delta write, for ``test_crash_and_concurrency.py``.

The child is a real process of its own (killed with SIGKILL, it leaves what a dead writer leaves), but not a
fresh interpreter: it comes from multiprocessing's ``forkserver``, preloaded with the upload code as
``dashboard.ingest.guard`` preloads it for its readers. pandas, pyarrow and deltalake are imported once per
test process (≈ 1,5 s), and each child is a fork of a server that has never opened a table, so no Delta Lake
runtime is forked. The child then runs ``commit_upload`` from the start: it reads the store, plans and writes.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from pathlib import Path

WRITES = ("WRITE", "WROTE")  # the marker sent before a Delta write (table or ledger), and the one after it


def context() -> multiprocessing.context.BaseContext:
    """The forkserver context, its server preloaded with the upload code and this module."""
    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(["dashboard.ingest.guard", __name__])
    return forkserver


def start(forkserver: multiprocessing.context.BaseContext, store: Path, unit: str, files: list[Path], *,
          step: bool):
    """Start ``commit_upload(files)`` into ``store`` in a child; returns the process and the parent's end of its pipe.

    The child sends ``(marker, table)`` around each Delta write, then ``("DONE", version)`` or
    ``("FAILED", traceback)``. With ``step``, it waits after each marker for the parent to send anything
    (the parent may kill it instead: exactly between two steps); without, it sleeps 0,2 s after each, so that
    two children writing at once overlap.
    """
    parent, child = forkserver.Pipe()
    process = forkserver.Process(target=run, args=(child, str(store), unit, [str(f) for f in files], step),
                                 name="upload-under-test", daemon=True)
    process.start()
    child.close()
    return process, parent


def run(conn, store: str, unit: str, files: list[str], step: bool) -> None:
    """In the child."""
    import dashboard.store.delta as delta
    from dashboard.ingest import commit_upload
    from dashboard.settings import Settings

    real = delta.write_deltalake

    def mark(marker: str, target) -> None:
        conn.send((marker, Path(str(target)).name))
        if step:
            conn.recv()
        else:
            time.sleep(0.2)

    def traced(target, *args, **kwargs):
        mark("WRITE", target)
        result = real(target, *args, **kwargs)
        mark("WROTE", target)
        return result

    delta.write_deltalake = traced
    try:
        result = commit_upload(files, store, user="child", settings=Settings.load(store=store, default_unit=unit))
    except BaseException:
        conn.send(("FAILED", traceback.format_exc()))
        raise
    conn.send(("DONE", result.version))
