"""The period picker and the predecessors switch: URL round trip, period ⇄ quarter range, summary, answer keys."""

from __future__ import annotations

import pytest
from dash import no_update

from dashboard.contract.periods import Period
from dashboard.store import load
from dashboard.ui import answers, context, ids, urls
from dashboard.ui.shell import filter_summary, period_options_for, short_unit

SUCCESSOR = "Đảng ủy phường Thanh Khê"
WARD = "Đảng ủy phường Thanh Khê Tây"


def values(**given) -> list:
    """Filter component values in ``ids.FILTERS`` order, as the browser sends them by default."""
    defaults = {ids.FILTER_UNIT: [], ids.FILTER_KIND: [], ids.FILTER_ORG_TYPE: [], ids.FILTER_DOCUMENT: [],
                ids.FILTER_PREDECESSORS: True}
    return [given.get(f, defaults.get(f)) for f in ids.FILTERS]


# --- URL ------------------------------------------------------------------------------

@pytest.mark.parametrize("search", [
    "",
    "?from=2023-Q1&to=2023-Q2",
    "?from=2020-Q4&to=2025-Q3&unit=%C4%90%E1%BA%A3ng+%E1%BB%A7y+ph%C6%B0%E1%BB%9Dng+Thanh+Kh%C3%AA",
    "?unit=%C4%90%E1%BA%A3ng+%E1%BB%A7y+ph%C6%B0%E1%BB%9Dng+Thanh+Kh%C3%AA&predecessors=0",
    "?from=2024-Q3&kind=chuyen_de&kind=hoc_tap_quan_triet&predecessors=0",
])
def test_the_url_round_trips(search):
    parsed = urls.parse_search(search)
    assert urls.build_search(parsed, "vi") == search
    assert urls.parse_search(urls.build_search(parsed, "vi")) == parsed


def test_the_switch_is_on_unless_the_url_says_off():
    assert urls.parse_search("")[ids.FILTER_PREDECESSORS] is True
    assert urls.parse_search("?predecessors=1")[ids.FILTER_PREDECESSORS] is True
    for off in ("0", "false", "off"):
        assert urls.parse_search(f"?predecessors={off}")[ids.FILTER_PREDECESSORS] is False
    # On is the default, so it is never written; None (a caller that does not know the switch) is on too.
    assert urls.build_search({ids.FILTER_PREDECESSORS: True}, "vi") == ""
    assert urls.build_search({ids.FILTER_PREDECESSORS: None}, "vi") == ""
    assert urls.build_search({ids.FILTER_UNIT: [SUCCESSOR], ids.FILTER_PREDECESSORS: False}, "vi").endswith(
        "&predecessors=0")


@pytest.mark.parametrize("written, first, last", [
    ("6 tháng đầu năm 2023", "2023-Q1", "2023-Q2"),
    ("Quý II/2023", "2023-Q2", "2023-Q2"),
    ("9M 2024", "2024-Q1", "2024-Q3"),
    ("năm 2022", "2022-Q1", "2022-Q4"),
    ("nhiệm kỳ 2020–2025", "2020-Q4", "2025-Q3"),
])
def test_a_period_in_a_hand_written_link_means_its_quarters(written, first, last):
    from urllib.parse import urlencode

    parsed = urls.parse_search("?" + urlencode({"period": written}))
    assert (parsed[ids.FILTER_FROM], parsed[ids.FILTER_TO]) == (first, last)
    # What the dashboard writes back is the range: one address per view.
    assert urls.build_search(parsed, "vi") == f"?from={first}&to={last}"


@pytest.mark.parametrize("search", ["?period=12%2F2023", "?period=th%C3%A1ng+12%2F2023", "?period=XII%2F2023",
                                    "?period=Q5+2023", "?period=2021-2024"])
def test_a_period_that_is_not_one_is_ignored(search):
    parsed = urls.parse_search(search)  # 12/2023 is a month, never Quý II (parse_period is strict)
    assert (parsed[ids.FILTER_FROM], parsed[ids.FILTER_TO]) == (None, None)


def test_from_and_to_in_the_link_win_over_a_period():
    parsed = urls.parse_search("?period=2023&from=2024-Q1")
    assert (parsed[ids.FILTER_FROM], parsed[ids.FILTER_TO]) == ("2024-Q1", None)


# --- periods ------------------------------------------------------------------------

def test_periods_in_the_data_most_recent_first():
    found = urls.periods_in(["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"])
    # By the quarter each closes with, the shorter first; every period holding one of the quarters, once.
    assert [p.label("vi") for p in found] == [
        "Năm 2025", "Quý III/2025", "9 tháng năm 2025", "Nhiệm kỳ 2020–2025",
        "Quý II/2025", "6 tháng đầu năm 2025",
        "Quý I/2025", "Quý IV/2024", "Năm 2024", "Quý III/2024", "9 tháng năm 2024"]


def test_a_quarter_range_is_at_most_one_period():
    assert urls.period_of_range("2023-Q2", "2023-Q2") == Period.of_quarter("2023-Q2")
    assert urls.period_of_range("2023-Q1", "2023-Q2") == Period.of("half", 2023)
    assert urls.period_of_range("2023-Q1", "2023-Q3") == Period.of("nine_months", 2023)
    assert urls.period_of_range("2023-Q1", "2023-Q4") == Period.of("year", 2023)
    assert urls.period_of_range("2025-Q4", "2030-Q3") == Period.of("term", 2025)
    for first, last in (("2023-Q2", "2023-Q3"), ("2023-Q1", None), (None, None), ("2023-Q3", "2023-Q4")):
        assert urls.period_of_range(first, last) is None


def test_the_picker_lists_the_sample_periods_in_both_languages(sample_store_ro):
    tables = load(sample_store_ro, compact=True)
    vi, en = period_options_for(tables, "vi"), period_options_for(tables, "en")
    assert [o["value"] for o in vi] == [o["value"] for o in en]
    labels_vi, labels_en = [o["label"] for o in vi], [o["label"] for o in en]
    assert {"Quý II/2023", "6 tháng đầu năm 2023", "9 tháng năm 2023", "Năm 2023", "Nhiệm kỳ 2020–2025",
            "Nhiệm kỳ 2025–2030"} <= set(labels_vi)
    assert {"Q2 2023", "H1 2023", "9M 2023", "Term 2020–2025"} <= set(labels_en)
    assert labels_vi.index("Quý IV/2025") < labels_vi.index("Quý III/2025") < labels_vi.index("Quý II/2023")
    assert "Quý I/2020" not in labels_vi  # only periods holding data


# --- period ⇄ quarter range (the URL callback's logic) ------------------------------------

KNOWN = {urls.period_value(p) for p in urls.periods_in(["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"])}


def test_a_shared_link_restores_filters_and_shows_its_period():
    search = "?from=2023-Q1&to=2023-Q2&unit=X&predecessors=0"
    out = urls.sync_filters(set(), search, values(), None, KNOWN)
    assert out[0] is no_update  # the address stays as it is
    restored = dict(zip(ids.FILTERS, out[1:-1]))
    assert restored[ids.FILTER_FROM] == "2023-Q1" and restored[ids.FILTER_TO] == "2023-Q2"
    assert restored[ids.FILTER_UNIT] == ["X"] and restored[ids.FILTER_PREDECESSORS] is False
    assert out[-1] == "H1 2023"
    # A period that is not offered (no data in it) is not shown.
    assert urls.sync_filters({ids.URL}, "?from=2019-Q1&to=2019-Q4", values(), None, KNOWN)[-1] is None


def test_choosing_a_period_sets_the_quarter_range_and_the_url():
    out = urls.sync_filters({ids.FILTER_PERIOD}, "?kind=chuyen_de", values(**{ids.FILTER_KIND: ["chuyen_de"]}),
                             "9M 2023", KNOWN)
    assert out[0] == "?from=2023-Q1&to=2023-Q3&kind=chuyen_de"
    changed = dict(zip(ids.FILTERS, out[1:-1]))
    assert (changed[ids.FILTER_FROM], changed[ids.FILTER_TO]) == ("2023-Q1", "2023-Q3")
    assert all(changed[f] is no_update for f in ids.FILTERS if f not in (ids.FILTER_FROM, ids.FILTER_TO))
    assert out[-1] is no_update


def test_clearing_the_period_clears_the_range():
    current = values(**{ids.FILTER_FROM: "2023-Q1", ids.FILTER_TO: "2023-Q4"})
    out = urls.sync_filters({ids.FILTER_PERIOD}, "?from=2023-Q1&to=2023-Q4", current, None, KNOWN)
    assert out[0] == "" and out[1:3] == (None, None)


def test_a_range_that_is_a_period_shows_it_and_one_that_is_not_clears_it():
    half = values(**{ids.FILTER_FROM: "2023-Q1", ids.FILTER_TO: "2023-Q2"})
    out = urls.sync_filters({ids.FILTER_TO}, "?from=2023-Q1", half, None, KNOWN)
    assert out[0] == "?from=2023-Q1&to=2023-Q2" and out[-1] == "H1 2023"
    assert all(v is no_update for v in out[1:-1])  # the user's filters are left as they are
    odd = values(**{ids.FILTER_FROM: "2023-Q2", ids.FILTER_TO: "2023-Q3"})
    assert urls.sync_filters({ids.FILTER_FROM}, "?from=2023-Q1&to=2023-Q3", odd, "9M 2023", KNOWN)[-1] is None
    # Reversed from/to read as the same range.
    backwards = values(**{ids.FILTER_FROM: "2023-Q4", ids.FILTER_TO: "2023-Q1"})
    assert urls.sync_filters({ids.FILTER_FROM}, "", backwards, None, KNOWN)[-1] == "2023"


def test_a_forged_period_changes_nothing():
    out = urls.sync_filters({ids.FILTER_PERIOD}, "", values(), "12/2023", KNOWN)
    assert all(v is no_update for v in out)


# --- filters passed on ------------------------------------------------------------------

def test_filters_carry_include_predecessors_only_with_a_unit():
    on = urls.filters_from(urls.filter_values(*values(**{ids.FILTER_UNIT: [SUCCESSOR]})))
    off = urls.filters_from(urls.filter_values(*values(**{ids.FILTER_UNIT: [SUCCESSOR],
                                                            ids.FILTER_PREDECESSORS: False})))
    no_unit = urls.filters_from(urls.filter_values(*values(**{ids.FILTER_PREDECESSORS: False})))
    assert on["include_predecessors"] is True and off["include_predecessors"] is False
    assert no_unit["include_predecessors"] is True  # nothing to leave out: one view, one cache entry
    # A caller that predates the switch (six values) gets the default.
    assert urls.filters_from(urls.filter_values(None, None, [SUCCESSOR]))["include_predecessors"] is True


def test_answer_keys_tell_the_switch_apart_only_when_it_matters():
    def key(**given):
        return answers._key("view", (*values(**given), 3, "vi"))

    unit = {ids.FILTER_UNIT: [SUCCESSOR]}
    assert key(**unit) != key(**unit, **{ids.FILTER_PREDECESSORS: False})
    assert key(**unit) == key(**unit, **{ids.FILTER_PREDECESSORS: None})  # the warmed (default) view
    assert key() == key(**{ids.FILTER_PREDECESSORS: False}) == answers._key("view", answers.default_args())


def test_result_cache_keys_tell_the_switch_apart(sample_store_ro, monkeypatch):
    from dashboard.figures.tables import VIEWS
    from dashboard.settings import Settings

    monkeypatch.setattr(context, "settings", lambda: Settings.load(store=sample_store_ro))
    tables = load(sample_store_ro, compact=True)
    on = context.cached(VIEWS["activity"].compute, tables, unit=[SUCCESSOR], include_predecessors=True)
    off = context.cached(VIEWS["activity"].compute, tables, unit=[SUCCESSOR], include_predecessors=False)
    assert on is not off and len(on) > len(off)  # the predecessors' quarters are the difference


# --- the summary ------------------------------------------------------------------------

def test_the_summary_names_the_period_and_the_predecessors(sample_store_ro):
    tables = load(sample_store_ro, compact=True)
    named = urls.filter_values(*values(**{ids.FILTER_FROM: "2023-Q1", ids.FILTER_TO: "2023-Q2",
                                           ids.FILTER_UNIT: [SUCCESSOR]}))
    text = filter_summary(named, "vi", tables)
    assert text == ("Đang lọc: 6 tháng đầu năm 2023 · Đảng ủy phường Thanh Khê · "
                    "gồm Chính Gián, Thanh Khê Tây, "
                    "Thanh Khê Đông, Thạc Gián, Xuân Hà trước 01/07/2025")
    english = filter_summary(named, "en", tables)
    assert english.startswith("Filtered by: H1 2023 · ") and "including Chính Gián" in english
    assert english.endswith("before 01/07/2025")
    off = filter_summary({**named, ids.FILTER_PREDECESSORS: False}, "vi", tables)
    assert off.endswith("· không gồm đơn vị trước sáp nhập")
    # A ward nothing merged into says nothing about predecessors.
    ward = filter_summary(urls.filter_values(*values(**{ids.FILTER_UNIT: [WARD]})), "vi", tables)
    assert ward == f"Đang lọc: {WARD}"
    assert filter_summary(urls.filter_values(*values()), "vi", tables) == ""


def test_kinds_and_documents_are_summarised_by_name(sample_store_ro):
    tables = load(sample_store_ro, compact=True)
    named = urls.filter_values(*values(**{ids.FILTER_KIND: ["hoc_tap_quan_triet"],
                                           ids.FILTER_DOCUMENT: ["35-NQ/TW@2018-10-22"], ids.FILTER_FROM: "2023-Q2"}))
    text = filter_summary(named, "vi", tables)
    assert "Nghị quyết số 35-NQ/TW ngày 22/10/2018" in text and "Quý II/2023" in text and "hoc_tap" not in text
    assert "Học tập, quán triệt" in text


@pytest.mark.parametrize("name, short", [
    ("Đảng ủy phường Thanh Khê Tây", "Thanh Khê Tây"), ("Đảng uỷ xã Hòa Vang", "Hòa Vang"),
    ("Đảng bộ quận Thanh Khê", "Thanh Khê"), ("Chi bộ 1", "Chi bộ 1"),
])
def test_short_unit_names(name, short):
    assert short_unit(name) == short
