"""Vietnamese text normalisation: what every string goes through on the way in.

Two different needs (see DOMAIN.md §7):

* ``clean_text`` gives the form we *store and display*: NFC, look-alike
  letters fixed, white space collapsed. The spelling the user typed is kept.
* ``fold_key`` gives the form we *match on*: case, NFC/NFD, old/new tone
  placement (``hoà``/``hòa``, ``uỷ``/``ủy``) and spacing all fold to one key,
  so two spellings of one organisation or header compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

# Letters that look Vietnamese but are not: Icelandic eth typed for Đ.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# The five tone marks as combining characters (NFD). Their position inside a
# syllable is what differs between the old and new placement rules.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONE_MARKS}]")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[\w\u0300-\u036f]+")  # NFD words keep their combining marks


def clean_text(value: object) -> str | None:
    """Return ``value`` as stored text: NFC, look-alikes fixed, spaces collapsed.

    ``None``, NaN and blank strings become ``None`` so "missing" has one form.
    Invisible characters (zero-width space, soft hyphen, bidi controls) are
    deliberately kept, not stripped: a name holding one is refused at upload
    (``dashboard.contract.names``), because a silently cleaned name would
    differ from the staff's file and could merge two records unnoticed.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_LOOKALIKES)
    text = _SPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()
    return text or None


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    # Names reuse a small vocabulary of words (Chi bộ, khu phố, Hội...): remember each one.
    tones = "".join(sorted(_TONE_RE.findall(word)))
    return _TONE_RE.sub("", word) + tones if tones else word


def _fold_match(match: re.Match[str]) -> str:
    return _fold_word(match.group(0))


def move_tones(text: str) -> str:
    """``text`` with each word's tone mark moved to the word's end, case kept (``Hoà``/``Hòa`` → one form)."""
    if text.isascii():  # codes and IDs: no tone marks to move
        return text
    return unicodedata.normalize("NFC", _WORD_RE.sub(_fold_match, unicodedata.normalize("NFD", text)))


def _fold_text(text: str) -> str:
    return move_tones(text.casefold())


@lru_cache(maxsize=1 << 17)
def fold_key(value: object) -> str:
    """Return the matching key of ``value``.

    The tone mark of each word is moved to the word's end, so ``hoà`` and
    ``hòa`` (and their NFD forms) share a key; other diacritics stay, so
    ``Hội`` and ``Hồi`` remain different. Keys are remembered (bounded):
    one upload folds the same registry names for several checks. ``value``
    must be hashable (text, a number or None).
    """
    text = clean_text(value)
    return "" if text is None else _fold_text(text)


def clear_fold_cache() -> None:
    """Forget remembered keys (the benchmark times an ingest as a fresh process would run it)."""
    for cached in (fold_key, _fold_word):
        cached.cache_clear()


def _per_distinct(series: pd.Series, function) -> pd.Series:
    """``function`` applied to each distinct value of ``series`` once, spread back (missing stays missing).

    An upload repeats the same unit, conference and organisation on many
    rows; working on the distinct values keeps the ingest fast at scale.
    """
    codes, distinct = pd.factorize(series, use_na_sentinel=True)
    done = function(pd.Series(distinct, dtype=series.dtype if len(distinct) else object))
    values = pd.array(done, dtype=done.dtype).take(codes, allow_fill=True)
    return pd.Series(values, index=series.index, name=series.name)


def fold_series(series: pd.Series) -> pd.Series:
    """``fold_key`` of every value, each distinct value folded once (missing stays missing)."""
    return _per_distinct(series, lambda distinct: pd.Series([fold_key(v) for v in distinct], dtype="string"))


def _clean_distinct(as_text: pd.Series) -> pd.Series:
    cleaned = (
        as_text.str.normalize("NFC")
        .str.translate(_LOOKALIKES)
        .str.replace("\u00a0", " ", regex=False)
        .str.replace(_SPACE_RE, " ", regex=True)
        .str.strip()
    )
    return cleaned.mask(cleaned == "")


def clean_series(series: pd.Series) -> pd.Series:
    """Vectorised ``clean_text`` over an object or string Series, per distinct value (missing stays missing)."""
    return _per_distinct(series.astype("string"), _clean_distinct)


def split_list(value: str | None) -> list[str]:
    """Split a ``;``-separated cell into cleaned, non-empty items."""
    if value is None:
        return []
    return [item for part in str(value).split(";") if (item := clean_text(part))]


# Vietnamese alphabetical order (DOMAIN.md §7.7): a ă â b c d đ e ê ... —
# base letters first, then tone as a tie-breaker, never code-point order.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


_DIGITS = 100 + ord("0")  # where digits sort among characters: after every letter


def sort_key(value: object) -> tuple:
    """A key that sorts Vietnamese text in dictionary order, numbers by value (``số 2`` before ``số 10``)."""
    text = unicodedata.normalize("NFD", (clean_text(value) or "").casefold())
    letters: list[int] = []
    tones: list[int] = []
    for part in re.split(r"(\d+)", unicodedata.normalize("NFC", _TONE_RE.sub("", text))):
        if part.isdigit():
            letters += [_DIGITS, int(part)]
            continue
        for char in part:
            index = _ALPHABET.find(char)
            letters.append(index if index >= 0 else 100 + ord(char))
    for word in _WORD_RE.findall(text):
        found = _TONE_RE.findall(word)
        tones.append(_TONE_ORDER.get(found[0] if found else "", 0))
    return (tuple(letters), tuple(tones))
