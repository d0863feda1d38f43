"""Background jobs: result readable by any worker (a file), only by the user who started it; failures reported."""

import json
import re
import time

from dashboard.ui import jobs


def wait(folder, job, user, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        record = jobs.read(folder, job, user)
        if record and record["state"] != "running":
            return record
        time.sleep(0.05)
    raise TimeoutError


def test_result_belongs_to_its_user(tmp_path):
    job = jobs.submit(tmp_path, "lan", "preview", lambda: {"answer": 42})
    assert wait(tmp_path, job, "lan")["result"] == {"answer": 42}
    assert jobs.read(tmp_path, job, "minh") is None
    assert jobs.read(tmp_path, "../../etc/passwd", "lan") is None
    assert jobs.read(tmp_path, None, "lan") is None


def test_failure_is_reported(tmp_path):
    def boom():
        raise RuntimeError("disk full")

    record = wait(tmp_path, jobs.submit(tmp_path, "lan", "commit", boom), "lan")
    assert record["state"] == "failed"
    # The user sees a short message with a reference, never the exception (that goes to the server log).
    assert re.fullmatch(r"[0-9a-f]{8}", record["ref"])
    for lang in ("vi", "en"):
        message = jobs.failure_message(record, lang)
        assert record["ref"] in message and "disk full" not in message and "Traceback" not in message
    assert "disk full" not in json.dumps(record)


def test_stale_running_job_reads_as_failed(tmp_path, monkeypatch):
    job = jobs.submit(tmp_path, "lan", "commit", lambda: time.sleep(0.5) or {})
    monkeypatch.setattr(jobs, "STALE_SECONDS", -1)
    assert jobs.read(tmp_path, job, "lan")["state"] == "failed"
