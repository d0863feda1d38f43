"""Text normalisation and folding (DOMAIN.md §7): NFC, tone placement, look-alikes, order."""

import unicodedata

import pytest

from dashboard.contract.text import clean_text, fold_key, sort_key, split_list


@pytest.mark.parametrize("a, b", [
    ("Đảng uỷ phường", "Đảng ủy phường"),
    ("Hoà Cường", "Hòa Cường"),
    ("khoá XIII", "khóa XIII"),
    (unicodedata.normalize("NFD", "Hội nghị"), "Hội nghị"),
    ("  HỘI   Cựu chiến binh ", "hội cựu chiến binh"),
    ("\u00d0ảng ủy", "Đảng ủy"),
])
def test_fold_key_unifies_spellings(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize("a, b", [("Hội", "Hồi"), ("Chi bộ 1", "Chi bộ 11"), ("đa", "da")])
def test_fold_key_keeps_different_words_apart(a, b):
    assert fold_key(a) != fold_key(b)


def test_clean_text_keeps_spelling_but_normalises():
    nfd = unicodedata.normalize("NFD", "Hoà  Cường")
    assert clean_text(nfd) == "Hoà Cường"
    assert clean_text("   ") is None
    assert clean_text(float("nan")) is None


def test_split_list_drops_blanks():
    assert split_list(" a ; ;b;  ") == ["a", "b"]
    assert split_list(None) == []


def test_vietnamese_alphabetical_order():
    words = ["Đông", "Dũng", "Ân", "An", "Bình", "Ấp", "Êm", "Em"]
    assert sorted(words, key=sort_key) == ["An", "Ân", "Ấp", "Bình", "Dũng", "Đông", "Em", "Êm"]


def test_sort_key_reads_numbers_by_value():
    names = ["Chi bộ khu dân cư số 10", "Chi bộ khu dân cư số 2", "Chi bộ khu dân cư số 1", "Đoàn Thanh niên",
             "Chi bộ khu dân cư số 11", "Chi bộ Ấp 3"]
    assert sorted(names, key=sort_key) == ["Chi bộ Ấp 3", "Chi bộ khu dân cư số 1", "Chi bộ khu dân cư số 2",
                                           "Chi bộ khu dân cư số 10", "Chi bộ khu dân cư số 11", "Đoàn Thanh niên"]
