"""Text is text: names never become markup in a chart, and no name may hide characters or pass for another."""

from __future__ import annotations

import csv
import html
import inspect
import io
import itertools
import unicodedata

import pytest

from dashboard.contract import names
from dashboard.errors import UserError
from dashboard.figures import charts
from dashboard.figures.tables import VIEWS
from dashboard.ingest import commit_upload, prepare_upload
from dashboard.settings import Settings
from dashboard.store import load

from tests.ingest.helpers import CELL, UNIT, VETERANS, base_files, csv_file, store_fingerprint

LINK = '<a href="https://evil.example">x</a>'
BOLD = "<b>bold</b>"
SCRIPT = "<script>alert(1)</script>"
ENTITY = "Hội &amp; Đoàn"
HOSTILE_UNIT = f"Đảng ủy phường {BOLD}"
HOSTILE_ORGS = {  # name → organisation type
    HOSTILE_UNIT: "Đảng ủy",
    f"Chi bộ {LINK}": "Chi bộ",
    f"Chi bộ {SCRIPT}": "Chi bộ",
    ENTITY: "Hội CCB",
    f"Đoàn {BOLD}": "Đoàn TN",
}
HOSTILE_DOCUMENTS = (LINK, SCRIPT, BOLD)
UNESCAPED = ("<a", "<b>", "<script")


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def hostile_tables(tmp_path_factory):
    """A store whose unit, organisations, conference titles and documents are all written as markup."""
    store = tmp_path_factory.mktemp("hostile") / "store"
    organisations = list(HOSTILE_ORGS)
    files = [
        csv_file("orgs.csv", csv_text([["Tổ chức", "Loại tổ chức", "Số thành viên", "Số đảng viên"]]
                                      + [[o, kind, "40", "20"] for o, kind in HOSTILE_ORGS.items()])),
        csv_file("conf.csv", csv_text(
            [["Mã hội nghị", "Ngày", "Tên hội nghị", "Đơn vị tổ chức", "Loại hình", "Văn bản"]]
            + [[f"HN-{q}", f"15/{3 * q}/2024", f"Hội nghị {SCRIPT} {LINK}", HOSTILE_UNIT, "Học tập quán triệt",
                "; ".join(HOSTILE_DOCUMENTS)] for q in (1, 2, 3, 4)])),
        csv_file("att.csv", csv_text([["Mã hội nghị", "Tổ chức", "Số người dự", "Số đảng viên"]]
                                     + [[f"HN-{q}", o, str(10 + i), "5"] for q in (1, 2, 3) for i, o in
                                        enumerate(organisations)])),
    ]
    commit_upload(files, store, settings=Settings.load(store=store, default_unit=HOSTILE_UNIT))
    return load(store)


# Every chart builder, fed the frame the dashboard feeds it.
CHARTS = {
    "activity_by_kind": lambda v: charts.activity_by_kind(v["activity_kind"]),
    "attendees_trend": lambda v: charts.attendees_trend(v["activity"]),
    "mix_over_quarters": lambda v: charts.mix_over_quarters(v["mix"]),
    "mix_treemap": lambda v: charts.mix_treemap(v["mix_org"][v["mix_org"]["quarter"] == v["mix_org"]["quarter"].max()]),
    "org_attendance_rate": lambda v: charts.org_attendance_rate(v["mix_org"]),
    "gaps_heatmap": lambda v: charts.gaps_heatmap(v["gaps"]),
    "coverage_heatmap": lambda v: charts.coverage_heatmap(v["document_quarters"]),
    "study_rate_bars": lambda v: charts.study_rate_bars(v["coverage"], 0.95),
    "cell_study_bars": lambda v: charts.cell_study_bars(v["cells"], 0.95),
}


def built(tables) -> dict:
    from dashboard.transforms import study_by_cell

    views = {name: view.compute(tables) for name, view in VIEWS.items()}
    views["cells"] = study_by_cell(tables, target=0.95, latest_only=True)
    return {name: build(views) for name, build in CHARTS.items()}


def strings(node) -> list[str]:
    """Every string anywhere in a figure's JSON (keys included)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*strings(k), *strings(v))]
    if isinstance(node, (list, tuple)) or hasattr(node, "tolist"):
        items = node.tolist() if hasattr(node, "tolist") else node
        return [s for item in (items if isinstance(items, list) else [items]) for s in strings(item)]
    return []


def test_every_chart_builder_escapes_the_text_it_draws():
    builders = {name for name, f in inspect.getmembers(charts, inspect.isfunction)
                if f.__module__ == charts.__name__ and not name.startswith("_") and name != "as_plotly_text"
                and next(iter(inspect.signature(f).parameters.values())).annotation == "pd.DataFrame"}
    assert builders == set(CHARTS)  # a new chart is drawn with hostile names below
    assert [b for b in builders if not getattr(getattr(charts, b), "draws_text", False)] == []


def test_no_chart_holds_unescaped_markup(hostile_tables):
    figures = built(hostile_tables)
    for name, fig in figures.items():
        assert fig.data, f"{name} drew nothing"
        found = [s for s in strings(fig.to_plotly_json()) if any(m in s.lower() for m in UNESCAPED)]
        assert found == [], name


@pytest.mark.parametrize("chart, attribute, expected", [
    ("mix_treemap", "labels", set(HOSTILE_ORGS)),
    ("org_attendance_rate", "y", set(HOSTILE_ORGS)),
    ("gaps_heatmap", "y", set(HOSTILE_ORGS)),
    ("coverage_heatmap", "y", set(HOSTILE_DOCUMENTS)),
    ("study_rate_bars", "y", set(HOSTILE_DOCUMENTS)),
])
def test_labels_still_read_the_names_as_typed(hostile_tables, chart, attribute, expected):
    trace = built(hostile_tables)[chart].data[0]
    shown = {html.unescape(label) for label in getattr(trace, attribute)}
    assert expected <= shown


def test_treemap_ids_and_parents_stay_consistent(hostile_tables):
    treemap = built(hostile_tables)["mix_treemap"].data[0]
    ids = set(treemap.ids)
    assert all(parent == "" or parent in ids for parent in treemap.parents)
    assert f"chi_bo/Chi bộ {charts.plotly_text(LINK)}" in ids


# --- names at upload ---------------------------------------------------------------

ORG_HEAD = ["Tổ chức", "Loại tổ chức", "Số thành viên"]
ORG_UNIT_HEAD = ["Đơn vị", "Tổ chức", "Loại tổ chức"]
ATT_HEAD = ["Mã hội nghị", "Tổ chức", "Số người dự"]
CONF_HEAD = ["Mã hội nghị", "Ngày", "Tên hội nghị", "Đơn vị tổ chức", "Loại hình"]
CYRILLIC_CELL = CELL.replace("C", "\u0421", 1)  # Сhi bộ: Cyrillic capital ES


@pytest.fixture
def seeded(tmp_path):
    """A store holding the unit's registry (CELL, VETERANS) and conference HN-1."""
    store = tmp_path / "store"
    settings = Settings.load(store=store, default_unit=UNIT)
    commit_upload(base_files(), store, settings=settings)
    return store, settings


# (case, file name, rows, expected (row, column, code), text the message must show, suggested existing name)
REFUSED = [
    ("zero-width space", "o.csv", [ORG_HEAD, [CELL.replace("bộ", "bộ\u200b"), "Chi bộ", "5"]],
     (2, "Tổ chức", "hidden_character"), "U+200B", CELL),
    ("soft hyphen", "o.csv", [ORG_HEAD, [CELL.replace("dân", "d\u00adân"), "Chi bộ", "5"]],
     (2, "Tổ chức", "hidden_character"), "U+00AD", CELL),
    ("right-to-left override", "o.csv", [ORG_HEAD, [CELL[:-1] + "\u202e" + CELL[-1], "Chi bộ", "5"]],
     (2, "Tổ chức", "hidden_character"), "U+202E", CELL),
    ("left-to-right isolate", "o.csv", [ORG_HEAD, ["\u2066" + VETERANS + "\u2069", "Hội CCB", "5"]],
     (2, "Tổ chức", "hidden_character"), "U+2066", VETERANS),
    ("byte order mark inside", "o.csv",
     [ORG_HEAD, ["Chi bộ mới", "Chi bộ", "5"], [VETERANS + "\ufeff", "Hội CCB", "5"]],
     (3, "Tổ chức", "hidden_character"), "U+FEFF", VETERANS),
    ("Cyrillic look-alike", "o.csv", [ORG_HEAD, [CYRILLIC_CELL, "Chi bộ", "5"]],
     (2, "Tổ chức", "lookalike_organization"), "U+0421", CELL),
    ("Cyrillic look-alike, lower case", "o.csv", [ORG_HEAD, [CYRILLIC_CELL.lower(), "Chi bộ", "5"]],
     (2, "Tổ chức", "lookalike_organization"), "U+0441", CELL),
    ("Cyrillic letter in the middle", "o.csv", [ORG_HEAD, [VETERANS.replace("binh", "b\u0456nh"), "Hội CCB", "5"]],
     (2, "Tổ chức", "lookalike_organization"), "U+0456", VETERANS),
    ("Greek capital", "o.csv",
     [ORG_HEAD, ["Chi bộ mới", "Chi bộ", "5"], [VETERANS.replace("H", "\u0397"), "Hội CCB", "5"]],
     (3, "Tổ chức", "lookalike_organization"), "U+0397", VETERANS),
    ("letter l for digit 1", "o.csv", [ORG_HEAD, [CELL[:-1] + "l", "Chi bộ", "5"]],
     (2, "Tổ chức", "lookalike_organization"), "LATIN SMALL LETTER L", CELL),
    ("full-width letter", "o.csv", [ORG_HEAD, ["\uff23" + CELL[1:], "Chi bộ", "5"]],
     (2, "Tổ chức", "lookalike_organization"), "U+FF23", CELL),
    ("look-alike of a name in the same upload", "o.csv",
     [ORG_HEAD, ["Chi bộ khu phố 10", "Chi bộ", "5"], ["Chi bộ khu phố 1O", "Chi bộ", "5"]],
     (3, "Tổ chức", "lookalike_organization"), "LATIN CAPITAL LETTER O", "Chi bộ khu phố 10"),
    ("mixed scripts, no look-alike", "o.csv", [ORG_HEAD, ["\u0421hi bộ khu phố 9", "Chi bộ", "5"]],
     (2, "Tổ chức", "mixed_script"), "Cyrillic", None),
    ("hidden character in a reference", "a.csv", [ATT_HEAD, ["HN-1", CELL.replace(" số", "\u200b số"), "5"]],
     (2, "Tổ chức", "hidden_character"), "U+200B", CELL),
    ("hidden character in a title", "c.csv",
     [CONF_HEAD, ["HN-2", "20/5/2023", "Hội nghị \u202equý II", UNIT, "Học tập quán triệt"]],
     (2, "Tên hội nghị", "hidden_character"), "U+202E", None),
    ("hidden character in a unit", "o.csv",
     [ORG_UNIT_HEAD, [UNIT.replace("phường", "phư\u200bờng"), "Chi bộ 5", "Chi bộ"]],
     (2, "Đơn vị", "hidden_character"), "U+200B", UNIT),
    ("Cyrillic look-alike of a unit", "o.csv", [ORG_UNIT_HEAD, [UNIT[:-1] + "\u0410", "Chi bộ 5", "Chi bộ"]],
     (2, "Đơn vị", "lookalike_unit"), "U+0410", UNIT),
]


@pytest.mark.parametrize("case, file, rows, expected, shows, existing", REFUSED, ids=[c[0] for c in REFUSED])
def test_names_that_hide_or_imitate_are_refused(seeded, case, file, rows, expected, shows, existing):
    store, settings = seeded
    before = store_fingerprint(store)
    upload = [csv_file(file, csv_text(rows))]
    plan = prepare_upload(upload, store, settings=settings)
    row, column, code = expected
    found = [p for p in plan.problems if (p.file, p.row, p.column, p.code) == (file, row, column, code)]
    assert found, [p.line("en") for p in plan.problems]
    problem = found[0]
    for lang in ("vi", "en"):
        message = problem.line(lang)
        assert shows in message, message
        if existing:
            assert existing in message, message
        # The value shown can be read: no hidden character reaches the message.
        assert not names.hidden_characters(message), message
    assert not [p for p in plan.problems if (p.file, p.row, p.column) == (file, row, column) and p is not problem]
    with pytest.raises(UserError):
        commit_upload(upload, store, settings=settings)
    assert store_fingerprint(store) == before


def test_the_look_alike_message_names_the_existing_organisation(seeded):
    store, settings = seeded
    rows = [ORG_HEAD, [CYRILLIC_CELL, "Chi bộ", "5"]]
    problem = prepare_upload([csv_file("o.csv", csv_text(rows))], store, settings=settings).problems[0]
    assert problem.message("vi").startswith(f"«{CYRILLIC_CELL}» trông giống hệt «{CELL}» đã có")


# Every vowel with every tone, in lower case, and Đ beside D: all different names, none refused.
VOWELS = "a ă â e ê i o ô ơ u ư y".split()
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
SYLLABLES = [unicodedata.normalize("NFC", v + t) for v, t in itertools.product(VOWELS, TONES)]
LEGITIMATE = [f"Tổ {s}" for s in SYLLABLES] + [
    "Chi bộ An", "Chi bộ Ân", "Chi bộ Ăn", "Chi bộ Đông", "Chi bộ Dông", "Chi đoàn Đồng Tâm",
    "Chi hội Phụ nữ khu phố Hoà Khánh", "Chi bộ Thuỷ Tú", "Hội Khuyến học phường", "Đảng ủy khối Dân – Chính – Đảng",
]


def test_legitimate_vietnamese_names_are_accepted(seeded):
    store, settings = seeded
    orgs = csv_text([ORG_HEAD] + [[name, "Khác", "5"] for name in LEGITIMATE])
    result = commit_upload([csv_file("o.csv", orgs)], store, settings=settings)
    assert result.committed and result.plan.summary["organizations"]["added"] == len(LEGITIMATE)
    # The other tone placement, the other case and a decomposed (NFD) spelling are the same names.
    again = csv_text([["Mã hội nghị", "Tổ chức", "Số người dự"],
                      ["HN-1", "Chi hội Phụ nữ khu phố Hòa Khánh", "3"], ["HN-1", "chi bộ thủy tú", "2"],
                      ["HN-1", unicodedata.normalize("NFD", "Chi bộ Ân"), "1"], ["HN-1", CELL, "25"]])
    units = csv_text([ORG_UNIT_HEAD, ["Đảng uỷ phường A", "Chi bộ Ă", "Chi bộ"]])
    plan = prepare_upload([csv_file("a.csv", again), csv_file("u.csv", units)], store, settings=settings)
    assert plan.ok, [p.line("en") for p in plan.problems]


@pytest.mark.parametrize("first, second, alike", [
    ("Chi bộ An", "Chi bộ Ân", False),
    ("Chi bộ An", "Chi bộ Ăn", False),
    ("Chi bộ Hỏi", "Chi bộ Hòi", False),
    ("Chi bộ Đông", "Chi bộ Dông", False),
    ("Chi bộ Hội", "Chi bộ Hồi", False),
    ("Chi bộ Tư", "Chi bộ Tu", False),
    ("Chi bộ Ia", "Chi bộ La", False),
    ("Chi bộ Hoà", "Chi bộ Hòa", True),  # one name, two tone placements
    ("Chi bộ 1", CYRILLIC_CELL[:6] + " 1", True),
    ("Chi bộ 1", "Chi bộ l", True),
    ("Đảng", "Ðảng", True),  # Icelandic eth (clean_text also fixes it)
])
def test_lookalike_keys_keep_vietnamese_letters_apart(first, second, alike):
    a, b = names.lookalike_keys(first), names.lookalike_keys(second)
    assert (a[0] == b[0] or a[1] == b[1]) is alike
