"""Raw sheet → contract table: recognise the header, parse every cell, report what fails.

A sheet's kind comes from its header row, never its file name. Each cell is
parsed by its column's type; a cell that cannot be parsed becomes missing
and gets a ``Problem`` naming the file, the spreadsheet row, the header as
the file spelled it, and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.contract import vocab
from dashboard.contract.links import Link, conference_links, link_rows, parse_role
from dashboard.contract.periods import parse_dates
from dashboard.contract.schema import (
    COUNT, DATE, DOCUMENTS, KIND, LIST, MAX_COUNT, ORG_TYPE, SESSION, UPLOAD_TABLES, URL, header_lookup,
)
from dashboard.contract.schema import ROLE, STORED_SCHEMAS
from dashboard.contract.text import clean_series, clean_text, fold_key, split_list
from dashboard.errors import Problem
from dashboard.ingest.read import RawSheet

_LOOKUPS = {name: header_lookup(table) for name, table in UPLOAD_TABLES.items()}


@dataclass
class ParsedSheet:
    """One recognised sheet: canonical columns parsed, plus ``_file`` and ``_row``."""

    label: str
    table: str
    headers: dict[str, str]  # canonical column → header as written in the file
    frame: pd.DataFrame


def recognise(sheet: RawSheet) -> tuple[str | None, dict[int, str], list[Problem]]:
    """Which table a sheet holds, and which file column is which contract column."""
    folded = [fold_key(h) for h in sheet.header]
    mappings: dict[str, dict[int, str]] = {}
    for name, table in UPLOAD_TABLES.items():
        mapping: dict[int, str] = {}
        for index, key in enumerate(folded):
            column = _LOOKUPS[name].get(key)
            if column and column not in mapping.values():
                mapping[index] = column
        if any(col in mapping.values() for col in table.signature):
            mappings[name] = mapping
    if not mappings:
        example = ", ".join(c.vi for c in UPLOAD_TABLES["conferences"].columns[1:4])
        return None, {}, [Problem("no_header", sheet.label, 1, params={"example": example})]
    best = max(len(m) for m in mappings.values())
    leaders = [name for name, m in mappings.items() if len(m) == best]
    if len(leaders) > 1:
        kinds = ", ".join(UPLOAD_TABLES[n].vi for n in leaders)
        return None, {}, [Problem("ambiguous_header", sheet.label, 1, params={"kinds": kinds})]
    name = leaders[0]
    mapping = mappings[name]
    missing = [c for c in UPLOAD_TABLES[name].columns if c.required and c.name not in mapping.values()]
    problems = [
        Problem("missing_column", sheet.label, 1, c.vi, params={"header": c.vi, "table": UPLOAD_TABLES[name].vi})
        for c in missing
    ]
    return name, mapping, problems


def parse_sheet(sheet: RawSheet, default_unit: str | None) -> tuple[ParsedSheet | None, list[Problem]]:
    """Recognise and parse one sheet. ``None`` when it cannot be used at all."""
    table_name, mapping, problems = recognise(sheet)
    if table_name is None or problems:
        return None, problems
    table = UPLOAD_TABLES[table_name]
    raw = sheet.frame()
    headers = {column: sheet.header[index] for index, column in mapping.items()}
    by_name = {column: raw[index] for index, column in mapping.items()}
    out = pd.DataFrame(index=raw.index)
    for column in table.columns:
        values = by_name.get(column.name)
        if values is None:
            values = pd.Series(pd.NA, index=raw.index, dtype=object)
        parsed, bad = _PARSERS.get(column.type, _parse_text)(values)
        out[column.name] = parsed
        header = headers.get(column.name, column.vi)
        for index in bad.index[bad.notna()]:
            problems.append(Problem(
                bad[index], sheet.label, int(raw.at[index, "_row"]), header, _as_text(values[index]),
                params=_choices(bad[index], values[index]),
            ))
    out = _fill_unit(out, default_unit, "unit" in headers, sheet, raw, problems)
    out["_file"] = sheet.label
    out["_row"] = raw["_row"]
    return ParsedSheet(sheet.label, table_name, headers, out), problems


def _fill_unit(out, default_unit, has_column, sheet, raw, problems) -> pd.DataFrame:
    unit = out["unit"]
    if default_unit:
        unit = unit.fillna(clean_text(default_unit))
    missing = unit.isna()
    if missing.any():
        if has_column:
            for index in missing.index[missing]:
                problems.append(Problem("no_unit", sheet.label, int(raw.at[index, "_row"]), "Đơn vị"))
        else:
            problems.append(Problem("no_unit", sheet.label))
    return out.assign(unit=unit)


def _choices(code: str, value: object = None) -> dict:
    if code == "ambiguous_count":
        digits = re.sub(r"\D", "", str(value))
        return {"plain": digits, "grouped": f"{int(digits):,}".replace(",", ".")}
    if code == "unknown_kind":
        return {"choices": ", ".join(t.vi for t in vocab.CONFERENCE_KINDS)}
    if code == "unknown_org_type":
        return {"choices": ", ".join(t.vi for t in vocab.ORG_TYPES)}
    if code == "unknown_session":
        return {"choices": ", ".join(t.vi.lower() for t in vocab.SESSIONS)}
    if code == "count_too_large":
        return {"limit": f"{MAX_COUNT:,}".replace(",", ".")}
    return {}


def _as_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _all_text(values: pd.Series) -> bool:
    """Whether every present cell is already text (any CSV): no per-cell conversion needed."""
    return pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _texts(values: pd.Series) -> pd.Series:
    """Cells as text: Excel numbers without a spurious ``.0``, blanks as missing."""
    return clean_series(values if _all_text(values) else values.map(_as_text, na_action="ignore"))


def _no_problems(values: pd.Series) -> pd.Series:
    return pd.Series(pd.NA, index=values.index, dtype=object)


def _parse_text(values: pd.Series):
    return _texts(values), _no_problems(values)


def _parse_date(values: pd.Series):
    present = _texts(values)
    native = values.map(lambda v: hasattr(v, "year"))
    try:
        parsed = parse_dates(present)
    except pd.errors.OutOfBoundsDatetime:
        # A year outside 1677–2262 (a typo: 31/12/9999): each distinct value alone, those out of range missing.
        parsed = present.map(_dates_one_by_one(present.dropna().unique()), na_action="ignore").astype("datetime64[ns]")
    if native.any():
        natives = values[native].map(_native_date).astype("datetime64[ns]")
        parsed = parsed.mask(native, natives)
    bad = pd.Series(pd.NA, index=values.index, dtype=object).mask(present.notna() & parsed.isna(), "bad_date")
    return parsed.astype("datetime64[ns]"), bad


def _dates_one_by_one(texts) -> dict:
    out = {}
    for text in texts:
        try:
            out[text] = parse_dates(pd.Series([text], dtype="string")).iloc[0]
        except pd.errors.OutOfBoundsDatetime:
            out[text] = pd.NaT
    return out


def _native_date(value: object) -> pd.Timestamp:
    """An Excel date cell as a timestamp; NaT (reported) outside the years 1677–2262 the stored type holds."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    return stamp if pd.Timestamp.min <= stamp <= pd.Timestamp.max else pd.NaT


_INT = re.compile(r"^[+-]?\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.\s])\d{3})(?:\1\d{3})*$")
# ``1,500``: the comma is the Vietnamese decimal mark, so this is one and a half, or an English
# one thousand five hundred. Neither reading is safe to guess: refused, asking for 1500 or 1.500.
_COMMA_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")
_WHOLE_DECIMAL = re.compile(r"^[+-]?\d+[.,]0+$")
_FRACTION = re.compile(r"^[+-]?\d*[.,]\d+$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")  # Excel's CSV writes 4E+18
_LETTER = re.compile(r"[^\W\d_]")


def _count_text(value: object) -> object:
    # Excel numbers: whole floats are counts, others keep a decimal comma so
    # they are reported as fractions rather than read as thousands.
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)  # a Python int of any size: the parser compares its digits, never wraps it
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return value


def _parse_count(values: pd.Series):
    # A count column holds a few hundred distinct values over any number of rows: parse those once.
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    parsed, bad = _parse_distinct_counts(pd.Series(distinct, dtype=values.dtype if len(distinct) else object))
    parsed = pd.Series(parsed.array.take(codes, allow_fill=True), index=values.index)
    bad = pd.Series(bad.to_numpy(dtype=object).take(codes) if len(distinct) else [pd.NA] * len(values),
                    index=values.index, dtype=object).where(codes >= 0, pd.NA)
    return parsed, bad


def _parse_distinct_counts(values: pd.Series):
    as_text = values if _all_text(values) else values.map(_count_text, na_action="ignore")
    text = clean_series(as_text.astype("string")).str.replace(" ", "", regex=False)
    text = text.str.replace("\u202f", "", regex=False)
    present = text.notna()
    is_int = present & text.str.match(_INT)
    comma_grouped = present & text.str.match(_COMMA_GROUPED).fillna(False).astype(bool)
    is_thousands = present & ~is_int & text.str.match(_THOUSANDS)
    is_whole_decimal = present & ~is_int & ~is_thousands & ~comma_grouped & text.str.match(_WHOLE_DECIMAL)
    digits = text.where(is_int)
    digits = digits.fillna(text.where(is_thousands).str.replace(r"[.,\s]", "", regex=True))
    digits = digits.fillna(text.where(is_whole_decimal).str.replace(r"[.,]0+$", "", regex=True))
    # Digits longer than the ceiling never reach a number type: no int64 wrap-around, no float rounding.
    magnitude = digits.str.lstrip("+-").str.lstrip("0").str.len()
    too_long = (magnitude > len(str(MAX_COUNT))).fillna(False).astype(bool)
    negative = digits.str.startswith("-").fillna(False).astype(bool)
    parsed = pd.to_numeric(digits.mask(too_long), errors="coerce").astype("Int64")
    too_large = (too_long & ~negative) | (parsed > MAX_COUNT).fillna(False).astype(bool)
    parsed = parsed.mask(too_large | too_long)
    scientific = present & text.str.match(_SCIENTIFIC).fillna(False).astype(bool)
    magnitude_sci = pd.to_numeric(text.where(scientific).str.replace(",", ".", regex=False), errors="coerce")
    bad = pd.Series(pd.NA, index=values.index, dtype=object)
    unparsed = present & parsed.isna()
    bad = bad.mask(too_large | (scientific & (magnitude_sci.abs() > MAX_COUNT).fillna(False)), "count_too_large")
    bad = bad.mask(too_long & negative, "negative_count")
    bad = bad.mask(unparsed & bad.isna() & scientific, "bad_count")
    bad = bad.mask(unparsed & bad.isna() & comma_grouped, "ambiguous_count")
    bad = bad.mask(unparsed & bad.isna() & text.str.match(_FRACTION), "fractional_count")
    bad = bad.mask(unparsed & bad.isna() & text.str.contains(_LETTER), "count_in_words")
    bad = bad.mask(unparsed & bad.isna(), "bad_count")
    return parsed, bad


def _parse_code(parser, problem: str):
    def parse(values: pd.Series):
        text = _texts(values)
        codes = {v: parser(v) for v in text.dropna().unique()}
        parsed = text.map(codes).astype("string")
        bad = pd.Series(pd.NA, index=values.index, dtype=object).mask(text.notna() & parsed.isna(), problem)
        return parsed, bad
    return parse


def _parse_list(values: pd.Series):
    text = _texts(values)
    joined = text.map(lambda v: "; ".join(split_list(v)) or pd.NA, na_action="ignore")
    return joined.astype("string"), _no_problems(values)


def _parse_documents(values: pd.Series):
    # Codes are derived later (see ``documents_long``); the column keeps the raw references.
    return _parse_list(values)


_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def _parse_url(values: pd.Series):
    text = _texts(values)
    ok = text.str.match(_URL).fillna(True).astype(bool)
    bad = pd.Series(pd.NA, index=values.index, dtype=object).mask(~ok, "bad_url")
    return text.where(ok), bad


_PARSERS = {
    DATE: _parse_date,
    COUNT: _parse_count,
    KIND: _parse_code(vocab.parse_kind, "unknown_kind"),
    ORG_TYPE: _parse_code(vocab.parse_org_type, "unknown_org_type"),
    SESSION: _parse_code(vocab.parse_session, "unknown_session"),
    LIST: _parse_list,
    DOCUMENTS: _parse_documents,
    URL: _parse_url,
    ROLE: _parse_code(parse_role, "unknown_role"),
}


def conference_document_links(conferences: pd.DataFrame, catalogue=None) -> dict[object, list[Link]]:
    """Each conference row's document links (``dashboard.contract.links``), keyed by the row's index.

    Reads ``documents_raw`` (the references as written), ``kind``, ``date``
    and, when the file has it, ``document_role``. Rows with no documents are
    left out. Rows alike in all four (and in their catalogue) share one resolution.

    Args:
        catalogue: the known documents: one ``Catalogue`` for every row, or a
            mapping unit → ``Catalogue`` (a unit not in it: the shipped
            catalogue); default the shipped catalogue.
    """
    roles = conferences["document_role"] if "document_role" in conferences else pd.Series(pd.NA, index=conferences.index)
    per_unit = catalogue if isinstance(catalogue, Mapping) else None
    units = conferences["unit"] if per_unit is not None else pd.Series(None, index=conferences.index, dtype=object)
    known: dict[tuple, list[Link]] = {}
    out: dict[object, list[Link]] = {}
    for index, cell, kind, on, role, unit in zip(conferences.index, conferences["documents_raw"], conferences["kind"],
                                                 conferences["date"], roles, units):
        if not isinstance(cell, str) or not isinstance(kind, str):
            continue
        on = None if pd.isna(on) else pd.Timestamp(on).date()
        role = role if isinstance(role, str) else None
        chosen = per_unit.get(unit) if per_unit is not None else catalogue
        key = (cell, kind, on, role, id(chosen))
        if key not in known:
            known[key] = conference_links(cell, kind, on, role, chosen)
        out[index] = known[key]
    return out


_LINK_COLUMNS = STORED_SCHEMAS["conference_documents"].names


def documents_long(conferences: pd.DataFrame, links: dict[object, list[Link]] | None = None) -> pd.DataFrame:
    """One row per conference and document: (unit, conference_id, document, raw, code, status, role).

    ``document`` is the document's identity: its catalogue key
    (``35-NQ/TW@2018-10-22``) when the reference resolves, else the reference
    kept as written (``code@date``, the code, or the text); see
    ``dashboard.contract.links`` for ``status`` and ``role``. A conference
    citing one document twice in two spellings keeps one row (studied if
    either citation studies it). ``links``: from ``conference_document_links``
    when the caller has them already.
    """
    links = conference_document_links(conferences) if links is None else links
    rows = [
        {"unit": unit, "conference_id": conference_id, **row}
        for index, unit, conference_id in zip(conferences.index, conferences["unit"], conferences["conference_id"])
        for row in link_rows(links.get(index, []))
    ]
    return pd.DataFrame(rows, columns=_LINK_COLUMNS).astype("string").reset_index(drop=True)


def document_codes(conferences: pd.DataFrame, links: dict[object, list[Link]] | None = None) -> pd.Series:
    """The ``documents`` column: each row's documents as canonical codes (the text where there is none), in order."""
    links = conference_document_links(conferences) if links is None else links

    def codes(index) -> object:
        found = list(dict.fromkeys(link.code or link.identity for link in links.get(index, [])))
        return "; ".join(found) if found else pd.NA

    return pd.Series([codes(i) for i in conferences.index], index=conferences.index, dtype="string")
