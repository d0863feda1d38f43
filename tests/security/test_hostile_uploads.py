"""Hostile uploads are refused as ordinary problems, fast and in bounded memory; counts are bounded; no raw exception reaches a user."""

from __future__ import annotations

import json
import logging
import re
import resource
import time

import pytest

from dashboard import cli
from dashboard.contract.schema import MAX_COUNT
from dashboard.errors import UserError
from dashboard.ingest import commit_upload, guard, prepare_upload
from dashboard.ingest.read import UploadFile
from dashboard.settings import Settings
from dashboard.ui import jobs

from tests.ingest.helpers import CELL, UNIT, base_files, store_fingerprint
from tests.security import hostile

SECONDS = 10  # generous: each case takes well under 2 s, the first including the reader process's start
GROWTH_MB = 500
COUNT = "Số người dự"

# (case, builder, code, row, column): the problem every route must report for the file.
CASES = [
    ("100.000 columns", lambda: hostile.wide_csv(100_000), "too_many_columns", 1, None),
    ("10⁶ columns in 2 MB", hostile.million_columns_csv, "too_many_columns", 1, None),
    ("a 4 MB line", hostile.long_line_csv, "line_too_long", 2, None),
    ("a cell past the csv field limit", hostile.big_field_csv, "csv_field_too_large", 2, None),
    ("declared dimension A1:XFD1048576", hostile.declared_dimension_xlsx, "sheet_too_large", None, None),
    ("one cell at XFD1000000", hostile.sparse_cell_xlsx, "sheet_too_large", None, None),
    ("zip bomb of rows, 100 MB from 430 KB", hostile.bomb_xlsx, "xlsx_compression", None, None),
    ("zip bomb of blanks", hostile.whitespace_bomb_xlsx, "xlsx_compression", None, None),
    ("truncated workbook", hostile.corrupt_xlsx, "bad_xlsx", None, None),
    ("broken sheet XML", hostile.bad_sheet_xlsx, "bad_xlsx", None, None),
    ("4·10¹⁸ head counts (sum overflows int64)", lambda: hostile.count_csv("4000000000000000000"),
     "count_too_large", 2, COUNT),
    ("2⁶³ head count", lambda: hostile.count_csv("9223372036854775808"), "count_too_large", 2, COUNT),
    ("1e30 head count", lambda: hostile.count_csv("1e30"), "count_too_large", 2, COUNT),
    ("4·10¹⁸ as an Excel number", lambda: hostile.big_number_xlsx(4e18), "count_too_large", 2, COUNT),
    ("10³⁰ as an Excel integer", lambda: hostile.big_number_xlsx(10**30), "count_too_large", 2, COUNT),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store holding the registry, conference HN-1 and its attendance."""
    store = tmp_path_factory.mktemp("hostile") / "store"
    settings = Settings.load(store=store, default_unit=UNIT)
    commit_upload(base_files(), store, settings=settings)
    return store, settings


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bounded(call):
    """``call()``'s result, wall seconds, and growth of this process's peak resident memory (MB)."""
    peak, started = _peak_mb(), time.perf_counter()
    result = call()
    return result, time.perf_counter() - started, _peak_mb() - peak


def _located(problems, upload, code, row, column) -> bool:
    return any(p.code == code and p.file == upload.name and p.row == row and p.column == column for p in problems)


@pytest.mark.parametrize("case, build, code, row, column", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_fast_in_bounded_memory(seeded, case, build, code, row, column):
    store, settings = seeded
    upload = build()
    plan, seconds, growth = _bounded(lambda: prepare_upload([upload], store, settings=settings))
    assert _located(plan.problems, upload, code, row, column), [p.line("en") for p in plan.problems]
    assert seconds < SECONDS and growth < GROWTH_MB, (seconds, growth)
    assert all(p.message("vi") and p.message("en") for p in plan.problems)

    before = store_fingerprint(store)
    with pytest.raises(UserError) as refused:
        commit_upload([upload], store, settings=settings)
    assert _located(refused.value.problems, upload, code, row, column)
    assert store_fingerprint(store) == before, "a refused upload leaves the store byte for byte as it was"


ISOLATED = [c for c in CASES if c[0] in {"100.000 columns", "10⁶ columns in 2 MB", "a 4 MB line",
                                         "a cell past the csv field limit", "zip bomb of rows, 100 MB from 430 KB"}]


@pytest.mark.parametrize("case, build, code, row, column", ISOLATED, ids=[c[0] for c in ISOLATED])
def test_the_reading_process_stays_small_too(case, build, code, row, column):
    upload = build()
    assert len(upload.content) > guard.IN_PROCESS_MAX_BYTES, "read in the child process"
    (read,), seconds, _ = _bounded(lambda: guard.read_uploads(
        [upload], max_bytes=20_000_000, default_unit=UNIT, timeout=60, memory_mb=1024))
    assert [p.code for p in read.problems] == [code]
    assert seconds < SECONDS
    assert read.peak_growth_mb is not None and read.peak_growth_mb < GROWTH_MB


def test_a_file_that_reads_too_long_is_stopped(seeded):
    store, _ = seeded
    settings = Settings.load(store=store, default_unit=UNIT, read_timeout=2)
    plan, seconds, _ = _bounded(lambda: prepare_upload([hostile.slow_xlsx()], store, settings=settings))
    assert [(p.file, p.code) for p in plan.problems] == [("slow.xlsx", "read_timeout")]
    assert "2 giây" in plan.problems[0].message("vi")
    assert seconds < SECONDS


def test_the_files_after_a_stopped_one_are_still_read():
    slow, normal = hostile.slow_xlsx(), hostile.attendance_csv()
    first, second = guard.read_uploads([slow, normal], max_bytes=20_000_000, default_unit=UNIT, timeout=2,
                                       memory_mb=1024)
    assert [p.code for p in first.problems] == ["read_timeout"]
    assert not second.problems and len(second.sheets[0].frame) == 7000


def test_a_file_that_needs_too_much_memory_is_stopped(monkeypatch):
    monkeypatch.setattr(guard, "MEMORY_PER_FILE_BYTE", 0)  # the budget is computed here, in the parent
    upload = hostile.attendance_csv()
    (read,) = guard.read_uploads([upload], max_bytes=20_000_000, default_unit=UNIT, timeout=60, memory_mb=1)
    assert [(p.file, p.code) for p in read.problems] == [(upload.name, "read_memory")]
    assert "1 MB" in read.problems[0].message("vi")


def test_count_ceiling_is_refused_with_row_column_and_value(seeded):
    store, settings = seeded
    text = "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n" + f"HN-1,{CELL},{MAX_COUNT + 1},\n"
    plan = prepare_upload([UploadFile("a.csv", text.encode())], store, settings=settings)
    problem = next(p for p in plan.problems if p.code == "count_too_large")
    assert (problem.file, problem.row, problem.column, problem.value) == ("a.csv", 2, COUNT, str(MAX_COUNT + 1))
    assert "100.000" in problem.message("vi") and problem.line("vi").startswith("a.csv:2:Số người dự: ")
    at_ceiling = prepare_upload([UploadFile("a.csv", text.replace(str(MAX_COUNT + 1), str(MAX_COUNT)).encode())],
                                store, settings=settings)
    assert not [p for p in at_ceiling.problems if p.code == "count_too_large"]


@pytest.mark.parametrize("cell", ["31/12/9999", "9999-12-31"])
def test_a_date_no_timestamp_can_hold_is_a_bad_date_not_an_error(seeded, cell):
    store, settings = seeded
    text = "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình\n" + f"HN-9,{cell},Học tập,{UNIT},khac\n"
    plan = prepare_upload([UploadFile("c.csv", text.encode())], store, settings=settings)
    assert [(p.file, p.row, p.column, p.code) for p in plan.problems] == [("c.csv", 2, "Ngày", "bad_date")]


def test_a_native_excel_date_in_year_9999_is_a_bad_date(seeded):
    import datetime

    store, settings = seeded
    rows = [["Mã hội nghị", "Ngày", "Tên hội nghị", "Đơn vị tổ chức", "Loại hình"],
            ["HN-9", datetime.datetime(9999, 12, 31), "Học tập", UNIT, "khac"]]
    upload = UploadFile("c.xlsx", hostile._workbook(rows))
    plan = prepare_upload([upload], store, settings=settings)
    assert [(p.file, p.row, p.column, p.code) for p in plan.problems] == [("c.xlsx", 2, "Ngày", "bad_date")]


def test_an_unexpected_reading_error_is_a_problem_with_a_reference(seeded, monkeypatch, caplog):
    store, settings = seeded

    def broken(*_args):
        raise RuntimeError("internal detail /srv/secret")

    monkeypatch.setattr(guard, "read_file", broken)
    with caplog.at_level(logging.ERROR):
        plan = prepare_upload(base_files()[:1], store, settings=settings)
    (problem,) = plan.problems
    assert problem.code == "read_failed" and problem.file == "orgs.csv"
    reference = problem.params["ref"]
    assert re.fullmatch(r"[0-9a-f]{8}", reference)
    assert reference in problem.message("vi") and "secret" not in problem.message("vi")
    assert any(reference in r.getMessage() and "internal detail" in r.getMessage() for r in caplog.records)


def test_a_failed_job_shows_a_reference_and_no_traceback(tmp_path, caplog):
    def boom():
        raise RuntimeError("disk full at /srv/secret")

    with caplog.at_level(logging.ERROR, logger="dashboard.ui.jobs"):
        job = jobs.submit(tmp_path, "lan", "commit", boom)
        deadline = time.monotonic() + 10
        while (record := jobs.read(tmp_path, job, "lan"))["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
    assert record["state"] == "failed"
    reference = record["ref"]
    assert re.fullmatch(r"[0-9a-f]{8}", reference)
    stored = json.dumps(record, ensure_ascii=False)
    assert "Traceback" not in stored and "disk full" not in stored and "RuntimeError" not in stored
    for lang in ("vi", "en"):
        shown = jobs.failure_message(record, lang)
        assert reference in shown and "disk full" not in shown
    assert "tham chiếu" in jobs.failure_message(record, "vi")
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].exc_info and "disk full" in str(logged[0].exc_info[1])


def test_the_command_line_prints_a_reference_not_a_traceback(tmp_path, monkeypatch, capsys):
    import dashboard.ingest

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk full at /srv/secret")

    monkeypatch.setattr(dashboard.ingest, "commit_upload", boom)
    path = tmp_path / "orgs.csv"
    path.write_bytes(base_files()[0].content)
    store = tmp_path / "store"
    assert cli.main(["ingest", str(path), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    reference = re.search(r"mã tham chiếu ([0-9a-f]{8})", err).group(1)
    assert "Traceback" not in err and "disk full" not in err
    log = tmp_path / ".store-errors.log"
    assert reference in log.read_text(encoding="utf-8") and "disk full" in log.read_text(encoding="utf-8")
