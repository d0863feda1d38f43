"""What a name may contain, and when two names look alike (issue 12).

Organisation and unit names are identities: staff pick them from lists,
charts are labelled with them, the registry matches on them. Three rules keep
one name from passing for another:

* **No hidden characters.** Format characters (zero-width space and joiners,
  soft hyphen, bidi controls, a BOM inside the text), other controls,
  private-use and unassigned code points, and the other default-ignorable
  code points (variation selectors, Hangul fillers) are invisible or
  reorder what is shown. A name holding one is refused, not silently
  cleaned: stripping would make the stored name differ from the staff's
  spreadsheet without their knowing, and could quietly merge two records.
* **One script.** A Latin name may not borrow a Cyrillic ``С`` or a Greek
  ``Ο``: ICU's TR39 restriction level "highly restrictive" (Latin may mix
  with Han/Kana/Hangul, never with Cyrillic or Greek).
* **No look-alike of another name.** Two names whose Unicode TR39 skeletons
  are equal look identical on screen (``Сhi bộ 1``/``Chi bộ 1``, ``Chi bộ
  l``/``Chi bộ 1``). The skeleton is ICU's (PyICU): it keeps every
  Vietnamese diacritic apart (``An``/``Ân``/``Ăn``, ``hỏi``/``hòi``,
  ``Đ``/``D``), so only true look-alikes collide. Tone placement is folded
  first (``Hoà``/``Hòa`` are one name, see ``fold_key``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

from dashboard.contract.text import clean_text, fold_key, move_tones

# General categories never allowed in a name: controls, format characters,
# surrogates, private use, unassigned (by Python's Unicode database).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Characters that cannot be hidden: printable ASCII, Latin-1 letters and signs
# (less U+00AD SOFT HYPHEN), Latin Extended-A/B, IPA, spacing modifiers, Latin
# Extended Additional (Vietnamese), general punctuation (less U+200B–U+200F,
# U+2028–U+202F, U+205F–U+206F). A name made of these alone is checked no further.
_PLAIN = re.compile("[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]*")
_DEFAULT_IGNORABLE = icu.UProperty.DEFAULT_IGNORABLE_CODE_POINT


def _checker(checks: int) -> icu.SpoofChecker:
    checker = icu.SpoofChecker()
    checker.setChecks(checks)
    checker.setRestrictionLevel(icu.URestrictionLevel.HIGHLY_RESTRICTIVE)
    return checker


# Configured once and only read afterwards (ICU allows concurrent use then).
_SKELETON = icu.SpoofChecker()
_SCRIPTS = _checker(icu.USpoofChecks.RESTRICTION_LEVEL | icu.USpoofChecks.MIXED_NUMBERS)


def hidden_characters(text: str | None) -> list[str]:
    """The characters of ``text`` a name may not hold (in order, each once); ``[]`` when none."""
    if not text or _PLAIN.fullmatch(text):
        return []
    found = [c for c in text if unicodedata.category(c) in _HIDDEN_CATEGORIES
             or icu.Char.hasBinaryProperty(c, _DEFAULT_IGNORABLE)]
    return list(dict.fromkeys(found))


def describe(char: str) -> str:
    """A character as people can read it in a message: ``С U+0421 CYRILLIC CAPITAL LETTER ES``.

    Hidden characters are shown by code point only (printing one would hide or reorder the message).
    """
    code = f"U+{ord(char):04X}"
    name = icu.Char.charName(char) or unicodedata.name(char, "")
    shown = code if hidden_characters(char) else f"{char} {code}"
    return f"{shown} {name}".strip()


def visible(text: str) -> str:
    """``text`` with each hidden character written as its code point: ``Chi bộ[U+200B] 1``."""
    hidden = set(hidden_characters(text))
    return "".join(f"[U+{ord(c):04X}]" if c in hidden else c for c in text) if hidden else text


def without_hidden(text: str) -> str:
    """``text`` less its hidden characters: the name it was probably meant to be (for a suggestion only)."""
    hidden = set(hidden_characters(text))
    return "".join(c for c in text if c not in hidden) if hidden else text


def foreign_letters(text: str | None) -> list[str]:
    """Letters that mix scripts in ``text`` (e.g. a Cyrillic ``С`` in a Latin name); ``[]`` when the mix is allowed.

    The decision is ICU's (TR39 "highly restrictive", and no mixed digit
    systems); the letters reported are those outside the name's main script.
    """
    if not text or text.isascii() or not _SCRIPTS.check(text):
        return []
    scripts = [icu.Script.getScript(c).getShortName() for c in text]
    counted = [s for s in scripts if s not in ("Zyyy", "Zinh")]
    main = "Latn" if "Latn" in counted else max(set(counted), key=counted.count, default="Zyyy")
    foreign = [c for c, s in zip(text, scripts) if s not in ("Zyyy", "Zinh", main)]
    # Digits of another numbering system are Common script: name them too.
    foreign += [c for c in text if c.isdigit() and not c.isascii()]
    return list(dict.fromkeys(foreign)) or [c for c in text if not c.isascii()][:1]


def script_name(char: str) -> str:
    return icu.Script.getScript(char).getName()


@lru_cache(maxsize=1 << 16)
def _skeleton(text: str) -> str:
    return _SKELETON.getSkeleton(0, text)


@lru_cache(maxsize=1 << 16)
def lookalike_keys(name: object) -> tuple[str, str]:
    """Two keys; names that share either one look identical on screen.

    The first is the TR39 skeleton of the name as written (case kept: an
    ``I`` looks like an ``l``, never like an ``L``), the second that of its
    ``fold_key`` (so a look-alike of another case of a name is caught too).
    Both fold tone placement first: ``Hoà`` and ``Hòa`` are one name.
    """
    text = clean_text(name) or ""
    return _skeleton(move_tones(text)), _skeleton(fold_key(text))
