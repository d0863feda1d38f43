"""Probable duplicate conferences: same unit, date and folded title under another id are listed and need a confirmation."""

from __future__ import annotations

import unicodedata

import pytest

from dashboard.cli import main
from dashboard.errors import UserError
from dashboard.ingest import commit_upload, prepare_upload
from dashboard.settings import Settings
from dashboard.store import load

from tests.ingest.helpers import CONFERENCES, UNIT, base_files, csv_file, store_fingerprint

TITLE = "Hội nghị thông tin thời sự Quý II năm 2023"
HEAD = "Mã hội nghị,Ngày,Buổi,Tên hội nghị,Đơn vị tổ chức,Loại hình\n"


def conference(cid: str, date: str = "27/4/2023", title: str = TITLE, session: str = "") -> str:
    return f"{cid},{date},{session},{title},{UNIT},Thông tin thời sự\n"


@pytest.fixture
def seeded(based):
    """A store holding the registry and HN-1: 27/4/2023, the quarter's current-affairs briefing (a private copy of
    ``base_store_ro``)."""
    return based


def duplicates(settings, text: str) -> list[tuple]:
    plan = prepare_upload([csv_file("c.csv", text)], settings=settings)
    assert plan.ok, plan.problems
    return [(p.code, p.file, p.row, p.column, p.value, p.params["other"]) for p in plan.duplicates]


def test_same_date_and_title_under_another_id_is_listed_and_needs_confirmation(seeded):
    upload = [csv_file("c.csv", HEAD + conference("HN-2"))]
    assert duplicates(seeded, HEAD + conference("HN-2")) == [
        ("probable_duplicate_stored", "c.csv", 2, "Mã hội nghị", "HN-2", "HN-1")]
    before = store_fingerprint(seeded.store)
    with pytest.raises(UserError) as refused:
        commit_upload(upload, settings=seeded)
    assert [p.code for p in refused.value.problems] == ["probable_duplicate_stored"]
    for lang, hint in (("vi", "--confirm-duplicates"), ("en", "--confirm-duplicates")):
        message = refused.value.problems[0].message(lang)
        assert "HN-1" in message and "27/04/2023" in message and hint in message
    assert store_fingerprint(seeded.store) == before
    result = commit_upload(upload, settings=seeded, confirm_duplicates=True)
    assert result.committed
    assert sorted(load(seeded.store).conferences["conference_id"]) == ["HN-1", "HN-2"]


@pytest.mark.parametrize("row", [
    conference("HN-2", date="28/4/2023"),
    conference("HN-2", title="Hội nghị thông tin thời sự Quý III năm 2023"),
    conference("HN-1", title=TITLE),  # the same conference re-uploaded under its own id replaces it
], ids=["another date", "another title", "same id"])
def test_not_a_duplicate(seeded, row):
    assert duplicates(seeded, HEAD + row) == []


@pytest.mark.parametrize("title", [
    TITLE.upper(),
    TITLE.lower(),
    "  Hội nghị  thông tin thời sự Quý II năm 2023 ",
    unicodedata.normalize("NFD", TITLE),
], ids=["capitals", "lower case", "spacing", "NFD"])
def test_case_spacing_and_normalisation_variants_are_listed(seeded, title):
    assert [d[-1] for d in duplicates(seeded, HEAD + conference("HN-2", title=title))] == ["HN-1"]


def test_tone_placement_variants_are_listed(seeded):
    """Old and new tone placement (``uỷ``/``ủy``, ``khoá``/``khóa``, ``hoà``/``hòa``) are one title."""
    new_style = "Hội nghị Đảng ủy mở rộng khóa XIII về hòa giải ở cơ sở"
    commit_upload([csv_file("c.csv", HEAD + conference("HN-5", date="5/6/2023", title=new_style))], settings=seeded)
    old_style = "Hội nghị Đảng uỷ mở rộng khoá XIII về hoà giải ở cơ sở"
    assert old_style != new_style
    assert [d[-1] for d in duplicates(seeded, HEAD + conference("HN-6", date="05/06/2023", title=old_style))] == ["HN-5"]


def test_two_rows_of_one_upload(seeded):
    text = (HEAD + conference("HN-7", date="1/7/2023", title="Sơ kết 6 tháng")
            + conference("HN-8", date="1/7/2023", title="Sơ kết 6 tháng"))
    plan = prepare_upload([csv_file("c.csv", text)], settings=seeded)
    [problem] = plan.duplicates
    assert (problem.code, problem.row, problem.value, problem.params["other"], problem.params["first_row"]) == (
        "probable_duplicate_upload", 3, "HN-8", "HN-7", 2)
    assert "dòng 2" in problem.message("vi") and "row 2" in problem.message("en")


def test_two_sessions_of_one_day_are_not_duplicates(seeded):
    text = (HEAD + conference("HN-7", date="1/7/2023", title="Sơ kết 6 tháng", session="sáng")
            + conference("HN-8", date="1/7/2023", title="Sơ kết 6 tháng", session="chiều"))
    assert duplicates(seeded, text) == []
    same = (HEAD + conference("HN-7", date="1/7/2023", title="Sơ kết 6 tháng", session="chiều")
            + conference("HN-8", date="1/7/2023", title="Sơ kết 6 tháng", session="chieu"))
    assert len(duplicates(seeded, same)) == 1
    unknown = (HEAD + conference("HN-7", date="1/7/2023", title="Sơ kết 6 tháng", session="sáng")
               + conference("HN-8", date="1/7/2023", title="Sơ kết 6 tháng"))
    assert len(duplicates(seeded, unknown)) == 1  # one session not given: still probably the same


def test_a_confirmed_pair_is_not_asked_again(seeded):
    commit_upload([csv_file("c.csv", HEAD + conference("HN-2"))], settings=seeded, confirm_duplicates=True)
    # HN-2 re-uploaded with a new location: the pair was confirmed when HN-2 was first written.
    assert duplicates(seeded, HEAD.replace("\n", ",Địa điểm\n") + conference("HN-2").replace("\n", ",Hội trường\n")) == []
    again = commit_upload([csv_file("c.csv", HEAD + conference("HN-2"))], settings=seeded)
    assert not again.committed  # the same data again: nothing to write, nothing to confirm


def test_other_units_are_never_duplicates(seeded):
    other = Settings.load(store=seeded.store, default_unit="Đảng ủy phường B")
    files = [csv_file(f.name, f.content.decode().replace("phường A", "phường B")) for f in base_files()]
    plan = prepare_upload(files, settings=other)
    assert plan.ok and plan.duplicates == []


def test_cli_confirm_duplicates(seeded, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(CONFERENCES.replace("HN-1", "HN-2"), encoding="utf-8")
    args = ["--lang", "en", "ingest", "--store", str(seeded.store), "--unit", UNIT, str(path)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{path.name}:2:Mã hội nghị: Probable duplicate: conference 'HN-2'" in err
    assert main([*args[:3], "--dry-run", *args[3:]]) == 0
    assert "--confirm-duplicates" in capsys.readouterr().err
    assert load(seeded.store).version == 1
    assert main([*args, "--confirm-duplicates"]) == 0
    assert load(seeded.store).version == 2
