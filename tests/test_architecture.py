"""The shape docs/architecture.md promises: layer folders, small modules, short functions.

import-linter (the layers) and ruff's banned-api (each library's one home) run in the lint
step of .ci/run; this test holds the sizes and the folder layout.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "rectrack"
LAYERS = {"cli", "render", "app", "importers", "exporters", "store", "vcs", "domain", "errors"}
MODULE_LINES = 300
FUNCTION_LINES = 40


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def test_top_level_holds_only_the_layers() -> None:
    """Besides the layer folders (errors/ the lowest), only the package marker and __main__."""
    entries = {path.name for path in SOURCE.iterdir() if path.name != "__pycache__"}
    assert entries - LAYERS == {"__init__.py", "__main__.py"}
    assert entries >= LAYERS


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SOURCE)))
def test_module_and_function_sizes(path: Path) -> None:
    """No module over 300 lines and no function over 40: split by concept."""
    text = path.read_text()
    assert len(text.splitlines()) <= MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > FUNCTION_LINES
    ]
    assert not long


def test_tests_mirror_the_packages() -> None:
    """Each layer package has its own tests folder (errors are tested in test_errors.py)."""
    tests = Path(__file__).resolve().parent
    missing = [layer for layer in sorted(LAYERS - {"errors"}) if not (tests / layer).is_dir()]
    assert not missing
