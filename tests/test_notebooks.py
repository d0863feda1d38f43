"""Every notebook runs top to bottom from a fresh kernel, from its own folder, on the sample data;
notebooks are committed without outputs; the report notebook takes papermill parameters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.notebook


@pytest.fixture
def store_copy(tmp_path, sample_store_ro, monkeypatch):
    store = tmp_path / "store"
    shutil.copytree(sample_store_ro, store)
    monkeypatch.setenv("DASHBOARD_STORE", str(store))
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    return store


def test_there_are_at_least_three():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_runs_top_to_bottom(path, store_copy):
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    book = json.loads(path.read_text(encoding="utf-8"))
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name}: strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_imports_the_package_and_has_parameters(path):
    book = nbformat.read(path, as_version=4)
    assert any("parameters" in c.metadata.get("tags", []) for c in book.cells)
    source = "\n".join(c.source for c in book.cells if c.cell_type == "code")
    assert "from dashboard" in source and "def " not in source  # thin: no copied package code


def test_report_with_papermill_parameters(tmp_path, store_copy):
    import papermill

    out = tmp_path / "report.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "02_quarterly_report.ipynb"), str(out),
                               parameters={"QUARTER": "2024-Q3", "LANG": "en"}, cwd=str(ROOT / "notebooks"),
                               kernel_name="python3", progress_bar=False)
    text = out.read_text(encoding="utf-8")
    assert "Q3 2024" in text
