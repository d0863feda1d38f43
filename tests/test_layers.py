"""The package reads top to bottom: each layer imports only from the layers below it, and nothing imports in a circle.

The order (docs/architecture.md): contract → store → ingest | transforms → figures → ui → auth → pages → app → cli.
"""

from __future__ import annotations

from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_layer_contract_holds():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_import_cycles():
    graph = grimp.build_graph("dashboard")
    cycles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.chain_exists(importer=imported, imported=module)})
    assert cycles == []


def test_the_checks_can_fail(tmp_path):
    """The contract refuses an upward import: a copy of the configuration with the layers inverted breaks."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text[text.index("[tool.importlinter]"):]
    start, end = section.index("layers = ["), section.index("]", section.index("layers = ["))
    layers = [line.strip().rstrip(",") for line in section[start + len("layers = ["):end].splitlines() if line.strip()]
    inverted = section[:start] + "layers = [\n" + "".join(f"    {layer},\n" for layer in reversed(layers)) + section[end:]
    config = tmp_path / "pyproject.toml"
    config.write_text(inverted, encoding="utf-8")
    assert lint_imports(config_filename=str(config), no_cache=True) != 0
