"""python -m dashboard: sample → ingest → load, refusals on stderr, dry run, history, rollback, exit codes."""

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.store import load

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, capture_output=True, text=True)


def test_done_when_flow(tmp_path):
    """The foundation's acceptance: sample, ingest, then load gives the four tables."""
    assert run("sample", "--out", str(tmp_path / "x")).returncode == 0
    files = sorted(str(p) for p in (tmp_path / "x").glob("*.csv"))
    done = run("ingest", "--store", str(tmp_path / "s"), *files)
    assert done.returncode == 0, done.stderr
    assert "phiên bản 1" in done.stdout
    tables = load(tmp_path / "s")
    assert {"unit", "quarter"} <= set(tables.conferences.columns)
    assert len(tables.attendance) > 1000 and len(tables.conference_documents) > 0


def test_refusal_exit_1_with_located_lines(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Mã hội nghị,Tổ chức,Số người dự\nHN-1,Chi bộ 1,hơn 20\n", encoding="utf-8")
    code = main(["--lang", "en", "ingest", "--store", str(tmp_path / "s"), "--unit", "Đảng ủy phường A", str(bad)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert f"{bad.name}:2:Số người dự: 'hơn 20' is written in words. Write it in digits, e.g. 290." in err
    assert any(line.startswith(f"{bad.name}:2:Mã hội nghị:") for line in err)
    assert err[-1] == "Upload refused: 3 problem(s). Nothing written."
    assert load(tmp_path / "s").version == 0


def test_dry_run_writes_nothing(tmp_path, sample_dir, capsys):
    files = [str(p) for p in sorted(sample_dir.glob("*.csv"))]
    assert main(["ingest", "--dry-run", "--store", str(tmp_path / "s"), *files]) == 0
    out = capsys.readouterr().out
    assert "Thêm mới" in out
    # The conferences it would add, by title, and how many (the sample's first conference among them).
    assert "Các hội nghị sẽ thay đổi: thêm " in out and "thêm mới" in out and "Hội nghị" in out
    assert not (tmp_path / "s").exists()


def test_dry_run_lists_the_document_warnings(tmp_path, capsys):
    unit = "Đảng ủy phường A"
    orgs, conf = tmp_path / "orgs.csv", tmp_path / "conf.csv"
    orgs.write_text(f"Tổ chức,Loại tổ chức\n{unit},Đảng ủy\n", encoding="utf-8")
    conf.write_text(f"Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản\n"
                    f"HN-1,10/5/2023,Hội nghị,{unit},Học tập quán triệt,NQ 35; Văn bản của cấp trên\n", encoding="utf-8")
    code = main(["ingest", "--dry-run", "--store", str(tmp_path / "s"), "--unit", unit, str(orgs), str(conf)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "conf.csv:2:Văn bản: «NQ 35» được hiểu là Nghị quyết số 35-NQ/TW ngày 22/10/2018. Nếu không đúng, hãy ghi " \
           "đủ số, ký hiệu và ngày ban hành." in out
    assert any(line.startswith("conf.csv:2:Văn bản: Không nhận ra số, ký hiệu văn bản trong «Văn bản của cấp trên»")
               for line in out)
    assert "2 lưu ý về văn bản ở trên (không chặn việc ghi)." in out
    assert not (tmp_path / "s").exists()


def test_history_and_rollback(tmp_path, sample_dir, capsys):
    store = str(tmp_path / "s")
    files = [str(p) for p in sorted(sample_dir.glob("*.csv"))]
    assert main(["ingest", "--store", store, "--user", "lan", *files]) == 0
    assert main(["rollback", "0", "--store", store]) == 2  # no terminal to type the version: --yes needed
    assert main(["rollback", "0", "--yes", "--store", store]) == 0
    assert main(["history", "--store", store]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("1\t") and "\tlan\tupload\t" in out[-2]
    assert out[-1].startswith("2\t") and "rollback → 0" in out[-1]
    assert load(store).conferences.empty


@pytest.mark.parametrize("args", [[], ["ingest"], ["rollback", "x"], ["sample"], ["bogus"]])
def test_usage_errors_exit_2(args):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2


def test_missing_file_is_a_usage_error(tmp_path):
    assert main(["ingest", "--store", str(tmp_path / "s"), str(tmp_path / "nope.csv")]) == 2


def test_rollback_unknown_version_exit_1(tmp_path, capsys):
    assert main(["--lang", "en", "rollback", "5", "--store", str(tmp_path / "s")]) == 1
    assert "There is no version 5" in capsys.readouterr().err


def test_sample_at_a_busier_cadence(tmp_path, capsys):
    import pandas as pd

    counts = {}
    for extra in (0, 2):
        out = tmp_path / f"x{extra}"
        assert main(["sample", "--out", str(out), "--years", "2024-2024", "--extra-per-quarter", str(extra)]) == 0
        counts[extra] = sum(len(pd.read_csv(p)) for p in out.glob("*_conferences.csv"))
    assert counts[2] == counts[0] + 2 * 4  # two more a quarter, one ward, one year
    assert main(["sample", "--out", str(tmp_path / "y"), "--extra-per-quarter", "-1"]) == 2
    assert "--extra-per-quarter" in capsys.readouterr().err
