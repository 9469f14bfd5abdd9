"""The engine stays pure: nothing in cxmaturity/ imports streamlit."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

ENGINE_FILES = sorted((ROOT / "cxmaturity").rglob("*.py"))


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: p.name)
def test_engine_module_does_not_import_streamlit(path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "streamlit" not in imported


def test_importing_the_engine_loads_no_streamlit() -> None:
    code = "import sys, cxmaturity.cli; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_public_api_is_listed() -> None:
    import cxmaturity

    for name in cxmaturity.__all__:
        assert hasattr(cxmaturity, name), name
