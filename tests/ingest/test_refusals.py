"""Every refusal: exact file, row, column and message; nothing written; all problems at once."""

from __future__ import annotations

import pytest

from dashboard.errors import UserError
from dashboard.ingest import UploadFile, commit_upload, prepare_upload
from dashboard.settings import Settings

from tests.ingest.helpers import ATTENDANCE, CELL, CONFERENCES, UNIT, base_files, csv_file, store_fingerprint

CONF_HEAD = "Mã hội nghị,Ngày,Ngày kết thúc,Tên hội nghị,Đơn vị tổ chức,Loại hình,Tổng số người dự,Nguồn\n"
ATT_HEAD = "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n"
ORG_HEAD = "Tổ chức,Loại tổ chức,Số thành viên,Số đảng viên\n"


def conf_row(cid="HN-2", date="20/5/2023", end="", title="Học tập", organizer=UNIT, kind="Học tập quán triệt",
             total="", url=""):
    return f"{cid},{date},{end},{title},{organizer},{kind},{total},{url}\n"


# (case id, files {name: text}, expected (file, row, column, code))
CASES = [
    ("missing column", {"c.csv": "Mã hội nghị,Tên hội nghị,Đơn vị tổ chức,Loại hình\nHN-2,X,A,khac\n"},
     ("c.csv", 1, "Ngày", "missing_column")),
    ("missing value", {"c.csv": CONF_HEAD + conf_row(title="")}, ("c.csv", 2, "Tên hội nghị", "missing_value")),
    ("date in words", {"c.csv": CONF_HEAD + conf_row(date="hôm qua")}, ("c.csv", 2, "Ngày", "bad_date")),
    ("impossible date", {"c.csv": CONF_HEAD + conf_row(date="31/02/2023")}, ("c.csv", 2, "Ngày", "bad_date")),
    ("end before start", {"c.csv": CONF_HEAD + conf_row(end="19/5/2023")},
     ("c.csv", 2, "Ngày kết thúc", "end_before_start")),
    ("unknown kind", {"c.csv": CONF_HEAD + conf_row(kind="Họp chợ")}, ("c.csv", 2, "Loại hình", "unknown_kind")),
    ("unknown session", {"c.csv": f"Mã hội nghị,Ngày,Buổi,Tên hội nghị,Đơn vị tổ chức,Loại hình\nHN-2,20/5/2023,trưa,X,{UNIT},Khác\n"},
     ("c.csv", 2, "Buổi", "unknown_session")),
    ("javascript url", {"c.csv": CONF_HEAD + conf_row(url="javascript:alert(1)")}, ("c.csv", 2, "Nguồn", "bad_url")),
    ("unknown organizer", {"c.csv": CONF_HEAD + conf_row(organizer="Đảng ủy phường B")},
     ("c.csv", 2, "Đơn vị tổ chức", "unknown_organization")),
    ("negative count", {"a.csv": ATT_HEAD + f"HN-1,{CELL},-5,\n"}, ("a.csv", 2, "Số người dự", "negative_count")),
    ("fractional count", {"a.csv": ATT_HEAD + f'HN-1,{CELL},"12,5",\n'}, ("a.csv", 2, "Số người dự", "fractional_count")),
    ("a fraction of a person", {"a.csv": ATT_HEAD + f'HN-1,{CELL},"1,5",\n'}, ("a.csv", 2, "Số người dự", "fractional_count")),
    ("comma-grouped thousands", {"a.csv": ATT_HEAD + f'HN-1,{CELL},"1,500",\n'},
     ("a.csv", 2, "Số người dự", "ambiguous_count")),
    ("comma-grouped whole thousand", {"o.csv": ORG_HEAD + 'Chi hội mới,Hội khác,"1,000",\n'},
     ("o.csv", 2, "Số thành viên", "ambiguous_count")),
    ("comma-grouped total", {"c.csv": CONF_HEAD + conf_row(total='"12,345"')},
     ("c.csv", 2, "Tổng số người dự", "ambiguous_count")),
    ("count in words", {"a.csv": ATT_HEAD + f"HN-1,{CELL},hơn 290,\n"}, ("a.csv", 2, "Số người dự", "count_in_words")),
    ("garbled count", {"a.csv": ATT_HEAD + f"HN-1,{CELL},12#,\n"}, ("a.csv", 2, "Số người dự", "bad_count")),
    ("party members above attendees", {"a.csv": ATT_HEAD + f"HN-1,{CELL},10,11\n"},
     ("a.csv", 2, "Số đảng viên", "party_members_above_attendees")),
    ("unknown conference", {"a.csv": ATT_HEAD + f"HN-9,{CELL},10,\n"}, ("a.csv", 2, "Mã hội nghị", "unknown_conference")),
    ("unregistered organisation", {"a.csv": ATT_HEAD + "HN-1,Chi bộ khu dân cư số 7,10,\n"},
     ("a.csv", 2, "Tổ chức", "unknown_organization")),
    ("unknown org type", {"o.csv": ORG_HEAD + "Chi bộ mới,Câu lạc bộ,10,\n"}, ("o.csv", 2, "Loại tổ chức", "unknown_org_type")),
    ("party members above members", {"o.csv": ORG_HEAD + "Chi hội mới,Hội khác,10,11\n"},
     ("o.csv", 2, "Số đảng viên", "party_members_above_members")),
    ("ragged row", {"a.csv": ATT_HEAD + f"HN-1,{CELL},10,5,7\n"}, ("a.csv", 2, None, "ragged_row")),
    ("total below rows", {"c.csv": CONF_HEAD + conf_row(cid="HN-1", date="27/4/2023", total="20")},
     ("c.csv", 2, "Tổng số người dự", "total_below_rows")),
    ("duplicate key across files", {"c1.csv": CONF_HEAD + conf_row(), "c2.csv": CONF_HEAD + conf_row()},
     ("c2.csv", 2, "Mã hội nghị", "duplicate_key")),
    ("empty file", {"e.csv": ""}, ("e.csv", None, None, "empty_file")),
    ("header only whitespace", {"e.csv": " \n\n"}, ("e.csv", None, None, "empty_file")),
    ("no recognisable header", {"n.csv": "a,b,c\n1,2,3\n"}, ("n.csv", 1, None, "no_header")),
]


@pytest.fixture
def seeded(base_store):
    """A store holding the registry, conference HN-1 and its attendance (a private copy of ``base_store_ro``)."""
    return base_store, Settings.load(store=base_store, default_unit=UNIT)


@pytest.mark.parametrize("case, files, expected", CASES, ids=[c[0] for c in CASES])
def test_refusal(seeded, case, files, expected):
    store, settings = seeded
    before = store_fingerprint(store)
    uploads = [csv_file(name, text) for name, text in files.items()]
    with pytest.raises(UserError) as refused:
        commit_upload(uploads, store, settings=settings)
    located = {(p.file, p.row, p.column, p.code) for p in refused.value.problems}
    assert expected in located, refused.value.render("en")
    assert store_fingerprint(store) == before
    for problem in refused.value.problems:  # every message renders in both languages
        assert problem.message("vi") and problem.message("en")


def test_suggests_closest_registered_name(seeded):
    store, settings = seeded
    plan = prepare_upload([csv_file("a.csv", ATT_HEAD + "HN-1,Chi bo khu dan cu so 1,10,\n")], store, settings=settings)
    problem = next(p for p in plan.problems if p.code == "unknown_organization")
    assert f"«{CELL}»" in problem.message("vi")


def test_binary_junk(seeded):
    store, settings = seeded
    junk = UploadFile("photo.csv", bytes(range(256)) * 20)
    with pytest.raises(UserError) as refused:
        commit_upload([junk], store, settings=settings)
    assert [(p.file, p.code) for p in refused.value.problems] == [("photo.csv", "binary_file")]


def test_legacy_xls_is_refused(seeded):
    store, settings = seeded
    with pytest.raises(UserError) as refused:
        commit_upload([UploadFile("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600)], store, settings=settings)
    assert refused.value.problems[0].code == "binary_file"


def test_size_limit(seeded):
    store, _ = seeded
    small = Settings.load(store=store, default_unit=UNIT, max_upload_mb=0.001)
    with pytest.raises(UserError) as refused:
        commit_upload([csv_file("big.csv", CONF_HEAD + conf_row() * 100)], store, settings=small)
    assert refused.value.problems[0].code == "file_too_large"
    assert "MB" in refused.value.problems[0].message("vi")


def test_no_unit_anywhere(tmp_path):
    settings = Settings.load(store=tmp_path / "s", default_unit="")
    plan = prepare_upload([csv_file("c.csv", CONF_HEAD + conf_row())], settings=settings)
    assert ("c.csv", "no_unit") in {(p.file, p.code) for p in plan.problems}


def test_every_problem_of_every_file_at_once(seeded):
    store, settings = seeded
    files = [
        csv_file("c.csv", CONF_HEAD + conf_row(date="31/02/2023") + conf_row(cid="HN-3", kind="xx")),
        csv_file("a.csv", ATT_HEAD + f"HN-1,{CELL},-1,\nHN-1,Nobody,1,\n"),
        csv_file("good.csv", CONFERENCES),
    ]
    before = store_fingerprint(store)
    with pytest.raises(UserError) as refused:
        commit_upload(files, store, settings=settings)
    codes = sorted((p.file, p.row, p.code) for p in refused.value.problems)
    assert codes == [("a.csv", 2, "negative_count"), ("a.csv", 3, "unknown_organization"),
                     ("c.csv", 2, "bad_date"), ("c.csv", 3, "unknown_kind")]
    assert store_fingerprint(store) == before  # the valid file was not written either


def test_cli_line_format(seeded):
    store, settings = seeded
    with pytest.raises(UserError) as refused:
        commit_upload([csv_file("c.csv", CONF_HEAD + conf_row(date="31/02/2023"))], store, settings=settings)
    assert refused.value.render("en").startswith("c.csv:2:Ngày: '31/02/2023' is not a valid date")
    assert refused.value.render("vi").startswith("c.csv:2:Ngày: «31/02/2023» không phải ngày hợp lệ")


def test_problem_table_headers(seeded):
    store, settings = seeded
    plan = prepare_upload([csv_file("e.csv", "")], store, settings=settings)
    frame = UserError(plan.problems).to_frame("vi")
    assert list(frame.columns) == ["Tệp", "Dòng", "Cột", "Giá trị", "Vấn đề"]
    assert UserError(plan.problems).to_frame("en").columns[0] == "file"


def test_attendance_and_conference_together_are_accepted(tmp_path):
    """A conference unknown to the store is fine when it comes in the same upload."""
    settings = Settings.load(store=tmp_path / "s", default_unit=UNIT)
    plan = prepare_upload(base_files(), settings=settings)
    assert plan.ok, [p.line("en") for p in plan.problems]
    assert ATTENDANCE and CONFERENCES


def test_comma_grouped_count_says_how_to_write_it(seeded):
    store, settings = seeded
    plan = prepare_upload([csv_file("a.csv", ATT_HEAD + f'HN-1,{CELL},"1,500",\n')], store, settings=settings)
    problem = next(p for p in plan.problems if p.code == "ambiguous_count")
    assert (problem.file, problem.row, problem.column, problem.value) == ("a.csv", 2, "Số người dự", "1,500")
    for lang in ("vi", "en"):
        assert "1500" in problem.message(lang) and "1.500" in problem.message(lang)
    fraction = next(p for p in prepare_upload([csv_file("a.csv", ATT_HEAD + f'HN-1,{CELL},"1,5",\n')], store,
                                              settings=settings).problems if p.code == "fractional_count")
    assert fraction.message("en") != problem.message("en") and "1,5" in fraction.message("vi")
