"""Long work off the request: an upload is validated and committed in a worker thread.

No request waits for a large file: the callback that receives the files
starts a job and returns at once; the page polls the job every second. The
job's state is a small JSON file in a folder beside the store, so whichever
gunicorn worker answers a poll can read it. Threads, not processes: the
Delta Lake runtime must not be forked. Each job belongs to the user who
started it; nobody else can read it.

A job that fails unexpectedly logs its traceback to the server log with a
short reference id; its record keeps only a bilingual message with that id
(``failure_message``), never the exception's text.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from dashboard.errors import Problem

logger = logging.getLogger(__name__)
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="upload-job")
KEEP_SECONDS = 24 * 3600
STALE_SECONDS = 15 * 60  # a job still "running" after this died with its worker


def jobs_dir(store: Path) -> Path:
    return Path(store).parent / f".{Path(store).name}-jobs"


def _write(folder: Path, job_id: str, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".job-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(record, stream, ensure_ascii=False)
    os.replace(temporary, folder / f"{job_id}.json")


def _forget_old(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def submit(folder: Path, user: str, kind: str, work: Callable[[], dict]) -> str:
    """Start ``work`` in a thread; returns the job id to poll with ``read``."""
    job_id = secrets.token_urlsafe(16)
    base = {"user": user, "kind": kind, "started": time.time()}
    _write(folder, job_id, {**base, "state": "running"})
    _forget_old(folder)

    def run() -> None:
        try:
            _write(folder, job_id, {**base, "state": "done", "result": work()})
        except Exception:  # noqa: BLE001 - the page must learn that the job failed
            reference = secrets.token_hex(4)
            logger.error("%s job %s of %s failed (reference %s)", kind, job_id, user, reference, exc_info=True)
            _write(folder, job_id, {**base, "state": "failed", "ref": reference,
                                    "error": _bilingual(Problem("unexpected_error", params={"ref": reference}))})

    _executor.submit(run)
    return job_id


def read(folder: Path, job_id: str | None, user: str) -> dict | None:
    """The job's record if it exists and belongs to ``user``; stale running jobs read as failed."""
    if not job_id or not job_id.replace("-", "").replace("_", "").isalnum():
        return None
    path = folder / f"{job_id}.json"
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("user") != user:
        return None
    if record["state"] == "running" and time.time() - record["started"] > STALE_SECONDS:
        return {**record, "state": "failed", "error": _bilingual(Problem("job_stopped"))}
    return record


def failure_message(record: dict, lang: str = "vi") -> str:
    """What the page shows for a failed job: the message in ``lang`` (with its reference id)."""
    error = record.get("error")
    if isinstance(error, dict):
        return error.get(lang) or error.get("vi", "")
    return Problem("job_stopped").message(lang)  # a record written before messages were bilingual


def _bilingual(problem: Problem) -> dict[str, str]:
    return {"vi": problem.message("vi"), "en": problem.message("en")}
