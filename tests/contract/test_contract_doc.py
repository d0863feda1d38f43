"""docs/data-contract.md and dashboard/contract/schema.py describe the same contract."""

import csv
import re
from pathlib import Path

import pytest

from dashboard.contract.schema import STORED_SCHEMAS, UPLOAD_TABLES
from dashboard.contract.vocab import CONFERENCE_KINDS, ORG_TYPES, SESSIONS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text(encoding="utf-8")


def section(title_start: str, exact: bool = False) -> str:
    rest = "" if exact else ".*?"
    match = re.search(rf"^### {re.escape(title_start)}{rest}$(.*?)(?=^##|\Z)", DOC, re.M | re.S)
    assert match, f"section {title_start!r} missing from the contract document"
    return match.group(1)


def table_rows(text: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("|") and not line.startswith("|---")]
    return rows[1:]


@pytest.mark.parametrize("name", list(UPLOAD_TABLES))
def test_file_tables_match(name):
    rows = table_rows(section(f"{name} ("))
    documented = [(r[0], r[1], r[2].startswith("**required**")) for r in rows]
    in_code = [(c.name, c.vi, c.required) for c in UPLOAD_TABLES[name].columns]
    assert documented == in_code


@pytest.mark.parametrize("name", list(UPLOAD_TABLES))
def test_examples_use_the_headers(name):
    example = re.search(r"```csv\n(.*?)\n", section(f"{name} (")).group(1)
    assert next(csv.reader([example])) == [c.vi for c in UPLOAD_TABLES[name].columns]


@pytest.mark.parametrize("name", list(STORED_SCHEMAS))
def test_stored_tables_match(name):
    rows = table_rows(section(name, exact=True))
    assert [(r[0], r[1]) for r in rows] == [(f.name, str(f.type)) for f in STORED_SCHEMAS[name]]


@pytest.mark.parametrize("title, terms", [("Conference kinds", CONFERENCE_KINDS), ("Organisation types", ORG_TYPES),
                                          ("Sessions", SESSIONS)])
def test_vocabularies_match(title, terms):
    rows = table_rows(section(title))
    assert [tuple(r) for r in rows] == [(t.code, t.vi, t.en) for t in terms]
