"""A unit adds documents to the catalogue by upload ("Danh mục văn bản"), cites them, and can undo it."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from dashboard.contract.documents import DEFAULT_CATALOGUE, document_name
from dashboard.errors import UserError
from dashboard.ingest import UploadFile, commit_upload, plan_undo, prepare_upload, undo_upload
from dashboard.settings import Settings
from dashboard.store import Store, catalogue_of, load

from tests.ingest.helpers import ATTENDANCE, CONFERENCES, ORGS, UNIT, base_files, csv_file, store_copy, store_fingerprint

HEAD = 'Loại văn bản,"Số, ký hiệu",Ngày ban hành,Cơ quan ban hành,Khóa,Hội nghị,Trích yếu,Nguồn\n'
# A ward committee's plan (a local code: it names a document only within the unit) and a made-up central
# resolution issued after the shipped catalogue (test data, not a real document).
PLAN = "Kế hoạch,58-KH/ĐU,15/01/2023,Ban Thường vụ Đảng ủy phường A,,,Về học tập chuyên đề năm 2023,Văn phòng Đảng ủy\n"
RESOLUTION = "Nghị quyết,91-NQ/TW,2023-03-01,Bộ Chính trị,XIII,,Văn bản giả định dùng cho kiểm thử,test\n"
CATALOGUE = HEAD + PLAN + RESOLUTION
PLAN_KEY, RESOLUTION_KEY = "58-KH/ĐU@2023-01-15", "91-NQ/TW@2023-03-01"

# HN-1 citing both new documents in full (code and date) and one shipped document.
CITING = CONFERENCES.replace(
    "Nghị quyết số 35-NQ/TW; 85-QĐ/TW",
    "quán triệt Kế hoạch số 58-KH/ĐU ngày 15/01/2023; Nghị quyết số 91-NQ/TW ngày 01/03/2023; "
    "Nghị quyết số 35-NQ/TW ngày 22/10/2018")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.load(store=tmp_path / "store", default_unit=UNIT)


def commit(settings, files, **kwargs):
    return commit_upload(files, settings.store, user="test", settings=settings, **kwargs)


# The stores most tests start from, each built once and copied for every test (``store_copy``).

def _built(folder: Path, *uploads: list[UploadFile], start: Path | None = None) -> Path:
    """A store: a copy of ``start`` (or a new one) in ``folder``, with each upload committed in turn."""
    store = store_copy(start, folder) if start is not None else folder / "store"
    settings = Settings.load(store=store, default_unit=UNIT)
    for files in uploads:
        assert commit(settings, files).committed
    return store


@pytest.fixture(scope="module")
def seeded_ro(tmp_path_factory) -> Path:
    """1: ``base_files()``."""
    return _built(tmp_path_factory.mktemp("seeded"), base_files())


@pytest.fixture(scope="module")
def catalogued_ro(tmp_path_factory, seeded_ro) -> Path:
    """1: ``base_files()``; 2: the catalogue file."""
    return _built(tmp_path_factory.mktemp("catalogued"), [csv_file("danh-muc.csv", CATALOGUE)], start=seeded_ro)


@pytest.fixture(scope="module")
def together_ro(tmp_path_factory) -> Path:
    """1: ``base_files()`` and the catalogue file in one upload."""
    return _built(tmp_path_factory.mktemp("together"), [*base_files(), csv_file("danh-muc.csv", CATALOGUE)])


@pytest.fixture
def seeded(tmp_path, seeded_ro) -> Settings:
    """``settings`` on a private copy of ``seeded_ro``."""
    return Settings.load(store=store_copy(seeded_ro, tmp_path), default_unit=UNIT)


@pytest.fixture
def catalogued(tmp_path, catalogued_ro) -> Settings:
    """``settings`` on a private copy of ``catalogued_ro``."""
    return Settings.load(store=store_copy(catalogued_ro, tmp_path), default_unit=UNIT)


@pytest.fixture
def together(tmp_path, together_ro) -> Settings:
    """``settings`` on a private copy of ``together_ro``."""
    return Settings.load(store=store_copy(together_ro, tmp_path), default_unit=UNIT)


def citing_files() -> list[UploadFile]:
    return [csv_file("orgs.csv", ORGS), csv_file("conf.csv", CITING), csv_file("att.csv", ATTENDANCE)]


def links(settings) -> dict[str, str]:
    frame = load(settings.store).conference_documents
    return dict(zip(frame["document"], frame["status"]))


def test_the_catalogue_file_is_recognised_previewed_and_stored(seeded):
    result = commit(seeded, [csv_file("danh-muc.csv", CATALOGUE)])
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert plan.ok and plan.files[0]["sheets"][0]["table"] == "catalogue"
    assert plan.summary == {"catalogue": {"added": 2, "changed": 0, "unchanged": 0, "removed": 0}} | {
        name: dict.fromkeys(("added", "changed", "unchanged", "removed"), 0)
        for name in ("conferences", "attendance", "organizations", "conference_documents")}
    assert "Danh mục văn bản" in plan.summary_frame("vi")["Bảng"].tolist()
    assert result.committed and result.version == 2
    stored = load(seeded.store).catalogue.set_index("document")
    assert sorted(stored.index) == [PLAN_KEY, RESOLUTION_KEY]
    assert stored.loc[PLAN_KEY, "unit"] == UNIT and stored.loc[PLAN_KEY, "code"] == "58-KH/ĐU"
    assert stored.loc[RESOLUTION_KEY, "issued"] == pd.Timestamp("2023-03-01") and stored.loc[RESOLUTION_KEY, "term"] == "XIII"
    assert pd.isna(stored.loc[PLAN_KEY, "term"])
    # The same file again changes nothing; a corrected title replaces the row of the same key.
    assert not commit(seeded, [csv_file("danh-muc.csv", CATALOGUE)]).committed
    corrected = CATALOGUE.replace("Về học tập chuyên đề năm 2023", "Về học tập chuyên đề toàn khóa")
    plan = prepare_upload([csv_file("danh-muc.csv", corrected)], seeded.store, settings=seeded)
    assert plan.summary["catalogue"] == {"added": 0, "changed": 1, "unchanged": 1, "removed": 0}


def test_a_conference_citing_an_uploaded_document_resolves_it(seeded):
    before = prepare_upload(citing_files(), seeded.store, settings=seeded)
    unknown = [w for w in before.warnings if w.code == "document_unknown"]
    assert [w.value for w in unknown] == ["quán triệt Kế hoạch số 58-KH/ĐU ngày 15/01/2023",
                                          "Nghị quyết số 91-NQ/TW ngày 01/03/2023"]
    commit(seeded, [csv_file("danh-muc.csv", CATALOGUE)])
    cited = commit(seeded, citing_files())
    after = cited.plan  # the preview the commit was made from (prepare_upload's)
    assert after.ok and after.warnings == []  # written in full, both now catalogued: nothing to warn about
    assert cited.committed
    assert links(seeded) == {PLAN_KEY: "exact", RESOLUTION_KEY: "exact", "35-NQ/TW@2018-10-22": "exact"}
    stored = load(seeded.store).conference_documents.set_index("document")
    assert stored.loc[PLAN_KEY, "role"] == "studied"
    # A short form resolves too, and the preview names the uploaded document.
    short = CITING.replace("Kế hoạch số 58-KH/ĐU ngày 15/01/2023", "KH 58")
    plan = prepare_upload([csv_file("conf.csv", short)], seeded.store, settings=seeded)
    resolved = [w for w in plan.warnings if w.code == "document_resolved"]
    assert [w.params["name"] for w in resolved] == ["Kế hoạch số 58-KH/ĐU ngày 15/1/2023"]


def test_one_workbook_adds_a_document_and_cites_it(settings):
    book = Workbook()
    book.remove(book.active)
    for title, text in (("Tổ chức", ORGS), ("Hội nghị", CITING), ("Thành phần", ATTENDANCE)):
        sheet = book.create_sheet(title)
        for line in text.strip().splitlines():
            sheet.append(line.split(","))
    sheet = book.create_sheet("Danh mục văn bản")
    sheet.append(["Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Hội nghị", "Trích yếu"])
    sheet.append(["Kế hoạch", "58-KH/ĐU", datetime(2023, 1, 15), "Ban Thường vụ", None, None, "Về học tập"])  # a date cell
    sheet.append(["Nghị quyết", "91 – NQ/TW", "01/03/2023", "Bộ Chính trị", 13, None, "Văn bản giả định"])
    out = io.BytesIO()
    book.save(out)
    result = commit(settings, [UploadFile("quy-2.xlsx", out.getvalue())])
    plan = result.plan  # the preview the commit was made from (prepare_upload's)
    assert plan.ok, plan.problems
    assert plan.warnings == []
    assert plan.summary["catalogue"]["added"] == 2
    assert result.committed
    assert links(settings) == {PLAN_KEY: "exact", RESOLUTION_KEY: "exact", "35-NQ/TW@2018-10-22": "exact"}
    assert load(settings.store).catalogue.set_index("document").loc[RESOLUTION_KEY, "term"] == "XIII"


def test_documents_belong_to_the_unit_that_added_them(catalogued):
    """58-KH/ĐU is signed by every ward's committee: ward A's plan is not ward B's."""
    other = "Đảng ủy phường B"
    ward_b = [csv_file(n, t.replace("phường A", "phường B")) for n, t in
              (("orgs.csv", ORGS), ("conf.csv", CITING), ("att.csv", ATTENDANCE))]
    plan = prepare_upload(ward_b, catalogued.store, unit=other, settings=catalogued)
    assert [w.code for w in plan.warnings if "58-KH" in w.value] == ["document_unknown"]
    # A unit's catalogue rows of a unit the uploader may not write are refused.
    with pytest.raises(UserError) as refused:
        commit(catalogued, [csv_file("danh-muc.csv", "Đơn vị," + HEAD.replace("\n", "") + "\n" + f"{other}," + PLAN)],
               allowed_units=[UNIT])
    assert [(p.code, p.column) for p in refused.value.problems] == [("unit_not_allowed", "Đơn vị")]


BAD = [
    ("bad date", PLAN.replace("15/01/2023", "31/02/2023"), ("d.csv", 2, "Ngày ban hành", "bad_date", "31/02/2023")),
    ("no date", PLAN.replace("15/01/2023", ""), ("d.csv", 2, "Ngày ban hành", "missing_value", None)),
    ("code contradicts the type word", PLAN.replace("Kế hoạch", "Nghị quyết", 1),
     ("d.csv", 2, "Số, ký hiệu", "catalogue_type_mismatch", "58-KH/ĐU")),
    ("not a Party code", PLAN.replace("58-KH/ĐU", "58/KH"), ("d.csv", 2, "Số, ký hiệu", "catalogue_bad_code", "58/KH")),
    ("unknown type word", PLAN.replace("Kế hoạch", "Công văn"),
     ("d.csv", 2, "Loại văn bản", "unknown_type_word", "Công văn")),
    ("bad term", PLAN.replace(",,,Về", ",XIIII5,,Về"), ("d.csv", 2, "Khóa", "catalogue_bad_term", "XIIII5")),
    ("no code and no occasion", PLAN.replace("58-KH/ĐU", ""), ("d.csv", 2, "Số, ký hiệu", "catalogue_no_identity", None)),
    ("duplicate key", PLAN + PLAN.replace("15/01/2023", "2023-01-15").replace("58-KH/ĐU", "58 – KH/ĐU"),
     ("d.csv", 3, "Số, ký hiệu", "catalogue_duplicate", "58-KH/ĐU")),
    ("conflicts with the shipped catalogue", "Quyết định,85-QĐ/TW,07/10/2022,Ban Bí thư,XIII,,Khác,\n",
     ("d.csv", 2, "Số, ký hiệu", "catalogue_conflict", "85-QĐ/TW")),
]


@pytest.mark.parametrize("case, rows, expected", BAD, ids=[b[0] for b in BAD])
def test_a_bad_catalogue_row_is_located_and_nothing_is_written(seeded, case, rows, expected):
    before = store_fingerprint(seeded.store)
    # With a conference citing it in the same upload: nothing of the upload is written.
    files = [csv_file("d.csv", HEAD + rows), csv_file("conf.csv", CITING)]
    with pytest.raises(UserError) as refused:
        commit(seeded, files)
    found = [(p.file, p.row, p.column, p.code, p.value) for p in refused.value.problems]
    assert found == [expected]
    problem = refused.value.problems[0]
    vi, en = problem.message("vi"), problem.message("en")
    assert vi and en and vi != en and "{" not in vi + en
    assert store_fingerprint(seeded.store) == before


def test_messages_say_what_is_wrong(settings):
    rows = (PLAN + PLAN.replace("15/01/2023", "2023-01-15")
            + "Quy định,85-QĐ/TW,07/10/2022,Ban Bí thư,XIII,,Một trích yếu khác,\n"
            + PLAN.replace("Kế hoạch", "Chỉ thị", 1).replace("58-KH", "59-KH"))
    plan = prepare_upload([csv_file("d.csv", HEAD + rows)], settings.store, settings=settings)
    by_row = {p.row: p for p in plan.problems}
    assert sorted(by_row) == [3, 4, 5]
    assert "ngày 15/1/2023 đã ghi ở dòng 2 của tệp d.csv" in by_row[3].message("vi")
    assert "already on row 2 of d.csv" in by_row[3].message("en")
    # The shipped document it contradicts is named, with its title.
    shipped = DEFAULT_CATALOGUE.get("85-QĐ/TW@2022-10-07")
    assert f"{shipped.full_name} («{shipped.title}»)" in by_row[4].message("vi")
    assert "already in the shipped catalogue" in by_row[4].message("en")
    assert "là của Kế hoạch, không khớp với loại văn bản «Chỉ thị»" in by_row[5].message("vi")
    assert "'59-KH/ĐU' is that of a Kế hoạch" in by_row[5].message("en")


def test_wrong_headers_are_refused(settings):
    # Without the issue date column the file is still a catalogue (its type word and code say so), incomplete.
    no_date = 'Loại văn bản,"Số, ký hiệu",Trích yếu\nKế hoạch,58-KH/ĐU,Về học tập\n'
    with pytest.raises(UserError) as refused:
        commit(settings, [csv_file("d.csv", no_date)])
    assert [(p.code, p.row, p.column) for p in refused.value.problems] == [("missing_column", 1, "Ngày ban hành")]
    assert "Danh mục văn bản" in refused.value.problems[0].message("vi")
    # Headers of no kind of file at all.
    with pytest.raises(UserError) as refused:
        commit(settings, [csv_file("d.csv", "Tài liệu,Ghi chú\nKH 58,15/01/2023\n")])
    assert [p.code for p in refused.value.problems] == ["no_header"]
    assert not (settings.store / "catalogue").exists()


def test_a_row_of_the_shipped_catalogue_is_accepted_and_not_stored(settings):
    shipped = "Quy định,85-QĐ/TW,07/10/2022,,,,,\n"
    result = commit(settings, [csv_file("d.csv", HEAD + shipped + PLAN)])
    assert load(settings.store).catalogue["document"].tolist() == [PLAN_KEY]
    assert result.plan.summary["catalogue"]["added"] == 1


def test_undo_removes_the_documents_the_upload_added(catalogued):
    version = Store(catalogued.store).version()  # the catalogue file's upload: the newest
    plan = plan_undo(catalogued.store, version)
    assert sorted(plan.remove["catalogue"]["document"]) == [PLAN_KEY, RESOLUTION_KEY] and not plan.conflicts
    assert "Danh mục văn bản" in plan.describe("vi") and "Document catalogue" in plan.describe("en")
    undo_upload(catalogued.store, version, user="test")
    assert load(catalogued.store).catalogue.empty
    assert len(load(catalogued.store, version=version).catalogue) == 2  # the version itself still reads
    # Undoing the undo brings them back.
    undo_upload(catalogued.store, version + 1, user="test")
    assert len(load(catalogued.store).catalogue) == 2


def test_undo_keeps_a_document_that_later_links_cite(catalogued):
    version = Store(catalogued.store).version()  # the catalogue file's upload: the newest
    cited = commit(catalogued, citing_files()).version
    plan = plan_undo(catalogued.store, version)
    conflicts = {(c.key[1], c.reason, c.later) for c in plan.conflicts}
    assert conflicts == {(PLAN_KEY, "still_used", (cited,)), (RESOLUTION_KEY, "still_used", (cited,))}
    with pytest.raises(UserError) as refused:  # every row it added is still cited: nothing it may remove
        undo_upload(catalogued.store, version, confirm_conflicts=True)
    assert refused.value.problems[0].code == "undo_nothing_left"
    # Once the citing upload is undone, the documents can go.
    undo_upload(catalogued.store, cited, user="test")
    undo_upload(catalogued.store, version, user="test")
    assert load(catalogued.store).catalogue.empty


def test_undo_of_a_workbook_that_added_and_cited_removes_both(seeded):
    version = commit(seeded, [csv_file("danh-muc.csv", CATALOGUE), csv_file("conf.csv", CITING)]).version
    plan = plan_undo(seeded.store, version)
    assert not plan.conflicts
    undo_upload(seeded.store, version, user="test")
    tables = load(seeded.store)
    assert tables.catalogue.empty
    assert sorted(tables.conference_documents["document"]) == ["35-NQ/TW@2018-10-22", "85-QĐ/TW@2022-10-07"]


def test_screens_name_uploaded_documents(together):
    tables = load(together.store)
    catalogue = catalogue_of(tables)
    assert catalogue_of(tables) is catalogue  # cached per loaded version
    assert document_name(PLAN_KEY, catalogue) == "Kế hoạch số 58-KH/ĐU ngày 15/1/2023"
    assert document_name(RESOLUTION_KEY, catalogue) == "Nghị quyết số 91-NQ/TW ngày 1/3/2023"
    assert RESOLUTION_KEY not in DEFAULT_CATALOGUE and len(catalogue) == len(DEFAULT_CATALOGUE) + 2
    assert catalogue_of(tables, units=["Đảng ủy phường B"]) is DEFAULT_CATALOGUE
    assert Store(together.store).ledger()[-1].counts["catalogue"]["added"] == 2


def test_the_documented_example_uploads(settings):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text(encoding="utf-8")
    section = doc.split("### catalogue (Danh mục văn bản)", 1)[1]
    example = re.search(r"```csv\n(.*?)```", section, re.S).group(1)
    loose = example.replace(",58-KH/ĐU,", ",58/KH-ĐU,")  # a Party code typed state-style, as the rules say

    def accepted(plan):
        assert plan.ok, plan.problems
        assert plan.summary["catalogue"]["added"] == 1  # the Congress resolution is shipped: accepted, not stored

    accepted(prepare_upload([csv_file("danh-muc.csv", example)], settings.store, settings=settings))
    result = commit(settings, [csv_file("danh-muc.csv", loose)])
    accepted(result.plan)  # the preview the commit was made from (prepare_upload's)
    assert result.committed
    assert load(settings.store).catalogue["document"].tolist() == [PLAN_KEY]


def test_analytics_and_tables_name_uploaded_documents(together):
    """topic_coverage and the heat map's table name a unit's uploaded document as the catalogue row words it."""
    from dashboard.transforms import document_quarters
    from dashboard.transforms import topic_coverage

    commit(together, citing_files())
    tables = load(together.store)
    names = topic_coverage(tables).set_index("document")["document_name"]
    assert names[PLAN_KEY] == "Kế hoạch số 58-KH/ĐU ngày 15/1/2023"
    assert names[RESOLUTION_KEY] == "Nghị quyết số 91-NQ/TW ngày 1/3/2023"
    quarters = document_quarters(tables).set_index("document")["document_name"]
    assert quarters[PLAN_KEY] == "Kế hoạch số 58-KH/ĐU ngày 15/1/2023"
