"""Read and parse uploaded files so that a hostile one costs bounded time and memory.

Two lines of defence. First, ``limits`` refuses from cheap scans whatever
only a broken or hostile file looks like (10⁶ columns, a sheet claiming
Excel's whole grid, a zip bomb), before any parsing. Second, whatever the
scans let through is read and parsed in a child process with
``RLIMIT_AS`` (its size when the file starts + ``read_memory_mb``, at least
40 × the file) and ``RLIMIT_CPU`` set in the child, and a wall-clock
timeout (``read_timeout``) in the parent that kills it. A file that breaks
a limit becomes a ``Problem`` (``read_timeout``, ``read_memory``); an
unexpected error while reading one file is logged with a reference id and
becomes ``read_failed`` for that file: no exception reaches a user.

The child comes from a multiprocessing ``forkserver`` preloaded with this
module, so pandas, pyarrow and openpyxl are imported once per server
process, not per upload. The forkserver is a fresh interpreter, never a
fork of the server: the Delta Lake runtime the server holds is not forked
(the forkserver imports the store module with the ``dashboard.ingest``
package, but never opens a table, so no runtime exists in it). One child
reads all of an upload's files in turn and reports each as it finishes; if
it dies, the file it was reading is refused and the rest go on in a fresh
child (a file that ran out of memory after others is retried once alone).

Small files are read in the server process, chosen by measurement: a CSV
of at most ``IN_PROCESS_MAX_BYTES`` (256 KB), or a workbook that small
whose parts unpack to at most 4 MB, with at most 10.000 cells and no row
past 99.999. For those the scans already bound the cost — every step is
linear in at most 4 MB, lines are at most 64 KB, a row pads to at most 200
columns — and the slowest such files we could build read in 0,5 s (a CSV
of 131.000 ragged rows) and 0,3 s (a workbook). A ward's quarter is a few
files of a few KB, so it never waits for a process start.

Measured on 2 shared (busy) cores: the 41 sample files read in ≈ 3 s in
process, scans included (they add < 0,1 s, within noise); forced through
one child, +0,25 s (median of 7); the first child of a process adds ≈ 1,5 s
for the forkserver's imports, and the forkserver then stays (200 MB
resident, 85 MB of it not shared with the libraries' files). A 19 MB CSV (218.479 rows): 1,0 s in process, 1,2 s in the
child, whose peak grows 150 MB. Each hostile file of
``tests/security/hostile.py`` is refused in ≤ 0,2 s once the forkserver
runs, the reader growing ≤ 26 MB; before these limits they took up to
30 s and 1,7 GB, or did not finish in 150 s.

The child re-imports the parent's ``__main__`` as multiprocessing does: a
script calling this must be importable (``if __name__ == "__main__":``),
and its imports are paid per upload that needs a child. gunicorn,
``python -m dashboard`` and pytest cost nothing there; ``python app.py``
re-imports ``dashboard.app`` (≈ 3 s) because it imports it at the top.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import secrets
import signal
import threading
import time
import traceback
from dataclasses import dataclass

from dashboard.errors import Problem
from dashboard.ingest.limits import scan_xlsx
from dashboard.ingest.parse import ParsedSheet, parse_sheet
from dashboard.ingest.read import XLSX_MAGIC, UploadFile, read_file

logger = logging.getLogger(__name__)

IN_PROCESS_MAX_BYTES = 256 * 1024
IN_PROCESS_MAX_UNPACKED = 4_000_000
IN_PROCESS_MAX_CELLS = 10_000
MEMORY_PER_FILE_BYTE = 40
"""A legitimate 19 MB CSV grows the reader's address space by ≈ 300 MB: 40 × the file leaves room."""
STARTUP_SECONDS = 60.0
"""How long a fresh child may take to start (the forkserver's first imports included)."""
MAX_PROBLEMS_PER_FILE = 1000
"""Problems kept per file (then one saying how many more): 4 MB of "1\\n" lines would make 2 million."""
READER_THREADS = 2
"""Arrow threads in the child: on a 64-core server each idle thread would reserve stack and heap address space."""


@dataclass
class FileRead:
    """One uploaded file, read and parsed: its sheets, or why it cannot be used."""

    sheets: list[ParsedSheet]
    problems: list[Problem]
    peak_growth_mb: float | None = None  # growth of the child's peak resident memory (None: read in process)


def read_uploads(uploads: list[UploadFile], *, max_bytes: int, default_unit: str | None,
                 timeout: float, memory_mb: int) -> list[FileRead]:
    """Read and parse every file, in the same order, each at a bounded cost.

    Small files (see ``_cheap``) are read here, their cost bounded by the
    scans; the others in a child, each for at most ``timeout`` seconds and
    ``memory_mb`` (or 40 × its size) of memory.

    Args:
        uploads: the files as received.
        max_bytes: the size limit (``max_upload_mb``); the cell limits scale with it.
        default_unit: the unit of rows in files without a unit column.
        timeout: wall-clock seconds per file (``read_timeout``).
        memory_mb: memory per file beyond the idle reader (``read_memory_mb``).

    Returns:
        One ``FileRead`` per upload.
    """
    results: dict[int, FileRead] = {}
    isolated: list[int] = []
    for index, upload in enumerate(uploads):
        if _cheap(upload, max_bytes):
            results[index] = _finish(upload, *_read_one(upload, max_bytes, default_unit))
        else:
            isolated.append(index)
    if isolated:
        results.update(_read_isolated({i: uploads[i] for i in isolated}, max_bytes, default_unit, timeout, memory_mb))
    return [results[i] for i in range(len(uploads))]


def _cheap(upload: UploadFile, max_bytes: int) -> bool:
    """Whether the scans already bound this file's cost to a fraction of a second."""
    if len(upload.content) > IN_PROCESS_MAX_BYTES:
        return False
    if not upload.content.startswith(XLSX_MAGIC):
        return True
    scan = scan_xlsx(upload.name, upload.content, max_bytes)
    small = scan.unpacked <= IN_PROCESS_MAX_UNPACKED and scan.cells <= IN_PROCESS_MAX_CELLS and not scan.deep
    return bool(scan.problems) or small


def _read_one(upload: UploadFile, max_bytes: int, default_unit: str | None
              ) -> tuple[list[ParsedSheet], list[Problem], str | None]:
    """Sheets and problems of one file, or the traceback of what nobody expected (the caller logs it)."""
    try:
        raw_sheets, problems = read_file(upload, max_bytes)
        sheets: list[ParsedSheet] = []
        for raw in raw_sheets:
            parsed, parse_problems = parse_sheet(raw, default_unit)
            problems += parse_problems
            if parsed is not None:
                sheets.append(parsed)
        if len(problems) > MAX_PROBLEMS_PER_FILE:
            problems = problems[:MAX_PROBLEMS_PER_FILE] + [Problem("more_problems", upload.name, params={
                "count": f"{len(problems) - MAX_PROBLEMS_PER_FILE:,}".replace(",", "."), "limit": MAX_PROBLEMS_PER_FILE})]
        return sheets, problems, None
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - an untrusted file: whatever it triggers is reported on that file
        return [], [], traceback.format_exc()


def _finish(upload: UploadFile, sheets: list[ParsedSheet], problems: list[Problem], error: str | None) -> FileRead:
    if error is None:
        return FileRead(sheets, problems)
    reference = secrets.token_hex(4)
    logger.error("reading %s failed (reference %s):\n%s", upload.name, reference, error)
    return FileRead([], [Problem("read_failed", upload.name, params={"ref": reference})])


# --- the child process --------------------------------------------------------------

_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


def _forkserver() -> multiprocessing.context.BaseContext:
    """The forkserver context, preloaded with the reading modules (its server starts on first use)."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            _context = context
        return _context


def _read_isolated(uploads: dict[int, UploadFile], max_bytes: int, default_unit: str | None,
                   timeout: float, memory_mb: int) -> dict[int, FileRead]:
    results: dict[int, FileRead] = {}
    queue = list(uploads)
    retried: set[int] = set()
    while queue:
        batch = [(i, uploads[i], _budget(uploads[i], memory_mb)) for i in queue]
        outcome = _run_child(batch, max_bytes, default_unit, timeout)
        for index, (read, growth) in outcome.done.items():
            results[index] = _finish(uploads[index], *read)
            results[index].peak_growth_mb = growth
        queue = [i for i in queue if i not in results]
        if outcome.failed is None:
            if queue:
                raise RuntimeError(f"the reader process ended ({outcome.detail}) without reading {len(queue)} file(s); "
                                   "if it died starting, is the main module importable (if __name__ == '__main__')?")
            break
        index, code = outcome.failed
        if code == "read_memory" and outcome.done and index not in retried:
            retried.add(index)  # maybe memory the files before it left behind: once more, first in a fresh child
            continue
        params = ({"seconds": f"{timeout:g}"} if code == "read_timeout"
                  else {"limit": _budget(uploads[index], memory_mb) // 2**20})
        if code == "read_failed":
            reference = secrets.token_hex(4)
            logger.error("reading %s: the reader process died (%s), reference %s",
                         uploads[index].name, outcome.detail, reference)
            params = {"ref": reference}
        results[index] = FileRead([], [Problem(code, uploads[index].name, params=params)])
        queue.remove(index)
    return results


@dataclass
class _Outcome:
    done: dict[int, tuple]
    failed: tuple[int, str] | None = None  # (file index, problem code) of the file that stopped the child
    detail: str = ""


def _budget(upload: UploadFile, memory_mb: int) -> int:
    """Bytes the reading of ``upload`` may add to the child's address space."""
    return max(memory_mb * 2**20, MEMORY_PER_FILE_BYTE * len(upload.content))


def _run_child(batch: list[tuple[int, UploadFile, int]], max_bytes: int, default_unit: str | None,
               timeout: float) -> _Outcome:
    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, name="upload-reader", daemon=True,
                              args=(sender, batch, max_bytes, default_unit, timeout))
    outcome = _Outcome({})
    current: int | None = None
    deadline = time.monotonic() + STARTUP_SECONDS + timeout
    killed = False
    try:
        process.start()
        sender.close()
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receiver.poll(max(left, 0)):
                process.kill()
                killed = True
                break
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                break
            if message[0] == "start":
                current, deadline = message[1], time.monotonic() + timeout
            elif message[0] == "done":
                outcome.done[message[1]] = (message[2], message[3])
                current = None
            elif message[0] == "memory":
                outcome.failed = (message[1], "read_memory")
                current = None
                break
            elif message[0] == "end":
                break
    finally:
        receiver.close()
        sender.close()
        if process.pid is not None:  # started
            process.join(5)
            if process.exitcode is None:
                process.kill()
                process.join()
    if current is not None:
        code = process.exitcode
        if killed or code == -signal.SIGXCPU:
            outcome.failed = (current, "read_timeout")
        elif code == -signal.SIGKILL:
            outcome.failed = (current, "read_memory")  # the kernel's out-of-memory killer
        else:
            outcome.failed = (current, "read_failed")
            outcome.detail = f"exit code {code}"
    elif killed and not outcome.done and outcome.failed is None:
        raise RuntimeError(f"the reader process did not start within {STARTUP_SECONDS + timeout:g} s")
    else:
        outcome.detail = f"exit code {process.exitcode}"
    return outcome


def _child_main(sender, batch, max_bytes, default_unit, timeout) -> None:
    """In the child: each file under fresh limits, reported as it starts and as it ends."""
    _start_threads()
    resident = _resident()
    for index, upload, budget in batch:
        _limit(timeout, budget)
        sender.send(("start", index))
        try:
            read = _read_one(upload, max_bytes, default_unit)
            growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - resident
            sender.send(("done", index, read, round(max(growth, 0.0), 1)))
        except MemoryError:
            _limit(timeout, None)  # room to say so; the process ends right after
            sender.send(("memory", index))
            return
    sender.send(("end",))


def _start_threads() -> None:
    """Arrow's thread pool, started before the limits so that their stacks and heaps are not the file's."""
    import io

    import pyarrow
    import pyarrow.csv

    pyarrow.set_cpu_count(READER_THREADS)
    pyarrow.set_io_thread_count(READER_THREADS)
    pyarrow.csv.read_csv(io.BytesIO(b"a,b\n1,2\n" * 1000))


def _resident() -> float:
    """Resident memory now, in MB (the base the peak growth is measured from)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _limit(timeout: float, budget: int | None) -> None:
    """Memory: the process's size now + ``budget`` bytes (None: unlimited); CPU: used so far + 2 × timeout."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = hard
    now = _address_space()
    if budget is not None and now is not None:
        soft = now + budget
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    # Arrow's threads run together: CPU seconds may pass wall seconds; the parent's wall clock comes first.
    cpu = int(usage.ru_utime + usage.ru_stime + 2 * timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu if cpu_hard == resource.RLIM_INFINITY else min(cpu, cpu_hard), cpu_hard))


def _address_space() -> int | None:
    """The process's virtual size in bytes (Linux); None elsewhere: the time limits still hold."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None
