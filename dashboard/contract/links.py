"""A conference's documents: which documents it cites, and whether it studied them or only disseminated them.

The conferences file's "Văn bản" cell holds one reference or several, each
may be preceded by its governing verb (``tuyên truyền Nghị quyết số
35-NQ/TW; quán triệt, triển khai thực hiện Quy định số 85-QĐ/TW và Hướng dẫn
số 99-HD/BTGTW``). Each reference becomes one *link* (one stored row of
``conference_documents``):

* ``identity`` — the catalogue key when the reference resolves
  (``35-NQ/TW@2018-10-22``), otherwise the reference kept as written:
  ``code@written date``, the code, or the text (``Resolution.identity``);
* ``code`` — the canonical code (``35-NQ/TW``), if any;
* ``status`` — the resolution's (``exact``, ``resolved``, ``unknown``,
  ``ambiguous``, ``unrecognised``), or ``legacy`` for rows stored before
  identities and roles were (see ``upgrade_legacy``);
* ``role`` — ``studied`` or ``disseminated``, decided in this order:

  1. the verb governing the reference in the cell (``roles.role_from_text``);
  2. the row's ``Vai trò văn bản`` value (``document_role``), for every
     reference of the row with no verb of its own;
  3. the conference kind's default (``roles.default_role``);
  4. none of these (kinds ``truc_tuyen`` and ``khac``): ``disseminated``,
     with ``role_from="none"`` so the upload preview warns. Counting a study
     that did not happen would raise the study rate unseen; a study counted
     as dissemination lowers it, and the warning says how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.contract.catalogue import Catalogue
from dashboard.contract.documents import (
    Resolution, canonical_code, find_references, fold_ascii, resolve_reference, split_references,
)
from dashboard.contract.roles import DISSEMINATED, ROLES, STUDIED, default_role, role_from_text
from dashboard.contract.text import clean_text, split_list

LEGACY = "legacy"
"""The status of a link stored before identities and roles were: read back with both filled in."""
ROLE_SOURCES = ("verb", "column", "kind", "none")
_ENGLISH_ROLES = {"studied": STUDIED, "study": STUDIED, "disseminated": DISSEMINATED, "dissemination": DISSEMINATED,
                  "disseminate": DISSEMINATED}


@dataclass(frozen=True)
class Link:
    """One reference of a conference's "Văn bản" cell, resolved, with its role.

    Attributes:
        raw: the reference as written (one piece of the cell, its verb included).
        resolution: what ``resolve_reference`` said of it, on the conference date.
        role: ``studied`` or ``disseminated``.
        role_from: where the role came from: ``verb``, ``column``, ``kind`` or
            ``none`` (no verb, no column, no default for the kind).
    """

    raw: str
    resolution: Resolution
    role: str
    role_from: str

    @property
    def identity(self) -> str:
        return self.resolution.identity

    @property
    def code(self) -> str | None:
        return self.resolution.code

    @property
    def status(self) -> str:
        return self.resolution.status


def parse_role(text: object) -> str | None:
    """A ``Vai trò văn bản`` cell as a role: ``học tập``, ``quán triệt``, ``học bù``, ``triển khai`` →
    ``studied``; ``tuyên truyền``, ``thông tin``, ``giới thiệu``, ``phổ biến`` → ``disseminated``;
    English ``studied`` / ``disseminated`` too. ``None`` for a blank cell or a word that is neither."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    folded = fold_ascii(cleaned).strip(" .")
    if folded in _ENGLISH_ROLES:
        return _ENGLISH_ROLES[folded]
    return role_from_text(cleaned)


def conference_links(cell: object, kind: str, on: date | None, role: str | None = None,
                     catalogue: Catalogue | None = None) -> list[Link]:
    """The links of one conference row, in the order written.

    Args:
        cell: the "Văn bản" cell (``;``-separated references, verbs allowed).
        kind: the conference kind code; gives the default role.
        on: the conference date, for resolving short forms and undated codes.
        role: the row's ``Vai trò văn bản`` as a role (``parse_role``), if any.
        catalogue: the known documents (default: the shipped catalogue).

    Returns:
        One ``Link`` per reference (a cell naming one document twice gives two
        links with one identity: the caller keeps one row per identity).
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    fallback = role, "column"
    if role is None:
        kind_role = default_role(kind)
        fallback = (kind_role, "kind") if kind_role else (DISSEMINATED, "none")
    links: list[Link] = []
    for part in split_list(clean_text(cell) if isinstance(cell, str) else None):
        pieces = split_references(part)
        for piece, verb in zip(pieces, _verb_roles(part, pieces)):
            resolution = resolve_reference(piece, on=on, catalogue=catalogue)
            chosen, source = (verb, "verb") if verb else fallback
            links.append(Link(piece, resolution, chosen, source))
    return links


def _verb_roles(part: str, pieces: list[str]) -> list[str | None]:
    """The role the verbs of ``part`` give each of its ``pieces`` (``None`` where no verb governs).

    A piece found among the part's references takes the verb governing it
    there; a piece the part does not spell out (a listed number,
    ``Nghị quyết số 18, 19-NQ/TW``) shares the one before it.
    """
    if len(pieces) == 1:
        return [role_from_text(part)]
    roles: list[str | None] = []
    for piece in pieces:
        own = find_references(piece)
        found = role_from_text(part, own[0].text) if own else None
        roles.append(found if found is not None else (roles[-1] if roles else role_from_text(part)))
    return roles


def link_rows(links: list[Link]) -> list[dict]:
    """One stored row per identity (``document``, ``raw``, ``code``, ``status``, ``role``), in the order written.

    A document cited twice keeps its first spelling and status; it is studied
    if either citation studies it.
    """
    rows: dict[str, dict] = {}
    for link in links:
        row = rows.get(link.identity)
        if row is None:
            rows[link.identity] = {"document": link.identity, "raw": link.raw, "code": link.code,
                                   "status": link.status, "role": link.role}
        elif link.role == STUDIED:
            row["role"] = STUDIED
    return list(rows.values())


def upgrade_legacy(links: pd.DataFrame, conferences: pd.DataFrame) -> pd.DataFrame:
    """Fill in identity, code, status and role of links stored before they existed.

    Such rows have no ``status``. Each is read again from its ``raw`` text on
    its conference's date: ``document`` becomes the catalogue key when the
    text resolves to one (else it keeps the stored value, the code or the
    text), ``code`` the canonical code, ``status`` ``legacy`` (never checked
    at an upload, so never warned about), ``role`` the verb in ``raw``, else
    the kind's default, else ``disseminated``. Rows that now share an
    identity within a conference become one (studied if either was).

    Args:
        links: ``conference_documents`` rows; those with a status are kept as they are.
        conferences: at least ``unit``, ``conference_id``, ``date``, ``kind`` of their conferences.

    Returns:
        A new frame with the stored columns; ``links`` is not changed.
    """
    old = links["status"].isna()
    if not old.any():
        return links
    plain = links.astype({c: object for c in links.columns if isinstance(links[c].dtype, pd.CategoricalDtype)})
    facts = conferences[["unit", "conference_id", "date", "kind"]].astype({"unit": object, "conference_id": object})
    todo = plain.loc[old, ["unit", "conference_id", "document", "raw"]].astype(
        {"unit": object, "conference_id": object}).merge(facts, on=["unit", "conference_id"], how="left")
    cache: dict[tuple, tuple] = {}

    def upgraded(document, raw, on, kind) -> tuple:
        key = (document, raw, on, kind)
        if key not in cache:
            text = raw if isinstance(raw, str) else document
            resolution = resolve_reference(text, on=None if pd.isna(on) else on)
            identity = resolution.key if resolution is not None and resolution.key else document
            code = (resolution.code if resolution is not None and resolution.key else None) or canonical_code(document)
            role = role_from_text(text) or (default_role(kind) if isinstance(kind, str) else None) or DISSEMINATED
            cache[key] = (identity, code, role)
        return cache[key]

    filled = [upgraded(*values) for values in zip(todo["document"], todo["raw"], todo["date"], todo["kind"])]
    merged = plain.astype({c: object for c in ("document", "code", "status", "role")})
    merged.loc[old, "document"] = [f[0] for f in filled]
    merged.loc[old, "code"] = [f[1] for f in filled]
    merged.loc[old, "status"] = LEGACY
    merged.loc[old, "role"] = [f[2] for f in filled]
    # Two spellings of one document in one conference become one row, studied if either was.
    merged = merged.assign(_studied=merged["role"] == STUDIED).sort_values("_studied", ascending=False, kind="stable")
    merged = merged.drop_duplicates(["unit", "conference_id", "document"]).drop(columns="_studied")
    return merged.sort_index().reset_index(drop=True).astype({c: links[c].dtype for c in links.columns
                                                              if not isinstance(links[c].dtype, pd.CategoricalDtype)})
