"""Document links on upload: one identity per document in any written form, roles from verbs, the role column or
the kind, a warning (never a refusal) for each reference not written in full, and stores written before all this."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from deltalake import DeltaTable

from dashboard.contract.schema import STORED_SCHEMAS
from dashboard.errors import MESSAGES, Problem
from dashboard.ingest import commit_upload, prepare_upload
from dashboard.settings import Settings
from dashboard.store import Store, load
from dashboard.transforms import topic_coverage
from tests.ingest.helpers import UNIT, csv_file

NQ35 = "35-NQ/TW@2018-10-22"
# Five chi bộ: Party members, exempt → expected to study 25 + 20 + 10 + 12 + 8 = 75.
CELLS = (("CB1", 30, 5), ("CB2", 20, 0), ("CB3", 10, 0), ("CB4", 12, 0), ("CB5", 8, 0))
ORGS = "Tổ chức,Loại tổ chức,Số thành viên,Số đảng viên,Số miễn sinh hoạt\n" + f"{UNIT},Đảng ủy,15,15,0\n" + "".join(
    f"{name},Chi bộ,{pm},{pm},{exempt}\n" for name, pm, exempt in CELLS)
CONF_HEAD = "Mã hội nghị,Ngày,Tên hội nghị,Đơn vị tổ chức,Loại hình,Văn bản"


def conferences(rows: list[tuple], role_column: bool = False) -> str:
    """(id, date, kind, documents[, role]) rows as a conferences file."""
    head = CONF_HEAD + (",Vai trò văn bản" if role_column else "")
    lines = [f'{cid},{day},Hội nghị {cid},{UNIT},"{kind}","{docs}"' + (f",{rest[0] if rest else ''}" if role_column else "")
             for cid, day, kind, docs, *rest in rows]
    return "\n".join([head, *lines]) + "\n"


def attendance(rows: list[tuple]) -> str:
    return "Mã hội nghị,Tổ chức,Số người dự,Số đảng viên\n" + "".join(f"{c},{o},{n},{n}\n" for c, o, n in rows)


def upload(tmp_path, conf: str, att: str = "", settings=None):
    settings = settings or Settings.load(store=tmp_path / "store", default_unit=UNIT)
    files = [csv_file("orgs.csv", ORGS), csv_file("conf.csv", conf)]
    if att:
        files.append(csv_file("att.csv", att))
    return files, settings


def links_of(store) -> pd.DataFrame:
    return load(store).conference_documents.set_index("conference_id")


FIVE_FORMS = ("Nghị quyết số 35-NQ/TW ngày 22/10/2018", "NQ 35", "35/NQ-TW", "35 – NQ/TW", "nghị quyết số 35")


def test_one_document_in_five_forms_is_one_document_studied_by_everyone(tmp_path):
    # Each form at its own study session, each attended by one chi bộ with all its members expected.
    rows = [(f"HT-{i}", f"{10 + i}/5/2023", "Học tập, quán triệt", form) for i, form in enumerate(FIVE_FORMS, 1)]
    came = [(f"HT-{i}", name, pm - exempt) for i, (name, pm, exempt) in enumerate(CELLS, 1)]
    files, settings = upload(tmp_path, conferences(rows), attendance(came))
    result = commit_upload(files, settings=settings)
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert plan.ok
    # Four forms were read, not written in full: each says which document it became.
    assert [(p.code, p.value) for p in plan.warnings] == [("document_resolved", f) for f in FIVE_FORMS[1:]]
    assert plan.warnings[0].message("vi") == ("«NQ 35» được hiểu là Nghị quyết số 35-NQ/TW ngày 22/10/2018. Nếu không "
                                              "đúng, hãy ghi đủ số, ký hiệu và ngày ban hành.")
    assert result.committed
    links = links_of(settings.store)
    assert set(links["document"]) == {NQ35} and set(links["role"]) == {"studied"}
    assert links["status"].tolist() == ["exact", "resolved", "resolved", "resolved", "resolved"]
    assert links["raw"].tolist() == list(FIVE_FORMS)
    coverage = topic_coverage(load(settings.store))
    assert len(coverage) == 1  # as five documents, each would have had a fifth of the rate
    row = coverage.iloc[0]
    assert row[["study_sessions", "party_members_studied", "party_members_total"]].tolist() == [5, 75, 75]
    assert row["study_rate"] == 1.0


def test_two_spellings_in_one_conference_are_one_row(tmp_path):
    files, settings = upload(tmp_path, conferences([("HN-1", "27/4/2023", "Thông tin thời sự",
                                                      "Nghị quyết số 35-NQ/TW; tuyên truyền, quán triệt NQ 35")]))
    commit_upload(files, settings=settings)
    links = links_of(settings.store)
    assert links["document"].tolist() == [NQ35]
    assert links["role"].tolist() == ["studied"]  # one of the two citations studies it


def test_numbers_of_two_terms_never_merge(tmp_path):
    rows = [("HN-2018", "10/01/2018", "Học tập, quán triệt", "Nghị quyết số 18-NQ/TW"),
            ("HN-2022", "10/08/2022", "Học tập, quán triệt", "NQ 18")]
    files, settings = upload(tmp_path, conferences(rows))
    result = commit_upload(files, settings=settings)
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert result.committed
    links = links_of(settings.store)
    assert links.loc["HN-2018", "document"] == "18-NQ/TW@2017-10-25"
    assert links.loc["HN-2022", "document"] == "18-NQ/TW@2022-06-16"
    assert len(topic_coverage(load(settings.store))) == 2
    # The number names two documents: each warning says which one was taken (the latest before the
    # conference), and the other.
    latest = [p for p in plan.warnings if p.code == "document_resolved_latest"]
    assert [p.value for p in latest] == ["Nghị quyết số 18-NQ/TW", "NQ 18"]
    assert latest[1].message("vi").startswith("«NQ 18» được hiểu là Nghị quyết số 18-NQ/TW ngày 16/6/2022")
    assert "25/10/2017" in latest[1].message("vi") and "10/8/2022" in latest[1].message("vi")


@pytest.mark.parametrize("kind, cell, code, shown", [
    ("Học tập, quán triệt", "Nghị quyết số 99-NQ/TW", "document_unknown", "Có phải"),
    ("Học tập, quán triệt", "Kết luận số 35-NQ/TW", "document_ambiguous", "Có phải"),
    ("Học tập, quán triệt", "Văn bản của cấp trên", "document_unrecognised", "Văn bản của cấp trên"),
    ("Thông tin thời sự", "Nghị định 30/2020/NĐ-CP", "document_state", "Nhà nước"),
    ("Học tập, quán triệt", "Nghị quyết số 57-NQ/TW ngày 22/12/2024", "document_after_conference", "10/5/2023"),
    ("Học tập, quán triệt", "NQ 57", "document_after_conference", "22/12/2024"),
    ("Trực tuyến", "Nghị quyết số 35-NQ/TW ngày 22/10/2018", "document_role_unknown", "tuyên truyền"),
])
def test_each_reference_not_written_in_full_is_a_warning_not_a_refusal(tmp_path, kind, cell, code, shown):
    files, settings = upload(tmp_path, conferences([("HN-1", "10/5/2023", kind, cell)]))
    result = commit_upload(files, settings=settings)
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert plan.ok and not plan.problems
    assert [p.code for p in plan.warnings] == [code]
    warning = plan.warnings[0]
    assert (warning.file, warning.row, warning.column, warning.value) == ("conf.csv", 2, "Văn bản", cell)
    assert shown in warning.message("vi")
    assert warning.message("en")  # both languages render with these parameters
    assert result.committed  # stored as written, the upload goes ahead


def test_a_reference_written_in_full_needs_no_warning(tmp_path):
    files, settings = upload(tmp_path, conferences([("HN-1", "10/5/2023", "Thông tin thời sự",
                                                      "Nghị quyết số 35-NQ/TW ngày 22/10/2018")]))
    assert prepare_upload(files, settings=settings).warnings == []


def test_every_warning_code_has_both_languages():
    codes = [c for c in MESSAGES if c.startswith("document_")]
    assert len(codes) == 8
    for code in codes:
        params = {"name": "N", "date": "D", "others": "O", "kind": "K", "suggestions": ["S"]}
        assert Problem(code, value="V", params=params).message("vi") != Problem(code, value="V", params=params).message("en")


def test_unknown_document_suggests_the_closest(tmp_path):
    files, settings = upload(tmp_path, conferences([("HN-1", "10/5/2023", "Học tập, quán triệt", "Nghị quyết số 53-NQ/TW")]))
    warning = prepare_upload(files, settings=settings).warnings[0]
    assert warning.code == "document_unknown" and warning.params["suggestions"]
    assert "Có phải: «" in warning.message("vi") and "«Nghị quyết số 35-NQ/TW ngày 22/10/2018»" in warning.message("vi")


# --- roles ---------------------------------------------------------------------------------------------------


def test_the_verb_before_each_reference_gives_its_role(tmp_path):
    files, settings = upload(tmp_path, conferences([("HN-1", "27/4/2023", "Thông tin thời sự",
                                                      "quán triệt 85-QĐ/TW; tuyên truyền 35-NQ/TW")]))
    commit_upload(files, settings=settings)
    links = links_of(settings.store).set_index("code")
    assert links["role"].to_dict() == {"85-QĐ/TW": "studied", "35-NQ/TW": "disseminated"}


def test_the_founding_posts_roles(tmp_path):
    cell = ("tuyên truyền Nghị quyết số 35-NQ/TW ngày 22/10/2018; quán triệt, triển khai thực hiện Quy định số "
            "85-QĐ/TW ngày 07/10/2022 và Hướng dẫn số 99-HD/BTGTW ngày 20/3/2023")
    files, settings = upload(tmp_path, conferences([("HN-2023-03", "27/4/2023", "Thông tin thời sự", cell)]))
    result = commit_upload(files, settings=settings)
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert plan.warnings == []  # every reference written in full
    assert result.committed
    stored = load(settings.store)
    links = stored.conference_documents.set_index("document")
    assert links["role"].to_dict() == {NQ35: "disseminated", "85-QĐ/TW@2022-10-07": "studied",
                                       "99-HD/BTGTW@2023-03-20": "studied"}
    assert stored.conferences["documents"].tolist() == ["35-NQ/TW; 85-QĐ/TW; 99-HD/BTGTW"]


@pytest.mark.parametrize("kind, role, cell, expected", [
    # The column covers references without a verb; a verb of their own wins.
    ("Thông tin thời sự", "học tập", "Nghị quyết số 35-NQ/TW; tuyên truyền Quy định 85",
     {"35-NQ/TW": "studied", "85-QĐ/TW": "disseminated"}),
    ("Học tập, quán triệt", "disseminated", "35-NQ/TW", {"35-NQ/TW": "disseminated"}),
    ("Trực tuyến", "Quán triệt", "35-NQ/TW", {"35-NQ/TW": "studied"}),
    ("Trực tuyến", "Giới thiệu", "35-NQ/TW", {"35-NQ/TW": "disseminated"}),
    ("Học tập, quán triệt", "", "35-NQ/TW", {"35-NQ/TW": "studied"}),  # blank: the kind's default
])
def test_the_role_column(tmp_path, kind, role, cell, expected):
    files, settings = upload(tmp_path, conferences([("HN-1", "10/5/2023", kind, cell, role)], role_column=True))
    result = commit_upload(files, settings=settings)
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert "document_role_unknown" not in {p.code for p in plan.warnings}
    assert result.committed
    assert links_of(settings.store).set_index("code")["role"].to_dict() == expected


def test_an_unknown_role_is_refused_with_its_cell(tmp_path):
    files, settings = upload(tmp_path, conferences([("HN-1", "10/5/2023", "Trực tuyến", "35-NQ/TW", "xem")],
                                                   role_column=True))
    plan = prepare_upload(files, settings=settings)
    assert [(p.code, p.row, p.column, p.value) for p in plan.problems] == [("unknown_role", 2, "Vai trò văn bản", "xem")]
    assert "tuyên truyền" in plan.problems[0].message("vi")


# --- stores written before identities and roles ------------------------------------------------------------------

OLD_LINKS = pa.schema([("unit", pa.string()), ("conference_id", pa.string()), ("document", pa.string()),
                       ("raw", pa.string())])


def test_a_store_written_before_roles_reads_and_takes_new_uploads(tmp_path, monkeypatch):
    rows = [("HN-1", "27/4/2023", "Thông tin thời sự", "Nghị quyết số 35-NQ/TW; quán triệt Quy định số 85-QĐ/TW"),
            ("HN-2", "10/5/2023", "Học tập, quán triệt", "35-NQ/TW; NQ 35"),
            ("HN-3", "12/5/2023", "Trực tuyến", "Văn bản của cấp trên")]
    files, settings = upload(tmp_path, conferences(rows), attendance([("HN-2", "CB1", 20)]))
    plan = prepare_upload(files, settings=settings)
    # What the code before this change stored: one row per code (or text), no code/status/role columns.
    old = pd.DataFrame([(UNIT, "HN-1", "35-NQ/TW", "Nghị quyết số 35-NQ/TW"),
                        (UNIT, "HN-1", "85-QĐ/TW", "quán triệt Quy định số 85-QĐ/TW"),
                        (UNIT, "HN-2", "35-NQ/TW", "35-NQ/TW"), (UNIT, "HN-2", "NQ 35", "NQ 35"),
                        (UNIT, "HN-3", "Văn bản của cấp trên", "Văn bản của cấp trên")],
                       columns=OLD_LINKS.names)
    changes = dict(plan.changes, conference_documents=([UNIT], old))
    with monkeypatch.context() as patch:
        patch.setitem(STORED_SCHEMAS, "conference_documents", OLD_LINKS)
        Store(settings.store).commit(changes, user="old", action="upload", units=[UNIT], files=[], counts={})
    stored = Store(settings.store)
    assert DeltaTable(str(stored.path / "conference_documents")).to_pyarrow_table().schema.names == OLD_LINKS.names

    links = load(settings.store).conference_documents
    assert set(links["status"]) == {"legacy"}
    by = links.set_index(["conference_id", "document"])
    assert by["role"].to_dict() == {
        ("HN-1", NQ35): "disseminated",  # a briefing's default
        ("HN-1", "85-QĐ/TW@2022-10-07"): "studied",  # the verb kept in raw
        ("HN-2", NQ35): "studied",  # "35-NQ/TW" and "NQ 35": one document now
        ("HN-3", "Văn bản của cấp trên"): "disseminated",  # no verb, no default: never counted as studied
    }
    assert by.loc[("HN-1", NQ35), "code"] == "35-NQ/TW"
    rate = topic_coverage(load(settings.store)).set_index("document").loc[NQ35, "party_members_studied"]
    assert rate == 20  # the old rows feed the new definition
    assert stored.read_units("conference_documents", stored.version(), [UNIT])["status"].eq("legacy").all()

    # A later upload of the unit writes through the old table (it gains the columns) and stores its links anew.
    more, _ = upload(tmp_path, conferences([("HN-4", "20/5/2023", "Học tập, quán triệt", "NQ 35")]))
    assert commit_upload(more, settings=settings).committed
    after = load(settings.store).conference_documents.set_index("conference_id")
    assert after.loc["HN-4", ["document", "status", "role"]].tolist() == [NQ35, "resolved", "studied"]
    assert (after.drop(index="HN-4")["status"] == "legacy").all()
