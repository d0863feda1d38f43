"""The one message catalogue (dashboard.messages): both languages, the same placeholders, no word of the
other language, every code the package uses present and every entry used."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

from dashboard import errors, i18n
from dashboard.errors import Problem, problems_frame
from dashboard.messages import MESSAGES, localised, message, namespace, placeholders

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
NAMESPACES = {"ui", "error", "problems", "upload", "cli", "login", "report"}

# Vietnamese an English message may hold: what the user must type or find as written — template column
# headers and file kinds, vocabulary values, a document code. Each entry is used (checked below).
VIETNAMESE_IN_ENGLISH = (
    "Danh mục văn bản", "Vai trò văn bản", "Đổi tên thành", "Ngày đổi tên", "Đến ngày", "Từ ngày", "Đơn vị",
    "Hội nghị", "Đại hội", "Khóa",
    "học tập", "quán triệt", "tuyên truyền", "thông tin", "giới thiệu", "sáng", "chiều", "tối",
    "58-KH/ĐU",
)
# Common English words that have no place in a Vietnamese message (none is also a Vietnamese word
# written without marks, as "to", "do", "so", "ban" or "tin" are).
ENGLISH_WORDS = {
    "the", "and", "of", "or", "is", "are", "with", "for", "from", "not", "please", "you", "your", "this", "that",
    "file", "files", "upload", "uploads", "uploaded", "rollback", "row", "rows", "column", "columns", "cell",
    "cells", "sheet", "template", "table", "page", "data", "store", "version", "unit", "error", "warning",
    "commit", "committed", "undo", "restore", "preview", "download", "click", "login", "logout", "password",
    "user", "report", "document", "conference", "quarter", "period", "filter", "chart", "check", "save", "delete",
}
# Terms a Vietnamese message keeps in their own spelling: product and format names, keys, units.
TECHNICAL = {"CSV", "UTF", "Excel", "xlsx", "DOCX", "Word", "MB", "byte", "Enter", "Ctrl", "End", "web", "http",
             "https"}
# Catalogue entries no code names literally, kept on purpose (none today).
KEPT: set[str] = set()

_MARKS = re.compile("[\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323đĐ]")


def vietnamese(text: str) -> bool:
    """Whether ``text`` holds a Vietnamese letter (đ, or a letter with a Vietnamese mark: ă â ê ô ơ ư, tones)."""
    return _MARKS.search(unicodedata.normalize("NFD", text)) is not None


def _plain(template: str) -> str:
    return re.sub(r"\{\w*\}", " ", template)


# --- the catalogue itself ---------------------------------------------------------------------------------------

def test_every_code_is_namespaced():
    assert len(MESSAGES) > 250  # the loops below check something
    for code in MESSAGES:
        space, _, name = code.partition(".")
        assert space in NAMESPACES and re.fullmatch(r"[a-z0-9_]+", name), code


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_with_the_same_placeholders(code):
    vi, en = MESSAGES[code]
    assert isinstance(vi, str) and isinstance(en, str)
    assert vi.strip() and en.strip() and vi != en
    assert placeholders(vi) == placeholders(en)
    for template in (vi, en):  # every brace is a placeholder: formatting never fails on a stray one
        assert all(re.fullmatch(r"\w+", name) for name in placeholders(template)), template


def test_no_english_message_holds_vietnamese():
    found = {}
    for code, (_, en) in MESSAGES.items():
        text = _plain(en)
        for term in VIETNAMESE_IN_ENGLISH:
            text = text.replace(term, " ")
        words = [w for w in re.findall(r"[\w/-]+", text) if vietnamese(w)]
        if words:
            found[code] = words
    assert not found


def test_the_allowance_is_small_and_used():
    assert len(VIETNAMESE_IN_ENGLISH) <= 20
    english = " ".join(en for _, en in MESSAGES.values())
    assert [term for term in VIETNAMESE_IN_ENGLISH if term not in english] == []


def test_no_vietnamese_message_holds_english():
    found = {}
    for code, (vi, _) in MESSAGES.items():
        text = re.sub(r"--[\w-]+", " ", _plain(vi))  # command-line options are typed as written
        words = [w for w in re.findall(r"[^\W\d_]+", text)
                 if w not in TECHNICAL and w.lower() in ENGLISH_WORDS]
        if words:
            found[code] = words
    assert not found


def test_the_checks_catch_what_they_look_for():
    assert vietnamese("Each hội nghị appears once") and vietnamese("đ") and vietnamese("Khóa")
    assert not vietnamese("Each conference appears once, e.g. 35-NQ/TW")
    assert {"upload", "row"} <= {w.lower() for w in re.findall(r"[^\W\d_]+", "Upload lại Row này")} & ENGLISH_WORDS


# --- rendering -------------------------------------------------------------------------------------------------

def test_message_localises_at_render_time():
    assert message("ui.undo_done", "en", target=3, version=5) == "Undid upload #3; the new version is 5."
    assert message("ui.undo_done", "vi", target=3, version=5).startswith("Đã hoàn tác lần tải lên #3")
    assert message("ui.undo_done", None, target=3, version=5) == message("ui.undo_done", "vi", target=3, version=5)
    what = localised("hội nghị", "conference")
    assert message("error.duplicate_key", "en", value="HN-1", first_row=2, first_file="a.csv", what=what).endswith(
        "Each conference appears once.")
    assert "Mỗi hội nghị chỉ ghi một lần" in message("error.duplicate_key", "vi", value="HN-1", first_row=2,
                                                      first_file="a.csv", what=what)


def test_a_missing_parameter_or_code_is_a_clear_key_error():
    with pytest.raises(KeyError, match="ui.undo_done.*version"):
        message("ui.undo_done", "en", target=3)
    with pytest.raises(KeyError, match="no message 'ui.nope'"):
        message("ui.nope", "en")


def test_the_old_lookups_are_views_of_the_catalogue():
    assert i18n.TEXT == namespace("ui") and errors.MESSAGES == namespace("error")
    assert i18n.t("undo_done", "en", target=1, version=2) == message("ui.undo_done", "en", target=1, version=2)
    assert i18n.t("grid_newest", "en") == MESSAGES["ui.grid_newest"][1]  # a template a caller fills later
    problem = Problem("unknown_organization", "a.csv", 2, "Tổ chức", "Chi bo 1", params={"suggestions": ["Chi bộ 1"]})
    assert problem.message("en") == ("Organisation 'Chi bo 1' is not in the unit's registry. Did you mean: "
                                     "'Chi bộ 1'? Fix the name or upload the organizations file with it.")
    assert "Có phải: «Chi bộ 1»?" in problem.message("vi")
    assert list(problems_frame([problem], "vi").columns) == ["Tệp", "Dòng", "Cột", "Giá trị", "Vấn đề"]
    assert list(problems_frame([problem], "en").columns) == ["file", "row", "column", "value", "message"]


def test_the_upload_summary_is_localised():
    from dashboard.ingest.upload import UploadPlan

    plan = UploadPlan(0, [], [], summary={"conferences": dict(added=1, changed=0, unchanged=2, removed=0)})
    assert plan.summary_frame("en").to_dict("records") == [
        {"Table": "Conferences", "Added": 1, "Changed": 0, "Unchanged": 2, "Removed": 0}]
    assert plan.summary_frame("vi").columns[0] == "Bảng" and plan.summary_frame("vi").iloc[0, 0] == "Hội nghị"


def test_a_duplicate_key_reads_in_english(tmp_path):
    from dashboard.ingest import prepare_upload
    from dashboard.settings import Settings

    from tests.ingest.helpers import ORGS, csv_file

    twice = ORGS + ORGS.splitlines()[-1] + "\n"
    settings = Settings.load(store=tmp_path / "store", default_unit="Đảng ủy phường A")
    plan = prepare_upload([csv_file("o.csv", twice)], tmp_path / "store", settings=settings)
    problem = next(p for p in plan.problems if p.code == "duplicate_key")
    english = problem.message("en")
    assert "organisation" in english and not vietnamese(english.replace(problem.value, "").replace(problem.column, ""))
    assert "tổ chức" in problem.message("vi")


# --- the package's use of the catalogue ------------------------------------------------------------------------

def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "messages.py" or path.parent != PACKAGE:
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


# A call whose first argument names a message → the namespace of that name (None: the code itself).
_CALLERS = {"t": "ui", "Problem": "error", "say": "cli", "message": None}
_CALLERS_IN = {("pages/report.py", "text"): "report", ("ingest/upload.py", "warn"): "error"}


def _calls():
    """(where, code, call, parent) for every literal message code the package passes."""
    for path, tree in _modules():
        relative = path.relative_to(PACKAGE).as_posix()
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name = node.func.id
            if name in _CALLERS:
                space = _CALLERS[name]
            elif (relative, name) in _CALLERS_IN:
                space = _CALLERS_IN[(relative, name)]
            else:
                continue
            first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                code = first.value if space is None else f"{space}.{first.value}"
                yield f"{relative}:{node.lineno}", code, node, parents.get(node)
            elif isinstance(first, ast.JoinedStr) and space is None:
                prefix = first.values[0].value if isinstance(first.values[0], ast.Constant) else ""
                yield f"{relative}:{node.lineno}", prefix + "*", node, parents.get(node)


def _given(call: ast.Call, parent: ast.AST | None) -> set[str] | None:
    """The parameter names a call provides (None: cannot tell, as with ``**params``)."""
    keywords = call.keywords
    if (not keywords and isinstance(parent, ast.Attribute) and parent.attr == "format"):
        return None  # t("key", lang).format(...): filled by the caller (checked by running the pages)
    if any(k.arg is None for k in keywords):
        return None
    names = {k.arg for k in keywords if k.arg not in ("code", "lang")}
    if isinstance(call.func, ast.Name) and call.func.id == "Problem":
        params = next((k.value for k in keywords if k.arg == "params"), call.args[5] if len(call.args) > 5 else None)
        if params is not None and (not isinstance(params, ast.Dict) or None in params.keys):
            return None
        names = {k.value for k in params.keys if isinstance(k, ast.Constant)} if params is not None else set()
    if isinstance(call.func, ast.Name) and call.func.id in ("Problem", "warn"):
        names |= {"value"} | ({"suggest"} if "suggestions" in names else set())
    return names


def test_every_code_the_package_uses_exists_with_its_parameters():
    calls = list(_calls())
    assert len(calls) > 150  # the scan finds the calls
    missing, unfilled = [], []
    for where, code, call, parent in calls:
        if code.endswith("*"):
            if not any(c.startswith(code[:-1]) for c in MESSAGES):
                missing.append((where, code))
            continue
        if code not in MESSAGES:
            missing.append((where, code))
            continue
        given = _given(call, parent)
        needed = placeholders(MESSAGES[code][0])
        if given is not None and not needed <= given:
            unfilled.append((where, code, sorted(needed - given)))
    assert not missing
    assert not unfilled


def _strings() -> tuple[set[str], set[str]]:
    """Every string constant of the package (but the catalogue), and every f-string's literal start."""
    constants, prefixes = set(), set()
    for _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                if node.values and isinstance(node.values[0], ast.Constant):
                    prefixes.add(node.values[0].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    return constants, prefixes


def test_every_entry_is_used():
    constants, prefixes = _strings()
    unused = []
    for code in MESSAGES:
        name = code.partition(".")[2]
        if code in KEPT or code in constants or name in constants:
            continue
        if any(text.startswith(p) and text[len(p):] in constants for p in prefixes if p for text in (code, name)):
            continue  # f"table_{name}", f"upload.summary_{column}", …
        unused.append(code)
    assert not unused
