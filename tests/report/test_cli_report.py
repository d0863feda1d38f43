"""``python -m dashboard report``: writes DOCX or HTML; a unknown unit or period, or an empty store, exits 2."""

from __future__ import annotations

import io

from docx import Document

from dashboard.cli import main
from tests.report.conftest import UNIT, docx_text


def test_writes_the_docx(sample_store_ro, tmp_path, capsys):
    out = tmp_path / "q2.docx"
    code = main(["report", "--store", str(sample_store_ro), "--unit", UNIT, "--period", "Quý II/2023",
                 "--out", str(out)])
    assert code == 0
    assert "Đã ghi báo cáo Quý II/2023 của Đảng ủy phường Thanh Khê Tây" in capsys.readouterr().out
    text = docx_text(Document(io.BytesIO(out.read_bytes())))
    assert "kết quả công tác tuyên giáo quý II năm 2023" in text and "1.172 lượt người dự" in text


def test_default_file_name_and_html(sample_store_ro, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--store", str(sample_store_ro), "--unit", "Đảng uỷ phường Thanh Khê Tây",
                 "--period", "6 tháng đầu năm 2023", "--format", "html"]) == 0
    written = tmp_path / "bao-cao-thanh-khe-tay-2023-Q1-2023-Q2.html"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_html_to_standard_output(sample_store_ro, capsysbinary):
    assert main(["report", "--store", str(sample_store_ro), "--unit", UNIT, "--period", "Năm 2023",
                 "--format", "html", "--out", "-"]) == 0
    assert "kết quả công tác tuyên giáo năm 2023" in capsysbinary.readouterr().out.decode("utf-8")


def test_a_period_without_a_conference(sample_store_ro, tmp_path, capsys):
    out = tmp_path / "xh.docx"
    assert main(["report", "--store", str(sample_store_ro), "--unit", "Đảng ủy phường Xuân Hà", "--period",
                 "Năm 2023", "--out", str(out)]) == 0
    assert "không có hội nghị nào" in capsys.readouterr().err
    assert "Trong năm 2023, Đảng ủy phường Xuân Hà không tổ chức hội nghị nào." in docx_text(
        Document(io.BytesIO(out.read_bytes())))


def test_unknown_unit_exits_2_naming_close_matches(sample_store_ro, tmp_path, capsys):
    code = main(["report", "--store", str(sample_store_ro), "--unit", "Đảng ủy phường Thanh Khe Tay",
                 "--period", "Quý II/2023", "--out", str(tmp_path / "x.docx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "Không lập được báo cáo" in err and "gần giống: 'Đảng ủy phường Thanh Khê Tây'" in err
    assert not (tmp_path / "x.docx").exists()


def test_unknown_period_exits_2_in_english_too(sample_store_ro, tmp_path, capsys):
    code = main(["--lang", "en", "report", "--store", str(sample_store_ro), "--unit", UNIT, "--period", "12/2023",
                 "--out", str(tmp_path / "x.docx")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Cannot make the report, not a reporting period: '12/2023' is a month")
    assert not (tmp_path / "x.docx").exists()


def test_an_empty_store_exits_2(tmp_path, capsys):
    assert main(["report", "--store", str(tmp_path / "none"), "--unit", UNIT, "--period", "Quý II/2023"]) == 2
    assert "chưa có dữ liệu" in capsys.readouterr().err
